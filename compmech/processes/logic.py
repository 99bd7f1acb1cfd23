"""Logic processes: random bits and boolean functions of them (RRXOR and its relatives).

Each process repeats a block: some random bits, then bits computed from them (an XOR, an OR, a copy,
a NOT), possibly noisily.  The computed bits make the process structured; their position in the block
is hidden until the observer synchronizes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError, excerpt
from ..models.hmm import HMM
from ._common import HALF, catalog_label, hmm_from_edges, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["rrxor", "rrxro", "rn1c", "rn1n", "logic_machine"]

_CMPY = (
    "CMPy (Computational Mechanics in Python, Complexity Sciences Center, UC Davis), "
    "cmpy.machines.processes.{name}; ported by sofic 0.2.1 as sofic.examples.processes.{name}"
)


@register(
    family="logic",
    aliases=("random_random_xor", Alias("RRX", sofic="processes", ignore=("machine_type",))),
)
def rrxor(p1: Exact = HALF, p2: Exact = HALF) -> HMM:
    """Random-random-XOR: two random bits, then their XOR.

    States ``S, 0, 1, T, F``; stationary ``(1/3, 1/6, 1/6, 1/6, 1/6)`` at the
    default parameters.  ``p1`` and ``p2`` are the probabilities that the first
    and the second random bit are 0.

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
    p1, p2 = probability(p1, "p1"), probability(p2, "p2")
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


@register(
    family="logic",
    reference=_CMPY.format(name="RRXRO"),
    aliases=(Alias("RRXRO", sofic="processes", ignore=("machine_type",)), "random_random_xor_random_or"),
)
def rrxro(p1: Exact = HALF, p2: Exact = HALF, p3: Exact = HALF) -> HMM:
    """Random-random-XOR-random-OR: bits ``x, y``, then ``x XOR y``, then (if it was 0) a bit ``z``, then ``(x XOR y) OR z``.

    Blocks ``x y 1 1`` (when ``x != y``) and ``x y 0 z z`` (when ``x = y``); ``p1, p2, p3`` are the
    probabilities that ``x, y, z`` are 0.  Built on its 8 causal states (unifilar and minimal)::

        S -0-> X0 (p1), S -1-> X1;   X0 -0-> F (p2), X0 -1-> T;   X1 -0-> T (p2), X1 -1-> F
        T -1-> O1;   F -0-> Z;   Z -0-> O0 (p3), Z -1-> O1;   O0 -0-> S;   O1 -1-> S

    sofic's ``RRXRO`` (CMPy's, returned as an epsilon-machine) has 11 states: it keeps the pair
    ``x, y`` (four states) where only their XOR matters, and ``x y = 00`` apart from ``11`` while
    waiting for ``z``; the process is the same.  At the
    defaults the blocks have 4 or 5 symbols (mean 9/2) and carry 5/2 random bits, so
    ``h_mu = 5/9`` bit per symbol.

    Examples
    --------
    >>> from compmech import epsilon_machine
    >>> h = rrxro()
    >>> h.stationary_distribution()
    (2/9, 1/9, 1/9, 1/9, 1/9, 1/9, 1/18, 1/6)
    >>> epsilon_machine(h).n_states
    8
    """
    p1, p2, p3 = probability(p1, "p1"), probability(p2, "p2"), probability(p3, "p3")
    edges = [
        ("S", "X0", 0, p1),
        ("S", "X1", 1, 1 - p1),
        ("X0", "F", 0, p2),
        ("X0", "T", 1, 1 - p2),
        ("X1", "T", 0, p2),
        ("X1", "F", 1, 1 - p2),
        ("T", "O1", 1, 1),
        ("F", "Z", 0, 1),
        ("Z", "O0", 0, p3),
        ("Z", "O1", 1, 1 - p3),
        ("O0", "S", 0, 1),
        ("O1", "S", 1, 1),
    ]
    states = ("S", "X0", "X1", "T", "F", "Z", "O0", "O1")
    return hmm_from_edges(edges, states=states, alphabet=(0, 1), name=catalog_label("rrxro", p1=p1, p2=p2, p3=p3))


@register(
    family="logic",
    reference=_CMPY.format(name="Rn1C"),
    aliases=(Alias("Rn1C", sofic="processes"), "random_noisy_1_copy"),
)
def rn1c(bias: Exact = HALF, noise: Exact = HALF) -> HMM:
    """Random, noisy-1 copy: a random bit, then a copy of it, exact for a 0 and noisy for a 1.

    A emits 0 (probability ``bias``) and goes to B, which emits the copy 0; or A emits 1 and goes to
    C, which emits 0 with probability ``noise`` and 1 otherwise.  Unifilar, 3 causal states; a 1 in
    the copy position synchronizes, so the Markov order is infinite (a run of 0s never decides the
    phase) while the cryptic order is 1.

    Examples
    --------
    >>> h = rn1c()
    >>> h.stationary_distribution(), h.word_probability([1, 1])
    ((1/2, 1/4, 1/4), 3/16)
    """
    return _random_noisy_one("rn1c", bias, noise, image=(0, 1))


_RN1N_NOISE = sympy.Rational(1, 10)


@register(
    family="logic",
    reference=_CMPY.format(name="Rn1N"),
    aliases=(Alias("Rn1N", sofic="processes", ignore=("machine_type",)), "random_noisy_1_not"),
)
def rn1n(bias: Exact = HALF, noise: Exact = _RN1N_NOISE) -> HMM:
    """Random, noisy-1 NOT: a random bit, then its negation, exact for a 0 and noisy for a 1.

    A emits 0 (probability ``bias``) and goes to B, which emits 1 (NOT 0); or A emits 1 and goes to C,
    which emits the NOT 0 with probability ``1 - noise`` and a wrong 1 with probability ``noise``.

    Examples
    --------
    >>> h = rn1n()
    >>> h.stationary_distribution(), h.word_probability([0, 0])
    ((1/2, 1/4, 1/4), 9/80)
    """
    return _random_noisy_one("rn1n", bias, noise, image=(1, 0))


def _random_noisy_one(name: str, bias, noise, image: tuple[int, int]) -> HMM:
    """A random bit (0 with probability ``bias``), then ``image[bit]``: exact after a 0, flipped with ``noise`` after a 1."""
    bias, noise = probability(bias, "bias"), probability(noise, "noise")
    after0, after1 = image
    edges = [
        ("A", "B", 0, bias),
        ("A", "C", 1, 1 - bias),
        ("B", "A", after0, 1),
        ("C", "A", after1, 1 - noise),
        ("C", "A", 1 - after1, noise),
    ]
    label = catalog_label(name, bias=bias, noise=noise)
    return hmm_from_edges(edges, states=("A", "B", "C"), alphabet=(0, 1), name=label)


_LOGICS = {"RRX": 5, "RRXOR": 5, "RRXRO": 8, "Rn1C": 3, "Rn1N": 3}


def _logic_name(logic) -> str:
    if not isinstance(logic, str) or logic not in _LOGICS:
        raise InvalidArgumentError(f"logic_machine: logic must be one of {', '.join(_LOGICS)}; got {excerpt(logic)}")
    return logic


def _logic_size(logic="RRX", bias=HALF, noise=HALF) -> tuple[int, int]:
    return _LOGICS[_logic_name(logic)], 2


@register(
    family="logic",
    reference=_CMPY.format(name="LogicMachine"),
    aliases=(Alias("LogicMachine", sofic="processes", ignore=("minimize",)),),
    size=_logic_size,
)
def logic_machine(logic: str = "RRX", bias: Exact = HALF, noise: Exact = HALF) -> HMM:
    """A logic process by name: ``"RRX"`` (or ``"RRXOR"``), ``"RRXRO"``, ``"Rn1C"`` or ``"Rn1N"``.

    ``bias`` is the probability that each random bit is 0 (every random bit of ``RRX`` and ``RRXRO``);
    ``noise`` is the copy's or the NOT's noise (``Rn1C``, ``Rn1N``; unused by the others).  sofic's
    ``LogicMachine`` knows ``RRX`` (CMPy's non-minimal 7-state RRXOR, the same process) and ``Rn1C``.

    Examples
    --------
    >>> logic_machine("Rn1C", bias="3/5", noise="1/4") == rn1c("3/5", "1/4")
    True
    >>> logic_machine().n_states
    5
    """
    logic = _logic_name(logic)
    if logic in ("RRX", "RRXOR"):
        return rrxor(bias, bias)
    if logic == "RRXRO":
        return rrxro(bias, bias, bias)
    return (rn1c if logic == "Rn1C" else rn1n)(bias, noise)
