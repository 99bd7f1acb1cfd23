"""Named Markov chains and hidden Markov models of the textbooks: weather, Shannon's source, urns, genetics, queues.

Each chain is observed (the symbol is the state entered) unless it says otherwise; the HMMs of the
tutorials (the ice-cream climate) emit from the state they leave.  Parameters are exact, and sympy symbols
are welcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..models.hmm import HMM
from ._common import catalog_label, distribution, hmm_from_edges, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..kernel.exact import Exact

__all__ = [
    "land_of_oz",
    "shannon_markov",
    "rabiner_weather",
    "ice_cream",
    "bernoulli_laplace",
    "wright_fisher",
    "moran",
    "kimura_2p",
    "f81",
    "cycle_walk",
    "geo_geo_1_k",
]

MAX_STATES = 300  # states of an urn, a population, a cycle or a queue
GRINSTEAD_SNELL = (
    'C. M. Grinstead and J. L. Snell, "Introduction to Probability", 2nd ed., American Mathematical Society (1997), '
    "Chapter 11"
)
EWENS_2004 = 'W. J. Ewens, "Mathematical Population Genetics I. Theoretical Introduction", 2nd ed., Springer (2004)'
NUCLEOTIDES = ("A", "C", "G", "T")
_SEVEN_TENTHS = sympy.Rational(7, 10)
_THREE_FIFTHS = sympy.Rational(3, 5)
_TWENTIETH = sympy.Rational(1, 20)
_FIFTH = sympy.Rational(1, 5)
_HALF = sympy.Rational(1, 2)
_QUARTER = sympy.Rational(1, 4)
_THIRD = sympy.Rational(1, 3)


def _observed(rows: Sequence[Sequence], labels: Sequence, name: str) -> HMM:
    """The observed Markov chain with these rows (``rows[i][j] = Pr(j | i)``): symbol = state entered."""
    edges = [
        (a, b, b, p) for a, row in zip(labels, rows, strict=True) for b, p in zip(labels, row, strict=True) if p != 0
    ]
    return hmm_from_edges(edges, states=tuple(labels), alphabet=tuple(labels), name=name)


def _birth_death(ups: Sequence, downs: Sequence) -> list[list]:
    """The rows of a birth-death chain on ``0..n-1``: ``i -> i + 1`` with ``ups[i]``, ``i -> i - 1`` with ``downs[i]``."""
    n = len(ups)
    rows = []
    for i in range(n):
        row = [sympy.Integer(0)] * n
        row[i] = sympy.expand(1 - ups[i] - downs[i])
        if i + 1 < n:
            row[i + 1] = sympy.expand(ups[i])
        if i > 0:
            row[i - 1] = sympy.expand(downs[i])
        rows.append(row)
    return rows


def _fraction_rows(text: str) -> list[list[sympy.Rational]]:
    return [[sympy.Rational(x) for x in row.split()] for row in text.split("|")]


@register(
    family="markov",
    reference=GRINSTEAD_SNELL + ", Example 11.1 (after J. G. Kemeny, J. L. Snell and G. L. Thompson, "
    '"Introduction to Finite Mathematics", Prentice-Hall (1974))',
    aliases=("oz_weather", "kemeny_snell_oz"),
)
def land_of_oz() -> HMM:
    """The weather in the Land of Oz: never two nice days in a row (rain R, nice N, snow S).

    After a nice day, rain or snow with 1/2 each; after rain or snow, the same again with 1/2, else a change
    split equally between the two others.  Stationary law ``(2/5, 1/5, 2/5)``.

    Examples
    --------
    >>> h = land_of_oz()
    >>> h.stationary_distribution(), h.word_probability("NN")
    ((2/5, 1/5, 2/5), 0)
    """
    return _observed(_fraction_rows("1/2 1/4 1/4 | 1/2 0 1/2 | 1/4 1/4 1/2"), ("R", "N", "S"), "land_of_oz")


@register(
    family="markov",
    reference='C. E. Shannon, "A mathematical theory of communication", Bell Syst. Tech. J. 27, 379 (1948), Sec. 3, '
    "example (C)",
    aliases=("shannon_abc", "shannon_1948"),
)
def shannon_markov() -> HMM:
    """Shannon's digram source on A, B, C: the Markov example of "A mathematical theory of communication".

    ``Pr(j | i)``: after A, B 4/5 and C 1/5; after B, A or B 1/2 each; after C, A 1/2, B 2/5, C 1/10.
    Shannon gives the letter frequencies ``9/27, 16/27, 2/27``.

    Examples
    --------
    >>> shannon_markov().stationary_distribution()
    (1/3, 16/27, 2/27)
    """
    return _observed(_fraction_rows("0 4/5 1/5 | 1/2 1/2 0 | 1/2 2/5 1/10"), ("A", "B", "C"), "shannon_markov")


@register(
    family="markov",
    reference='L. R. Rabiner, "A tutorial on hidden Markov models and selected applications in speech recognition", '
    "Proc. IEEE 77, 257 (1989), Sec. II-A",
    aliases=("rabiner_markov",),
)
def rabiner_weather() -> HMM:
    """Rabiner's three-state weather chain: 1 rain (or snow), 2 cloudy, 3 sunny, observed day by day.

    ``A = [[0.4, 0.3, 0.3], [0.2, 0.6, 0.2], [0.1, 0.1, 0.8]]``.  Rabiner's worked example: given a sunny
    day, sun-sun-rain-rain-sun-cloudy-sun follows with probability ``1.536e-4``.

    Examples
    --------
    >>> h = rabiner_weather()
    >>> h.word_probability([3, 3, 3, 1, 1, 3, 2, 3]) / h.word_probability([3])
    12/78125
    """
    return _observed(_fraction_rows("2/5 3/10 3/10 | 1/5 3/5 1/5 | 1/10 1/10 4/5"), (1, 2, 3), "rabiner_weather")


_HOT, _COLD = "1/5 2/5 2/5", "1/2 2/5 1/10"


@register(
    family="nonunifilar",
    reference='J. Eisner, "An interactive spreadsheet for teaching the forward-backward algorithm", ACL Workshop on '
    'Effective Tools and Methodologies for Teaching NLP and CL (2002); D. Jurafsky and J. H. Martin, "Speech and '
    'Language Processing", Appendix A (hidden Markov models)',
    aliases=("eisner_ice_cream", "jurafsky_martin_ice_cream"),
)
def ice_cream(
    stay_hot: Exact = _SEVEN_TENTHS,
    stay_cold: Exact = _THREE_FIFTHS,
    hot: str = _HOT,
    cold: str = _COLD,
) -> HMM:
    """Eisner's ice-cream climate: hot and cold days, observed by the number of ice creams eaten (1, 2 or 3).

    A hot day stays hot with ``stay_hot`` and a cold one cold with ``stay_cold``; a hot day's count is
    drawn from ``hot`` (``Pr(1), Pr(2), Pr(3)``), a cold one's from ``cold``; the count is emitted on leaving
    the day.  The defaults are the textbooks' (``P(1|HOT) = .2``, ``P(1|COLD) = .5``, ...; transitions
    .7/.3 and .4/.6 as in Eisner's spreadsheet; editions of Jurafsky and Martin vary them).

    Examples
    --------
    >>> h = ice_cream()
    >>> h.stationary_distribution(), h.word_probability([3])
    ((4/7, 3/7), 19/70)
    """
    a, b = probability(stay_hot, "stay_hot"), probability(stay_cold, "stay_cold")
    emit = {"H": distribution(hot, "hot", length=3), "C": distribution(cold, "cold", length=3)}
    move = {("H", "H"): a, ("H", "C"): 1 - a, ("C", "C"): b, ("C", "H"): 1 - b}
    edges = [(s, t, k + 1, emit[s][k] * w) for (s, t), w in move.items() for k in range(3)]
    label = catalog_label("ice_cream", stay_hot=a, stay_cold=b, hot=" ".join(map(str, emit["H"])))
    return hmm_from_edges(edges, states=("H", "C"), alphabet=(1, 2, 3), name=label)


def _count(value, name: str, low: int = 1) -> int:
    return integer(value, name, low=low, high=MAX_STATES, why=f"the chain has {name} + 1 states")


def _urn_size(N=3, *args, **kwargs) -> tuple[int, int]:
    n = _count(N, "N") + 1
    return n, n


@register(
    family="markov",
    reference='W. Feller, "An Introduction to Probability Theory and Its Applications", Vol. I, 3rd ed., Wiley '
    "(1968), Sec. XV.2 (the Bernoulli-Laplace model of diffusion)",
    aliases=("bernoulli_laplace_urn", "bernoulli_laplace_diffusion"),
    size=_urn_size,
)
def bernoulli_laplace(N: int = 3) -> HMM:
    """The Bernoulli-Laplace diffusion model: two urns of ``N`` balls, ``N`` white in all; swap one ball of each.

    The state (and symbol) is the number ``j`` of white balls in the first urn; a ball drawn from each urn
    swaps places: ``j -> j - 1`` with ``(j/N)^2``, ``j -> j + 1`` with ``((N - j)/N)^2``, else stay.  The
    stationary law is hypergeometric, ``C(N, j)^2 / C(2N, N)``.

    Examples
    --------
    >>> bernoulli_laplace(2).stationary_distribution()
    (1/6, 2/3, 1/6)
    """
    N = _count(N, "N")
    ups = [sympy.Rational(N - j, N) ** 2 for j in range(N + 1)]
    rows = _birth_death(ups, [sympy.Rational(j, N) ** 2 for j in range(N + 1)])
    return _observed(rows, tuple(range(N + 1)), catalog_label("bernoulli_laplace", N=N))


def _mutation(u, v):
    u, v = probability(u, "u"), probability(v, "v")
    if u.is_number and v.is_number and u + v == 0:
        raise InvalidArgumentError("u + v = 0: without mutation the population fixes for good (no stationary law)")
    return u, v


_TENTH = sympy.Rational(1, 10)


@register(family="markov", reference=EWENS_2004 + ", Sec. 1.5 (the Wright-Fisher model with mutation)", size=_urn_size)
def wright_fisher(N: int = 3, u: Exact = _TENTH, v: Exact = _TENTH) -> HMM:
    """The Wright-Fisher model with mutation: ``N`` genes, the state (and symbol) the count ``i`` of allele A.

    Each generation draws ``N`` genes independently; a gene is A with probability
    ``psi_i = (i/N)(1 - u) + (1 - i/N) v`` (``u``: A mutates to a, ``v``: a to A), so
    ``Pr(i -> j) = C(N, j) psi_i^j (1 - psi_i)^(N - j)``.  ``N = 1`` is the binary Markov chain
    ``Pr(0 -> 1) = v``, ``Pr(1 -> 0) = u``.

    Examples
    --------
    >>> wright_fisher(1, "1/5", "1/10").stationary_distribution()
    (2/3, 1/3)
    """
    N = _count(N, "N")
    u, v = _mutation(u, v)
    rows = []
    for i in range(N + 1):
        psi = sympy.Rational(i, N) * (1 - u) + sympy.Rational(N - i, N) * v
        rows.append([sympy.expand(sympy.binomial(N, j) * psi**j * (1 - psi) ** (N - j)) for j in range(N + 1)])
    return _observed(rows, tuple(range(N + 1)), catalog_label("wright_fisher", N=N, u=u, v=v))


@register(
    family="markov",
    reference='P. A. P. Moran, "Random processes in genetics", Proc. Camb. Phil. Soc. 54, 60 (1958); '
    + EWENS_2004
    + ", Sec. 3.4",
    aliases=("moran_model",),
    size=_urn_size,
)
def moran(N: int = 3, u: Exact = _TENTH, v: Exact = _TENTH) -> HMM:
    """The Moran model with mutation: one birth and one death per step among ``N`` genes; the count of A.

    A gene chosen uniformly reproduces; its offspring is A with probability
    ``psi_i = (i/N)(1 - u) + (1 - i/N) v`` (mutation at birth); a gene chosen uniformly among the ``N``
    parents dies.  ``i -> i + 1`` with ``psi_i (N - i)/N``, ``i -> i - 1`` with ``(1 - psi_i) i/N``, else
    stay: a birth-death chain, reversible.

    Examples
    --------
    >>> h = moran(1, "1/5", "1/10")
    >>> h.stationary_distribution()
    (2/3, 1/3)
    """
    N = _count(N, "N")
    u, v = _mutation(u, v)
    psi = [sympy.Rational(i, N) * (1 - u) + sympy.Rational(N - i, N) * v for i in range(N + 1)]
    ups = [psi[i] * sympy.Rational(N - i, N) for i in range(N + 1)]
    rows = _birth_death(ups, [(1 - psi[i]) * sympy.Rational(i, N) for i in range(N + 1)])
    return _observed(rows, tuple(range(N + 1)), catalog_label("moran", N=N, u=u, v=v))


def _jukes_cantor(given: dict) -> dict:
    """Jukes and Cantor's model: every substitution equally likely, ``p`` in all."""
    p = probability(given.get("p", sympy.Rational(3, 10)), "p")
    return {"s": p / 3, "v": p / 3}


@register(
    family="markov",
    reference='M. Kimura, "A simple method for estimating evolutionary rates of base substitutions through '
    'comparative studies of nucleotide sequences", J. Mol. Evol. 16, 111 (1980)',
    aliases=(
        "k80",
        "k2p",
        Alias("jukes_cantor", params={"p": "p"}, defaults={"p": "3/10"}, transform=_jukes_cantor),
        Alias("jc69", params={"p": "p"}, defaults={"p": "3/10"}, transform=_jukes_cantor),
    ),
)
def kimura_2p(s: Exact = _TENTH, v: Exact = _TWENTIETH) -> HMM:
    """Kimura's two-parameter substitution chain on A, C, G, T, one step at a time.

    A transition (purine A <-> G, pyrimidine C <-> T) with probability ``s``, each of the two transversions
    with ``v``, no change with ``1 - s - 2v``: the matrix ``P(t)`` of the K80 model over one time step.
    ``jukes_cantor(p)`` (JC69) is ``s = v = p/3``.  Stationary law uniform.

    Examples
    --------
    >>> h = kimura_2p()
    >>> h.stationary_distribution(), h.word_probability("AG") * 4
    ((1/4, 1/4, 1/4, 1/4), 1/10)
    """
    s, v = probability(s, "s"), probability(v, "v")
    stay = probability(1 - s - 2 * v, "1 - s - 2v")
    partner = {"A": "G", "G": "A", "C": "T", "T": "C"}
    rows = [[stay if a == b else (s if partner[a] == b else v) for b in NUCLEOTIDES] for a in NUCLEOTIDES]
    return _observed(rows, NUCLEOTIDES, catalog_label("kimura_2p", s=s, v=v))


@register(
    family="markov",
    reference='J. Felsenstein, "Evolutionary trees from DNA sequences: a maximum likelihood approach", J. Mol. Evol. '
    "17, 368 (1981)",
    aliases=("felsenstein_1981",),
)
def f81(pi: str = "2/5 1/10 1/5 3/10", u: Exact = _FIFTH) -> HMM:
    """Felsenstein's F81 substitution chain on A, C, G, T: with probability ``u`` the base is redrawn from ``pi``.

    ``Pr(a -> b) = u pi_b`` for ``b != a`` and ``1 - u + u pi_a`` for ``b = a``: the F81 matrix
    ``P(t) = e^(-mu t) I + (1 - e^(-mu t)) 1 pi`` over one step, ``u = 1 - e^(-mu t)``.  Stationary law
    ``pi``; uniform ``pi`` is Jukes-Cantor.

    Examples
    --------
    >>> f81().stationary_distribution()
    (2/5, 1/10, 1/5, 3/10)
    """
    p = distribution(pi, "pi", length=4)
    u = probability(u, "u")
    rows = [[(1 - u if a == b else 0) + u * p[b] for b in range(4)] for a in range(4)]
    return _observed(rows, NUCLEOTIDES, catalog_label("f81", pi=" ".join(map(str, p)), u=u))


def _cycle_size(N=5, p=None, q=None) -> tuple[int, int]:
    n = integer(N, "N", low=3, high=MAX_STATES, why="the chain has N states")
    return n, n


@register(
    family="markov",
    reference='D. A. Levin, Y. Peres and E. L. Wilmer, "Markov Chains and Mixing Times", American Mathematical '
    "Society (2009), the random walk on the n-cycle",
    aliases=("random_walk_cycle", "cycle_random_walk"),
    size=_cycle_size,
)
def cycle_walk(N: int = 5, p: Exact = _HALF, q: Exact = _QUARTER) -> HMM:
    """The random walk on the ``N``-cycle observed by its position: ``+1`` with ``p``, ``-1`` with ``q``, else stay.

    States and symbols ``0, ..., N-1`` (``N >= 3``); doubly stochastic, so the stationary law is uniform.
    ``p = q = 1/4`` is the lazy simple walk.

    Examples
    --------
    >>> h = cycle_walk(3)
    >>> h.stationary_distribution(), h.word_probability([0, 2]) * 3
    ((1/3, 1/3, 1/3), 1/4)
    """
    N = _cycle_size(N)[0]
    p, q = probability(p, "p"), probability(q, "q")
    stay = probability(1 - p - q, "1 - p - q")
    rows = [
        [stay if j == i else (p if j == (i + 1) % N else (q if j == (i - 1) % N else 0)) for j in range(N)]
        for i in range(N)
    ]
    return _observed(rows, tuple(range(N)), catalog_label("cycle_walk", N=N, p=p, q=q))


def _queue_size(K=3, lam=None, mu=None) -> tuple[int, int]:
    n = _count(K, "K") + 1
    return n, n


@register(
    family="markov",
    reference='H. Takagi, "Queueing Analysis, Vol. 3: Discrete-Time Systems", North-Holland (1993); J. J. Hunter, '
    '"Mathematical Techniques of Applied Probability, Vol. 2: Discrete Time Models", Academic Press (1983)',
    aliases=("geo_geo_1_k_queue", "discrete_mm1k"),
    size=_queue_size,
)
def geo_geo_1_k(K: int = 3, lam: Exact = _THIRD, mu: Exact = _HALF) -> HMM:
    """The Geo/Geo/1/K queue observed slot by slot: the number in the system, ``0, ..., K``.

    Late arrival with delayed access: in a slot a customer present at its start leaves with probability
    ``mu`` and a customer arrives with ``lam``, admitted if a place is free after the departure.  So
    ``i -> i + 1`` with ``lam (1 - mu)`` (``lam`` from 0, never from ``K``), ``i -> i - 1`` with
    ``mu (1 - lam)``, else stay.

    Examples
    --------
    >>> geo_geo_1_k(1, "1/3", "1/2").stationary_distribution()  # up 1/3, down (1/2)(2/3)
    (1/2, 1/2)
    """
    K = _count(K, "K")
    lam, mu = probability(lam, "lam"), probability(mu, "mu")
    ups = [lam] + [lam * (1 - mu)] * (K - 1) + [sympy.Integer(0)]
    rows = _birth_death(ups, [sympy.Integer(0)] + [mu * (1 - lam)] * K)
    return _observed(rows, tuple(range(K + 1)), catalog_label("geo_geo_1_k", K=K, lam=lam, mu=mu))
