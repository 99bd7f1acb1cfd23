"""Entropy rate and statistical complexity."""

from __future__ import annotations

import functools
import math
from collections import Counter
from itertools import chain

import flint
import numpy as np
import sympy

from ..errors import InfiniteStatesError, InvalidArgumentError, MSPTooLargeError, SymbolicParameterError
from ..kernel.limbs import Block, Multiplier, from_ints, limbs_for, multiply, propagate_carries, to_ints
from ..models.hmm import HMM
from ..presentations.msp import mixed_state_presentation
from ._chain import synchronization_chain
from ._dispatch import process_level
from ._floatsum import xlogy_sum
from ._logs import combine, entropy_terms, to_expr
from ._lumping import symbol_lumping
from ._products import summed
from .atoms import infinite_when_certified
from .interval import Interval, dyadic
from .nonergodic import ergodic_only, weighted

__all__ = ["entropy_rate", "entropy_rate_bounds", "statistical_complexity"]

_ARB_PREC = 128


def _unifilar_rate(hmm: HMM):
    K = hmm.domain
    pi = hmm.kernel.stationary()
    per_state = []
    for i in range(hmm.n_states):
        per_state.append(entropy_terms([sum(m[i], K.zero) for m in hmm.kernel.matrices], K))
    return combine(pi, per_state, K)


#: The width :func:`entropy_rate`'s certified bounds aim for when neither ``depth`` nor ``tol`` is given.
DEFAULT_TOL = 1e-6

#: Budget of the certified bounds of :func:`entropy_rate`: nodes of a block's mixed-state presentation
#: per unit of ``max_states`` (Mess3 reaches width 1e-6 at L = 12 with 797,161 nodes).
BOUND_NODES_PER_STATE = 100


@process_level(weighted(merge=False), summed(tol_default=DEFAULT_TOL))
def entropy_rate(
    hmm: HMM, depth: int | None = None, tol: float | None = None, max_states: int = 10_000
) -> sympy.Expr | Interval:
    """Entropy rate ``h_mu`` in bits per symbol: exact, or a certified interval.

    For a unifilar presentation, ``h_mu = sum_s pi_s H[X | s]`` exactly.  For a
    nonunifilar one whose mixed-state presentation closes within
    ``max_states``, the same formula on its epsilon-machine.  Otherwise (Mess3,
    the SNS) an :class:`Interval` from the bounds
    ``H[X_L | X_0..X_{L-1}, S_0] <= h_mu <= H[X_L | X_0..X_{L-1}]``
    (see :func:`entropy_rate_bounds`), tightened until its width is at most
    ``tol`` (default ``1e-6``) or until ``L = depth``; without ``depth``, the blocks' mixed-state
    presentations are limited to ``100 max_states`` nodes (:data:`BOUND_NODES_PER_STATE`), and the
    tightest interval within that budget is returned (its ``width`` and ``depth`` say how tight:
    certified, if wider than ``tol``).  ``max_states=None`` lifts every budget.

    Returns
    -------
    sympy.Expr or Interval
        A finite sum of rational x log2(rational) (a sympy expression in the
        parameters for parametric HMMs), or certified bounds.

    See Also
    --------
    entropy_rate_bounds
    myopic_entropies

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
    - T. M. Cover and J. A. Thomas, Elements of Information Theory, 2nd ed., Wiley (2006), Thm. 4.5.1.

    Examples
    --------
    >>> from compmech.processes import golden_mean, mess3
    >>> entropy_rate(golden_mean())
    2/3
    >>> import sympy
    >>> p = sympy.Symbol("p")
    >>> entropy_rate(golden_mean(p))
    (-p*log(p) + (p - 1)*log(1 - p))/((p + 1)*log(2))
    >>> iv = entropy_rate(mess3(), depth=6)
    >>> 1.144717 in iv, iv.depth
    (True, 6)
    """
    if depth is None and tol is None:  # one cache entry for the default and for tol=1e-6 said explicitly
        tol = DEFAULT_TOL
    return _entropy_rate(hmm, depth, tol, max_states)


@functools.lru_cache(maxsize=32)
def _entropy_rate(hmm: HMM, depth, tol, max_states):
    """:func:`entropy_rate`, remembered per presentation (the certified bounds cost seconds)."""
    if hmm.is_unifilar():
        return to_expr(_unifilar_rate(hmm))
    try:
        em, _ = synchronization_chain(hmm, max_states)
    except InfiniteStatesError:
        pass
    else:
        return to_expr(_unifilar_rate(em))
    if hmm.is_symbolic():
        raise SymbolicParameterError(
            "bounds on the entropy rate of a parametric nonunifilar HMM with an infinite MSP need numbers; "
            "call .subs({...}) first"
        )
    if depth is None and tol is None:
        tol = DEFAULT_TOL
    tol = None if tol is None else sympy.Rational(str(tol)) if isinstance(tol, float) else sympy.Rational(tol)
    # Widths shrink geometrically: after two small depths, jump to the depth the observed ratio predicts,
    # then step until the target holds.  A build over the budget says at which level it went over: every
    # shallower level fits, so the search goes straight to the deepest one instead of climbing back.
    L, prev, ceiling = 1, None, None
    budget = None if max_states is None else BOUND_NODES_PER_STATE * max_states
    while True:
        try:
            iv = entropy_rate_bounds(hmm, L, max_states=budget)
        except MSPTooLargeError as exc:
            ceiling = L if exc.depth is None else min(L, exc.depth)
            if prev is not None and prev.depth + 1 < ceiling:  # a jump too far: the deepest level that fits
                L = ceiling - 1 if exc.depth is not None else prev.depth + 1
                continue
            if prev is not None and depth is None:  # the tightest certified interval within the budget
                return prev
            best = f"; the best certified interval reached is {prev} at L = {prev.depth}" if prev else ""
            raise MSPTooLargeError(f"{exc}{best}", depth=exc.depth) from exc
        if (tol is not None and iv.width <= tol) or (depth is not None and depth <= L):
            return iv
        step = 1
        if tol is not None and prev is not None and 0 < iv.width < prev.width:
            ratio = float(iv.width / prev.width)
            need = math.log(float(tol / iv.width)) / math.log(ratio)
            step = max(1, int(math.ceil(need)) - 1) if L >= 3 else 1
        if depth is not None:
            step = min(step, depth - L)
        if ceiling is not None and L + step >= ceiling:  # known to be over the budget
            if ceiling <= L + 1 and depth is None:
                return iv
            step = max(1, ceiling - 1 - L)
        prev, L = iv, L + step


def _level_bound(hmm: HMM, L: int, start, max_states, tree_shortcut: bool = True):
    """``H[X_L | X_0..X_{L-1}]`` for the observer starting from ``start``, as an arb ball (bits)."""
    return level_entropies(hmm, L, start, max_states, [L], tree_shortcut)[0]


def level_entropies(hmm: HMM, L: int, start, max_states, levels, tree_shortcut: bool = True) -> list:
    """``H[X_l | X_0..X_{l-1}]`` for each ``l`` in ``levels`` (at most ``L``), as arb balls (bits), from one MSP.

    Symbols with the same belief update are lumped first (:mod:`._lumping`: exact, and a smaller tree).
    """
    lump = symbol_lumping(hmm)
    if lump is not None:
        lumped = level_entropies(lump.hmm, L, start, max_states, levels, tree_shortcut)
        flint.ctx.prec = _ARB_PREC
        return [a + b for a, b in zip(lumped, lump.within(levels, start))]
    msp = mixed_state_presentation(hmm, max_depth=L, max_states=max_states, start=start)
    form = hmm.kernel.integer_form()
    src = msp.edges[0]
    if tree_shortcut and L > 0 and src.size == msp.n_nodes - 1:  # each node is one word (Mess3, every fractal)
        return [_tree_level_bound(msp.exact.vectors, msp.depths, level, form) for level in levels]
    return _propagated_levels(msp, form, levels)


def _propagated_levels(msp, form, levels) -> list:
    """``H[X_l | X_0..X_{l-1}]`` (bits) for each ``l`` in ``levels`` where beliefs merge: exact integers.

    ``W_l[u] = sum_w start M[w]`` over the words ``w`` of length ``l`` that lead to node ``u`` (all
    proportional to its belief), pushed level by level along the edges (``W_{l+1}[v] = sum W_l[u] M[x]``
    over the edges ``u -x-> v``) as limbs; then the tree's formula holds with ``W_l`` for ``V``: integers,
    no rational masses.  For an HMM every entry is at most ``D^l s_root`` (non-negative, summing to it); a
    GHMM's coordinates may be negative, and their bound grows with the products and the in-degrees.
    """
    D, M, tau = form.D, form.M, form.tau
    k = M.shape[0]
    src, sym, dst = msp.edges
    order = np.argsort(src, kind="stable")
    src, sym, dst = src[order], sym[order], dst[order]
    indptr = np.searchsorted(src, np.arange(msp.n_nodes + 1))
    mult = [Multiplier(M[x]) for x in range(k)]
    emit = Multiplier(np.stack([M[x].dot(tau) for x in range(k)], axis=1))
    root = [int(v) for v in msp.exact.vectors[0]]
    s_root = sum(v * int(t) for v, t in zip(root, tau))
    classical = all(v >= 0 for v in root) and all(int(m) >= 0 for m in M.ravel())
    nodes, W = np.array([0]), from_ints([root], bound=s_root if classical else None)
    found = {}
    for level in range(max(levels) + 1):
        if level in levels:
            found[level] = _level_sum(multiply(W, emit), D ** (level + 1) * s_root)
        if level == max(levels) or not nodes.size:
            break
        nodes, W = _push(W, nodes, indptr, sym, dst, mult, D ** (level + 1) * s_root if classical else None)
    return [found.get(level, flint.arb(0)) for level in levels]


def _push(W, nodes, indptr, sym, dst, mult, bound):
    """The next level's nodes and ``W`` rows (limbs), from this level's along the edges leaving it.

    ``bound``: a bound on the new entries (an HMM's), or ``None`` (signed entries: the products' bound times
    the largest in-degree)."""
    counts = indptr[nodes + 1] - indptr[nodes]
    pos = np.repeat(np.arange(nodes.size), counts)  # each edge's source, as a position in ``nodes``
    edges = indptr[nodes][pos] + np.arange(pos.size) - np.repeat(np.cumsum(counts) - counts, counts)
    grow = max(m.grow for m in mult)
    targets, inv = np.unique(dst[edges], return_inverse=True)
    signed = bound is None
    if signed:
        bound = W.bound * grow * int(np.bincount(inv).max())
    n_limbs = limbs_for(max(W.bound * grow, bound))
    raw = np.zeros((n_limbs, W.limbs.shape[1], edges.size), dtype=np.int64)
    for x in np.unique(sym[edges]).tolist():
        sel = np.flatnonzero(sym[edges] == x)
        prod = multiply(W.take(pos[sel]), mult[x], W.bound * grow).limbs
        raw[: prod.shape[0], :, sel] = prod
    by = np.argsort(inv, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(inv[by]) != 0])
    out = np.ascontiguousarray(np.add.reduceat(raw[:, :, by], starts, axis=2))
    propagate_carries(out, unsigned=not signed)
    return targets, Block(out[: limbs_for(bound)].astype(np.int32 if signed else np.uint32), bound)


def _level_sum(A, N: int):
    """``(1/N) sum_u sum_x a_ux ln(d_u / a_ux)`` in bits (an arb ball) from the block ``A`` of rows ``a_u``."""
    flint.ctx.prec = _ARB_PREC
    nats = xlogy_sum([A], N)  # certified float64 (:mod:`._floatsum`), or None out of its range
    if nats is None:
        return _exact_log_sum(to_ints(A).tolist()) / (flint.arb(N) * flint.arb(2).log())
    return nats / flint.arb(2).log()


def _tree_level_bound(V, depths, L: int, form):
    """``H[X_L | X_0..X_{L-1}]`` (bits, an arb ball) when the belief tree to depth ``L`` has no merges.

    Then ``V[u] = start M[w]`` unreduced for the one word ``w`` of node ``u``, so its probability is
    ``s_u / (D^L s_root)`` with ``s = V . tau``, and ``Pr(w) H[X | w] = (d ln d - sum_x a_x ln a_x) /
    (D^(L+1) s_root)`` with ``a_x = V[u] M[x] tau`` and ``d = sum_x a_x``: integers and their logs only, no
    rational masses propagated level by level.
    """
    D, M, tau = form.D, form.M, form.tau
    Mtau = np.stack([M[x].dot(tau) for x in range(M.shape[0])], axis=1)  # (n, k): column x is M[x] tau
    A = V.take(np.flatnonzero(depths == L)).dot(Mtau)  # a_x of every leaf, as limbs
    N = D ** (L + 1) * int(V[0].dot(tau))
    parts = [_level_sum(b, N) for b in A.blocks]  # the leaves' rows, block by block (their order is free)
    return sum(parts[1:], parts[0])


def _exact_log_sum(A: list):
    """``sum_u (d_u ln d_u - sum_x a_ux ln a_ux)`` (an arb ball) from the rows ``a_u`` (Python ints).

    ``sum_v c_v v ln v`` with ``c_v`` the net count of the integer ``v``: a log per distinct integer (a third
    of them for Mess3, whose symmetry repeats every value), and a row with one nonzero ``a_x`` cancels.
    """
    net = Counter(map(sum, A))
    net.subtract(chain.from_iterable(A))
    arb = flint.arb
    total = arb(0)
    for v, c in net.items():
        if c and v:
            av = arb(v)
            total += c * (av * av.log())
    return total


@process_level(ergodic_only())
def entropy_rate_bounds(hmm: HMM, L: int, max_states: int | None = 4_000_000) -> Interval:
    """Certified bounds on ``h_mu`` from blocks of length ``L``.

    ``upper = H[X_L | X_0..X_{L-1}]`` (the myopic entropy ``h(L+1)``, the
    observer starts from ``pi``); ``lower = H[X_L | X_0..X_{L-1}, S_0] =
    sum_s pi_s H[X_L | X_0..X_{L-1}, S_0 = s]`` (the observer also knows the
    initial state) — Cover & Thomas, Thm 4.5.1.  Probabilities are exact
    integers; each level's sum of ``a ln(d / a)`` is evaluated in float64 with
    a proven error bound (:mod:`compmech.measures._floatsum`, about ``1e-14``;
    arb ball arithmetic where the integers leave float range), symbols with
    proportional matrices are lumped exactly (:mod:`compmech.measures._lumping`),
    and the endpoints are rounded outward, so the interval is guaranteed.

    See Also
    --------
    entropy_rate

    References
    ----------
    - T. M. Cover and J. A. Thomas, Elements of Information Theory, 2nd ed., Wiley (2006), Thm. 4.5.1.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> iv = entropy_rate_bounds(mess3(), 4)
    >>> round(float(iv.upper), 6)
    1.146567
    """
    if not isinstance(L, int) or L < 0:
        raise InvalidArgumentError(f"L must be a non-negative int, got {L!r}")
    hmm.require_numeric("entropy_rate_bounds")
    upper = _level_bound(hmm, L, None, max_states)
    pi = hmm.kernel.stationary()
    K = hmm.domain
    lower = flint.arb(0)
    for s, ps in enumerate(pi):
        if ps == K.zero:
            continue
        delta = [1 if i == s else 0 for i in range(hmm.n_states)]
        lower += flint.arb(flint.fmpq(int(ps.numerator), int(ps.denominator))) * _level_bound(hmm, L, delta, max_states)
    lo = dyadic(lower.lower())
    hi = dyadic(upper.upper())
    lo = max(lo, sympy.Integer(0))
    return Interval(lo, hi, depth=L, what=f"h_mu bounds from blocks of length {L} (certified, arb)")


@process_level(weighted(entropy=True), summed())
@infinite_when_certified("forward")
def statistical_complexity(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """Statistical complexity ``C_mu = H[pi over causal states]`` in bits, exactly.

    Raises
    ------
    InfiniteStatesError
        When the causal states do not close within ``max_states`` (Mess3 and
        the SNS have infinitely many causal states, so ``C_mu`` is not a
        finite-machine quantity; the error says so).

    See Also
    --------
    excess_entropy
    crypticity

    References
    ----------
    - C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern and prediction, structure and simplicity", J. Stat. Phys. 104, 817 (2001).
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> from compmech.processes import golden_mean, rrxor
    >>> statistical_complexity(golden_mean())
    -2/3 + log(3)/log(2)
    >>> statistical_complexity(rrxor())
    2/3 + log(3)/log(2)
    """
    from ..presentations.machines import epsilon_machine

    em = epsilon_machine(hmm, max_states=max_states)  # raises InfiniteStatesError when it does not close
    return to_expr(entropy_terms(em.kernel.stationary(), em.domain))
