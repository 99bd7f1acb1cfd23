"""The iid and periodic families: dice, sofic's period words (and its reduction bug), random positions."""

from __future__ import annotations

import itertools

import pytest
import sympy

from compmech import HMM, epsilon_machine, same_process
from compmech.errors import FloatEntryError, InvalidArgumentError, InvalidEntryError, ProbabilityRangeError
from compmech.measures import cryptic_order, entropy_rate, excess_entropy, markov_order, statistical_complexity
from compmech.processes import (
    alternating_biased_coins,
    biased_coin,
    biased_die,
    get,
    noisy_period2,
    period,
    uniform_iid,
    wildcard_period,
    z1r,
)
from compmech.processes._registry import sofic_names
from compmech.spec import parse_spec

R = sympy.Rational


def H(*ps):
    return -sum(p * sympy.log(p, 2) for p in ps if p != 0)


def relabel(h: HMM, alphabet) -> HMM:
    return HMM([h.matrices[x].tolist() for x in h.alphabet], states=h.states, alphabet=alphabet)


def close(a, b, digits=40) -> bool:
    return abs(sympy.N(a - b, digits + 10)) < sympy.Float(10) ** -digits


# ---------------------------------------------------------------------------------------------- iid
@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_uniform_iid(k):
    h = uniform_iid(k)
    assert h.alphabet == tuple(range(k))
    for w in itertools.product(range(k), repeat=2):
        assert h.word_probability(list(w)) == R(1, k**2)
    assert close(entropy_rate(h), sympy.log(k, 2)) and statistical_complexity(h) == 0


def test_sofic_coins_and_dice():
    assert get("FairCoin") == uniform_iid(2) == get("fair_coin")
    assert get("IID", k=5) == uniform_iid(5)
    assert get("BiasedCoin", bias="1/4") == biased_coin("1/4") == get("bernoulli", p="1/4")
    # sofic's markov_skeleton(R, k) weights the de Bruijn graph uniformly: IID uniform, whatever R
    assert get("markov_skeleton", R=3, k=2) == uniform_iid(2)
    with pytest.raises(InvalidArgumentError, match="R = -1 must be at least 0"):
        get("markov_skeleton", R=-1, k=2)


def test_biased_die():
    h = biased_die("1/2 1/3 1/6")
    assert h.word_probability([0, 2, 1]) == R(1, 36)
    assert close(entropy_rate(h), H(R(1, 2), R(1, 3), R(1, 6)))
    assert biased_die(["1/4", "3/4"]).word_probability([1]) == R(3, 4)
    assert parse_spec("biased_die:weights=1/4 1/4 1/2").word_probability([2]) == R(1, 2)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: uniform_iid(0), InvalidArgumentError, "k = 0 must be at least 1"),
        (lambda: uniform_iid(1001), InvalidArgumentError, "at most 1,000"),
        (lambda: uniform_iid(2.0), InvalidArgumentError, "whole number"),
        (lambda: uniform_iid("two"), InvalidArgumentError, "whole number"),
        (lambda: uniform_iid(True), InvalidArgumentError, "whole number"),
        (lambda: biased_die("1/2 1/3"), ProbabilityRangeError, "sum to 5/6"),
        (lambda: biased_die("1/2 -1/2 1"), ProbabilityRangeError, r"weights\[1\] = -1/2"),
        (lambda: biased_die([0.5, 0.5]), FloatEntryError, "float"),
        (lambda: biased_die(" ".join(["1/2000"] * 2000)), InvalidArgumentError, "at most 1,000"),
        (lambda: biased_coin("4/3"), ProbabilityRangeError, "p = 4/3"),
    ],
)
def test_iid_parameters_are_checked(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ----------------------------------------------------------------------------------------- periodic
INTENDED = {"Period1": "1", "Period2": "01", "Period4": "1110", "Period7": "1010111", "Period8": "10101110"}
INTENDED |= {"Period12": "101011101110", "Period16": "1010111011101110"}
SOFIC_REDUCED = {"Period7": "101011", "Period8": "101011", "Period12": "1010111011", "Period16": "10101110111011"}


def _cyclic_period(word: str) -> int:
    """The least p dividing len(word) with word a power of word[:p]."""
    return next(p for p in range(1, len(word) + 1) if len(word) % p == 0 and word[:p] * (len(word) // p) == word)


@pytest.mark.parametrize("name", sorted(INTENDED))
def test_sofic_period_words(name):
    h = get(name)
    word = INTENDED[name]
    assert h == period(word) and _cyclic_period(word) == len(word)  # the words are primitive
    assert epsilon_machine(h).n_states == len(word)  # period-P processes have P causal states
    assert close(statistical_complexity(h), sympy.log(len(word), 2))
    alias = sofic_names()[("processes", name)][1]
    if name in SOFIC_REDUCED:  # sofic's words: a border, not the cyclic period
        assert alias.differs and not same_process(h, period(SOFIC_REDUCED[name]))
    else:
        assert alias.differs is None


def test_sofic_reduction_is_a_border():
    """sofic's _word_period('10101110') = '101011': word[i] == word[i % 6] for i < 8, though 6 does not divide 8."""
    word, border = "10101110", "101011"
    assert all(word[i] == border[i % 6] for i in range(len(word))) and len(word) % 6
    assert _cyclic_period("0100") == 4 and not same_process(period("0100"), period("010"))


def test_period_aliases():
    assert get("Period", P=5) == period("00001") and get("Period", P="1") == period("1")
    assert get("Periodic", word="0011", reduce=False) == period("0011")
    with pytest.raises(InvalidArgumentError, match="Period4 is the periodic word 1110"):
        get("Period4", word="0011")
    with pytest.raises(InvalidArgumentError, match="give the period P"):
        get("Period")
    with pytest.raises(InvalidArgumentError, match="P = 1,001 must be at most 1,000"):
        get("Period", P=1001)


@pytest.mark.parametrize("noise", [R(1, 2), R(1, 4), R(0)])
def test_noisy_period2(noise):
    h = noisy_period2(noise)
    assert close(entropy_rate(h), H(noise, 1 - noise) / 2)
    # from A: 0, 0 (noise), 0; from B: 0 (noise), 0, 0 (noise)
    assert h.word_probability(["0", "0", "0"]) == (noise + noise**2) / 2
    assert get("NoisyPeriod2", noise=noise) == h


def test_noisy_period2_orders():
    h = noisy_period2(R(1, 3))
    assert markov_order(h) == sympy.oo and cryptic_order(h) == 0  # 0s never synchronize; the future does
    assert same_process(noisy_period2(R(1, 2)), wildcard_period("0?"))


def test_alternating_biased_coins():
    p, q = R(1, 3), R(3, 4)
    h = alternating_biased_coins(p, q)
    assert h.word_probability(["1", "1"]) == p * q  # one coin after the other, from either phase
    assert get("ABC", p=1 - p, q=1 - q) == h  # sofic's ABC gives the probabilities of 0
    assert same_process(alternating_biased_coins(p, p), relabel(biased_coin(p), ("0", "1")))
    assert epsilon_machine(h).n_states == 2


def test_wildcard_period():
    assert same_process(wildcard_period("01?", "01"), relabel(z1r(), ("0", "1")))
    h = wildcard_period("0?1??", "012")
    assert close(entropy_rate(h), 3 * sympy.log(3, 2) / 5)
    assert get("CyclicBranching", num_states=4, num_branchings=2) == wildcard_period("00??", "01")
    assert get("CyclicBranching", num_states=5, num_branchings=1, num_symbols=3) == wildcard_period("0000?", "012")
    assert get("CyclicBranching", num_states=3, num_branchings=0) == wildcard_period("001", "01")
    assert excess_entropy(wildcard_period("0011")) == 2  # no wildcard: period 4, E = log2(4)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: period(""), InvalidEntryError, "non-empty"),
        (lambda: period("01" * 501), InvalidArgumentError, "at most 1,000"),
        (lambda: wildcard_period("0?", "0?"), InvalidEntryError, "distinct, without"),
        (lambda: wildcard_period("0?", "00"), InvalidEntryError, "distinct"),
        (lambda: noisy_period2("3/2"), ProbabilityRangeError, "noise = 3/2"),
        (lambda: alternating_biased_coins(0.5), FloatEntryError, "float"),
        (lambda: get("CyclicBranching", num_states=3, num_branchings=3), InvalidArgumentError, "at most 2"),
    ],
)
def test_periodic_parameters_are_checked(call, error, match):
    with pytest.raises(error, match=match):
        call()
