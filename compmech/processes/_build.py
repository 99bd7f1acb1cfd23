"""Building blocks of catalog constructors: an HMM from an edge list, integer parameters, budgets.

``hmm_from_edges`` is the edge-list form in which most papers draw their machines
(``source --symbol|probability--> target``); ``integer_parameter`` reads the integer parameters of
parametric families (a window, a number of rolls) from exact text or numbers, refusing anything else
with an error that names the parameter.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import sympy
from sympy.polys.domains import QQ

from ..errors import BudgetExceededError, InvalidArgumentError, ShapeError, excerpt
from ..kernel.exact import to_exact
from ..kernel.parse import MAX_ENTRIES
from ..models.hmm import HMM

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence

__all__ = ["hmm_from_edges", "integer_parameter", "choice", "check_entries"]


def hmm_from_edges(
    edges: Iterable[tuple[Hashable, Hashable, Hashable, object]],
    states: Sequence | None = None,
    alphabet: Sequence | None = None,
    name: str | None = None,
) -> HMM:
    """The HMM with these labelled edges ``(source, target, symbol, probability)``.

    States and symbols are numbered in the order given, or in order of first appearance; repeated
    edges add up.  Probabilities are exact (numbers, text such as ``"1/3"`` or sympy expressions);
    the HMM checks that every state's outgoing probabilities sum to 1.

    Examples
    --------
    >>> h = hmm_from_edges([("A", "A", 0, "1/2"), ("A", "B", 1, "1/2"), ("B", "A", 0, 1)])
    >>> h.states, h.alphabet, h.stationary_distribution()
    (('A', 'B'), (0, 1), (2/3, 1/3))
    """
    edge_list = [(s, t, x, to_exact(p, f"edge {excerpt((s, t, x))}")) for s, t, x, p in edges]
    if not edge_list:
        raise ShapeError("an HMM needs at least one edge")
    order = list(states) if states is not None else list(dict.fromkeys(v for s, t, _, _ in edge_list for v in (s, t)))
    symbols = list(alphabet) if alphabet is not None else list(dict.fromkeys(x for _, _, x, _ in edge_list))
    index = {s: i for i, s in enumerate(order)}
    sym_index = {x: k for k, x in enumerate(symbols)}
    for s, t, x, _ in edge_list:
        for what, v, known in (("state", s, index), ("state", t, index), ("symbol", x, sym_index)):
            if v not in known:
                raise ShapeError(f"edge {excerpt((s, t, x))}: {what} {excerpt(v)} is not among the {what}s given")
    n = len(order)
    check_entries(n, len(symbols), name or "an HMM from edges")
    if all(isinstance(p, sympy.Rational) for *_, p in edge_list):  # the kernel's own form: no re-reading
        kmats = [[[QQ.zero] * n for _ in range(n)] for _ in symbols]
        for s, t, x, p in edge_list:
            row = kmats[sym_index[x]][index[s]]
            row[index[t]] += QQ(int(p.p), int(p.q))
        return HMM.from_exact(QQ, kmats, states=order, alphabet=symbols, name=name)
    mats = [[[sympy.Integer(0)] * n for _ in range(n)] for _ in symbols]
    for s, t, x, p in edge_list:
        mats[sym_index[x]][index[s]][index[t]] += p
    return HMM(mats, states=order, alphabet=symbols, name=name)


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


def integer_parameter(value, name: str, low: int, high: int | None = None) -> int:
    """``value`` as an ``int`` in ``[low, high]``, from an integer, an exact integral number or its text.

    Booleans, floats, fractions that are not integers and text that is not an integer are refused with
    :class:`~compmech.errors.InvalidArgumentError` naming the parameter.

    Examples
    --------
    >>> integer_parameter("4", "window", 1, 8), integer_parameter(sympy.Integer(3), "rolls", 1)
    (4, 3)
    >>> integer_parameter("5/2", "window", 1)
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: parameter window must be an integer, got 5/2
    """
    if isinstance(value, bool):
        raise InvalidArgumentError(f"parameter {name} must be an integer, got the boolean {value}")
    if isinstance(value, numbers.Integral):
        v = int(value)
    else:
        try:
            exact = to_exact(value, f"parameter {name}")
        except (InvalidArgumentError, ValueError, TypeError) as err:
            raise InvalidArgumentError(f"parameter {name} must be an integer, got {excerpt(value)} ({err})") from None
        if not isinstance(exact, sympy.Integer):
            raise InvalidArgumentError(f"parameter {name} must be an integer, got {excerpt(exact)}")
        v = int(exact)
    if v < low or (high is not None and v > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise InvalidArgumentError(f"parameter {name} = {v} must be {bounds}")
    return v


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
