"""The process catalog: exact presentations of the standard example processes.

Every parameter defaults to an exact rational and may be any exact value
(``Fraction``, ``sympy.Rational``, a string such as ``"1/3"``) or a
``sympy.Symbol`` for parametric models.  Floats are refused, as everywhere in
the exact core.
"""

from __future__ import annotations

import numbers
import random
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy

from ._exact import to_exact
from ._ghmm_processes import (
    catalog_label,
    certified_value,
    fanizza,
    fanizza_register,
    post_quantum,
    post_quantum_point,
    tom_quantum,
    with_hidden_register,
)
from .errors import InvalidArgumentError, InvalidEntryError, ProbabilityRangeError
from .ghmm import GHMM
from .hmm import HMM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._exact import Exact

__all__ = [
    "mess3",
    "rrxor",
    "z1r",
    "golden_mean",
    "even",
    "sns",
    "biased_coin",
    "period",
    "random_hmm",
    "tom_quantum",
    "fanizza",
    "post_quantum",
    "post_quantum_point",
    "certified_value",
    "with_hidden_register",
    "fanizza_register",
    "CATALOG",
]

_HALF = sympy.Rational(1, 2)


def _param(value, name):
    v = to_exact(value, f"parameter {name}")
    if v.is_number and (v.is_negative or (v - 1).is_positive):
        raise ProbabilityRangeError(f"parameter {name} = {v} must lie in [0, 1]")
    return v


_MESS3_X, _MESS3_ALPHA = sympy.Rational(1, 20), sympy.Rational(17, 20)  # the seed paper's parameters


def mess3(x: Exact = _MESS3_X, alpha: Exact = _MESS3_ALPHA) -> HMM:
    """The Mess3 process: 3 states, 3 symbols, nonunifilar, fractal beliefs.

    ``beta = (1 - alpha) / 2`` and ``y = 1 - 2 x``; the seed paper uses
    ``x = 1/20, alpha = 17/20``.  The stationary distribution is uniform.

    See Also
    --------
    rrxor

    References
    ----------
    - S. E. Marzen and J. P. Crutchfield, "Nearly maximally predictive features and their dimensions", Phys. Rev. E 95, 051301(R) (2017).
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.

    Examples
    --------
    >>> m = mess3()
    >>> m.stationary_distribution()
    (1/3, 1/3, 1/3)
    >>> m.matrices[0][0, 0]
    153/200
    """
    x, alpha = _param(x, "x"), _param(alpha, "alpha")
    beta = (1 - alpha) / 2
    y = 1 - 2 * x
    T0 = [[alpha * y, beta * x, beta * x], [alpha * x, beta * y, beta * x], [alpha * x, beta * x, beta * y]]
    T1 = [[beta * y, alpha * x, beta * x], [beta * x, alpha * y, beta * x], [beta * x, alpha * x, beta * y]]
    T2 = [[beta * y, beta * x, alpha * x], [beta * x, beta * y, alpha * x], [beta * x, beta * x, alpha * y]]
    return HMM([T0, T1, T2], states=("A", "B", "C"), name=catalog_label("mess3", x=x, alpha=alpha))


def rrxor(p1: Exact = _HALF, p2: Exact = _HALF) -> HMM:
    """Random-random-XOR: two random bits, then their XOR.

    States ``S, 0, 1, T, F``; stationary ``(1/3, 1/6, 1/6, 1/6, 1/6)`` at the
    default parameters.

    See Also
    --------
    mess3

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.

    Examples
    --------
    >>> from compmech import mixed_state_presentation
    >>> mixed_state_presentation(rrxor()).graph.number_of_nodes()
    36
    """
    p1, p2 = _param(p1, "p1"), _param(p2, "p2")
    idx = {"S": 0, "0": 1, "1": 2, "T": 3, "F": 4}
    T0 = [[0] * 5 for _ in range(5)]
    T1 = [[0] * 5 for _ in range(5)]
    T0[idx["S"]][idx["0"]] = p1
    T1[idx["S"]][idx["1"]] = 1 - p1
    T0[idx["0"]][idx["F"]] = p2
    T1[idx["0"]][idx["T"]] = 1 - p2
    T0[idx["1"]][idx["T"]] = p2
    T1[idx["1"]][idx["F"]] = 1 - p2
    T1[idx["T"]][idx["S"]] = 1
    T0[idx["F"]][idx["S"]] = 1
    return HMM([T0, T1], states=tuple(idx), name=catalog_label("rrxor", p1=p1, p2=p2))


def z1r(p: Exact = _HALF) -> HMM:
    """The Zero-One-Random process: ``0, 1``, then a random bit, repeated.

    Examples
    --------
    >>> z1r().stationary_distribution()
    (1/3, 1/3, 1/3)
    """
    p = _param(p, "p")
    T0 = [[0, 1, 0], [0, 0, 0], [p, 0, 0]]
    T1 = [[0, 0, 0], [0, 0, 1], [1 - p, 0, 0]]
    return HMM([T0, T1], states=("0", "1", "R"), name=catalog_label("z1r", p=p))


def golden_mean(p: Exact = _HALF) -> HMM:
    """The golden-mean process (no two 1s in a row).

    State A emits 0 and stays with probability ``1 - p`` or emits 1 and goes
    to B with probability ``p``; B emits 0 and returns to A.

    See Also
    --------
    even

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> golden_mean().stationary_distribution()
    (2/3, 1/3)
    """
    p = _param(p, "p")
    return HMM([[[1 - p, 0], [1, 0]], [[0, p], [0, 0]]], states=("A", "B"), name=catalog_label("golden_mean", p=p))


def even(p: Exact = _HALF) -> HMM:
    """The even process (1s come in even-length blocks).

    A emits 0 and stays with probability ``p`` or emits 1 and goes to B with
    ``1 - p``; B emits 1 and returns to A.

    See Also
    --------
    golden_mean

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> even().stationary_distribution()
    (2/3, 1/3)
    """
    p = _param(p, "p")
    return HMM([[[p, 0], [0, 0]], [[0, 1 - p], [1, 0]]], states=("A", "B"), name=catalog_label("even", p=p))


def sns(p: Exact = _HALF, q: Exact = _HALF) -> HMM:
    """The simple nonunifilar source: countably many causal states.

    A emits 0 and stays (``1 - p``) or emits 0 and goes to B (``p``); B emits
    0 and stays (``1 - q``) or emits 1 and goes to A (``q``).

    Examples
    --------
    >>> sns().is_unifilar()
    False
    """
    p, q = _param(p, "p"), _param(q, "q")
    return HMM([[[1 - p, p], [0, 1 - q]], [[0, 0], [q, 0]]], states=("A", "B"), name=catalog_label("sns", p=p, q=q))


def biased_coin(p: Exact = _HALF) -> HMM:
    """IID coin flips: symbol 1 with probability ``p``.

    Examples
    --------
    >>> biased_coin("1/3").word_probability([1, 1])
    1/9
    """
    p = _param(p, "p")
    return HMM([[[1 - p]], [[p]]], states=("A",), name=catalog_label("biased_coin", p=p))


def period(word: Sequence) -> HMM:
    """The periodic process repeating ``word`` forever (from a uniform phase).

    Examples
    --------
    >>> h = period("001")
    >>> h.alphabet, h.n_states
    (('0', '1'), 3)
    >>> h.stationary_distribution()
    (1/3, 1/3, 1/3)
    """
    word = list(word)
    if not word:
        raise InvalidEntryError("period: the word must be non-empty")
    if len(word) > 1000:
        raise InvalidArgumentError(
            f"period: a word of {len(word):,} symbols makes an HMM of as many states; "
            f"at most 1,000 (build a larger cycle with HMM directly)"
        )
    alphabet = sorted(set(word), key=lambda s: (str(type(s)), s))
    n = len(word)
    mats = {a: [[0] * n for _ in range(n)] for a in alphabet}
    for i, s in enumerate(word):
        mats[s][i][(i + 1) % n] = 1
    return HMM(mats, alphabet=alphabet, name=f"period({''.join(map(str, word))!r})")


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
    mats = []
    for x in range(k):
        mats.append(
            [
                [
                    Fraction(weights[x][i][j], sum(weights[y][i][jj] for y in range(k) for jj in range(n)))
                    for j in range(n)
                ]
                for i in range(n)
            ]
        )
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
    mats = []
    for x in range(k):
        mats.append(
            [
                [
                    Fraction(weights[x][i][j], sum(weights[y][i][jj] for y in range(k) for jj in range(n)))
                    for j in range(n)
                ]
                for i in range(n)
            ]
        )
    return HMM(mats, name=f"random_hmm({n}, {k}, seed={seed!r}, synchronizing)")


#: name -> (constructor, default parameters) for the command line and the docs.
CATALOG: dict[str, tuple[Callable[..., GHMM], dict[str, str]]] = {
    "mess3": (mess3, {"x": "1/20", "alpha": "17/20"}),
    "rrxor": (rrxor, {"p1": "1/2", "p2": "1/2"}),
    "z1r": (z1r, {"p": "1/2"}),
    "golden_mean": (golden_mean, {"p": "1/2"}),
    "even": (even, {"p": "1/2"}),
    "sns": (sns, {"p": "1/2", "q": "1/2"}),
    "biased_coin": (biased_coin, {"p": "1/2"}),
    "period": (period, {"word": "01"}),
    "tom_quantum": (tom_quantum, {"alpha": "1", "beta": "1"}),
    "fanizza": (fanizza, {"lam": "49/100"}),
    "fanizza_register": (fanizza_register, {"lam": "49/100"}),
}
