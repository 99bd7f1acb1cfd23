"""Every exception compmech raises, in one place.

All of them derive from :class:`CompmechError`, so ``except CompmechError``
catches anything this package raises on purpose.  Input errors also derive
from :class:`ValueError` so that generic callers keep working.
"""

from __future__ import annotations

__all__ = [
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
    """The mixed-state presentation exceeded ``max_states``."""


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
