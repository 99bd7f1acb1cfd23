"""The process catalog: exact presentations of the standard example processes.

Every parameter defaults to an exact rational and may be any exact value
(``Fraction``, ``sympy.Rational``, a string such as ``"1/3"``) or a
``sympy.Symbol`` for parametric models.  Floats are refused, as everywhere in
the exact core.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models.ghmm import GHMM
from .classic import biased_coin, even, golden_mean, mess3, rrxor, sns, z1r
from .periodic import period
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
]

#: name -> (constructor, default parameters) for the command line and the docs.
CATALOG: dict[str, tuple[Callable[..., GHMM], dict[str, str]]] = {
    "mess3": (mess3, {"x": "1/20", "alpha": "17/20"}),
    "rrxor": (rrxor, {"p1": "1/2", "p2": "1/2"}),
    "z1r": (z1r, {"p": "1/2"}),
    "golden_mean": (golden_mean, {"p": "1/2"}),
    "even": (even, {"p": "1/2"}),
    "sns": (sns, {"p": "1/2", "q": "1/2"}),
    "biased_coin": (biased_coin, {"p": "1/2"}),
    "period": (period, {"word": "01"}),
    "tom_quantum": (tom_quantum, {"alpha": "1", "beta": "1"}),
    "fanizza": (fanizza, {"lam": "49/100"}),
    "fanizza_register": (fanizza_register, {"lam": "49/100"}),
}
