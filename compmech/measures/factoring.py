"""The exact cost of the factored hypothesis: what predicting from the product of the marginals loses.

For a factored process (:func:`compmech.algebra.factored`) an observer may hold the joint belief ``b``
over the product of the factors' states, or only the factors' marginal beliefs ``m_1, ..., m_F``.  The
second holds ``sum(d_i - 1)`` numbers instead of ``prod(d_i) - 1``; it predicts the next token by
pushing the product ``b^ = m_1 (kron) ... (kron) m_F`` through the same joint model.  Its cost at
context length ``L`` is the expected Kullback-Leibler divergence, in bits,

    cost(L) = sum_{|w| = L} Pr(w) KL( Pr(. | b_w) || Pr(. | b^_w) ),   Pr(x | b) = b T[x] tau,

exact: a finite sum of rational multiples of ``log2`` of rationals.  It is 0 when every reachable
belief is a product (the independent structure), decays to 0 for chains of factors whose filters
forget their start, and stays positive under a fully conditional coupling or noise
(``docs/theory_factored.md``).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from functools import lru_cache

import flint
import numpy as np
import sympy
from sympy.polys.domains import QQ

from ..algebra.factored import Factored
from ..errors import BudgetExceededError, CompmechError, InvalidArgumentError
from ..presentations.msp import closed_msp
from ._logs import Log2Sum, _accumulate, log2_of, to_expr

__all__ = ["factoring_cost", "product_of_marginals"]

#: default budget of (belief, symbol) terms summed by :func:`factoring_cost`
MAX_TERMS = 200_000


def product_of_marginals(process: Factored, belief) -> list:
    """``b^``: the Kronecker product of the factors' marginals of a joint ``belief`` (domain elements).

    Examples
    --------
    >>> from compmech.algebra import factored
    >>> from compmech.processes import even, golden_mean
    >>> f = factored([golden_mean(), even()])
    >>> K = f.domain
    >>> [str(v) for v in product_of_marginals(f, [K(1, 2), K(0), K(0), K(1, 2)])]
    ['1/4', '1/4', '1/4', '1/4']
    """
    K = process.domain
    b = np.array(list(belief), dtype=object)
    out = np.array([K.one], dtype=object)
    for P in process.marginal_maps_domain():
        m = b.dot(np.array(P, dtype=object))
        out = np.outer(out, m).ravel()
    return list(out)


def _next_token_matrix(process) -> np.ndarray:
    """``R[s, x] = (T[x] tau)[s]``: the next-token law of a belief ``b`` is ``b R``."""
    ker = process.kernel
    K, tau = ker.domain, ker.tau()
    cols = []
    for m in ker.matrices:
        cols.append([sum((v * t for v, t in zip(row, tau) if v != K.zero), K.zero) for row in m])
    return np.array(cols, dtype=object).T


def _beliefs_at_depth(process, L: int, max_terms: int) -> dict:
    """``{belief (tuple of domain elements): Pr(belief at depth L)}``, merged by exact equality."""
    ker = process.kernel
    K, k = ker.domain, process.n_symbols
    mats = [np.array(m, dtype=object) for m in ker.matrices]
    tau = np.array(ker.tau(), dtype=object)
    level = {tuple(ker.stationary()): K.one}
    for depth in range(L):
        # the terms of the last depth are at most k^2 per belief of the one before: refuse before the work
        _budget(process, len(level) * k * (k if depth == L - 1 else 1), depth + 1, L, max_terms)
        new: dict = defaultdict(lambda: K.zero)
        for b, pb in level.items():
            vec = np.array(b, dtype=object)
            for x in range(k):
                v = vec.dot(mats[x])
                z = v.dot(tau)
                if z != K.zero:
                    new[tuple(K.quo(a, z) for a in v)] += pb * z
        level = dict(new)
    return level


def _budget(process, terms: int, depth: int, L, max_terms: int) -> None:
    if terms > max_terms:
        raise BudgetExceededError(
            f"factoring_cost of {process.name or 'this process'} at L = {L}: depth {depth} already has about "
            f"{terms:,} (belief, symbol) terms at most, more than max_terms = {max_terms:,}; lower L or raise max_terms"
        )


def _cost_terms(process, weighted_beliefs, R) -> tuple:
    """``(pairs (weight, p_x, q_x), infinite)`` of the KL sum over weighted beliefs."""
    K = process.domain
    pairs: list = []
    for b, pb in weighted_beliefs:
        bh = product_of_marginals(process, b)
        if all(u == v for u, v in zip(b, bh)):
            continue  # a product belief: KL = 0 exactly
        p = np.array(b, dtype=object).dot(R)
        q = np.array(bh, dtype=object).dot(R)
        for px, qx in zip(p, q):
            if px == K.zero or px == qx:
                continue
            if not _positive(qx, K):
                return pairs, True
            pairs.append((pb * px, px, qx))
    return pairs, False


def _positive(v, K) -> bool:
    return bool(v > 0) if K == QQ else bool(K.to_sympy(v).is_positive)


#: integers up to this many bits are factored into primes; larger ones only into their factors below 2^20
#: and one composite cofactor (exact all the same: a KL sum has thousands of such numbers, and complete
#: factorizations of numbers of hundreds of bits would take minutes)
_PRIME_BITS = 64


@lru_cache(maxsize=100_000)
def _quick_factors(n: int) -> tuple:
    if n <= 1:
        return ()
    z = flint.fmpz(n)
    pairs = z.factor() if n.bit_length() <= _PRIME_BITS else z.factor_smooth(20)
    out: dict = {}
    for b, e in pairs:
        out[int(b)] = out.get(int(b), 0) + int(e)
    return tuple(out.items())


def _log2(q) -> Log2Sum:
    """Exact ``log2(q)`` of a positive rational, bases prime where cheap (see ``_PRIME_BITS``)."""
    return Log2Sum.log2(Fraction(int(q.numerator), int(q.denominator)), _quick_factors)


def _total(pairs, K):
    if K == QQ:
        terms = []
        for w, px, qx in pairs:
            c = Fraction(int(w.numerator), int(w.denominator))
            terms.append((c, _log2(K.quo(px, qx))))
        return to_expr(_accumulate(terms))
    total = sympy.Integer(0)
    for w, px, qx in pairs:
        total += K.to_sympy(w) * (log2_of(px, K) - log2_of(qx, K))
    return sympy.nsimplify(total) if total == 0 else total


def factoring_cost(process: Factored, L: int | None, max_terms: int = MAX_TERMS, max_states: int = 10_000):
    """Exact cost (bits) of predicting from the product of the factors' marginal beliefs at context length ``L``.

    ``cost(L) = sum_{|w| = L} Pr(w) KL(Pr(. | b_w) || Pr(. | b^_w))``: ``b_w`` the true joint belief after
    ``w``, ``b^_w`` the Kronecker product of its marginals (:meth:`~compmech.algebra.Factored.marginal_beliefs`),
    both pushed through the same joint model (``Pr(x | b) = b T[x] tau``).  Nonnegative; exactly 0
    (``sympy.Integer(0)``) when every belief at depth ``L`` is a product.

    Parameters
    ----------
    process : Factored
        A process built by :func:`compmech.algebra.factored`.
    L : int or None
        The context length (``0``: the stationary belief alone).  ``None``: the stationary limit, the
        average of the KL over the recurrent mixed states weighted by their stationary probabilities (the
        limit of ``cost(L)`` when the recurrent part is aperiodic); it needs a finite mixed-state
        presentation.
    max_terms : int
        Refuse (before the work) when more than this many (belief, symbol) terms could be summed (bounded
        by ``n_symbols`` times the distinct beliefs of the depth before).
    max_states : int
        For ``L=None``: the budget of mixed states.

    Returns
    -------
    sympy.Expr
        ``c_0 + sum_b c_b log(b)/log(2)`` with rational ``c`` (rational processes), or ``oo`` when a GHMM's
        product of marginals gives a token of positive probability a non-positive one.

    Raises
    ------
    BudgetExceededError
        When the enumeration exceeds ``max_terms``.
    InfiniteStatesError
        (a :class:`~compmech.errors.CompmechError`) for ``L=None`` when the mixed-state presentation does
        not close within ``max_states``.

    References
    ----------
    - A. S. Shai, L. Teixeira, P. M. Riechers et al., "Transformers learn factored representations", ICML 2026.

    Examples
    --------
    >>> from compmech.algebra import factored
    >>> from compmech.processes import mess3, sns, golden_mean, even
    >>> factoring_cost(factored([mess3(), mess3("1/10", "3/5")]), 2)
    0
    >>> c = factored([even(), [sns(), sns("1/5", "4/5")]], "chain", [None, [0, 1]])
    >>> [round(float(factoring_cost(c, L)), 9) for L in range(3)]     # the correlated start, forgotten
    [0.002204644, 0.000126043, 3.949e-06]
    >>> factoring_cost(factored([golden_mean(), [golden_mean(), even()]], "chain", [None, [0, 1]]), None)
    0
    """
    if not isinstance(process, Factored):
        raise InvalidArgumentError(
            f"factoring_cost needs a factored process (compmech.algebra.factored), got {type(process).__name__}"
        )
    K = process.domain
    R = _next_token_matrix(process)
    if L is None:
        weighted = _stationary_beliefs(process, max_states)
        if len(weighted) * process.n_symbols > max_terms:
            _budget(process, len(weighted) * process.n_symbols, 0, L, max_terms)
    else:
        if isinstance(L, bool) or not isinstance(L, (int, np.integer)) or L < 0:
            raise InvalidArgumentError(f"L must be a non-negative int or None, got {L!r}")
        level = _beliefs_at_depth(process, int(L), max_terms)
        _budget(process, len(level) * process.n_symbols, int(L), L, max_terms)
        weighted = list(level.items())
    pairs, infinite = _cost_terms(process, weighted, R)
    if infinite:
        return sympy.oo
    return _total(pairs, K)


def _stationary_beliefs(process, max_states) -> list:
    msp = closed_msp(process, max_states, f"the mixed states of {process.name or 'this factored process'}")
    classes = msp.closed_classes
    if len(classes) != 1:
        raise CompmechError(
            f"the mixed states of {process.name or 'this process'} have {len(classes)} recurrent classes; the "
            f"stationary limit of the factoring cost depends on which one is reached (give a finite L)"
        )
    nodes = sorted(int(u) for u in classes[0])
    pi = msp.to_hmm(nodes).kernel.stationary()  # the MSP's own domain: the process's
    return [(tuple(msp.exact.belief(u)), p) for u, p in zip(nodes, pi)]
