"""Comparing an inferred machine with the exact one."""

from __future__ import annotations

import networkx as nx

__all__ = ["same_topology"]


def _graph(hmm) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(range(hmm.n_states))
    for a, m in hmm.matrices.items():
        for i in range(hmm.n_states):
            for j in range(hmm.n_states):
                if m[i, j] != 0:
                    if G.has_edge(i, j):
                        G[i][j]["labels"] = tuple(sorted(G[i][j]["labels"] + (repr(a),)))
                    else:
                        G.add_edge(i, j, labels=(repr(a),))
    return G


def same_topology(a, b) -> bool:
    """Whether two HMMs have the same labeled transition graph up to renaming states (probabilities ignored).

    This is the structural question of inference: an inferred machine with the right topology has the
    right causal states; its probabilities are estimates.

    Examples
    --------
    >>> from compmech.processes import golden_mean, even
    >>> same_topology(golden_mean("1/3"), golden_mean("1/2")), same_topology(golden_mean(), even())
    (True, False)
    """
    if set(a.alphabet) != set(b.alphabet) or a.n_states != b.n_states:
        return False
    return nx.is_isomorphic(_graph(a), _graph(b), edge_match=lambda e1, e2: e1["labels"] == e2["labels"])
