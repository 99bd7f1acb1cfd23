"""Validation of the dataclass options of the torch layer (model and training configurations).

Every field is checked against its declared type and a range, so that a bad
command-line option (``lr=abc``, ``lr=nan``, ``d_model=-1``, ``eval_every=0``)
is one clear :class:`~compmech.errors.InvalidArgumentError` naming the option,
not a traceback deep inside torch.
"""

from __future__ import annotations

import math
from dataclasses import fields

from ..errors import InvalidArgumentError

__all__ = ["check_fields"]


def check_fields(obj, ranges: dict, choices: dict | None = None, what: str = "option") -> None:
    """Check each field of dataclass ``obj``: its type, and ``ranges[name] = (low, high)`` (inclusive, None open).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class C:
    ...     lr: float = 0.1
    >>> check_fields(C(lr=float("nan")), {"lr": (0, None)})
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: option lr = nan is not a finite number
    """
    choices = choices or {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        typ = f.type if isinstance(f.type, str) else f.type.__name__
        if typ == "bool":
            if not isinstance(v, bool):
                raise InvalidArgumentError(f"{what} {f.name} = {v!r} must be true or false")
            continue
        if typ == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                raise InvalidArgumentError(f"{what} {f.name} = {v!r} must be a whole number")
        elif typ == "float":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise InvalidArgumentError(f"{what} {f.name} = {v!r} must be a number")
            if not math.isfinite(v):
                raise InvalidArgumentError(f"{what} {f.name} = {v!r} is not a finite number")
        elif typ == "str":
            if not isinstance(v, str):
                raise InvalidArgumentError(f"{what} {f.name} = {v!r} must be text")
            if f.name in choices and v not in choices[f.name]:
                raise InvalidArgumentError(f"{what} {f.name} = {v!r}; choose one of {', '.join(choices[f.name])}")
            continue
        lo, hi = ranges.get(f.name, (None, None))
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            span = f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
            raise InvalidArgumentError(f"{what} {f.name} = {v!r} is outside {span}")
