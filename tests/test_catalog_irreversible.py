"""The irreversible family: reversed processes against compmech.reverse, bidirectional machines against a
second construction and against compmech's C_mu+- (an independent algorithm), hand-derived laws.
"""

from __future__ import annotations

import itertools

import pytest
import sympy

from compmech import HMM, epsilon_machine, reverse, same_process
from compmech.measures import bidirectional_complexity, causal_irreversibility, exactly_equal
from compmech.processes import (
    butterfly,
    butterfly_reversed,
    get,
    golden_mean,
    golden_mean_bidirectional,
    irreversible_two_state,
    irreversible_two_state_bidirectional,
    irreversible_two_state_reversed,
    rip,
    rip_bidirectional,
    rip_reversed,
    tent_map_misiurewicz,
    tent_map_misiurewicz_bidirectional,
    tent_map_misiurewicz_reversed,
)

R = sympy.Rational
PARAMS = [(R(1, 2), R(1, 2)), (R(1, 4), R(3, 5)), (R(2, 3), R(1, 7))]


def _entropy(pi):
    return sum(-p * sympy.log(p, 2) for p in pi if p != 0)


def _joint_machine(forward: HMM) -> HMM:
    """A second construction of the bidirectional machine, from the epsilon-machines alone.

    ``Pr(S-_t | S+_t)`` is the belief over reverse states, in the forward-time presentation on them
    (``reverse`` of the reverse epsilon-machine), after any past that synchronizes to ``S+_t``; then
    ``T[(s+, s-) -> (s+', s-'), x] = Pr(x | s+) Pr(s-' | s+') / Pr(s- | s+)`` when the reverse machine
    goes from ``s-'`` to ``s-`` on ``x`` (Ellison, Mahoney & Crutchfield 2009).
    """
    em = epsilon_machine(forward)
    rev = epsilon_machine(reverse(em))
    back = reverse(rev)
    n, m = em.n_states, rev.n_states
    given: dict = {}
    for length in range(1, 10):
        for w in itertools.product(em.alphabet, repeat=length):
            if em.word_probability(w) == 0:
                continue
            b = em.belief(w)
            support = [i for i in range(n) if b[i] != 0]
            if len(support) == 1 and support[0] not in given:
                given[support[0]] = back.belief(w)
        if len(given) == n:
            break
    assert len(given) == n
    states = [(i, k) for i in range(n) for k in range(m) if given[i][k] != 0]
    mats = {x: [[0] * len(states) for _ in states] for x in em.alphabet}
    for u, (i, k) in enumerate(states):
        for x in em.alphabet:
            row = [em.matrices[x][i, j] for j in range(n)]
            if not any(row):
                continue
            j = next(j for j in range(n) if row[j] != 0)
            for v, (j2, k2) in enumerate(states):
                if j2 == j and rev.matrices[x][k2, k] != 0:
                    mats[x][u][v] = sympy.simplify(sum(row) * given[j][k2] / given[i][k])
    return HMM(mats, alphabet=em.alphabet)


# ------------------------------------------------------------------------- the irreversible two-state
@pytest.mark.parametrize("p, q", PARAMS)
def test_irreversible_two_state_reversed_is_the_time_reversal(p, q):
    forward = irreversible_two_state(p, q)
    assert same_process(irreversible_two_state_reversed(p, q), reverse(forward))
    assert epsilon_machine(reverse(forward)).n_states == 3
    assert not same_process(forward, reverse(forward))  # irreversible


def test_irreversible_two_state_words():
    h = irreversible_two_state(R(1, 4), R(3, 5))
    pi = h.stationary_distribution()
    assert pi == (R(8, 23), R(15, 23))  # pi_A (1 - p) = pi_B (1 - q)
    for w in ([1, 0], [0, 2], [2, 2]):
        assert h.word_probability(w) == 0
    assert h.word_probability([2, 0]) == pi[1] * R(2, 5) * R(1, 4)
    assert causal_irreversibility(h) != 0  # C_mu+ = H(pi) over 2 states, C_mu- over 3


@pytest.mark.parametrize("p, q", PARAMS)
def test_irreversible_two_state_bidirectional(p, q):
    m = irreversible_two_state_bidirectional(p, q)
    assert same_process(m, irreversible_two_state(p, q))
    assert exactly_equal(_entropy(m.stationary_distribution()), bidirectional_complexity(irreversible_two_state(p, q)))


def test_irreversible_two_state_bidirectional_matches_a_second_construction():
    built = _joint_machine(irreversible_two_state(R(1, 4), R(3, 5)))
    ours = irreversible_two_state_bidirectional(R(1, 4), R(3, 5))
    assert sorted(built.stationary_distribution()) == sorted(ours.stationary_distribution())
    assert same_process(built, ours)


# ------------------------------------------------------------------------------------------ golden mean
@pytest.mark.parametrize("p", [R(1, 2), R(1, 4), R(2, 3)])
def test_golden_mean_bidirectional(p):
    m = golden_mean_bidirectional(p)
    assert m.stationary_distribution() == ((1 - p) / (1 + p), p / (1 + p), p / (1 + p))
    assert same_process(m, golden_mean(p))
    assert exactly_equal(_entropy(m.stationary_distribution()), bidirectional_complexity(golden_mean(p)))
    assert not m.is_unifilar()


def test_golden_mean_bidirectional_at_one_half_stores_log3():
    assert exactly_equal(_entropy(golden_mean_bidirectional().stationary_distribution()), sympy.log(3, 2))


def test_sofics_forbid_00_names():
    # sofic draws the golden mean forbidding 00 with p = Pr(1 | A): compmech's golden mean at 1 - p
    from compmech.processes._registry import sofic_names

    entry, alias = sofic_names()[("epsilon_machines", "golden_mean_bidirectional")]
    assert entry.constructor(**entry.arguments({"p": "1/4"}, alias)) == golden_mean_bidirectional(R(3, 4))
    assert get("golden_mean_bidirectional", p="1/4") == golden_mean_bidirectional(R(1, 4))  # our own name first
    assert get("golden_mean_forward", p="1/4") == golden_mean(R(3, 4)) == get("golden_mean_reverse", p="1/4")


# ------------------------------------------------------------------------------------------------- RIP
@pytest.mark.parametrize("p, q", PARAMS + [(1, R(1, 3)), (R(1, 3), 1)])
def test_rip_reversed_is_the_time_reversal(p, q):
    forward = rip(p, q)
    reversed_ = rip_reversed(p, q)
    assert same_process(reversed_, reverse(forward))
    assert reversed_.n_states == epsilon_machine(reverse(forward)).n_states == (3 if 1 in (p, q) else 4)
    assert epsilon_machine(reversed_).n_states == reversed_.n_states  # the formula is already minimal


def test_rip_reversed_at_p_q_one_is_the_period_3_word():
    h = rip_reversed(1, 1)
    assert h.states == ("D", "F", "G")
    assert h.word_probability([1, 0, 0]) == R(1, 3) and h.word_probability([0, 0, 1]) == R(1, 3)
    assert same_process(h, reverse(rip(1, 1)))


def test_rip_is_irreversible_with_unequal_complexities():
    # the reverse epsilon-machine has four states, the forward one three
    assert epsilon_machine(rip()).n_states == 3
    assert causal_irreversibility(rip()) != 0


@pytest.mark.parametrize("p, q", PARAMS)
def test_rip_bidirectional(p, q):
    m = rip_bidirectional(p, q)
    assert same_process(m, rip(p, q))
    assert exactly_equal(_entropy(m.stationary_distribution()), bidirectional_complexity(rip(p, q)))


def test_rip_bidirectional_matches_a_second_construction():
    built, ours = _joint_machine(rip(R(1, 4), R(3, 5))), rip_bidirectional(R(1, 4), R(3, 5))
    assert built.n_states == ours.n_states == 5
    assert sorted(built.stationary_distribution()) == sorted(ours.stationary_distribution())


# ------------------------------------------------------------------------------------------- butterfly
def test_butterfly_reversed():
    h = butterfly_reversed()
    assert same_process(h, reverse(butterfly()))
    assert epsilon_machine(h).n_states == 7
    assert h.stationary_distribution() == (R(1, 5), R(1, 5), R(1, 10), R(1, 10), R(1, 10), R(3, 20), R(3, 20))


# -------------------------------------------------------------------------------------------- tent map
def test_tent_map_reversed_is_the_time_reversal():
    forward = tent_map_misiurewicz()
    reversed_ = tent_map_misiurewicz_reversed()
    assert same_process(reversed_, reverse(forward))
    assert epsilon_machine(reverse(forward)).n_states == 3
    assert not same_process(reversed_, forward)  # so sofic's "reverse" (the forward words) is not it


def test_tent_map_bidirectional_generates_the_forward_process():
    m = tent_map_misiurewicz_bidirectional()
    assert same_process(m, tent_map_misiurewicz())
    pi = m.stationary_distribution()
    assert all(sympy.N(x, 20) > 0 for x in pi) and sympy.simplify(sum(pi) - 1) == 0


@pytest.mark.slow
def test_tent_map_bidirectional_stores_c_mu_plus_minus():
    m = tent_map_misiurewicz_bidirectional()
    ours = _entropy(m.stationary_distribution())
    theirs = bidirectional_complexity(tent_map_misiurewicz())
    assert abs(sympy.N(ours - theirs, 40)) < sympy.Float("1e-35")


@pytest.mark.parametrize("build", [tent_map_misiurewicz_reversed, tent_map_misiurewicz_bidirectional])
def test_tent_labels_accept_other_slopes_and_refuse_bad_ones(build):
    assert build(R(3, 2)).n_states in (3, 8)
    with pytest.raises(Exception, match="positive"):
        build(-1)
