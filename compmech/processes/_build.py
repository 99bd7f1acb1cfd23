"""Building blocks of the catalog's constructors: labeled edges, integer and choice parameters.

``from_edges`` builds an HMM from ``(source, target, symbol, probability)``, the form papers draw;
the cat-a helper writes the same idea into ``_common.py`` and the lead unifies the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InvalidArgumentError, InvalidEntryError, excerpt
from ..kernel.exact import to_exact
from ..models.hmm import HMM

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence

__all__ = ["from_edges", "integer", "choice"]


def from_edges(
    edges: Iterable[tuple],
    states: Sequence[Hashable] | None = None,
    alphabet: Sequence[Hashable] | None = None,
    name: str | None = None,
) -> HMM:
    """The HMM whose transition ``source --symbol--> target`` has the given probability.

    ``states`` and ``alphabet`` fix the order (default: order of first appearance); probabilities of
    repeated ``(source, target, symbol)`` triples add up.  Entries are exact (the HMM checks them).

    Examples
    --------
    >>> h = from_edges([("A", "A", "0", "1/2"), ("A", "B", "1", "1/2"), ("B", "A", "0", 1)])
    >>> h.states, h.alphabet, h.stationary_distribution()
    (('A', 'B'), ('0', '1'), (2/3, 1/3))
    """
    edges = list(edges)
    if states is None:
        states = list(dict.fromkeys([e[0] for e in edges] + [e[1] for e in edges]))
    if alphabet is None:
        alphabet = list(dict.fromkeys(e[2] for e in edges))
    index = {s: i for i, s in enumerate(states)}
    symbol = {x: i for i, x in enumerate(alphabet)}
    n = len(states)
    mats: list[list[list]] = [[[0] * n for _ in range(n)] for _ in alphabet]
    for source, target, x, prob in edges:
        if source not in index or target not in index or x not in symbol:
            raise InvalidArgumentError(f"edge {source!r} -{x!r}-> {target!r}: unknown state or symbol")
        where = f"edge {source} -{x}-> {target}"
        mats[symbol[x]][index[source]][index[target]] += to_exact(prob, where)
    return HMM(mats, states=tuple(states), alphabet=tuple(alphabet), name=name)


def integer(value, name: str, low: int, high: int) -> int:
    """``value`` as an ``int`` in ``[low, high]`` (text such as ``"3"`` allowed), else a clear error.

    Examples
    --------
    >>> integer("3", "N", 2, 10)
    3
    >>> integer(1, "N", 2, 10)
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: parameter N = 1 must be an integer from 2 to 10
    """
    try:
        v = to_exact(value, f"parameter {name}")
    except InvalidEntryError:
        raise InvalidArgumentError(
            f"parameter {name} = {excerpt(value)} must be an integer from {low} to {high}"
        ) from None
    if not (v.is_Integer and low <= int(v) <= high):
        raise InvalidArgumentError(f"parameter {name} = {excerpt(value)} must be an integer from {low} to {high}")
    return int(v)


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
