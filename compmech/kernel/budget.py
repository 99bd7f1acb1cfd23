"""Budgets that make huge requests fail in seconds: this machine's memory, and estimates of what a request needs."""

from __future__ import annotations

import os

from ..errors import BudgetExceededError

__all__ = ["memory_budget", "check_memory"]


def memory_budget() -> int:
    """Half of this machine's physical memory in bytes (1 GiB when it cannot be read).

    Examples
    --------
    >>> memory_budget() > 0
    True
    """
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):
        return 2**30


def check_memory(need: int, what: str, fix: str, max_bytes: int | None = None) -> None:
    """Raise :class:`BudgetExceededError` when ``need`` bytes exceed ``max_bytes`` (default :func:`memory_budget`).

    Examples
    --------
    >>> check_memory(2**70, "a test", "ask for less")
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: a test needs about 1099511627776.0 GiB, more than the budget of ... GiB (half of this machine's memory); ask for less
    """
    budget = memory_budget() if max_bytes is None else max_bytes
    if need > budget:
        raise BudgetExceededError(
            f"{what} needs about {need / 2**30:.1f} GiB, more than the budget of "
            f"{budget / 2**30:.1f} GiB (half of this machine's memory); {fix}"
        )
