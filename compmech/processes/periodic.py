"""Periodic processes: one word repeated forever, from a uniform phase, possibly with random positions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError, InvalidEntryError
from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, hmm_from_edges, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..kernel.exact import Exact

__all__ = ["period", "z1r", "noisy_period2", "alternating_biased_coins", "wildcard_period", "noisy_periodic"]

MAX_PERIOD = 1000  # states of a periodic process
_TENTH = sympy.Rational(1, 10)
_TWO_FIFTHS = sympy.Rational(2, 5)  # sofic's default q of alternating_biased_coins

TRAVERS_CRUTCHFIELD_2011 = (
    'N. F. Travers and J. P. Crutchfield, "Exact synchronization for finite-state sources", J. Stat. Phys. 145, '
    "1181 (2011), arXiv:1008.4182"
)


def _period_size(word: Sequence = "01") -> tuple[int, int]:
    """``(states, symbols)`` of ``period(word)``, refusing an empty word or one of over 1,000 symbols."""
    if not word:
        raise InvalidEntryError("period: the word must be non-empty")
    if len(word) > MAX_PERIOD:
        raise InvalidArgumentError(
            f"period: a word of {len(word):,} symbols makes an HMM of as many states; "
            f"at most {MAX_PERIOD:,} (build a larger cycle with HMM directly)"
        )
    return len(word), len(set(word))


def _period_of(given: dict) -> dict:
    """sofic's ``Period(P)``: the word ``0^(P-1) 1``."""
    if "P" not in given:
        raise InvalidArgumentError("Period: give the period P (the word is 0...01 of length P)")
    P = integer(given["P"], "P", low=1, high=MAX_PERIOD, why="a period-P process has P states")
    return {"word": "0" * (P - 1) + "1"}


def _fixed_word(alias: str, word: str) -> Callable[[dict], dict]:
    """The arguments of an alias that names one word (``Period4`` is ``1110``): another word is refused."""

    def transform(given: dict) -> dict:
        w = given.get("word", word)
        if "".join(map(str, w)) != word:
            raise InvalidArgumentError(f"{alias} is the periodic word {word}; for another word use period:word=...")
        return {"word": word}

    return transform


def _named(name: str, word: str, differs: str | None = None) -> Alias:
    return Alias(
        name,
        defaults={"word": word},
        transform=_fixed_word(name, word),
        sofic="processes",
        ignore=("machine_type",),
        differs=differs,
    )


_REDUCTION = "sofic's Periodic(word) reduces the word to a border, not to its cyclic period"


@register(
    family="periodic",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(
        Alias("Periodic", params={"word": "word"}, sofic="processes", ignore=("reduce",)),
        Alias("Period", params={"P": "word"}, transform=_period_of, sofic="processes"),
        _named("Period1", "1"),
        _named("Period2", "01"),
        _named("Period4", "1110"),
        _named("Period7", "1010111", differs=f"sofic builds Period8's word 10101110, and {_REDUCTION}: period 6"),
        _named("Period8", "10101110", differs=f"{_REDUCTION}: 101011, period 6"),
        _named("Period12", "101011101110", differs=f"{_REDUCTION}: 1010111011, period 10"),
        _named("Period16", "1010111011101110", differs=f"{_REDUCTION}: 10101110111011, period 14"),
    ),
    size=_period_size,
)
def period(word: Sequence = "01") -> HMM:
    """The periodic process repeating ``word`` forever (from a uniform phase).

    The process of a word is the process of its primitive root (``period("0101") == period("01")`` as
    processes), so the word need not be reduced.  sofic's names: ``Periodic(word)``, ``Period(P)`` (the word
    ``0...01`` of length ``P``), ``Period1`` (``1``), ``Period2`` (``01``), ``Period4`` (``1110``), ``Period8``
    (``10101110``), ``Period12`` (``101011101110``) and ``Period16`` (``1010111011101110``) -- the words sofic
    writes (from CMPy's catalog).  sofic's own ``Period8``, ``Period12`` and ``Period16`` are wrong: its
    ``Periodic(word)`` first replaces the word by its shortest *border* period (the shortest ``p`` with
    ``word[i] == word[i mod p]`` for ``i < len(word)``, not requiring ``p`` to divide the length), so they have
    periods 6, 10 and 14 (``Periodic("0100")`` has period 3).  Its ``Period7`` builds ``Period8``'s 8-letter
    word; no 7-letter word is recorded in sofic, so compmech's ``Period7`` takes the first seven letters of that
    word, ``1010111`` (a choice: the intended word is not known).

    Examples
    --------
    >>> h = period("001")
    >>> h.alphabet, h.n_states
    (('0', '1'), 3)
    >>> h.stationary_distribution()
    (1/3, 1/3, 1/3)
    """
    word = list(word)
    _period_size(word)
    alphabet = sorted(set(word), key=lambda s: (str(type(s)), s))
    n = len(word)
    mats = {a: [[0] * n for _ in range(n)] for a in alphabet}
    for i, s in enumerate(word):
        mats[s][i][(i + 1) % n] = 1
    return HMM(mats, alphabet=alphabet, name=f"period({''.join(map(str, word))!r})")


@register(family="periodic", reference=CRUTCHFIELD_FELDMAN_2003, aliases=("zero_one_random",))
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


@register(
    family="periodic",
    reference=TRAVERS_CRUTCHFIELD_2011,
    aliases=("NP2", Alias("NoisyPeriod2", params={"noise": "noise"}, defaults={"noise": "1/2"}, sofic="processes")),
)
def noisy_period2(noise: Exact = HALF) -> HMM:
    """The noisy period-2 process: ``0``, then ``1`` -- replaced by ``0`` with probability ``noise``.

    State A emits 0 and goes to B; B emits 0 with probability ``noise`` or 1 otherwise, and returns to A.
    A 1 synchronizes an observer (exactly synchronizing); the entropy rate is ``H(noise) / 2``.

    Examples
    --------
    >>> h = noisy_period2("1/4")
    >>> h.stationary_distribution(), h.word_probability(["1", "0", "1"])
    ((1/2, 1/2), 9/32)
    """
    noise = probability(noise, "noise")
    edges = [("A", "B", "0", 1), ("B", "A", "0", noise), ("B", "A", "1", 1 - noise)]
    return hmm_from_edges(edges, alphabet=("0", "1"), name=catalog_label("noisy_period2", noise=noise))


def _abc_from_zeros(given: dict) -> dict:
    """sofic's ``processes.ABC(p, q)``: ``p`` and ``q`` are the probabilities of 0."""
    return {"p": 1 - probability(given["p"], "p"), "q": 1 - probability(given["q"], "q")}


@register(
    family="periodic",
    reference=TRAVERS_CRUTCHFIELD_2011,
    aliases=(
        Alias(
            "ABC",
            params={"p": "p", "q": "q"},
            defaults={"p": "3/4", "q": "1/4"},
            transform=_abc_from_zeros,
            sofic="processes",
        ),
        Alias(
            "alternating_biased_coins",
            params={"p": "p", "q": "q"},
            defaults={"p": "1/2", "q": "2/5"},
            sofic="epsilon_machines",
        ),
    ),
)
def alternating_biased_coins(p: Exact = HALF, q: Exact = _TWO_FIFTHS) -> HMM:
    """Alternating biased coins (ABC): a coin of bias ``p``, then one of bias ``q``, alternately.

    States A and B alternate; A emits 1 with probability ``p``, B with probability ``q``.  For ``p != q`` the
    two states are causal states but an observer synchronizes only asymptotically (infinitely many mixed
    states); for ``p == q`` the process is a biased coin.  sofic's ``alternating_biased_coins(p, q)`` is this
    process; its ``processes.ABC(p, q)`` gives the probabilities of 0 (``ABC(p, q) =
    alternating_biased_coins(1 - p, 1 - q)``).

    Examples
    --------
    >>> h = alternating_biased_coins("1/2", "1/4")
    >>> h.word_probability(["1"]), h.word_probability(["1", "1"])
    (3/8, 1/8)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "B", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", 1 - q), ("B", "A", "1", q)]
    return hmm_from_edges(edges, alphabet=("0", "1"), name=catalog_label("alternating_biased_coins", p=p, q=q))


def _wildcard_size(word: str = "01?", symbols: str = "01") -> tuple[int, int]:
    if not word or not symbols:
        raise InvalidEntryError("wildcard_period: the word and the symbols must be non-empty")
    if len(word) > MAX_PERIOD or len(symbols) > MAX_PERIOD:
        raise InvalidArgumentError(
            f"wildcard_period: at most {MAX_PERIOD:,} positions and symbols (got {len(word):,} and {len(symbols):,})"
        )
    if len(set(symbols)) != len(symbols) or "?" in symbols:
        raise InvalidEntryError(f"wildcard_period: the symbols {symbols!r} must be distinct, without '?'")
    return len(word), len(set(word.replace("?", "")) | (set(symbols) if "?" in word else set()))


def _cyclic_branching(given: dict) -> dict:
    """sofic's ``CyclicBranching(num_states, num_branchings, num_symbols)``."""
    n = integer(given.get("num_states", 4), "num_states", low=1, high=MAX_PERIOD)
    b = integer(given.get("num_branchings", 0), "num_branchings", low=0, high=n - 1)
    k = integer(given.get("num_symbols", 2), "num_symbols", low=2, high=10)
    word = ("0" * (n - 1) + "1")[: n - b] + "?" * b
    return {"word": word, "symbols": "".join(map(str, range(k)))}


@register(
    family="periodic",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(
        Alias(
            "CyclicBranching",
            params={"num_states": "word", "num_branchings": "word", "num_symbols": "symbols"},
            transform=_cyclic_branching,
            sofic="processes",
        ),
    ),
    size=_wildcard_size,
)
def wildcard_period(word: str = "01?", symbols: str = "01") -> HMM:
    """A periodic word whose ``?`` positions are uniformly random symbols (drawn from ``symbols``).

    The cycle has one state per position of ``word``; a letter is emitted as written, a ``?`` emits each of
    ``symbols`` with equal probability.  ``wildcard_period("01?")`` is the Zero-One-Random process (``z1r()``),
    ``wildcard_period("0?")`` the noisy period-2 process at noise 1/2, and sofic's (CMPy's)
    ``CyclicBranching(n, b, k)`` is the word ``0...01`` of length ``n`` with its last ``b`` letters replaced
    by ``?`` over ``k`` symbols.  The entropy rate is ``(number of ?) log2(len(symbols)) / len(word)``.

    Parameters
    ----------
    word : str
        Letters and ``?``, at most 1,000 of them.
    symbols : str
        The distinct symbols a ``?`` draws from (one character each).

    Examples
    --------
    >>> h = wildcard_period("0?", "012")
    >>> h.alphabet, h.word_probability(["2", "0"])
    (('0', '1', '2'), 1/6)
    """
    _wildcard_size(word, symbols)
    n = len(word)
    edges = []
    for i, c in enumerate(word):
        for s in symbols if c == "?" else c:
            edges.append((i, (i + 1) % n, s, sympy.Rational(1, len(symbols)) if c == "?" else 1))
    return hmm_from_edges(
        edges, states=tuple(range(n)), name=catalog_label("wildcard_period", word=word, symbols=symbols)
    )


def _noisy_size(word="0001", noise=None, symbols="") -> tuple[int, int]:
    n, _ = _period_size(word)
    return n, len(set(symbols or word))


@register(
    family="periodic",
    reference=CRUTCHFIELD_FELDMAN_2003 + ' (periodic processes); C. E. Shannon, "A mathematical theory of '
    'communication", Bell Syst. Tech. J. 27, 379 (1948) (the binary symmetric channel)',
    aliases=("periodic_bsc", "noisy_period"),
    size=_noisy_size,
)
def noisy_periodic(word: str = "0001", noise: Exact = _TENTH, symbols: str = "") -> HMM:
    """A periodic word seen through a symmetric channel: each letter replaced by another with probability ``noise``.

    One state per position of ``word`` (from a uniform phase); the letter is emitted as written with
    ``1 - noise``, each other symbol of ``symbols`` (default: the word's letters, at least two) with
    ``noise / (k - 1)``.  For a binary word, the periodic process through a binary symmetric channel.
    ``noise = 0`` is :func:`period`; ``noise = (k-1)/k`` is i.i.d. uniform.  Unlike
    :func:`noisy_period2` (which flips only the 1), every position is noisy.

    Examples
    --------
    >>> h = noisy_periodic("01", "1/4")
    >>> h.word_probability("01"), h.word_probability("00")
    (5/16, 3/16)
    """
    alphabet = sorted(set(symbols or word))
    _noisy_size(word, noise, symbols)
    if len(alphabet) < 2 or not set(word) <= set(alphabet):
        raise InvalidArgumentError(
            f"noisy_periodic: symbols {''.join(alphabet)!r} must hold the word's letters and at least two symbols"
        )
    noise = probability(noise, "noise")
    n, k = len(word), len(alphabet)
    edges = [
        (i, (i + 1) % n, s, 1 - noise if s == c else noise / (k - 1)) for i, c in enumerate(word) for s in alphabet
    ]
    label = catalog_label("noisy_periodic", word=word, noise=noise, symbols="".join(alphabet))
    return hmm_from_edges(edges, states=tuple(range(n)), alphabet=tuple(alphabet), name=label)
