"""Statistical estimates and the certified-bounds-plus-estimate pair, kept apart from exact values."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .interval import Interval

__all__ = ["Estimate", "DimensionFit", "BoundedEstimate"]


@dataclass(frozen=True)
class Estimate:
    """A numerical estimate with its standard error: never an exact value, never a certified bound.

    Attributes
    ----------
    value : float
        The estimate (``-inf`` where the quantity is exactly minus infinity, then ``stderr = 0``).
    stderr : float
        One standard error.  For Monte Carlo estimates it is the batch-means standard error over
        independent batches of chains; for a deterministic extrapolation it is the size of the
        extrapolated correction (``what`` says which).
    n_steps : int or None
        Belief updates (or block length) the estimate used.
    seed : int or None
        The seed that reproduces it.
    what : str
        What was estimated, and how.

    Examples
    --------
    >>> e = Estimate(1.25, 0.01, n_steps=10_000, seed=0, what="toy")
    >>> str(e), e.within(1.27), e.within(1.5)
    ('1.25 +- 0.01 (estimate)', True, False)
    """

    value: float
    stderr: float
    n_steps: int | None = None
    seed: int | None = None
    what: str = ""

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        if math.isinf(self.value):
            return f"{self.value} (exact)" if self.stderr == 0 else f"{self.value} (estimate)"
        return f"{self.value:.6g} +- {self.stderr:.2g} (estimate)"

    def within(self, x: float, z: float = 4.0) -> bool:
        """Whether ``x`` lies within ``z`` standard errors of the value."""
        if math.isinf(self.value):
            return bool(x == self.value)
        return bool(abs(float(x) - self.value) <= z * self.stderr)

    def agrees_with(self, interval: Interval, z: float = 4.0) -> bool:
        """Whether ``value +- z stderr`` overlaps a certified interval."""
        lo, hi = self.value - z * self.stderr, self.value + z * self.stderr
        return bool(float(interval.lower) <= hi and lo <= float(interval.upper))


@dataclass(frozen=True)
class DimensionFit:
    """A dimension read as the slope of a log-log (or entropy-log) plot over a stated fit range.

    Attributes
    ----------
    value, stderr : float
        The least-squares slope and its standard error (of the regression, which understates
        the systematic error of a finite range of scales: see ``eps``).
    eps : numpy.ndarray
        The resolutions (box sides) used in the fit, largest first.
    y : numpy.ndarray
        ``log2 N(eps)`` (box counting) or the coarse-grained entropy ``H_eps`` in bits.
    what : str
        Which dimension, from how many points.

    Examples
    --------
    >>> import numpy as np
    >>> eps = 2.0 ** -np.arange(2, 6)
    >>> fit = DimensionFit.from_points(eps, 1.5 * np.log2(1 / eps), "toy")
    >>> round(fit.value, 12), fit.fit_range
    (1.5, (0.03125, 0.25))
    """

    value: float
    stderr: float
    eps: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    what: str = ""

    @property
    def fit_range(self) -> tuple[float, float]:
        return (float(self.eps.min()), float(self.eps.max()))

    @classmethod
    def from_points(cls, eps, y, what: str) -> DimensionFit:
        """Fit ``y = d log2(1/eps) + c`` by least squares."""
        eps, y = np.asarray(eps, dtype=float), np.asarray(y, dtype=float)
        x = np.log2(1.0 / eps)
        A = np.stack([x, np.ones_like(x)], axis=1)
        coef, *_ = np.linalg.lstsq(A, y, rcond=None)
        resid = y - A @ coef
        dof = max(len(x) - 2, 1)
        s2 = float(resid @ resid) / dof
        se = math.sqrt(s2 / float(((x - x.mean()) ** 2).sum())) if len(x) > 2 else float("nan")
        return cls(float(coef[0]), se, eps, y, what)

    def __str__(self) -> str:
        lo, hi = self.fit_range
        return f"{self.value:.4g} +- {self.stderr:.2g} (fit over eps in [{lo:.3g}, {hi:.3g}])"


@dataclass(frozen=True)
class BoundedEstimate:
    """Certified bounds on a quantity, and an estimate where the bounds are not tight.

    Attributes
    ----------
    bounds : Interval
        Certified: the quantity certainly lies in it (``upper`` may be ``sympy.oo``).
    estimate : Estimate or None
        A (non-certified) estimate of where in the bounds the value lies.

    Examples
    --------
    >>> import sympy
    >>> b = BoundedEstimate(Interval(sympy.Integer(1), sympy.oo, what="toy"), Estimate(1.5, 0.1))
    >>> print(b)
    >= 1 (certified); 1.5 +- 0.1 (estimate)
    """

    bounds: Interval
    estimate: Estimate | None = None

    def __str__(self) -> str:
        lo, hi = self.bounds.lower, self.bounds.upper
        if lo.is_infinite:
            return "+oo (certified)"
        text = f">= {float(lo):.10g} (certified)" if hi.is_infinite else f"in {self.bounds} (certified)"
        return text if self.estimate is None else f"{text}; {self.estimate}"
