"""Markov order and cryptic order, from the structure of the epsilon-machine.

Both are read off finite graphs built from the (unifilar, minimal)
epsilon-machine, never from a numerical tolerance:

- **Markov order** ``R``: the least ``R`` such that every word of length ``R``
  (of positive probability) determines the causal state.  The support of the
  belief after a word evolves as a subset automaton started from all causal
  states; ``R`` is one more than the longest path through subsets of size
  ``>= 2``, and infinite when such subsets lie on a reachable cycle.
- **Cryptic order** ``k``: the least ``k`` with ``H[S_k | X_0, X_1, ...] = 0``.
  Two distinct start states ``s, s'`` that are both consistent with the whole
  future leave the state at time ``k`` ambiguous exactly when their paths
  (unifilar, so each is determined by the word) have not yet merged at ``k``.
  On the graph of ordered pairs of distinct states (an edge for each symbol
  allowed from both), ``k`` is the longest path that ends by merging; it is
  infinite when a cycle of unmerged pairs can still merge, or when a closed
  set of pairs loses no probability (the two states then stay confusable by
  the whole future with positive probability).  Futures consistent with two
  states forever without merging, in a set that leaks probability, have
  probability zero and do not count (the even process has cryptic order 0).
"""

from __future__ import annotations

import math

import networkx as nx

from ..hmm import HMM
from ..machines import epsilon_machine

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
        for T in targets.values():
            T = frozenset(T)
            if len(T) >= 2:
                G.add_edge(S, T)
                if T not in seen:
                    seen.add(T)
                    stack.append(T)
    longest = _longest_path_or_inf(G, start)
    return longest if longest == math.inf else longest + 1


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
    K = em.domain
    n = em.n_states
    MERGED = "merged"
    G = nx.DiGraph()
    G.add_node(MERGED)
    leak_free = {}
    for s in range(n):
        for t in range(n):
            if s == t:
                continue
            G.add_node((s, t))
            leaks = False
            for x, (s2, _) in succ[s].items():
                if x not in succ[t]:
                    leaks = True  # s emits x with positive probability, t cannot
                    continue
                t2 = succ[t][x][0]
                G.add_edge((s, t), MERGED if s2 == t2 else (s2, t2))
                if s2 == t2:
                    leaks = True
            leak_free[(s, t)] = not leaks
    del K
    pairs = [v for v in G if v != MERGED]
    # closed, leak-free sets of unmerged pairs: confusable forever with positive probability
    unmerged = G.subgraph(pairs)
    for comp in nx.strongly_connected_components(unmerged):
        closed = all(v in comp for u in comp for v in unmerged.successors(u))
        if (
            closed
            and all(leak_free[u] for u in comp)
            and (len(comp) > 1 or unmerged.has_edge(*(2 * [next(iter(comp))])))
        ):
            return math.inf
    # longest path that ends by merging
    can_merge = nx.ancestors(G, MERGED)
    H = G.subgraph(can_merge | {MERGED})
    if not nx.is_directed_acyclic_graph(H.subgraph(can_merge)):
        return math.inf
    best = 0
    dist = {}
    for u in reversed(list(nx.topological_sort(H))):
        if u == MERGED:
            dist[u] = 0
            continue
        dist[u] = max(dist[v] + 1 for v in H.successors(u))
        best = max(best, dist[u])
    return best
