"""Processes that look different forward and backward in time: reverse and bidirectional machines.

A process's reverse epsilon-machine generates its time reversal; the bidirectional machine has the
pairs (forward causal state, reverse causal state) as states and generates the process itself.  The
entries named ``*_reversed`` are time-reversed processes, each given by its reverse epsilon-machine
(the tests check each against :func:`compmech.reverse` of the forward process); the entries named
``*_bidirectional`` are presentations of the forward process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import HALF, catalog_label, hmm_from_edges, probability
from ._registry import Alias, register
from .chaos import MISIUREWICZ_SLOPE, slope

if TYPE_CHECKING:
    from ..kernel.exact import Exact
    from ..models.hmm import HMM

__all__ = [
    "irreversible_two_state",
    "irreversible_two_state_reversed",
    "irreversible_two_state_bidirectional",
    "golden_mean_bidirectional",
    "rip_reversed",
    "rip_bidirectional",
    "butterfly_reversed",
    "tent_map_misiurewicz_reversed",
    "tent_map_misiurewicz_bidirectional",
]


# ------------------------------------------------------------------------------ the irreversible two-state
@register(
    family="irreversible",
    aliases=(
        Alias(
            "IrreversibleTwoState",
            params={"p": "p", "q": "q"},
            defaults={"p": "1/2", "q": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
        Alias("ellison_fig9_forward", sofic="epsilon_machines"),
    ),
)
def irreversible_two_state(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The irreversible two-state process: Markov order 1 on three symbols, not reversible.

    A emits 0 and stays (``p``) or emits 1 and goes to B; B emits 1 and stays (``q``) or emits 2 and
    returns to A.  Forward, a 2 always follows a 1: the words 02, 10 and 22 never occur; backward, 20,
    01 and 22 never occur, and the reverse epsilon-machine (:func:`irreversible_two_state_reversed`) needs
    three states.

    See Also
    --------
    irreversible_two_state_reversed, irreversible_two_state_bidirectional

    References
    ----------
    - C. J. Ellison, J. R. Mahoney, R. G. James, J. P. Crutchfield and J. Reichardt, "Information symmetries in irreversible processes", Chaos 21, 037107 (2011), arXiv:1107.2168.

    Examples
    --------
    >>> h = irreversible_two_state()
    >>> h.stationary_distribution()
    (1/2, 1/2)
    >>> h.word_probability([0, 2]), h.word_probability([2, 0])
    (0, 1/8)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A", "A", 0, p), ("A", "B", 1, 1 - p), ("B", "B", 1, q), ("B", "A", 2, 1 - q)]
    return hmm_from_edges(
        edges, states=("A", "B"), alphabet=(0, 1, 2), name=catalog_label("irreversible_two_state", p=p, q=q)
    )


@register(
    family="irreversible",
    aliases=(Alias("ellison_fig9_reverse", sofic="epsilon_machines"),),
)
def irreversible_two_state_reversed(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The time reversal of the irreversible two-state process, by its three-state reverse epsilon-machine.

    X emits 0 and stays (``p``) or emits 2 and goes to Z; Y emits 0 and goes to X (``p (1 - q)``), emits
    1 and stays (``q``) or emits 2 and goes to Z (``(1 - p)(1 - q)``); Z emits 1 and goes to Y.

    See Also
    --------
    irreversible_two_state

    References
    ----------
    - C. J. Ellison, J. R. Mahoney, R. G. James, J. P. Crutchfield and J. Reichardt, "Information symmetries in irreversible processes", Chaos 21, 037107 (2011), arXiv:1107.2168.

    Examples
    --------
    >>> irreversible_two_state_reversed().word_probability([0, 2])
    1/8
    >>> irreversible_two_state_reversed().stationary_distribution()
    (1/4, 1/2, 1/4)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [
        ("X", "X", 0, p),
        ("X", "Z", 2, 1 - p),
        ("Y", "X", 0, p * (1 - q)),
        ("Y", "Y", 1, q),
        ("Y", "Z", 2, (1 - p) * (1 - q)),
        ("Z", "Y", 1, 1),
    ]
    return hmm_from_edges(
        edges,
        states=("X", "Y", "Z"),
        alphabet=(0, 1, 2),
        name=catalog_label("irreversible_two_state_reversed", p=p, q=q),
    )


@register(
    family="irreversible",
    aliases=(Alias("ellison_fig15_bidirectional", sofic="epsilon_machines"),),
)
def irreversible_two_state_bidirectional(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The bidirectional machine of the irreversible two-state process: four joint states, nonunifilar.

    States ``S+:S-`` pair a forward causal state (A, B of :func:`irreversible_two_state`) with a reverse
    one (X, Y, Z of :func:`irreversible_two_state_reversed`): A:X emits 0 and goes to A:X (``p``) or A:Y;
    A:Y and B:Y emit 1 and go to B:Y (``q``) or B:Z; B:Z emits 2 and goes to A:X (``p``) or A:Y.  It
    generates the forward process.

    References
    ----------
    - C. J. Ellison, J. R. Mahoney, R. G. James, J. P. Crutchfield and J. Reichardt, "Information symmetries in irreversible processes", Chaos 21, 037107 (2011), arXiv:1107.2168.

    Examples
    --------
    >>> irreversible_two_state_bidirectional().stationary_distribution()
    (1/4, 1/4, 1/4, 1/4)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [("A:X", "A:X", 0, p), ("A:X", "A:Y", 0, 1 - p)]
    for source in ("A:Y", "B:Y"):
        edges += [(source, "B:Y", 1, q), (source, "B:Z", 1, 1 - q)]
    edges += [("B:Z", "A:X", 2, p), ("B:Z", "A:Y", 2, 1 - p)]
    return hmm_from_edges(
        edges,
        states=("A:X", "A:Y", "B:Y", "B:Z"),
        alphabet=(0, 1, 2),
        name=catalog_label("irreversible_two_state_bidirectional", p=p, q=q),
    )


# ------------------------------------------------------------------------------------------ golden mean
def _forbid_00(kw: dict) -> dict:
    return {"p": 1 - probability(kw["p"], "p")}


@register(
    family="irreversible",
    aliases=(
        Alias(
            "golden_mean_bidirectional",
            params={"p": "p"},
            defaults={"p": "1/2"},
            transform=_forbid_00,
            sofic="epsilon_machines",
        ),
    ),
)
def golden_mean_bidirectional(p: Exact = HALF) -> HMM:
    """The bidirectional machine of the golden mean process: three joint states, nonunifilar.

    The golden mean process of :func:`~compmech.processes.golden_mean` (A emits 1 and goes to B with
    probability ``p``; no two 1s in a row) is reversible, so its reverse causal states C, D copy A, B.
    Joint states: A:C emits 0 and goes to A:C (``1 - p``) or A:D (``p``); B:C does the same; A:D emits 1
    and goes to B:C.  Ellison et al. draw it with 0 and 1 exchanged (no two 0s in a row); sofic's
    ``golden_mean_bidirectional(p)`` is that drawing, this entry at ``1 - p``.

    References
    ----------
    - C. J. Ellison, J. R. Mahoney and J. P. Crutchfield, "Prediction, retrodiction, and the amount of information stored in the present", J. Stat. Phys. 136, 1005 (2009), arXiv:0905.3587.

    Examples
    --------
    >>> golden_mean_bidirectional().stationary_distribution()
    (1/3, 1/3, 1/3)
    >>> from compmech import same_process
    >>> from compmech.processes import golden_mean
    >>> same_process(golden_mean_bidirectional("1/4"), golden_mean("1/4"))
    True
    """
    p = probability(p, "p")
    edges = []
    for source in ("A:C", "B:C"):
        edges += [(source, "A:C", 0, 1 - p), (source, "A:D", 0, p)]
    edges.append(("A:D", "B:C", 1, 1))
    return hmm_from_edges(
        edges, states=("A:C", "A:D", "B:C"), alphabet=(0, 1), name=catalog_label("golden_mean_bidirectional", p=p)
    )


# ------------------------------------------------------------------------------- random insertion process
@register(family="irreversible", aliases=("random_insertion_process_reversed",))
def rip_reversed(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The time-reversed random insertion process, by its four-state reverse epsilon-machine.

    D emits 0 and goes to F (``p q``) or emits 1 and goes to E; E emits 1 and returns to D
    (``(1 - p) / (1 - p q)``) or emits 0 and goes to G; F -0-> G; G -1-> D.  At ``p = 1`` state E
    merges with F, at ``q = 1`` with G (three states: at ``p = q = 1`` the period-3 word 100).

    See Also
    --------
    compmech.processes.rip, rip_bidirectional

    References
    ----------
    - J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).
    - R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit: information in a time series observation", Chaos 21, 037109 (2011), arXiv:1105.2988.

    Examples
    --------
    >>> from compmech.processes import rip
    >>> rip_reversed().word_probability([1, 0, 0]) == rip().word_probability([0, 0, 1])
    True
    >>> rip_reversed().stationary_distribution()
    (2/5, 3/10, 1/10, 1/5)
    """
    p, q = probability(p, "p"), probability(q, "q")
    name = catalog_label("rip_reversed", p=p, q=q)
    if p == 1:  # E and F both emit 0 and go to G: one state
        edges = [("D", "F", 0, q), ("D", "F", 1, 1 - q), ("F", "G", 0, 1), ("G", "D", 1, 1)]
        return hmm_from_edges(edges, states=("D", "F", "G"), alphabet=(0, 1), name=name)
    if q == 1:  # E and G both emit 1 and go to D: one state
        edges = [("D", "F", 0, p), ("D", "G", 1, 1 - p), ("F", "G", 0, 1), ("G", "D", 1, 1)]
        return hmm_from_edges(edges, states=("D", "F", "G"), alphabet=(0, 1), name=name)
    pq = p * q
    edges = [
        ("D", "F", 0, pq),
        ("D", "E", 1, 1 - pq),
        ("E", "D", 1, (1 - p) / (1 - pq)),
        ("E", "G", 0, p * (1 - q) / (1 - pq)),
        ("F", "G", 0, 1),
        ("G", "D", 1, 1),
    ]
    return hmm_from_edges(edges, states=("D", "E", "F", "G"), alphabet=(0, 1), name=name)


@register(family="irreversible", aliases=("random_insertion_process_bidirectional",))
def rip_bidirectional(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The bidirectional machine of the random insertion process: five joint states, nonunifilar.

    States ``S+:S-`` pair a forward causal state (A, B, C of :func:`~compmech.processes.rip`) with a
    reverse one (D, E, F, G of :func:`rip_reversed`): C:D emits 1 and goes to A:G (``p``) or A:E; A:G
    emits 0 and goes to B:F (``q``) or B:E; B:F emits 0, A:E and B:E emit 1, all three going to C:D.  It
    generates the forward process.

    References
    ----------
    - C. J. Ellison, J. R. Mahoney and J. P. Crutchfield, "Prediction, retrodiction, and the amount of information stored in the present", J. Stat. Phys. 136, 1005 (2009), arXiv:0905.3587.
    - J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).

    Examples
    --------
    >>> rip_bidirectional().stationary_distribution()
    (1/5, 1/5, 1/10, 1/10, 2/5)
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges = [
        ("C:D", "A:G", 1, p),
        ("C:D", "A:E", 1, 1 - p),
        ("A:G", "B:F", 0, q),
        ("A:G", "B:E", 0, 1 - q),
        ("B:F", "C:D", 0, 1),
        ("A:E", "C:D", 1, 1),
        ("B:E", "C:D", 1, 1),
    ]
    return hmm_from_edges(
        edges,
        states=("A:E", "A:G", "B:E", "B:F", "C:D"),
        alphabet=(0, 1),
        name=catalog_label("rip_bidirectional", p=p, q=q),
    )


# ------------------------------------------------------------------------------------------- butterfly
@register(family="irreversible", aliases=("butterfly_process_reversed",))
def butterfly_reversed() -> HMM:
    """The time-reversed butterfly process, by its seven-state reverse epsilon-machine.

    Read backward, a wing is entered from A by its last symbol 1 without telling which wing (state CE);
    the wing's loop symbol (6 or 7) or its entry symbol 2 or 3 tells it later.  States: A, CE (after 1),
    C, E (inside a known upper wing), BD (after the 0 that links the two halves of an unknown wing), B, D.

    See Also
    --------
    compmech.processes.butterfly

    References
    ----------
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes: linear combinations of causal states", arXiv:0906.5099 (2009).

    Examples
    --------
    >>> butterfly_reversed().stationary_distribution()
    (1/5, 1/5, 1/10, 1/10, 1/10, 3/20, 3/20)
    """
    q = HALF / 2
    edges = [
        ("A", "CE", 1, 1),
        ("CE", "BD", 0, HALF),
        ("CE", "C", 6, q),
        ("CE", "E", 7, q),
        ("C", "B", 0, HALF),
        ("C", "C", 6, HALF),
        ("E", "D", 0, HALF),
        ("E", "E", 7, HALF),
        ("BD", "A", 2, q),
        ("BD", "A", 3, q),
        ("BD", "B", 4, q),
        ("BD", "D", 5, q),
        ("B", "A", 2, HALF),
        ("B", "B", 4, HALF),
        ("D", "A", 3, HALF),
        ("D", "D", 5, HALF),
    ]
    return hmm_from_edges(
        edges, states=("A", "CE", "C", "E", "BD", "B", "D"), alphabet=tuple(range(8)), name="butterfly_reversed()"
    )


# ------------------------------------------------------------------------------- tent map at Misiurewicz
@register(
    family="irreversible",
    aliases=(
        Alias(
            "tent_map_misiurewicz_reverse",
            params={"a": "a"},
            sofic="epsilon_machines",
            differs="sofic's tent_map_misiurewicz_reverse is the forward-time presentation on the reverse "
            "causal states (the reverse epsilon-machine reversed again): it generates the forward words, "
            "not their time reversal",
        ),
    ),
)
def tent_map_misiurewicz_reversed(a: Exact | None = None) -> HMM:
    """The time-reversed tent map at the Misiurewicz slope, by its three-state reverse epsilon-machine.

    ``a`` is the real root of ``a^3 = 2 a + 2`` (the default, ``a=None``).  B emits 0 or 1 (1/2 each) and goes to C; C emits 0
    and goes to A (``1 / (a + 1)``) or emits 1 and goes to B (``a / (a + 1)``); A emits 1 and goes to B.
    The forward epsilon-machine (:func:`~compmech.processes.tent_map_misiurewicz`) has four states: the
    process is not reversible.  At any other slope ``a > 0`` the same labelled graph is a valid HMM, but
    not the tent map's process.

    References
    ----------
    - R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and remembers: measuring information creation, destruction, and storage", Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504 (supplementary material: Figs. 6-8).

    Examples
    --------
    >>> from compmech.processes import tent_map_misiurewicz
    >>> w = [0, 1, 1, 0, 1]
    >>> tent_map_misiurewicz_reversed().word_probability(w) == tent_map_misiurewicz().word_probability(w[::-1])
    True
    """
    a = MISIUREWICZ_SLOPE if a is None else slope(a)
    edges = [
        ("B", "C", 0, HALF),
        ("B", "C", 1, HALF),
        ("C", "A", 0, 1 / (a + 1)),
        ("C", "B", 1, a / (a + 1)),
        ("A", "B", 1, 1),
    ]
    return hmm_from_edges(
        edges, states=("A", "B", "C"), alphabet=(0, 1), name=catalog_label("tent_map_misiurewicz_reversed", a=a)
    )


@register(
    family="irreversible",
    aliases=(
        Alias("tent_map_misiurewicz_bidirectional", params={"a": "a"}, sofic="epsilon_machines"),
        Alias("tent_map_misiurewicz_bidirectional_fig8", params={"a": "a"}, sofic="epsilon_machines"),
    ),
)
def tent_map_misiurewicz_bidirectional(a: Exact | None = None) -> HMM:
    """The bidirectional machine of the tent map at the Misiurewicz slope: eight joint states.

    States ``FR`` pair a forward causal state ``F`` (A-D of
    :func:`~compmech.processes.tent_map_misiurewicz`) with a reverse one ``R`` (A-C of
    :func:`tent_map_misiurewicz_reversed`); the labels are 1, 1/2, ``1 / (a + 1)`` and
    ``a / (a + 1)``, with ``a`` the Misiurewicz slope (the default, ``a=None``).  It generates the forward
    process.  At any other slope ``a > 0`` the same labelled graph is a valid HMM, but not the tent map's
    process.

    References
    ----------
    - R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and remembers: measuring information creation, destruction, and storage", Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504 (supplementary material: Fig. 8).

    Examples
    --------
    >>> tent_map_misiurewicz_bidirectional().n_states
    8
    """
    a = MISIUREWICZ_SLOPE if a is None else slope(a)
    one, two = 1 / (a + 1), a / (a + 1)
    edges = [
        ("BA", "CC", 0, 1),
        ("CC", "AB", 0, HALF),
        ("CC", "DB", 1, HALF),
        ("AB", "BA", 1, one),
        ("AB", "BC", 1, two),
        ("BC", "AB", 1, HALF),
        ("BC", "CB", 0, HALF),
        ("DA", "CC", 0, 1),
        ("DB", "DA", 1, one),
        ("DB", "DC", 1, two),
        ("DC", "DB", 1, HALF),
        ("DC", "CB", 0, HALF),
        ("CB", "DC", 1, two),
        ("CB", "DA", 1, one),
    ]
    states = ("AB", "BA", "BC", "CB", "CC", "DA", "DB", "DC")
    return hmm_from_edges(
        edges, states=states, alphabet=(0, 1), name=catalog_label("tent_map_misiurewicz_bidirectional", a=a)
    )
