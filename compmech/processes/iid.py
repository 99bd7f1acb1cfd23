"""Independent, identically distributed symbols: coins and dice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, distribution, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["biased_coin", "uniform_iid", "biased_die"]

MAX_SYMBOLS = 1000  # symbols of an IID process


@register(
    family="iid",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(
        "coin",
        "bernoulli_process",
        Alias("BiasedCoin", params={"bias": "p"}, sofic="processes", ignore=("machine_type",)),
        Alias("bernoulli", params={"p": "p"}, defaults={"p": "1/2"}, sofic="epsilon_machines", ignore=("symbols",)),
    ),
)
def biased_coin(p: Exact = HALF) -> HMM:
    """IID coin flips: symbol 1 with probability ``p``.

    sofic's ``BiasedCoin(bias)`` and ``bernoulli(p)`` are this process (``bias = p``).

    Examples
    --------
    >>> biased_coin("1/3").word_probability([1, 1])
    1/9
    """
    p = probability(p, "p")
    return HMM([[[1 - p]], [[p]]], states=("A",), name=catalog_label("biased_coin", p=p))


def _iid_size(k=2) -> tuple[int, int]:
    return 1, integer(k, "k", low=1, high=MAX_SYMBOLS, why="an IID process has one matrix per symbol")


def _skeleton(given: dict) -> dict:
    """sofic's ``markov_skeleton(R, k)``: every edge of the order-R de Bruijn graph weighted uniformly."""
    integer(given.get("R", 0), "R", low=0)
    return {"k": given.get("k", 2)}


@register(
    family="iid",
    aliases=(
        "iid",
        "fair_die",
        Alias("IID", params={"k": "k"}, sofic="processes", ignore=("machine_type",)),
        Alias("FairCoin", sofic="processes", ignore=("machine_type",)),
        Alias("fair_coin", sofic="epsilon_machines"),
        Alias("markov_skeleton", params={"R": "R", "k": "k"}, transform=_skeleton, sofic="processes", ignore=("join",)),
    ),
    size=_iid_size,
)
def uniform_iid(k: int = 2) -> HMM:
    """IID symbols ``0, ..., k-1``, each with probability ``1/k`` (a fair coin for ``k = 2``, a fair die for 6).

    One state; entropy rate ``log2(k)`` bits, no memory (``C_mu = E = 0``).  sofic's ``FairCoin`` and
    ``fair_coin`` are ``uniform_iid(2)``; its ``markov_skeleton(R, k)`` weights every edge of the order-``R`` de Bruijn
    graph on ``k`` symbols uniformly, which makes every next symbol uniform whatever the past: as a process
    it is ``uniform_iid(k)`` for every ``R`` (its presentation has ``k**R`` states, its epsilon-machine one).

    Parameters
    ----------
    k : int
        The number of symbols, 1 to 1,000.

    References
    ----------
    - T. M. Cover and J. A. Thomas, "Elements of Information Theory", 2nd ed., Wiley (2006), chapters 2 and 4.
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003), arXiv:cond-mat/0102181.

    Examples
    --------
    >>> h = uniform_iid(3)
    >>> h.alphabet, h.word_probability([0, 2])
    ((0, 1, 2), 1/9)
    """
    k = _iid_size(k)[1]
    return HMM([[[sympy.Rational(1, k)]] for _ in range(k)], states=("A",), name=catalog_label("uniform_iid", k=k))


def _die_size(weights="1/2 1/3 1/6") -> tuple[int, int]:
    return 1, len(distribution(weights, "weights"))


@register(family="iid", aliases=("loaded_die", "categorical", "iid_weights"), size=_die_size)
def biased_die(weights: str = "1/2 1/3 1/6") -> HMM:
    """IID symbols ``0, ..., k-1`` with the given probabilities (a loaded die).

    Parameters
    ----------
    weights : str or sequence
        The probabilities of the symbols, exact, summing to 1: a sequence or text separated by spaces
        (``"1/2 1/3 1/6"``); at most 1,000 of them.

    References
    ----------
    - T. M. Cover and J. A. Thomas, "Elements of Information Theory", 2nd ed., Wiley (2006), chapters 2 and 4.

    Examples
    --------
    >>> h = biased_die("1/2 1/3 1/6")
    >>> h.word_probability([2, 0]), h.n_states
    (1/12, 1)
    """
    probs = distribution(weights, "weights")
    return HMM(
        [[[w]] for w in probs], states=("A",), name=catalog_label("biased_die", weights=" ".join(map(str, probs)))
    )
