"""hypothesis strategies for compmech objects, reusable in your own test suites.

Every machine is built directly from hypothesis draws (numbers of states and
symbols, targets, integer weights), never from an integer seed, so a failing
example shrinks to a small machine with small weights.  Each strategy builds
what its name promises by construction, without rejection:

- :func:`hmms` / :func:`nonunifilar_hmms`: ergodic HMMs with at least one
  state that has two successors on one symbol (nonunifilar);
- :func:`unifilar_hmms`: ergodic unifilar HMMs with at least two states;
- :func:`synchronizing_hmms`: unifilar machines in which every word of length
  ``n_states`` synchronizes (finite mixed-state presentations);
- :func:`nonminimal_presentations`: a second, larger presentation of a drawn
  machine (a state split in two), with the machine it presents.

:func:`dense_rational_hmm` is no strategy: a seeded dense HMM whose entries have as many digits as
asked (the worst case of exact linear algebra, for budgets and benchmarks).

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10)
... @given(unifilar_hmms(max_states=3))
... def test_unifilar(hmm):
...     assert hmm.is_unifilar() and hmm.n_states >= 2
>>> test_unifilar()
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume
from hypothesis import strategies as st

from .kernel.exact import as_fraction
from .models.hmm import HMM

__all__ = [
    "hmms",
    "unifilar_hmms",
    "nonunifilar_hmms",
    "synchronizing_hmms",
    "nonminimal_presentations",
    "split_state",
    "dense_rational_hmm",
]


def _normalized(weights, name: str) -> HMM:
    """``weights[x][i][j]`` (nonnegative integers, every row positive) -> HMM with rows summing to 1."""
    k, n = len(weights), len(weights[0])
    totals = [sum(weights[x][i][j] for x in range(k) for j in range(n)) for i in range(n)]
    return HMM(
        [[[Fraction(weights[x][i][j], totals[i]) for j in range(n)] for i in range(n)] for x in range(k)], name=name
    )


def dense_rational_hmm(n_states: int, n_symbols: int, digits: int, seed: int = 0) -> HMM:
    """A dense HMM: every transition has a random weight of ``digits`` digits, rows normalized (seeded).

    Every entry of ``T[x]`` is positive with a denominator of about ``digits + log10(n k)`` digits,
    different in every row: the exact integer form has entries of about ``n_states * digits`` digits.

    Examples
    --------
    >>> h = dense_rational_hmm(3, 2, 30, seed=1)
    >>> h.n_states, h.is_unifilar(), len(str(h.matrices[0][0, 0].q)) >= 30
    (3, False, True)
    """
    import random

    rng = random.Random(seed)
    low, high = 10 ** (digits - 1), 10**digits - 1
    weights = [[[0] * n_states for _ in range(n_states)] for _ in range(n_symbols)]
    for i in range(n_states):
        for x in range(n_symbols):
            for j in range(n_states):
                weights[x][i][j] = rng.randint(low, high)
    return _normalized(weights, f"dense_rational_hmm({n_states}, {n_symbols}, digits={digits}, seed={seed})")


def _fractions(hmm: HMM) -> list:
    return [[[as_fraction(v) for v in row] for row in m.tolist()] for m in hmm.matrices.values()]


def _empty(k: int, n: int) -> list:
    return [[[0] * n for _ in range(n)] for _ in range(k)]


@st.composite
def _cycle(draw, n: int, k: int, max_weight: int, weights):
    """A positive transition ``i -> i+1 (mod n)`` on a drawn symbol: the state graph is irreducible."""
    symbols = [draw(st.integers(0, k - 1)) for _ in range(n)]
    for i, x in enumerate(symbols):
        weights[x][i][(i + 1) % n] = draw(st.integers(1, max_weight))
    return symbols


@st.composite
def hmms(
    draw,
    min_states: int = 2,
    max_states: int = 5,
    max_symbols: int = 3,
    unifilar=None,
    max_weight: int = 4,
    synchronizing: bool = False,
):
    """Random ergodic HMMs with exact rational entries, built from their parts.

    Parameters
    ----------
    min_states, max_states : int
        Range of the number of states (at least 2 for nonunifilar machines).
    max_symbols : int
        Largest alphabet (at least 2 symbols are drawn).
    unifilar : bool or None
        ``True``: unifilar (see :func:`unifilar_hmms`); ``False`` or ``None``:
        nonunifilar (see :func:`nonunifilar_hmms`).
    max_weight : int
        Largest integer weight of a transition before row normalization.
    synchronizing : bool
        Unifilar machines in which every word of length ``n_states``
        synchronizes (see :func:`synchronizing_hmms`).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(hmms(max_states=2))
    ... def test_small(hmm):
    ...     assert hmm.n_states == 2 and not hmm.is_unifilar()
    >>> test_small()
    """
    if synchronizing:
        return draw(
            synchronizing_hmms(
                min_states=min_states, max_states=max_states, max_symbols=max_symbols, max_weight=max_weight
            )
        )
    if unifilar:
        return draw(
            unifilar_hmms(min_states=min_states, max_states=max_states, max_symbols=max_symbols, max_weight=max_weight)
        )
    return draw(
        nonunifilar_hmms(min_states=min_states, max_states=max_states, max_symbols=max_symbols, max_weight=max_weight)
    )


@st.composite
def nonunifilar_hmms(draw, min_states: int = 2, max_states: int = 5, max_symbols: int = 3, max_weight: int = 4):
    """Ergodic HMMs in which some state has two successors on one symbol.

    Every other transition weight is drawn in ``0 .. max_weight``; a cycle
    through all states keeps the chain irreducible; state 0 moves on symbol 0
    to both state 0 and state 1, so the machine is never unifilar.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(nonunifilar_hmms(max_states=3), lambda h: h.n_symbols == 3).n_states
    2
    """
    n = draw(st.integers(max(2, min_states), max(2, max_states)))
    k = draw(st.integers(2, max(2, max_symbols)))
    weights = [[[draw(st.integers(0, max_weight)) for _ in range(n)] for _ in range(n)] for _ in range(k)]
    draw(_cycle(n, k, max_weight, weights))
    weights[0][0][0] = max(weights[0][0][0], 1)
    weights[0][0][1] = max(weights[0][0][1], 1)
    return _normalized(weights, f"nonunifilar({n} states, {k} symbols)")


@st.composite
def unifilar_hmms(draw, min_states: int = 2, max_states: int = 5, max_symbols: int = 3, max_weight: int = 4):
    """Ergodic unifilar HMMs: each (state, symbol) has one drawn target or none.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(unifilar_hmms(), lambda h: True).n_states
    2
    """
    n = draw(st.integers(max(2, min_states), max(2, max_states)))
    k = draw(st.integers(2, max(2, max_symbols)))
    weights = _empty(k, n)
    cycle = draw(_cycle(n, k, max_weight, weights))
    for i in range(n):
        for x in range(k):
            if x != cycle[i]:
                w = draw(st.integers(0, max_weight))
                if w:
                    weights[x][i][draw(st.integers(0, n - 1))] = w
    return _normalized(weights, f"unifilar({n} states, {k} symbols)")


@st.composite
def synchronizing_hmms(draw, min_states: int = 2, max_states: int = 5, max_symbols: int = 3, max_weight: int = 4):
    """Unifilar machines in which every word of length ``n_states`` synchronizes.

    Symbol 0 leads every state that emits it to state 0; the other symbols
    only move forward (from state i to a drawn state j > i); a chain
    ``0 -> 1 -> ... -> n-1`` on drawn nonzero symbols and a positive 0 out of the
    last state keep the machine irreducible.  A word avoiding 0 visits
    increasing states, so it is shorter than ``n_states``: the mixed-state
    presentation is finite and every measure is exact.

    Examples
    --------
    >>> from hypothesis import find
    >>> from compmech import mixed_state_presentation
    >>> h = find(synchronizing_hmms(), lambda h: h.n_states == 3)
    >>> mixed_state_presentation(h).n_nodes <= 2 ** 3
    True
    """
    n = draw(st.integers(max(2, min_states), max(2, max_states)))
    k = draw(st.integers(2, max(2, max_symbols)))
    weights = _empty(k, n)
    for i in range(n):
        chain = draw(st.integers(1, k - 1)) if i < n - 1 else None
        for x in range(k):
            if x == 0:
                w = draw(st.integers(1 if i == n - 1 else 0, max_weight))
                weights[0][i][0] = w
            elif x == chain:
                weights[x][i][i + 1] = draw(st.integers(1, max_weight))
            elif i < n - 1:
                w = draw(st.integers(0, max_weight))
                if w:
                    weights[x][i][draw(st.integers(i + 1, n - 1))] = w
    return _normalized(weights, f"synchronizing({n} states, {k} symbols)")


def split_state(hmm: HMM, state: int, share, by_edge=None) -> HMM:
    """A larger presentation of the same process: ``state`` split into two copies.

    Both copies keep the outgoing transitions of ``state``; every transition
    into it is divided between them, a fraction ``share`` to the original and
    ``1 - share`` to the copy (a nonunifilar presentation), or, when
    ``by_edge`` is given, wholly to the copy for the incoming ``(symbol,
    source)`` pairs it lists (a unifilar presentation stays unifilar).  The
    copy is appended as the last state.  Word probabilities are unchanged.

    Parameters
    ----------
    hmm : HMM
        A numeric HMM.
    state : int
        Index of the state to split.
    share : Fraction
        Share of the incoming weight that stays on the original (0 < share < 1);
        ignored when ``by_edge`` is given.
    by_edge : set of (int, int), optional
        Incoming ``(symbol index, source state index)`` pairs sent to the copy.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> g = golden_mean()
    >>> s = split_state(g, 0, Fraction(1, 3))
    >>> s.n_states, s.is_unifilar(), s.word_probability([0, 1, 0]) == g.word_probability([0, 1, 0])
    (3, False, True)
    """
    T = _fractions(hmm)
    k, n = len(T), len(T[0])
    out = [[row[:] + [Fraction(0)] for row in Tx] + [Tx[state][:] + [Fraction(0)]] for Tx in T]
    for x in range(k):
        for i in range(n + 1):
            w = out[x][i][state]
            if w:
                if by_edge is None:
                    out[x][i][state], out[x][i][n] = w * share, w * (1 - share)
                elif (x, i) in by_edge or (i == n and (x, state) in by_edge):
                    out[x][i][state], out[x][i][n] = Fraction(0), w
    return HMM(out, alphabet=hmm.alphabet, name=f"{hmm.name or 'hmm'} with state {state} split")


@st.composite
def nonminimal_presentations(draw, machines=None, unifilar: bool = False):
    """``(presentation, machine)``: a drawn machine and a presentation of it with one state split.

    Parameters
    ----------
    machines : strategy, optional
        The machines to present (default :func:`synchronizing_hmms`).
    unifilar : bool
        Split by incoming edge (the presentation stays unifilar) instead of
        by a drawn share of every incoming edge.

    Examples
    --------
    >>> from hypothesis import find
    >>> p, m = find(nonminimal_presentations(), lambda pm: True)
    >>> p.n_states == m.n_states + 1
    True
    """
    machine = draw(machines if machines is not None else synchronizing_hmms())
    if unifilar:
        T = _fractions(machine)
        incoming = {
            s: [(x, i) for x in range(len(T)) for i in range(machine.n_states) if T[x][i][s]]
            for s in range(machine.n_states)
        }
        splittable = [s for s, edges in incoming.items() if len(edges) >= 2]
        assume(splittable)  # fails only for a single deterministic cycle (a periodic process)
        s = draw(st.sampled_from(splittable))
        # a nonempty proper subset of the incoming edges moves to the copy: both copies stay reachable
        chosen = draw(st.sets(st.sampled_from(incoming[s]), min_size=1, max_size=len(incoming[s]) - 1))
        return split_state(machine, s, None, by_edge=chosen), machine
    s = draw(st.integers(0, machine.n_states - 1))
    share = Fraction(draw(st.integers(1, 4)), 5)
    return split_state(machine, s, share), machine
