"""The nonunifilar family (and the generators of binary Markov chains): hand-derived facts, parameter domains.

Each expected value is derived on paper from the published definition (written next to it), not read
off the constructor; processes are compared with compmech.same_process (exact, complete).
"""

from __future__ import annotations

import itertools

import pytest
import sympy

from compmech import same_process
from compmech.errors import InvalidArgumentError, ProbabilityRangeError
from compmech.processes import (
    biased_coin,
    bmc_generator,
    bmc_parametrized,
    cantor,
    dishonest_casino,
    get,
    gilbert_elliott,
    golden_mean,
    lohr_generator,
    lookup,
    mess3,
    noisy_symmetric_markov,
    nonunifilar_golden_mean,
    sns,
)
from compmech.processes._common import hmm_from_edges

R = sympy.Rational


def chain(p, q):
    """The binary Markov chain Pr(1 | 0) = p, Pr(0 | 1) = q, as its own 2-state machine (the state is the last bit)."""
    return hmm_from_edges([("0", "0", 0, 1 - p), ("0", "1", 1, p), ("1", "0", 0, q), ("1", "1", 1, 1 - q)])


def words(h, L):
    return {w: h.word_probability(list(w)) for w in itertools.product(h.alphabet, repeat=L)}


# --------------------------------------------------------------------------------------------- Mess3, SNS
def test_mess3_names_and_symmetry():
    assert get("Mess3") == get("mess3") == mess3()
    m = mess3()
    # the cyclic relabelling A->B->C with 0->1->2 maps the machine to itself: every symbol has probability 1/3
    assert [m.word_probability([x]) for x in range(3)] == [R(1, 3)] * 3
    assert m.word_probability([0, 1]) == m.word_probability([1, 2]) == m.word_probability([2, 0])


def test_sns_symbol_rate_and_the_growing_beliefs():
    p, q = sympy.symbols("p q", positive=True)
    # stationary (q, p)/(p + q); a 1 is emitted from B with probability q
    assert sympy.simplify(sns(p, q).word_probability([1]) - p * q / (p + q)) == 0
    h = sns()
    # after a 1 the state is A; after 1 0^n (p = q = 1/2): Pr(A, 0^n) = 2^-n, Pr(B, 0^n) = n 2^-n
    for n in range(7):
        assert h.belief([1] + [0] * n) == (R(1, n + 1), R(n, n + 1))


def test_sofic_sns_is_sns_at_one_half():
    entry, alias = lookup("SNS")
    assert entry.name == "sns" and alias.sofic == "processes"
    assert get("SNS") == sns()


# ------------------------------------------------------------------------------------------------- Cantor
def test_cantor_beliefs_fill_two_disjoint_thirds():
    h = cantor()
    for L in range(1, 5):
        beliefs = {h.belief(list(w))[0] for w in itertools.product((0, 1), repeat=L)}
        assert len(beliefs) == 2**L  # never two words with one belief: infinitely many causal states
    for w in itertools.product((0, 1), repeat=3):
        a = h.belief(list(w))[0]  # Pr(A): a last 0 maps into [2/3, 1], a last 1 into [0, 1/3]
        assert (R(2, 3) <= a <= 1) if w[-1] == 0 else (0 <= a <= R(1, 3))


def test_cantor_is_symmetric_under_exchanging_the_symbols():
    h = cantor()
    for w in itertools.product((0, 1), repeat=4):
        assert h.word_probability(list(w)) == h.word_probability([1 - x for x in w])


# ------------------------------------------------------------------------------- golden mean, nonunifilar
@pytest.mark.parametrize(("p", "free"), [("1/2", "1/2"), ("1/2", "2/3"), ("1/2", "1"), ("1/3", "3/4"), ("1/5", "1/2")])
def test_nonunifilar_golden_mean_is_the_golden_mean(p, free):
    assert same_process(nonunifilar_golden_mean(p, free), golden_mean(p))


def test_nonunifilar_golden_mean_endpoints_and_domain():
    assert nonunifilar_golden_mean("1/3", "1/3").is_unifilar()  # f = p: the epsilon-machine
    assert not nonunifilar_golden_mean("1/3", "1/2").is_unifilar()
    with pytest.raises(InvalidArgumentError, match=r"free = 1/4 must lie in \[p, 1\]"):
        nonunifilar_golden_mean("1/2", "1/4")
    with pytest.raises(InvalidArgumentError, match="free must be positive"):
        nonunifilar_golden_mean(0, 0)
    with pytest.raises(ProbabilityRangeError):
        nonunifilar_golden_mean("1/2", "3/2")
    assert get("NonunifilarGoldenMean", bias="1/2", free="3/4") == nonunifilar_golden_mean("1/2", "3/4")


# ---------------------------------------------------------------------- noisy channels, casino, Gilbert
def test_noisy_symmetric_markov_flip_rate_and_limits():
    p, e = sympy.symbols("p epsilon", positive=True)
    h = noisy_symmetric_markov(p, e)
    differ = h.word_probability([0, 1]) + h.word_probability([1, 0])
    expected = p * ((1 - e) ** 2 + e**2) + 2 * (1 - p) * e * (1 - e)  # hidden flip XOR the two noise flips
    assert sympy.simplify(differ - expected) == 0
    assert same_process(noisy_symmetric_markov("1/10", 0), chain(R(1, 10), R(1, 10)))  # no noise: the chain
    assert same_process(noisy_symmetric_markov("1/10", "1/2"), biased_coin("1/2"))  # all noise: a fair coin
    assert not noisy_symmetric_markov("1/10", "1/10").is_unifilar()
    with pytest.raises(InvalidArgumentError, match="not ergodic"):
        noisy_symmetric_markov(0, "1/10")


def test_noisy_symmetric_markov_beliefs_never_settle():
    h = noisy_symmetric_markov()
    beliefs = [h.belief([0] * n)[0] for n in range(1, 9)]  # Pr(hidden 0 | 0^n) increases strictly
    assert all(a < b < 1 for a, b in zip(beliefs, beliefs[1:]))
    # next state 0 after a 0: (1 - eps)(1 - p) + eps p = 81/100 + 1/100, out of Pr(0) = 1/2 (times 2)
    assert beliefs[0] == R(41, 50)


def test_gilbert_elliott_error_rate_and_gilbert_alias():
    p, r, k, h = sympy.symbols("p r k h", positive=True)
    rate = gilbert_elliott(p, r, k, h).word_probability([1])
    assert sympy.simplify(rate - (r * (1 - k) + p * (1 - h)) / (p + r)) == 0
    assert get("gilbert") == gilbert_elliott(k=1)  # Gilbert's channel: the good state never errs
    assert get("gilbert", h="1/4") == gilbert_elliott(k=1, h="1/4")
    assert same_process(gilbert_elliott("1/10", "1/2", "3/4", "3/4"), biased_coin("1/4"))  # k = h: IID errors
    with pytest.raises(InvalidArgumentError, match="not ergodic"):
        gilbert_elliott(0, 0)


def test_dishonest_casino_by_hand():
    h = dishonest_casino()
    assert h.stationary_distribution() == (R(2, 3), R(1, 3))
    assert h.word_probability([6]) == R(5, 18)
    # Pr(66) = 2/3 (1/6) (19/20 1/6 + 1/20 1/2) + 1/3 (1/2) (1/10 1/6 + 9/10 1/2) = 11/540 + 7/90
    assert h.word_probability([6, 6]) == R(53, 540)
    assert sum(h.word_probability([x]) for x in range(1, 7)) == 1
    assert same_process(dishonest_casino(loaded_six=R(1, 6)), get("casino", loaded_six="1/6"))
    with pytest.raises(InvalidArgumentError, match="never switches"):
        dishonest_casino(0, 0)


# ------------------------------------------------------------------------- generators of Markov chains
@pytest.mark.parametrize(
    ("p", "q"),
    [("2/5", "3/10"), ("1/5", "1/2"), ("7/10", "3/5"), ("1/3", "1/3"), ("1/4", "3/4"), (1, 1), ("1/2", 0)],
    ids=["p>=q", "p<q", "p+q>1", "p=q", "iid", "period-2", "q=0"],
)
def test_bmc_generator_generates_the_chain(p, q):
    g = bmc_generator(p, q)
    assert words(g, 4) == words(chain(R(p), R(q)), 4)


def test_bmc_generator_needs_numbers_and_an_ergodic_chain():
    with pytest.raises(InvalidArgumentError, match="region"):
        bmc_generator(sympy.Symbol("p"), "1/2")
    with pytest.raises(InvalidArgumentError, match="not ergodic"):
        bmc_generator(0, 0)
    assert get("BMC_gen", p="1/5", q="1/2") == bmc_generator("1/5", "1/2")


def test_bmc_parametrized_family_generates_the_chain_for_every_a_b():
    a, b = sympy.symbols("a b", positive=True)
    p, q = R(2, 5), R(3, 10)
    g, c = bmc_parametrized(p, q, a, b), chain(p, q)
    for L in (1, 2, 3):
        for w in itertools.product((0, 1), repeat=L):
            assert sympy.simplify(g.word_probability(list(w)) - c.word_probability(list(w))) == 0, w
    assert not bmc_parametrized().is_unifilar()


def test_bmc_parametrized_domain():
    with pytest.raises(InvalidArgumentError, match=r"a = 2/5 must lie in \[0, min\(q, 1 - p\)\]"):
        bmc_parametrized("2/5", "3/10", "2/5", "4/5")
    with pytest.raises(InvalidArgumentError, match="b = 1/2"):
        bmc_parametrized("2/5", "3/10", "1/5", "1/2")
    with pytest.raises(InvalidArgumentError, match="not ergodic"):
        bmc_parametrized(0, 0, 0, 1)
    with pytest.raises(InvalidArgumentError, match="a = b"):
        bmc_parametrized("1/2", "1/2", "1/2", "1/2")


def test_lohr_generator_is_the_symmetric_chain():
    for p in ("1/5", "1/10", "1/2"):
        assert same_process(lohr_generator(p), chain(R(p), R(p)))
    # stationary: pi_0 = pi_1 = x, pi_2 = y with y (1 - 2p) = 4 p x; at p = 1/5, (3/10, 3/10, 2/5)
    assert lohr_generator().stationary_distribution() == (R(3, 10), R(3, 10), R(2, 5))
    for bad in ("3/5", 0):
        with pytest.raises(InvalidArgumentError, match=r"must lie in \(0, 1/2\]"):
            lohr_generator(bad)
