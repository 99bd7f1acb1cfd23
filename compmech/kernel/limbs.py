"""Exact big-integer matrices held as numpy limbs: vectorized integer arithmetic with no Python int per entry.

An integer ``v`` is stored as ``L`` little-endian limbs of :data:`BITS` bits: ``v = sum_l limb[l] *
2**(BITS * l)``.  A block of ``r`` rows of ``m`` integers is an array of shape ``(L, m, r)``; all rows
of a block share ``L``, chosen from an exact bound on the block's absolute values that travels with it
(``L`` limbs hold every ``|v| < 2**(BITS * L)``).  Two kinds of blocks:

- ``uint32`` (non-negative values): each limb in ``[0, 2**32)``.  The limbs need not be reduced below
  ``2**BITS``, so one carry pass after a product suffices;
- ``int32`` (any sign): limbs in ``[0, 2**BITS)`` except the top one, which is signed.

Products with small integer matrices (column sums of absolute values below :data:`FAST_FACTOR`) run on
the limbs in ``int64``: a limb below ``2**32`` times such a column stays below ``2**62``, and the carries
are propagated afterwards; larger matrices go through Python integers (exact, slower).  Nothing here is
ever a float.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import numpy as np

from ..errors import InvalidArgumentError

__all__ = [
    "BITS",
    "FAST_FACTOR",
    "IntegerRows",
    "Block",
    "limbs_for",
    "from_ints",
    "to_ints",
    "multiply",
    "Multiplier",
    "column_sum_bound",
    "accumulate_products",
    "offset_columns",
    "column_terms",
    "propagate_carries",
    "tree_columns",
]

#: Bits per limb: a reduced limb fits ``int32``, and any limb below ``2**32`` times a factor below
#: :data:`FAST_FACTOR` fits ``int64`` with room for a carry.
BITS = 31
_MASK = (1 << BITS) - 1
#: Largest column sum of absolute values of a multiplier done on the limbs (above it: Python integers).
FAST_FACTOR = 1 << 30
#: Rows per chunk of a product (bounds the ``int64`` temporaries to a few MiB).
_CHUNK = 1 << 15


def limbs_for(bound: int) -> int:
    """Number of limbs that hold every integer of absolute value at most ``bound``.

    Examples
    --------
    >>> limbs_for(0), limbs_for(2**31 - 1), limbs_for(2**31), limbs_for(2**62)
    (1, 1, 2, 3)
    """
    return max(1, -(-int(bound).bit_length() // BITS))


def column_sum_bound(W) -> int:
    """``max_j sum_i |W[i, j]|`` of an integer matrix (Python ints): how much a product can grow a value.

    Examples
    --------
    >>> column_sum_bound([[3, -4], [5, 1]])
    8
    """
    rows = [[int(v) for v in row] for row in W]
    return max((sum(abs(r[j]) for r in rows) for j in range(len(rows[0]))), default=0) if rows else 0


class Block:
    """Rows of exact integers as limbs: ``limbs`` is ``(L, m, r)``, ``uint32`` or ``int32`` (see the module);
    every ``|value| <= bound``."""

    __slots__ = ("limbs", "bound")

    def __init__(self, limbs: np.ndarray, bound: int):
        self.limbs = limbs
        self.bound = int(bound)

    @property
    def n_rows(self) -> int:
        return int(self.limbs.shape[2])

    @property
    def unsigned(self) -> bool:
        return self.limbs.dtype == np.uint32

    def take(self, idx: np.ndarray) -> Block:
        """The rows ``idx`` (an index array into this block)."""
        return Block(self.limbs[:, :, idx], self.bound)


def propagate_carries(raw: np.ndarray, unsigned: bool = False, scratch: np.ndarray | None = None) -> None:
    """Propagate the carries of ``int64`` limbs ``(L, ...)`` in place (contiguous ``raw``, ``|raw| < 2**62``).

    The caller guarantees that the value fits ``L`` limbs.  One vectorized pass moves every carry one
    limb up: with ``unsigned`` (non-negative values) that is all, every limb is then below ``2**32``.
    Otherwise the limbs are reduced below ``2**BITS``: a limb that overflows again (a few entries per
    million) is fixed on its own afterwards.  ``scratch``: an ``int64`` array of ``raw[:-1].size`` entries
    or more to hold the carries (else one is allocated).
    """
    if raw.shape[0] == 1:
        return
    if not raw.flags.c_contiguous:
        raise ValueError("propagate_carries works in place on a contiguous array")
    flat = raw.reshape(raw.shape[0], -1)
    low = flat[:-1]
    carry = np.right_shift(low, BITS, out=None if scratch is None else scratch[: low.size].reshape(low.shape))
    low &= _MASK
    flat[1:] += carry
    if unsigned:
        return
    np.right_shift(low, BITS, out=carry)
    if not carry.any():
        return
    ell, t = np.nonzero(carry)
    while ell.size:  # ripples: exact, one limb up at a time, on the few entries concerned
        c = flat[ell, t] >> BITS
        flat[ell, t] &= _MASK
        np.add.at(flat, (ell + 1, t), c)
        up = ell + 1 < flat.shape[0] - 1
        ell, t = ell[up] + 1, t[up]
        keep = (flat[ell, t] >> BITS) != 0
        ell, t = ell[keep], t[keep]


def from_ints(values, bound: int | None = None) -> Block:
    """A block from a 2-D array-like of Python ints, shape ``(r, m)`` (exact, any size).

    Examples
    --------
    >>> b = from_ints([[2**70, -3], [5, -(2**40)]])
    >>> to_ints(b).tolist()
    [[1180591620717411303424, -3], [5, -1099511627776]]
    >>> from_ints([[1, 2**40]]).unsigned
    True
    """
    arr = np.array(values, dtype=object)
    if arr.ndim != 2:
        raise InvalidArgumentError(f"from_ints needs a 2-D array of integers, got shape {arr.shape}")
    arr = np.vectorize(int, otypes=[object])(arr) if arr.size else arr
    flat = arr.ravel().tolist()
    if bound is None:
        bound = max((abs(v) for v in flat), default=0)
    L = limbs_for(bound)
    out = np.empty((L, arr.shape[1], arr.shape[0]), dtype=np.int32 if any(v < 0 for v in flat) else np.uint32)
    rest = arr.T
    for ell in range(L - 1):
        out[ell] = (rest & _MASK).astype(np.int64)
        rest = rest >> BITS
    out[L - 1] = rest.astype(np.int64)
    return Block(out, bound)


def to_ints(block: Block) -> np.ndarray:
    """The block's values as an ``(r, m)`` object array of Python ints.

    Limbs are first joined in pairs in 64-bit words, so that a value of ``L`` limbs costs about ``L / 2``
    Python-int operations.
    """
    a = block.limbs
    L = a.shape[0]
    wide = np.uint64 if block.unsigned else np.int64
    shift = wide(BITS)
    words = [
        a[ell].astype(wide) + (a[ell + 1].astype(wide) << shift) if ell + 1 < L else a[ell].astype(wide)
        for ell in range(0, L, 2)
    ]
    acc = words[-1].astype(object)
    for w in reversed(words[:-1]):
        acc = (acc << (2 * BITS)) + w.astype(object)
    return acc.T


class Multiplier:
    """An integer matrix ``W`` ``(m, q)`` prepared once for many :func:`multiply` calls: its Python ints, its
    :func:`column_sum_bound`, its sign, and each column's nonzero entries (large presentations are sparse),
    as the ``terms`` of :func:`accumulate_products`.

    Examples
    --------
    >>> P = Multiplier([[5, 0], [0, 2]])
    >>> P.grow, P.nonneg, P.terms
    (5, True, ((0, ((0, 5),)), (0, ((1, 2),))))
    """

    __slots__ = ("rows", "grow", "nonneg", "terms", "array")

    def __init__(self, W):
        self.rows = [[int(v) for v in row] for row in np.asarray(W, dtype=object).tolist()]
        self.grow = column_sum_bound(self.rows)
        self.nonneg = all(v >= 0 for row in self.rows for v in row)
        q = len(self.rows[0]) if self.rows else 0
        self.terms = tuple((0, tuple(col)) for col in _plain_columns(self.rows, q))
        self.array = np.array(self.rows, dtype=object if self.grow >= FAST_FACTOR else np.int64).reshape(-1, q)


def multiply(block: Block, W, bound: int | None = None) -> Block:
    """``block @ W`` exactly, for an integer matrix ``W`` of shape ``(m, q)`` (Python ints, an int array, or
    a :class:`Multiplier` made once for many products).

    ``bound`` (optional) is a bound on the result's absolute values that the caller knows to hold, at
    least ``block.bound * column_sum_bound(W)``: blocks computed with one bound share their limb count.
    A non-negative block times a non-negative ``W`` is a non-negative (``uint32``) block.

    Examples
    --------
    >>> b = from_ints([[2**62 + 1, 3], [-7, 2**33]])
    >>> to_ints(multiply(b, [[5, 1], [0, -2]])).tolist() == [[5 * (2**62 + 1), 2**62 + 1 - 6], [-35, -7 - 2**34]]
    True
    """
    P = W if isinstance(W, Multiplier) else Multiplier(W)
    grow = P.grow
    if bound is None:
        bound = block.bound * grow
    elif bound < block.bound * grow:
        raise InvalidArgumentError(f"bound {bound} is below the bound of the product, {block.bound * grow}")
    if grow >= FAST_FACTOR:  # the partial sums could leave int64: Python integers, exact
        return from_ints(to_ints(block).dot(P.array), bound)
    q = P.array.shape[1]
    unsigned = block.unsigned and P.nonneg
    L = limbs_for(bound)
    r = block.n_rows
    out = np.empty((L, q, r), dtype=np.uint32 if unsigned else np.int32)
    for a in range(0, r, _CHUNK):
        b = min(r, a + _CHUNK)
        G = block.limbs[:, :, a:b].astype(np.int64)
        raw = np.zeros((L, q, b - a), dtype=np.int64)
        accumulate_products(raw[: G.shape[0]], G, P.array, terms=P.terms)
        propagate_carries(raw, unsigned)
        out[:, :, a:b] = raw
    return Block(out, bound)


def offset_columns(W) -> list[tuple[int, list[tuple[int, int]]]]:
    """Each column of an integer matrix ``W (m, q)`` as ``(a, terms)``: ``W[:, j] = a + sum of the terms``.

    ``v . W[:, j] = a * sum(v) + sum_(i, w) w * v[i]``: with the sum of ``v`` at hand, a column costs one
    product per term plus one for ``a``.  Where every entry of the column is non-negative and that saves
    a product, ``a`` is the column's least entry (the terms are then its excess, non-negative, and the
    column's sum is unchanged, so the bound on the result is the same); else ``a = 0`` and the terms
    are the non-zero entries.

    Examples
    --------
    >>> offset_columns([[612, 3, 0], [34, 54, 0], [34, 3, 5]])
    [(34, [(0, 578)]), (3, [(1, 51)]), (0, [(2, 5)])]
    """
    rows = [[int(v) for v in row] for row in np.asarray(W, dtype=object).tolist()]
    out = []
    for j in range(len(rows[0]) if rows else 0):
        col = [r[j] for r in rows]
        plain = [(i, w) for i, w in enumerate(col) if w]
        a = min(col)
        excess = [(i, w - a) for i, w in enumerate(col) if w != a]
        out.append((a, excess) if a > 0 and len(excess) + 1 < len(plain) else (0, plain))
    return out


def column_terms(W, offsets: bool) -> tuple:
    """The columns of a small integer matrix as :func:`offset_columns` (``offsets``) or as ``(0, non-zero
    entries)``, cached by the matrix's values (a level asks for the same few matrices at every chunk).

    Examples
    --------
    >>> column_terms(np.array([[2, 0], [2, 3], [2, 3]]), True)
    ((2, ()), (0, ((1, 3), (2, 3))))
    """
    W = np.asarray(W)
    return _column_terms(W.shape, tuple(int(v) for v in W.ravel().tolist()), offsets)


@lru_cache(maxsize=256)
def _column_terms(shape: tuple, flat: tuple, offsets: bool) -> tuple:
    W = [list(flat[i * shape[1] : (i + 1) * shape[1]]) for i in range(shape[0])]
    if offsets:
        cols = offset_columns(W)
    else:
        cols = [(0, col) for col in _plain_columns(W, shape[1])]
    return tuple((a, tuple(terms)) for a, terms in cols)


def _plain_columns(rows: list, q: int) -> list:
    """Each of the ``q`` columns of a matrix (lists of Python ints) as its non-zero ``(row, value)`` pairs."""
    return [[(i, row[j]) for i, row in enumerate(rows) if row[j]] for j in range(q)]


def _add_product(acc: np.ndarray, src: np.ndarray, w: int, first: bool, tmp) -> np.ndarray | None:
    """``acc (+)= w * src`` (``first``: overwrite); returns the product buffer (allocated when needed)."""
    if first:
        if w == 1:
            np.copyto(acc, src)
        else:
            np.multiply(src, w, out=acc)
    elif w == 1:
        acc += src
    else:
        if tmp is None:
            tmp = np.empty(src.shape, dtype=np.int64)
        np.multiply(src, w, out=tmp)
        acc += tmp
    return tmp


def accumulate_products(
    raw: np.ndarray,
    G: np.ndarray,
    W: np.ndarray,
    fresh: bool = False,
    tmp: np.ndarray | None = None,
    rowsum: np.ndarray | None = None,
    terms: tuple | None = None,
) -> None:
    """``raw[:, j] += sum_i W[i, j] G[:, i]`` for ``int64`` limbs ``G (Lg, m, ...)`` (zero factors skipped).

    ``raw`` is ``(Lg, q, ...)``, a view is fine; with ``fresh`` its old contents are ignored (overwritten).
    ``tmp``: an ``int64`` array shaped like ``G[:, 0]`` for the products (else one is allocated).
    ``rowsum``: ``G.sum(axis=1)`` if the caller has it: the columns are then taken in the form of
    :func:`offset_columns` (fewer products; the same bound).  ``terms``: :func:`column_terms` of ``W`` if the
    caller has them.  The caller guarantees that no sum leaves ``int64``.
    """
    for j, (a, col) in enumerate(terms if terms is not None else column_terms(W, rowsum is not None)):
        acc = raw[:, j]
        first = fresh
        if a and rowsum is not None:  # a != 0 only in the offset form, which has the row sum
            tmp = _add_product(acc, rowsum, a, first, tmp)
            first = False
        for i, w in col:
            tmp = _add_product(acc, G[:, i], w, first, tmp)
            first = False
        if first:  # a zero column
            acc[...] = 0


def tree_columns(sizes: list[int], tree: list[int], b: int, local) -> np.ndarray:
    """Columns of rows ``local`` of block ``b`` in the layout of :class:`IntegerRows` (``tree``, block ``sizes``).

    Examples
    --------
    >>> tree_columns([1, 2, 4], [0, 2, 2], 2, [0, 1, 2, 3]).tolist()
    [0, 2, 1, 3]
    """
    local = np.asarray(local, dtype=np.int64)
    col = np.zeros_like(local)
    while tree[b]:  # row p k + x of block b sits at x * rows(b - 1) + (where p sits in block b - 1)
        local, x = np.divmod(local, tree[b])
        col += x * sizes[b - 1]
        b -= 1
    return col + local


class IntegerRows:
    """An exact integer matrix ``(n_rows, n_cols)`` (or vector ``(n_rows,)``) stored as limbs in row blocks.

    Indexing returns Python ints: ``R[i, j]`` an int, ``R[i]`` a row (object array; an int for a
    vector), ``R[idx]`` with an index array or slice an object array.  :meth:`to_object` converts all,
    :meth:`dot` and :meth:`take` stay on the limbs.

    ``tree[b] = k`` says that block ``b`` holds the ``k`` children of each row of block ``b - 1``, row
    ``p k + x`` stored at column ``x * rows(b - 1) + column(p)`` (the layout in which a level of a belief
    tree is computed without interleaving); 0 (the default) means that columns are rows.

    Examples
    --------
    >>> R = IntegerRows([from_ints([[1, 2], [3, 4]]), from_ints([[2**80, -1]])])
    >>> R.shape, R[2, 0] == 2**80, R[1].tolist()
    ((3, 2), True, [3, 4])
    >>> R.dot([1, 1]).tolist() == [3, 7, 2**80 - 1]
    True
    >>> T = IntegerRows([from_ints([[1]]), from_ints([[10], [20]]), from_ints([[100], [200], [101], [201]])],
    ...                 tree=[0, 2, 2])
    >>> T.tolist()  # rows in node order: the children of 10 (100, 101), then those of 20 (200, 201)
    [[1], [10], [20], [100], [101], [200], [201]]
    """

    def __init__(self, blocks: list[Block], vector: bool = False, tree: list[int] | None = None):
        if not blocks:
            raise InvalidArgumentError("IntegerRows needs at least one block")
        self.blocks = blocks
        self.n_cols = int(blocks[0].limbs.shape[1])
        self.vector = vector
        if vector and self.n_cols != 1:
            raise InvalidArgumentError(f"a vector has one column, these blocks have {self.n_cols}")
        self.tree = [0] * len(blocks) if tree is None else [int(k) for k in tree]
        sizes = [b.n_rows for b in blocks]
        for i, k in enumerate(self.tree):
            if k and (i == 0 or sizes[i] != k * sizes[i - 1]):
                raise InvalidArgumentError(f"block {i} cannot hold {k} children of each row of the block before")
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.n_rows = int(self.starts[-1])

    @property
    def shape(self) -> tuple:
        return (self.n_rows,) if self.vector else (self.n_rows, self.n_cols)

    @property
    def ndim(self) -> int:
        return 1 if self.vector else 2

    @property
    def nbytes(self) -> int:
        return sum(b.limbs.nbytes for b in self.blocks)

    def __len__(self) -> int:
        return self.n_rows

    def __repr__(self) -> str:
        return f"IntegerRows(shape={self.shape}, blocks={len(self.blocks)}, {self.nbytes:,} bytes of limbs)"

    def columns(self, b: int, local: np.ndarray) -> np.ndarray:
        """Where rows ``local`` (numbered within block ``b``) are stored in block ``b``."""
        return tree_columns([blk.n_rows for blk in self.blocks], self.tree, b, local)

    def _shape_out(self, arr: np.ndarray) -> np.ndarray:
        return arr[:, 0] if self.vector else arr

    def _block_rows(self, b: int) -> np.ndarray:
        """Block ``b``'s values in row order, ``(rows, n_cols)`` object."""
        vals = to_ints(self.blocks[b])
        return vals if not self.tree[b] else vals[self.columns(b, np.arange(self.blocks[b].n_rows))]

    def to_object(self) -> np.ndarray:
        """Every value, as an object array of Python ints (shape :attr:`shape`)."""
        return self._shape_out(np.concatenate([self._block_rows(b) for b in range(len(self.blocks))], axis=0))

    def tolist(self) -> list:
        return self.to_object().tolist()

    def _locate(self, idx) -> tuple[np.ndarray, np.ndarray]:
        idx = np.asarray(idx, dtype=np.int64).ravel()
        if idx.size and (idx.min() < -self.n_rows or idx.max() >= self.n_rows):
            raise IndexError(f"row index out of range for {self.n_rows} rows")
        idx = np.where(idx < 0, idx + self.n_rows, idx)
        return idx, np.searchsorted(self.starts, idx, side="right") - 1

    def _rows(self, idx) -> np.ndarray:
        idx, which = self._locate(idx)
        out = np.empty((idx.size, self.n_cols), dtype=object)
        for b in np.unique(which).tolist():
            sel = np.flatnonzero(which == b)
            out[sel] = to_ints(self.blocks[b].take(self.columns(b, idx[sel] - self.starts[b])))
        return out

    def __getitem__(self, key):
        col = None
        if isinstance(key, tuple):
            if len(key) != self.ndim:
                raise IndexError(f"{len(key)} indices for an array of {self.ndim} dimensions")
            key, col = key if not self.vector else (key[0], None)
        if isinstance(key, (int, np.integer)):
            i = int(key)
            i = i + self.n_rows if i < 0 else i
            if not 0 <= i < self.n_rows:
                raise IndexError(f"row {key} out of range for {self.n_rows} rows")
            b = bisect_right(self.starts.tolist(), i) - 1
            row = to_ints(self.blocks[b].take(self.columns(b, np.array([i - int(self.starts[b])]))))[0]
            if self.vector:
                return row[0]
            return row if col is None else row[col]
        idx = np.arange(self.n_rows)[key] if isinstance(key, slice) else np.asarray(key)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        rows = self._shape_out(self._rows(idx))
        return rows if col is None else rows[:, col]

    def take(self, idx) -> IntegerRows:
        """The rows ``idx`` (non-decreasing row numbers), still as limbs.

        Examples
        --------
        >>> IntegerRows([from_ints([[1], [2]]), from_ints([[3]])]).take([0, 2, 2]).tolist()
        [[1], [3], [3]]
        """
        idx, which = self._locate(idx)
        if idx.size and (np.diff(idx) < 0).any():
            raise InvalidArgumentError("take needs non-decreasing row numbers")
        blocks = [
            self.blocks[b].take(self.columns(b, idx[which == b] - self.starts[b]))
            for b in range(len(self.blocks))
            if b == 0 or (which == b).any()
        ]
        return IntegerRows(blocks, vector=self.vector)

    def dot(self, W) -> IntegerRows:
        """``self @ W`` exactly: ``W`` an integer matrix ``(n_cols, q)`` or vector ``(n_cols,)``."""
        Wa = np.asarray(W, dtype=object)
        vec = Wa.ndim == 1
        Wm = Wa.reshape(-1, 1) if vec else Wa
        if Wm.shape[0] != self.n_cols:
            raise InvalidArgumentError(f"cannot multiply {self.shape} by {Wa.shape}")
        return IntegerRows([multiply(b, Wm) for b in self.blocks], vector=vec, tree=self.tree)
