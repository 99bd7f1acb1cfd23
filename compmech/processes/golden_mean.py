"""The golden mean process and its generalizations: binary processes defined by forbidden words."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, hmm_from_edges, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = [
    "golden_mean",
    "golden_mean_parry",
    "restricted_golden_mean",
    "rk_golden_mean",
    "coupled_golden_means",
    "uncoupled_golden_means",
    "run_length_limited",
]

MAX_STATES = 1000  # states of a golden-mean generalization
_COUPLING = sympy.Rational(1, 100)  # sofic's (CMPy's) default coupling of CoupledGMPs

JAMES_2014 = (
    'R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Many roads to synchrony: natural time '
    'scales and their algorithms", Phys. Rev. E 89, 042135 (2014), arXiv:1010.5545'
)


def _complement(given: dict) -> dict:
    """sofic's ``epsilon_machines.golden_mean(p)``: ``p`` is the probability of 0 in state A."""
    return {"p": 1 - probability(given["p"], "p")}


@register(
    family="golden mean",
    aliases=(
        "golden_mean_process",
        Alias(
            "GoldenMean", params={"bias": "p"}, defaults={"bias": "1/2"}, sofic="processes", ignore=("machine_type",)
        ),
        Alias("golden_mean", params={"p": "p"}, defaults={"p": "1/2"}, transform=_complement, sofic="epsilon_machines"),
        Alias("golden_mean_markov", params={"p": "p"}, defaults={"p": "1/2"}, sofic="epsilon_machines"),
        # forward and reverse epsilon-machines of Ellison, Mahoney & Crutchfield (2009), Fig. 4: reversible
        Alias(
            "golden_mean_forward",
            params={"p": "p"},
            defaults={"p": "1/2"},
            transform=_complement,
            sofic="epsilon_machines",
        ),
        Alias(
            "golden_mean_reverse",
            params={"p": "p"},
            defaults={"p": "1/2"},
            transform=_complement,
            sofic="epsilon_machines",
        ),
    ),
)
def golden_mean(p: Exact = HALF) -> HMM:
    """The golden-mean process (no two 1s in a row).

    State A emits 0 and stays with probability ``1 - p`` or emits 1 and goes
    to B with probability ``p``; B emits 0 and returns to A.  sofic's names: ``GoldenMean(bias)`` (no two 0s
    in a row, ``bias = p``), ``epsilon_machines.golden_mean(p)`` (``p`` the probability of 0 in A: our
    ``1 - p``) and ``golden_mean_markov(p)`` (no two 0s in a row, ``p`` the probability of the restricted
    symbol after the free one: our ``p``).

    See Also
    --------
    even, golden_mean_parry, rk_golden_mean

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> golden_mean().stationary_distribution()
    (2/3, 1/3)
    """
    p = probability(p, "p")
    return HMM([[[1 - p, 0], [1, 0]], [[0, p], [0, 0]]], states=("A", "B"), name=catalog_label("golden_mean", p=p))


@register(
    family="golden mean", aliases=("parry_golden_mean", Alias("golden_mean_shift_parry", sofic="epsilon_machines"))
)
def golden_mean_parry() -> HMM:
    """The golden-mean shift (no two 1s in a row) with its Parry measure, the measure of maximal entropy.

    ``golden_mean(p)`` at ``p = 1/phi**2 = (3 - sqrt(5))/2``, exactly (``phi`` the golden ratio): the entropy
    rate is the topological entropy ``log2(phi)``.  The entries lie in ``QQ(sqrt(5))``.

    References
    ----------
    - W. Parry, "Intrinsic Markov chains", Trans. Amer. Math. Soc. 112, 55 (1964).
    - D. Lind and B. Marcus, "An Introduction to Symbolic Dynamics and Coding", Cambridge University Press (1995), section 6.4.

    Examples
    --------
    >>> h = golden_mean_parry()
    >>> h.matrices[1][0, 1]
    3/2 - sqrt(5)/2
    >>> [sympy.radsimp(x) for x in h.stationary_distribution()]
    [sqrt(5)/10 + 1/2, 1/2 - sqrt(5)/10]
    """
    p = (3 - sympy.sqrt(5)) / 2
    hmm = golden_mean(p)
    hmm.name = "golden_mean_parry()"
    return hmm


def _blocks(zeros: int, ones: int, p, name: str) -> HMM:
    """State 0 emits 1 and stays (``1 - p``) or emits 0 (``p``); then ``zeros - 1`` more 0s and ``ones`` 1s, back to 0."""
    n = zeros + ones
    edges = [(0, 0, 1, 1 - p), (0, 1, 0, p)]
    edges += [(s, (s + 1) % n, 0 if s < zeros else 1, 1) for s in range(1, n)]
    return hmm_from_edges(edges, states=tuple(range(n)), alphabet=(0, 1), name=name)


def _order(value, name: str) -> int:
    return integer(value, name, low=1, high=MAX_STATES - 1, why=f"the machine has {name} + 1 states or more")


def _rk_size(R=2, k=1, p=None) -> tuple[int, int]:
    R, k = _order(R, "R"), _order(k, "k")
    if R + k > MAX_STATES:
        raise InvalidArgumentError(f"rk_golden_mean: R + k = {R + k:,} states; at most {MAX_STATES:,}")
    return R + k, 2


def _rk_from_sofic(given: dict) -> dict:
    """sofic's ``RkGM(R, k, p)``: ``p`` is the probability of staying in state 0 (emitting 1)."""
    if "R" not in given or "k" not in given:
        raise InvalidArgumentError("RkGM: give R and k")
    return {"R": given["R"], "k": given["k"], "p": 1 - probability(given.get("p", HALF), "p")}


def _rngm(given: dict) -> dict:
    """sofic's ``RNGM(R, N, p)``: ``N`` 0s then ``R`` 1s, ``1 <= N <= R`` (``RkGM(N, R)``)."""
    if "R" not in given or "N" not in given:
        raise InvalidArgumentError("RNGM: give R and N")
    R, N = _order(given["R"], "R"), _order(given["N"], "N")
    if N > R:
        raise InvalidArgumentError(f"RNGM: N = {N} must be at most R = {R}")
    return _rk_from_sofic({"R": N, "k": R, "p": given.get("p", HALF)})


def _stretched(given: dict) -> dict:
    """sofic's (CMPy's) ``StretchedGM(k)``: blocks ``0^k 1``."""
    if "k" not in given:
        raise InvalidArgumentError("StretchedGM: give k")
    return {"R": given["k"], "k": 1}


@register(
    family="golden mean",
    reference=JAMES_2014,
    aliases=(
        "rkgm",
        Alias("RkGM", params={"R": "R", "k": "k", "p": "p"}, transform=_rk_from_sofic, sofic="processes"),
        Alias("RNGM", params={"R": "R", "N": "k", "p": "p"}, transform=_rngm, sofic="processes"),
        Alias("StretchedGM", params={"k": "R"}, transform=_stretched, sofic="processes"),
    ),
    size=_rk_size,
)
def rk_golden_mean(R: int = 2, k: int = 1, p: Exact = HALF) -> HMM:
    """The R-k golden mean process: Markov order ``R``, cryptic order ``k`` (``1 <= k <= R``).

    State 0 emits 1 and stays with probability ``1 - p``, or emits 0 with probability ``p``; then ``R - 1``
    more 0s and ``k`` 1s are forced, back to state 0 (``R + k`` states, all causal states).  Runs of 0s have
    length exactly ``R``, each followed by at least ``k`` 1s.  Its Markov order is ``max(R, k)`` and its
    cryptic order ``k``, so for ``k <= R`` (the range of James et al.) they are ``R`` and ``k`` (checked with
    :func:`~compmech.markov_order` and :func:`~compmech.cryptic_order` in the tests).  ``rk_golden_mean(1, 1)``
    is the golden mean with 0 and 1 exchanged, ``rk_golden_mean(1, k)`` the restricted golden mean and
    ``rk_golden_mean(R, 1)`` CMPy's stretched golden mean (sofic's ``StretchedGM(R)``).  sofic's ``RkGM(R, k,
    p)`` is ``rk_golden_mean(R, k, 1 - p)``; its settings ``RkGM(2, 3)`` and ``RkGM(1, 2)`` lie outside
    ``k <= R``, which is why they show equal orders.  sofic's ``RNGM(R, N, p)`` is ``RkGM(N, R, p)``.

    Parameters
    ----------
    R, k : int
        The lengths of the forced blocks of 0s and of 1s, at least 1, ``R + k <= 1000``.
    p : exact number
        The probability of leaving state 0 (emitting the first 0).

    Examples
    --------
    >>> from compmech import markov_order, cryptic_order
    >>> h = rk_golden_mean(3, 2)
    >>> h.n_states, markov_order(h), cryptic_order(h)
    (5, 3, 2)
    """
    R, k = _order(R, "R"), _order(k, "k")
    _rk_size(R, k)
    p = probability(p, "p")
    return _blocks(R, k, p, catalog_label("rk_golden_mean", R=R, k=k, p=p))


def _rgm_size(k=2, p=None) -> tuple[int, int]:
    return _order(k, "k") + 1, 2


@register(
    family="golden mean",
    aliases=(
        "rgm",
        Alias("RestrictedGM", params={"k": "k"}, sofic="processes"),
        Alias("restricted_golden_mean", params={"k": "k"}, defaults={"k": "1"}, sofic="epsilon_machines"),
    ),
    size=_rgm_size,
)
def restricted_golden_mean(k: int = 2, p: Exact = HALF) -> HMM:
    """The restricted golden mean process: each 0 is followed by at least ``k`` 1s (Markov and cryptic order ``k``).

    State 0 emits 1 and stays with probability ``1 - p`` or emits 0 with probability ``p``; then ``k`` 1s are
    forced (``k + 1`` states).  ``k = 1`` is the golden mean with 0 and 1 exchanged (so sofic's
    ``restricted_golden_mean()``, whose default is ``k = 1``, is the golden mean, although its docstring says
    otherwise).  This is ``rk_golden_mean(1, k, p)``.

    Parameters
    ----------
    k : int
        The number of forced 1s, 1 to 999.
    p : exact number
        The probability of emitting 0 in state 0.

    References
    ----------
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes", J. Phys. A 42, 362002 (2009), arXiv:0905.4787.
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes: linear combinations of causal states", arXiv:0906.5099 (2009).

    Examples
    --------
    >>> h = restricted_golden_mean(2)
    >>> h.stationary_distribution()
    (1/2, 1/4, 1/4)
    """
    k = _order(k, "k")
    p = probability(p, "p")
    return _blocks(1, k, p, catalog_label("restricted_golden_mean", k=k, p=p))


def _coupled_size(epsilon=None, p=None, third_symbol=0) -> tuple[int, int]:
    return 4, 2 + integer(third_symbol, "third_symbol", low=0, high=1)


def _coupled_from_sofic(given: dict) -> dict:
    """sofic's ``CoupledGMPs(epsilon, p, alt)``: ``alt=False`` switches on a third symbol."""
    alt = given.get("alt", True)
    if isinstance(alt, str):
        if alt.strip().lower() not in ("true", "false", "1", "0"):
            raise InvalidArgumentError(f"CoupledGMPs: alt must be true or false, got {alt!r}")
        alt = alt.strip().lower() in ("true", "1")
    return {"epsilon": given["epsilon"], "p": given["p"], "third_symbol": 0 if alt else 1}


@register(
    family="golden mean",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(
        Alias(
            "CoupledGMPs",
            params={"epsilon": "epsilon", "p": "p", "alt": "third_symbol"},
            defaults={"epsilon": "1/100", "p": "1/2", "alt": "true"},
            transform=_coupled_from_sofic,
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
    size=_coupled_size,
)
def coupled_golden_means(epsilon: Exact = _COUPLING, p: Exact = HALF, third_symbol: int = 0) -> HMM:
    """Two golden-mean processes, one with no 00 and one with no 11, coupled by rare switches.

    States A, B (no two 0s: A emits 1 and stays or 0 to B, 1/2 each; B emits 1 back to A) and C, D (the
    mirror image: no two 1s).  With ``third_symbol = 0`` (sofic's ``alt=True``) B leaves for C on 0 with
    probability ``epsilon (1 - p)`` and D for A on 1 with probability ``epsilon p``; with ``third_symbol = 1``
    A and C switch on a third symbol ``2`` with those probabilities (their other edges scaled down).  For
    ``epsilon = 0`` the process is nonergodic: the mixture of the two golden means with weights ``p`` and
    ``1 - p`` (as sofic fixes it), :func:`uncoupled_golden_means`.  CMPy's catalog construction (sofic's
    ``CoupledGMPs``); no published source was found, so the reference is that of the golden mean.

    Parameters
    ----------
    epsilon : exact number
        The coupling, in ``[0, 1]``.
    p : exact number
        The share of the switches into the first golden mean (and its weight when ``epsilon = 0``).
    third_symbol : int
        0: switch on the existing symbols; 1: switch on a third symbol ``2``.

    Examples
    --------
    >>> coupled_golden_means("1/10", "1/4").stationary_distribution()
    (1/6, 1/12, 1/2, 1/4)
    """
    epsilon, p = probability(epsilon, "epsilon"), probability(p, "p")
    third = _coupled_size(third_symbol=third_symbol)[1] == 3
    q1, q2 = epsilon * (1 - p), epsilon * p
    if not third:
        edges = [("A", "A", 1, HALF), ("A", "B", 0, HALF), ("B", "A", 1, 1 - q1), ("B", "C", 0, q1)]
        edges += [("C", "C", 0, HALF), ("C", "D", 1, HALF), ("D", "C", 0, 1 - q2), ("D", "A", 1, q2)]
    else:
        edges = [("A", "A", 1, (1 - q1) / 2), ("A", "B", 0, (1 - q1) / 2), ("B", "A", 1, 1), ("A", "C", 2, q1)]
        edges += [("C", "C", 0, (1 - q2) / 2), ("C", "D", 1, (1 - q2) / 2), ("D", "C", 0, 1), ("C", "A", 2, q2)]
    start = None
    if epsilon == 0:
        start = [2 * p / 3, p / 3, 2 * (1 - p) / 3, (1 - p) / 3]
    name = catalog_label("coupled_golden_means", epsilon=epsilon, p=p, third_symbol=int(third))
    return hmm_from_edges(
        edges, states=("A", "B", "C", "D"), alphabet=(0, 1, 2) if third else (0, 1), name=name, start=start
    )


@register(
    family="golden mean",
    reference=CRUTCHFIELD_FELDMAN_2003,
    aliases=(
        Alias("UncoupledGMPs", params={"p": "p"}, defaults={"p": "1/2"}, sofic="processes", ignore=("machine_type",)),
    ),
)
def uncoupled_golden_means(p: Exact = HALF) -> HMM:
    """A nonergodic process: the golden mean with no 00 (weight ``p``) or its mirror with no 11 (``1 - p``).

    Four states in two closed classes (A, B and C, D, as in :func:`coupled_golden_means` at ``epsilon = 0``);
    the stationary distribution ``(2p/3, p/3, 2(1-p)/3, (1-p)/3)`` is given explicitly (``start``).  It is the
    mixture ``compmech.mixture([golden mean with no 00, golden mean with no 11], [p, 1 - p])``.  CMPy's
    catalog construction (sofic's ``UncoupledGMPs``); the reference is that of the golden mean.

    Examples
    --------
    >>> h = uncoupled_golden_means("1/4")
    >>> h.stationary_distribution(), h.word_probability([0, 0])
    ((1/6, 1/12, 1/2, 1/4), 1/4)
    """
    p = probability(p, "p")
    hmm = coupled_golden_means(0, p)
    hmm.name = catalog_label("uncoupled_golden_means", p=p)
    return hmm


MAX_RLL = 12  # the largest run bound: the spectral radius is a root of a polynomial of degree k + 1
_INFINITE = ("inf", "oo", "infinity", "none")


def _rll_bounds(d, k) -> tuple[int, int | None]:
    d = integer(d, "d", low=0, high=MAX_RLL, why="the machine has d + 1 states or more")
    if k is None or (isinstance(k, str) and k.strip().lower() in _INFINITE):
        if d == 0:
            raise InvalidArgumentError("run_length_limited: d = 0 with k infinite is no constraint (a fair coin)")
        return d, None
    k = integer(
        k, "k", low=max(d, 1), high=MAX_RLL, why="the spectral radius is a root of a polynomial of degree k + 1"
    )
    return d, k


def _rll_size(d=1, k="3") -> tuple[int, int]:
    d, k = _rll_bounds(d, k)
    return (d if k is None else k) + 1, 2


@register(family="golden mean", aliases=("rll", "maxentropic_rll"), size=_rll_size)
def run_length_limited(d: int = 1, k: int | str | None = "3") -> HMM:
    """The (d, k) run-length-limited constraint with its maximal-entropy (Parry) measure: d to k 0s between 1s.

    Between two 1s come at least ``d`` and at most ``k`` 0s (``k = "inf"``: no upper bound).  The measure of
    maximal entropy is the renewal process with ``F(n) = lam**-(n + 1)`` for ``d <= n <= k``, ``lam`` the
    largest root of ``sum_{n=d}^{k} x**-(n + 1) = 1`` (``x**(d+1) - x**d - 1`` for ``k`` infinite); its
    entropy rate is the capacity ``log2(lam)`` of the constraint (Shannon's).  The entries are exact elements
    of ``QQ(lam)``: ``(0, 1)`` and ``(1, inf)`` are golden-mean shifts (``lam = phi``), ``(1, 3)``, ``(2, 7)``
    and ``(1, 7)`` the constraints of magnetic recording, capacities 0.5515, 0.5174 and 0.6793.  States: the
    counts ``0, ..., k`` of 0s since the last 1 (``0, ..., d`` for ``k`` infinite, the last one looping).

    Parameters
    ----------
    d : int
        The least number of 0s between two 1s, 0 to 12.
    k : int or str
        The largest number, ``d`` (at least 1) to 12, or ``"inf"`` (text, so that a specification can write
        ``run_length_limited:d=2,k=inf``).

    References
    ----------
    - B. H. Marcus, R. M. Roth and P. H. Siegel, "Constrained systems and coding for recording channels", in Handbook of Coding Theory, V. S. Pless and W. C. Huffman (eds.), Elsevier (1998).
    - C. E. Shannon, "A mathematical theory of communication", Bell Syst. Tech. J. 27, 379 (1948), section 1.
    - W. Parry, "Intrinsic Markov chains", Trans. Amer. Math. Soc. 112, 55 (1964).

    Examples
    --------
    >>> from compmech import entropy_rate
    >>> h = run_length_limited(1, 3)
    >>> h.n_states, round(float(entropy_rate(h)), 4)
    (4, 0.5515)
    """
    from sympy.polys.domains import QQ

    d, k = _rll_bounds(d, k)
    x = sympy.Symbol("x")
    if k is None:
        poly = sympy.Poly(x ** (d + 1) - x**d - 1, x)
    else:
        poly = sympy.Poly(x ** (k + 1) - sum(x ** (k - n) for n in range(d, k + 1)), x)
    lam = max(poly.real_roots(), key=lambda r: sympy.N(r, 30))
    K = QQ.algebraic_field(lam)
    inv = K.one / K.from_sympy(lam)
    if k is None:
        hazards = [K.zero] * d + [K.one - inv]
    else:
        F = [K.zero] * d + [inv ** (n + 1) for n in range(d, k + 1)]
        hazards, w = [], sum(F, K.zero)
        for f in F:
            hazards.append(K.quo(f, w))
            w = w - f
    n = len(hazards)
    T0 = [[K.zero] * n for _ in range(n)]
    T1 = [[K.zero] * n for _ in range(n)]
    for i, h in enumerate(hazards):
        T1[i][0] = h
        if h != K.one:
            T0[i][i + 1 if i + 1 < n else d] = K.one - h
    name = catalog_label("run_length_limited", d=d, k="inf" if k is None else k)
    return HMM.from_exact(K, [T0, T1], states=tuple(range(n)), alphabet=(0, 1), name=name)
