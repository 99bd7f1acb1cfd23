"""The keys of every belief the integer MSP builder has seen, and the keys a new level shares.

A level's candidate keys are sorted once (``np.sort`` of the key type: ``int32`` with the default single
hash prime; no ``argsort``) and merged with the sorted distinct keys seen so far (a stable sort of two
sorted runs is a linear merge); a value that occurs twice in the merge is a *shared* key, and only the
candidates holding one are compared exactly (usually none, or a few hundred on a level of half a
million).  The nodes that hold a given key are found from each node's key, on demand.

Every candidate's key is the key of a node: a candidate either becomes a node or merges into a node
with the same belief, hence the same key; so the merged keys are the seen keys of the next level.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SeenKeys", "members"]

#: Below this many candidate keys, a level is looked up in Python sets (a thin MSP: one or two per level).
_THIN = 64


def members(arr: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Boolean mask: which entries of ``arr`` are among the (few, sorted, distinct) ``values``.

    A 65,536-entry table of the values' low 16 bits filters ``arr`` in one cache-resident gather; only
    the entries that pass are searched among the values.

    Examples
    --------
    >>> members(np.array([5, 70000, 3, 5 + 65536, -2]), np.array([-2, 5])).tolist()
    [True, False, False, False, True]
    """
    out = np.zeros(arr.size, dtype=bool)
    if not values.size or not arr.size:
        return out
    table = np.zeros(1 << 16, dtype=bool)
    table[values & 0xFFFF] = True
    maybe = np.flatnonzero(table[arr & 0xFFFF])
    sub = arr[maybe]
    pos = np.minimum(np.searchsorted(values, sub), values.size - 1)
    out[maybe[values[pos] == sub]] = True
    return out


def _among(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Boolean mask: which ``values`` occur in the sorted array ``sorted_values``."""
    if not sorted_values.size or not values.size:
        return np.zeros(values.size, dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_values, values), sorted_values.size - 1)
    return sorted_values[pos] == values


class SeenKeys:
    """Sorted distinct keys of all nodes (plus a set of recent ones) and every node's key, in node order.

    Thin levels put their keys in a set, merged into the sorted array when it reaches a quarter of it,
    so that 100,000 thin levels cost ``O(N log N)`` instead of one ``O(N)`` merge per level.

    Examples
    --------
    >>> s = SeenKeys(np.int32)
    >>> s.shared(np.array([7, 3, 9]), remember=True).tolist()
    []
    >>> s.add_nodes(np.array([7, 3, 9]))
    >>> s.shared(np.array([3, 4, 4, 5]), remember=False).tolist(), s.nodes_with([3, 4])
    ([3, 4], {3: [1]})
    """

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)
        self.sorted = np.zeros(0, dtype=self.dtype)
        self.recent: set[int] = set()
        self._keys = np.zeros(0, dtype=self.dtype)  # every node's key in node order, in a growing buffer
        self.n_nodes = 0

    def shared(self, keys: np.ndarray, remember: bool) -> np.ndarray:
        """The sorted distinct values that occur twice among ``keys`` or are keys seen before.

        With ``remember``, the keys join the seen ones (every candidate's key is a node's key).
        """
        return self.shared_holding(keys, remember, np.zeros(0, dtype=self.dtype))[0]

    def shared_holding(self, keys: np.ndarray, remember: bool, probe: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`shared`, and a mask of the ``probe`` values that are among ``keys`` or the seen keys.

        Examples
        --------
        >>> s = SeenKeys(np.int32)
        >>> _ = s.shared(np.arange(100), remember=True)
        >>> values, held = s.shared_holding(np.array([5, 500, 501]), False, np.array([4, 501, 502]))
        >>> values.tolist(), held.tolist()
        ([5], [True, True, False])
        """
        keys = keys.astype(self.dtype, copy=False)
        probe = np.asarray(probe, dtype=self.dtype)
        if keys.size < _THIN:
            return self._shared_thin(keys, remember, probe)
        merged = np.empty(self.sorted.size + keys.size, dtype=self.dtype)
        merged[: self.sorted.size] = self.sorted
        new = merged[self.sorted.size :]
        new[...] = keys
        new.sort()  # in place: no sorted copy of the keys
        merged.sort(kind="stable")  # two sorted runs: a linear merge
        eq = merged[1:] == merged[:-1]
        values = np.unique(merged[1:][eq])
        held = _among(merged, probe) | self._recent(probe)
        if self.recent:
            recent = np.array(sorted(self.recent), dtype=self.dtype)
            values = np.union1d(values, recent[_among(merged, recent)])
        if remember:
            keep = np.ones(merged.size, dtype=bool)
            keep[1:] = ~eq
            self.sorted = merged[keep]
            if self.recent:
                self._merge_recent()
        return values, held

    def _recent(self, values: np.ndarray) -> np.ndarray:
        if not self.recent or not values.size:
            return np.zeros(values.size, dtype=bool)
        return np.isin(values, np.fromiter(self.recent, dtype=self.dtype))

    def _shared_thin(self, keys: np.ndarray, remember: bool, probe: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        held = _among(self.sorted, probe) | self._recent(probe) | np.isin(probe, keys)
        out: set[int] = set()
        mine: set[int] = set()
        kl = keys.tolist()
        out.update(k for k, hit in zip(kl, _among(self.sorted, keys).tolist()) if hit)
        for key in kl:
            if key in mine or key in self.recent:
                out.add(key)
            mine.add(key)
        if remember:
            self.recent |= mine
            if len(self.recent) > max(256, self.sorted.size // 4):
                self._merge_recent()
        return np.array(sorted(out), dtype=self.dtype), held

    def _merge_recent(self) -> None:
        self.sorted = np.union1d(self.sorted, np.array(list(self.recent), dtype=self.dtype))
        self.recent = set()

    def add_nodes(self, keys: np.ndarray) -> None:
        """Record the keys of a new level's nodes, in node order (for :meth:`nodes_with`).

        The buffer doubles when full, so that 10,000 thin levels (the SNS) append in amortized
        constant time per node instead of copying every earlier level each time.
        """
        end = self.n_nodes + keys.size
        if end > self._keys.size:
            grown = np.zeros(max(end, 2 * self._keys.size, 64), dtype=self.dtype)
            grown[: self.n_nodes] = self._keys[: self.n_nodes]
            self._keys = grown
        self._keys[self.n_nodes : end] = keys
        self.n_nodes = end

    def nodes_with(self, values) -> dict[int, list[int]]:
        """``{key: [node ids]}`` for the given keys (the nodes recorded so far that hold them)."""
        values = np.unique(np.asarray(values, dtype=self.dtype))
        flat = self._keys[: self.n_nodes]
        if not values.size or not flat.size:
            return {}
        ids = np.flatnonzero(members(flat, values))
        out: dict[int, list[int]] = {}
        for u, key in zip(ids.tolist(), flat[ids].tolist()):
            out.setdefault(key, []).append(u)
        return out
