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


def _as_symbols(seq, i: int, what: str) -> np.ndarray:
    """One sequence as a 1-D array of integer, boolean or text symbols, refusing anything else by name.

    Python sequences are read element by element (numpy would turn ``[2**64 - 1, 0]`` into floats and
    nested lists into matrices).
    """
    if isinstance(seq, np.ndarray):
        arr = seq
    else:
        try:
            arr = np.fromiter(seq, dtype=object, count=len(seq))
        except TypeError:
            raise InvalidArgumentError(f"{what}: sequence {i} is not a sequence of symbols") from None
    if arr.ndim != 1:
        raise InvalidArgumentError(f"{what}: sequence {i} is not one-dimensional (shape {arr.shape})")
    if arr.dtype.kind in "iubU":
        return arr
    if arr.dtype.kind != "O":
        raise InvalidArgumentError(
            f"{what}: sequence {i} holds {arr.dtype} values; symbols are integers, booleans or text (not floats)"
        )
    values = arr.tolist()
    for kind, test in ((bool, lambda v: isinstance(v, bool)), (str, lambda v: isinstance(v, str))):
        if values and all(map(test, values)):
            return np.array(values, dtype=kind)
    bad = next((j for j, v in enumerate(values) if not isinstance(v, (int, np.integer)) or isinstance(v, bool)), None)
    if bad is not None:
        raise InvalidArgumentError(
            f"{what}: sequence {i} holds {excerpt(values[bad])} at position {bad}: symbols are integers, booleans "
            f"or text, one kind per sample"
        )
    for dtype in (np.int64, np.uint64):
        try:
            return np.array(values, dtype=dtype)
        except OverflowError:
            continue
    raise InvalidArgumentError(f"{what}: sequence {i} holds integer symbols beyond 64 bits")


def _one_integer_type(seqs: list, what: str) -> list:
    """Integer sequences in one dtype (int64, or uint64 when some symbol exceeds 2^63 - 1), never floats."""
    big = any(s.dtype.kind == "u" and s.size and int(s.max()) > np.iinfo(np.int64).max for s in seqs)
    if not big:
        return [s.astype(np.int64, copy=False) for s in seqs]
    if any(s.dtype.kind == "i" and s.size and int(s.min()) < 0 for s in seqs):
        raise InvalidArgumentError(f"{what}: symbols span more than 64 bits (negative ones and ones above 2^63)")
    return [s.astype(np.uint64, copy=False) for s in seqs]


def _sequences(data, what: str) -> list:
    if isinstance(data, np.ndarray) and data.ndim == 2:
        rows = list(data)
    elif isinstance(data, np.ndarray) and data.ndim == 1:
        rows = [data]
    elif isinstance(data, (list, tuple)) and data and all(isinstance(s, (list, tuple, np.ndarray)) for s in data):
        rows = list(data)
    elif isinstance(data, (str, list, tuple)):
        rows = [list(data)]
    else:
        shape = f" of shape {data.shape}" if isinstance(data, np.ndarray) else ""
        raise InvalidArgumentError(
            f"{what}: expected a sequence, a 2-D array or a list of sequences, got {type(data).__name__}{shape}"
        )
    return [_as_symbols(s, i, what) for i, s in enumerate(rows)]


def read_sample(data, alphabet=None, min_length: int = 2, what: str = "data", max_symbols: int | None = None) -> Sample:
    """A :class:`Sample` from a 1-D sequence, a 2-D array (one sequence per row) or a list of sequences.

    Symbols are integers (any width, unsigned 64-bit included), booleans or text; floats, ``None``,
    other objects and ragged nesting are refused naming the sequence and position.  They are indexed
    in ``alphabet`` (default: the sorted distinct symbols).  Integer data with an alphabet of other
    symbols are read as indices into it (what :func:`compmech.sample` returns).  Empty data, a
    sequence shorter than ``min_length``, symbols outside ``alphabet`` and more distinct symbols than
    ``max_symbols`` are refused, naming where.  Vectorized: one ``numpy.unique`` over all symbols.

    Examples
    --------
    >>> s = read_sample([[2**64 - 1, 0, 2**64 - 1], [0, 0]])
    >>> s.alphabet, [q.tolist() for q in s.sequences]
    ((0, 18446744073709551615), [[1, 0, 1], [0, 0]])
    >>> read_sample([0, None, 1])
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: data: sequence 0 holds None at position 1: symbols are integers, booleans or text, one kind per sample
    """
    seqs = _sequences(data, what)
    if not seqs or all(len(s) == 0 for s in seqs):
        raise InvalidArgumentError(f"{what} is empty: there is nothing to infer from")
    for i, s in enumerate(seqs):
        if len(s) < min_length:
            raise InvalidArgumentError(
                f"{what}: sequence {i} has {len(s)} symbol(s), fewer than the {min_length} this inference needs"
            )
    families = {"text" if s.dtype.kind == "U" else "booleans" if s.dtype.kind == "b" else "integers" for s in seqs}
    if len(families) > 1:
        raise InvalidArgumentError(
            f"{what}: the sequences mix {' and '.join(sorted(families))}; use one kind of symbol"
        )
    if families == {"integers"}:
        seqs = _one_integer_type(seqs, what)
    values, inverse = np.unique(np.concatenate(seqs), return_inverse=True)
    if max_symbols is not None and len(values) > max_symbols:
        raise InvalidArgumentError(
            f"{what} holds {len(values):,} distinct symbols; this inference handles at most {max_symbols:,}"
        )
    symbols = values.tolist()  # Python ints (exact, also beyond 2^63), bools or str
    if alphabet is None:
        alphabet, lut = tuple(symbols), np.arange(len(symbols), dtype=np.int64)
    else:
        alphabet = tuple(alphabet)
        as_indices = values.dtype.kind in "iu" and not all(
            isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in alphabet
        )
        index = {i: i for i in range(len(alphabet))} if as_indices else {a: i for i, a in enumerate(alphabet)}
        missing = next((v for v in symbols if v not in index), None)
        if missing is not None:
            seq = next(i for i, s in enumerate(seqs) if (s == values[symbols.index(missing)]).any())
            kind = (
                f"index {missing}, not below {len(alphabet)}"
                if as_indices
                else f"{excerpt(missing)}, not in the alphabet {excerpt(alphabet)}"
            )
            raise InvalidArgumentError(f"{what}: sequence {seq} holds {kind}")
        lut = np.array([index[v] for v in symbols], dtype=np.int64)
    codes = lut[inverse.reshape(-1)]
    bounds = np.cumsum([len(s) for s in seqs])[:-1]
    return Sample(tuple(np.split(codes, bounds)), alphabet)


def _window_codes(seq: np.ndarray, width: int, k: int) -> np.ndarray:
    """The integer code of every window of ``width`` symbols of one sequence (oldest symbol most significant)."""
    n = len(seq) - width + 1
    code = np.zeros(max(n, 0), dtype=np.int64)
    for j in range(width):
        code = code * k + seq[j : j + n]
    return code


def _all_windows(sample: Sample, width: int) -> np.ndarray:
    codes = [_window_codes(s, width, sample.k) for s in sample.sequences if len(s) >= width]
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def longest_history(sample: Sample, future: int, min_count: int, upto: int) -> int:
    """The longest ``L <= upto`` such that some history of length ``L``, followed by ``future`` symbols, is seen
    ``min_count`` times or more (-1 when none is, not even the empty one).

    Every window's last ``length - 1 + future`` symbols are a window too, so the largest count only falls
    as histories grow: one counting pass when ``upto`` qualifies, a bisection of about ``log2(upto)``
    passes otherwise.

    Examples
    --------
    >>> longest_history(read_sample([0, 1] * 10), 1, 5, 30)  # 9 windows of 12 symbols: 5 of them 0101...
    11
    """

    def seen_enough(length: int) -> bool:
        windows = _all_windows(sample, length + future)
        return windows.size > 0 and int(np.unique(windows, return_counts=True)[1].max()) >= min_count

    if seen_enough(upto):
        return upto
    if not seen_enough(0):
        return -1
    lo, hi = 0, upto - 1  # seen_enough(lo) holds
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if seen_enough(mid) else (lo, mid - 1)
    return lo


class HistoryCounts:
    """``N(w, v)``: how often history ``w`` (length 0..L) is followed by the word ``v`` of the next ``m`` symbols.

    A history of length ``l`` is the integer ``sum_j w_j k^(l-1-j)`` (oldest symbol most significant),
    and so is a future word.  ``get(l, code)`` is the vector of counts over the ``k^m`` future words;
    ``next1(l, code)`` its marginal over the next symbol alone.  Windows never straddle two sequences.
    Histories seen fewer than ``min_count`` times are not kept (``get`` gives None, as for one never
    seen); ``seen(L)`` lists every history of the longest length.  Each length is held as a sorted code
    array and a count matrix: about ``8 (1 + k^m)`` bytes per kept history.
    """

    def __init__(self, sample: Sample, max_length: int, future: int = 1, min_count: int = 1):
        k = sample.k
        if max_length < 0 or future < 1 or (k > 1 and (max_length + future) * math.log2(k) > 62):
            raise InvalidArgumentError(
                f"max_length = {max_length} with future {future} is out of range for {k} symbols"
            )
        self.k, self.max_length, self.future = k, max_length, future
        self.width = k**future
        self._codes: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        for length in range(max_length + 1):
            uniq, cnt = np.unique(_all_windows(sample, length + future), return_counts=True)
            hist, nxt = uniq // self.width, uniq % self.width
            codes, first, row = np.unique(hist, return_index=True, return_inverse=True)
            totals = np.add.reduceat(cnt, first) if len(first) else np.zeros(0, dtype=np.int64)
            if length == max_length:
                self._seen = codes
            keep = totals >= min_count
            new_row = np.cumsum(keep) - 1
            table = np.zeros((int(keep.sum()), self.width), dtype=np.int64)
            mask = keep[row]
            table[new_row[row[mask]], nxt[mask]] = cnt[mask]
            self._codes.append(codes[keep])
            self._counts.append(table)

    def kept(self, length: int) -> int:
        """How many histories of that length were seen ``min_count`` times or more (the ones CSSR places)."""
        return len(self._codes[length])

    def seen(self, length: int) -> np.ndarray:
        """The codes of the histories of the longest length seen followed by ``m`` more symbols (all of them)."""
        if length != self.max_length:
            raise InvalidArgumentError(f"only the histories of the longest length ({self.max_length}) are all kept")
        return self._seen

    def get(self, length: int, code: int):
        """Counts of the next ``m`` symbols after a history, or None when it was not seen ``min_count`` times."""
        codes = self._codes[length]
        i = int(np.searchsorted(codes, code))
        return self._counts[length][i] if i < len(codes) and codes[i] == code else None

    def next1(self, length: int, code: int):
        """Counts of the next symbol alone."""
        v = self.get(length, code)
        return None if v is None else v.reshape(self.k, -1).sum(axis=1)
