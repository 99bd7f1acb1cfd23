"""Why a measure is infinite: each proof that ends in ``+oo`` states its reason where it concludes.

A measure returns ``sympy.oo`` or ``math.inf`` for different reasons: the Blackwell measure has no atoms
(:func:`~compmech.measures.certify_nonatomic`), a cycle of the epsilon-machine's synchronization
structure never determines the causal state (:func:`~compmech.measures.markov_order`), a component of a
mixture is infinite, ...  The value cannot carry the reason (``sympy.oo`` is a singleton), so the code
that concludes ``+oo`` passes the reason to :func:`proven_infinite`, which records it for an enclosing
:func:`infinity_reasons` block (the measure table) and returns the value unchanged.  Outside such a
block nothing is recorded.  The last reason recorded in a block is the one of the outermost conclusion:
a measure that uses another one's ``+oo`` records its own reason after the inner one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["proven_infinite", "infinity_reasons"]

_REASONS: ContextVar[list[str] | None] = ContextVar("compmech_infinity_reasons", default=None)


def proven_infinite(value, reason: str):
    """Return ``value`` (``sympy.oo`` or ``math.inf``), recording ``reason`` for an enclosing block.

    Examples
    --------
    >>> import math
    >>> with infinity_reasons() as why:
    ...     v = proven_infinite(math.inf, "a cycle that never synchronizes")
    >>> v, why
    (inf, ['a cycle that never synchronizes'])
    """
    reasons = _REASONS.get()
    if reasons is not None:
        reasons.append(reason)
    return value


@contextmanager
def infinity_reasons() -> Iterator[list[str]]:
    """Collect the reasons of the ``+oo`` values concluded inside the block (the last one is the outermost).

    Examples
    --------
    >>> from compmech.measures import markov_order
    >>> from compmech.processes import even
    >>> with infinity_reasons() as why:
    ...     markov_order(even())
    inf
    >>> print(why[-1])
    the 2-state epsilon-machine never synchronizes on some words: the set of all 2 states lies on the cycle {A, B} -1-> {A, B} of sets of >= 2 states, so words of every length leave the causal state undetermined
    """
    reasons: list[str] = []
    token = _REASONS.set(reasons)
    try:
        yield reasons
    finally:
        _REASONS.reset(token)
