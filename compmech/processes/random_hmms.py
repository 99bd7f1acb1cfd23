"""Random ergodic HMMs with exact rational entries, seeded (for property tests and benchmarks)."""

from __future__ import annotations

import numbers
import random
from fractions import Fraction

from ..errors import InvalidArgumentError, InvalidEntryError
from ..models.hmm import HMM

__all__ = ["random_hmm"]


def random_hmm(
    n_states: int,
    n_symbols: int,
    seed: int | None = None,
    unifilar: bool = False,
    max_weight: int = 6,
    synchronizing: bool = False,
) -> HMM:
    """A random ergodic HMM with exact rational entries.

    Rows are drawn as random integer weights in ``0 .. max_weight`` divided by
    their sum; a random Hamiltonian cycle of positive transitions makes the
    state graph irreducible, so the stationary distribution is unique.

    Parameters
    ----------
    n_states, n_symbols : int
        Size of the model (both >= 1).
    seed : int, random.Random or None
        Random seed (``None``: fresh randomness).
    unifilar : bool
        If True, every (state, symbol) pair has at most one successor.
    max_weight : int
        Largest integer weight; small values keep denominators small.
    synchronizing : bool
        Unifilar only: symbol 0 leads every state to one hub state and the
        other symbols move forward along a random acyclic order, so every
        word of length ``n_states`` contains a 0 and synchronizes.  The
        mixed-state presentation is then finite (random unifilar machines
        are typically not exactly synchronizing and have infinite MSPs).

    Examples
    --------
    >>> h = random_hmm(4, 2, seed=1, unifilar=True)
    >>> h.n_states, h.is_unifilar()
    (4, True)
    >>> random_hmm(4, 2, seed=1, unifilar=True) == h
    True
    """
    for what, v in (("n_states", n_states), ("n_symbols", n_symbols), ("max_weight", max_weight)):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or not 1 <= v <= 100_000:
            raise InvalidArgumentError(f"random_hmm: {what} must be a whole number in 1 .. 100000, got {v!r}")
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    n, k = int(n_states), int(n_symbols)
    if synchronizing:
        if not unifilar or k < 2:
            raise InvalidEntryError("synchronizing=True needs unifilar=True and at least 2 symbols")
        return _random_synchronizing(n, k, rng, max_weight, seed)
    cycle = list(range(n))
    rng.shuffle(cycle)
    succ = {cycle[i]: cycle[(i + 1) % n] for i in range(n)}
    weights = [[[0] * n for _ in range(n)] for _ in range(k)]
    for i in range(n):
        if unifilar:
            forced = rng.randrange(k)
            for x in range(k):
                w = rng.randint(0, max_weight)
                if x == forced:
                    weights[x][i][succ[i]] = max(w, 1)
                elif w:
                    weights[x][i][rng.randrange(n)] = w
        else:
            for x in range(k):
                for j in range(n):
                    if rng.random() < 0.5:
                        weights[x][i][j] = rng.randint(1, max_weight)
            x = rng.randrange(k)
            weights[x][i][succ[i]] = max(weights[x][i][succ[i]], 1)
    mats = _normalized(weights, n, k)
    kind = "unifilar" if unifilar else "nonunifilar"
    return HMM(mats, name=f"random_hmm({n}, {k}, seed={seed!r}, {kind})")


def _random_synchronizing(n, k, rng, max_weight, seed):
    order = list(range(n))
    rng.shuffle(order)
    hub = order[0]
    rank = {s: r for r, s in enumerate(order)}
    weights = [[[0] * n for _ in range(n)] for _ in range(k)]
    for s in range(n):
        weights[0][s][hub] = rng.randint(1, max_weight)
        r = rank[s]
        if r + 1 < n:
            weights[1][s][order[r + 1]] = rng.randint(1, max_weight)  # reach every state from the hub
            for x in range(2, k):
                if rng.random() < 0.7:
                    weights[x][s][order[rng.randrange(r + 1, n)]] = rng.randint(1, max_weight)
    mats = _normalized(weights, n, k)
    return HMM(mats, name=f"random_hmm({n}, {k}, seed={seed!r}, synchronizing)")


def _normalized(weights, n, k):
    """Labeled matrices from integer weights: each state's row divided by its total over every symbol."""
    totals = [sum(weights[y][i][j] for y in range(k) for j in range(n)) for i in range(n)]
    return [[[Fraction(weights[x][i][j], totals[i]) for j in range(n)] for i in range(n)] for x in range(k)]
