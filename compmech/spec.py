"""Process specifications for the command line: ``name:key=value,...`` or an HMM file."""

from __future__ import annotations

import inspect
from fractions import Fraction
import os

from .errors import InvalidEntryError
from .hmm import HMM
from .processes import CATALOG

__all__ = ["parse_spec"]


def parse_spec(spec: str) -> HMM:
    """Build an HMM from a catalog name with parameters, or load it from a file.

    Parameters
    ----------
    spec : str
        ``"mess3"``, ``"mess3:x=1/20,alpha=17/20"``, ``"period:word=0011"``, or
        the path of an HMM JSON file.

    Examples
    --------
    >>> parse_spec("golden_mean:p=1/3").stationary_distribution()
    (3/4, 1/4)
    >>> parse_spec("nope")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidEntryError: unknown process 'nope'; known: mess3, rrxor, z1r, golden_mean, even, sns, biased_coin, period (or give the path of an HMM file)
    """
    if os.path.exists(spec) and os.path.isfile(spec):
        from .io import load_hmm

        return load_hmm(spec)
    name, _, rest = spec.partition(":")
    if name.strip() not in CATALOG and (spec.endswith(".json") or os.sep in name):
        raise InvalidEntryError(f"no such HMM file: {spec}")
    name = name.strip()
    if name not in CATALOG:
        known = ", ".join(CATALOG)
        raise InvalidEntryError(f"unknown process {name!r}; known: {known} (or give the path of an HMM file)")
    fn, _defaults = CATALOG[name]
    allowed = list(inspect.signature(fn).parameters)
    kwargs = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or key not in allowed:
            raise InvalidEntryError(
                f"bad parameter {item!r} for {name}; expected key=value with key in {', '.join(allowed)}"
            )
        value = value.strip()
        if key != "word":
            try:
                Fraction(value)
            except (ValueError, ZeroDivisionError):
                raise InvalidEntryError(
                    f"parameter {key} of {name}: cannot read {value!r} as an exact number (write 1/3 or 0.25)"
                ) from None
        kwargs[key] = value
    return fn(**kwargs)
