"""Shared pieces of the catalog's constructors: parameter checks and process names."""

from __future__ import annotations

import sympy

from ..errors import ProbabilityRangeError
from ..kernel.exact import to_exact

__all__ = ["HALF", "probability", "catalog_label", "CRUTCHFIELD_FELDMAN_2003"]

HALF = sympy.Rational(1, 2)

#: The reference of many textbook processes.
CRUTCHFIELD_FELDMAN_2003 = (
    'J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy '
    'convergence", Chaos 13, 25 (2003), arXiv:cond-mat/0102181'
)


def probability(value, name):
    """``value`` as an exact number or expression, refused unless it lies in ``[0, 1]`` (when numeric)."""
    v = to_exact(value, f"parameter {name}")
    if v.is_number and (v.is_negative or (v - 1).is_positive):
        raise ProbabilityRangeError(f"parameter {name} = {v} must lie in [0, 1]")
    return v


def catalog_label(fn, **params):
    """The name of a catalog process with its parameters, ``fn(k=v, ...)``."""
    return f"{fn}(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
