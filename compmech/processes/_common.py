"""Shared pieces of the catalog's constructors: parameter checks, process names, HMMs from edge lists."""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import sympy

from ..errors import BudgetExceededError, InvalidArgumentError, InvalidEntryError, ProbabilityRangeError, excerpt
from ..kernel.exact import is_float_like, to_exact
from ..kernel.parse import MAX_ENTRIES
from ..models.hmm import HMM

__all__ = [
    "choice",
    "check_entries",
    "HALF",
    "probability",
    "integer",
    "probabilities",
    "distribution",
    "catalog_label",
    "hmm_from_edges",
    "CRUTCHFIELD_FELDMAN_2003",
]

HALF = sympy.Rational(1, 2)

#: The reference of many textbook processes.
CRUTCHFIELD_FELDMAN_2003 = (
    'J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy '
    'convergence", Chaos 13, 25 (2003), arXiv:cond-mat/0102181'
)

MAX_WEIGHTS = 1000  # entries of a distribution given as a parameter


def probability(value, name):
    """``value`` as an exact number or expression, refused unless it lies in ``[0, 1]`` (when numeric)."""
    v = to_exact(value, f"parameter {name}")
    if v.is_number and (v.is_negative or (v - 1).is_positive):
        raise ProbabilityRangeError(f"parameter {name} = {v} must lie in [0, 1]")
    return v


def integer(value, name: str, low: int | None = None, high: int | None = None, why: str = "") -> int:
    """``value`` as a Python ``int``, refused unless it is a whole number in ``[low, high]``.

    Text (``"5"``, as a specification gives it) is read exactly; floats, booleans and fractions are refused.
    ``why`` says, in the message for a value above ``high``, what the bound protects.

    Examples
    --------
    >>> integer("5", "n", low=1), integer(3, "n")
    (5, 3)
    >>> integer(0, "n", low=1)
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: parameter n = 0 must be at least 1
    """
    if isinstance(value, bool) or is_float_like(value):
        raise InvalidArgumentError(f"parameter {name} must be a whole number, got {excerpt(value)}")
    if isinstance(value, numbers.Integral):
        v = int(value)
    else:
        try:
            x = to_exact(value, f"parameter {name}")
        except InvalidEntryError:
            raise InvalidArgumentError(f"parameter {name} must be a whole number, got {excerpt(value)}") from None
        if not x.is_Integer:
            raise InvalidArgumentError(f"parameter {name} must be a whole number, got {excerpt(value)}")
        v = int(x)
    if low is not None and v < low:
        raise InvalidArgumentError(f"parameter {name} = {v} must be at least {low}")
    if high is not None and v > high:
        raise InvalidArgumentError(f"parameter {name} = {v:,} must be at most {high:,}{'; ' + why if why else ''}")
    return v


def _items(value, name: str) -> list:
    """The entries of a sequence, or of text separated by spaces (``"1/2 1/4 1/4"``)."""
    if isinstance(value, str):
        if len(value) > 20 * MAX_WEIGHTS:
            raise InvalidArgumentError(f"parameter {name}: {len(value):,} characters is too long for a list of numbers")
        items: list = value.replace(",", " ").split()
    elif isinstance(value, Iterable) and not isinstance(value, sympy.Basic):
        items = list(value)
    else:
        raise InvalidArgumentError(f"parameter {name} must be a list of numbers, got {excerpt(value)}")
    if len(items) > MAX_WEIGHTS:
        raise InvalidArgumentError(f"parameter {name} has {len(items):,} entries; at most {MAX_WEIGHTS:,}")
    return items


def probabilities(value, name: str, length: int | None = None) -> list[sympy.Expr]:
    """A list of exact probabilities (each in ``[0, 1]``) from a sequence or from text (``"1/2 1/3"``).

    Examples
    --------
    >>> probabilities("1/2 1/3", "q")
    [1/2, 1/3]
    """
    items = _items(value, name)
    if not items:
        raise InvalidArgumentError(f"parameter {name} must have at least one entry")
    if length is not None and len(items) != length:
        raise InvalidArgumentError(f"parameter {name} must have {length} entries, got {len(items)}")
    return [probability(v, f"{name}[{i}]") for i, v in enumerate(items)]


def distribution(value, name: str, length: int | None = None, total=1) -> list[sympy.Expr]:
    """A list of exact probabilities from a sequence or from text (``"1/2 1/4 1/4"``), checked.

    Each entry must lie in ``[0, 1]`` and, when all are numbers, their sum must be exactly ``total`` (``None``:
    any sum of at most 1); ``length`` (optional) is the number of entries required.

    Examples
    --------
    >>> distribution("1/2 1/3 1/6", "weights")
    [1/2, 1/3, 1/6]
    >>> distribution("1/2 1/3", "weights")
    Traceback (most recent call last):
    ...
    compmech.errors.ProbabilityRangeError: parameter weights: the entries sum to 5/6, not 1
    """
    probs = probabilities(value, name, length)
    s = sympy.Add(*probs)
    if s.is_number:
        if total is not None and s != total:
            raise ProbabilityRangeError(f"parameter {name}: the entries sum to {s}, not {total}")
        if total is None and (s - 1).is_positive:
            raise ProbabilityRangeError(f"parameter {name}: the entries sum to {s}, more than 1")
    return probs


def catalog_label(fn, **params):
    """The name of a catalog process with its parameters, ``fn(k=v, ...)``."""
    return f"{fn}(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"


def _symbol_key(s) -> tuple:
    return (type(s).__name__, s)


def hmm_from_edges(
    edges: Iterable[tuple[Hashable, Hashable, Hashable, Any]],
    states: Sequence[Hashable] | None = None,
    alphabet: Sequence[Hashable] | None = None,
    name: str | None = None,
    start: Sequence | None = None,
) -> HMM:
    """An HMM from its edges ``[(source, target, symbol, probability), ...]``, with exact probabilities.

    Parameters
    ----------
    edges : iterable of 4-tuples
        ``Pr(emit symbol, go to target | in source) = probability``; probabilities are exact (``"1/3"``,
        ``Fraction``, sympy expressions); an edge of probability 0 is allowed (a parameter at its boundary).
        Two edges with the same source, target and symbol are refused.
    states : sequence, optional
        The states in order (default: in the order they first appear in ``edges``, source before target).
    alphabet : sequence, optional
        The symbols in order (default: the symbols of ``edges``, sorted).
    name : str, optional
        The HMM's name.
    start : sequence, optional
        The stationary distribution, for a nonergodic HMM (see :class:`~compmech.HMM`).

    Raises
    ------
    InvalidEntryError
        An edge that is not a 4-tuple, names a state or symbol outside ``states`` / ``alphabet``, or repeats
        another.
    FloatEntryError, ProbabilityRangeError, NotStochasticError
        From the HMM's own checks.

    Examples
    --------
    >>> h = hmm_from_edges([("A", "A", 0, "1/2"), ("A", "B", 1, "1/2"), ("B", "A", 0, 1)])
    >>> h.states, h.alphabet, h.stationary_distribution()
    (('A', 'B'), (0, 1), (2/3, 1/3))
    >>> hmm_from_edges([("A", "A", 0, "1/2"), ("A", "A", 0, "1/2")])
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidEntryError: edge 1 ('A', 'A', 0, '1/2') repeats the source, target and symbol of edge 0
    """
    edges = list(edges)
    for k, e in enumerate(edges):
        if not isinstance(e, tuple | list) or len(e) != 4:
            raise InvalidEntryError(f"edge {k} {excerpt(e)} is not (source, target, symbol, probability)")
    if states is None:
        states = list(dict.fromkeys(s for e in edges for s in (e[0], e[1])))
    if alphabet is None:
        symbols = list(dict.fromkeys(e[2] for e in edges))
        try:
            alphabet = sorted(symbols, key=_symbol_key)
        except TypeError:
            alphabet = symbols
    index = {s: i for i, s in enumerate(states)}
    letter = {x: a for a, x in enumerate(alphabet)}
    n = len(states)
    mats = [[[sympy.Integer(0)] * n for _ in range(n)] for _ in alphabet]
    seen: dict[tuple, int] = {}
    for k, (src, dst, sym, p) in enumerate(edges):
        for what, key, table in (("source", src, index), ("target", dst, index), ("symbol", sym, letter)):
            if key not in table:
                raise InvalidEntryError(f"edge {k} {excerpt(edges[k])}: its {what} {excerpt(key)} is not listed")
        triple = (index[src], index[dst], letter[sym])
        if triple in seen:
            raise InvalidEntryError(
                f"edge {k} {excerpt(tuple(edges[k]))} repeats the source, target and symbol of edge {seen[triple]}"
            )
        seen[triple] = k
        mats[letter[sym]][index[src]][index[dst]] = to_exact(p, f"edge {k} ({excerpt(src)} -> {excerpt(dst)})")
    return HMM(mats, states=tuple(states), alphabet=tuple(alphabet), name=name, start=start)


def check_entries(n_states: int, n_symbols: int, what: str) -> None:
    """Refuse at once a presentation of more exact matrix entries than the exact core handles (``MAX_ENTRIES``).

    Examples
    --------
    >>> check_entries(1603, 7, "tetris_tgm")
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: tetris_tgm would have 1,603 states and 7 symbols: 17,987,263 exact matrix entries, more than compmech.models.hmm.MAX_ENTRIES = 1,000,000
    """
    entries = n_states * n_states * n_symbols
    if entries > MAX_ENTRIES:
        raise BudgetExceededError(
            f"{what} would have {n_states:,} states and {n_symbols:,} symbols: {entries:,} exact matrix entries, "
            f"more than compmech.models.hmm.MAX_ENTRIES = {MAX_ENTRIES:,}"
        )


def choice(value, name: str, options: tuple[str, ...]) -> str:
    """``value`` if it is one of ``options`` (text), else a clear error naming them.

    Examples
    --------
    >>> choice("c", "partition", ("c", "Lc"))
    'c'
    """
    if not isinstance(value, str) or value not in options:
        raise InvalidArgumentError(f"parameter {name} = {excerpt(value)} must be one of {', '.join(options)}")
    return value
