"""The golden-mean family: the Parry measure exactly, the R-k golden means' orders, the coupled golden means."""

from __future__ import annotations

import pytest
import sympy

from compmech import HMM, ergodic_decomposition, mixed_state_presentation, mixture, same_process
from compmech.errors import InvalidArgumentError, ProbabilityRangeError
from compmech.measures import (
    cryptic_order,
    entropy_rate,
    excess_entropy,
    markov_order,
    statistical_complexity,
)
from compmech.processes import (
    coupled_golden_means,
    get,
    golden_mean,
    golden_mean_parry,
    restricted_golden_mean,
    rk_golden_mean,
    run_length_limited,
    uncoupled_golden_means,
)

R = sympy.Rational
PHI = (1 + sympy.sqrt(5)) / 2


def swap(h: HMM) -> HMM:
    return HMM([h.matrices[1].tolist(), h.matrices[0].tolist()], states=h.states, alphabet=h.alphabet)


def close(a, b, digits=40) -> bool:
    return abs(sympy.N(a - b, digits + 10)) < sympy.Float(10) ** -digits


def test_parry_measure_is_exact_and_maximal():
    h = golden_mean_parry()
    assert sympy.simplify(h.matrices[1][0, 1] - 1 / PHI**2) == 0
    # the measure of maximal entropy: h_mu equals the topological entropy log2(phi) (sympy cannot simplify
    # the logarithms of QQ(sqrt 5) into one, so the identity is checked to 40 digits)
    assert close(entropy_rate(h), sympy.log(PHI, 2))
    # stationary (phi**2, 1) / (phi**2 + 1): the Parry measure u_i v_i of the adjacency matrix [[1, 1], [1, 0]]
    pi = h.stationary_distribution()
    assert sympy.simplify(pi[0] - PHI**2 / (PHI**2 + 1)) == 0
    assert mixed_state_presentation(h).graph.number_of_nodes() == 3  # start, A, B: the MSP works over QQ(sqrt 5)
    C = statistical_complexity(h)
    assert close(C, -sum(x * sympy.log(x, 2) for x in pi))
    assert close(excess_entropy(h), C - entropy_rate(h))  # order-1 Markov, states = last symbol: E = H[X] - h_mu
    assert markov_order(h) == cryptic_order(h) == 1


def test_parry_is_the_maximum_over_the_golden_mean_family():
    best = entropy_rate(golden_mean_parry())
    for p in (R(1, 3), R(2, 5), R(3, 8), R(39, 100)):
        assert sympy.N(entropy_rate(golden_mean(p)) - best, 30) < 0


@pytest.mark.parametrize("R_, k", [(1, 1), (2, 1), (3, 1), (2, 2), (3, 2), (4, 3), (2, 3), (1, 4)])
def test_rk_golden_mean_orders(R_, k):
    """Markov order max(R, k), cryptic order k: for k <= R (James et al.'s range) exactly R and k."""
    h = rk_golden_mean(R_, k)
    assert h.n_states == R_ + k
    assert markov_order(h) == max(R_, k) and cryptic_order(h) == k


def test_rk_golden_mean_special_cases():
    assert same_process(swap(rk_golden_mean(1, 1, R(1, 3))), golden_mean(R(1, 3)))
    assert same_process(rk_golden_mean(1, 3, R(1, 4)), restricted_golden_mean(3, R(1, 4)))
    assert get("StretchedGM", k=3) == rk_golden_mean(3, 1)
    assert get("RkGM", R=3, k=2, p="1/4") == rk_golden_mean(3, 2, R(3, 4))  # sofic's p stays in state 0
    assert get("RNGM", R=3, N=2) == rk_golden_mean(2, 3)
    with pytest.raises(InvalidArgumentError, match="N = 3 must be at most R = 2"):
        get("RNGM", R=2, N=3)


def test_restricted_golden_mean():
    h = restricted_golden_mean(3)
    assert h.stationary_distribution() == (R(2, 5), R(1, 5), R(1, 5), R(1, 5))
    assert markov_order(h) == cryptic_order(h) == 3
    assert same_process(swap(restricted_golden_mean(1, R(1, 3))), golden_mean(R(1, 3)))
    from compmech.processes._registry import sofic_names

    entry, alias = sofic_names()[("epsilon_machines", "restricted_golden_mean")]
    assert entry.arguments({}, alias) == {"k": "1"}  # sofic's default k = 1: the golden mean
    assert get("RestrictedGM", k=2) == restricted_golden_mean(2)


def test_coupled_golden_means():
    p, eps = R(1, 4), R(1, 10)
    h = coupled_golden_means(eps, p)
    pi = h.stationary_distribution()
    # balance of the switches: pi_B eps (1 - p) = pi_D eps p with pi_B = pi_A / 2, pi_D = pi_C / 2
    assert pi[1] * eps * (1 - p) == pi[3] * eps * p and pi[1] == pi[0] / 2 and pi[3] == pi[2] / 2
    assert h.word_probability([0, 0, 0]) > 0 and h.n_symbols == 2
    third = coupled_golden_means(eps, p, third_symbol=1)
    assert third.alphabet == (0, 1, 2) and third.word_probability([2]) > 0
    assert get("CoupledGMPs", alt=False) == coupled_golden_means(R(1, 100), R(1, 2), 1)
    assert get("CoupledGMPs", alt="false") == coupled_golden_means(R(1, 100), R(1, 2), 1)
    with pytest.raises(InvalidArgumentError, match="third_symbol = 2 must be at most 1"):
        coupled_golden_means(eps, p, 2)


def test_uncoupled_golden_means_are_the_mixture():
    p = R(1, 4)
    h = uncoupled_golden_means(p)
    assert h.stationary_distribution() == (p * 2 / 3, p / 3, (1 - p) * 2 / 3, (1 - p) / 3)
    parts = ergodic_decomposition(h)
    assert sorted(c.weight for c in parts) == [p, 1 - p]
    no00 = swap(golden_mean())  # the component on A, B forbids 00
    m = mixture([no00, golden_mean()], [p, 1 - p])
    for w in ([0, 0], [1, 1], [0, 1, 0], [1, 0, 1, 1]):
        assert h.word_probability(w) == m.word_probability(w)


def test_sofic_conventions():
    assert get("GoldenMean", bias="1/4") == golden_mean("1/4")  # no 00 in sofic: the same process, symbols exchanged
    from compmech.processes._registry import sofic_names

    entry, alias = sofic_names()[("epsilon_machines", "golden_mean")]
    assert entry.arguments({"p": "1/4"}, alias) == {"p": R(3, 4)}  # sofic's p is Pr(0 | A)
    assert get("golden_mean", p="1/4") == golden_mean("1/4")  # compmech's own parameters win


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: rk_golden_mean(0, 1), InvalidArgumentError, "R = 0 must be at least 1"),
        (lambda: rk_golden_mean(600, 600), InvalidArgumentError, "1,200 states"),
        (lambda: restricted_golden_mean(10**9), InvalidArgumentError, "at most 999"),
        (lambda: restricted_golden_mean(2, "3/2"), ProbabilityRangeError, "p = 3/2"),
        (lambda: coupled_golden_means("-1/10"), ProbabilityRangeError, "epsilon = -1/10"),
        (lambda: get("RkGM", R=2), InvalidArgumentError, "give R and k"),
    ],
)
def test_parameters_are_checked(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ------------------------------------------------------------------------------ run-length-limited shifts
@pytest.mark.parametrize(
    "d, k, capacity", [(0, 1, "0.6942"), (1, 3, "0.5515"), (1, 7, "0.6793"), (2, 7, "0.5174"), (1, "inf", "0.6942")]
)
def test_run_length_limited_capacities(d, k, capacity):
    """The entropy rate of the maximal-entropy measure is the capacity (Marcus, Roth and Siegel's table)."""
    h = run_length_limited(d, k)
    assert abs(float(entropy_rate(h)) - float(capacity)) < 5e-5
    lam = 2 ** sympy.N(entropy_rate(h), 40)
    # the interevent law of the Parry measure: Pr(n 0s between two 1s) = lam**-(n + 1) for d <= n <= k
    p1 = h.word_probability([1])
    for n in range(0, 5):
        ratio = sympy.N(h.word_probability([1] + [0] * n + [1]) / p1, 40)
        allowed = n >= d and (k == "inf" or n <= k)
        assert (abs(ratio - lam ** -(n + 1)) < 1e-30) if allowed else ratio == 0


def test_run_length_limited_golden_mean_shifts():
    parry = golden_mean_parry()
    for d, k, h in ((1, "inf", parry), (0, 1, swap(parry))):
        r = run_length_limited(d, k)
        for w in ([0], [1, 0], [0, 0, 1], [1, 0, 1, 0]):
            assert abs(sympy.N(r.word_probability(w) - h.word_probability(w), 40)) < 1e-35


@pytest.mark.parametrize(
    "d, k, match",
    [(2, 1, "k = 1 must be at least 2"), (1, 13, "k = 13 must be at most 12"), (0, "inf", "no constraint")],
)
def test_run_length_limited_parameters(d, k, match):
    with pytest.raises(InvalidArgumentError, match=match):
        run_length_limited(d, k)
