"""Markov order and cryptic order, from the structure of the epsilon-machine.

Both are read off finite graphs built from the (unifilar, minimal)
epsilon-machine, never from a numerical tolerance:

- **Markov order** ``R``: the least ``R`` such that every word of length ``R``
  (of positive probability) determines the causal state.  The support of the
  belief after a word evolves as a subset automaton started from all causal
  states; ``R`` is one more than the longest path through subsets of size
  ``>= 2``, and infinite when such subsets lie on a reachable cycle.
- **Cryptic order** ``k``: the least ``k`` with ``H[S_k | X_0, X_1, ...] = 0`` --
  the *statistical* definition (Mahoney, Ellison and Crutchfield 2009), in
  which probability-zero events do not count.  Two distinct states whose
  paths (unifilar, so each is determined by the word) merge after time ``k``
  leave ``S_k`` ambiguous with positive probability.  On the graph of ordered
  pairs of distinct states (an edge for each symbol allowed from both), ``k``
  is the longest path that ends by merging, infinite when a cycle of pairs can
  still merge.  Pairs that never merge do not count: in a *minimal* machine two
  states that stay confusable forever differ in some next-symbol probability
  somewhere on their (irreducible) pair chain, so the likelihood ratio of the
  two paths diverges and the infinite future tells them apart with probability
  one.  Hence ``k = 0`` exactly when the crypticity is 0.  The parity machine
  (A -0|2/3-> A, A -1|1/3-> B, B -0|1/3-> B, B -1|2/3-> A) never synchronizes
  exactly, yet ``H[S_0 | X_0..X_{L-1}]`` = 0.918, 0.425, 0.028 at ``L`` = 0,
  10, 50 tends to 0: its cryptic order is 0.  (A *topological* cryptic order,
  which also counts pairs that stay confusable forever, would be infinite there.)
"""

from __future__ import annotations

import math

import networkx as nx

from ..models.hmm import HMM
from ..presentations.machines import epsilon_machine
from ._dispatch import process_level
from ._infinity import proven_infinite
from .atoms import infinite_when_certified
from .nonergodic import ergodic_only

__all__ = ["markov_order", "cryptic_order"]


def _successors(em: HMM):
    """``succ[s][x] = (target, probability)`` for the allowed symbols of each state."""
    K = em.domain
    succ = []
    for i in range(em.n_states):
        row = {}
        for x, m in enumerate(em.kernel.matrices):
            for j, v in enumerate(m[i]):
                if v != K.zero:
                    row[x] = (j, v)
        succ.append(row)
    return succ


def _longest_path_or_inf(G: nx.DiGraph, source) -> float:
    """Longest path length (edges) from ``source`` in ``G``, ``inf`` if a reachable cycle exists."""
    sub = G.subgraph(nx.descendants(G, source) | {source})
    if not nx.is_directed_acyclic_graph(sub):
        return math.inf
    # every node of sub is reachable from source, so a longest path of the DAG starts there
    return nx.dag_longest_path_length(sub)


def _word(em: HMM, symbols) -> str:
    names = [str(em.alphabet[x]) for x in symbols]
    return ("" if all(len(n) == 1 for n in names) else " ").join(names)


def _cycle_text(em: HMM, G: nx.DiGraph, cycle, node_text) -> str:
    """``node -x-> node -y-> ...`` back to the first node, for the edges of ``cycle``."""
    parts = [node_text(cycle[0][0])]
    for u, v in cycle:
        parts.append(f"-{_word(em, [G.edges[u, v]['symbol']])}-> {node_text(v)}")
    return " ".join(parts)


def _never_synchronizes(em: HMM, G: nx.DiGraph, start) -> str:
    """The reason ``R = oo``: a word from all causal states into a reachable cycle of sets of >= 2 states."""
    sub = G.subgraph(nx.descendants(G, start) | {start})
    cycle = nx.find_cycle(sub, source=start)
    path = nx.shortest_path(sub, start, cycle[0][0])
    prefix = _word(em, [G.edges[u, v]["symbol"] for u, v in zip(path, path[1:])])

    def subset(S) -> str:
        return "{" + ", ".join(str(em.states[s]) for s in sorted(S)) + "}"

    n = em.n_states
    entry = subset(cycle[0][0])
    where = (
        f"starting from all {n} states, the word {prefix} leads to the set {entry} of causal states, which lies"
        if prefix
        else f"the set of all {n} states lies"
    )
    return (
        f"the {n}-state epsilon-machine never synchronizes on some words: {where} on the cycle "
        f"{_cycle_text(em, G, cycle, subset)} of sets of >= 2 states, so words of every length leave the causal "
        "state undetermined"
    )


@process_level(ergodic_only())
@infinite_when_certified(
    "forward",
    math.inf,
    because="a finite Markov order R would leave at most |A|^R causal states, and there are infinitely many",
)
def markov_order(hmm: HMM, max_states: int = 10_000) -> int | float:
    """Markov order ``R`` (least ``R`` with ``h(R+1) = h_mu``): an int or ``math.inf``.

    See Also
    --------
    cryptic_order

    References
    ----------
    - R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Many roads to synchrony: natural time scales and their algorithms", Phys. Rev. E 89, 042135 (2014), arXiv:1010.5545.
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> from compmech.processes import golden_mean, even, biased_coin
    >>> markov_order(golden_mean()), markov_order(even()), markov_order(biased_coin())
    (1, inf, 0)
    """
    em = epsilon_machine(hmm, max_states=max_states)
    succ = _successors(em)
    start = frozenset(range(em.n_states))
    if len(start) == 1:
        return 0
    G = nx.DiGraph()
    G.add_node(start)
    stack, seen = [start], {start}
    while stack:
        S = stack.pop()
        targets: dict = {}
        for s in S:
            for x, (t, _) in succ[s].items():
                targets.setdefault(x, set()).add(t)
        for x, T in targets.items():
            T = frozenset(T)
            if len(T) >= 2:
                if not G.has_edge(S, T):
                    G.add_edge(S, T, symbol=x)
                if T not in seen:
                    seen.add(T)
                    stack.append(T)
    longest = _longest_path_or_inf(G, start)
    if longest == math.inf:
        return proven_infinite(math.inf, _never_synchronizes(em, G, start))
    return longest + 1


def _stays_ambiguous(em: HMM, pairs: nx.DiGraph) -> str:
    """The reason ``k = oo``: a cycle of pairs of distinct causal states that can still merge afterwards."""
    cycle = nx.find_cycle(pairs)

    def pair(p) -> str:
        return f"({em.states[p[0]]}, {em.states[p[1]]})"

    return (
        f"in the {em.n_states}-state epsilon-machine, the pairs of distinct causal states reached by the same "
        f"word run around the cycle {_cycle_text(em, pairs, cycle, pair)} and can still merge later, so "
        "S_k stays ambiguous with positive probability for every k"
    )


@process_level(ergodic_only())
def cryptic_order(hmm: HMM, max_states: int = 10_000) -> int | float:
    """Cryptic order ``k`` (least ``k`` with ``H[S_k | X_0, X_1, ...] = 0``): an int or ``math.inf``.

    See Also
    --------
    markov_order
    crypticity

    References
    ----------
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
    - J. R. Mahoney, C. J. Ellison, R. G. James and J. P. Crutchfield, "How hidden are hidden processes? A primer on crypticity and entropy convergence", Chaos 21, 037112 (2011).
    - R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Many roads to synchrony: natural time scales and their algorithms", Phys. Rev. E 89, 042135 (2014), arXiv:1010.5545.

    Examples
    --------
    >>> from compmech.processes import golden_mean, even, rrxor
    >>> cryptic_order(golden_mean()), cryptic_order(even()), cryptic_order(rrxor())
    (1, 0, 0)
    """
    em = epsilon_machine(hmm, max_states=max_states)
    succ = _successors(em)
    n = em.n_states
    MERGED = "merged"
    G = nx.DiGraph()
    G.add_node(MERGED)
    for s in range(n):
        for t in range(n):
            if s == t:
                continue
            G.add_node((s, t))
            for x, (s2, _) in succ[s].items():
                if x in succ[t]:  # a symbol that both states can emit
                    t2 = succ[t][x][0]
                    target = MERGED if s2 == t2 else (s2, t2)
                    if not G.has_edge((s, t), target):
                        G.add_edge((s, t), target, symbol=x)
    # pairs that never merge are told apart by the whole future with probability one (module docstring);
    # only the paths that end by merging leave the state ambiguous: the longest of them is k
    can_merge = nx.ancestors(G, MERGED)
    H = G.subgraph(can_merge | {MERGED})
    if not nx.is_directed_acyclic_graph(H.subgraph(can_merge)):
        return proven_infinite(math.inf, _stays_ambiguous(em, H.subgraph(can_merge)))
    best = 0
    dist = {}
    for u in reversed(list(nx.topological_sort(H))):
        if u == MERGED:
            dist[u] = 0
            continue
        dist[u] = max(dist[v] + 1 for v in H.successors(u))
        best = max(best, dist[u])
    return best
