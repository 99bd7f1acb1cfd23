"""Nonunifilar generators of binary Markov chains: the same process as the chain, fewer or cheaper states.

A binary Markov chain with ``p = Pr(1 | last 0)`` and ``q = Pr(0 | last 1)`` is its own 2-state
epsilon-machine.  Ruebeck et al. (2018) find its minimal *generators* (nonunifilar HMMs whose stationary
state entropy is smallest), with three topologies for three regions of ``(p, q)``, and show that a
previously proposed generator is not minimal.  The constructors here are CMPy's (as sofic ports them):
the three topologies, the two-parameter family of 2-state generators, and Löhr and Ay's 3-state
generator of the symmetric chain; each is a nonunifilar presentation of the chain, checked exactly in
the tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..models.hmm import HMM
from ._common import catalog_label, hmm_from_edges, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["bmc_generator", "bmc_parametrized", "lohr_generator"]

_RUEBECK_2018 = (
    'J. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield, "Prediction and generation of binary Markov '
    'processes: can a finite-state fox catch a Markov mouse?", Chaos 28, 013109 (2018), arXiv:1708.00113'
)
_P, _Q = sympy.Rational(2, 5), sympy.Rational(3, 10)  # sofic's BinaryMarkovChain defaults


def _numeric_pair(p, q, what: str) -> None:
    if not (p.is_number and q.is_number):
        raise InvalidArgumentError(
            f"{what} chooses its topology by the region of (p, q) (p + q > 1, p < q or p >= q): give numbers, "
            f"or use bmc_parametrized, which takes symbols"
        )


@register(
    family="nonunifilar",
    reference=_RUEBECK_2018,
    aliases=(
        Alias(
            "BMC_gen",
            params={"p": "p", "q": "q"},
            defaults={"p": "2/5", "q": "3/10"},
            sofic="processes",
            ignore=("branch",),
        ),
        "binary_markov_generator",
    ),
)
def bmc_generator(p: Exact = _P, q: Exact = _Q) -> HMM:
    """A 2-state nonunifilar generator of the binary Markov chain ``Pr(1|0) = p, Pr(0|1) = q``, by region.

    With ``s = 1 - p - q``::

        p + q > 1:   A -0-> B (1);  B -1-> A (-s), B -0-> B (1 - p), B -1-> B (1 - q)
        p < q:       A -1-> A (s/(1-p)), A -1-> B (q/(1-p));  B -1-> A (p s/(1-p)), B -0-> B (1 - p), B -1-> B (p q/(1-p))
        otherwise:   A -0-> A (s/(1-q)), A -0-> B (p/(1-q));  B -0-> A (q s/(1-q)), B -0-> B (p q/(1-q)), B -1-> B (1 - q)

    (the three topologies of CMPy's ``BMC_gen``, as sofic ports them).  ``p = q = 0`` (two frozen
    states) is not ergodic and refused.

    Examples
    --------
    >>> from compmech import same_process
    >>> from compmech.processes._common import hmm_from_edges
    >>> chain = hmm_from_edges([("0", "0", 0, "3/5"), ("0", "1", 1, "2/5"), ("1", "0", 0, "3/10"), ("1", "1", 1, "7/10")])
    >>> g = bmc_generator()
    >>> g.is_unifilar(), same_process(g, chain)
    (False, True)
    """
    p, q = probability(p, "p"), probability(q, "q")
    _numeric_pair(p, q, "bmc_generator")
    if p.is_zero and q.is_zero:
        raise InvalidArgumentError("bmc_generator: p = q = 0 is two frozen states (not ergodic)")
    s = 1 - p - q
    if s < 0:
        edges = [("A", "B", 0, 1), ("B", "A", 1, -s), ("B", "B", 0, 1 - p), ("B", "B", 1, 1 - q)]
    elif p < q:
        edges = [
            ("A", "A", 1, s / (1 - p)),
            ("A", "B", 1, q / (1 - p)),
            ("B", "A", 1, p * s / (1 - p)),
            ("B", "B", 0, 1 - p),
            ("B", "B", 1, p * q / (1 - p)),
        ]
    else:
        edges = [
            ("A", "A", 0, s / (1 - q)),
            ("A", "B", 0, p / (1 - q)),
            ("B", "A", 0, q * s / (1 - q)),
            ("B", "B", 0, p * q / (1 - q)),
            ("B", "B", 1, 1 - q),
        ]
    return hmm_from_edges(edges, states=("A", "B"), alphabet=(0, 1), name=catalog_label("bmc_generator", p=p, q=q))


_A, _B = sympy.Rational(1, 5), sympy.Rational(4, 5)


@register(family="nonunifilar", reference=_RUEBECK_2018, aliases=(Alias("BMC_param", sofic="processes"),))
def bmc_parametrized(p: Exact = _P, q: Exact = _Q, a: Exact = _A, b: Exact = _B) -> HMM:
    """The 2-state generators of the binary Markov chain ``(p, q)``: state A emits 0 with probability ``a``, B with ``b``.

    CMPy's ``BMC_param`` (sofic's port), the family of 2-state generators that Ruebeck et al. optimize.

    For ``0 <= a <= min(q, 1 - p)`` and ``max(q, 1 - p) <= b <= 1`` (``a < b``), with ``d = b - a``::

        A -0-> A a(b+p-1)/d,  A -1-> A (1-a)(b-q)/d,  A -0-> B a(1-p-a)/d,  A -1-> B (1-a)(q-a)/d
        B -0-> A b(b+p-1)/d,  B -1-> A (1-b)(b-q)/d,  B -0-> B b(1-p-a)/d,  B -1-> B (1-b)(q-a)/d

    every one a presentation of the same chain (checked exactly in the tests, with symbols).  At
    ``a = 0, b = 1`` each state emits one symbol: A is "the next symbol is 1", B "the next is 0".

    Examples
    --------
    >>> g = bmc_parametrized()
    >>> g.word_probability([1, 1]) / g.word_probability([1])  # Pr(1 | 1) = 1 - q
    7/10
    """
    p, q, a, b = (probability(v, n) for v, n in ((p, "p"), (q, "q"), (a, "a"), (b, "b")))
    if p.is_number and q.is_number and p.is_zero and q.is_zero:
        raise InvalidArgumentError("bmc_parametrized: p = q = 0 is two frozen states (not ergodic)")
    if all(v.is_number for v in (p, q, a, b)):
        if a > min(q, 1 - p) or b < max(q, 1 - p):
            raise InvalidArgumentError(
                f"bmc_parametrized: a = {a} must lie in [0, min(q, 1 - p)] = [0, {min(q, 1 - p)}] and "
                f"b = {b} in [max(q, 1 - p), 1] = [{max(q, 1 - p)}, 1]"
            )
        if a == b:
            raise InvalidArgumentError(f"bmc_parametrized: a = b = {a} (then q = 1 - p, an IID coin); take a < b")
    d = b - a
    edges = [
        ("A", "A", 0, a * (b + p - 1) / d),
        ("A", "A", 1, (1 - a) * (b - q) / d),
        ("A", "B", 0, a * (1 - p - a) / d),
        ("A", "B", 1, (1 - a) * (q - a) / d),
        ("B", "A", 0, b * (b + p - 1) / d),
        ("B", "A", 1, (1 - b) * (b - q) / d),
        ("B", "B", 0, b * (1 - p - a) / d),
        ("B", "B", 1, (1 - b) * (q - a) / d),
    ]
    name = catalog_label("bmc_parametrized", p=p, q=q, a=a, b=b)
    return hmm_from_edges(edges, states=("A", "B"), alphabet=(0, 1), name=name)


_LOHR_P = sympy.Rational(1, 5)


@register(family="nonunifilar", aliases=(Alias("BMC_lohr", sofic="processes"), "lohr_ay_generator"))
def lohr_generator(p: Exact = _LOHR_P) -> HMM:
    """Löhr and Ay's 3-state generator of the symmetric binary Markov chain (flip probability ``p <= 1/2``).

    States 0 and 1 emit their own symbol; state 2 emits either::

        0 -0-> 0 (1 - 2p),  0 -0-> 2 (2p);     1 -1-> 1 (1 - 2p),  1 -1-> 2 (2p)
        2 -0-> 0 (1/2 - p), 2 -1-> 1 (1/2 - p), 2 -0-> 2 (p), 2 -1-> 2 (p)

    The process is the chain that repeats its last symbol with probability ``1 - p`` (its
    epsilon-machine has 2 states); Ruebeck et al. show that this generator is not a minimal one.

    References
    ----------
    - W. Löhr and N. Ay, "On the generative nature of prediction", Adv. Complex Syst. 12, 169-194 (2009).
    - J. Ruebeck, R. G. James, J. R. Mahoney and J. P. Crutchfield, "Prediction and generation of binary Markov processes: can a finite-state fox catch a Markov mouse?", Chaos 28, 013109 (2018), arXiv:1708.00113.

    Examples
    --------
    >>> g = lohr_generator()
    >>> g.stationary_distribution(), g.word_probability([0, 1])
    ((3/10, 3/10, 2/5), 1/10)
    """
    p = probability(p, "p")
    if p.is_number and not 0 < p <= sympy.Rational(1, 2):
        raise InvalidArgumentError(f"lohr_generator: p = {p} must lie in (0, 1/2] (p = 0 freezes states 0 and 1)")
    half = sympy.Rational(1, 2)
    edges = [
        ("0", "0", 0, 1 - 2 * p),
        ("0", "2", 0, 2 * p),
        ("1", "1", 1, 1 - 2 * p),
        ("1", "2", 1, 2 * p),
        ("2", "0", 0, half - p),
        ("2", "1", 1, half - p),
        ("2", "2", 0, p),
        ("2", "2", 1, p),
    ]
    return hmm_from_edges(edges, states=("0", "1", "2"), alphabet=(0, 1), name=catalog_label("lohr_generator", p=p))
