"""One level of the integer MSP builder for a dense HMM, in vectorized steps over chunks of parents.

When every entry of every ``T[x]`` is positive (Mess3, most fractal processes), every (parent, symbol)
pair is a child with positive probability, so a level is the full product of the frontier with the
symbols.  This module computes, for all of them:

- the float view of the child belief and the edge probability (BLAS, float64: the explicitly numeric
  view; it decides nothing but that two beliefs whose views differ by more than their proven rounding
  error are distinct, :mod:`._msp_floats`);
- with a depth limit, the cell key of the view (:class:`~._msp_floats.CellKeys`: equal beliefs share it or
  are both flagged as neighbours), and nothing else;
- otherwise the modular key of the child belief (as :func:`compmech.kernel.modular.hash_children`, done here on
  residues stored state-major, ``(n, N)``, so that each linear form is a few contiguous passes);
- unless it is the last level, the residues of every child, for the next level's keys.

Each step is a handful of numpy operations on contiguous rows, a chunk of parents at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kernel.limbs import column_terms
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


def _forms(R: np.ndarray, W: np.ndarray, p: int, out: np.ndarray, tmp: np.ndarray, S=None, rows=None) -> None:
    """``out[x] = sum_i W[x, i] R[i] mod p`` for residues ``R (n, N)`` and ``W (q, n)`` in ``[0, p)``.

    ``S``: ``R.sum(axis=0)`` if the caller has it; a row of ``W`` is then taken as its least entry times
    ``S`` plus the excess (:func:`~compmech.kernel.limbs.offset_columns`) where that saves a product.
    The partial sums are taken on the unsigned view and reduced before they could leave ``uint64``
    (with ``p = 2**31 - 1``: three products, one reduction).  ``rows``: ``column_terms(W.T, S is not None)``
    if the caller has them (:func:`~compmech.kernel.limbs.column_terms`).
    """
    n = W.shape[1]
    top, limit = p - 1, (1 << 64) - 1
    rows = column_terms(W.T, S is not None) if rows is None else rows
    Ru, tu = R.view(np.uint64), tmp.view(np.uint64)
    for x, (a, terms) in enumerate(rows):
        if a and a * n * top + top > limit:  # the offset product alone could overflow: the plain row
            a, terms = 0, [(i, int(w)) for i, w in enumerate(W[x]) if w]
        parts = ([(S.view(np.uint64), a, n * top)] if a else []) + [(Ru[i], w, top) for i, w in terms]
        acc = out[x].view(np.uint64)
        if not parts:
            acc[...] = 0
        bound = 0
        for q, (src, w, high) in enumerate(parts):
            if q and bound + w * high > limit:
                reduce_mod(out[x], p)
                bound = top
            if q:
                np.multiply(src, w, out=tu)
                acc += tu
            else:
                np.multiply(src, w, out=acc)
            bound += w * high
    reduce_mod(out, p)


def dense_level(
    fb: np.ndarray, res: list, Tcat: np.ndarray, forms: list, last: bool, out=None, key_dtype=np.int64, cells=None
):
    """All children of the frontier ``fb (N, n)`` (float views) with residues ``res[q] (n, N)`` per prime.

    Returns ``(cf, pf, hashes, oks, child, flags)`` in (parent, symbol) order: ``cf (N k, n)`` the float
    views, ``pf (N k,)`` the edge probabilities, per prime ``hashes[q] (N k,)`` the keys and ``oks[q]`` False
    where the prime divides the child's normalizer (its key is then meaningless), and ``child[q]
    (n, N k)`` the children's residues (``None`` on the ``last`` level).  With ``cells`` (a
    :class:`~._msp_floats.CellKeys`) the keys are the cell keys of the views instead: ``hashes`` is
    ``[keys]``, ``oks`` is empty, ``child`` None (no residues are kept) and ``flags (N k,)`` marks the
    flagged views (else ``flags`` is None).  The parents are taken a chunk at a time, so that the
    temporaries stay in cache.  ``out``: optional ``(cf, pf)`` arrays to write into; ``key_dtype``: that of
    the hashes (``int32`` holds those of a prime below ``2**31``).
    """
    N, n = fb.shape
    k = Tcat.shape[1] // n
    C = N * k
    cf, pf = (np.empty((C, n), dtype=np.float64), np.empty(C, dtype=np.float64)) if out is None else out
    if cells is not None:
        keys, flags = np.empty(C, dtype=np.int32), np.empty(C, dtype=bool)
        rows = min(N, _CHUNK) * k
        work = np.empty((3, rows), dtype=np.uint64), np.empty(rows, dtype=bool)  # once a level
        for a, b in _chunks(N):
            cfc = _views(fb[a:b], Tcat, cf[a * k : b * k], pf[a * k : b * k])
            cells.keys(cfc, keys[a * k : b * k], flags[a * k : b * k], work)
        return cf, pf, [keys], [], None, flags
    hashes = [np.empty(C, dtype=key_dtype) for _ in forms]
    oks = [np.empty(C, dtype=bool) for _ in forms]
    child = None if last else [np.empty((n, C), dtype=np.int64) for _ in forms]
    c_max = min(N, _CHUNK)
    num, den = np.empty((k, c_max), dtype=np.int64), np.empty((k, c_max), dtype=np.int64)
    kid, tmp = np.empty((n, c_max), dtype=np.int64), np.empty(c_max, dtype=np.int64)
    terms = [
        (column_terms(f.keys.T, False), column_terms(f.norms.T, True), [column_terms(m, True) for m in f.M])
        for f in forms
    ]  # once a level, not once a chunk
    for a, b in _chunks(N):
        c = b - a
        _views(fb[a:b], Tcat, cf[a * k : b * k], pf[a * k : b * k])
        for q, (f, R) in enumerate(zip(forms, res)):
            Rc, nu, de, t = R[:, a:b], num[:, :c], den[:, :c], tmp[:c]
            S = Rc.sum(axis=0)
            _forms(Rc, f.keys, f.p, nu, t, rows=terms[q][0])
            _forms(Rc, f.norms, f.p, de, t, S, terms[q][1])
            ok = de != 0
            if not ok.all():
                de[~ok] = 1
            h = batch_inverse(de, f.p)
            h *= nu
            reduce_mod(h, f.p)
            hashes[q][a * k : b * k].reshape(c, k)[...] = h.T
            oks[q][a * k : b * k].reshape(c, k)[...] = ok.T
            if child is not None:
                kids = child[q][:, a * k : b * k].reshape(n, c, k)
                for x in range(k):
                    _forms(Rc, f.M[x].T, f.p, kid[:, :c], t, S, terms[q][2][x])
                    kids[:, :, x] = kid[:, :c]
    return cf, pf, hashes, oks, child, None


def _chunks(N: int):
    return ((a, min(N, a + _CHUNK)) for a in range(0, N, _CHUNK))


def _views(fb: np.ndarray, Tcat: np.ndarray, cf: np.ndarray, pf: np.ndarray) -> np.ndarray:
    """The children's float views into ``cf (c k, n)`` and their edge probabilities into ``pf``: the
    product, the row sums and the division that :mod:`._msp_floats` bounds.  Returns ``cf``."""
    c, n = fb.shape
    np.matmul(fb, Tcat, out=cf.reshape(c, -1))
    np.copyto(pf, cf[:, 0])
    for j in range(1, n):
        pf += cf[:, j]
    cf /= pf[:, None]
    return cf
