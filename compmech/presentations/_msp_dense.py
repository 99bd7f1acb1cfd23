"""One level of the integer MSP builder for a dense HMM, in whole-level vectorized steps.

When every entry of every ``T[x]`` is positive (Mess3, most fractal processes), every (parent, symbol)
pair is a child with positive probability, so a level is the full product of the frontier with the
symbols.  This module computes, for all of them:

- the float view of the child belief and the edge probability (BLAS, float64: the explicitly numeric
  view, never used to decide anything);
- the modular key of the child belief (as :func:`compmech.kernel.modular.hash_children`, done here on
  residues stored state-major, ``(n, N)``, so that each linear form is a few contiguous passes);
- unless it is the last level, the residues of every child, for the next level's keys.

Each step is a handful of whole-level numpy operations on contiguous rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kernel.modular import batch_inverse, key_matrix, products_per_reduction, reduce_mod

__all__ = ["DenseForms", "dense_level"]



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


def _forms(R: np.ndarray, W: np.ndarray, p: int, out: np.ndarray, tmp: np.ndarray) -> None:
    """``out[x] = sum_i W[x, i] R[i] mod p`` for residues ``R (n, N)`` and ``W (q, n)`` in ``[0, p)``."""
    every = products_per_reduction(p)
    for x in range(W.shape[0]):
        acc = out[x]
        acc[...] = 0
        for i in range(W.shape[1]):
            w = int(W[x, i])
            if w:
                np.multiply(R[i], w, out=tmp)
                acc += tmp
            if i % every == every - 1 and i + 1 < W.shape[1]:
                reduce_mod(acc, p)
    reduce_mod(out, p)


def dense_level(fb: np.ndarray, res: list, Tcat: np.ndarray, forms: list, last: bool):
    """All children of the frontier ``fb (N, n)`` (float views) with residues ``res[q] (n, N)`` per prime.

    Returns ``(cf, pf, hashes, oks, child)`` in (parent, symbol) order: ``cf (N k, n)`` the float views,
    ``pf (N k,)`` the edge probabilities, per prime ``hashes[q] (N k,)`` the keys and ``oks[q]`` False
    where the prime divides the child's normalizer (its key is then meaningless), and ``child[q]
    (n, N k)`` the children's residues (``None`` on the ``last`` level).
    """
    N, n = fb.shape
    k = Tcat.shape[1] // n
    cf = (fb @ Tcat).reshape(N * k, n)
    pf = cf[:, 0].copy()
    for j in range(1, n):
        pf += cf[:, j]
    cf /= pf[:, None]
    hashes: list[np.ndarray] = []
    oks: list[np.ndarray] = []
    child: list[np.ndarray] | None = None if last else []
    num, den = np.empty((k, N), dtype=np.int64), np.empty((k, N), dtype=np.int64)
    tmp = np.empty(N, dtype=np.int64)
    for f, R in zip(forms, res):
        _forms(R, f.keys, f.p, num, tmp)
        _forms(R, f.norms, f.p, den, tmp)
        ok = den != 0
        den[~ok] = 1
        h = batch_inverse(den, f.p)
        h *= num
        reduce_mod(h, f.p)
        hashes.append(np.ascontiguousarray(h.T).reshape(N * k))  # (parent, symbol) order
        oks.append(np.ascontiguousarray(ok.T).reshape(N * k))
        if child is not None:
            kids, kid = np.empty((n, N, k), dtype=np.int64), np.empty((n, N), dtype=np.int64)
            for x in range(k):
                _forms(R, f.M[x].T, f.p, kid, tmp)
                kids[:, :, x] = kid
            child.append(kids.reshape(n, N * k))
    return cf, pf, hashes, oks, child
