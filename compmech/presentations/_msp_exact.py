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
    from_ints,
    limbs_for,
    multiply,
    propagate_carries,
    to_ints,
)

__all__ = ["level_vectors"]

#: Parents per chunk of a level: the int64 temporaries of a chunk stay in cache (about 1 MiB).
_CHUNK = 1 << 12


def level_vectors(parent, symbol, depth, M, start, tau) -> tuple[IntegerRows, IntegerRows]:
    """``(vectors, normalizers)`` of every node: ``V[u] = V[parent[u]] M[symbol[u]]``, ``s[u] = V[u] . tau``.

    ``parent``, ``symbol`` and ``depth`` are the per-node arrays of an MSP whose nodes are numbered level
    by level (node 0 the root, ``V[0] = start``) and, within a level, in (parent, symbol) order; ``M`` is
    ``(k, n, n)`` and ``start`` and ``tau`` are ``(n,)``, all integers.

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
    if depth.size == 0 or depth[0] != 0 or (depth.size > 1 and (np.diff(depth) < 0).any()):
        raise InvalidArgumentError("the nodes must be numbered level by level from the root")
    mats = [[[int(v) for v in row] for row in m] for m in np.asarray(M, dtype=object).tolist()]
    tau_col = [[int(t)] for t in tau]
    grow = max(column_sum_bound(m) for m in mats)
    tau_grow = column_sum_bound(tau_col)
    fast = grow < FAST_FACTOR and tau_grow < FAST_FACTOR
    starts = np.searchsorted(depth, np.arange(int(depth[-1]) + 2))
    block = from_ints([[int(v) for v in start]])
    vecs, norms = [block], [multiply(block, tau_col)]
    for d in range(1, starts.size - 1):
        lo, hi, prev_lo = int(starts[d]), int(starts[d + 1]), int(starts[d - 1])
        pos, sym = parent[lo:hi] - prev_lo, symbol[lo:hi]
        if fast:
            block, norm = _level(block, pos, sym, mats, tau_col, block.bound * grow)
        else:  # factors too large for the limbs: Python integers (exact, slower)
            block = _level_slow(block, pos, sym, mats, block.bound * grow)
            norm = multiply(block, tau_col)
        vecs.append(block)
        norms.append(norm)
    return IntegerRows(vecs), IntegerRows(norms, vector=True)


def _level(prev: Block, pos: np.ndarray, sym: np.ndarray, mats: list, tau_col: list, bound: int):
    """One level's vectors and normalizers on the limbs: row ``i`` is ``prev[pos[i]] M[sym[i]]``.

    The parents are taken a chunk at a time; each chunk computes every child ``(parent, symbol)`` in
    ``int64`` (small enough to stay in cache), propagates the carries, and keeps the children that are
    nodes of the level (all of them in a tree).
    """
    k, n = len(mats), prev.limbs.shape[1]
    Lp, L = prev.limbs.shape[0], limbs_for(bound)
    nbound = bound * column_sum_bound(tau_col)
    Ls = limbs_for(nbound)
    W = np.array(mats, dtype=np.int64)  # (k, n, n)
    t = np.array([r[0] for r in tau_col], dtype=np.int64)
    cand = pos * k + sym  # each node's index among all (parent, symbol) pairs: increasing
    full = cand.size == prev.n_rows * k
    out = np.empty((L, n, cand.size), dtype=np.int32)
    nout = np.empty((Ls, 1, cand.size), dtype=np.int32)
    for a in range(0, prev.n_rows, _CHUNK):
        b = min(prev.n_rows, a + _CHUNK)
        c = b - a
        lo, hi = (a * k, b * k) if full else np.searchsorted(cand, [a * k, b * k]).tolist()
        if lo == hi:
            continue
        G = prev.limbs[:, :, a:b].astype(np.int64)  # (Lp, n, c)
        buf = np.empty((L, n, k, c), dtype=np.int64)  # symbol-major: contiguous rows to accumulate into
        buf[Lp:] = 0
        for x in range(k):
            accumulate_products(buf[:Lp, :, x], G, W[x], fresh=True)
        propagate_carries(buf)
        norm = np.empty((Ls, 1, k, c), dtype=np.int64)
        norm[L:] = 0
        accumulate_products(norm[:L], buf, t[:, None], fresh=True)
        propagate_carries(norm)
        _store(out[:, :, lo:hi], buf, None if full else cand[lo:hi] - a * k)
        _store(nout[:, :, lo:hi], norm, None if full else cand[lo:hi] - a * k)
    return Block(out, bound), Block(nout, nbound)


def _store(dst: np.ndarray, buf: np.ndarray, pick) -> None:
    """Write the children ``buf (L, m, k, c)`` in (parent, symbol) order into ``dst (L, m, rows)`` as int32."""
    L, m, k, c = buf.shape
    if pick is None:  # every child: one strided copy per symbol (long inner loops), cast on the way
        inter = dst.reshape(L, m, c, k)
        for x in range(k):
            inter[:, :, :, x] = buf[:, :, x]
    else:
        dst[...] = buf.transpose(0, 1, 3, 2).reshape(L, m, c * k)[:, :, pick]


def _level_slow(prev: Block, pos: np.ndarray, sym: np.ndarray, mats: list, bound: int) -> Block:
    """One level with Python integers (factors of ``2**30`` and more), converted back to limbs."""
    P = to_ints(prev)
    rows = np.empty((pos.size, P.shape[1]), dtype=object)
    for x, m in enumerate(mats):
        sel = np.flatnonzero(sym == x)
        if sel.size:
            rows[sel] = P[pos[sel]].dot(np.array(m, dtype=object))
    return from_ints(rows, bound)
