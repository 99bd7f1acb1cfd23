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


@process_level(ergodic_only())
@infinite_when_certified("forward", math.inf)
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
                    G.add_edge((s, t), MERGED if s2 == t2 else (s2, t2))
    # pairs that never merge are told apart by the whole future with probability one (module docstring);
    # only the paths that end by merging leave the state ambiguous: the longest of them is k
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
