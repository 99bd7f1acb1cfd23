"""Certified intervals."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..kernel.exact import as_sympy

__all__ = ["Interval", "dyadic"]


def dyadic(x) -> sympy.Rational:
    """The exact value of a flint arf (an endpoint of an arb ball) as a sympy Rational."""
    m, e = x.man_exp()
    m, e = int(m), int(e)
    return sympy.Rational(m * 2**e) if e >= 0 else sympy.Rational(m, 2 ** (-e))


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[lower, upper]`` with exact rational endpoints that certainly holds a value.

    Attributes
    ----------
    lower, upper : sympy.Rational
        Endpoints, rounded outward.
    depth : int or None
        The block length the bounds were computed at.
    what : str
        What the bounds are of, and how they were obtained.

    Examples
    --------
    >>> iv = Interval(sympy.Rational(1, 3), sympy.Rational(1, 2))
    >>> sympy.Rational(2, 5) in iv, float(iv.width)
    (True, 0.16666666666666666)
    """

    lower: sympy.Rational
    upper: sympy.Rational
    depth: int | None = None
    what: str = ""

    @property
    def width(self) -> sympy.Rational:
        return self.upper - self.lower

    @property
    def midpoint(self) -> sympy.Rational:
        return (self.lower + self.upper) / 2

    def __contains__(self, value) -> bool:
        if isinstance(value, float):  # the float's exact binary value, not a guessed nearby fraction
            f = Fraction(value)
            v = sympy.Rational(f.numerator, f.denominator)
        else:
            v = as_sympy(value, "Interval membership")
        return bool(self.lower <= v <= self.upper)

    def __float__(self):
        return float(self.midpoint)

    @classmethod
    def from_arb(cls, lower, upper, depth: int | None = None, what: str = "") -> Interval:
        """Outward-rounded ``[lower, upper]`` from arb balls (``upper=None`` for ``+oo``)."""
        hi = sympy.oo if upper is None else dyadic(upper.upper())
        return cls(dyadic(lower.lower()), hi, depth, what)

    def __str__(self):
        if self.upper.is_infinite:
            return f"[{float(self.lower):.12g}, oo)"
        return f"[{float(self.lower):.12g}, {float(self.upper):.12g}] (width {float(self.width):.3g})"
