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

from ..errors import BudgetExceededError

__all__ = ["topologies", "MAX_RAW_TABLES"]

MAX_RAW_TABLES = 5_000_000  # canonical tables examined; beyond it the enumeration refuses at once


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


@functools.lru_cache(maxsize=32)
def topologies(n: int, k: int) -> tuple:
    """Every topological epsilon-machine with exactly ``n`` states over ``k`` symbols, as flat tables.

    Examples
    --------
    >>> [len(topologies(n, 2)) for n in (1, 2, 3)]
    [3, 7, 78]
    """
    if (n + 1) ** (n * k) > MAX_RAW_TABLES * 50:
        raise BudgetExceededError(
            f"enumerating topologies of {n} states over {k} symbols examines up to {(n + 1) ** (n * k):,} tables; "
            f"lower max_states"
        )
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
