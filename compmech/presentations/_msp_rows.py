"""Per-level rows of the integer MSP builder: a tree level's parents and symbols without the arrays, and
growable arrays of float views and edge probabilities that each level writes in place."""

from __future__ import annotations

import numpy as np

__all__ = ["AllChildren", "Rows"]


class AllChildren:
    """The parents (``part="parent"``) or symbols (``"symbol"``) of all ``k`` children of the ``N`` nodes
    ``start .. start + N - 1``, in (parent, symbol) order, without forming the array (a tree level)."""

    __slots__ = ("start", "N", "k", "part")

    def __init__(self, start: int, N: int, k: int, part: str):
        self.start, self.N, self.k, self.part = start, N, k, part

    @property
    def size(self) -> int:
        return self.N * self.k

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self if idx == slice(None) else np.asarray(self)[idx]
        idx = np.asarray(idx)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        out = self.start + idx // self.k if self.part == "parent" else idx % self.k
        return int(out) if out.ndim == 0 else out

    def fill(self, out: np.ndarray) -> None:
        """Write the values into ``out`` (``N k`` entries)."""
        if self.part == "parent":
            out.reshape(self.N, self.k)[...] = np.arange(self.start, self.start + self.N)[:, None]
        else:
            out.reshape(self.N, self.k)[...] = np.arange(self.k)[None, :]

    def __array__(self, dtype=None, copy=None):
        out = np.empty(self.size, dtype=np.int64)
        self.fill(out)
        return out if dtype is None else out.astype(dtype)


class Rows:
    """A growable array of rows (float views, edge probabilities) that each level writes in place.

    A level asks for room for its candidates (:meth:`room`), writes them there, and keeps as many as
    become rows (:meth:`keep`); the capacity doubles, or fits exactly on the last level, so that the
    levels are not copied again into one array at the end.
    """

    def __init__(self, first: np.ndarray):
        self.data = np.array(first)
        self.size = self.data.shape[0]

    def reserve(self, rows: int) -> None:
        """Capacity for ``rows`` rows in all (no copy of the kept ones when they come)."""
        if rows > self.data.shape[0]:
            grown = np.empty((rows,) + self.data.shape[1:], dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown

    def room(self, count: int, exact: bool) -> np.ndarray:
        """A writable view of ``count`` rows after the kept ones."""
        need = self.size + count
        if need > self.data.shape[0]:
            cap = need if exact else max(need, 2 * self.data.shape[0])
            grown = np.empty((cap,) + self.data.shape[1:], dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        return self.data[self.size : need]

    def keep(self, rows, idx=None) -> np.ndarray:
        """Keep the rows of the last :meth:`room` (``idx``: only those; else all); returns them (a view)."""
        count = len(rows) if idx is None else len(idx)
        if idx is not None:
            self.data[self.size : self.size + count] = rows[idx]
        start, self.size = self.size, self.size + count
        return self.data[start : self.size]

    def append(self, rows: np.ndarray) -> np.ndarray:
        self.room(len(rows), exact=False)[...] = rows
        return self.keep(rows)

    def result(self) -> np.ndarray:
        """The rows kept (a copy only when the array has much room left)."""
        out = self.data[: self.size]
        return out.copy() if 4 * self.size < 3 * self.data.shape[0] else out
