"""Vectorized arithmetic modulo word-sized primes, used to *hash* exact beliefs.

The integer MSP builder keeps, for every frontier belief ``v`` (an unnormalized
non-negative integer vector), its residues modulo word-sized primes below ``2**30`` (the builder uses one).
The normalized belief ``v / sum(v)`` reduced modulo ``p`` is a function of the
exact rational belief alone, so equal beliefs always get equal keys; unequal
keys therefore prove that beliefs differ.  Equal keys are only *candidates*:
the builder confirms them with exact integer arithmetic.  No decision about
equality is ever taken from a float or from a hash alone.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HASH_PRIMES", "mod_matmul", "batch_inverse", "hash_rows", "weighted_sums"]

#: The two primes ``< 2**30`` the keys are computed with (products fit in int64).
HASH_PRIMES = (1073741789, 1073741783)

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


def mod_matmul(a: np.ndarray, m: np.ndarray, p: int) -> np.ndarray:
    """``(a @ m) mod p`` for int64 arrays with entries in ``[0, p)``, ``p < 2**30``.

    Examples
    --------
    >>> mod_matmul(np.array([[2, 3]]), np.array([[4, 5], [6, 7]]), 7)
    array([[5, 3]])
    """
    n = a.shape[1]
    out = np.zeros((a.shape[0], m.shape[1]), dtype=np.int64)
    for i in range(n):
        col = m[i]
        if not col.any():
            continue
        out += a[:, i, None] * col[None, :]
        if i % 4 == 3:  # four products < 2**62 never overflow int64
            out %= p
    out %= p
    return out


def batch_inverse(values: np.ndarray, p: int) -> np.ndarray:
    """Inverses modulo ``p`` of non-zero residues, with O(len) multiplications.

    Montgomery's trick done as a balanced product tree, so every step is one
    vectorized numpy operation.

    Examples
    --------
    >>> batch_inverse(np.array([2, 3, 4]), 7)
    array([4, 5, 2])
    """
    a = np.asarray(values, dtype=np.int64)
    if a.size == 0:
        return a.copy()
    if a.size <= 16:  # small batches: scalar modular inverses are cheaper than numpy calls
        return np.array([pow(int(v), p - 2, p) for v in a], dtype=np.int64)
    odd = a.size % 2
    if odd:
        a = np.concatenate([a, np.ones(1, dtype=np.int64)])
    left, right = a[0::2], a[1::2]
    inv_pairs = batch_inverse(left * right % p, p)
    out = np.empty_like(a)
    out[0::2] = inv_pairs * right % p
    out[1::2] = inv_pairs * left % p
    return out[: a.size - odd] if odd else out


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
            acc = (acc + res[:, j] * int(weights[j])) % p
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
        acc = (acc + res[:, j] * c[j]) % p
    return acc * inv % p, ok


def residues_of_fraction_vector(nums, den: int, p: int):
    """Residues mod ``p`` of the rational vector ``nums / den`` (``den`` not divisible by ``p``)."""
    inv = pow(den % p, p - 2, p)
    return np.array([(int(v) % p) * inv % p for v in nums], dtype=np.int64)
