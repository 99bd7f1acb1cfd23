"""Unifilar machines: minimization, epsilon-machines and isomorphism."""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import TYPE_CHECKING

import networkx as nx

from ..errors import InfiniteStatesError, MSPTooLargeError, NotUnifilarError, excerpt
from ..kernel.refusals import RefusalMemo
from ..models.hmm import HMM

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["reverse", "minimize", "epsilon_machine", "is_isomorphic", "restrict"]


def restrict(hmm: HMM, states: Sequence) -> HMM:
    """The HMM on a closed subset of its states (given by name).

    Raises
    ------
    InvalidEntryError
        When a kept state has an edge leaving the subset (rows would not sum to 1).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> restrict(golden_mean(), ["A", "B"]).n_states
    2
    """
    keep = [hmm.states.index(s) for s in states]
    mats = [[[m[i][j] for j in keep] for i in keep] for m in hmm.kernel.matrices]
    return HMM.from_exact(hmm.domain, mats, states=[hmm.states[i] for i in keep], alphabet=hmm.alphabet, name=hmm.name)


def _require_unifilar(hmm, what):
    if not hmm.is_unifilar():
        K = hmm.domain
        for x, m in enumerate(hmm.kernel.matrices):
            for i, row in enumerate(m):
                if sum(1 for v in row if v != K.zero) > 1:
                    raise NotUnifilarError(
                        f"{what} needs a unifilar HMM, but state {excerpt(hmm.states[i])} has several successors "
                        f"on symbol {excerpt(hmm.alphabet[x])}"
                    )


def _partition(hmm: HMM) -> list[int]:
    """Coarsest partition of states with identical future morphs (Moore refinement)."""
    K, n, k = hmm.domain, hmm.n_states, hmm.n_symbols
    out = []
    for i in range(n):
        row = []
        for x in range(k):
            succ = [(j, v) for j, v in enumerate(hmm.kernel.matrices[x][i]) if v != K.zero]
            row.append(succ[0] if succ else (None, K.zero))
        out.append(row)
    # initial classes: the probability of each symbol
    sig = [tuple(v for _, v in out[i]) for i in range(n)]
    labels = _relabel(sig)
    while True:
        sig = [(labels[i],) + tuple(-1 if j is None else labels[j] for j, _ in out[i]) for i in range(n)]
        new = _relabel(sig)
        if max(new) == max(labels):
            return new
        labels = new


def _relabel(signatures):
    ids: dict = {}
    return [ids.setdefault(s, len(ids)) for s in signatures]


def minimize(hmm: HMM) -> HMM:
    """Merge the states of a unifilar HMM that have identical future morphs.

    Partition refinement on (symbol, exact probability, class of the target).
    Classes are numbered by first appearance; each keeps the name of its
    first state.

    Raises
    ------
    NotUnifilarError
        When ``hmm`` is not unifilar; the message names the state and symbol.

    See Also
    --------
    epsilon_machine
    is_isomorphic

    References
    ----------
    - C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern and prediction, structure and simplicity", J. Stat. Phys. 104, 817 (2001).

    Examples
    --------
    >>> from compmech.processes import period
    >>> minimize(period("0101")).n_states
    2
    """
    _require_unifilar(hmm, "minimize")
    labels = _partition(hmm)
    m = max(labels) + 1
    rep: dict = {}
    for i, c in enumerate(labels):
        rep.setdefault(c, i)
    K = hmm.domain
    mats = []
    for mat in hmm.kernel.matrices:
        T = [[K.zero] * m for _ in range(m)]
        for c in range(m):
            i = rep[c]
            for j in range(hmm.n_states):
                if mat[i][j] != K.zero:
                    T[c][labels[j]] = mat[i][j]
        mats.append(T)
    states = [hmm.states[rep[c]] for c in range(m)]
    return HMM.from_exact(K, mats, states=states, alphabet=hmm.alphabet, name=hmm.name, _trusted=True)


def epsilon_machine(hmm: HMM, max_states: int = 100_000) -> HMM:
    """The epsilon-machine: the minimal unifilar presentation of the process.

    A unifilar ``hmm`` is restricted to its closed class and minimized.  Otherwise the recurrent part
    of the mixed-state presentation is minimized, built on beliefs up to predictive equivalence (the
    causal states): when the process rank is below the dimension of ``hmm``, on the beliefs of its
    canonical :func:`~compmech.minimal_presentation`, where predictively equivalent beliefs coincide.
    So every process with a finite epsilon-machine gets it, whatever presentation it is given in,
    even one whose own mixed-state presentation is infinite (for presentations of at most
    :data:`compmech.models.minimal.MAX_DIMENSION` states).  Accepts a :class:`~compmech.GHMM`.

    Raises
    ------
    InfiniteStatesError
        When the mixed-state presentation does not close within
        ``max_states`` beliefs (Mess3, the SNS: infinitely many causal states).

    See Also
    --------
    mixed_state_presentation
    minimize

    References
    ----------
    - C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern and prediction, structure and simplicity", J. Stat. Phys. 104, 817 (2001).
    - N. F. Travers and J. P. Crutchfield, "Equivalence of history and generator epsilon-machines", arXiv:1111.4500 (2011).

    Examples
    --------
    >>> from compmech.processes import rrxor, mess3
    >>> em = epsilon_machine(rrxor())
    >>> em.n_states, is_isomorphic(em, rrxor())
    (5, True)
    >>> epsilon_machine(mess3(), max_states=1000)
    Traceback (most recent call last):
    ...
    compmech.errors.InfiniteStatesError: the mixed-state presentation of mess3(x=1/20, alpha=17/20) did not close within max_states=1000 ...
    """
    if isinstance(hmm, HMM) and not hmm.is_ergodic():
        return _machine_of_nonergodic(hmm, max_states)
    return _FAILED.call((hmm, max_states), lambda: _epsilon_machine(hmm, max_states))


def _machine_of_nonergodic(hmm: HMM, max_states: int) -> HMM:
    """The epsilon-machine of a presentation with several closed classes that all generate one process."""
    from ..errors import NotErgodicError
    from ..models.decompose import distinct_components, ergodic_decomposition

    parts = distinct_components(ergodic_decomposition(hmm))
    if len(parts) == 1:
        return epsilon_machine(parts[0][1], max_states=max_states)
    raise NotErgodicError(
        f"epsilon_machine needs an ergodic process (one recurrent set of causal states); {hmm.name or 'this HMM'} "
        f"is a mixture of {len(parts)} distinct ergodic processes: its causal states are the pairs (component, "
        f"causal state of that component); use compmech.ergodic_decomposition and the epsilon_machine of each",
        closed_classes=hmm.closed_classes(),
    )


#: (presentation, max_states) -> the message of its InfiniteStatesError: a refusal is said again at once
_FAILED = RefusalMemo()


@lru_cache(maxsize=64)
def _epsilon_machine(hmm, max_states):
    """:func:`epsilon_machine`, cached per presentation: every measure of a process asks for it."""
    if hmm.is_classical() and hmm.is_unifilar():
        classes = hmm.closed_classes()
        hmm.kernel.stationary()  # raises NotErgodicError when several classes
        return minimize(restrict(hmm, classes[0]))
    return _machine_of_nonunifilar(hmm, max_states)


def _machine_of_nonunifilar(hmm, max_states):
    """The recurrent part of the MSP on causal states, minimized.

    A small presentation goes straight to :func:`_predictive_presentation` (its rank costs
    milliseconds).  A large one first tries its own MSP within a small budget: when that closes,
    minimizing its recurrent part merges predictively equivalent beliefs already; when it does not,
    the MSP of the canonical minimal presentation, where they coincide, with the full budget.
    """
    from .msp import mixed_state_presentation

    msp = None
    if hmm.n_states > _RANK_FIRST:  # a large presentation: its own MSP first, the rank only when needed
        with contextlib.suppress(MSPTooLargeError):
            msp = mixed_state_presentation(hmm, max_states=min(max_states, _FIRST_TRY))
    if msp is None:
        source = _predictive_presentation(hmm)
        try:
            msp = mixed_state_presentation(source, max_states=max_states)
        except MSPTooLargeError as exc:
            raise InfiniteStatesError(
                f"the mixed-state presentation of {hmm.name or 'this HMM'} did not close within "
                f"max_states={max_states} beliefs, so no finite epsilon-machine was found (the causal "
                f"states may be infinite, as for Mess3 and the SNS). {exc}"
            ) from exc
    rec = msp.to_hmm(nodes=msp.recurrent_states)
    return minimize(rec)


#: up to this many states the process rank (milliseconds) decides the presentation before any MSP is built
_RANK_FIRST = 30
#: beliefs of a presentation's own MSP tried before its minimal presentation is computed
_FIRST_TRY = 2_000


def _predictive_presentation(hmm):
    """A presentation whose distinct beliefs are distinct causal states: ``hmm`` itself, or its minimal GHMM.

    When the process rank equals the dimension of ``hmm`` (and the beliefs span it), the belief map to
    the minimal presentation is invertible, so distinct beliefs already predict differently.  Otherwise
    predictively equivalent beliefs may differ (their MSP can be infinite while the epsilon-machine is
    finite): the canonical minimal presentation identifies them.
    """
    from ..models.minimal import MAX_DIMENSION, minimal_presentation

    if hmm.n_states > MAX_DIMENSION:  # beyond the rank's budget: the presentation's own beliefs, as before
        return hmm
    minimal = minimal_presentation(hmm).ghmm
    return minimal if minimal.n_states < hmm.n_states else hmm


def _labeled_digraph(hmm: HMM) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(range(hmm.n_states))
    K = hmm.domain
    for x, m in enumerate(hmm.kernel.matrices):
        for i, row in enumerate(m):
            for j, v in enumerate(row):
                if v != K.zero:
                    if not G.has_edge(i, j):
                        G.add_edge(i, j, labels=set())
                    G.edges[i, j]["labels"].add((hmm.alphabet[x], K.to_sympy(v)))
    return G


def is_isomorphic(a: HMM, b: HMM) -> bool:
    """True when ``a`` and ``b`` are the same labeled HMM up to a renaming of states.

    Symbols must agree and every labeled transition must carry exactly the
    same exact probability.

    Examples
    --------
    >>> from compmech.processes import golden_mean, even
    >>> is_isomorphic(golden_mean(), golden_mean()), is_isomorphic(golden_mean(), even())
    (True, False)
    """
    if set(a.alphabet) != set(b.alphabet) or a.n_states != b.n_states:
        return False
    return nx.is_isomorphic(
        _labeled_digraph(a), _labeled_digraph(b), edge_match=lambda e1, e2: e1["labels"] == e2["labels"]
    )


def reverse(hmm: HMM) -> HMM:
    """A presentation of the time-reversed process (on the states with ``pi > 0``).

    ``T~[x][i, j] = pi_j T[x][j, i] / pi_i``: a transformation of presentations, used by the
    reverse-time measures (:func:`compmech.measures.reverse_statistical_complexity`, ...).

    References
    ----------
    Crutchfield, Ellison and Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored
    information", Phys. Rev. Lett. 103, 094101 (2009).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> r = reverse(golden_mean())
    >>> r.word_probability("01") == golden_mean().word_probability("10")
    True
    """
    K = hmm.domain
    pi = hmm.kernel.stationary()
    keep = [i for i in range(hmm.n_states) if pi[i] != K.zero]
    mats = [[[K.quo(pi[j] * m[j][i], pi[i]) for j in keep] for i in keep] for m in hmm.kernel.matrices]
    name = f"reverse({hmm.name})" if hmm.name else None
    start = None if hmm.is_ergodic() else [pi[i] for i in keep]  # a mixture reversed: the same weights
    return HMM.from_exact(K, mats, states=[hmm.states[i] for i in keep], alphabet=hmm.alphabet, name=name, start=start)
