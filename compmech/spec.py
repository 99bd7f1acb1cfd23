"""Process specifications for the command line: ``name:key=value,...`` or an HMM file."""

from __future__ import annotations

import inspect
import os

from ._numbers import read_exact
from .errors import InvalidArgumentError, InvalidEntryError
from .ghmm import GHMM
from .processes import CATALOG

__all__ = ["parse_spec"]


def parse_spec(spec: str) -> GHMM:
    """Build an HMM from a catalog name with parameters, or load it from a file.

    Parameters
    ----------
    spec : str
        ``"mess3"``, ``"mess3:x=1/20,alpha=17/20"``, ``"period:word=0011"``, or
        the path of an HMM JSON file.  Catalog names win: a file is a path
        with a folder separator or a ``.json`` suffix (``./mess3`` loads the
        file named ``mess3``).

    Examples
    --------
    >>> parse_spec("golden_mean:p=1/3").stationary_distribution()
    (3/4, 1/4)
    >>> parse_spec("nope")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: unknown process 'nope'; known: mess3, rrxor, z1r, golden_mean, even, sns, biased_coin, period, tom_quantum, fanizza, fanizza_register (or give the path of an HMM file)
    """
    if not isinstance(spec, str) or not spec.strip():
        raise InvalidArgumentError(f"empty process specification {spec!r}")
    name, _, rest = spec.partition(":")
    name = name.strip()
    if name in CATALOG:  # catalog names win over files of the same name
        return _from_catalog(name, rest)
    if spec.endswith((".json", ".json.gz")) or os.sep in spec or (os.altsep and os.altsep in spec):
        from .io import load_hmm

        if not os.path.exists(spec):
            raise InvalidArgumentError(f"no such HMM file: {spec}")
        return load_hmm(spec)
    known = ", ".join(CATALOG)
    if os.path.exists(spec):
        raise InvalidArgumentError(f"{spec!r} is not a catalog process; to load the file of that name write ./{spec}")
    raise InvalidArgumentError(f"unknown process {name!r}; known: {known} (or give the path of an HMM file)")


def _from_catalog(name: str, rest: str) -> GHMM:
    fn, _defaults = CATALOG[name]
    allowed = list(inspect.signature(fn).parameters)
    kwargs = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or key not in allowed:
            raise InvalidArgumentError(
                f"bad parameter {item!r} for {name}; expected key=value with key in {', '.join(allowed)}"
            )
        if key in kwargs:
            raise InvalidArgumentError(f"parameter {key} of {name} is given twice")
        value = value.strip()
        if key != "word":
            try:
                read_exact(value, f"parameter {key} of {name}")
            except InvalidEntryError:
                raise InvalidEntryError(
                    f"parameter {key} of {name}: cannot read {value!r} as an exact number (write 1/3 or 0.25)"
                ) from None
        kwargs[key] = value
    return fn(**kwargs)
