"""The process catalog: exact presentations of the standard example processes.

Every parameter defaults to an exact rational and may be any exact value
(``Fraction``, ``sympy.Rational``, a string such as ``"1/3"``) or a
``sympy.Symbol`` for parametric models.  Floats are refused, as everywhere in
the exact core.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models.ghmm import GHMM
from ._registry import Alias, Entry, catalog, get, lookup
from .golden_mean import golden_mean
from .iid import biased_coin
from .logic import rrxor
from .nonunifilar import mess3, sns
from .periodic import period, z1r
from .quantum import (
    certified_value,
    fanizza,
    fanizza_register,
    post_quantum,
    post_quantum_point,
    tom_quantum,
    with_hidden_register,
)
from .random_hmms import random_hmm
from .renewal import even

__all__ = [
    "mess3",
    "rrxor",
    "z1r",
    "golden_mean",
    "even",
    "sns",
    "biased_coin",
    "period",
    "random_hmm",
    "tom_quantum",
    "fanizza",
    "post_quantum",
    "post_quantum_point",
    "certified_value",
    "with_hidden_register",
    "fanizza_register",
    "CATALOG",
    "catalog",
    "get",
    "lookup",
    "Entry",
    "Alias",
]

#: name -> (constructor, default parameters), for every catalog entry (see :func:`catalog` for the rest).
CATALOG: dict[str, tuple[Callable[..., GHMM], dict[str, str]]] = {
    e.name: (e.constructor, dict(e.defaults)) for e in catalog()
}
