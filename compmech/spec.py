"""Process specifications for the command line: ``name:key=value,...`` or an HMM file."""

from __future__ import annotations

import inspect
import os

from .errors import InvalidArgumentError, InvalidEntryError
from .kernel.numbers import read_exact
from .models.ghmm import GHMM
from .processes import CATALOG

__all__ = ["parse_spec"]


def parse_spec(spec: str, depth: int = 0) -> GHMM:
    """Build an HMM from a catalog name with parameters, or load it from a file.

    Parameters
    ----------
    spec : str
        ``"mess3"``, ``"mess3:x=1/20,alpha=17/20"``, ``"period:word=0011"``, or
        the path of an HMM JSON file.  Catalog names win: a file is a path
        with a folder separator or a ``.json`` suffix (``./mess3`` loads the
        file named ``mess3``).  Processes combine (:mod:`compmech.algebra`):
        ``"mixture(1/3*mess3; 2/3*rrxor)"`` (weight ``*`` spec, separated by
        ``;``), ``"product(golden_mean; even)"`` and ``"channel(golden_mean;
        bsc=1/10)"`` (a binary symmetric channel), nested at most 8 deep.

    Examples
    --------
    >>> parse_spec("golden_mean:p=1/3").stationary_distribution()
    (3/4, 1/4)
    >>> parse_spec("mixture(1/3*golden_mean; 2/3*even)").n_states
    4
    >>> parse_spec("nope")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: unknown process 'nope'; known: biased_coin, period, z1r, golden_mean, even, rrxor, mess3, sns, fanizza, fanizza_register, tom_quantum (or give the path of an HMM file)
    """
    if not isinstance(spec, str) or not spec.strip():
        raise InvalidArgumentError(f"empty process specification {spec!r}")
    spec = spec.strip()
    for op in _COMPOSITE:
        if spec.startswith(op + "("):
            if not spec.endswith(")"):
                raise InvalidArgumentError(f"unbalanced parentheses in {spec!r}: a combination ends with ')'")
            return _composite(op, spec[len(op) + 1 : -1], depth)
    name, _, rest = spec.partition(":")
    name = name.strip()
    if name in CATALOG:  # catalog names win over files of the same name
        return _from_catalog(name, rest)
    if spec.endswith((".json", ".json.gz")) or os.sep in spec or (os.altsep and os.altsep in spec):
        from .io.readwrite import load_hmm

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


_COMPOSITE = ("mixture", "product", "channel")
_MAX_NESTING = 8


def _split_top(text: str) -> list[str]:
    """``text`` split at the semicolons outside parentheses."""
    parts: list[str] = []
    cur: list[str] = []
    level = 0
    for ch in text:
        if ch == "(":
            level += 1
        elif ch == ")":
            level -= 1
            if level < 0:
                raise InvalidArgumentError(f"unbalanced parentheses in {text!r}")
        if ch == ";" and level == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if level != 0:
        raise InvalidArgumentError(f"unbalanced parentheses in {text!r}")
    parts.append("".join(cur).strip())
    return parts


def _composite(op: str, inner: str, depth: int) -> GHMM:
    from .algebra import operations as algebra

    if depth >= _MAX_NESTING:
        raise InvalidArgumentError(f"process specification nested more than {_MAX_NESTING} deep")
    parts = _split_top(inner)
    if any(not p for p in parts):
        raise InvalidArgumentError(f"{op}(...): an empty part in {inner!r}")
    if op == "mixture":
        weights, procs = [], []
        for p in parts:
            w, star, sub = p.partition("*")
            if not star:
                raise InvalidArgumentError(f"mixture(...): write each part as weight*process, got {p!r}")
            weights.append(read_exact(w.strip(), f"the weight of {sub.strip()!r}"))
            procs.append(parse_spec(sub, depth + 1))
        return algebra.mixture(procs, weights)
    if op == "product":
        return algebra.product(*(parse_spec(p, depth + 1) for p in parts))
    if len(parts) != 2 or not parts[1].startswith("bsc="):
        raise InvalidArgumentError(f"channel(...): write channel(process; bsc=EPS), got {inner!r}")
    return algebra.channel(
        parse_spec(parts[0], depth + 1), algebra.binary_symmetric(read_exact(parts[1][4:].strip(), "bsc"))
    )
