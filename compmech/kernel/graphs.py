"""Small graph helpers shared by HMMs and mixed-state presentations."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["closed_classes"]


def closed_classes(n: int, sources, targets) -> list[list[int]]:
    """Closed communicating classes (attracting components) of a directed graph.

    Parameters
    ----------
    n : int
        Number of nodes, labelled ``0 .. n-1``.
    sources, targets : array_like of int
        Edge list.

    Returns
    -------
    list of list of int
        Each closed class as a sorted list of nodes, classes ordered by their
        smallest node.

    Examples
    --------
    >>> closed_classes(3, [0, 1, 2], [1, 2, 1])
    [[1, 2]]
    """
    src = np.asarray(sources, dtype=np.int64)
    dst = np.asarray(targets, dtype=np.int64)
    adj = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    n_comp, labels = connected_components(adj, directed=True, connection="strong")
    leaves = np.ones(n_comp, dtype=bool)
    cross = labels[src] != labels[dst]
    leaves[labels[src[cross]]] = False
    classes = [np.flatnonzero(labels == c).tolist() for c in np.flatnonzero(leaves)]
    classes.sort(key=lambda c: c[0])
    return classes
