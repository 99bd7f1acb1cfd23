"""Processes whose natural presentations are nonunifilar: Mess3, the simple nonunifilar source, ...

Their mixed-state presentations are often infinite (countably, as the SNS's, or a fractal, as
Mess3's); the catalog gives their generators, exactly.  The nonunifilar generators of binary Markov
chains (Ruebeck et al., Löhr and Ay) are in :mod:`compmech.processes.generators`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..models.hmm import HMM
from ._common import HALF, catalog_label, hmm_from_edges, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["mess3", "sns", "cantor", "nonunifilar_golden_mean", "noisy_symmetric_markov", "gilbert_elliott"]
__all__ += ["dishonest_casino"]


_MESS3_X, _MESS3_ALPHA = sympy.Rational(1, 20), sympy.Rational(17, 20)  # the seed paper's parameters


@register(family="nonunifilar", aliases=("Mess3", "mess3_process"))
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
    x, alpha = probability(x, "x"), probability(alpha, "alpha")
    beta = (1 - alpha) / 2
    y = 1 - 2 * x
    T0 = [[alpha * y, beta * x, beta * x], [alpha * x, beta * y, beta * x], [alpha * x, beta * x, beta * y]]
    T1 = [[beta * y, alpha * x, beta * x], [beta * x, alpha * y, beta * x], [beta * x, alpha * x, beta * y]]
    T2 = [[beta * y, beta * x, alpha * x], [beta * x, beta * y, alpha * x], [beta * x, beta * x, alpha * y]]
    return HMM([T0, T1, T2], states=("A", "B", "C"), name=catalog_label("mess3", x=x, alpha=alpha))


@register(
    family="nonunifilar",
    aliases=(
        "simple_nonunifilar_source",
        "simple_nondeterministic_source",
        Alias("SNS", sofic="processes", ignore=("machine_type",)),
    ),
)
def sns(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The simple nonunifilar source: countably many causal states.

    A emits 0 and stays (``1 - p``) or emits 0 and goes to B (``p``); B emits
    0 and stays (``1 - q``) or emits 1 and goes to A (``q``).  It is a renewal
    process (the 1s are the events); after ``1 0^n`` the state is B with a
    probability that depends on ``n``, so the causal states are infinitely many.

    sofic's ``SNS`` is the case ``p = q = 1/2`` with 0 and 1 exchanged.

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003), arXiv:cond-mat/0102181.
    - S. E. Marzen and J. P. Crutchfield, "Informational and causal architecture of discrete-time renewal processes", Entropy 17, 4891 (2015), arXiv:1408.6876.

    Examples
    --------
    >>> h = sns()
    >>> h.is_unifilar(), h.stationary_distribution(), h.word_probability([1])
    (False, (1/2, 1/2), 1/4)
    """
    p, q = probability(p, "p"), probability(q, "q")
    return HMM([[[1 - p, p], [0, 1 - q]], [[0, 0], [q, 0]]], states=("A", "B"), name=catalog_label("sns", p=p, q=q))


@register(
    family="nonunifilar", aliases=(Alias("Cantor", sofic="processes", ignore=("machine_type",)), "cantor_process")
)
def cantor() -> HMM:
    """The Cantor process: a 2-state nonunifilar HMM whose mixed states form a Cantor set.

    Each state leaves with probability 3/10 (A on a 1, B on a 0) and otherwise stays, emitting its
    own symbol (0 for A, 1 for B) with probability 11/20 and the other with 3/20.  Each symbol maps the
    belief ``Pr(A)`` by a monotone Möbius map, a 0 onto ``[2/3, 1]`` and a 1 onto ``[0, 1/3]``: the
    images are disjoint, so the ``2^L`` words of length ``L`` leave ``2^L`` distinct beliefs and their
    closure is a Cantor set (infinitely many causal states).

    The numbers are those of CMPy's and sofic's ``Cantor``; the family of 2-state nonunifilar HMMs
    with such IFS attractors is the subject of the references.

    References
    ----------
    - A. M. Jurgens and J. P. Crutchfield, "Divergent predictive states: the statistical complexity dimension of stationary, ergodic hidden Markov processes", Chaos 31, 083114 (2021), arXiv:2102.10487.
    - CMPy (Computational Mechanics in Python, UC Davis), ``cmpy.machines.processes.Cantor``, ported by sofic 0.2.1 as ``sofic.examples.processes.Cantor``.

    Examples
    --------
    >>> h = cantor()
    >>> h.stationary_distribution(), h.word_probability([0])
    ((1/2, 1/2), 1/2)
    >>> h.belief([0]), h.belief([1])
    ((17/20, 3/20), (3/20, 17/20))
    """
    a, b, c = sympy.Rational(11, 20), sympy.Rational(3, 20), sympy.Rational(3, 10)
    edges = [("A", "A", 0, a), ("A", "A", 1, b), ("A", "B", 1, c), ("B", "B", 1, a), ("B", "B", 0, b), ("B", "A", 0, c)]
    return hmm_from_edges(edges, alphabet=(0, 1), name="cantor")


_NGM_FREE = sympy.Rational(2, 3)


@register(
    family="nonunifilar",
    aliases=(
        Alias(
            "NonunifilarGoldenMean",
            params={"bias": "p", "free": "free"},
            defaults={"bias": "1/2", "free": "2/3"},
            sofic="processes",
        ),
    ),
)
def nonunifilar_golden_mean(p: Exact = HALF, free: Exact = _NGM_FREE) -> HMM:
    """The golden mean process (no two 1s in a row) by a 2-state nonunifilar HMM with a free parameter.

    The same process as ``golden_mean(p)``, for every ``free`` in ``[p, 1]``: with ``f = free``::

        A -1-> B (f)     A -0-> B (1 + p - f - p/f)     A -0-> A (p/f - p)
        B -0-> A (p/f)   B -0-> B (1 - p/f)

    ``f = p`` is the epsilon-machine (B then always returns to A); ``f = 1`` is the presentation in
    which A always emits the 1.  Between, both states emit 0s, so a 0 leaves the state uncertain.

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003) (the golden mean process).
    - CMPy (Computational Mechanics in Python, UC Davis), ``cmpy.machines.processes.NonunifilarGoldenMean``, ported by sofic 0.2.1 (there with 0 and 1 exchanged: no two 0s).

    Examples
    --------
    >>> from compmech import same_process
    >>> from compmech.processes import golden_mean
    >>> h = nonunifilar_golden_mean()
    >>> h.is_unifilar(), same_process(h, golden_mean())
    (False, True)
    """
    p, f = probability(p, "p"), probability(free, "free")
    if f.is_number and f.is_zero:
        raise InvalidArgumentError("nonunifilar_golden_mean: free must be positive (and at least p)")
    if p.is_number and f.is_number and f < p:
        raise InvalidArgumentError(f"nonunifilar_golden_mean: free = {f} must lie in [p, 1] = [{p}, 1]")
    edges = [
        ("A", "B", 1, f),
        ("A", "B", 0, 1 + p - f - p / f),
        ("A", "A", 0, p / f - p),
        ("B", "A", 0, p / f),
        ("B", "B", 0, 1 - p / f),
    ]
    return hmm_from_edges(edges, alphabet=(0, 1), name=catalog_label("nonunifilar_golden_mean", p=p, free=f))


_NSM_P, _NSM_EPS = sympy.Rational(1, 10), sympy.Rational(1, 10)


@register(family="nonunifilar", aliases=("hidden_markov_bsc", "bsc_markov_chain", "noisy_markov_chain"))
def noisy_symmetric_markov(p: Exact = _NSM_P, eps: Exact = _NSM_EPS) -> HMM:
    """A symmetric binary Markov chain seen through a binary symmetric channel: the classic hidden Markov process.

    The hidden bit flips with probability ``p`` at each step; each observation is the hidden bit,
    flipped independently with probability ``eps``.  For ``0 < p, eps < 1/2`` the causal states are
    infinitely many (after ``0^n`` the belief moves monotonically toward a fixed point it never
    reaches, and distinct beliefs predict differently) and no closed form of the entropy rate is known
    (the references bound it and expand it in ``eps``).  Exactly, ``Pr(y_t != y_{t+1}) = p ((1 - eps)^2 + eps^2) + 2 (1 - p) eps (1 - eps)``.

    References
    ----------
    - P. Jacquet, G. Seroussi and W. Szpankowski, "On the entropy of a hidden Markov process", Theoretical Computer Science 395, 203-219 (2008).
    - E. Ordentlich and T. Weissman, "New bounds on the entropy rate of hidden Markov processes", IEEE Information Theory Workshop, San Antonio (2004).

    Examples
    --------
    >>> h = noisy_symmetric_markov("1/10", "1/10")
    >>> h.word_probability([0, 1]) + h.word_probability([1, 0])
    61/250
    """
    p, e = probability(p, "p"), probability(eps, "eps")
    if p.is_number and p.is_zero:
        raise InvalidArgumentError("noisy_symmetric_markov: p = 0 freezes the hidden bit (not ergodic); take p > 0")
    edges = []
    for s in (0, 1):
        for t in (0, 1):
            move = p if s != t else 1 - p
            edges += [(s, t, s, move * (1 - e)), (s, t, 1 - s, move * e)]
    return hmm_from_edges(
        edges, states=(0, 1), alphabet=(0, 1), name=catalog_label("noisy_symmetric_markov", p=p, eps=e)
    )


_GE_P, _GE_R = sympy.Rational(1, 10), sympy.Rational(1, 2)


def _gilbert(kw: dict) -> dict:
    return {**kw, "k": 1}


@register(
    family="nonunifilar",
    aliases=(
        "gilbert_elliott_channel",
        "burst_noise",
        Alias(
            "gilbert",
            params={"p": "p", "r": "r", "h": "h"},
            defaults={"p": "1/10", "r": "1/2", "h": "1/2"},
            transform=_gilbert,
        ),
    ),
)
def gilbert_elliott(p: Exact = _GE_P, r: Exact = _GE_R, k: Exact = 1, h: Exact = HALF) -> HMM:
    """The Gilbert-Elliott burst-noise channel's error process: a good and a bad state, errors (1) more likely in the bad one.

    The hidden chain goes from G to B with probability ``p`` and back with ``r``; in G a symbol is
    received correctly (0) with probability ``k``, in B with ``h``.  Gilbert's channel is ``k = 1``
    (the alias ``gilbert``, with parameters ``p, r, h``).  Stationary ``Pr(B) = p / (p + r)``, so the
    error rate is ``(r (1 - k) + p (1 - h)) / (p + r)``.  The defaults (Gilbert's ``k = 1`` with a
    bad state that errs half the time) are illustrative.

    References
    ----------
    - E. N. Gilbert, "Capacity of a burst-noise channel", Bell Syst. Tech. J. 39, 1253-1265 (1960); E. O. Elliott, "Estimates of error rates for codes on burst-noise channels", Bell Syst. Tech. J. 42, 1977-1997 (1963).
    - M. Mushkin and I. Bar-David, "Capacity and coding for the Gilbert-Elliott channels", IEEE Trans. Inf. Theory 35, 1277-1290 (1989).

    Examples
    --------
    >>> g = gilbert_elliott()
    >>> g.stationary_distribution(), g.word_probability([1])
    ((5/6, 1/6), 1/12)
    """
    p, r, k, h = (probability(v, n) for v, n in ((p, "p"), (r, "r"), (k, "k"), (h, "h")))
    if p.is_number and r.is_number and p.is_zero and r.is_zero:
        raise InvalidArgumentError("gilbert_elliott: p = r = 0 never changes state (not ergodic); make p or r positive")
    stay = {"G": 1 - p, "B": 1 - r}
    correct = {"G": k, "B": h}
    edges = []
    for s in ("G", "B"):
        for t in ("G", "B"):
            move = stay[s] if s == t else 1 - stay[s]
            edges += [(s, t, 0, move * correct[s]), (s, t, 1, move * (1 - correct[s]))]
    return hmm_from_edges(
        edges, states=("G", "B"), alphabet=(0, 1), name=catalog_label("gilbert_elliott", p=p, r=r, k=k, h=h)
    )


_CASINO = (sympy.Rational(1, 20), sympy.Rational(1, 10), HALF)


@register(family="nonunifilar", aliases=("occasionally_dishonest_casino", "casino"))
def dishonest_casino(to_loaded: Exact = _CASINO[0], to_fair: Exact = _CASINO[1], loaded_six: Exact = _CASINO[2]) -> HMM:
    """The occasionally dishonest casino: a fair die and a loaded one, switched now and then; symbols 1 to 6.

    The fair die (state F) rolls each face with probability 1/6; the loaded die (L) rolls a six with
    probability ``loaded_six`` and each other face with ``(1 - loaded_six) / 5``.  After each roll the
    casino switches from F to L with probability ``to_loaded`` and back with ``to_fair``; the
    textbook's numbers (1/20, 1/10, 1/2) are the defaults.  Stationary ``Pr(F) = to_fair / (to_fair +
    to_loaded) = 2/3``, so a six comes up with probability ``2/3 * 1/6 + 1/3 * 1/2 = 5/18``.

    References
    ----------
    - R. Durbin, S. R. Eddy, A. Krogh and G. Mitchison, "Biological Sequence Analysis: Probabilistic Models of Proteins and Nucleic Acids", Cambridge University Press (1998), chapter 3 (the occasionally dishonest casino).

    Examples
    --------
    >>> h = dishonest_casino()
    >>> h.stationary_distribution(), h.word_probability([6])
    ((2/3, 1/3), 5/18)
    """
    a, b, six = (
        probability(to_loaded, "to_loaded"),
        probability(to_fair, "to_fair"),
        probability(loaded_six, "loaded_six"),
    )
    if a.is_number and b.is_number and a.is_zero and b.is_zero:
        raise InvalidArgumentError("dishonest_casino: to_loaded = to_fair = 0 never switches dice (not ergodic)")
    faces = range(1, 7)
    law = {"F": {x: sympy.Rational(1, 6) for x in faces}, "L": {x: six if x == 6 else (1 - six) / 5 for x in faces}}
    move = {("F", "F"): 1 - a, ("F", "L"): a, ("L", "L"): 1 - b, ("L", "F"): b}
    edges = [(s, t, x, m * law[s][x]) for (s, t), m in move.items() for x in faces]
    name = catalog_label("dishonest_casino", to_loaded=a, to_fair=b, loaded_six=six)
    return hmm_from_edges(edges, states=("F", "L"), alphabet=tuple(faces), name=name)
