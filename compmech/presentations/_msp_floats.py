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
"""

from __future__ import annotations

import numpy as np

__all__ = ["separation_bound", "separated", "not_separated"]

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

    Examples
    --------
    >>> keys = np.array([5, 5, 9, 9])
    >>> cf = np.array([[0.5, 0.5], [0.25, 0.75], [0.1, 0.9], [0.1, 0.9]])
    >>> not_separated(keys, np.arange(4), {9: [0]}, cf, np.array([[0.3, 0.7]]), 1e-14).tolist()
    [2, 3]
    """
    kc = keys[check]
    order = np.argsort(kc, kind="stable")
    old_ids: list[int] = []
    pairs_a: list[int] = []
    pairs_b: list[int] = []
    for group in np.split(order, np.flatnonzero(np.diff(kc[order])) + 1):  # rows: candidates, then old nodes
        us = olds.get(int(kc[group[0]]), [])
        first_old = check.size + len(old_ids)
        rows = group.tolist() + list(range(first_old, first_old + len(us)))
        old_ids.extend(us)
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                pairs_a.append(a)
                pairs_b.append(b)
    F = np.concatenate([cf[check], views[np.array(old_ids, dtype=np.int64)].reshape(-1, cf.shape[1])])
    pa, pb = np.array(pairs_a, dtype=np.int64), np.array(pairs_b, dtype=np.int64)
    still = ~separated(F[pa], F[pb], R)
    unresolved = np.zeros(F.shape[0], dtype=bool)
    unresolved[pa[still]] = True
    unresolved[pb[still]] = True
    return check[unresolved[: check.size]]
