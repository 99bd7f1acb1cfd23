"""The logic family: RRXOR, RRXRO, Rn1C, Rn1N and the LogicMachine dispatcher, against hand derivations."""

from __future__ import annotations

import pytest
import sympy

from compmech import cryptic_order, entropy_rate, epsilon_machine, markov_order, same_process
from compmech.errors import InvalidArgumentError
from compmech.processes import get, logic_machine, lookup, rn1c, rn1n, rrxor, rrxro
from compmech.processes._common import hmm_from_edges

R = sympy.Rational


def test_rrxor_entropy_rate_and_sofic_name():
    # two random bits per block of three symbols
    assert entropy_rate(rrxor()) == R(2, 3)
    assert lookup("RRX")[0].name == "rrxor" and get("RRX") == rrxor()


def sofic_rrxro():
    """CMPy's (sofic's) 11-state RRXRO, transcribed from its edge list: the OR of a true XOR is its own state."""
    h = R(1, 2)
    edges = [
        ("S", "0", 0, h), ("S", "1", 1, h), ("0", "00", 0, h), ("0", "01", 1, h), ("1", "10", 0, h),
        ("1", "11", 1, h), ("01", "orTrue", 1, 1), ("10", "orTrue", 1, 1), ("00", "000", 0, 1),
        ("000", "orFalse", 0, h), ("000", "orTrue", 1, h), ("11", "110", 0, 1), ("110", "orFalse", 0, h),
        ("110", "orTrue", 1, h), ("orFalse", "S", 0, 1), ("orTrue", "S", 1, 1),
    ]  # fmt: skip
    return hmm_from_edges(edges)


def test_rrxro_is_sofics_process_on_its_eight_causal_states():
    h = rrxro()
    assert h.n_states == 8 and h.is_unifilar()
    assert epsilon_machine(h).n_states == 8
    big = sofic_rrxro()
    assert big.n_states == 11 and epsilon_machine(big).n_states == 8  # sofic's is not minimal
    assert same_process(h, big)


def test_rrxro_by_hand():
    h = rrxro()
    # blocks x y 1 1 (prob 1/2) and x y 0 z z (prob 1/2): mean length 9/2, states visited once per block
    # except the OR-1 state (after a true XOR, or after z = 1): 3/4 of the blocks
    assert h.stationary_distribution() == (R(2, 9), R(1, 9), R(1, 9), R(1, 9), R(1, 9), R(1, 9), R(1, 18), R(1, 6))
    assert entropy_rate(h) == R(5, 9)  # 5/2 random bits per 9/2 symbols
    at_s = [1, 0, 0, 0, 0, 0, 0, 0]  # a block starts
    assert h.word_probability([0, 1, 1, 1], start=at_s) == R(1, 4)  # x != y: XOR 1, OR 1
    assert h.word_probability([0, 0, 1, 1], start=at_s) == 0  # x = y: the XOR is 0
    p1, p2, p3 = sympy.symbols("p1 p2 p3", positive=True)
    g = rrxro(p1, p2, p3)
    # "x y 0 0 0" needs x = y, then z = 0: p1 p2 (x = y = 0) or (1 - p1)(1 - p2) (x = y = 1) at the block start
    start = g.stationary_distribution()[0]
    block = g.word_probability([0, 0, 0, 0, 0], start=at_s)
    assert sympy.simplify(block - p1 * p2 * p3) == 0
    assert sympy.simplify(start - 1 / (4 + p1 * p2 + (1 - p1) * (1 - p2))) == 0  # 1 / mean block length


def test_rn1c_orders_and_words():
    h = rn1c()
    assert markov_order(h) == sympy.oo or markov_order(h) == float("inf")  # runs of 0s never fix the phase
    assert cryptic_order(h) == 1
    bias, noise = sympy.symbols("b n", positive=True)
    g = rn1c(bias, noise)
    # a 1 is emitted by A (prob 1 - b) or by C (1 - n); A and C have stationary 1/2 and (1 - b)/2
    assert sympy.simplify(g.word_probability([1]) - ((1 - bias) / 2 + (1 - bias) * (1 - noise) / 2)) == 0
    assert get("Rn1C", noise="1/4", bias="3/5") == rn1c("3/5", "1/4")


def test_rn1n_words():
    h = rn1n()
    assert h.stationary_distribution() == (R(1, 2), R(1, 4), R(1, 4))
    # a 00 is a wrong-free NOT of a 1 (C -0-> A, 9/10) followed by a random 0 (1/2): 1/4 * 9/10 * 1/2
    assert h.word_probability([0, 0]) == R(9, 80)
    # with an exact NOT (noise 0) a 1 is followed by a 0 unless it was itself a NOT: 111 cannot occur
    assert rn1n(noise=0).word_probability([1, 1, 1]) == 0 < rn1n().word_probability([1, 1, 1])


def test_logic_machine_dispatch_and_size():
    assert logic_machine("RRX") == rrxor() == logic_machine("RRXOR")
    assert logic_machine("RRXRO", bias="1/3") == rrxro("1/3", "1/3", "1/3")
    assert logic_machine("Rn1N", bias="1/4", noise="3/10") == rn1n("1/4", "3/10")
    entry = lookup("logic_machine")[0]
    for name in ("RRX", "RRXRO", "Rn1C", "Rn1N"):
        assert entry.shape({"logic": name}) == (logic_machine(name).n_states, 2)
    with pytest.raises(InvalidArgumentError, match="logic must be one of"):
        logic_machine("AND")
    with pytest.raises(InvalidArgumentError, match="logic must be one of"):
        entry.shape({"logic": "XOR"})
    assert get("LogicMachine", logic="Rn1C", noise="1/4", bias="3/5") == rn1c("3/5", "1/4")
