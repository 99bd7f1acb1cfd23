"""Process algebra: finite mixtures, independent products and memoryless channels, exactly.

Each operation returns an :class:`~compmech.HMM` of the new process, with exact entries over the
components' common domain, so every builder and measure of compmech applies to it:

- :func:`mixture` -- the block-diagonal, *nonergodic* HMM of ``sum_i w_i P_i`` (the source picks
  component ``i`` with probability ``w_i`` once, then emits from it forever).  Its beliefs are
  distributions over ``(component, state)``; the component posterior is their sum over each block
  (:meth:`Mixture.component_posterior`).
- :func:`product` -- independent processes read jointly: states and symbols are tuples.
- :func:`channel` -- the process seen through a memoryless channel ``C[x, y] = Pr(y | x)``:
  ``T'[y] = sum_x C[x, y] T[x]`` (same hidden states, usually nonunifilar).

Nonergodic results carry their stationary distribution as ``start`` (``HMM(..., start=...)``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from functools import reduce

import sympy
from sympy.polys.domains import QQ

from ..errors import (
    BudgetExceededError,
    InvalidArgumentError,
    NotStochasticError,
    ProbabilityRangeError,
    ShapeError,
    excerpt,
)
from ..kernel.exact import to_exact
from ..kernel.parse import MAX_ENTRIES
from ..models.ghmm import GHMM
from ..models.hmm import HMM

__all__ = ["Mixture", "mixture", "product", "channel", "binary_symmetric"]


class Mixture(HMM):
    """The HMM of a finite mixture, remembering its components and weights (built by :func:`mixture`).

    Attributes
    ----------
    components : tuple of HMM
        The component processes, in order.
    weights : tuple of sympy.Rational
        Their exact weights (positive, summing to 1).
    blocks : tuple of range
        The state indices of each component in the mixture's state order.
    """

    components: tuple
    weights: tuple
    blocks: tuple

    def component_posterior(self, belief: Sequence) -> tuple:
        """``Pr(component i | word)``: the mass of a belief over ``(component, state)`` on each block.

        Exact for exact beliefs (sums of their entries); float beliefs give floats.

        Examples
        --------
        >>> from compmech.processes import golden_mean, period
        >>> m = mixture([golden_mean(), period([0, 1])], ["1/2", "1/2"])
        >>> m.component_posterior(m.belief([0, 0]))     # the periodic process never emits 00
        (1, 0)
        >>> m.component_posterior(m.belief([0]))     # Pr(0) is 2/3 and 1/2: (1/3) / (1/3 + 1/4)
        (4/7, 3/7)
        """
        b = list(belief)
        if len(b) != self.n_states:
            raise ShapeError(f"a belief of this mixture has {self.n_states} entries, got {len(b)}")
        return tuple(sum((b[i] for i in blk), sympy.Integer(0) if _exact(b) else 0.0) for blk in self.blocks)

    def component_posterior_k(self, belief_k: Sequence) -> tuple:
        """:meth:`component_posterior` of a belief given as elements of the mixture's domain (``msp.exact``)."""
        K = self.domain
        return tuple(reduce(K.add, (belief_k[i] for i in blk), K.zero) for blk in self.blocks)

    def within_component(self, belief: Sequence) -> tuple:
        """The belief over each component's own states given that component (``None`` where its posterior is 0).

        Examples
        --------
        >>> from compmech.processes import golden_mean, period
        >>> m = mixture([golden_mean(), period([0, 1])], ["1/2", "1/2"])
        >>> m.within_component(m.belief([1]))     # after a 1: state B of the golden mean, state 0 of 0101...
        ((0, 1), (1, 0))
        """
        post = self.component_posterior(belief)
        b = list(belief)
        return tuple(None if p == 0 else tuple(b[i] / p for i in blk) for p, blk in zip(post, self.blocks))


def _exact(values) -> bool:
    return not any(isinstance(v, float) for v in values)


def _weights(weights, n: int) -> list:
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence):
        raise InvalidArgumentError(f"weights must be a sequence of {n} exact numbers, got {excerpt(weights)}")
    if len(weights) != n:
        raise ShapeError(f"{len(weights)} weights for {n} processes")
    ws = [to_exact(w, f"weights[{i}]") for i, w in enumerate(weights)]
    for i, w in enumerate(ws):
        if w.free_symbols:
            raise InvalidArgumentError(f"weights[{i}] = {w} is symbolic; mixture weights are exact numbers")
        if not (w > 0 and w <= 1):
            raise ProbabilityRangeError(
                f"weights[{i}] = {w} is not in (0, 1]; a component of weight 0 is not part of the process"
            )
    total = sum(ws, sympy.Integer(0))
    if total != 1:
        raise NotStochasticError(f"the mixture weights sum to {total}, not 1")
    return ws


def _classical(processes, what: str, ghmm: bool = False) -> list:
    """The processes as a list, each checked to be an HMM (or, with ``ghmm=True``, any GHMM)."""
    procs = list(processes)
    if not procs:
        raise InvalidArgumentError(f"{what} needs at least one process")
    for i, p in enumerate(procs):
        if not isinstance(p, GHMM):
            raise InvalidArgumentError(f"{what}: process {i} is a {type(p).__name__}, not an HMM or a GHMM")
        if not ghmm and not isinstance(p, HMM):
            raise InvalidArgumentError(
                f"{what}: process {i} ({p.name or 'unnamed'}) is a GHMM; combine classical HMMs (for a GHMM, "
                f"take its epsilon_machine first)"
            )
    return procs


def _union_alphabet(procs) -> list:
    alphabet: list = []
    for p in procs:
        alphabet += [a for a in p.alphabet if a not in alphabet]
    return alphabet


def _common(procs, extra=()) -> tuple:
    """One exact domain for every entry of ``procs`` and the numbers ``extra``; the processes' matrices in it."""
    doms = {p.domain for p in procs}
    if doms == {QQ} and all(not getattr(e, "free_symbols", None) for e in extra):
        K = QQ
        return (
            K,
            [p.kernel.matrices for p in procs],
            [p.kernel.stationary() for p in procs],
            [K.from_sympy(e) for e in extra],
        )
    from ..kernel.exact import exact_domain

    flat = [K_.to_sympy(v) for p in procs for K_ in [p.domain] for m in p.kernel.matrices for r in m for v in r]
    flat += [p.domain.to_sympy(v) for p in procs for v in p.kernel.stationary()]
    K, elems = exact_domain(flat + list(extra))
    it = iter(elems)
    mats, pis = [], []
    for p in procs:
        n = p.n_states
        mats.append([[[next(it) for _ in range(n)] for _ in range(n)] for _ in range(p.n_symbols)])
    for p in procs:
        pis.append([next(it) for _ in range(p.n_states)])
    return K, mats, pis, [next(it) for _ in extra]


def mixture(processes: Sequence, weights: Sequence, name: str | None = None) -> Mixture:
    """The finite mixture ``sum_i w_i P_i``: a block-diagonal nonergodic HMM with exact weights.

    The source draws component ``i`` with probability ``w_i`` once and then emits from it forever,
    so the mixture is stationary but not ergodic.  Its alphabet is the union of the components'
    alphabets (in order of first appearance); a component never emits the symbols it lacks.  Its
    states are ``"i:s"`` for state ``s`` of component ``i``, and its stationary distribution
    (``start``) is ``w_i pi_i`` on block ``i``.

    Parameters
    ----------
    processes : sequence of HMM
        The components (classical HMMs, rational or parametric; a component may itself be nonergodic).
    weights : sequence
        Exact positive weights summing to 1 (``"1/3"``, ``Fraction(1, 3)``, sympy rationals).
    name : str, optional
        Default ``mixture(w1*name1, ...)``.

    Returns
    -------
    Mixture
        An :class:`~compmech.HMM` with ``components``, ``weights`` and ``blocks``; its measures use the
        exact identities of :mod:`compmech.measures` for nonergodic processes.

    Examples
    --------
    >>> from compmech import entropy_rate
    >>> from compmech.processes import golden_mean, period
    >>> m = mixture([golden_mean(), period([0, 1])], ["1/3", "2/3"])
    >>> m.n_states, m.alphabet, m.stationary_distribution()
    (4, (0, 1), (2/9, 1/9, 1/3, 1/3))
    >>> entropy_rate(m)
    2/9
    """
    procs = _classical(processes, "mixture")
    ws = _weights(weights, len(procs))
    alphabet = _union_alphabet(procs)
    n = sum(p.n_states for p in procs)
    _check_size(n, len(alphabet), "the mixture")
    K, mats, pis, wk = _common(procs, ws)
    T = [[[K.zero] * n for _ in range(n)] for _ in alphabet]
    blocks, start, states, off = [], [], [], 0
    for i, (p, m, pi, w) in enumerate(zip(procs, mats, pis, wk)):
        for x, a in enumerate(p.alphabet):
            X = alphabet.index(a)
            for r in range(p.n_states):
                T[X][off + r][off : off + p.n_states] = list(m[x][r])
        blocks.append(range(off, off + p.n_states))
        start += [w * v for v in pi]
        states += [f"{i}:{s}" for s in p.states]
        off += p.n_states
    if name is None:
        name = "mixture(" + ", ".join(f"{w}*{p.name or f'P{i}'}" for i, (w, p) in enumerate(zip(ws, procs))) + ")"
    out = Mixture.from_exact(K, T, states=states, alphabet=alphabet, name=name, start=start)
    assert isinstance(out, Mixture)
    out.components, out.weights, out.blocks = tuple(procs), tuple(ws), tuple(blocks)
    return out


def _check_size(n: int, k: int, what: str) -> None:
    """Refuse at once a result with more matrix entries than the exact core's budget (``MAX_ENTRIES``)."""
    if n * n * k > MAX_ENTRIES:
        raise BudgetExceededError(
            f"{what} would have {n:,} states and {k:,} symbols: {n * n * k:,} exact matrix entries, more than "
            f"compmech.models.hmm.MAX_ENTRIES = {MAX_ENTRIES:,}"
        )


def _kron(K, a, b) -> list:
    nb = len(b)
    return [[a[i // nb][j // nb] * b[i % nb][j % nb] for j in range(len(a) * nb)] for i in range(len(a) * nb)]


def _taus(procs) -> list:
    """The right vectors ``tau`` of ``procs``, flattened, as sympy values (all ones for HMMs)."""
    return [v for p in procs for v in p.tau]


def _split(flat, procs) -> list:
    out, off = [], 0
    for p in procs:
        out.append(list(flat[off : off + p.n_states]))
        off += p.n_states
    return out


def product(*processes: GHMM, name: str | None = None) -> GHMM:
    """Independent processes read jointly: one token is the tuple of the processes' tokens.

    ``T[(x, y)] = T_1[x] (kron) T_2[y]``; states are the tuples ``(s, t)`` written ``"s,t"``, and the
    alphabet is every tuple of symbols in :func:`itertools.product` order (the first process's
    symbol varies slowest).  The stationary distribution ``pi_1 (kron) pi_2`` is carried as
    ``start``, so a product of periodic processes (nonergodic: the phases stay locked) is a valid
    HMM too.  ``h_mu``, ``C_mu`` and ``E`` of a product are the sums of the factors' values.
    Generalized HMMs combine the same way (``eta`` and ``tau`` are the Kronecker products of the
    factors'): the product is then a :class:`~compmech.GHMM`.

    Examples
    --------
    >>> from compmech import excess_entropy
    >>> from compmech.processes import golden_mean, period
    >>> g = product(golden_mean(), period([0, 1]))
    >>> g.n_states, g.alphabet[:2]
    (4, ((0, 0), (0, 1)))
    >>> excess_entropy(g) == excess_entropy(golden_mean()) + 1
    True
    """
    procs = _classical(processes, "product", ghmm=True)
    if len(procs) == 1:
        return procs[0]
    _check_size(math.prod(p.n_states for p in procs), math.prod(p.n_symbols for p in procs), "the product")
    K, mats, pis, taus = _common(procs, _taus(procs))
    T, pi, tau = mats[0], pis[0], taus[: procs[0].n_states]
    for m, q, t in zip(mats[1:], pis[1:], _split(taus, procs)[1:]):
        T = [_kron(K, A, B) for A, B in itertools.product(T, m)]
        pi, tau = kron_vector(pi, q), kron_vector(tau, t)
    states, alphabet = product_labels(procs)
    if name is None:
        name = "product(" + ", ".join(p.name or f"P{i}" for i, p in enumerate(procs)) + ")"
    if all(p.is_classical() for p in procs):
        return HMM.from_exact(K, T, states=states, alphabet=alphabet, name=name, start=pi)
    return GHMM.from_exact_vectors(K, T, eta=pi, tau=tau, states=states, alphabet=alphabet, name=name)


def kron_vector(a: Sequence, b: Sequence) -> list:
    """The Kronecker product of two vectors of domain elements (``a`` varies slowest)."""
    return [u * v for u, v in itertools.product(a, b)]


def product_labels(procs) -> tuple[list, list]:
    """States ``"s,t,..."`` and symbols ``(x, y, ...)`` of a product, in :func:`itertools.product` order."""
    states = [",".join(str(s) for s in combo) for combo in itertools.product(*(p.states for p in procs))]
    return states, list(itertools.product(*(p.alphabet for p in procs)))


def _channel_rows(C, inputs, outputs) -> list:
    if isinstance(C, Mapping):
        missing = [x for x in inputs if x not in C]
        if missing:
            raise ShapeError(f"the channel has no row for the symbol(s) {excerpt(missing)}")
        rows = [C[x] for x in inputs]
        rows = [[r.get(y, 0) for y in outputs] if isinstance(r, Mapping) else list(r) for r in rows]
    else:
        rows = [list(r) for r in (C.tolist() if isinstance(C, sympy.MatrixBase) else C)]
    if len(rows) != len(inputs) or any(len(r) != len(outputs) for r in rows):
        raise ShapeError(
            f"the channel must be {len(inputs)} x {len(outputs)} (inputs {excerpt(tuple(inputs))}, outputs {excerpt(tuple(outputs))})"
        )
    out = []
    for x, r in zip(inputs, rows):
        vals = [to_exact(v, f"C[{excerpt(x)}][{j}]") for j, v in enumerate(r)]
        for j, v in enumerate(vals):
            if v.is_number and (v.is_negative or (v - 1).is_positive):
                raise ProbabilityRangeError(
                    f"C[{excerpt(x)}][{excerpt(outputs[j])}] = {excerpt(v)} is not a probability in [0, 1]"
                )
        total = sympy.simplify(sum(vals, sympy.Integer(0)))
        if total != 1:
            raise NotStochasticError(f"row {excerpt(x)} of the channel sums to {excerpt(total)}, not 1")
        out.append(vals)
    return out


def channel(process: GHMM, C, outputs: Sequence | None = None, name: str | None = None) -> GHMM:
    """The process observed through a memoryless channel ``C[x, y] = Pr(observe y | emitted x)``.

    ``T'[y] = sum_x C[x, y] T[x]`` on the same hidden states, exactly.  Noise usually destroys
    unifilarity, so the result's mixed-state presentation is typically infinite: its entropy rate
    comes with certified bounds, as for any nonunifilar process.

    Parameters
    ----------
    process : HMM or GHMM
        A GHMM gives a GHMM with the same ``eta`` and ``tau`` (the rows of ``C`` sum to 1).
    C : matrix or mapping
        Rows in the order of ``process.alphabet`` (or a mapping ``x -> row`` / ``x -> {y: p}``);
        exact entries, each row summing to 1.
    outputs : sequence, optional
        The output alphabet (default: the process's alphabet, for a square channel).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> noisy = channel(golden_mean(), binary_symmetric("1/10"))
    >>> noisy.is_unifilar(), noisy.word_probability([0, 0])   # (1/3)(81/100) + (2/3)(9/100)
    (False, 33/100)
    """
    (process,) = _classical([process], "channel", ghmm=True)
    outputs = list(process.alphabet if outputs is None else outputs)
    rows = _channel_rows(C, process.alphabet, outputs)
    K, (mats,), (pi,), flat = _common([process], [v for r in rows for v in r] + _taus([process]))
    flat, tau = flat[: len(flat) - process.n_states], flat[len(flat) - process.n_states :]
    ny = len(outputs)
    Ck = [flat[i * ny : (i + 1) * ny] for i in range(process.n_symbols)]
    n = process.n_states
    T = [
        [
            [reduce(K.add, (Ck[x][y] * mats[x][i][j] for x in range(process.n_symbols)), K.zero) for j in range(n)]
            for i in range(n)
        ]
        for y in range(ny)
    ]
    if name is None:
        name = f"channel({process.name or 'P'})"
    if not isinstance(process, HMM):  # a GHMM seen through a channel: the same eta and tau
        return GHMM.from_exact_vectors(K, T, eta=pi, tau=tau, states=process.states, alphabet=outputs, name=name)
    start = None if process.is_ergodic() else pi
    return HMM.from_exact(K, T, states=process.states, alphabet=outputs, name=name, start=start)


def binary_symmetric(eps) -> sympy.ImmutableMatrix:
    """The binary symmetric channel ``[[1 - eps, eps], [eps, 1 - eps]]`` (exact; ``eps`` may be a symbol).

    Examples
    --------
    >>> binary_symmetric("1/10")
    Matrix([
    [9/10, 1/10],
    [1/10, 9/10]])
    """
    e = to_exact(eps, "eps")
    if e.is_number and (e.is_negative or (e - 1).is_positive):
        raise ProbabilityRangeError(f"eps = {e} is not a probability in [0, 1]")
    return sympy.ImmutableMatrix([[1 - e, e], [e, 1 - e]])
