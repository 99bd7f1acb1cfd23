"""Certified float64 evaluation of ``sum_u sum_x a_ux ln(d_u / a_ux)`` for exact non-negative integers.

This is the conditional entropy of the next symbol over a level of a belief tree (``a_ux = V[u] M[x] tau``,
``d_u = sum_x a_ux``), the cost centre of the certified entropy-rate bounds.  Each term is non-negative,
so relative errors do not cancel: float64 with a proven error bound gives the value as an arb ball
without an arbitrary-precision logarithm per distinct integer.

Only correctly rounded IEEE-754 operations are used (``+ - * /``, ``frexp``, exact power-of-two
scalings, :func:`math.fsum`); the logarithm is a series, not the platform's ``log``, whose accuracy no
standard guarantees.  With ``u = 2**-53``, ``l`` limbs per integer and ``k`` symbols:

- a limb sum is within ``l u`` (relative) of its integer (positive terms, exact products), ``d`` within
  ``(l + k) u`` and the ratio ``r = d / a`` within ``eta = (2 l + k + 1) u``, so ``|ln r_f - ln r| <= 1.01 eta``;
- ``ln r_f`` (``r_f >= 1``) is ``e ln 2 + ln m`` with ``m`` in ``[1/sqrt 2, sqrt 2)``,
  ``ln m = 2 s sum_{j<=10} s^(2j) / (2j + 1)``, ``s = (m - 1)/(m + 1)``, ``|s| <= 0.1716``: truncation below
  ``1e-18`` relative, rounding within ``46 u``; ``e ln 2`` within ``2 u``, and ``|e ln 2|, |ln m| <= 2 ln r_f``,
  so the sum is within ``51 u`` of ``ln r_f``;
- a term ``a_f ln r_f`` is then within ``a [(l + 53) u ln r_f + 1.01 eta]`` of ``a ln r``, and
  :func:`math.fsum` is correctly rounded.

So ``|R_f - R| <= e1 R_f + e2 N`` with ``N = sum a``, ``e1 = 2 (l + 60) u`` and ``e2 = 2 (2 l + k + 2) u``
(each doubled for margin).  Integers beyond ``2**960`` (float range for sums of millions of terms) and
negative ones are refused (``None``): the caller then uses arb throughout.
"""

from __future__ import annotations

import math

import flint
import numpy as np

from ..kernel.limbs import BITS, Block

__all__ = ["xlogy_sum"]

_U = 2.0**-53
_LN2 = 0.6931471805599453  # the double nearest ln 2
_TERMS = 10
_MAX_BITS = 960
_SQRT_HALF = 0.7071067811865476


def _limb_floats(block: Block) -> np.ndarray | None:
    """The block's values as float64 ``(rows, m)``, each within ``l u`` of its integer; None if out of reach."""
    limbs = block.limbs
    if block.bound.bit_length() > _MAX_BITS or (not block.unsigned and (limbs[-1] < 0).any()):
        return None
    out = np.zeros(limbs.shape[1:], dtype=np.float64)
    for lvl in range(limbs.shape[0] - 1, -1, -1):  # the largest first: the rounding bound holds either way
        out += np.ldexp(limbs[lvl].astype(np.float64), BITS * lvl)
    return out.T


def _log_ge1(r: np.ndarray) -> np.ndarray:
    """``ln r`` for float64 ``r >= 1``, within ``51 u`` (relative), from correctly rounded operations only."""
    m, e = np.frexp(r)
    low = m < _SQRT_HALF
    m = np.where(low, 2.0 * m, m)
    e = np.where(low, e - 1, e).astype(np.float64)
    s = (m - 1.0) / (m + 1.0)
    z = s * s
    p = np.full_like(z, 1.0 / (2 * _TERMS + 1))
    for j in range(_TERMS - 1, -1, -1):
        p = p * z + 1.0 / (2 * j + 1)
    return e * _LN2 + 2.0 * s * p


def xlogy_sum(blocks: list[Block], total: int) -> flint.arb | None:
    """``(1 / total) sum_rows sum_x a_x ln(d / a_x)`` (nats) as an arb ball, ``d`` the row's sum.

    ``blocks`` hold the rows ``a`` (non-negative integers, ``k`` per row; their order does not matter),
    ``total`` is the exact sum of every ``a``.  ``None`` when an integer is negative or beyond ``2**960``.

    Examples
    --------
    >>> from compmech.kernel.limbs import from_ints
    >>> ball = xlogy_sum([from_ints([[1, 1], [3, 0]])], 5)   # (2 ln 2) / 5
    >>> abs(float(ball.mid()) - 2 * math.log(2) / 5) < 1e-15, float(ball.rad()) < 1e-13
    (True, True)
    """
    parts = []
    for b in blocks:
        f = _limb_floats(b)
        if f is None:
            return None
        parts.append(f)
    if not parts:
        return None
    a: np.ndarray = np.concatenate(parts, axis=0)
    k = a.shape[1]
    limbs = max(b.limbs.shape[0] for b in blocks)
    d = a.sum(axis=1)
    rows, cols = np.nonzero(a > 0)
    av = a[rows, cols]
    terms = av * _log_ge1(d[rows] / av)
    R = math.fsum(terms.tolist())
    e1 = 2 * (limbs + 60) * _U
    e2 = 2 * (2 * limbs + k + 2) * _U
    flint.ctx.prec = max(flint.ctx.prec, 128)
    mid = flint.arb(R) / flint.arb(total)  # arb holds a float exactly
    rad = (flint.arb(e1 * R) / flint.arb(total) + flint.arb(e2)) * flint.arb(1.01)  # 1.01: the rounding of e1 R
    return mid + flint.arb(0, rad.upper())
