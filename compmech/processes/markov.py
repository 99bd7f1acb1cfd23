"""Markov chains: the next symbol depends on the last R symbols only (binary chains, spin chains, urns)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..kernel.exact import to_exact
from ..models.hmm import HMM
from ._common import HALF, catalog_label, distribution, hmm_from_edges, integer, probabilities, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["binary_markov_chain", "markov_chain", "observed_markov_chain", "ising", "ising_nnn", "potts", "ehrenfest"]

MAX_ORDER = 10  # an order-R binary chain has 2**R states
MAX_STATES = 1000  # states (and symbols) of an urn or a spin chain

RUEBECK_2018 = (
    'J. B. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield, "Prediction and generation of binary Markov '
    'processes: can a finite-state fox catch a Markov mouse?", Chaos 28, 013109 (2018), arXiv:1708.00113'
)

_P_DEFAULT, _Q_DEFAULT = sympy.Rational(2, 5), sympy.Rational(3, 10)  # sofic's BinaryMarkovChain defaults
_ISING_B = sympy.Rational(3, 10)  # sofic's Ising field


def _perturbed_coin(given: dict) -> dict:
    """sofic's ``PerturbedCoin(p, q=None)``: ``q`` defaults to ``p`` (a symmetric chain)."""
    p = given.get("p", "1/5")
    q = given.get("q")
    return {"p": p, "q": p if q is None or (isinstance(q, str) and q.strip().lower() == "none") else q}


@register(
    family="markov",
    reference=RUEBECK_2018,
    aliases=(
        "bmc",
        Alias(
            "BinaryMarkovChain",
            params={"p": "p", "q": "q"},
            defaults={"p": "2/5", "q": "3/10"},
            sofic="processes",
            ignore=("machine_type", "branch", "a", "b"),
        ),
        Alias("BMC_eM", params={"p": "p", "q": "q"}, sofic="processes"),
        Alias(
            "PerturbedCoin",
            params={"p": "p", "q": "q"},
            defaults={"p": "1/5"},
            transform=_perturbed_coin,
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
)
def binary_markov_chain(p: Exact = _P_DEFAULT, q: Exact = _Q_DEFAULT) -> HMM:
    """The binary Markov chain: ``Pr(1 | last 0) = p``, ``Pr(0 | last 1) = q``.

    States A (last symbol 0) and B (last 1); its epsilon-machine unless ``p + q = 1`` (then a biased coin).
    Stationary ``(q, p) / (p + q)``; Markov and cryptic order 1.  sofic's ``BinaryMarkovChain(p, q)`` and
    ``BMC_eM(p, q)`` are this process (its other ``machine_type`` choices are other presentations of it), and
    ``PerturbedCoin(p, q=p)`` the chain that flips the last symbol with probability ``p`` (or ``q``).

    Examples
    --------
    >>> h = binary_markov_chain()
    >>> h.stationary_distribution(), h.word_probability([1, 1])
    ((3/7, 4/7), 2/5)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "A", 0, 1 - p), ("A", "B", 1, p), ("B", "A", 0, q), ("B", "B", 1, 1 - q)]
    return hmm_from_edges(
        edges, states=("A", "B"), alphabet=(0, 1), name=catalog_label("binary_markov_chain", p=p, q=q)
    )


def _chain_order(R) -> int:
    return integer(R, "R", low=1, high=MAX_ORDER, why=f"an order-R chain has 2**R states (at most {2**MAX_ORDER:,})")


def _chain_size(R=2, p=None) -> tuple[int, int]:
    return 2 ** _chain_order(R), 2


def _girvan(contexts: str):
    """A transform from sofic's (CMPy's) ``Girvan_fig6*`` parameters to the chain's ``Pr(1 | context)``."""

    def transform(given: dict) -> dict:
        v = {k: probability(given[k], k) for k in ("alpha", "pi", "rho", "iota") if k in given}
        table = {"b": [1 - v.get("pi", 0), v.get("alpha", 0)]}
        if contexts in ("c", "d"):
            last = v["alpha"] if contexts == "c" else v["iota"]
            table[contexts] = [1 - v["rho"], v["alpha"], 1 - v["pi"], last]
        return {"R": 1 if contexts == "b" else 2, "p": table[contexts]}

    return transform


_GIRVAN = {"alpha": "1/2", "pi": "2/5", "rho": "3/10", "iota": "1/5"}


def _girvan_alias(fig: str, names: tuple[str, ...]) -> Alias:
    return Alias(
        f"Girvan_fig6{fig}",
        params={k: "p" for k in names},
        defaults={k: _GIRVAN[k] for k in names},
        transform=_girvan(fig),
        sofic="processes",
        ignore=("machine_type",),
    )


@register(
    family="markov",
    reference=RUEBECK_2018,
    aliases=(
        "order_r_markov_chain",
        _girvan_alias("b", ("alpha", "pi")),
        _girvan_alias("c", ("alpha", "pi", "rho")),
        _girvan_alias("d", ("alpha", "pi", "rho", "iota")),
    ),
    size=_chain_size,
)
def markov_chain(R: int = 2, p: str = "7/10 1/2 3/5 1/5") -> HMM:
    """The binary Markov chain of order ``R``: ``Pr(1 | last R symbols)`` given for each of the ``2**R`` contexts.

    The states are the contexts, written oldest symbol first (``"01"``: a 0, then a 1); ``p[i]`` is the
    probability of a 1 after the context whose binary digits spell ``i``.  This presentation is unifilar, so
    it is the epsilon-machine unless two contexts predict alike.  sofic's (CMPy's) ``Girvan_fig6b(alpha, pi)``
    is the order-1 chain ``p = (1 - pi, alpha)``, ``Girvan_fig6c(alpha, pi, rho)`` the order-2 chain
    ``(1 - rho, alpha, 1 - pi, alpha)`` and ``Girvan_fig6d(alpha, pi, rho, iota)`` ``(1 - rho, alpha, 1 - pi,
    iota)``; the default is ``Girvan_fig6d``'s.  (The paper by Girvan that CMPy's names refer to was not
    found.)

    Parameters
    ----------
    R : int
        The order, 1 to 10.
    p : str or sequence
        ``2**R`` exact probabilities.

    Examples
    --------
    >>> h = markov_chain(1, "1/3 1/2")
    >>> h.states, h.stationary_distribution()
    (('0', '1'), (3/5, 2/5))
    """
    R = _chain_order(R)
    probs = probabilities(p, "p", length=2**R)
    contexts = ["".join(w) for w in itertools.product("01", repeat=R)]
    edges = []
    for i, c in enumerate(contexts):
        edges += [(c, c[1:] + "0", 0, 1 - probs[i]), (c, c[1:] + "1", 1, probs[i])]
    name = catalog_label("markov_chain", R=R, p=" ".join(map(str, probs)))
    return hmm_from_edges(edges, states=tuple(contexts), alphabet=(0, 1), name=name)


MAX_OBSERVED = 100  # states of an observed Markov chain given by its matrix


def _rows(P) -> list:
    rows = P.split("|") if isinstance(P, str) else list(P)
    if not rows or len(rows) > MAX_OBSERVED:
        raise InvalidArgumentError(
            f"parameter P has {len(rows):,} rows; an observed Markov chain has 1 to {MAX_OBSERVED} states"
        )
    return rows


def _observed_size(P="1/2 1/2 | 1/4 3/4") -> tuple[int, int]:
    n = len(_rows(P))
    return n, n


@register(family="markov", aliases=("markov_matrix",), size=_observed_size)
def observed_markov_chain(P: str = "1/2 1/2 | 1/4 3/4") -> HMM:
    """The Markov chain with transition matrix ``P``, observed: the symbol is the state entered.

    States and symbols ``0, ..., n-1``; state ``i`` emits ``j`` and goes to ``j`` with probability
    ``P[i][j]``.  The process is an order-1 Markov chain, so ``E = H[X_0] - h_mu``; its epsilon-machine merges
    the states with equal rows.  :func:`ehrenfest` and :func:`potts` are examples.

    Parameters
    ----------
    P : str or sequence of sequences
        The rows of a stochastic matrix, exact: text with rows separated by ``|`` and entries by spaces
        (``"1/2 1/2 | 1/4 3/4"``), at most 100 rows.

    References
    ----------
    - J. G. Kemeny and J. L. Snell, "Finite Markov Chains", Van Nostrand (1960).

    Examples
    --------
    >>> h = observed_markov_chain("1/2 1/2 | 1/4 3/4")
    >>> h.stationary_distribution(), h.word_probability([0, 1])
    ((1/3, 2/3), 1/6)
    """
    rows = _rows(P)
    n = len(rows)
    matrix = [distribution(r, f"P[{i}]", length=n) for i, r in enumerate(rows)]
    edges = [(i, j, j, matrix[i][j]) for i in range(n) for j in range(n)]
    name = catalog_label("observed_markov_chain", P=" | ".join(" ".join(map(str, r)) for r in matrix))
    return hmm_from_edges(edges, states=tuple(range(n)), alphabet=tuple(range(n)), name=name)


def _temperature(T):
    T = to_exact(T, "parameter T")
    if T.is_number and not T.is_positive:
        raise InvalidArgumentError(f"parameter T = {T} must be positive (a temperature)")
    return T


@register(
    family="markov",
    aliases=(
        "ising_chain",
        Alias(
            "Ising",
            params={"J": "J", "B": "B", "T": "T"},
            defaults={"J": "1", "B": "3/10", "T": "1"},
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
)
def ising(J: Exact = 1, B: Exact = _ISING_B, T: Exact = 1) -> HMM:
    """The one-dimensional nearest-neighbour Ising chain read left to right: an order-1 Markov chain of spins.

    Energy ``-J sum s_i s_(i+1) - B sum s_i`` at temperature ``T`` (``k_B = 1``); symbol 0 is spin up
    (``s = +1``), 1 spin down.  With the transfer matrix ``V = [[a, b], [b, d]]``, ``a = exp((J + B)/T)``,
    ``d = exp((J - B)/T)``, ``b = exp(-J/T)`` and its largest eigenvalue
    ``lam = (a + d)/2 + sqrt(((a - d)/2)**2 + b**2)``, the chain moves up -> up with probability ``a / lam``
    and down -> down with ``d / lam``: exact expressions in ``exp`` of the (exact) parameters.  At ``B = 0``
    ``Pr(same spin) = 1 / (1 + exp(-2 J / T))``.

    Parameters
    ----------
    J, B : exact number
        The coupling and the field.
    T : exact number
        The temperature, positive.

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Statistical complexity of simple one-dimensional spin systems", Phys. Rev. E 55, R1239 (1997), arXiv:cond-mat/9702191.

    Examples
    --------
    >>> h = ising(1, 0, 1)
    >>> sympy.simplify(h.matrices[0][0, 0] - 1 / (1 + sympy.exp(-2)))
    0
    >>> h.stationary_distribution()
    (1/2, 1/2)
    """
    J, B = to_exact(J, "parameter J"), to_exact(B, "parameter B")
    T = _temperature(T)
    a, d, b = sympy.exp((J + B) / T), sympy.exp((J - B) / T), sympy.exp(-J / T)
    if J.is_zero:  # independent spins: V has rank one (a d = b**2), lam = a + d without a square root to denest
        lam = a + d
    else:
        lam = (a + d) / 2 + sympy.sqrt(((a - d) / 2) ** 2 + b**2)
    up, down = a / lam, d / lam
    edges = [("up", "up", 0, up), ("up", "down", 1, 1 - up), ("down", "down", 1, down), ("down", "up", 0, 1 - down)]
    return hmm_from_edges(edges, states=("up", "down"), alphabet=(0, 1), name=catalog_label("ising", J=J, B=B, T=T))


_NNN_J2 = sympy.Rational(-1, 2)  # a competing (antiferromagnetic) next-nearest-neighbour coupling


@register(family="markov", aliases=("nnn_ising", "ising_next_nearest"))
def ising_nnn(J1: Exact = 1, J2: Exact = _NNN_J2, T: Exact = 1) -> HMM:
    """The one-dimensional Ising chain with nearest and next-nearest neighbour couplings, zero field: order 2.

    Energy ``-J1 sum s_i s_(i+1) - J2 sum s_i s_(i+2)`` at temperature ``T``.  The bonds ``b_i = s_i s_(i+1)``
    carry energy ``-J1 sum b_i - J2 sum b_i b_(i+1)``: in zero field they form the nearest-neighbour chain
    :func:`ising` with coupling ``J2`` and field ``J1``, and the spins follow from them (``s_(i+1) = s_i
    b_i``, the first spin up or down with probability 1/2 by symmetry).  The states are the last two spins
    (``"uu"``, ``"ud"``, ``"du"``, ``"dd"``; symbol 0 is up); ``J2 = 0`` is ``ising(J1, 0, T)``.

    Parameters
    ----------
    J1, J2 : exact number
        The nearest and next-nearest neighbour couplings.
    T : exact number
        The temperature, positive.

    References
    ----------
    - D. P. Feldman and J. P. Crutchfield, "Discovering noncritical organization: statistical mechanical, information theoretic, and computational views of patterns in one-dimensional spin systems", Entropy 24, 1282 (2022), Santa Fe Institute Working Paper 98-04-026.
    - J. P. Crutchfield and D. P. Feldman, "Statistical complexity of simple one-dimensional spin systems", Phys. Rev. E 55, R1239 (1997), arXiv:cond-mat/9702191.

    Examples
    --------
    >>> from compmech import markov_order
    >>> markov_order(ising_nnn()), markov_order(ising_nnn(1, 0, 1))
    (2, 1)
    >>> ising_nnn().word_probability([0, 0]) == ising_nnn().stationary_distribution()[0]
    True
    """
    J1, J2 = to_exact(J1, "parameter J1"), to_exact(J2, "parameter J2")
    bonds = ising(J2, J1, T)  # symbol 0: the bond +1 (equal spins)
    stay = {+1: bonds.matrices[0][0, 0], -1: bonds.matrices[1][1, 1]}  # Pr(next bond = last bond)
    spin = {"u": +1, "d": -1}
    edges = []
    for a, b in itertools.product("ud", repeat=2):
        last = spin[a] * spin[b]
        for c in "ud":
            new = spin[b] * spin[c]
            edges.append((a + b, b + c, 0 if c == "u" else 1, stay[last] if new == last else 1 - stay[last]))
    name = catalog_label("ising_nnn", J1=J1, J2=J2, T=_temperature(T))
    return hmm_from_edges(edges, states=("uu", "ud", "du", "dd"), alphabet=(0, 1), name=name)


def _potts_size(q=3, J=None, T=None) -> tuple[int, int]:
    q = integer(q, "q", low=2, high=MAX_STATES, why="the chain has q states and q symbols")
    return q, q


@register(family="markov", aliases=("potts_chain",), size=_potts_size)
def potts(q: int = 3, J: Exact = 1, T: Exact = 1) -> HMM:
    """The one-dimensional ``q``-state Potts chain in zero field: an order-1 Markov chain of ``q`` symbols.

    Energy ``-J sum delta(s_i, s_(i+1))`` at temperature ``T``; the transfer matrix ``exp(J delta / T)`` has
    the uniform eigenvector and eigenvalue ``exp(J/T) + q - 1``, so the next spin equals the last with
    probability ``e / (e + q - 1)`` (``e = exp(J/T)``) and is each other value with ``1 / (e + q - 1)``.
    The stationary distribution is uniform, ``C_mu = log2(q)`` and ``E = log2(q) - h_mu``.  ``q = 2`` is the
    Ising chain at ``B = 0`` with coupling ``J/2``.

    Parameters
    ----------
    q : int
        The number of spin values, 2 to 1,000.
    J : exact number
        The coupling.
    T : exact number
        The temperature, positive.

    References
    ----------
    - F. Y. Wu, "The Potts model", Rev. Mod. Phys. 54, 235 (1982).
    - R. B. Potts, "Some generalized order-disorder transformations", Proc. Cambridge Philos. Soc. 48, 106 (1952).

    Examples
    --------
    >>> h = potts(3, 0, 1)  # J = 0: IID uniform
    >>> h.matrices[2][0, 2], h.stationary_distribution()
    (1/3, (1/3, 1/3, 1/3))
    """
    q = _potts_size(q)[0]
    J, T = to_exact(J, "parameter J"), _temperature(T)
    e = sympy.exp(J / T)
    same, other = e / (e + q - 1), 1 / (e + q - 1)
    edges = [(s, t, t, same if s == t else other) for s in range(q) for t in range(q)]
    return hmm_from_edges(
        edges, states=tuple(range(q)), alphabet=tuple(range(q)), name=catalog_label("potts", q=q, J=J, T=T)
    )


def _ehrenfest_size(N=5, p=None) -> tuple[int, int]:
    N = integer(N, "N", low=1, high=MAX_STATES - 1, why="the chain has N + 1 states and symbols")
    return N + 1, N + 1


@register(
    family="markov",
    aliases=(
        "ehrenfest_urn",
        Alias(
            "Ehrenfest",
            params={"p": "p", "N": "N"},
            defaults={"p": "1/2", "N": "5"},
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
    size=_ehrenfest_size,
)
def ehrenfest(N: int = 5, p: Exact = HALF) -> HMM:
    """The Ehrenfest urn with ``N`` balls, observed: the symbol is the number of balls in the first urn.

    At each step, with probability ``p`` a uniformly chosen ball changes urn (the count ``n`` goes to
    ``n + 1`` with probability ``p (N - n)/N`` and to ``n - 1`` with ``p n / N``); otherwise nothing moves.
    The state is the count and the emitted symbol the new count, so the process is an order-1 Markov chain
    on ``0, ..., N``, stationary law binomial(``N``, 1/2).

    Parameters
    ----------
    N : int
        The number of balls, 1 to 999.
    p : exact number
        The probability that a ball moves.

    References
    ----------
    - P. Ehrenfest and T. Ehrenfest, "Über zwei bekannte Einwände gegen das Boltzmannsche H-Theorem", Phys. Z. 8, 311 (1907).
    - M. Kac, "Random walk and the theory of Brownian motion", Amer. Math. Monthly 54, 369 (1947).

    Examples
    --------
    >>> ehrenfest(4).stationary_distribution()
    (1/16, 1/4, 3/8, 1/4, 1/16)
    """
    N = _ehrenfest_size(N)[0] - 1
    p = probability(p, "p")
    edges = [(n, n, n, 1 - p) for n in range(N + 1)]
    edges += [(n, n + 1, n + 1, p * sympy.Rational(N - n, N)) for n in range(N)]
    edges += [(n, n - 1, n - 1, p * sympy.Rational(n, N)) for n in range(1, N + 1)]
    return hmm_from_edges(
        edges, states=tuple(range(N + 1)), alphabet=tuple(range(N + 1)), name=catalog_label("ehrenfest", N=N, p=p)
    )
