"""Logic processes: random bits and boolean functions of them (RRXOR and its relatives)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models.hmm import HMM
from ._common import HALF, catalog_label, probability
from ._registry import register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["rrxor"]


@register(family="logic", aliases=("random_random_xor",))
def rrxor(p1: Exact = HALF, p2: Exact = HALF) -> HMM:
    """Random-random-XOR: two random bits, then their XOR.

    States ``S, 0, 1, T, F``; stationary ``(1/3, 1/6, 1/6, 1/6, 1/6)`` at the
    default parameters.

    See Also
    --------
    mess3

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.

    Examples
    --------
    >>> from compmech import mixed_state_presentation
    >>> mixed_state_presentation(rrxor()).graph.number_of_nodes()
    36
    """
    p1, p2 = probability(p1, "p1"), probability(p2, "p2")
    idx = {"S": 0, "0": 1, "1": 2, "T": 3, "F": 4}
    T0 = [[0] * 5 for _ in range(5)]
    T1 = [[0] * 5 for _ in range(5)]
    T0[idx["S"]][idx["0"]] = p1
    T1[idx["S"]][idx["1"]] = 1 - p1
    T0[idx["0"]][idx["F"]] = p2
    T1[idx["0"]][idx["T"]] = 1 - p2
    T0[idx["1"]][idx["T"]] = p2
    T1[idx["1"]][idx["F"]] = 1 - p2
    T1[idx["T"]][idx["S"]] = 1
    T0[idx["F"]][idx["S"]] = 1
    return HMM([T0, T1], states=tuple(idx), name=catalog_label("rrxor", p1=p1, p2=p2))
