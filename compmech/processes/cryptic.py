"""Small machines built to show crypticity, synchronization and order: Nemo, the butterfly, RIP, ...

Most come from the crypticity and synchronization papers of the Crutchfield group; a few (the flower,
the lollipop, beads on a necklace, ...) from the group's software catalog CMPy, as its port in the
peer library sofic shows them, with no published figure behind them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ._common import HALF, catalog_label, choice, hmm_from_edges, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..kernel.exact import Exact
    from ..models.hmm import HMM

__all__ = [
    "butterfly",
    "nemo",
    "rip",
    "nrps",
    "psb",
    "three_hundred",
    "flower",
    "beads_on_necklace",
    "before_after",
    "four_state_almost_iid",
    "lollipop",
    "wheeler_infinite_order",
]

CMPY = (
    'C. J. Ellison, R. G. James et al., "CMPy: Computational Mechanics in Python", Complexity Sciences '
    "Center, UC Davis, module cmpy.machines.processes, as ported by the peer library sofic 0.2.1 "
    "(sofic.examples.processes); no published figure found"
)
MAX_STATES = 1000  # the parametric machines below refuse more states than this
_FIFTH, _TENTH = sympy.Rational(1, 5), sympy.Rational(1, 10)


# ------------------------------------------------------------------------------------ published machines
@register(
    family="cryptic",
    aliases=(
        Alias("Butterfly", sofic="processes"),
        Alias(
            "butterfly_process",
            sofic="epsilon_machines",
            differs="sofic's butterfly_process lets every state emit all 8 symbols with probability 1/8: "
            "the IID uniform process on 8 symbols, not the butterfly",
        ),
    ),
)
def butterfly() -> HMM:
    """The butterfly process: five states, eight symbols, 2-cryptic, Markov order 2.

    From A, symbol 2 enters the wing B -0-> C -1-> A and symbol 3 the wing D -0-> E -1-> A; each wing
    state may instead repeat its own symbol (4 on B, 6 on C, 5 on D, 7 on E).  Every branching has
    probability 1/2.  The peer library sofic's ``butterfly_process`` is wrong (every state emits every
    symbol with probability 1/8, an IID process); its ``Butterfly`` is this machine.

    References
    ----------
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes", J. Phys. A 42, 362002 (2009), arXiv:0905.4787.
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes: linear combinations of causal states", arXiv:0906.5099 (2009).

    Examples
    --------
    Every state has the same balance of flow in and out, so the stationary law is uniform:

    >>> butterfly().stationary_distribution()
    (1/5, 1/5, 1/5, 1/5, 1/5)
    """
    edges = [("A", "B", 2, HALF), ("A", "D", 3, HALF)]
    for enter, leave, loop_enter, loop_leave in (("B", "C", 4, 6), ("D", "E", 5, 7)):
        edges += [(enter, enter, loop_enter, HALF), (enter, leave, 0, HALF)]
        edges += [(leave, leave, loop_leave, HALF), (leave, "A", 1, HALF)]
    return hmm_from_edges(edges, states=tuple("ABCDE"), alphabet=tuple(range(8)), name="butterfly()")


@register(
    family="cryptic",
    aliases=(
        Alias(
            "Nemo",
            params={"p": "p", "q": "q"},
            defaults={"p": "1/2", "q": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
        Alias("nemo_process", params={"p": "p", "q": "q"}, defaults={"p": "1/2", "q": "1/2"}, sofic="epsilon_machines"),
        Alias(
            "NemoRedundant",
            params={"p": "p", "q": "q"},
            defaults={"p": "1/2", "q": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
)
def nemo(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The Nemo process: three states, infinitely cryptic, infinite Markov order.

    A emits 1 and stays (``p``) or emits 0 and goes to B (``1 - p``); B emits 0 and goes to C; C emits 1
    (``q``) or 0 (``1 - q``) and returns to A.  sofic's ``NemoRedundant`` (six states, two copies in
    series) is another presentation of this process.

    References
    ----------
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes", J. Phys. A 42, 362002 (2009), arXiv:0905.4787.
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes: linear combinations of causal states", arXiv:0906.5099 (2009).

    Examples
    --------
    Balance at A gives ``pi_A (1 - p) = pi_C = pi_B``, so ``pi = (1, 1 - p, 1 - p) / (3 - 2p)``:

    >>> nemo().stationary_distribution()
    (1/2, 1/4, 1/4)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "A", 1, p), ("A", "B", 0, 1 - p), ("B", "C", 0, 1), ("C", "A", 1, q), ("C", "A", 0, 1 - q)]
    return hmm_from_edges(edges, states=("A", "B", "C"), alphabet=(0, 1), name=catalog_label("nemo", p=p, q=q))


def _rip_direction(kw: dict) -> dict:
    reverse = kw.pop("reverse")
    if isinstance(reverse, str):
        reverse = {"true": True, "false": False}.get(reverse.lower(), reverse)
    if not isinstance(reverse, bool):
        raise InvalidArgumentError(f"RIP: reverse = {reverse!r} must be True or False")
    return {**kw, "time": "reversed" if reverse else "forward"}


def _rip_size(p: Exact = HALF, q: Exact = HALF, time: str = "forward") -> tuple[int, int]:
    return (3 if choice(time, "time", ("forward", "reversed")) == "forward" else 4), 2


@register(
    family="cryptic",
    aliases=(
        "random_insertion_process",
        Alias(
            "RIP",
            params={"p": "p", "q": "q", "reverse": "time"},
            defaults={"p": "1/2", "q": "1/2", "reverse": "False"},
            transform=_rip_direction,
            sofic="processes",
        ),
    ),
    size=_rip_size,
)
def rip(p: Exact = HALF, q: Exact = HALF, time: str = "forward") -> HMM:
    """The random insertion process (RIP): infinite Markov order, cryptic order 1, irreversible.

    A emits 0 and goes to B (``p``) or emits 1 and goes to C (``1 - p``); B emits 0 (``q``) or 1 and goes
    to C; C emits 1 and returns to A.  ``time="reversed"`` gives the time-reversed process,
    :func:`~compmech.processes.rip_reversed` (its reverse epsilon-machine has four states).

    See Also
    --------
    rip_reversed, rip_bidirectional

    References
    ----------
    - R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit: information in a time series observation", Chaos 21, 037109 (2011), arXiv:1105.2988.
    - J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).

    Examples
    --------
    ``pi_A = pi_C`` and ``pi_B = p pi_A``:

    >>> rip().stationary_distribution()
    (2/5, 1/5, 2/5)
    >>> rip().word_probability([0, 1]) == rip(time="reversed").word_probability([1, 0])
    True
    """
    if choice(time, "time", ("forward", "reversed")) == "reversed":
        from .irreversible import rip_reversed

        return rip_reversed(p, q)
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "B", 0, p), ("A", "C", 1, 1 - p), ("B", "C", 0, q), ("B", "C", 1, 1 - q), ("C", "A", 1, 1)]
    return hmm_from_edges(edges, states=("A", "B", "C"), alphabet=(0, 1), name=catalog_label("rip", p=p, q=q))


@register(
    family="cryptic",
    aliases=(
        Alias("NRPS", sofic="processes"),
        Alias("noisy_random_phase_slip", sofic="epsilon_machines"),
    ),
)
def nrps() -> HMM:
    """The noisy random phase-slip process: Markov order 5, cryptic order 3.

    A emits 0 and stays or emits 1 and goes to B (1/2 each: the random phase slip); then B -0-> C -1->
    D; D emits 0 or 1 (1/2 each: the noise) and goes to E; E -0-> A.

    References
    ----------
    - R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit: information in a time series observation", Chaos 21, 037109 (2011), arXiv:1105.2988.

    Examples
    --------
    Each pass through the cycle B..E starts at A, which is left with probability 1/2:

    >>> nrps().stationary_distribution()
    (1/3, 1/6, 1/6, 1/6, 1/6)
    """
    edges = [
        ("A", "A", 0, HALF),
        ("A", "B", 1, HALF),
        ("B", "C", 0, 1),
        ("C", "D", 1, 1),
        ("D", "E", 0, HALF),
        ("D", "E", 1, HALF),
        ("E", "A", 0, 1),
    ]
    return hmm_from_edges(edges, states=tuple("ABCDE"), alphabet=(0, 1), name="nrps()")


@register(
    family="cryptic",
    aliases=(
        "phase_slip_backtrack_process",
        Alias("PSB", sofic="processes"),
        Alias(
            "phase_slip_backtrack",
            params={"p": "p", "q": "q"},
            defaults={"p": "1/2", "q": "1/2"},
            sofic="epsilon_machines",
            differs="sofic's epsilon_machines.phase_slip_backtrack is another machine (infinite Markov "
            "order, cryptic order 3), contradicting its own docstring (R = 3, k = 2); its "
            "processes.PSB is this one",
        ),
    ),
)
def psb(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The phase-slip backtrack process: Markov order 3, cryptic order 2.

    A emits 1 and goes to B (``p``) or emits 0 and goes to D; B emits 1 and stays (``q``) or emits 0 and
    goes to C; C emits 0 and goes to D; D emits 1 and returns to A.  The published machine has
    ``p = q = 1/2``; the orders are topological, the same for every ``0 < p, q < 1``.  The peer library
    sofic's ``epsilon_machines.phase_slip_backtrack`` builds a different machine.

    References
    ----------
    - R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Many roads to synchrony: natural time scales and their algorithms", Phys. Rev. E 89, 042135 (2014), arXiv:1010.5545.

    Examples
    --------
    ``pi_B = p pi_A / (1 - q)``, ``pi_C = p pi_A`` and ``pi_D = pi_A``:

    >>> psb().stationary_distribution()
    (2/7, 2/7, 1/7, 2/7)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [
        ("A", "B", 1, p),
        ("A", "D", 0, 1 - p),
        ("B", "B", 1, q),
        ("B", "C", 0, 1 - q),
        ("C", "D", 0, 1),
        ("D", "A", 1, 1),
    ]
    return hmm_from_edges(edges, states=tuple("ABCD"), alphabet=(0, 1), name=catalog_label("psb", p=p, q=q))


# --------------------------------------------------------------------------- CMPy's catalog (via sofic)
def _three_biases(kw: dict) -> dict:
    biases = kw.pop("biases")
    if isinstance(biases, str):
        biases = biases.split(",")
    if len(biases) != 3:
        raise InvalidArgumentError(f"ThreeHundred: biases must be three probabilities, got {len(biases)}")
    return dict(zip(("p", "q", "r"), biases))


@register(
    family="cryptic",
    reference=CMPY,
    aliases=(
        Alias(
            "ThreeHundred",
            params={"biases": "p"},
            defaults={"biases": "1/2,1/2,1/2"},
            transform=_three_biases,
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
)
def three_hundred(p: Exact = HALF, q: Exact = HALF, r: Exact = HALF) -> HMM:
    """The "three hundred" process: six states, infinite Markov order, cryptic order 2.

    A emits 0 and goes to B (``p``) or emits 1 and goes to C; B -0-> D; C -0-> E -0-> A; D emits 0
    (``q``) or 1 and goes to F; F emits 0 (``r``) or 1 and returns to A.  (sofic's ``biases`` is
    ``(p, q, r)``.)

    Examples
    --------
    ``pi`` is proportional to ``(1, p, 1 - p, p, 1 - p, p)``:

    >>> three_hundred().stationary_distribution()
    (2/7, 1/7, 1/7, 1/7, 1/7, 1/7)
    """
    p, q, r = probability(p, "p"), probability(q, "q"), probability(r, "r")
    edges = [
        ("A", "B", 0, p),
        ("A", "C", 1, 1 - p),
        ("B", "D", 0, 1),
        ("C", "E", 0, 1),
        ("D", "F", 0, q),
        ("D", "F", 1, 1 - q),
        ("E", "A", 0, 1),
        ("F", "A", 0, r),
        ("F", "A", 1, 1 - r),
    ]
    return hmm_from_edges(
        edges, states=tuple("ABCDEF"), alphabet=(0, 1), name=catalog_label("three_hundred", p=p, q=q, r=r)
    )


def _distribution(values, n: int, name: str) -> list:
    """``n`` exact probabilities summing to 1 (``None``: uniform)."""
    if values is None:
        return [sympy.Rational(1, n)] * n
    if isinstance(values, str) or len(values) != n:
        raise InvalidArgumentError(f"parameter {name} must be a sequence of {n} probabilities")
    out = [probability(v, f"{name}[{i}]") for i, v in enumerate(values)]
    total = sympy.simplify(sum(out))
    if total.is_number and total != 1:
        raise InvalidArgumentError(f"parameter {name} must sum to 1, got {total}")
    return out


def _flower_size(N=4, M=3, forward=None, reverse=None) -> tuple[int, int]:
    N, M = integer(N, "N", 2, MAX_STATES), integer(M, "M", 2, MAX_STATES)
    return N, (N - 1) + (M - 1)


@register(
    family="cryptic",
    reference=CMPY,
    aliases=(
        Alias(
            "Flower",
            params={"N": "N", "M": "M", "forward_dist": "forward", "reverse_dists": "reverse"},
            defaults={"N": "4", "M": "3"},
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
    size=_flower_size,
)
def flower(N: Exact = 4, M: Exact = 3, forward: Sequence | None = None, reverse: Sequence | None = None) -> HMM:
    """The flower process: a center state and N - 1 petals; Markov and cryptic order 1.

    The center ``0`` emits the petal's own symbol ``i`` (probability ``forward[i - 1]``) and goes to
    petal ``i``, for ``i = 1, ..., N - 1``; petal ``i`` returns to the center emitting one of the
    ``M - 1`` symbols ``N, ..., N + M - 2`` (probabilities ``reverse[i - 1]``).  ``None`` means uniform.
    (sofic's default ``reverse_dists`` is drawn at random on every call; here it is uniform.)

    Examples
    --------
    Half the time is spent at the center:

    >>> flower().stationary_distribution()
    (1/2, 1/6, 1/6, 1/6)
    """
    N, M = integer(N, "N", 2, MAX_STATES), integer(M, "M", 2, MAX_STATES)
    fwd = _distribution(forward, N - 1, "forward")
    if reverse is not None and (isinstance(reverse, str) or len(reverse) != N - 1):
        raise InvalidArgumentError(f"parameter reverse must hold N - 1 = {N - 1} distributions")
    back = [_distribution(None if reverse is None else reverse[i], M - 1, f"reverse[{i}]") for i in range(N - 1)]
    edges = []
    for i in range(1, N):
        edges.append((0, i, i, fwd[i - 1]))
        edges += [(i, 0, N + j, back[i - 1][j]) for j in range(M - 1)]
    return hmm_from_edges(
        edges, states=list(range(N)), alphabet=list(range(1, N + M - 1)), name=f"flower(N={N}, M={M})"
    )


def _beads_rows(necklace: str, beads: str) -> list[str]:
    if not isinstance(necklace, str) or not necklace:
        raise InvalidArgumentError("parameter necklace must be a non-empty word (one symbol per character)")
    if not isinstance(beads, str):
        raise InvalidArgumentError("parameter beads must be a word, or one word per necklace symbol separated by ','")
    rows = beads.split(",") if "," in beads else [beads] * len(necklace)
    if len(rows) != len(necklace):
        raise InvalidArgumentError(
            f"parameter beads has {len(rows)} words for the {len(necklace)} necklace symbols {necklace!r}"
        )
    return rows


def _beads_size(necklace: str = "013", beads: str = "ab", p: Exact = HALF) -> tuple[int, int]:
    rows = _beads_rows(necklace, beads)
    n = sum(1 + max(len(b) - 1, 0) for b in rows)
    if n > MAX_STATES:
        raise InvalidArgumentError(f"beads_on_necklace: {n:,} states, more than {MAX_STATES:,}")
    return n, len(set(necklace) | set("".join(rows)))


def _beads_words(kw: dict) -> dict:
    out = {"p": kw["probs"]}
    for key in ("necklace", "beads"):
        value = kw[key]
        if not isinstance(value, str):  # sofic's sequences of symbols (or of bead sequences)
            parts = ["".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v) for v in value]
            value = ",".join(parts) if any(isinstance(v, (list, tuple)) for v in value) else "".join(parts)
        out[key] = value
    return out


@register(
    family="cryptic",
    reference=CMPY,
    aliases=(
        Alias(
            "BeadsOnNecklace",
            params={"probs": "p", "necklace": "necklace", "beads": "beads"},
            defaults={"probs": "1/2", "necklace": "013", "beads": "ab"},
            transform=_beads_words,
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
    size=_beads_size,
)
def beads_on_necklace(necklace: str = "013", beads: str = "ab", p: Exact = HALF) -> HMM:
    """Beads on a necklace: a cycle of necklace symbols with a loop of bead symbols at each stop.

    At the ``j``-th stop the process emits ``necklace[j]`` and moves on (probability ``p``) or runs
    once through the bead word (probability ``1 - p``) and comes back to the same stop.  ``beads`` is one
    word for every stop, or one word per stop separated by ``,`` (an empty word: no bead there).  Every
    character is a symbol.

    Examples
    --------
    The default has stops 0, 2, 4 and bead states 1, 3, 5; a stop is visited twice as often as its bead:

    >>> beads_on_necklace().stationary_distribution()
    (2/9, 1/9, 2/9, 1/9, 2/9, 1/9)
    """
    rows = _beads_rows(necklace, beads)
    n_states, _ = _beads_size(necklace, beads)
    p = probability(p, "p")
    edges, stops, state = [], [], 0
    for bead in rows:
        stops.append(state)
        state += 1 + max(len(bead) - 1, 0)
    for j, bead in enumerate(rows):
        stop, nxt = stops[j], stops[(j + 1) % len(rows)]
        edges.append((stop, nxt, necklace[j], p if bead else 1))
        if len(bead) == 1:
            edges.append((stop, stop, bead, 1 - p))
        elif bead:
            path = [stop, *range(stop + 1, stop + len(bead)), stop]
            edges += [(path[i], path[i + 1], bead[i], 1 - p if i == 0 else 1) for i in range(len(bead))]
    alphabet = sorted(set(necklace) | set("".join(rows)))
    return hmm_from_edges(
        edges,
        states=list(range(n_states)),
        alphabet=alphabet,
        name=catalog_label("beads_on_necklace", necklace=necklace, beads=beads, p=p),
    )


def _before_after_style(kw: dict) -> dict:
    style = choice(kw["style"], "style", ("simple", "cayley"))
    return {"p": HALF if style == "simple" else sympy.Rational(3, 5)}


@register(
    family="cryptic",
    reference=CMPY,
    aliases=(
        Alias(
            "BeforeAfter",
            params={"style": "p"},
            defaults={"style": "simple"},
            transform=_before_after_style,
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
)
def before_after(p: Exact = HALF) -> HMM:
    """Before/after: 1s and 2s alternate, separated by runs of 0s (three symbols, two states).

    A emits 0 and stays (``p``) or emits 1 and goes to B; B emits 0 and stays (``p``) or emits 2 and
    returns to A.  sofic's ``style="cayley"`` machine (five states, one transient, two closed classes
    that generate the same process) is this process at ``p = 3/5``.

    Examples
    --------
    >>> before_after().stationary_distribution()
    (1/2, 1/2)
    >>> before_after().word_probability([1, 1])
    0
    """
    p = probability(p, "p")
    edges = [("A", "A", 0, p), ("A", "B", 1, 1 - p), ("B", "B", 0, p), ("B", "A", 2, 1 - p)]
    return hmm_from_edges(edges, states=("A", "B"), alphabet=(0, 1, 2), name=catalog_label("before_after", p=p))


@register(
    family="cryptic",
    reference=CMPY,
    aliases=(Alias("FourStateAlmostIID", params={"delta": "delta"}, defaults={"delta": "1/5"}, sofic="processes"),),
)
def four_state_almost_iid(delta: Exact = _FIFTH) -> HMM:
    """A four-state binary machine close to a fair coin for small delta; infinite Markov and cryptic order.

    A emits 0 and stays (``1/2 - 2 delta``) or 1 and goes to B; B emits 0 (``1/2 - delta``) or 1 and goes
    to C; C emits 0 and goes to A (``1/2 + delta``) or 1 and goes to D; D emits 0 and goes to A
    (``1/2 + 2 delta``) or 1 and stays.  ``0 <= delta <= 1/4`` (sofic clips ``delta`` to ``[0, 0.24]``).

    Examples
    --------
    >>> four_state_almost_iid().stationary_distribution()
    (10/31, 9/31, 9/31, 3/31)
    >>> four_state_almost_iid(0).word_probability([0, 1, 1, 0])
    1/16
    """
    delta = probability(delta, "delta")
    if delta.is_number and (delta - sympy.Rational(1, 4)).is_positive:
        raise InvalidArgumentError(f"parameter delta = {delta} must lie in [0, 1/4]")
    a, b, c, d = HALF - 2 * delta, HALF - delta, HALF + delta, HALF + 2 * delta
    edges = [
        ("A", "A", 0, a),
        ("A", "B", 1, 1 - a),
        ("B", "C", 0, b),
        ("B", "C", 1, 1 - b),
        ("C", "A", 0, c),
        ("C", "D", 1, 1 - c),
        ("D", "A", 0, d),
        ("D", "D", 1, 1 - d),
    ]
    return hmm_from_edges(
        edges, states=tuple("ABCD"), alphabet=(0, 1), name=catalog_label("four_state_almost_iid", delta=delta)
    )


def _lollipop_size(N=3, M=3, p=HALF, q=HALF, r=_TENTH) -> tuple[int, int]:
    N, M = integer(N, "N", 2, MAX_STATES // 2), integer(M, "M", 2, MAX_STATES // 4)
    return N + 2 * (M - 1) + 1, 3


@register(
    family="cryptic",
    reference=CMPY,
    aliases=(
        Alias(
            "Lollipop",
            params={"N": "N", "M": "M", "p": "p", "q": "q", "r": "r"},
            defaults={"N": "3", "M": "3", "p": "1/2", "q": "1/2", "r": "1/10"},
            sofic="processes",
            ignore=("machine_type",),
        ),
    ),
    size=_lollipop_size,
)
def lollipop(N: Exact = 3, M: Exact = 3, p: Exact = HALF, q: Exact = HALF, r: Exact = _TENTH) -> HMM:
    """The lollipop: a head cycle of N states on 0 and two sticks of M - 1 states on 1.

    Head state ``h0`` leaves the cycle into stick ``a`` (``p``), head state ``h1`` into stick ``b``
    (``q``); otherwise the head cycle ``h0 -> h1 -> ... -> h(N-1) -> h0`` emits 0.  Each stick emits 1
    along its ``M - 1`` states to the tail ``t``, except the last step of stick ``b``, which emits 0 with
    probability ``r``; the tail emits 2 and returns to ``h0``.  ``N + 2 (M - 1) + 1`` states; infinite
    Markov and cryptic order at the defaults.  (sofic's ``N = 2`` leaves row ``h1`` unnormalized; here
    ``h1 -> h0`` has probability ``1 - q``.)

    Examples
    --------
    >>> lollipop().stationary_distribution()
    (1/4, 1/8, 1/16, 1/8, 1/8, 1/16, 1/16, 3/16)
    """
    N, M = integer(N, "N", 2, MAX_STATES // 2), integer(M, "M", 2, MAX_STATES // 4)
    p, q, r = probability(p, "p"), probability(q, "q"), probability(r, "r")
    head = [f"h{i}" for i in range(N)]
    stick_a = [f"a{i}" for i in range(1, M)]
    stick_b = [f"b{i}" for i in range(1, M)]
    leave = {0: 1 - p, 1: 1 - q}
    edges = [(head[i], head[(i + 1) % N], 0, leave.get(i, 1)) for i in range(N)]
    for start, stick, branch in ((head[0], stick_a, p), (head[1], stick_b, q)):
        path = [start, *stick]
        edges += [(path[i], path[i + 1], 1, branch if i == 0 else 1) for i in range(len(stick))]
    edges += [(stick_a[-1], "t", 1, 1), (stick_b[-1], "t", 1, 1 - r), (stick_b[-1], "t", 0, r)]
    edges.append(("t", head[0], 2, 1))
    return hmm_from_edges(
        edges,
        states=[*head, *stick_a, *stick_b, "t"],
        alphabet=(0, 1, 2),
        name=catalog_label("lollipop", N=N, M=M, p=p, q=q, r=r),
    )


@register(
    family="cryptic",
    reference=(
        'sofic 0.2.1, the peer library of computational mechanics (PyPI "sofic"), '
        "sofic.examples.epsilon_machines.wheeler_infinite_order_process, found by its enumeration of "
        "binary topological epsilon-machines (its docstring: no prior source); Wheeler graphs: T. Gagie, "
        'G. Manzini and J. Siren, "Wheeler graphs: a framework for BWT-based data structures", '
        "Theor. Comput. Sci. 698, 67 (2017)"
    ),
    aliases=(
        Alias(
            "wheeler_infinite_order_process",
            params={"p": "p", "q": "q", "r": "r"},
            defaults={"p": "1/2", "q": "1/2", "r": "1/2"},
            sofic="epsilon_machines",
        ),
    ),
)
def wheeler_infinite_order(p: Exact = HALF, q: Exact = HALF, r: Exact = HALF) -> HMM:
    """A five-state binary epsilon-machine whose graph is Wheeler yet whose Markov order is infinite.

    A emits 0 and stays (``p``) or 1 and goes to B; B -1-> C; C emits 0 and goes to A (``q``) or 1 and
    goes to D; D -0-> E; E emits 0 and goes to A (``r``) or 1 and goes to C.  The state order
    ``A < E < B < C < D`` is a Wheeler order (edges sorted by label, then by source, have sorted
    targets), yet no finite window of symbols always fixes the state.

    Examples
    --------
    >>> wheeler_infinite_order().stationary_distribution()
    (6/17, 3/17, 4/17, 2/17, 2/17)
    """
    p, q, r = probability(p, "p"), probability(q, "q"), probability(r, "r")
    edges = [
        ("A", "A", 0, p),
        ("A", "B", 1, 1 - p),
        ("B", "C", 1, 1),
        ("C", "A", 0, q),
        ("C", "D", 1, 1 - q),
        ("D", "E", 0, 1),
        ("E", "A", 0, r),
        ("E", "C", 1, 1 - r),
    ]
    return hmm_from_edges(
        edges, states=tuple("ABCDE"), alphabet=(0, 1), name=catalog_label("wheeler_infinite_order", p=p, q=q, r=r)
    )
