"""Epsilon-machines, minimization and isomorphism."""

import pytest
import sympy

from compmech import HMM, epsilon_machine, is_isomorphic, minimize, mixed_state_presentation
from compmech.errors import InfiniteStatesError, NotUnifilarError
from compmech.processes import even, golden_mean, mess3, period, random_hmm, rrxor, sns, z1r

R = sympy.Rational


@pytest.mark.parametrize(
    "hmm, size", [(golden_mean(), 2), (even(), 2), (rrxor(), 5), (z1r(), 3), (period("0011"), 4), (period("0101"), 2)]
)
def test_epsilon_machine_sizes(hmm, size):
    assert epsilon_machine(hmm).n_states == size


def test_rrxor_is_its_own_epsilon_machine():
    assert is_isomorphic(epsilon_machine(rrxor()), rrxor())


def test_msp_route_equals_unifilar_route():
    for h in [
        golden_mean(),
        even(),
        rrxor(),
        z1r(),
        random_hmm(6, 2, seed=5, unifilar=True),
        random_hmm(6, 2, seed=8, unifilar=True),
    ]:
        msp = mixed_state_presentation(h)
        via_msp = minimize(msp.to_hmm(nodes=msp.recurrent_states))
        assert is_isomorphic(via_msp, epsilon_machine(h))


def test_redundant_presentation_is_minimized():
    # golden mean with state A split into two identical copies A1, A2
    h = HMM(
        {0: [["1/4", "1/4", 0], ["1/4", "1/4", 0], ["1/2", "1/2", 0]], 1: [[0, 0, "1/2"], [0, 0, "1/2"], [0, 0, 0]]},
        states=["A1", "A2", "B"],
    )
    # not unifilar (A1 on 0 goes to A1 or A2), so the MSP route is used
    em = epsilon_machine(h)
    assert em.n_states == 2 and is_isomorphic(em, golden_mean())


def test_nonunifilar_presentation_of_a_finite_machine():
    # the golden mean seen through a nonunifilar presentation still has 2 causal states
    h = HMM({0: [["1/2", 0], [1, 0]], 1: [[0, "1/2"], [0, 0]]})
    assert is_isomorphic(epsilon_machine(h), golden_mean())


@pytest.mark.parametrize("hmm", [mess3(), sns()])
def test_infinite_machines_raise(hmm):
    with pytest.raises(InfiniteStatesError, match="did not close within max_states=2000"):
        epsilon_machine(hmm, max_states=2000)


def test_minimize_requires_unifilar():
    with pytest.raises(NotUnifilarError, match="state 'A' has several successors on symbol 0"):
        minimize(sns())


def test_isomorphism_is_exact():
    assert not is_isomorphic(golden_mean("1/3"), golden_mean("1/2"))
    relabeled = HMM({0: [[0, 1], [0, "1/2"]], 1: [[0, 0], ["1/2", 0]]}, states=["B", "A"])
    assert is_isomorphic(relabeled, golden_mean())


def test_parametric_epsilon_machine():
    p = sympy.Symbol("p")
    em = epsilon_machine(golden_mean(p))
    assert em.n_states == 2
    assert em.stationary_distribution() == (1 / (p + 1), p / (p + 1))
