"""Renewal processes: the count since the last event is the state (the even process and its relatives)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models.hmm import HMM
from ._common import HALF, catalog_label, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["even"]


@register(
    family="renewal",
    aliases=(
        Alias("Even", params={"bias": "p"}, defaults={"bias": "1/2"}, sofic="processes", ignore=("machine_type",)),
    ),
)
def even(p: Exact = HALF) -> HMM:
    """The even process (1s come in even-length blocks).

    A emits 0 and stays with probability ``p`` or emits 1 and goes to B with
    ``1 - p``; B emits 1 and returns to A.

    See Also
    --------
    golden_mean

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> even().stationary_distribution()
    (2/3, 1/3)
    """
    p = probability(p, "p")
    return HMM([[[p, 0], [0, 0]], [[0, 1 - p], [1, 0]]], states=("A", "B"), name=catalog_label("even", p=p))
