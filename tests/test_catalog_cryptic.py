"""The cryptic family: hand-derived stationary laws and rates, the orders the papers state, parameter errors.

sofic's words for every name are compared in ``tests/test_catalog.py``; here each process is checked
against facts derived by hand (balance equations of the state graph) and against the Markov and cryptic
orders of the literature.
"""

from __future__ import annotations

import itertools
import math

import pytest
import sympy

from compmech import entropy_rate, epsilon_machine, reverse, same_process, statistical_complexity
from compmech.errors import InvalidArgumentError, ProbabilityRangeError
from compmech.measures import cryptic_order, exactly_equal, markov_order
from compmech.processes import (
    beads_on_necklace,
    before_after,
    butterfly,
    flower,
    four_state_almost_iid,
    get,
    lollipop,
    nemo,
    nrps,
    psb,
    rip,
    rip_reversed,
    three_hundred,
    wheeler_infinite_order,
)

R = sympy.Rational
INF = math.inf


def H2(*ps):
    """Shannon entropy in bits of exact probabilities."""
    return sum(-p * sympy.log(p, 2) for p in ps if p != 0)


# ------------------------------------------------------------------------------------ published machines
def test_butterfly_is_two_cryptic_with_uniform_states():
    h = butterfly()
    assert h.stationary_distribution() == (R(1, 5),) * 5
    assert epsilon_machine(h).n_states == 5  # minimal: all five states are causal states
    assert (markov_order(h), cryptic_order(h)) == (2, 2)  # "2-cryptic" (Mahoney et al. 2009)
    assert exactly_equal(entropy_rate(h), 1)  # every state branches 1/2
    assert exactly_equal(statistical_complexity(h), sympy.log(5, 2))


def test_sofics_butterfly_process_name_gives_the_butterfly():
    # sofic's butterfly_process is IID on 8 symbols (its alias says `differs`); the name gives the real one
    assert get("butterfly_process") == butterfly() == get("Butterfly")
    assert butterfly().word_probability([2, 2]) == 0  # A -2-> B, and B never emits 2: not IID


@pytest.mark.parametrize("p, q", [(R(1, 2), R(1, 2)), (R(1, 4), R(3, 5))])
def test_nemo_stationary_law_and_rate(p, q):
    h = nemo(p, q)
    pi_a = 1 / (3 - 2 * p)
    assert h.stationary_distribution() == (pi_a, (1 - p) * pi_a, (1 - p) * pi_a)
    assert exactly_equal(entropy_rate(h), pi_a * (H2(p, 1 - p) + (1 - p) * H2(q, 1 - q)))


def test_nemo_is_infinitely_cryptic_and_reversible():
    h = nemo()
    assert (markov_order(h), cryptic_order(h)) == (INF, INF)  # the paper's infinitely cryptic example
    assert same_process(reverse(h), h)  # its reverse epsilon-machine is the same labelled graph
    assert get("NemoRedundant", p="1/4", q="3/5") == nemo(R(1, 4), R(3, 5))


@pytest.mark.parametrize("p, q", [(R(1, 2), R(1, 2)), (R(1, 4), R(3, 5))])
def test_rip_stationary_law_rate_and_orders(p, q):
    h = rip(p, q)
    assert h.stationary_distribution() == (1 / (2 + p), p / (2 + p), 1 / (2 + p))
    assert exactly_equal(entropy_rate(h), (H2(p, 1 - p) + p * H2(q, 1 - q)) / (2 + p))
    assert (markov_order(h), cryptic_order(h)) == (INF, 1)


def test_rip_time_parameter_is_the_reversed_entry():
    assert rip(R(1, 3), R(1, 4), time="reversed") == rip_reversed(R(1, 3), R(1, 4))
    assert get("RIP", reverse=True) == rip_reversed()
    assert get("RIP", reverse="False") == rip()
    with pytest.raises(InvalidArgumentError, match="time"):
        rip(time="backward")
    with pytest.raises(InvalidArgumentError, match="reverse"):
        get("RIP", reverse="maybe")


def test_nrps_orders_and_rate():
    h = nrps()
    assert h.stationary_distribution() == (R(1, 3), R(1, 6), R(1, 6), R(1, 6), R(1, 6))
    assert (markov_order(h), cryptic_order(h)) == (5, 3)
    assert exactly_equal(entropy_rate(h), R(1, 2))  # A and D branch 1/2: pi_A + pi_D


@pytest.mark.parametrize("p, q", [(R(1, 2), R(1, 2)), (R(1, 3), R(3, 4))])
def test_psb_has_the_published_orders_at_every_parameter(p, q):
    h = psb(p, q)
    w = 1 / (2 + p + p / (1 - q))
    assert h.stationary_distribution() == (w, w * p / (1 - q), w * p, w)
    assert (markov_order(h), cryptic_order(h)) == (3, 2)  # R = 3, k = 2 (James et al. 2014)


def test_sofics_phase_slip_backtrack_is_another_process():
    # sofic's epsilon_machines.phase_slip_backtrack: A -1-> B (p), A -0-> C, B -1-> C (q), B -0-> D, C -0-> A, D -1-> B
    their = _edges_hmm(
        [("A", "B", 1, R(1, 2)), ("A", "C", 0, R(1, 2)), ("B", "C", 1, R(1, 2)), ("B", "D", 0, R(1, 2))]
        + [("C", "A", 0, 1), ("D", "B", 1, 1)]
    )
    assert markov_order(their) == INF and cryptic_order(their) == 3  # not the paper's R = 3, k = 2
    assert not any(same_process(x, psb()) for x in _symbol_swaps(their))


# --------------------------------------------------------------------------------------- CMPy's machines
@pytest.mark.parametrize("p, q, r", [(R(1, 2), R(1, 2), R(1, 2)), (R(1, 4), R(3, 5), R(3, 10))])
def test_three_hundred(p, q, r):
    h = three_hundred(p, q, r)
    w = 1 / (3 + p)
    assert h.stationary_distribution() == tuple(w * x for x in (1, p, 1 - p, p, 1 - p, p))
    assert exactly_equal(entropy_rate(h), w * (H2(p, 1 - p) + p * H2(q, 1 - q) + p * H2(r, 1 - r)))
    assert (markov_order(h), cryptic_order(h)) == (INF, 2)
    assert get("ThreeHundred", biases=[p, q, r]) == h


def test_flower():
    h = flower(3, 4, [R(1, 4), R(3, 4)], [[R(1, 5), R(3, 10), R(1, 2)], [R(1, 2), R(1, 4), R(1, 4)]])
    assert h.alphabet == (1, 2, 3, 4, 5) and h.n_states == 3
    assert h.stationary_distribution() == (R(1, 2), R(1, 8), R(3, 8))
    assert (markov_order(h), cryptic_order(h)) == (1, 1)
    assert h.word_probability([2, 5]) == R(3, 8) * R(1, 4)  # petal 2, then its third return symbol
    with pytest.raises(InvalidArgumentError, match="sum to 1"):
        flower(3, 3, [R(1, 2), R(1, 3)])
    with pytest.raises(InvalidArgumentError, match="N - 1 = 2"):
        flower(3, 3, None, [[R(1, 2), R(1, 2)]])


def test_beads_on_necklace():
    h = beads_on_necklace()
    assert h.alphabet == ("0", "1", "3", "a", "b") and h.n_states == 6
    custom = beads_on_necklace("01", "xyz,", R(1, 3))  # a 3-bead loop at stop 0, none at stop 1
    assert custom.n_states == 4
    # stop 0 -> stop 1 (1/3) or x, y, z back to stop 0 (2/3); stop 1 -> stop 0 always
    assert custom.stationary_distribution() == (R(3, 8), R(1, 4), R(1, 4), R(1, 8))
    assert custom.word_probability(["x", "y", "z"]) == R(3, 8) * R(2, 3)
    with pytest.raises(InvalidArgumentError, match="2 words for the 3 necklace symbols"):
        beads_on_necklace("013", "a,b")
    assert get("BeadsOnNecklace", probs="1/4", beads=["a", "b"], necklace=["0", "1", "3"]) == beads_on_necklace(p="1/4")


def test_before_after_and_its_cayley_style():
    h = before_after()
    assert h.word_probability([1, 1]) == 0 == h.word_probability([2, 2])  # 1s and 2s alternate
    assert h.word_probability([1, 0, 2]) == R(1, 2) * R(1, 2) * R(1, 2) * R(1, 2)
    assert exactly_equal(entropy_rate(h), 1)
    assert get("BeforeAfter", style="cayley") == before_after(R(3, 5))
    with pytest.raises(InvalidArgumentError, match="simple, cayley"):
        get("BeforeAfter", style="round")


def test_four_state_almost_iid():
    assert four_state_almost_iid().stationary_distribution() == (R(10, 31), R(9, 31), R(9, 31), R(3, 31))
    assert epsilon_machine(four_state_almost_iid(0)).n_states == 1  # delta = 0: a fair coin
    assert (markov_order(four_state_almost_iid()), cryptic_order(four_state_almost_iid())) == (INF, INF)
    with pytest.raises(InvalidArgumentError, match=r"\[0, 1/4\]"):
        four_state_almost_iid(R(3, 10))


def test_lollipop():
    h = lollipop()
    assert h.states == ("h0", "h1", "h2", "a1", "a2", "b1", "b2", "t")
    assert h.stationary_distribution() == (R(1, 4), R(1, 8), R(1, 16), R(1, 8), R(1, 8), R(1, 16), R(1, 16), R(3, 16))
    assert lollipop(4, 2).n_states == 7
    two = lollipop(2, 2, R(1, 3), R(1, 4))  # sofic's N = 2 leaves row h1 unnormalized; here it sums to 1
    pi = two.stationary_distribution()
    assert two.word_probability([0, 0]) == pi[0] * R(2, 3) * R(3, 4) + pi[1] * R(3, 4) * R(2, 3)
    with pytest.raises(InvalidArgumentError, match="parameter N = 1"):
        lollipop(1, 3)


def test_wheeler_infinite_order_is_wheeler():
    h = wheeler_infinite_order()
    assert h.stationary_distribution() == (R(6, 17), R(3, 17), R(4, 17), R(2, 17), R(2, 17))
    assert markov_order(h) == INF
    order = {s: i for i, s in enumerate("AEBCD")}  # the Wheeler order: edges sorted by (label, source)
    edges = sorted(
        (x, order[h.states[i]], order[h.states[j]])
        for x in h.alphabet
        for i, j in itertools.product(range(h.n_states), repeat=2)
        if h.matrices[x][i, j] != 0
    )
    targets = [t for _, _, t in edges]
    assert targets == sorted(targets)  # have sorted targets (Gagie, Manzini & Siren's definition)


# ------------------------------------------------------------------------------------------ domain errors
@pytest.mark.parametrize(
    "build",
    [
        lambda: nemo(R(3, 2)),
        lambda: rip(q=-1),
        lambda: psb(2),
        lambda: three_hundred(r=R(5, 4)),
        lambda: before_after(-R(1, 2)),
        lambda: wheeler_infinite_order(q=3),
        lambda: beads_on_necklace(p=2),
        lambda: lollipop(r=R(11, 10)),
    ],
)
def test_probabilities_out_of_range_are_refused(build):
    with pytest.raises(ProbabilityRangeError):
        build()


def test_integers_are_checked():
    with pytest.raises(InvalidArgumentError, match="parameter M must be a whole number, got 1/2"):
        flower(4, R(1, 2))
    with pytest.raises(InvalidArgumentError, match="parameter N = 5,000 must be at most"):
        flower(5000)
    with pytest.raises(InvalidArgumentError, match="parameter M = 1,000 must be at most"):
        lollipop(3, 1000)


def test_symbolic_parameters():
    p = sympy.Symbol("p")
    assert sympy.simplify(nemo(p).stationary_distribution()[0] - 1 / (3 - 2 * p)) == 0


# ----------------------------------------------------------------------------------------------- helpers
def _edges_hmm(edges):
    from compmech.processes._common import hmm_from_edges

    return hmm_from_edges(edges, alphabet=(0, 1))


def _symbol_swaps(h):
    """``h`` and ``h`` with 0 and 1 exchanged."""
    from compmech import HMM

    yield h
    yield HMM([h.matrices[1], h.matrices[0]], states=h.states, alphabet=(0, 1))
