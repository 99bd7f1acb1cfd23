"""General renewal processes (Marzen and Crutchfield): finite support, eventually Poisson, eventually Delta-Poisson.

A binary renewal process emits 1 (an event) separated by runs of 0s whose lengths are independent draws
from the interevent count distribution ``F(n)``, ``n = 0, 1, 2, ...`` (``n`` 0s between two 1s).  The state
is the count of 0s since the last 1; state ``n`` emits 1 with the hazard ``F(n) / w(n)``, where
``w(n) = sum_{m >= n} F(m)`` is the survival function.  Marzen and Crutchfield (2015) show that two counts
are the same causal state exactly when their conditional futures agree, which leaves finitely many causal
states in three cases: ``F`` of finite support (one state per count), ``F`` eventually geometric
("eventually Poisson": ``F(n) = F(n~) lam**(n - n~)`` for ``n >= n~``; ``n~ + 1`` states) and ``F``
eventually geometric along a period ``Delta`` ("eventually Delta-Poisson": ``n~ + Delta`` states).  The
constructors below build those epsilon-machines, exactly.

With ``pi(n) = w(n) / (mu + 1)`` (``mu + 1 = sum_n (n + 1) F(n)`` the mean interevent length, the 1
included), their closed forms are ``h_mu = H[F] / (mu + 1)``, ``C_mu = H[causal state distribution]`` (the
counts merged into causal states) and ``E = -2 sum_n pi(n) log2 pi(n) + sum_n (n + 1) F(n) / (mu + 1)
log2(F(n) / (mu + 1))``; the tests check compmech's measures against them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..kernel.exact import to_exact
from ..models.hmm import HMM
from ._common import HALF, catalog_label, distribution, hmm_from_edges, integer, probabilities, probability
from ._registry import register
from .renewal import MARZEN_CRUTCHFIELD_2015, MAX_STATES

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = [
    "renewal_process",
    "uniform_renewal",
    "eventually_poisson",
    "eventually_delta_poisson",
    "phase_type_renewal",
    "zipf_renewal",
]


def _counts(hazards: list, loop: int | None, name: str) -> HMM:
    """States ``0..n-1`` (counts since the last 1): state ``i`` emits 1 with ``hazards[i]`` (to 0) or 0 (to
    ``i + 1``, or to ``loop`` from the last state)."""
    n = len(hazards)
    edges = []
    for i, h in enumerate(hazards):
        if not (h.is_number and h == 0):
            edges.append((i, 0, 1, h))
        nxt = i + 1 if i + 1 < n else loop
        if not (h.is_number and h == 1):
            if nxt is None:
                raise InvalidArgumentError(f"{name}: the last count must end with an event (hazard 1)")
            edges.append((i, nxt, 0, 1 - h))
    return hmm_from_edges(edges, states=tuple(range(n)), alphabet=(0, 1), name=name)


def _head_hazards(head: list, tail_mass) -> list:
    """The hazards ``F(n) / w(n)`` of the counts ``n < len(head)``, with ``tail_mass`` beyond them."""
    hazards, w = [], sympy.Add(*head) + tail_mass
    for f in head:
        hazards.append(sympy.cancel(f / w) if w != 0 else sympy.Integer(0))
        w = w - f
    return hazards


def _positive(value, what: str, name: str):
    if value.is_number and not value.is_positive:
        raise InvalidArgumentError(f"{name}: {what} must be positive, got {value}")
    return value


def _renewal_size(F="1/4 1/4 1/2") -> tuple[int, int]:
    return len(distribution(F, "F")), 2


@register(family="renewal", reference=MARZEN_CRUTCHFIELD_2015, aliases=("finite_renewal",), size=_renewal_size)
def renewal_process(F: str = "1/4 1/4 1/2") -> HMM:
    """The renewal process whose interevent count distribution ``F(0), ..., F(N)`` has finite support.

    ``N + 1`` states, the counts of 0s since the last 1, all causal states (``F(N) > 0``); Markov order at
    most ``N`` (``N`` 0s in a row fix the count).  Even, golden mean and the almost fair coins are renewal processes (some with 0 as
    the event); see the module docstring for the closed forms of ``h_mu``, ``C_mu`` and ``E``.

    Parameters
    ----------
    F : str or sequence
        ``F(0), ..., F(N)``: exact probabilities summing to 1, the last one positive (at most 1,000).

    Examples
    --------
    >>> h = renewal_process("1/4 1/4 1/2")
    >>> h.stationary_distribution()  # w(n) / (mu + 1): w = (1, 3/4, 1/2), mu + 1 = 9/4
    (4/9, 1/3, 2/9)
    """
    probs = distribution(F, "F")
    _positive(probs[-1], "the last entry of F", "renewal_process")
    hazards = _head_hazards(probs, 0)
    return _counts(hazards, None, catalog_label("renewal_process", F=" ".join(map(str, probs))))


def _uniform_size(N=3) -> tuple[int, int]:
    return integer(N, "N", low=1, high=MAX_STATES, why="the machine has N states"), 2


@register(family="renewal", reference=MARZEN_CRUTCHFIELD_2015, aliases=("uniform_interevent",), size=_uniform_size)
def uniform_renewal(N: int = 3) -> HMM:
    """The renewal process whose interevent count is uniform on ``0, ..., N-1``.

    ``renewal_process`` with ``F(n) = 1/N``: ``N`` causal states, state ``n`` emits 1 with probability
    ``1/(N - n)``.  Closed forms (from the general ones): ``pi(n) = 2 (N - n) / (N (N + 1))``,
    ``h_mu = 2 log2(N) / (N + 1)``, ``C_mu = H[pi]`` and ``E = 2 C_mu - log2(N (N + 1) / 2)``.

    Parameters
    ----------
    N : int
        The number of interevent counts, 1 to 1,000.

    Examples
    --------
    >>> uniform_renewal(3).stationary_distribution()
    (1/2, 1/3, 1/6)
    """
    N = _uniform_size(N)[0]
    hazards = [sympy.Rational(1, N - n) for n in range(N)]
    return _counts(hazards, None, catalog_label("uniform_renewal", N=N))


def _tail_mass(head: list, name: str):
    W = 1 - sympy.Add(*head)
    return _positive(W, "the mass beyond the head, 1 - sum(head),", name)


def _ep_size(head="0", lam=None) -> tuple[int, int]:
    return len(distribution(head, "head", total=None) if str(head).strip() else []) + 1, 2


@register(family="renewal", reference=MARZEN_CRUTCHFIELD_2015, size=_ep_size)
def eventually_poisson(head: str = "0", lam: Exact = HALF) -> HMM:
    """The eventually Poisson renewal process: ``F(n)`` is given up to ``n~``, then geometric with ratio ``lam``.

    ``F(n) = head[n]`` for ``n < n~ = len(head)`` and ``F(n~ + j) = W (1 - lam) lam**j`` with
    ``W = 1 - sum(head)``.  The states are the counts ``0, ..., n~``, the last one looping on 0 (the counts
    ``>= n~`` are one causal state); it is the epsilon-machine when ``n~`` is the least such index.
    ``head = ""`` is a biased coin; ``head = "0"`` (no two 1s in a row) with ``lam = 1 - p`` is
    ``golden_mean(p)``: a refractory count after each event.  ``C_mu = H[pi(0), ..., pi(n~ - 1), w(n~)/(mu + 1)]``.

    Parameters
    ----------
    head : str or sequence
        ``F(0), ..., F(n~ - 1)``, exact, summing to less than 1 (may be empty).
    lam : exact number
        The ratio of the geometric tail, in ``[0, 1)``.

    Examples
    --------
    >>> eventually_poisson("1/4 0", "1/2").stationary_distribution()  # w(0), w(1), sum of w(n >= 2): 1, 3/4, 3/2
    (4/13, 3/13, 6/13)
    """
    probs = distribution(head, "head", total=None) if str(head).strip() else []
    lam = probability(lam, "lam")
    if lam.is_number and lam == 1:
        raise InvalidArgumentError(
            "eventually_poisson: lam = 1 has no stationary process (infinite mean interevent count)"
        )
    W = _tail_mass(probs, "eventually_poisson")
    hazards = _head_hazards(probs, W) + [1 - lam]
    name = catalog_label("eventually_poisson", head=" ".join(map(str, probs)), lam=lam)
    return _counts(hazards, len(probs), name)


def _edp_size(head="", block="1 0", lam=None) -> tuple[int, int]:
    n = len(distribution(head, "head", total=None)) if str(head).strip() else 0
    return n + len(distribution(block, "block")), 2


@register(family="renewal", reference=MARZEN_CRUTCHFIELD_2015, size=_edp_size)
def eventually_delta_poisson(head: str = "", block: str = "1 0", lam: Exact = HALF) -> HMM:
    """The eventually Delta-Poisson renewal process: ``F`` given up to ``n~``, then geometric along a period ``Delta``.

    ``F(n) = head[n]`` for ``n < n~ = len(head)`` and ``F(n~ + k Delta + m) = W (1 - lam) block[m] lam**k`` for
    ``0 <= m < Delta = len(block)``, with ``W = 1 - sum(head)`` and ``block`` summing to 1.  The states are the
    counts ``0, ..., n~ + Delta - 1``, the last one returning to ``n~`` on 0 (counts ``n~ + m`` and
    ``n~ + m + k Delta`` are one causal state); state ``n~ + m`` emits 1 with probability
    ``(1 - lam) block[m] / ((1 - lam) (block[m] + ... + block[Delta-1]) + lam)``.  With 0 and 1 exchanged,
    ``eventually_delta_poisson("", "1 0", 1 - p)`` is ``even(p)``, ``eventually_delta_poisson(f"{p}", "1 0",
    1 - q)`` is ``odd(p, q)`` and ``("", "1" + " 0" * (n - 1), 1 - p)`` is ``multiples(n, p)``.

    Parameters
    ----------
    head : str or sequence
        ``F(0), ..., F(n~ - 1)``, exact, summing to less than 1 (may be empty).
    block : str or sequence
        The shape of the periodic tail, ``Delta`` exact probabilities summing to 1.
    lam : exact number
        The ratio from one period to the next, in ``(0, 1)``.

    Examples
    --------
    >>> eventually_delta_poisson("", "1/2 1/2", "1/2").stationary_distribution()  # w(2k) = 2**-k, w(2k+1) = 3/4 2**-k
    (4/7, 3/7)
    """
    probs = distribution(head, "head", total=None) if str(head).strip() else []
    g = distribution(block, "block")
    lam = probability(lam, "lam")
    if lam.is_number and not (0 < lam < 1):
        raise InvalidArgumentError(f"eventually_delta_poisson: lam = {lam} must lie in (0, 1)")
    W = _tail_mass(probs, "eventually_delta_poisson")
    hazards = _head_hazards(probs, W)
    for m, gm in enumerate(g):
        hazards.append(sympy.cancel((1 - lam) * gm / ((1 - lam) * sympy.Add(*g[m:]) + lam)))
    name = catalog_label(
        "eventually_delta_poisson", head=" ".join(map(str, probs)), block=" ".join(map(str, g)), lam=lam
    )
    return _counts(hazards, len(probs), name)


def _stages_size(q="1/2 1/2") -> tuple[int, int]:
    return len(probabilities(q, "q")), 2


@register(family="renewal", reference=MARZEN_CRUTCHFIELD_2015, aliases=("hypogeometric_renewal",), size=_stages_size)
def phase_type_renewal(q: str = "1/2 1/2") -> HMM:
    """A renewal process whose interevent count is a sum of geometric stages (a discrete phase-type law).

    Stages ``1, ..., K``: stage ``i < K`` emits 0 and stays with probability ``1 - q[i]`` or emits 0 and moves
    to stage ``i + 1``; stage ``K`` emits 0 and stays with probability ``1 - q[K]`` or emits 1 (the event) and
    returns to stage 1.  A nonunifilar presentation: for ``K >= 2`` the process has infinitely many causal
    states (the count since the last 1, unbounded).  ``phase_type_renewal(f"{p} {q}")`` is the simple
    nonunifilar source ``sns(p, q)``, the example Marzen and Crutchfield analyze; equal rates give a
    negative-binomial interevent count.

    Parameters
    ----------
    q : str or sequence
        The probability of leaving each stage, ``K`` exact values in ``(0, 1]``.

    Examples
    --------
    >>> from compmech import same_process
    >>> from compmech.processes import sns
    >>> same_process(phase_type_renewal("1/2 1/3"), sns("1/2", "1/3"))
    True
    """
    qs = probabilities(q, "q")
    for i, v in enumerate(qs):
        _positive(v, f"q[{i}]", "phase_type_renewal")
    K = len(qs)
    edges = []
    for i, v in enumerate(qs):
        if i + 1 < K:
            edges += [(i, i, 0, 1 - v), (i, i + 1, 0, v)]
        else:
            edges += [(i, i, 0, 1 - v), (i, 0, 1, v)]
    return hmm_from_edges(
        edges,
        states=tuple(range(K)),
        alphabet=(0, 1),
        name=catalog_label("phase_type_renewal", q=" ".join(map(str, qs))),
    )


def _zipf_size(N=4, s=None) -> tuple[int, int]:
    return integer(N, "N", low=1, high=MAX_STATES, why="the machine has N states"), 2


@register(
    family="renewal",
    reference='S. E. Marzen and J. P. Crutchfield, "Statistical signatures of structural organization: the case of '
    'long memory in renewal processes", Phys. Lett. A 380, 1517 (2016), arXiv:1512.01859',
    aliases=("power_law_renewal", "truncated_zipf_renewal"),
    size=_zipf_size,
)
def zipf_renewal(N: int = 4, s: Exact = 1) -> HMM:
    """The renewal process with a truncated power-law (Zipf) interevent count: ``F(n) ~ (n + 1)^-s``, ``n < N``.

    ``renewal_process`` with ``F(n) = (n + 1)^(-s) / H_(N, s)`` (``H`` the generalized harmonic number):
    Marzen and Crutchfield's long-memory renewal processes, cut off at ``N`` counts so that the
    epsilon-machine is finite (``N`` states).  ``s = 0`` is :func:`uniform_renewal`.

    Examples
    --------
    >>> zipf_renewal(2, 1).stationary_distribution()  # F = (2/3, 1/3)
    (3/4, 1/4)
    """
    N = _zipf_size(N)[0]
    s = _exponent(s)
    weights = [sympy.Integer(n + 1) ** -s for n in range(N)]
    total = sympy.Add(*weights)
    probs = [sympy.cancel(w / total) for w in weights]
    return _counts(_head_hazards(probs, 0), None, catalog_label("zipf_renewal", N=N, s=s))


def _exponent(s):
    x = to_exact(s, "parameter s")
    if x.is_number and x.is_negative:
        raise InvalidArgumentError(f"parameter s = {x} must be at least 0")
    return x
