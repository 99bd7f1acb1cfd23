"""Renewal processes: the count since the last event is the state (the even process and its relatives).

This module holds the named processes of the literature and of CMPy's catalog (even, odd, multiples, the
almost fair coins, ...); :mod:`compmech.processes.renewal_families` holds the general renewal processes of
Marzen and Crutchfield (finite support, eventually Poisson, eventually Delta-Poisson).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, distribution, hmm_from_edges, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..kernel.exact import Exact

__all__ = [
    "even",
    "odd",
    "multiples",
    "almost_fair_coin",
    "almost_fair_coin2",
    "three_even",
    "even_odd",
    "three_even_odd",
]

MAX_STATES = 1000  # states of a renewal machine

MARZEN_CRUTCHFIELD_2015 = (
    'S. E. Marzen and J. P. Crutchfield, "Informational and causal architecture of discrete-time renewal '
    'processes", Entropy 17, 4891 (2015), arXiv:1408.6876'
)


@register(
    family="renewal",
    aliases=(
        Alias("Even", params={"bias": "p"}, defaults={"bias": "1/2"}, sofic="processes", ignore=("machine_type",)),
        Alias("even_process", params={"p": "p"}, defaults={"p": "1/2"}, sofic="epsilon_machines"),
        Alias(
            "EvenRedundant", params={"bias": "p"}, defaults={"bias": "1/2"}, sofic="processes", ignore=("machine_type",)
        ),
    ),
)
def even(p: Exact = HALF) -> HMM:
    """The even process (1s come in even-length blocks).

    A emits 0 and stays with probability ``p`` or emits 1 and goes to B with
    ``1 - p``; B emits 1 and returns to A.  A renewal process whose event is 0: the number of 1s between
    two 0s is ``2j`` with probability ``p (1 - p)**j``.  sofic's ``Even(bias)``, ``even_process(p)`` and
    ``EvenRedundant(bias)`` (a 4-state presentation of the same process, not minimal) are ``even(p)``.

    See Also
    --------
    golden_mean, multiples, odd

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


@register(
    family="renewal",
    reference=MARZEN_CRUTCHFIELD_2015,
    aliases=(
        "odd_process",
        Alias(
            "Odd",
            params={"bias1": "p", "bias2": "q"},
            defaults={"bias1": "1/2", "bias2": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
)
def odd(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The odd process: blocks of 1s between 0s have odd length (or none).

    A emits 0 and stays with probability ``p`` or emits 1 and goes to B; B emits 0 and returns to A with
    probability ``q`` or emits 1 and goes to C; C emits 1 and returns to B.  A renewal process whose event is
    0: the number of 1s between two 0s is 0 with probability ``p`` and ``2j + 1`` with probability
    ``(1 - p) q (1 - q)**j`` (eventually Delta-Poisson, Delta = 2).  Infinite Markov order, cryptic order 1.
    sofic's ``Odd(bias1, bias2)`` is ``odd(bias1, bias2)`` (named in CMPy's catalog).

    References
    ----------
    - S. E. Marzen and J. P. Crutchfield, "Informational and causal architecture of discrete-time renewal processes", Entropy 17, 4891 (2015), arXiv:1408.6876.

    Examples
    --------
    >>> odd().stationary_distribution()
    (2/5, 2/5, 1/5)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "A", 0, p), ("A", "B", 1, 1 - p), ("B", "A", 0, q), ("B", "C", 1, 1 - q), ("C", "B", 1, 1)]
    return hmm_from_edges(edges, states=("A", "B", "C"), alphabet=(0, 1), name=catalog_label("odd", p=p, q=q))


def _multiples_size(n=3, p=None) -> tuple[int, int]:
    return integer(n, "n", low=1, high=MAX_STATES, why="the machine has n states"), 2


def _fixed_n(n: int) -> Callable[[dict], dict]:
    def transform(given: dict) -> dict:
        return {"n": n, "p": given.get("bias", HALF)}

    return transform


def _multiple(n: int) -> Alias:
    name = f"Multiple{n}"
    return Alias(
        name,
        params={"bias": "p"},
        defaults={"bias": "1/2"},
        transform=_fixed_n(n),
        sofic="processes",
        ignore=("machine_type",),
    )


@register(
    family="renewal",
    reference=MARZEN_CRUTCHFIELD_2015,
    aliases=(
        "multiples_of_n",
        Alias(
            "MultipleN",
            params={"n": "n", "bias": "p"},
            defaults={"bias": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
        _multiple(3),
        _multiple(4),
    ),
    size=_multiples_size,
)
def multiples(n: int = 3, p: Exact = HALF) -> HMM:
    """The 'multiples of n' process: 1s come in blocks whose length is a multiple of ``n``.

    State 0 emits 0 and stays with probability ``p`` or emits 1 and goes to state 1; states ``1, ..., n-1``
    emit 1, the last returning to 0.  ``multiples(2, p)`` is the even process, ``multiples(1, p)`` a biased
    coin.  A renewal process whose event is 0 (the number of 1s between two 0s is ``jn`` with probability
    ``p (1 - p)**j``: eventually Delta-Poisson, Delta = n).  sofic's (CMPy's) ``MultipleN(n, bias)``,
    ``Multiple3(bias)`` and ``Multiple4(bias)``.

    Parameters
    ----------
    n : int
        The block unit, 1 to 1,000.
    p : exact number
        The probability of 0 in state 0.

    References
    ----------
    - S. E. Marzen and J. P. Crutchfield, "Informational and causal architecture of discrete-time renewal processes", Entropy 17, 4891 (2015), arXiv:1408.6876.
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> multiples(3).stationary_distribution()
    (1/2, 1/4, 1/4)
    """
    n = _multiples_size(n)[0]
    p = probability(p, "p")
    edges = [(0, 0, 0, p), (0, 1 % n, 1, 1 - p)] + [(s, (s + 1) % n, 1, 1) for s in range(1, n)]
    return hmm_from_edges(edges, states=tuple(range(n)), alphabet=(0, 1), name=catalog_label("multiples", n=n, p=p))


def _afc_size(n=3, p=None) -> tuple[int, int]:
    return integer(n, "n", low=1, high=MAX_STATES - 1, why="the machine has n + 1 states") + 1, 2


@register(
    family="renewal",
    reference=MARZEN_CRUTCHFIELD_2015,
    aliases=("afc", Alias("AFC", params={"n": "n"}, sofic="processes")),
    size=_afc_size,
)
def almost_fair_coin(n: int = 3, p: Exact = HALF) -> HMM:
    """The almost fair coin of order ``n``: coin flips, except that ``n`` 1s in a row force a 0.

    State B (no 1 since the last 0) and ``A1, ..., An`` (``i`` 1s since the last 0): B and each ``Ai`` with
    ``i < n`` emit 1 (probability ``p``) and move on, or emit 0 (``1 - p``) and go to B; ``An`` emits 0.  A
    renewal process whose event is 0 with finite support: the number of 1s between two 0s is ``m`` with
    probability ``p**m (1 - p)`` for ``m < n`` and ``p**n`` for ``m = n``.  Markov and cryptic order ``n``.
    sofic's (CMPy's) ``AFC(n)`` is ``almost_fair_coin(n, 1/2)``.

    Parameters
    ----------
    n : int
        The longest run of 1s, 1 to 999.
    p : exact number
        The probability of a 1 where a 1 is allowed.

    Examples
    --------
    >>> almost_fair_coin(2).stationary_distribution()
    (4/7, 2/7, 1/7)
    """
    n = _afc_size(n)[0] - 1
    p = probability(p, "p")
    states = ("B", *(f"A{i}" for i in range(1, n + 1)))
    edges = [("B", "B", 0, 1 - p), ("B", "A1", 1, p)]
    for i in range(1, n):
        edges += [(f"A{i}", f"A{i + 1}", 1, p), (f"A{i}", "B", 0, 1 - p)]
    edges.append((f"A{n}", "B", 0, 1))
    return hmm_from_edges(edges, states=states, alphabet=(0, 1), name=catalog_label("almost_fair_coin", n=n, p=p))


def _afc2_size(n=3, p=None) -> tuple[int, int]:
    return 2 * integer(n, "n", low=1, high=MAX_STATES // 2, why="the machine has 2n states"), 2


@register(
    family="renewal",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=("afc2", Alias("AFC2", params={"n": "n"}, sofic="processes")),
    size=_afc2_size,
)
def almost_fair_coin2(n: int = 3, p: Exact = HALF) -> HMM:
    """The second almost fair coin of order ``n``: coin flips with no run of ``n + 1`` equal symbols.

    States ``A1, ..., An`` (a run of ``i`` 0s) and ``B1, ..., Bn`` (a run of ``i`` 1s): ``Ai`` with ``i < n``
    repeats the symbol with probability ``p`` (to ``A(i+1)``) or switches (to ``B1``); ``An`` must switch;
    likewise for ``B``.  Markov and cryptic order ``n``; ``n = 1`` is the period-2 process.  sofic's (CMPy's)
    ``AFC2(n)`` is ``almost_fair_coin2(n, 1/2)``; no published source was found, so the reference is that of
    the golden mean and even processes, whose forbidden-run constraints it generalizes.

    Parameters
    ----------
    n : int
        The longest run, 1 to 500.
    p : exact number
        The probability of repeating the last symbol where that is allowed.

    Examples
    --------
    >>> h = almost_fair_coin2(2)
    >>> h.stationary_distribution()
    (1/3, 1/6, 1/3, 1/6)
    """
    n = _afc2_size(n)[0] // 2
    p = probability(p, "p")
    edges = []
    for run, sym, other in (("A", 0, "B"), ("B", 1, "A")):
        for i in range(1, n):
            edges += [(f"{run}{i}", f"{run}{i + 1}", sym, p), (f"{run}{i}", f"{other}1", 1 - sym, 1 - p)]
        edges.append((f"{run}{n}", f"{other}1", 1 - sym, 1))
    states = tuple(f"{r}{i}" for r in "AB" for i in range(1, n + 1))
    return hmm_from_edges(edges, states=states, alphabet=(0, 1), name=catalog_label("almost_fair_coin2", n=n, p=p))


@register(
    family="renewal",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(Alias("ThreEven", sofic="processes", ignore=("machine_type",)),),
)
def three_even(weights: str = "1/3 1/3 1/3") -> HMM:
    """A three-symbol even process: 1s and 2s come in even-length blocks, separated by 0s or each other.

    A emits 0 and stays, 1 and goes to B, or 2 and goes to C, with the probabilities ``weights``; B emits 1
    and C emits 2, both returning to A.  sofic's (CMPy's) ``ThreEven`` is ``three_even()``; no published
    source was found, so the reference is that of the even process.

    Parameters
    ----------
    weights : str or sequence
        The probabilities of 0, 1, 2 in state A.

    Examples
    --------
    >>> three_even().stationary_distribution()
    (3/5, 1/5, 1/5)
    """
    w0, w1, w2 = distribution(weights, "weights", length=3)
    edges = [("A", "A", 0, w0), ("A", "B", 1, w1), ("A", "C", 2, w2), ("B", "A", 1, 1), ("C", "A", 2, 1)]
    name = catalog_label("three_even", weights=" ".join(map(str, (w0, w1, w2))))
    return hmm_from_edges(edges, states=("A", "B", "C"), alphabet=(0, 1, 2), name=name)


@register(
    family="renewal",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(Alias("EvenOdd", sofic="processes", ignore=("machine_type",)),),
)
def even_odd(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The even-odd process: 0s come in even blocks, 1s in odd blocks (a four-state epsilon-machine).

    A emits 0 and goes to B (probability ``p``) or 1 and goes to C; B emits 0 back to A; C emits 0 and goes to
    B (probability ``q``) or 1 and goes to D; D emits 1 back to C.  Infinite Markov order, cryptic order 1.
    sofic's (CMPy's) ``EvenOdd`` is ``even_odd()``; no published source was found, so the reference is that
    of the even process.

    Examples
    --------
    >>> even_odd().stationary_distribution()
    (2/7, 2/7, 2/7, 1/7)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "B", 0, p), ("B", "A", 0, 1), ("A", "C", 1, 1 - p), ("C", "B", 0, q), ("C", "D", 1, 1 - q)]
    edges.append(("D", "C", 1, 1))
    return hmm_from_edges(edges, states=("A", "B", "C", "D"), alphabet=(0, 1), name=catalog_label("even_odd", p=p, q=q))


_THIRD = sympy.Rational(1, 3)


@register(
    family="renewal",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(Alias("ThreEvenOdd", sofic="processes", ignore=("machine_type",)),),
)
def three_even_odd() -> HMM:
    """A three-symbol even/odd process: 1s come in even blocks, 2s in odd blocks (four states, uniform branching).

    A emits 0 (stays), 1 (to B) or 2 (to C), 1/3 each; B emits 1 back to A; C emits 0 (to A), 1 (to B) or 2
    (to D), 1/3 each; D emits 2 back to C.  sofic's (CMPy's) ``ThreEvenOdd``; no published source was found,
    so the reference is that of the even process.

    Examples
    --------
    >>> three_even_odd().stationary_distribution()
    (6/13, 3/13, 3/13, 1/13)
    """
    t = _THIRD
    edges = [("A", "A", 0, t), ("A", "B", 1, t), ("A", "C", 2, t), ("B", "A", 1, 1)]
    edges += [("C", "A", 0, t), ("C", "B", 1, t), ("C", "D", 2, t), ("D", "C", 2, 1)]
    return hmm_from_edges(edges, states=("A", "B", "C", "D"), alphabet=(0, 1, 2), name="three_even_odd()")
