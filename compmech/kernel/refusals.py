"""Remembered refusals: a structure that did not close within a budget is refused again at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import InfiniteStatesError

__all__ = ["RefusalMemo"]


class RefusalMemo:
    """The messages of the InfiniteStatesErrors raised per key (at most ``size`` remembered).

    Finding out that a presentation does not close costs as much as the whole budget; every later
    request with the same key (presentation, budget) is refused at once with the same message.

    Examples
    --------
    >>> memo = RefusalMemo()
    >>> def build():
    ...     raise InfiniteStatesError("too large")
    >>> for _ in range(2):
    ...     try:
    ...         memo.call("key", build)
    ...     except InfiniteStatesError as exc:
    ...         print(exc)
    too large
    too large
    >>> len(memo.failed)
    1
    """

    def __init__(self, size: int = 64):
        self.size = size
        self.failed: dict = {}

    def call(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()``, unless ``key`` was refused before; a new refusal is remembered."""
        if key in self.failed:
            raise InfiniteStatesError(self.failed[key])
        try:
            return build()
        except InfiniteStatesError as exc:
            if len(self.failed) >= self.size:
                self.failed.clear()
            self.failed[key] = str(exc)
            raise

    def clear(self) -> None:
        """Forget every refusal."""
        self.failed.clear()
