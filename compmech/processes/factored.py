"""Factored processes of the catalog: three Mess3 factors read jointly, independent, noisy or coupled.

The worlds of Shai et al., "Transformers learn factored representations" (ICML 2026), built exactly
with :func:`compmech.algebra.factored`.  The three factors are Mess3 processes with distinct
parameters, so that no two share a belief geometry: (1/20, 17/20) (the seed paper's), (1/10, 3/5)
and (3/20, 1/2).  The joint process has 27 states and 27 tokens (the tuples of the factors' tokens).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ..algebra.factored import factored
from ..models.hmm import HMM
from ._common import probability
from ._registry import register
from .nonunifilar import mess3

if TYPE_CHECKING:
    from ..algebra.factored import Factored
    from ..kernel.exact import Exact

__all__ = ["factored_mess3", "factored_mess3_fully", "MESS3_FACTORS"]

#: the (x, alpha) of the three Mess3 factors
MESS3_FACTORS = (("1/20", "17/20"), ("1/10", "3/5"), ("3/20", "1/2"))

_REF = 'A. S. Shai, L. Teixeira, P. M. Riechers et al., "Transformers learn factored representations", ICML 2026.'


def _factors() -> list:
    return [mess3(x, a) for x, a in MESS3_FACTORS]


@register(family="factored", reference=_REF, aliases=("three_mess3", "mess3_factors"))
def factored_mess3(noise: Exact = 0) -> Factored:
    """Three independent Mess3 factors read jointly, optionally through symmetric noise on the joint token.

    ``noise = eps > 0`` replaces the joint token with a uniformly random one with probability ``eps``,
    which breaks the factors' conditional independence (the factoring cost becomes positive).

    Examples
    --------
    >>> f = factored_mess3()
    >>> f.n_states, f.n_symbols, f.dimensions()
    (27, 27, {'joint': 26, 'factored': 6, 'subspaces': 3})
    >>> factored_mess3("1/5").noise
    1/5
    """
    eps = probability(noise, "noise")
    return factored(
        _factors(), noise=eps if eps != 0 else None, name="factored_mess3" + (f"(noise={eps})" if eps else "()")
    )


def _shifted(h: HMM) -> HMM:
    """The same Mess3 with its symbols relabeled ``x -> x + 1 (mod 3)``: a variant on the same states."""
    T = h.matrices
    return HMM({x: T[(x - 1) % 3] for x in range(3)}, name=f"{h.name} shifted")


@register(family="factored", reference=_REF, aliases=("three_mess3_fully",))
def factored_mess3_fully() -> Factored:
    """Three Mess3 factors coupled fully conditionally: a factor's symbols shift when the other two agree.

    Factor ``i`` uses its Mess3 with symbols relabeled ``x -> x + 1`` when the other two factors' tokens
    at the same step are equal, and the joint law is the normalized product of the factors' laws.

    Examples
    --------
    >>> f = factored_mess3_fully()
    >>> f.structure, f.dimensions()["factored"]
    ('fully', 6)
    """
    control = [int(u[0] == u[1]) for u in itertools.product(range(3), repeat=2)]
    variants = [[h, _shifted(h)] for h in _factors()]
    return factored(variants, "fully", [control] * 3, name="factored_mess3_fully()")
