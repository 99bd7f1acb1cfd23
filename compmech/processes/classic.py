"""The classic processes of computational mechanics and of the seed paper: Mess3, RRXOR, Z1R, the golden
mean, the even process, the simple nonunifilar source and the biased coin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..models.hmm import HMM
from ._common import HALF, catalog_label, probability

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["mess3", "rrxor", "z1r", "golden_mean", "even", "sns", "biased_coin"]


_MESS3_X, _MESS3_ALPHA = sympy.Rational(1, 20), sympy.Rational(17, 20)  # the seed paper's parameters


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


def z1r(p: Exact = HALF) -> HMM:
    """The Zero-One-Random process: ``0, 1``, then a random bit, repeated.

    Examples
    --------
    >>> z1r().stationary_distribution()
    (1/3, 1/3, 1/3)
    """
    p = probability(p, "p")
    T0 = [[0, 1, 0], [0, 0, 0], [p, 0, 0]]
    T1 = [[0, 0, 0], [0, 0, 1], [1 - p, 0, 0]]
    return HMM([T0, T1], states=("0", "1", "R"), name=catalog_label("z1r", p=p))


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


def biased_coin(p: Exact = HALF) -> HMM:
    """IID coin flips: symbol 1 with probability ``p``.

    Examples
    --------
    >>> biased_coin("1/3").word_probability([1, 1])
    1/9
    """
    p = probability(p, "p")
    return HMM([[[1 - p]], [[p]]], states=("A",), name=catalog_label("biased_coin", p=p))
