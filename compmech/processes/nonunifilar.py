"""Processes whose natural presentations are nonunifilar: Mess3, the simple nonunifilar source, ...

Their mixed-state presentations are often infinite (countably, as the SNS's, or a fractal, as
Mess3's); the catalog gives their generators, exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, probability
from ._registry import register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["mess3", "sns"]


_MESS3_X, _MESS3_ALPHA = sympy.Rational(1, 20), sympy.Rational(17, 20)  # the seed paper's parameters


@register(family="nonunifilar")
def mess3(x: Exact = _MESS3_X, alpha: Exact = _MESS3_ALPHA) -> HMM:
    """The Mess3 process: 3 states, 3 symbols, nonunifilar, fractal beliefs.

    ``beta = (1 - alpha) / 2`` and ``y = 1 - 2 x``; the seed paper uses
    ``x = 1/20, alpha = 17/20``.  The stationary distribution is uniform.

    See Also
    --------
    rrxor

    References
    ----------
    - S. E. Marzen and J. P. Crutchfield, "Nearly maximally predictive features and their dimensions", Phys. Rev. E 95, 051301(R) (2017).
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.

    Examples
    --------
    >>> m = mess3()
    >>> m.stationary_distribution()
    (1/3, 1/3, 1/3)
    >>> m.matrices[0][0, 0]
    153/200
    """
    x, alpha = probability(x, "x"), probability(alpha, "alpha")
    beta = (1 - alpha) / 2
    y = 1 - 2 * x
    T0 = [[alpha * y, beta * x, beta * x], [alpha * x, beta * y, beta * x], [alpha * x, beta * x, beta * y]]
    T1 = [[beta * y, alpha * x, beta * x], [beta * x, alpha * y, beta * x], [beta * x, alpha * x, beta * y]]
    T2 = [[beta * y, beta * x, alpha * x], [beta * x, beta * y, alpha * x], [beta * x, beta * x, alpha * y]]
    return HMM([T0, T1, T2], states=("A", "B", "C"), name=catalog_label("mess3", x=x, alpha=alpha))


@register(family="nonunifilar", reference=CRUTCHFIELD_FELDMAN_2003, aliases=("simple_nonunifilar_source",))
def sns(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The simple nonunifilar source: countably many causal states.

    A emits 0 and stays (``1 - p``) or emits 0 and goes to B (``p``); B emits
    0 and stays (``1 - q``) or emits 1 and goes to A (``q``).

    Examples
    --------
    >>> sns().is_unifilar()
    False
    """
    p, q = probability(p, "p"), probability(q, "q")
    return HMM([[[1 - p, p], [0, 1 - q]], [[0, 0], [q, 0]]], states=("A", "B"), name=catalog_label("sns", p=p, q=q))
