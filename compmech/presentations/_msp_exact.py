"""The exact integer vectors of every node of a mixed-state presentation, one vectorized product per level.

Node ``u`` first reached at depth ``d`` by the symbol ``x`` from its parent ``p`` (depth ``d - 1``) has the
unnormalized vector ``V[u] = V[p] M[x]`` (``M[x] = D T[x]``, integers), so that ``V[u] = start M[w]`` for
the word ``w`` that first reached it, and its belief is ``V[u] tau_den / (V[u] . tau)``.  The values
grow by about ``log2(max column sum of M)`` bits per level (Mess3: 9.4 bits, 113 bits at depth 12), so
they are held as limbs (:mod:`compmech.kernel.limbs`): a level is a block of ``int32`` limbs, computed
from the level above with one product per symbol, all in integer arithmetic.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError
from ..kernel.limbs import (
    FAST_FACTOR,
    Block,
    IntegerRows,
    accumulate_products,
    column_sum_bound,
    column_terms,
    from_ints,
    limbs_for,
    multiply,
    offset_columns,
    propagate_carries,
    to_ints,
    tree_columns,
)

__all__ = ["level_vectors"]

#: Parents per chunk of a level: the int64 temporaries of a chunk stay in cache (about 1 MiB).
_CHUNK = 1 << 13


def level_vectors(parent, symbol, depth, M, start, tau) -> tuple[IntegerRows, IntegerRows]:
    """``(vectors, normalizers)`` of every node: ``V[u] = V[parent[u]] M[symbol[u]]``, ``s[u] = V[u] . tau``.

    ``parent``, ``symbol`` and ``depth`` are the per-node arrays of an MSP whose nodes are numbered level
    by level (node 0 the root, ``V[0] = start``) and, within a level, in (parent, symbol) order; ``M`` is
    ``(k, n, n)`` and ``start`` and ``tau`` are ``(n,)``, all integers.  A level in which every node of
    the level above has all its ``k`` children (a tree level) is stored symbol by symbol (see
    :class:`~compmech.kernel.limbs.IntegerRows`), so that it is computed without interleaving.

    Examples
    --------
    >>> import numpy as np
    >>> M = np.array([[[1, 1], [0, 2]], [[1, 0], [3, 1]]], dtype=object)
    >>> V, s = level_vectors(np.array([-1, 0, 0, 1]), np.array([-1, 0, 1, 1]), np.array([0, 1, 1, 2]),
    ...                      M, [1, 1], [1, 1])
    >>> V.tolist(), s.tolist()
    ([[1, 1], [1, 3], [4, 1], [10, 3]], [2, 4, 5, 13])
    """
    depth = np.asarray(depth)
    if depth.size == 0 or depth[0] != 0 or (depth[1:] < depth[:-1]).any():
        raise InvalidArgumentError("the nodes must be numbered level by level from the root")
    mats = [[[int(v) for v in row] for row in m] for m in np.asarray(M, dtype=object).tolist()]
    k = len(mats)
    tau_col = [[int(t)] for t in tau]
    grow = max(column_sum_bound(m) for m in mats)
    fast = grow < FAST_FACTOR and column_sum_bound(tau_col) < FAST_FACTOR
    starts = np.searchsorted(depth, np.arange(int(depth[-1]) + 2))
    block = from_ints([[int(v) for v in start]])
    vecs, norms, tree = [block], [multiply(block, tau_col)], [0]
    for d in range(1, starts.size - 1):
        lo, hi, prev_lo = int(starts[d]), int(starts[d + 1]), int(starts[d - 1])
        bound = block.bound * grow
        full = hi - lo == block.n_rows * k  # (parent, symbol) pairs are increasing: all of them
        if fast and full:
            block, norm = _tree_level(block, mats, tau_col, bound)
        else:
            sym = symbol[lo:hi]
            cols = tree_columns([b.n_rows for b in vecs], tree, d - 1, parent[lo:hi] - prev_lo)
            if fast:
                block, norm = _level(block, cols, sym, mats, tau_col, bound)
            else:  # factors too large for the limbs: Python integers (exact, slower)
                block = _level_slow(block, cols, sym, mats, bound)
                norm = multiply(block, tau_col)
        vecs.append(block)
        norms.append(norm)
        tree.append(k if fast and full else 0)
    return IntegerRows(vecs, tree=tree), IntegerRows(norms, vector=True, tree=tree)


def _setup(prev: Block, mats: list, tau_col: list, bound: int):
    unsigned = prev.unsigned and min(min(min(r) for r in m) for m in mats) >= 0 and min(t[0] for t in tau_col) >= 0
    nbound = bound * column_sum_bound(tau_col)
    W = np.array(mats, dtype=np.int64)  # (k, n, n)
    t = np.array([r[0] for r in tau_col], dtype=np.int64)[:, None]
    return unsigned, nbound, W, t, np.uint32 if unsigned else np.int32


def _offsets_pay(mats: list) -> bool:
    """Whether the products saved by :func:`~compmech.kernel.limbs.offset_columns` over all symbols
    (Mess3: 3 per symbol) outweigh the ``n - 1`` additions of a row sum."""
    plain = sum(sum(1 for row in m for v in row if v) for m in mats)
    offset = sum(len(terms) + (a != 0) for m in mats for a, terms in offset_columns(m))
    return plain - offset > len(mats[0]) - 1


class _Work:
    """The int64 buffers of one chunk of children, allocated once per level: vectors ``buf (L, n, c)``,
    normalizers ``norm (Ls, 1, c)``, products ``tmp`` and carries ``carry``."""

    def __init__(self, Lp: int, L: int, Ls: int, n: int, c: int):
        self.buf = np.empty((L, n, c), dtype=np.int64)
        self.norm = np.empty((Ls, 1, c), dtype=np.int64)
        self.tmp = np.empty((max(Lp, L), c), dtype=np.int64)
        self.carry = np.empty(max(L, Ls) * n * c, dtype=np.int64)

    def children(self, G: np.ndarray, W, t, unsigned: bool, rowsum=None, terms=None) -> tuple[np.ndarray, np.ndarray]:
        """``(vectors, normalizers)`` as carried ``int64`` limbs of the rows ``G (Lp, n, c)`` times ``W (n, n)``
        (``rowsum``: ``G.sum(axis=1)``, see :func:`~compmech.kernel.limbs.accumulate_products`; ``terms``: the
        :func:`~compmech.kernel.limbs.column_terms` of ``W`` and ``t``, looked up once a level by the caller)."""
        w_terms, t_terms = terms if terms is not None else (column_terms(W, rowsum is not None), column_terms(t, False))
        Lp, n, c = G.shape
        L, Ls = self.buf.shape[0], self.norm.shape[0]
        if c == self.buf.shape[2]:
            buf, norm, scratch = self.buf, self.norm, self.carry
        else:  # a shorter chunk: arrays of its own (the carries need contiguous limbs)
            buf, norm, scratch = np.empty((L, n, c), dtype=np.int64), np.empty((Ls, 1, c), dtype=np.int64), None
        buf[Lp:] = 0
        accumulate_products(buf[:Lp], G, W, fresh=True, tmp=self.tmp[:Lp, :c], rowsum=rowsum, terms=w_terms)
        propagate_carries(buf, unsigned, scratch)
        norm[L:] = 0
        accumulate_products(norm[:L], buf, t, fresh=True, tmp=self.tmp[:L, :c], terms=t_terms)
        propagate_carries(norm, unsigned, scratch)
        return buf, norm


def _tree_level(prev: Block, mats: list, tau_col: list, bound: int):
    """A level with all ``k`` children of every row of ``prev``, stored symbol by symbol: the children by
    ``x`` of stored rows ``a:b`` are stored rows ``x N + a : x N + b`` (``N`` rows in ``prev``)."""
    unsigned, nbound, W, t, dtype = _setup(prev, mats, tau_col, bound)
    k, n, N = len(mats), prev.limbs.shape[1], prev.n_rows
    L, Ls = limbs_for(bound), limbs_for(nbound)
    out = np.empty((L, n, k * N), dtype=dtype)
    nout = np.empty((Ls, 1, k * N), dtype=dtype)
    work = _Work(prev.limbs.shape[0], L, Ls, n, min(N, _CHUNK))
    offsets = _offsets_pay(mats)
    terms = [(column_terms(W[x], offsets), column_terms(t, False)) for x in range(k)]
    for a in range(0, N, _CHUNK):
        b = min(N, a + _CHUNK)
        G = prev.limbs[:, :, a:b].astype(np.int64)  # (Lp, n, c), in cache
        rowsum = G.sum(axis=1) if offsets else None
        for x in range(k):
            buf, norm = work.children(G, W[x], t, unsigned, rowsum, terms[x])
            out[:, :, x * N + a : x * N + b] = buf
            nout[:, :, x * N + a : x * N + b] = norm
    return Block(out, bound), Block(nout, nbound)


def _level(prev: Block, cols: np.ndarray, sym: np.ndarray, mats: list, tau_col: list, bound: int):
    """A level in row order: row ``i`` is ``prev[cols[i]] M[sym[i]]`` (stored columns of ``prev``)."""
    unsigned, nbound, W, t, dtype = _setup(prev, mats, tau_col, bound)
    n = prev.limbs.shape[1]
    L, Ls = limbs_for(bound), limbs_for(nbound)
    out = np.empty((L, n, cols.size), dtype=dtype)
    nout = np.empty((Ls, 1, cols.size), dtype=dtype)
    work = _Work(prev.limbs.shape[0], L, Ls, n, min(cols.size, _CHUNK))
    for a in range(0, cols.size, _CHUNK):
        b = min(cols.size, a + _CHUNK)
        xs = sym[a:b]
        for x in range(len(mats)):
            sel = np.flatnonzero(xs == x)
            if sel.size:
                buf, norm = work.children(prev.limbs[:, :, cols[a:b][sel]].astype(np.int64), W[x], t, unsigned)
                out[:, :, a + sel] = buf
                nout[:, :, a + sel] = norm
    return Block(out, bound), Block(nout, nbound)


def _level_slow(prev: Block, cols: np.ndarray, sym: np.ndarray, mats: list, bound: int) -> Block:
    """One level with Python integers (factors of ``2**30`` and more), converted back to limbs."""
    P = to_ints(prev)
    rows = np.empty((cols.size, P.shape[1]), dtype=object)
    for x, m in enumerate(mats):
        sel = np.flatnonzero(sym == x)
        if sel.size:
            rows[sel] = P[cols[sel]].dot(np.array(m, dtype=object))
    return from_ints(rows, bound)
