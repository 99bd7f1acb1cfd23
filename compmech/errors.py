"""Every exception compmech raises, in one place.

All of them derive from :class:`CompmechError`, so ``except CompmechError``
catches anything this package raises on purpose.  Input errors also derive
from :class:`ValueError` so that generic callers keep working.
"""

from __future__ import annotations

import math
import reprlib

__all__ = [
    "excerpt",
    "word_text",
    "count_text",
    "CompmechError",
    "InvalidHMMError",
    "FloatEntryError",
    "InvalidEntryError",
    "ShapeError",
    "DuplicateSymbolError",
    "DuplicateStateError",
    "ProbabilityRangeError",
    "NotStochasticError",
    "NotStationaryError",
    "NegativeProbabilityError",
    "PrecisionError",
    "NotErgodicError",
    "NotUnifilarError",
    "SymbolicParameterError",
    "ZeroProbabilityWordError",
    "UnknownSymbolError",
    "MSPTooLargeError",
    "MSPIncompleteError",
    "InfiniteStatesError",
    "FixtureError",
    "InvalidArgumentError",
    "BudgetExceededError",
    "UnsafePathError",
    "CheckpointError",
    "UnknownNameError",
]


class CompmechError(Exception):
    """Base class of every error raised by compmech."""


class InvalidHMMError(CompmechError, ValueError):
    """The labeled matrices do not define a valid edge-emitting HMM."""


class FloatEntryError(InvalidHMMError, TypeError):
    """A float was given where compmech needs an exact value."""


class InvalidEntryError(InvalidHMMError):
    """An entry cannot be read as an exact number or sympy expression."""


class ShapeError(InvalidHMMError):
    """Matrices are not square, not of one size, or empty."""


class DuplicateSymbolError(InvalidHMMError):
    """The same symbol labels two matrices."""


class DuplicateStateError(InvalidHMMError):
    """Two states carry the same name."""


class ProbabilityRangeError(InvalidHMMError):
    """An entry lies outside [0, 1]."""


class NotStochasticError(InvalidHMMError):
    """A row of ``sum_x T[x]`` does not sum exactly to 1."""


class NotStationaryError(InvalidHMMError):
    """A GHMM's vectors fail ``T tau = tau``, ``eta T = eta`` or ``eta tau = 1`` (or are not unique)."""


class NegativeProbabilityError(CompmechError, ValueError):
    """A GHMM gives some word a negative probability, so it is not a valid process.

    ``word`` holds the first such word (shortest, then in symbol order) and ``probability`` its exact value.
    """

    def __init__(self, message: str, word=(), probability=None):
        super().__init__(message)
        self.word = tuple(word)
        self.probability = probability


class PrecisionError(CompmechError, ArithmeticError):
    """A float64 computation lost the precision it needs: the exact value contradicts it (a sign, say)."""


class NotErgodicError(CompmechError, ValueError):
    """The stationary distribution is not unique (several closed classes)."""

    def __init__(self, message: str, closed_classes=()):
        super().__init__(message)
        self.closed_classes = tuple(tuple(c) for c in closed_classes)


class NotUnifilarError(CompmechError, ValueError):
    """An operation that needs a unifilar presentation got a nonunifilar one."""


class SymbolicParameterError(CompmechError, ValueError):
    """A numeric operation met free sympy symbols; substitute values first."""


class ZeroProbabilityWordError(CompmechError, ValueError):
    """A word has probability zero, so it has no belief."""


class UnknownSymbolError(CompmechError, KeyError):
    """A word contains a symbol outside the alphabet."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class MSPTooLargeError(CompmechError, RuntimeError):
    """The mixed-state presentation exceeded ``max_states``.

    ``depth`` is the level of the belief tree at which the count went over (``None`` where unknown): every
    shallower level fits, so a caller that needs only a depth can retry with ``max_depth = depth - 1``.
    """

    def __init__(self, message: str, depth: int | None = None):
        super().__init__(message)
        self.depth = depth


class MSPIncompleteError(CompmechError, RuntimeError):
    """The operation needs a complete (closed) mixed-state presentation."""


class InfiniteStatesError(CompmechError, ValueError):
    """The causal-state set is (or may be) infinite, so no finite machine exists."""


class FixtureError(CompmechError, ValueError):
    """A fixture file is malformed, truncated, tampered with, or from a newer format."""


class InvalidArgumentError(CompmechError, ValueError):
    """An argument (a length, a count, an option) is out of its range or of the wrong type."""


class BudgetExceededError(CompmechError, RuntimeError):
    """A computation would exceed its budget (words, states, memory); the message names the option that raises it."""


class UnsafePathError(CompmechError, OSError):
    """An output path is refused: not a regular file, a hard link, an input file, or its folder is missing."""


class CheckpointError(CompmechError, ValueError):
    """A checkpoint or run directory is unreadable, belongs to another run, or is in use by another process."""


class UnknownNameError(CompmechError, KeyError):
    """A name (a hook, a stream, a recipe) that does not exist; the message lists the known ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


#: Characters of user input that an error message quotes at most (see :func:`excerpt`).
QUOTE_LIMIT = 80


def excerpt(text, start: int = 0, end: int | None = None, limit: int = QUOTE_LIMIT) -> str:
    """``text[start:end]`` quoted for an error message: at most about ``limit`` characters, with its position.

    Every message that quotes user input (a specification, a parameter, a name, a path, a value) goes
    through this helper, so that a hostile input of megabytes gives a one-line message.  Text is shown
    with ``repr`` (control characters escaped); a long part shows its head and tail around ``...``; a
    part of a longer text says where it lies (characters counted from 1).  Any other value is shown by
    its ``repr``, abbreviated the same way (long containers are not printed whole).

    Examples
    --------
    >>> excerpt("mess3")
    "'mess3'"
    >>> excerpt("mixture(1/2*nope; 1/2*mess3)", 12, 16)
    "'nope' (characters 13-16 of 28)"
    >>> print(excerpt("product(" + "biased_coin; " * 1000 + "mess3)"))
    'product(biased_coin; biased_coin; biased_coin; bia'...' biased_coin; mess3)' (13,014 characters)
    >>> print(excerpt(list(range(10**6))), excerpt((0, 1)))
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...] (a list of 1,000,000 items) (0, 1)
    """
    head, tail = max(1, limit * 5 // 8), max(1, limit // 4)
    if not isinstance(text, str):
        try:
            shown = _SHORT.repr(text)
        except Exception:  # an int of more than 4,300 digits, a broken __repr__
            shown = f"an integer of {count_text(text)}" if isinstance(text, int) else f"<{type(text).__name__}>"
        shown = " ".join(shown.split())  # one line (numpy prints arrays over several)
        if len(shown) > limit:
            shown = f"{shown[:head]}...{shown[-tail:]}"
        size = len(text) if isinstance(text, (list, tuple, dict, set, frozenset)) else None
        return (
            shown if size is None or size <= _SHORT.maxlist else f"{shown} (a {type(text).__name__} of {size:,} items)"
        )
    end = len(text) if end is None else max(start, min(end, len(text)))
    part = text[start:end]
    shown = f"{part[:head]!r}...{part[-tail:]!r}" if len(part) > limit else repr(part)
    if start == 0 and end == len(text):
        return shown if len(part) <= limit else f"{shown} ({len(text):,} characters)"
    where = f"character {start + 1:,}" if end - start <= 1 else f"characters {start + 1:,}-{end:,}"
    return f"{shown} ({where} of {len(text):,})"


_SHORT = reprlib.Repr()
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxfrozenset = _SHORT.maxdeque = 12
_SHORT.maxdict, _SHORT.maxlevel = 8, 3
_SHORT.maxstring = _SHORT.maxother = QUOTE_LIMIT
_SHORT.maxlong = 40


def word_text(word) -> str:
    """A word (a sequence of symbols) for a message: ``'0010'`` when every symbol prints as one character,
    else the list; at most about 80 characters either way (see :func:`excerpt`), with its length when cut.

    Examples
    --------
    >>> word_text([0, 0, 1]), word_text(["ab", "c"])
    ("'001'", "['ab', 'c']")
    >>> word_text([0] * 200)
    "'00000000000000000000000000000000000000000000000000'...'00000000000000000000' (200 symbols)"
    """
    symbols = [str(a) for a in word]
    if all(len(a) == 1 for a in symbols):
        text = "".join(symbols)
        shown = excerpt(text)
        return shown.replace(f"({len(text):,} characters)", f"({len(text):,} symbols)")
    return excerpt(list(word))


def count_text(n: int) -> str:
    """A count for a message, ``1,234``, or ``about 10^N`` when it has more than 15 digits.

    Python refuses to print integers of more than 4,300 digits; budgets that count astronomically
    many things (tables, words) must still be able to say how many.

    Examples
    --------
    >>> count_text(1234), count_text(2**100), count_text(2**(10**6))
    ('1,234', 'about 10^30', 'about 10^301,030')
    """
    n = int(n)
    if abs(n) < 10**15:
        return f"{n:,}"
    shift = abs(n).bit_length() - 53  # log10 from the leading 53 bits: no conversion of the whole number
    return f"about 10^{round(math.log10(abs(n) >> shift) + shift * math.log10(2)):,}"
