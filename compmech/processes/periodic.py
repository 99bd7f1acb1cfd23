"""Periodic processes: one word repeated forever, from a uniform phase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InvalidArgumentError, InvalidEntryError
from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, probability
from ._registry import register

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..kernel.exact import Exact

__all__ = ["period", "z1r"]

MAX_PERIOD = 1000  # states of a periodic process


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


@register(family="periodic", reference=CRUTCHFIELD_FELDMAN_2003, aliases=("periodic",), size=_period_size)
def period(word: Sequence = "01") -> HMM:
    """The periodic process repeating ``word`` forever (from a uniform phase).

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
