"""Measures of independent processes read jointly: the sums of the factors' measures, exactly.

For independent stationary processes ``X`` and ``Y`` read as one process ``(X_t, Y_t)``, the block
entropies add, ``H(L) = H_X(L) + H_Y(L)``, so ``h_mu`` and ``E = lim [H(L) - L h_mu]`` add; the joint past
determines each factor's past and the joint prediction is the product of the factors' predictions, so
the causal states are the pairs of the factors' causal states, distributed as the product, and ``C_mu``
adds too.  A :class:`~compmech.algebra.factored.Factored` process with the ``"independent"`` structure and
no noise is such a product: its measures are computed on the factors (three Mess3 factors: three trees of
3^L words instead of one of 27^L).
"""

from __future__ import annotations

import inspect

import sympy

from ..algebra.factored import Factored
from ._infinity import proven_infinite
from .nonergodic import component_values, weighted_sum

__all__ = ["independent_factors", "summed"]


def independent_factors(hmm) -> tuple | None:
    """The factors of ``hmm`` when it is an independent product of them (a noiseless ``"independent"``
    :class:`~compmech.algebra.factored.Factored`), else ``None``."""
    if isinstance(hmm, Factored) and hmm.structure == "independent" and hmm.noise is None and len(hmm.factors) > 1:
        return tuple(hmm.factors)
    return None


def summed(tol_default=None):
    """The product rule of a measure that adds over independent factors (for :func:`process_level`).

    With ``tol_default`` (the measure's default tolerance), an explicit or default ``tol`` is split
    evenly between the factors, so that the width of the summed interval stays within it.
    """

    def rule(measure, parts, *args, **kwargs):
        if tol_default is not None:
            bound = inspect.signature(measure).bind(parts[0], *args, **kwargs)
            bound.apply_defaults()
            tol = bound.arguments.get("tol")
            if tol is None and bound.arguments.get("depth") is None:
                tol = tol_default
            if tol is not None:
                bound.arguments["tol"] = tol / len(parts)
            args, kwargs = bound.args[1:], bound.kwargs
        values, why = component_values(measure, [(1, f) for f in parts], *args, **kwargs)
        value = weighted_sum(values, [1] * len(parts))
        if why is not None and value == sympy.oo:
            return proven_infinite(value, f"{measure.__name__} of independent factors is their sum, and {why}")
        return value

    return rule
