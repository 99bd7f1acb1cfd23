"""The golden mean process and its generalizations: binary processes defined by forbidden words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models.hmm import HMM
from ._common import HALF, catalog_label, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["golden_mean"]


def _forbid_00(kw: dict) -> dict:
    """sofic's forbid-00 drawings (Ellison et al.), ``p = Pr(1 | A)``: this process at ``1 - p``, 0 and 1 exchanged."""
    return {"p": 1 - probability(kw["p"], "p")}


@register(
    family="golden mean",
    aliases=(  # forward and reverse epsilon-machines of Ellison, Mahoney & Crutchfield (2009), Fig. 4: reversible
        Alias(
            "golden_mean_forward",
            params={"p": "p"},
            defaults={"p": "1/2"},
            transform=_forbid_00,
            sofic="epsilon_machines",
        ),
        Alias(
            "golden_mean_reverse",
            params={"p": "p"},
            defaults={"p": "1/2"},
            transform=_forbid_00,
            sofic="epsilon_machines",
        ),
    ),
)
def golden_mean(p: Exact = HALF) -> HMM:
    """The golden-mean process (no two 1s in a row).

    State A emits 0 and stays with probability ``1 - p`` or emits 1 and goes
    to B with probability ``p``; B emits 0 and returns to A.

    See Also
    --------
    even

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> golden_mean().stationary_distribution()
    (2/3, 1/3)
    """
    p = probability(p, "p")
    return HMM([[[1 - p, 0], [1, 0]], [[0, p], [0, 0]]], states=("A", "B"), name=catalog_label("golden_mean", p=p))
