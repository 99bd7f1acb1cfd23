"""One level of the integer MSP builder for a dense HMM, in vectorized steps over chunks of parents.

When every entry of every ``T[x]`` is positive (Mess3, most fractal processes), every (parent, symbol)
pair is a child with positive probability, so a level is the full product of the frontier with the
symbols.  This module computes, for all of them:

- the float view of the child belief and the edge probability (BLAS, float64: the explicitly numeric
  view, never used to decide anything);
- the modular key of the child belief (as :func:`compmech.kernel.modular.hash_children`, done here on
  residues stored state-major, ``(n, N)``, so that each linear form is a few contiguous passes);
- unless it is the last level, the residues of every child, for the next level's keys.

Each step is a handful of numpy operations on contiguous rows, a chunk of parents at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kernel.limbs import offset_columns
from ..kernel.modular import batch_inverse, key_matrix, reduce_mod

__all__ = ["DenseForms", "dense_level"]

#: Parents per chunk: the temporaries of a chunk (a few ``(k, chunk)`` int64 arrays) stay in cache.
_CHUNK = 1 << 14


@dataclass
class DenseForms:
    """The integer matrices of one prime, reduced: ``keys[x]`` and ``norms[x]`` are the columns ``M[x] c`` and
    ``M[x] 1`` (shape ``(k, n)``), ``M`` is ``(k, n, n)``, all modulo ``p``."""

    p: int
    keys: np.ndarray
    norms: np.ndarray
    M: np.ndarray

    @classmethod
    def of(cls, M, p: int) -> DenseForms:
        km = key_matrix(M, p)  # (n, 2k): columns M[x] c, then M[x] 1
        k = len(M)
        Mp = np.array([[[int(v) % p for v in row] for row in m] for m in M], dtype=np.int64)
        return cls(p, np.ascontiguousarray(km[:, :k].T), np.ascontiguousarray(km[:, k:].T), Mp)


def _forms(R: np.ndarray, W: np.ndarray, p: int, out: np.ndarray, tmp: np.ndarray, S=None) -> None:
    """``out[x] = sum_i W[x, i] R[i] mod p`` for residues ``R (n, N)`` and ``W (q, n)`` in ``[0, p)``.

    ``S``: ``R.sum(axis=0)`` if the caller has it; a row of ``W`` is then taken as its least entry times
    ``S`` plus the excess (:func:`~compmech.kernel.limbs.offset_columns`) where that saves a product.
    The partial sums are reduced before they could leave ``int64``.
    """
    n = W.shape[1]
    top, limit = p - 1, (1 << 63) - 1
    rows = offset_columns(W.T) if S is not None else [(0, [(i, int(w)) for i, w in enumerate(r) if w]) for r in W]
    for x, (a, terms) in enumerate(rows):
        if a and a * n * top + top > limit:  # the offset product alone could overflow: the plain row
            a, terms = 0, [(i, int(w)) for i, w in enumerate(W[x]) if w]
        acc = out[x]
        bound = 0
        if a:
            np.multiply(S, a, out=acc)
            bound = a * n * top
        else:
            acc[...] = 0
        for i, w in terms:
            if bound + w * top > limit:
                reduce_mod(acc, p)
                bound = top
            np.multiply(R[i], w, out=tmp)
            acc += tmp
            bound += w * top
    reduce_mod(out, p)


def dense_level(fb: np.ndarray, res: list, Tcat: np.ndarray, forms: list, last: bool, out=None):
    """All children of the frontier ``fb (N, n)`` (float views) with residues ``res[q] (n, N)`` per prime.

    Returns ``(cf, pf, hashes, oks, child)`` in (parent, symbol) order: ``cf (N k, n)`` the float views,
    ``pf (N k,)`` the edge probabilities, per prime ``hashes[q] (N k,)`` the keys and ``oks[q]`` False
    where the prime divides the child's normalizer (its key is then meaningless), and ``child[q]
    (n, N k)`` the children's residues (``None`` on the ``last`` level).  The parents are taken a chunk
    at a time, so that the temporaries stay in cache.  ``out``: optional ``(cf, pf)`` arrays to write into.
    """
    N, n = fb.shape
    k = Tcat.shape[1] // n
    C = N * k
    cf, pf = (np.empty((C, n), dtype=np.float64), np.empty(C, dtype=np.float64)) if out is None else out
    hashes = [np.empty(C, dtype=np.int64) for _ in forms]  # the numerators, until the end of the level
    dens = [np.empty(C, dtype=np.int64) for _ in forms]
    child = None if last else [np.empty((n, C), dtype=np.int64) for _ in forms]
    c_max = min(N, _CHUNK)
    num, den = np.empty((k, c_max), dtype=np.int64), np.empty((k, c_max), dtype=np.int64)
    kid, tmp = np.empty((n, c_max), dtype=np.int64), np.empty(c_max, dtype=np.int64)
    for a in range(0, N, _CHUNK):
        b = min(N, a + _CHUNK)
        c = b - a
        cfc, pfc = cf[a * k : b * k], pf[a * k : b * k]
        np.matmul(fb[a:b], Tcat, out=cfc.reshape(c, k * n))
        np.copyto(pfc, cfc[:, 0])
        for j in range(1, n):
            pfc += cfc[:, j]
        cfc /= pfc[:, None]
        for q, (f, R) in enumerate(zip(forms, res)):
            Rc, nu, de, t = R[:, a:b], num[:, :c], den[:, :c], tmp[:c]
            S = Rc.sum(axis=0)
            _forms(Rc, f.keys, f.p, nu, t)
            _forms(Rc, f.norms, f.p, de, t, S)
            hashes[q][a * k : b * k].reshape(c, k)[...] = nu.T
            dens[q][a * k : b * k].reshape(c, k)[...] = de.T
            if child is not None:
                kids = child[q][:, a * k : b * k].reshape(n, c, k)
                for x in range(k):
                    _forms(Rc, f.M[x].T, f.p, kid[:, :c], t, S)
                    kids[:, :, x] = kid[:, :c]
    return cf, pf, hashes, [_divide(h, d, f.p) for h, d, f in zip(hashes, dens, forms)], child


def _divide(num: np.ndarray, den: np.ndarray, p: int) -> np.ndarray:
    """``num /= den (mod p)`` in place where ``den != 0``; returns where it is (one batch inverse a level)."""
    ok = den != 0
    den[~ok] = 1
    num *= batch_inverse(den, p)
    reduce_mod(num, p)
    return ok
