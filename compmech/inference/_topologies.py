"""Enumeration of topological epsilon-machines: minimal, strongly connected, deterministic labeled graphs.

A topology with ``n`` states over ``k`` symbols is a partial transition function ``delta[s][x]``
(``-1`` where ``x`` cannot follow ``s``).  It is a topological epsilon-machine when every state has an
edge, the graph is strongly connected, and no two states have the same future language (it is
minimal).  Tables are generated in breadth-first canonical order (states numbered as first reached
from state 0), and each topology is kept once: in the smallest canonical form over its start states.

References
----------
- B. D. Johnson, J. P. Crutchfield, C. J. Ellison and C. S. McTague, "Enumerating finitary processes",
  arXiv:1011.0036 (2010): 3, 7, 78, 1388 binary topological epsilon-machines with 1, 2, 3, 4 states.
"""

from __future__ import annotations

import functools

import numpy as np

from ..errors import BudgetExceededError, count_text

__all__ = ["topologies", "count_tables", "largest_within", "MAX_RAW_TABLES"]

#: Canonical tables examined by one enumeration (about 100 microseconds each: 20 s); beyond, a refusal at once.
MAX_RAW_TABLES = 200_000


def _canonical(delta: tuple, start: int, k: int) -> tuple | None:
    """The breadth-first relabelling from ``start`` (None when some state is not reached)."""
    n = len(delta) // k
    order = {start: 0}
    queue = [start]
    out = []
    i = 0
    while i < len(queue):
        s = queue[i]
        i += 1
        for x in range(k):
            t = delta[s * k + x]
            if t >= 0 and t not in order:
                order[t] = len(order)
                queue.append(t)
    if len(order) < n:
        return None
    inv = sorted(order, key=lambda t: order[t])
    for s in inv:
        for x in range(k):
            t = delta[s * k + x]
            out.append(order[t] if t >= 0 else -1)
    return tuple(out)


def _relabel(keys: list) -> list:
    ids: dict = {}
    return [ids.setdefault(key, len(ids)) for key in keys]


def _minimal(delta: tuple, n: int, k: int) -> bool:
    """Moore refinement from the allowed-symbol sets: minimal when every state ends in its own block."""
    block = _relabel([tuple(delta[s * k + x] >= 0 for x in range(k)) for s in range(n)])
    while True:
        succ = [tuple(block[delta[s * k + x]] if delta[s * k + x] >= 0 else -1 for x in range(k)) for s in range(n)]
        new = _relabel([(block[s], succ[s]) for s in range(n)])
        if max(new) == max(block):
            return max(new) == n - 1
        block = new


def _strongly_connected(delta: tuple, n: int, k: int) -> bool:
    return all(_canonical(delta, s, k) is not None for s in range(n))


def _tables(n: int, k: int):
    """Transition tables in breadth-first canonical form from state 0, every state reached."""
    size = n * k
    table = [-1] * size

    def fill(pos: int, used: int):
        if pos == size:
            if used == n:
                yield tuple(table)
            return
        s = pos // k
        if pos % k == 0 and s >= used:
            return  # state s was never reached from the states before it
        for v in range(-1, min(used + 1, n)):
            table[pos] = v
            yield from fill(pos + 1, max(used, v + 1))
        table[pos] = -1

    yield from fill(0, 1)


def count_tables(n: int, k: int, cap: int | None = None) -> int:
    """How many tables :func:`topologies` examines for ``n`` states over ``k`` symbols, counted without them.

    A table is filled entry by entry; an entry is ``-1`` or a state already reached (``used`` of them),
    or the next new state, and every state's row must be reached before it starts.  So the count is a
    sum over ``(position, states reached)``, computed from the last position back in ``O(n^2 k)``
    steps.  With ``cap``, counts are saturated at ``cap + 1`` (a budget check needs no more, and for
    ``k`` in the millions the exact count has millions of digits).

    Examples
    --------
    >>> [count_tables(n, 2) for n in (1, 2, 3, 4, 5)]
    [4, 45, 816, 20225, 632700]
    >>> count_tables(1, 10**6, cap=10**6)
    1000001
    """
    size = n * k
    limit = None if cap is None else cap + 1
    if n == 1:  # each of the k entries is -1 or 0
        return 2**k if limit is None or k < limit.bit_length() else limit
    after = [1 if used == n else 0 for used in range(n + 1)]  # completions from position `size`
    for pos in range(size - 1, -1, -1):
        state, first = divmod(pos, k)
        here = [0] * (n + 1)
        for used in range(1, n + 1):
            if first == 0 and state >= used:
                continue  # this state's row would start before the state is reached
            total = (used + 1) * after[used] + (after[used + 1] if used < n else 0)
            here[used] = total if limit is None else min(total, limit)
        after = here
    return after[1]


def largest_within(k: int, max_tables: int) -> int:
    """The most states whose topologies over ``k`` symbols (all sizes up to it) fit ``max_tables`` (0 if none)."""
    total, n = 0, 0
    while True:
        total += count_tables(n + 1, k, cap=max_tables)
        if total > max_tables:
            return n
        n += 1


def check_tables(max_states: int, k: int, max_tables: int | None) -> None:
    """Refuse at once an enumeration of topologies of up to ``max_states`` states beyond ``max_tables`` tables."""
    if max_tables is None:
        return
    total = 0
    for n in range(1, max_states + 1):
        total += count_tables(n, k, cap=max_tables)
        if total > max_tables:
            fits = largest_within(k, max_tables)
            fix = f"lower max_states to {fits}" if fits else f"no topology fits over {k:,} symbols"
            alone = 2**k if n == 1 and k <= 10**7 else count_tables(n, k, cap=10**18)
            many = count_text(alone) if alone <= 10**18 or n == 1 else "more than 10^18"
            raise BudgetExceededError(
                f"enumerating the topological epsilon-machines of up to {max_states:,} states over {k:,} symbols "
                f"examines more than {max_tables:,} tables ({n} state{'s' * (n > 1)} alone: {many}); {fix}, or "
                f"raise max_tables"
            )


@functools.lru_cache(maxsize=32)
def topologies(n: int, k: int, max_tables: int | None = MAX_RAW_TABLES) -> tuple:
    """Every topological epsilon-machine with exactly ``n`` states over ``k`` symbols, as flat tables.

    The tables to examine are counted first (:func:`count_tables`): beyond ``max_tables`` (default
    :data:`MAX_RAW_TABLES`; ``None`` lifts it) the enumeration is refused at once.

    Examples
    --------
    >>> [len(topologies(n, 2)) for n in (1, 2, 3)]
    [3, 7, 78]
    >>> topologies(4, 3)
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: enumerating the topological epsilon-machines of up to 4 states over 3 symbols examines more than 200,000 tables (4 states alone: 23,846,125); lower max_states to 3, or raise max_tables
    """
    if max_tables is not None and count_tables(n, k, cap=max_tables) > max_tables:
        check_tables(n, k, max_tables)  # says how many, and what fits
    out = []
    for delta in _tables(n, k):
        if any(all(delta[s * k + x] < 0 for x in range(k)) for s in range(n)):
            continue
        if not _strongly_connected(delta, n, k) or not _minimal(delta, n, k):
            continue
        forms = [_canonical(delta, s, k) for s in range(n)]
        if min(f for f in forms if f is not None) == delta:
            out.append(delta)
    return tuple(out)


def as_array(delta: tuple, k: int) -> np.ndarray:
    return np.array(delta, dtype=np.int64).reshape(-1, k)
