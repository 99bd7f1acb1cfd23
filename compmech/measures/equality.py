"""Exact equality of measure values: rational combinations of base-2 logarithms, compared without floats."""

from __future__ import annotations

import sympy

from ..kernel.exact import as_sympy
from ._logs import from_sympy

__all__ = ["exactly_equal"]


def exactly_equal(a: object, b: object) -> bool:
    """Exact equality of two measure values (rational combinations of base-2 logs).

    Both are brought to the canonical :class:`Log2Sum` form, so no floating
    point and no heuristic simplification is involved.  Parametric values are
    compared with sympy's ``simplify``.

    Examples
    --------
    >>> exactly_equal(sympy.log(9) / (2 * sympy.log(2)), sympy.log(3) / sympy.log(2))
    True
    >>> exactly_equal(sympy.log(3) / sympy.log(2), sympy.Rational(1585, 1000))
    False
    """
    x, y = as_sympy(a, "first value"), as_sympy(b, "second value")
    if x.free_symbols or y.free_symbols:
        return sympy.simplify(x - y) == 0
    return from_sympy(x) == from_sympy(y)
