"""Factored processes: a token is a tuple of tokens from several factor processes, exactly.

The setting of Shai et al., "Transformers learn factored representations" (ICML 2026): the world is
made of parts, each a hidden process; what is observed at each step is the tuple of the parts' tokens.
:func:`factored` builds the joint process as one exact presentation on the product of the factors'
states (an :class:`~compmech.HMM`, or a :class:`~compmech.GHMM` when a factor is one), remembering its
factors like :class:`~compmech.algebra.Mixture` remembers its components:

- ``"independent"``: ``T[t] = T_1[t_1] (kron) ... (kron) T_F[t_F]`` -- the process of
  :func:`~compmech.algebra.product`;
- ``"chain"``: factor ``i > 0`` uses the variant ``control[i][t_{i-1}]`` chosen by the token factor
  ``i - 1`` emits at the same step: the joint matrix is still a Kronecker product, token by token;
- ``"fully"``: factor ``i`` uses the variant ``control[i][u]``, ``u`` the tuple of the other factors'
  tokens at the same step, and the joint law is the normalized product
  ``Pr(t, s' | s) = prod_i T_i^(k_i)[t_i][s_i, s'_i] / Z(s)``, whose normalization couples the factors;
- ``noise=eps``: the joint token then passes through the symmetric channel that replaces it with a
  uniformly random joint token with probability ``eps`` (:func:`~compmech.algebra.channel`).

The beliefs of the joint process live in ``prod(d_i) - 1`` dimensions; the marginal beliefs of the
factors in ``sum(d_i - 1)``: :meth:`Factored.dimensions` computes both exactly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from functools import reduce

import sympy

from ..errors import BudgetExceededError, InvalidArgumentError, ProbabilityRangeError, ShapeError, excerpt
from ..kernel.exact import to_exact
from ..models.ghmm import GHMM
from ..models.hmm import HMM
from .operations import _check_size, _common, _kron, _taus, channel, kron_vector, product, product_labels

__all__ = ["Factored", "FactoredHMM", "FactoredGHMM", "factored", "STRUCTURES"]

#: the dependency structures :func:`factored` knows
STRUCTURES = ("independent", "chain", "fully")

#: :meth:`Factored.dimensions` refuses presentations whose span computation would exceed this many
#: exact multiplications (about a minute of work); three Mess3 factors need about 10^6
MAX_SPAN_WORK = 5 * 10**7


class Factored(GHMM):
    """A factored process: a presentation on the product of its factors' states that remembers its parts.

    Built by :func:`factored`: a :class:`FactoredHMM` (classical factors) or a :class:`FactoredGHMM`.

    Attributes
    ----------
    factors : tuple of GHMM
        Each factor's first variant (for ``"independent"``: the factors themselves).
    variants : tuple of tuple of GHMM
        All variants of each factor, on the same states and alphabet.
    structure : str
        ``"independent"``, ``"chain"`` or ``"fully"``.
    control : tuple or None
        The control maps, as tuples of variant indices (``None`` for a factor that never switches).
    noise : sympy.Rational or None
        The probability with which the joint token is replaced by a uniformly random one.
    """

    factors: tuple
    variants: tuple
    structure: str
    control: tuple | None
    noise: sympy.Expr | None

    # ---------------------------------------------------------------- marginals
    def marginal_maps(self) -> tuple:
        """For each factor, the exact ``n x n_i`` matrix ``P_i`` (tuple of rows) with ``marginal_i = belief P_i``.

        ``P_i[s, a] = [s_i = a] prod_{j != i} tau_j[s_j]``: for an HMM, the sum of the joint belief over the
        other factors' states; for GHMM factors, their coordinates contracted with their ``tau``.

        Examples
        --------
        >>> from compmech.processes import golden_mean, period
        >>> f = factored([golden_mean(), period([0, 1])])
        >>> f.marginal_maps()[1]
        ((1, 0), (0, 1), (1, 0), (0, 1))
        """
        K = self.domain
        return tuple(tuple(tuple(K.to_sympy(v) for v in row) for row in P) for P in self.marginal_maps_domain())

    def marginal_maps_domain(self) -> list:
        """Each factor's marginalization matrix (joint states -> its states) over the exact domain, cached."""
        cached = self.__dict__.get("_pmaps")
        if cached is not None:
            return cached
        K = self.domain
        sizes = [f.n_states for f in self.factors]
        taus = self.__dict__["_factor_taus"]
        maps = []
        for i, n_i in enumerate(sizes):
            P = []
            for combo in itertools.product(*(range(n) for n in sizes)):
                w = reduce(lambda a, b: a * b, (taus[j][combo[j]] for j in range(len(sizes)) if j != i), K.one)
                P.append([w if a == combo[i] else K.zero for a in range(n_i)])
            maps.append(P)
        self.__dict__["_pmaps"] = maps
        return maps

    def marginal_beliefs(self, word: Sequence, start: Sequence | None = None) -> tuple:
        """Each factor's exact marginal belief after ``word`` (joint tokens), as a tuple of tuples.

        Examples
        --------
        >>> from compmech.processes import golden_mean, even
        >>> f = factored([golden_mean(), even()])
        >>> f.marginal_beliefs([(1, 0)])          # golden mean after a 1: state B; even after a 0: state A
        ((0, 1), (1, 0))
        >>> f.marginal_beliefs([]) == (golden_mean().belief([]), even().belief([]))
        True
        """
        K = self.domain
        b = [K.from_sympy(v) for v in self.belief(word, start)]  # raises for a word of probability 0
        return tuple(tuple(K.to_sympy(v) for v in _apply(b, P, K)) for P in self.marginal_maps_domain())

    # --------------------------------------------------------------- dimensions
    def dimensions(self, max_work: int = MAX_SPAN_WORK) -> dict:
        """Exact dimensions of the two hypotheses: ``{"joint", "factored", "subspaces"}``.

        ``"joint"``: the dimension of the affine hull of the reachable joint beliefs (the span of the
        vectors ``eta T[w]`` over all words, minus one: every belief lies in the hyperplane
        ``b tau = 1``), computed by an exact Krylov closure.  ``"factored"``: the sum over factors of
        the affine-hull dimension of that factor's reachable marginal beliefs (the images of the same
        span under :meth:`marginal_maps`).  ``"subspaces"``: the number of factors.

        Raises
        ------
        BudgetExceededError
            When the closure would take more than ``max_work`` exact multiplications
            (``n_states^3 * n_symbols``).

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> factored([mess3(), mess3("1/10", "3/5")]).dimensions()
        {'joint': 8, 'factored': 4, 'subspaces': 2}
        """
        n, k = self.n_states, self.n_symbols
        if n**3 * k > max_work:
            raise BudgetExceededError(
                f"the belief span of {self.name or 'this factored process'} ({n:,} states, {k:,} symbols) needs about "
                f"{n**3 * k:,} exact multiplications, more than max_work = {max_work:,}"
            )
        cached = self.__dict__.get("_dims")
        if cached is None:
            K = self.domain
            basis = reachable_span(self)
            dims = [len(row_basis([_apply(v, P, K) for v in basis], K)) - 1 for P in self.marginal_maps_domain()]
            cached = self.__dict__["_dims"] = {
                "joint": len(basis) - 1,
                "factored": sum(dims),
                "subspaces": len(self.factors),
            }
        return dict(cached)


class FactoredHMM(Factored, HMM):
    """A factored process with classical factors: an :class:`~compmech.HMM` on the product of their states."""


class FactoredGHMM(Factored):
    """A factored process with a generalized factor: a :class:`~compmech.GHMM` on the product of their coordinates."""


def _apply(vec, P, K) -> list:
    """``vec P`` for a row vector and a matrix of domain elements."""
    m = len(P[0]) if P else 0
    out = [K.zero] * m
    for v, row in zip(vec, P):
        if v != K.zero:
            for j in range(m):
                if row[j] != K.zero:
                    out[j] = out[j] + v * row[j]
    return out


def _reduce(vec, basis, K) -> list:
    """``vec`` minus its components along an echelon ``basis`` of ``(pivot, row)`` pairs (pivot entries 1)."""
    v = list(vec)
    for p, row in basis:
        c = v[p]
        if c != K.zero:
            v = [a - c * b for a, b in zip(v, row)]
    return v


def _insert(vec, basis, K) -> list | None:
    """Add ``vec`` to the echelon ``basis`` when independent of it; return the new row (or None)."""
    v = _reduce(vec, basis, K)
    p = next((j for j, a in enumerate(v) if a != K.zero), None)
    if p is None:
        return None
    inv = K.quo(K.one, v[p])
    row = [a * inv for a in v]
    for idx, (q, other) in enumerate(basis):  # keep it reduced: pivots are zero in every other row
        c = other[p]
        if c != K.zero:
            basis[idx] = (q, [a - c * b for a, b in zip(other, row)])
    basis.append((p, row))
    return row


def row_basis(vectors, K) -> list:
    """A basis (reduced echelon rows) of the span of ``vectors`` over the exact domain ``K``."""
    basis: list = []
    for v in vectors:
        _insert(v, basis, K)
    return [row for _, row in basis]


def reachable_span(process: GHMM) -> list:
    """A basis of the span of ``eta T[w]`` over all words ``w`` (exact Krylov closure, domain elements).

    Examples
    --------
    >>> from compmech.processes import golden_mean, period
    >>> len(reachable_span(golden_mean())), len(reachable_span(period([0, 1])))
    (2, 2)
    """
    K = process.domain
    ker = process.kernel
    basis: list = []
    queue = [r for r in [_insert(ker.stationary(), basis, K)] if r is not None]
    while queue:
        v = queue.pop()
        for x in range(process.n_symbols):
            r = _insert(ker.step(v, x), basis, K)
            if r is not None:
                queue.append(r)
    return [row for _, row in basis]


# ---------------------------------------------------------------------- building
def _variant_lists(factors) -> list:
    if isinstance(factors, (str, bytes, GHMM)) or not isinstance(factors, Sequence):
        raise InvalidArgumentError(
            f"factors must be a sequence of processes (or of lists of variants), got {excerpt(factors)}"
        )
    if not factors:
        raise InvalidArgumentError("factored needs at least one factor")
    out = []
    for i, item in enumerate(factors):
        variants = [item] if isinstance(item, GHMM) else list(item) if isinstance(item, Sequence) else [item]
        if not variants:
            raise InvalidArgumentError(f"factor {i} has no variants")
        for k, v in enumerate(variants):
            if not isinstance(v, GHMM):
                raise InvalidArgumentError(f"factor {i}, variant {k} is a {type(v).__name__}, not an HMM or a GHMM")
            first = variants[0]
            if v.n_states != first.n_states:
                raise ShapeError(
                    f"factor {i}: variant {k} has {v.n_states} states but variant 0 has {first.n_states}; "
                    f"the variants of a factor share its states"
                )
            if v.alphabet != first.alphabet:
                raise ShapeError(
                    f"factor {i}: variant {k} has the alphabet {excerpt(v.alphabet)} but variant 0 has "
                    f"{excerpt(first.alphabet)}; the variants of a factor share its alphabet"
                )
            if v.is_classical() != first.is_classical():
                raise InvalidArgumentError(f"factor {i}: variant {k} and variant 0 are not both HMMs or both GHMMs")
        out.append(variants)
    return out


def _control_maps(structure, control, variants) -> tuple | None:
    F = len(variants)
    if structure == "independent":
        if control is not None:
            raise InvalidArgumentError(
                "the independent structure takes no control (every factor uses its first variant)"
            )
        return None
    if isinstance(control, (str, bytes)) or not isinstance(control, Sequence) or len(control) != F:
        raise ShapeError(
            f"structure {structure!r} needs a control sequence with one entry per factor ({F}), got {excerpt(control)}"
        )
    if structure == "chain" and control[0] is not None:
        raise InvalidArgumentError("chain: control[0] must be None (the first factor has nobody before it)")
    maps: list = []
    for i, c in enumerate(control):
        if structure == "chain":
            if i == 0:
                maps.append(None)
                continue
            keys = list(variants[i - 1][0].alphabet)
            what = f"the tokens of factor {i - 1}"
        else:
            keys = list(itertools.product(*(variants[j][0].alphabet for j in range(F) if j != i)))
            what = "the tuples of the other factors' tokens"
        maps.append(None if c is None else _one_map(c, keys, len(variants[i]), i, what))
    return tuple(maps)


def _one_map(c, keys, n_variants, i, what) -> tuple:
    if isinstance(c, Mapping):
        missing = [k for k in keys if k not in c]
        if missing:
            raise ShapeError(f"control[{i}] has no variant for {excerpt(missing)} (keys: {what})")
        values = [c[k] for k in keys]
    elif isinstance(c, Sequence) and not isinstance(c, (str, bytes)):
        if len(c) != len(keys):
            raise ShapeError(f"control[{i}] has {len(c)} entries; it needs one per element of {what} ({len(keys)})")
        values = list(c)
    else:
        raise InvalidArgumentError(f"control[{i}] must be a sequence or a mapping of variant indices, got {excerpt(c)}")
    for pos, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < n_variants:
            raise InvalidArgumentError(
                f"control[{i}][{pos}] = {excerpt(v)} is not a variant index of factor {i} (0 to {n_variants - 1})"
            )
    return tuple(values)


def _noise(noise):
    if noise is None:
        return None
    e = to_exact(noise, "noise")
    if e.free_symbols or not e.is_number:
        raise InvalidArgumentError(f"noise = {e} must be an exact number in [0, 1]")
    if e.is_negative or (e - 1).is_positive:
        raise ProbabilityRangeError(f"noise = {e} is not a probability in [0, 1]")
    return e


def _variant_of(i, t, structure, maps, alphabet_sizes) -> int:
    """The variant factor ``i`` uses when the joint token (as symbol indices) is ``t``."""
    if maps is None or maps[i] is None:
        return 0
    if structure == "chain":
        return maps[i][t[i - 1]]
    others = [t[j] for j in range(len(t)) if j != i]
    sizes = [alphabet_sizes[j] for j in range(len(t)) if j != i]
    idx = 0
    for a, s in zip(others, sizes):
        idx = idx * s + a
    return maps[i][idx]


def _joint_matrices(variants, structure, maps, K, mats) -> list:
    """The joint labeled matrices (domain elements), token by token in product order."""
    sizes = [len(v[0].alphabet) for v in variants]
    T = []
    for t in itertools.product(*(range(s) for s in sizes)):
        ks = [_variant_of(i, t, structure, maps, sizes) for i in range(len(variants))]
        T.append(reduce(lambda A, B: _kron(K, A, B), (mats[i][ks[i]][t[i]] for i in range(len(variants)))))
    if structure == "fully":  # normalize each row: Z(s) = sum over tokens and next states
        n = len(T[0])
        Z = [reduce(lambda a, b: a + b, (v for m in T for v in m[s]), K.zero) for s in range(n)]
        for s, z in enumerate(Z):
            if z == K.zero:
                raise InvalidArgumentError(
                    f"fully: joint state {s} has total weight 0 (the factors' variants never agree there); "
                    f"no normalized product law exists"
                )
        T = [[[v / Z[s] for v in m[s]] for s in range(n)] for m in T]
    return T


def factored(
    factors: Sequence,
    structure: str = "independent",
    control: Sequence | None = None,
    noise=None,
    name: str | None = None,
) -> Factored:
    """A process whose token is the tuple of tokens of several factor processes, exactly.

    Parameters
    ----------
    factors : sequence
        Each item an HMM or a GHMM (``tom_quantum`` included), or a list of variants of one factor on
        the same states and alphabet.  The joint token is the tuple of the factors' tokens, in the order
        and alphabet of :func:`~compmech.algebra.product` (the first factor's symbol varies slowest).
    structure : {"independent", "chain", "fully"}
        ``"independent"``: every factor uses its first variant (the process of ``product(...)``).
        ``"chain"``: factor ``i > 0`` uses variant ``control[i][t]``, ``t`` the index of the token factor
        ``i - 1`` emits at the same step (``control[0]`` is None).  ``"fully"``: factor ``i`` uses variant
        ``control[i][u]``, ``u`` the tuple of the other factors' tokens (an index in product order, or a
        mapping from the tuple of symbols), and ``Pr(t, s' | s) = prod_i T_i^(k_i)[t_i][s_i, s'_i] / Z(s)``
        (classical factors only).  A control entry ``None`` keeps that factor on its first variant.
    control : sequence, optional
        The control maps (see ``structure``); each entry a sequence of variant indices or a mapping.
    noise : exact number in [0, 1], optional
        Pass the joint token through the symmetric channel that replaces it with a uniformly random
        joint token with probability ``noise`` (built on :func:`~compmech.algebra.channel`); this breaks
        the conditional independence of the factors.
    name : str, optional

    Returns
    -------
    FactoredHMM or FactoredGHMM
        The joint process on the product of the factors' states, with ``factors``, ``variants``,
        ``structure``, ``control``, ``noise``, :meth:`~Factored.marginal_beliefs` and
        :meth:`~Factored.dimensions`.

    Raises
    ------
    ShapeError
        Variants on different states or alphabets, control maps of the wrong length.
    InvalidArgumentError
        An unknown structure, a control index out of range, a GHMM under ``"fully"``.
    ProbabilityRangeError
        ``noise`` outside ``[0, 1]``.
    BudgetExceededError
        A joint presentation beyond ``MAX_ENTRIES`` exact entries (refused before anything is built).

    References
    ----------
    - A. S. Shai, L. Teixeira, P. M. Riechers et al., "Transformers learn factored representations", ICML 2026.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> f = factored([mess3(), mess3("1/10", "3/5"), mess3("3/20", "1/2")])
    >>> f.n_states, f.n_symbols, f.alphabet[1]
    (27, 27, (0, 0, 1))
    >>> f.dimensions()
    {'joint': 26, 'factored': 6, 'subspaces': 3}

    A chain: the second factor's variant is chosen by the first factor's token.

    >>> from compmech.processes import biased_coin
    >>> c = factored([biased_coin("1/2"), [biased_coin("1/10"), biased_coin("9/10")]], "chain", [None, [0, 1]])
    >>> c.word_probability([(1, 1)])          # 1/2 * 9/10
    9/20
    """
    if structure not in STRUCTURES:
        raise InvalidArgumentError(f"structure = {excerpt(structure)}; use one of {', '.join(STRUCTURES)}")
    variants = _variant_lists(factors)
    maps = _control_maps(structure, control, variants)
    eps = _noise(noise)
    n = math.prod(v[0].n_states for v in variants)
    k = math.prod(v[0].n_symbols for v in variants)
    _check_size(n, k, "the factored process")
    classical = all(v[0].is_classical() for v in variants)
    if structure == "fully" and not classical:
        raise InvalidArgumentError(
            "fully: the normalized product law Pr(t, s' | s) needs classical factors (a GHMM's coordinates are no states)"
        )
    firsts = [v[0] for v in variants]
    if name is None:
        name = f"factored({', '.join(f.name or f'P{i}' for i, f in enumerate(firsts))}"
        name += (
            (f"; {structure}" if structure != "independent" else "")
            + (f"; noise={eps}" if eps is not None else "")
            + ")"
        )
    K, mats, taus = _factor_data(variants)
    if len(firsts) == 1:
        states, alphabet = list(firsts[0].states), list(firsts[0].alphabet)
    else:
        states, alphabet = product_labels(firsts)
    if structure == "independent":
        base = product(*firsts, name=name)
    else:
        T = _joint_matrices(variants, structure, maps, K, mats)
        base = (
            HMM.from_exact(K, T, states=states, alphabet=alphabet, name=name)
            if classical
            else GHMM.from_exact_vectors(
                K, T, tau=reduce(kron_vector, taus), states=states, alphabet=alphabet, name=name
            )
        )
    if eps is not None:
        C = [[(1 - eps) * int(x == y) + eps / k for y in range(k)] for x in range(k)]
        base = channel(base, C, name=name)
    out = _wrap(base, alphabet, states, name, classical)
    out.factors, out.variants, out.structure = tuple(firsts), tuple(tuple(v) for v in variants), structure
    out.control, out.noise = maps, eps
    out.__dict__["_factor_taus"] = [[out.domain.from_sympy(K.to_sympy(v)) for v in t] for t in taus]
    return out


def _factor_data(variants) -> tuple:
    """One exact domain for every variant; their matrices per factor and each factor's ``tau`` (checked shared)."""
    flat = [p for vs in variants for p in vs]
    K, mats_flat, _, taus_flat = _common(flat, _taus(flat))
    mats, taus, m_pos, t_pos = [], [], 0, 0
    for i, vs in enumerate(variants):
        mats.append(mats_flat[m_pos : m_pos + len(vs)])
        m_pos += len(vs)
        own = []
        for p in vs:
            own.append(list(taus_flat[t_pos : t_pos + p.n_states]))
            t_pos += p.n_states
        for k, t in enumerate(own[1:], start=1):
            if t != own[0]:
                raise InvalidArgumentError(
                    f"factor {i}: variant {k} has another right vector tau than variant 0; the variants of a "
                    f"GHMM factor must share tau"
                )
        taus.append(own[0])
    return K, mats, taus


def _wrap(base, alphabet, states, name, classical):
    """The presentation ``base`` as a :class:`FactoredHMM` / :class:`FactoredGHMM` (same exact matrices)."""
    ker = base.kernel
    if classical:
        start = ker.stationary() if base.__dict__.get("_start_given") else None
        return FactoredHMM.from_exact(
            ker.domain, ker.matrices, states=states, alphabet=alphabet, name=name, start=start
        )
    return FactoredGHMM.from_exact_vectors(
        ker.domain, ker.matrices, eta=ker.stationary(), tau=ker.tau(), states=states, alphabet=alphabet, name=name
    )
