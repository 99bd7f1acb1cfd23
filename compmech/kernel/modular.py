"""Vectorized arithmetic modulo word-sized primes, used to *hash* exact beliefs.

The integer MSP builder keeps, for every frontier belief ``v`` (an unnormalized
non-negative integer vector), its residues modulo word-sized primes below ``2**31`` (the builder uses one).
The normalized belief ``v / sum(v)`` reduced modulo ``p`` is a function of the
exact rational belief alone, so equal beliefs always get equal keys; unequal
keys therefore prove that beliefs differ.  Equal keys are only *candidates*:
the builder confirms them with exact integer arithmetic.  No decision about
equality is ever taken from a float or from a hash alone.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "HASH_PRIMES",
    "products_per_reduction",
    "reduce_mod",
    "mod_matmul",
    "batch_inverse",
    "hash_rows",
    "weighted_sums",
    "key_matrix",
    "hash_children",
]

#: The two primes ``< 2**31`` the keys are computed with: a product of two residues fits in int64, and
#: two of them plus a residue still do (:func:`products_per_reduction`).  The first is ``2**31 - 19``, for
#: which 2 is a primitive root; not ``2**31 - 1``, modulo which ``2**31 = 1``: beliefs with dyadic
#: probabilities 31 levels apart (the Dyck process's ``1 - 2**-L``) had equal residues, 2,009 beliefs
#: shared 419 keys, and every collision cost an exact comparison.
HASH_PRIMES = (2147483629, 2147483647)

# Fixed random coefficients of the linear hash (seeded: node keys are reproducible).
_COEFF_SEED = 20240527  # hash coefficients are drawn from default_rng([_COEFF_SEED, p, n])


def _coefficients(p: int, n: int) -> np.ndarray:
    """Random hash coefficients in ``[1, p)``, a fixed function of ``(p, n)`` (not of the call order)."""
    cache = _coefficients.__dict__.setdefault("cache", {})
    got = cache.get((p, n))
    if got is None:
        got = np.random.default_rng([_COEFF_SEED, p, n]).integers(1, p, size=n, dtype=np.int64)
        cache[(p, n)] = got
    return got


def products_per_reduction(p: int) -> int:
    """How many products of two residues mod ``p`` can be added to a residue without leaving int64.

    Examples
    --------
    >>> products_per_reduction(2**31 - 1), products_per_reduction(2**30 - 35)
    (2, 8)
    """
    return max(1, ((2**63 - 1) - (p - 1)) // max(1, (p - 1) ** 2))


def reduce_mod(x: np.ndarray, p: int) -> np.ndarray:
    """``x %= p`` in place for an ``int64`` array of non-negative values; returns ``x``.

    Computed as ``x - (x // p) * p`` on the unsigned view: numpy divides by a scalar with libdivide (a
    multiplication and a shift), several times faster than its ``%``, which divides each entry.

    Examples
    --------
    >>> reduce_mod(np.array([0, 7, 2**62 + 5]), 7).tolist() == [0, 0, (2**62 + 5) % 7]
    True
    """
    u = x.view(np.uint64)
    P = np.uint64(p)
    q = np.floor_divide(u, P)
    q *= P
    u -= q
    return x


def mod_matmul(a: np.ndarray, m: np.ndarray, p: int) -> np.ndarray:
    """``(a @ m) mod p`` for int64 arrays with entries in ``[0, p)``, ``p < 2**31``.

    Examples
    --------
    >>> mod_matmul(np.array([[2, 3]]), np.array([[4, 5], [6, 7]]), 7)
    array([[5, 3]])
    """
    n = a.shape[1]
    out = np.zeros((a.shape[0], m.shape[1]), dtype=np.int64)
    every = products_per_reduction(p)
    for i in range(n):
        col = m[i]
        if not col.any():
            continue
        out += a[:, i, None] * col[None, :]
        if i % every == every - 1:
            reduce_mod(out, p)
    return reduce_mod(out, p)


#: Rows of the blocked batch inverse: prefix products run down the rows, each row one numpy operation.
_INV_ROWS = 8


def _scalar_inverses(vals: list, p: int) -> list:
    """Inverses modulo ``p`` of non-zero residues (Python ints): Montgomery's trick, one ``pow`` in all."""
    prefix, acc = [], 1
    for v in vals:
        acc = acc * v % p
        prefix.append(acc)
    inv = pow(acc, p - 2, p)
    out = [0] * len(vals)
    for i in range(len(vals) - 1, 0, -1):
        out[i] = inv * prefix[i - 1] % p
        inv = inv * vals[i] % p
    if vals:
        out[0] = inv
    return out


def batch_inverse(values: np.ndarray, p: int) -> np.ndarray:
    """Inverses modulo ``p`` of non-zero residues, with O(len) multiplications.

    Montgomery's trick, blocked: the values fill ``_INV_ROWS`` rows, prefix products run down the
    rows (one vectorized product per row), the last row's products are inverted recursively, and a
    backward pass recovers every inverse.

    Examples
    --------
    >>> batch_inverse(np.array([2, 3, 4]), 7)
    array([4, 5, 2])
    >>> x = np.arange(1, 1000)
    >>> bool((batch_inverse(x, 1009) * x % 1009 == 1).all())
    True
    """
    a = np.asarray(values, dtype=np.int64)
    if a.size <= 4 * _INV_ROWS:  # small batches: Python integers are cheaper than numpy calls
        return np.array(_scalar_inverses(a.ravel().tolist(), p), dtype=np.int64).reshape(a.shape)
    B = _INV_ROWS
    m = -(-a.size // B)
    A = np.ones((B, m), dtype=np.int64)
    A.reshape(-1)[: a.size] = a.ravel()
    P = np.empty_like(A)  # P[i] = A[0] * ... * A[i] (mod p), column by column
    P[0] = A[0]
    for i in range(1, B):
        np.multiply(P[i - 1], A[i], out=P[i])
        reduce_mod(P[i], p)
    inv = batch_inverse(P[B - 1], p)  # 1 / (A[0] ... A[i]) at i = B - 1
    out = np.empty_like(A)
    for i in range(B - 1, 0, -1):
        np.multiply(inv, P[i - 1], out=out[i])  # 1 / A[i] = P[i-1] / P[i]
        reduce_mod(out[i], p)
        inv *= A[i]  # now 1 / P[i-1]
        reduce_mod(inv, p)
    out[0] = inv
    return out.ravel()[: a.size].reshape(a.shape)


def weighted_sums(res: np.ndarray, weights: np.ndarray | None, p: int) -> np.ndarray:
    """``res @ weights mod p`` row by row (``weights`` None: the plain row sums), without overflow.

    Examples
    --------
    >>> weighted_sums(np.array([[1, 2], [3, 4]]), np.array([5, 6]), 7).tolist()
    [3, 4]
    """
    if weights is None:
        return res.sum(axis=1) % p
    acc = np.zeros(res.shape[0], dtype=np.int64)
    for j in range(res.shape[1]):
        if weights[j]:
            acc += res[:, j] * int(weights[j])
            reduce_mod(acc, p)
    return acc


def hash_rows(res: np.ndarray, p: int, weights: np.ndarray | None = None):
    """Hash of the normalized belief of each row of residues ``res`` (mod ``p``).

    Returns ``(h, ok)``: ``h[i]`` is ``sum_j c_j v_ij / sum_j w_j v_ij  (mod p)`` for
    fixed random coefficients ``c`` and the normalizing weights ``w`` (``tau`` of a GHMM
    reduced mod ``p``; all ones for an HMM); ``ok[i]`` is False when the normalizer is
    divisible by ``p`` (the caller then uses exact arithmetic for that row).

    Examples
    --------
    >>> h, ok = hash_rows(np.array([[1, 1], [2, 2], [1, 2]]), 1_000_003)
    >>> bool(h[0] == h[1]), bool(h[0] == h[2]), ok.tolist()
    (True, False, [True, True, True])
    >>> hash_rows(np.array([[3, 4]]), 7)[1].tolist()     # 3 + 4 = 0 (mod 7)
    [False]
    """
    s = weighted_sums(res, weights, p)
    ok = s != 0
    inv = np.zeros_like(s)
    inv[ok] = batch_inverse(s[ok], p)
    c = _coefficients(p, res.shape[1])
    acc = np.zeros(res.shape[0], dtype=np.int64)
    for j in range(res.shape[1]):
        acc += res[:, j] * c[j]
        reduce_mod(acc, p)
    acc *= inv
    return reduce_mod(acc, p), ok


def key_matrix(mats, p: int, weights=None) -> np.ndarray:
    """``(n, 2k)`` residues mod ``p`` of the columns ``M[x] c`` (every ``x``), then ``M[x] w``.

    ``c`` are the hash coefficients of :func:`hash_rows` and ``w`` the normalizing weights (all ones
    when None).  With it, :func:`hash_children` gives the keys of all children of a level without
    forming their residues.

    Examples
    --------
    >>> key_matrix([[[1, 0], [0, 1]]], 7, [1, 2]).shape
    (2, 2)
    """
    n = len(mats[0])
    c = [int(v) for v in _coefficients(p, n)]
    w = [1] * n if weights is None else [int(v) for v in weights]
    cols = [[sum(int(m[i][j]) * c[j] for j in range(n)) % p for i in range(n)] for m in mats]
    cols += [[sum(int(m[i][j]) * w[j] for j in range(n)) % p for i in range(n)] for m in mats]
    return np.array(cols, dtype=np.int64).T


def hash_children(res: np.ndarray, key_mat: np.ndarray, p: int):
    """The :func:`hash_rows` result of every child ``res[i] M[x]``, in (row, symbol) order.

    ``c . (v M[x]) = v . (M[x] c)``: two dot products per child instead of a vector-matrix product
    and a hash.  Returns ``(h, ok)`` flat of length ``rows * k``, exactly as ``hash_rows`` of the
    children's residues would.

    Examples
    --------
    >>> M = [[[1, 2], [0, 3]], [[2, 0], [1, 1]]]
    >>> res = np.array([[1, 4], [2, 5]])
    >>> h, ok = hash_children(res, key_matrix(M, 7), 7)
    >>> kids = np.concatenate([mod_matmul(res, np.array(m), 7) for m in M], axis=1).reshape(4, 2)
    >>> bool((h == hash_rows(kids, 7)[0]).all())
    True
    """
    k = key_mat.shape[1] // 2
    both = mod_matmul(res, key_mat, p)
    num, den = both[:, :k].ravel(), both[:, k:].ravel()
    ok = den != 0
    inv = batch_inverse(np.where(ok, den, 1), p)
    inv[~ok] = 0
    inv *= num
    return reduce_mod(inv, p), ok


def residues_of_fraction_vector(nums, den: int, p: int):
    """Residues mod ``p`` of the rational vector ``nums / den`` (``den`` not divisible by ``p``)."""
    inv = pow(den % p, p - 2, p)
    return np.array([(int(v) % p) * inv % p for v in nums], dtype=np.int64)
