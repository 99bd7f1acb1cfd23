"""Independent, identically distributed symbols: coins and dice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, probability
from ._registry import register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["biased_coin"]


@register(family="iid", reference=CRUTCHFIELD_FELDMAN_2003, aliases=("coin",))
def biased_coin(p: Exact = HALF) -> HMM:
    """IID coin flips: symbol 1 with probability ``p``.

    Examples
    --------
    >>> biased_coin("1/3").word_probability([1, 1])
    1/9
    """
    p = probability(p, "p")
    return HMM([[[1 - p]], [[p]]], states=("A",), name=catalog_label("biased_coin", p=p))
