"""Float views that prove two beliefs distinct: the rounding error of a positive HMM's belief tree, bounded.

The integer MSP builder settles every pair of beliefs that share a modular key by exact integers
(:meth:`~compmech.presentations._msp_build._Levels._find_duplicates`).  For an HMM whose matrices ``T[x]``
have only positive entries (Mess3) the float64 views of the beliefs carry a proven relative error, so a pair
whose views differ by more than it are distinct beliefs, and need no exact comparison.  Equal beliefs are
never merged on floats: a pair the floats cannot separate still goes to the exact comparison.

The bound.  ``u = 2**-53``, ``gamma_m = m u / (1 - m u)``.  The builder computes a child's view ``f'`` from its
parent's ``f`` as ``g = f @ T~[x]`` (``T~``: the entries of ``T`` in float64, relative error at most ``3 u``:
``float(p) / float(q)`` rounds three times; a dot product of ``n`` non-negative terms, relative error
``gamma_n`` in any summation order, fused or not) and ``f' = g / fl(sum g)`` (a sum of ``n`` positive terms,
relative error ``gamma_{n-1}``, and one rounded division).  Non-negative terms cannot cancel, so by
induction ``f = c (1 + theta) * b`` entrywise for the exact belief ``b``, a scalar ``c > 0`` and
``|theta_j| <= E_d`` with ``1 + E_d = ((1 + 3u)(1 + u)(1 + gamma_n))^(d + 1)`` at depth ``d`` (the root,
``fl(pi_j) / fl(sum)``, within the case ``d = 0``; views fixed exactly by ``_fix_floats`` are correctly
rounded).  The computed sum of ``f`` is ``1`` to within ``gamma_n + u``, which bounds ``c``, so that
``|f_j - b_j| <= R b_j`` with ``R = 2 E_d + gamma_n + 2 u`` up to second-order terms, at most
``2 (d + 1)(n + 4) u + (n + 2) u``; ``R_d = 3 (d + 2) (n + 3) u`` exceeds that by ``(d n + d + 3 n + 8) u`` and
covers the second-order terms while it is below ``1e-6``.  If ``b = b'``, then ``|f_j - f'_j| <= 2 R b_j <= R
(f_j + f'_j) / (1 - R)``, so ``|f_j - f'_j| > 2 R (f_j + f'_j)`` for some ``j`` (computed in float64: a rounding
of at most ``u`` each, far inside the factor 2) proves ``b != b'``.

The analysis needs every value in normal range.  With positive ``T``, every non-root belief has
``b_j >= min_i T[x][i, j] / max_i sum_j T[x][i, j]`` (its parent sums to 1), so :func:`separation_bound`
accepts an HMM only when that floor, the smallest positive entry of ``T`` and of the root's view are all
at least ``2**-900``.

Cell keys.  The same bound lets the views *find* the pairs that may be equal, without modular keys
(:class:`CellKeys`): two equal beliefs' views are a few hundred ulps apart in every coordinate, so cells of
the bit patterns of the views, far wider than that, put them in the same cell, or both near the boundary
between two cells, where each one's neighbouring cell is the other's.  Where beliefs lie closer than the
cells (or than the views' error), the builder gives them up for residues (:class:`CellKeysFailed`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["separation_bound", "separated", "not_separated", "CellKeys", "CellKeysFailed"]

_U = 2.0**-53
_FLOOR = 2.0**-900


def separation_bound(T: np.ndarray, root: np.ndarray):
    """A function ``depth -> R_d`` for a positive HMM (float ``T (k, n, n)``, the root's view), or None.

    None where some entry of ``T`` is not positive, or a value falls below ``2**-900`` (then the exact
    comparison settles every shared key, as for any other HMM).

    Examples
    --------
    >>> T = np.array([[[0.5, 0.25], [0.25, 0.25]], [[0.125, 0.125], [0.25, 0.25]]])
    >>> R = separation_bound(T, np.array([0.5, 0.5]))
    >>> float(R(12)) == 3 * 14 * 5 * 2.0**-53, separation_bound(T.clip(0, 0.3) - 0.2, np.array([0.5, 0.5]))
    (True, None)
    """
    if not (T > 0).all():
        return None
    rows = T.sum(axis=2)  # (k, n): row sums of each T[x]
    floor = float((T.min(axis=1) / rows.max(axis=1)[:, None]).min())
    positive_root = root[root > 0]
    if min(floor, float(T.min()), float(positive_root.min()) if positive_root.size else 1.0) < _FLOOR:
        return None
    n = T.shape[1]

    def bound(depth: int) -> float | None:
        R = 3 * (depth + 2) * (n + 3) * _U
        return R if R < 1e-6 else None

    return bound


def separated(A: np.ndarray, B: np.ndarray, R: float) -> np.ndarray:
    """Which row pairs of the float views ``A``, ``B`` (``(m, n)``, errors within ``R``) are proven distinct.

    Examples
    --------
    >>> a = np.array([[0.5, 0.5], [0.25, 0.75]])
    >>> separated(a, np.array([[0.5 + 1e-15, 0.5 - 1e-15], [0.25 + 1e-9, 0.75 - 1e-9]]), 1e-14).tolist()
    [False, True]
    """
    return (np.abs(A - B) > 2 * R * (A + B)).any(axis=1)


def not_separated(keys: np.ndarray, check: np.ndarray, olds: dict, cf: np.ndarray, views: np.ndarray, R: float):
    """The candidates of ``check`` whose float views do not prove them distinct from every other belief
    with their key: the earlier nodes ``olds[key]`` (views ``views[u]``) and the other candidates (views
    ``cf[c]``, keys ``keys[c]``).

    A sweep, not every pair of a key: the beliefs are sorted by key and first coordinate, and each one is
    compared with the next ones of its key while their first coordinates are not separated (a pair that
    is not separated is not separated in its first coordinate either, nor is any belief sorted between
    them).  Beliefs that share a key by being close (cell keys, :class:`CellKeys`) cost no quadratic work.

    Examples
    --------
    >>> keys = np.array([5, 5, 9, 9])
    >>> cf = np.array([[0.5, 0.5], [0.25, 0.75], [0.1, 0.9], [0.1, 0.9]])
    >>> not_separated(keys, np.arange(4), {9: [0]}, cf, np.array([[0.3, 0.7]]), 1e-14).tolist()
    [2, 3]
    """
    kc = keys[check]
    old_pairs = [(key, u) for key in np.unique(kc).tolist() for u in olds.get(key, [])]
    old_keys, old_ids = [key for key, _ in old_pairs], [u for _, u in old_pairs]
    K = np.concatenate([kc, np.array(old_keys, dtype=kc.dtype)])
    F = np.concatenate([cf[check], views[np.array(old_ids, dtype=np.int64)].reshape(-1, cf.shape[1])])
    order = np.lexsort((F[:, 0], K))
    Ks, Fs = K[order], F[order]
    unresolved = np.zeros(K.size, dtype=bool)
    for d in range(1, K.size):
        a, b = Fs[:-d], Fs[d:]
        live = np.flatnonzero((Ks[d:] == Ks[:-d]) & (np.abs(a[:, 0] - b[:, 0]) <= 2 * R * (a[:, 0] + b[:, 0])))
        if not live.size:
            break
        still = live[~separated(a[live], b[live], R)]
        unresolved[order[still]] = True
        unresolved[order[still + d]] = True
    return check[unresolved[: check.size]]


class CellKeysFailed(Exception):
    """Cell keys cannot serve this build: a view flagged in too many coordinates (:class:`CellKeys`), or
    beliefs packed closer than the cells or than their views' proven error.  Internal: the builder catches
    it and starts again with residues; it never reaches a caller."""


#: hash multipliers of :class:`CellKeys` (odd 64-bit constants), one per coordinate, cycled
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
_M64 = (1 << 64) - 1


class CellKeys:
    """Keys of a positive HMM's float views that every pair of equal beliefs shares, or sees as neighbours.

    Coordinate ``j < n - 1`` of a view (the last one follows from the others: two beliefs equal in every
    other coordinate are equal) has the bit pattern ``B`` (for non-negative doubles, the bit patterns are
    ordered as the values); its cell is ``(B + offset) >> s`` and the key of a view is a 31-bit hash of
    its cells.  Equal beliefs ``b = b'`` at depths up to ``D`` have views with ``|f_j - f'_j| <= 2 R_D b_j``
    and ``f_j >= (1 - R_D) b_j`` (:func:`separation_bound`), and there are fewer than ``2**53 (f'_j - f_j) /
    f_j`` doubles between two positive normal ``f_j < f'_j`` (each step is at least ``f_j 2**-53``), so their
    patterns differ by less than ``margin = floor(6 (D + 2)(n + 3) / (1 - R_D)) + 1``.  If their cells
    differ, both lie within ``margin`` of the boundary between the two cells: each view is then *flagged*
    in that coordinate, and the neighbouring cell across the boundary is the other's.  So equal beliefs
    either share a key, or both are flagged and each one's key is among the other's
    :meth:`alternates` (the keys of the cells with any flagged coordinates moved across their boundary).
    Nothing is merged on these keys: they only choose which pairs are compared (on floats, then exactly).

    ``s`` is 16 bits more than ``margin`` needs, so that a coordinate is flagged with probability about
    ``2**-15``; ``offset`` puts values with short mantissas (dyadic beliefs such as ``1/2``) mid-cell.  A view
    flagged in more than :attr:`MAX_FLAGGED` coordinates raises :class:`CellKeysFailed`.

    Examples
    --------
    >>> cells = CellKeys.of(lambda d: 3 * (d + 2) * 6 * 2.0**-53, 3, 12)
    >>> cells.margin, cells.shift
    (505, 25)
    >>> a = np.array([[0.25, 0.5, 0.25], [0.1, 0.3, 0.6]])
    >>> b = a.copy()
    >>> b[0, 0] = np.nextafter(np.nextafter(a[0, 0], 1), 1)  # two ulps off: the same cell
    >>> (ka, fa), (kb, fb) = cells.keys(a), cells.keys(b)
    >>> bool((ka == kb).all()), fa.tolist(), cells.alternates(a[0])
    (True, [False, False], [])
    """

    MAX_FLAGGED = 6

    def __init__(self, n: int, margin: int, shift: int):
        self.coords = max(n - 1, 1)
        self.margin, self.shift = margin, shift
        self.offset = (1 << (shift - 1)) + 0x2D5  # mid-cell for a pattern ending in zeros
        self._mix = [np.uint64(_MIX[j % len(_MIX)]) for j in range(self.coords)]

    @classmethod
    def of(cls, bound, n: int, max_depth: int | None):
        """Cell keys for views of depth at most ``max_depth`` under ``bound`` (:func:`separation_bound`), or
        None (no bound, no depth limit, or a margin too wide for cells within a double's mantissa)."""
        if bound is None or max_depth is None or bound(max_depth) is None:
            return None
        A = 6 * (max_depth + 2) * (n + 3)  # 2**53 * 2 R_D, exactly
        margin = A * 2**54 // (2**54 - A) + 1  # floor(A / (1 - R_D)) + 1, R_D = A / 2**54
        shift = margin.bit_length() + 16
        return cls(n, margin, shift) if shift <= 52 else None

    def keys(self, views: np.ndarray, out: np.ndarray | None = None, flags: np.ndarray | None = None, work=None):
        """``(keys, flags)`` of the rows of ``views`` (``(C, n)`` float64, non-negative): ``int32`` keys in
        ``[0, 2**31)`` and whether a row is flagged (see the class); written into ``out``/``flags`` if given.
        ``work``: scratch ``(uint64 (3, C') array, bool (C',) array)`` with ``C' >= C``, reused across calls."""
        C = views.shape[0]
        bits = views.view(np.uint64)
        if work is None:
            work = np.empty((3, C), dtype=np.uint64), np.empty(C, dtype=bool)
        h, t, u = work[0][:, :C]
        near = work[1][:C]
        fl = np.empty(C, dtype=bool) if flags is None else flags
        off, sh = np.uint64(self.offset), np.uint64(self.shift)
        mask, m, two_m = np.uint64((1 << self.shift) - 1), np.uint64(self.margin), np.uint64(2 * self.margin)
        for j, mix in enumerate(self._mix):
            np.add(bits[:, j], off, out=t)
            np.right_shift(t, sh, out=u)  # the cell
            if j:
                h ^= u
                h *= mix
            else:
                np.multiply(u, mix, out=h)
            t += m  # (r + margin) mod 2**s < 2 margin: r < margin or r >= 2**s - margin
            t &= mask
            np.less(t, two_m, out=near if j else fl)
            if j:
                fl |= near
        h >>= np.uint64(33)
        keys = np.empty(C, dtype=np.int32) if out is None else out
        keys[...] = h
        return keys, fl

    def _cells(self, view) -> list[tuple[int, int | None]]:
        """``(cell, neighbour)`` of each keyed coordinate of one view; ``neighbour`` is None unless flagged."""
        out = []
        for b in np.asarray(view, dtype=np.float64)[: self.coords].view(np.uint64).tolist():
            x = b + self.offset
            cell, r = x >> self.shift, x & ((1 << self.shift) - 1)
            near = -1 if r < self.margin else 1 if r >= (1 << self.shift) - self.margin else 0
            out.append((cell, cell + near if near else None))
        return out

    def _hash(self, cells) -> int:
        h = 0
        for j, c in enumerate(cells):
            h = ((h ^ c) * int(self._mix[j])) & _M64
        return h >> 33

    def alternates(self, view) -> list[int]:
        """The keys of one view's cells with any non-empty set of its flagged coordinates moved across their
        boundary (empty for an unflagged view); raises :class:`CellKeysFailed` past :attr:`MAX_FLAGGED`."""
        cells = self._cells(view)
        flagged = [(j, nb) for j, (_, nb) in enumerate(cells) if nb is not None]
        if len(flagged) > self.MAX_FLAGGED:
            raise CellKeysFailed(f"a float view has {len(flagged)} coordinates near cell boundaries")
        base = [c for c, _ in cells]
        out = []
        for moved in range(1, 1 << len(flagged)):
            cur = list(base)
            for i, (j, nb) in enumerate(flagged):
                if moved >> i & 1:
                    cur[j] = nb
            out.append(self._hash(cur))
        return out
