"""Conversion of user input into exact values, and the exact domains we compute in.

Public values are sympy expressions (``Rational`` for numbers) so that they
print exactly (``2/3``) and mix with symbolic parameters.  Internally,
arithmetic runs in a sympy polys domain: ``QQ`` for rational numbers (backed
by python-flint or gmpy2 when present) or a rational-function field such as
``QQ(p)`` for parametric models; both have canonical, hashable elements.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy
from sympy.polys.constructor import construct_domain
from sympy.polys.domains import QQ

from ..errors import FloatEntryError, InvalidEntryError, excerpt
from .numbers import read_exact

if TYPE_CHECKING:
    from typing import Any

#: an exact entry as users give it: an int, a Fraction, text such as "3/8", or a sympy expression
Exact = int | str | Fraction | sympy.Expr

__all__ = ["Exact", "to_exact", "exact_domain", "is_float_like", "as_fraction", "as_sympy"]

_FROM_FLOAT_HINT = (
    "pass exact values instead: int, fractions.Fraction, sympy.Rational, a string "
    "such as '3/8', or a sympy expression; or convert explicitly with "
    "HMM.from_float(T, max_denominator=...)"
)


def is_float_like(value: Any) -> bool:
    """True for Python/numpy floats and sympy ``Float`` (inexact numbers)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (float, complex)):
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, (numbers.Rational, sympy.Basic)):
        return True  # numpy floating and other inexact reals
    return bool(isinstance(value, sympy.Basic) and value.has(sympy.Float))


def to_exact(value: Any, where: str = "value", symbols: dict | None = None) -> sympy.Expr:
    """Convert one entry to an exact sympy expression.

    Parameters
    ----------
    value : int, Fraction, sympy.Expr or str
        The entry.  Floats are refused; text is read by the safe reader
        (numbers such as ``"3/8"``, ``"0.25"``; no code is evaluated).
    where : str
        Where the entry sits, used in error messages (e.g. ``"T['0'][1, 2]"``).
    symbols : dict of str -> sympy.Symbol, optional
        Parameters that text entries may use (see :func:`compmech.kernel.numbers.read_exact`);
        text is never evaluated.

    Returns
    -------
    sympy.Expr
        A ``sympy.Rational`` for numbers, otherwise the sympy expression.

    Raises
    ------
    FloatEntryError
        For floats (including NaN and infinities).
    InvalidEntryError
        For anything that cannot be read exactly.

    Examples
    --------
    >>> to_exact("3/8")
    3/8
    >>> from fractions import Fraction
    >>> to_exact(Fraction(1, 3))
    1/3
    """
    if isinstance(value, sympy.Rational):  # the common case, first: exact, finite, never a float
        return value
    if isinstance(value, bool):
        raise InvalidEntryError(f"{where}: booleans are not probabilities (got {excerpt(value)})")
    if is_float_like(value):
        try:
            fv = float(value)
        except (TypeError, ValueError):
            fv = None
        what = "NaN" if fv is not None and math.isnan(fv) else f"the float {excerpt(value)}"
        raise FloatEntryError(f"{where}: got {what}; compmech computes exactly, so {_FROM_FLOAT_HINT}")
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr):
            raise InvalidEntryError(f"{where}: {excerpt(value)} is not a sympy expression")
        if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise InvalidEntryError(f"{where}: {excerpt(value)} is not a finite number")
        return value
    if isinstance(value, numbers.Integral):
        return sympy.Integer(int(value))
    if isinstance(value, numbers.Rational):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, str):
        # never sympify text: the safe reader parses numbers (and declared parameters) without eval
        return read_exact(value, where, symbols)
    raise InvalidEntryError(
        f"{where}: cannot use {excerpt(value)} of type {type(value).__name__} as an exact entry; {_FROM_FLOAT_HINT}"
    )


def exact_domain(exprs):
    """Return ``(K, elements)``: the smallest exact field holding all ``exprs``.

    ``K`` is ``QQ`` for rational numbers, an algebraic number field such as
    ``QQ<sqrt(51)>`` for algebraic numbers, a rational-function field such as
    ``QQ(p)`` for parametric entries, or an expression domain.

    Examples
    --------
    >>> K, elems = exact_domain([sympy.Rational(1, 2), sympy.Integer(1)])
    >>> K
    QQ
    """
    exprs = list(exprs)
    if not exprs:
        return QQ, []
    if all(isinstance(e, sympy.Rational) for e in exprs):
        return QQ, [QQ(int(e.p), int(e.q)) for e in exprs]
    if all(e.is_number for e in exprs) and all(e.is_algebraic for e in exprs):
        # algebraic numbers (sqrt(51), ...): an algebraic number field, whose zero test is exact
        K, elems = construct_domain(exprs, field=True, extension=True)
    else:
        K, elems = construct_domain(exprs, field=True)
    return K, list(elems)


def as_fraction(value: Any) -> Fraction:
    """Convert an exact rational (sympy, flint, gmpy or Fraction) to ``Fraction``.

    Examples
    --------
    >>> as_fraction(sympy.Rational(2, 6))
    Fraction(1, 3)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    num = getattr(value, "numerator", None)
    den = getattr(value, "denominator", None)
    if num is not None and den is not None:
        num = num() if callable(num) else num
        den = den() if callable(den) else den
        return Fraction(int(num), int(den))
    return Fraction(value)


def as_sympy(value: Any, where: str = "value") -> sympy.Basic:
    """A sympy object from a number, a sympy object or text, without ever evaluating text.

    Examples
    --------
    >>> as_sympy("1/3"), as_sympy(2)
    (1/3, 2)
    """
    if isinstance(value, str):
        return read_exact(value, where)
    try:
        return sympy.sympify(value, strict=True)
    except sympy.SympifyError:
        raise InvalidEntryError(
            f"{where}: cannot use {excerpt(value)} of type {type(value).__name__} as a number"
        ) from None
