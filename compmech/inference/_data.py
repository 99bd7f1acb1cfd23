"""Reading a sample (one sequence or a batch) and counting its histories, vectorized."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidArgumentError, excerpt

__all__ = ["Sample", "read_sample", "HistoryCounts"]


@dataclass(frozen=True)
class Sample:
    """Symbol indices of one or more sequences, with the alphabet they index."""

    sequences: tuple  # of 1-D int64 arrays
    alphabet: tuple

    @property
    def n_symbols(self) -> int:
        return int(sum(len(s) for s in self.sequences))

    @property
    def k(self) -> int:
        return len(self.alphabet)


def read_sample(data, alphabet=None, min_length: int = 2, what: str = "data") -> Sample:
    """A :class:`Sample` from a 1-D sequence, a 2-D array (one sequence per row) or a list of sequences.

    Symbols are indexed in ``alphabet`` (default: the sorted distinct symbols).  Integer data with an
    alphabet of other symbols are read as indices into it (what :func:`compmech.sample` returns).  Empty data, a sequence
    shorter than ``min_length`` and symbols outside ``alphabet`` are refused, naming where.
    """
    if isinstance(data, np.ndarray) and data.ndim == 2:
        seqs = [row for row in data]
    elif isinstance(data, np.ndarray) and data.ndim == 1:
        seqs = [data]
    elif isinstance(data, (list, tuple)) and data and all(isinstance(s, (list, tuple, np.ndarray)) for s in data):
        seqs = [np.asarray(s) for s in data]
    elif isinstance(data, (list, tuple, str)):
        seqs = [np.asarray(list(data))]
    else:
        raise InvalidArgumentError(
            f"{what}: expected a sequence, a 2-D array or a list of sequences, got {type(data).__name__}"
        )
    if not seqs or all(len(s) == 0 for s in seqs):
        raise InvalidArgumentError(f"{what} is empty: there is nothing to infer from")
    for i, s in enumerate(seqs):
        if np.ndim(s) != 1:
            raise InvalidArgumentError(f"{what}: sequence {i} is not one-dimensional")
        if len(s) < min_length:
            raise InvalidArgumentError(
                f"{what}: sequence {i} has {len(s)} symbol(s), fewer than the {min_length} this inference needs"
            )
    symbols = sorted({v.item() if hasattr(v, "item") else v for s in seqs for v in np.unique(s)}, key=repr)
    if alphabet is None:
        try:
            alphabet = tuple(sorted(symbols))
        except TypeError:
            alphabet = tuple(symbols)
    alphabet = tuple(alphabet)
    index = {a: i for i, a in enumerate(alphabet)}
    out = []
    int_alphabet = all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in alphabet)
    for i, s in enumerate(seqs):
        if s.dtype.kind in "iu" and not int_alphabet:  # indices into the alphabet (what compmech.sample returns)
            if s.size and (s.min() < 0 or s.max() >= len(alphabet)):
                raise InvalidArgumentError(
                    f"{what}: sequence {i} holds index {int(s.max())}, not below {len(alphabet)}"
                )
            out.append(s.astype(np.int64))
        elif s.dtype.kind in "iu" and int_alphabet:
            lut_keys = np.array(alphabet, dtype=np.int64)
            order = np.argsort(lut_keys)
            pos = np.searchsorted(lut_keys[order], s)
            ok = (pos < len(order)) & (lut_keys[order][np.minimum(pos, len(order) - 1)] == s)
            if not ok.all():
                bad = s[~ok][0]
                raise InvalidArgumentError(
                    f"{what}: sequence {i} holds {excerpt(bad)}, not in the alphabet {excerpt(alphabet)}"
                )
            out.append(order[pos].astype(np.int64))
        else:
            try:
                out.append(np.array([index[v.item() if hasattr(v, "item") else v] for v in s], dtype=np.int64))
            except KeyError as exc:
                raise InvalidArgumentError(
                    f"{what}: sequence {i} holds {excerpt(exc.args[0])}, not in the alphabet {excerpt(alphabet)}"
                ) from None
    return Sample(tuple(out), alphabet)


class HistoryCounts:
    """``N(w, v)``: how often history ``w`` (length 0..L) is followed by the word ``v`` of the next ``m`` symbols.

    A history of length ``l`` is the integer ``sum_j w_j k^(l-1-j)`` (oldest symbol most significant),
    and so is a future word.  ``get(l, code)`` is the vector of counts over the ``k^m`` future words;
    ``next1(l, code)`` its marginal over the next symbol alone.  Windows never straddle two sequences.
    """

    def __init__(self, sample: Sample, max_length: int, future: int = 1):
        k = sample.k
        if max_length < 0 or future < 1 or (k > 1 and (max_length + future) * math.log2(k) > 62):
            raise InvalidArgumentError(
                f"max_length = {max_length} with future {future} is out of range for {k} symbols"
            )
        self.k, self.max_length, self.future = k, max_length, future
        self.width = k**future
        self._tables: list[dict] = []
        for length in range(max_length + 1):
            codes = [self._window_codes(s, length + future) for s in sample.sequences if len(s) >= length + future]
            allc = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
            uniq, cnt = np.unique(allc, return_counts=True)
            hist, nxt = uniq // self.width, uniq % self.width
            table: dict = {h: np.zeros(self.width, dtype=np.int64) for h in np.unique(hist).tolist()}
            for h, x, c in zip(hist.tolist(), nxt.tolist(), cnt.tolist()):
                table[h][x] = c
            self._tables.append(table)

    def _window_codes(self, seq: np.ndarray, width: int) -> np.ndarray:
        n = len(seq) - width + 1
        code = np.zeros(n, dtype=np.int64)
        for j in range(width):
            code = code * self.k + seq[j : j + n]
        return code

    def table(self, length: int) -> dict:
        """Every history of that length seen followed by ``m`` more symbols: ``{code: counts}``."""
        return self._tables[length]

    def get(self, length: int, code: int):
        """Counts of the next ``m`` symbols after a history, or None when it was never followed by them."""
        return self._tables[length].get(code)

    def next1(self, length: int, code: int):
        """Counts of the next symbol alone."""
        v = self._tables[length].get(code)
        return None if v is None else v.reshape(self.k, -1).sum(axis=1)
