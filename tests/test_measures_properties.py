"""Invariants of the measures over random machines (hypothesis)."""

import math

from hypothesis import given

from compmech import epsilon_machine
from compmech.measures import (
    bidirectional_complexity,
    cryptic_order,
    crypticity,
    entropy_rate,
    exactly_equal,
    excess_entropy,
    markov_order,
    reverse,
    reverse_statistical_complexity,
    statistical_complexity,
    synchronization_information,
    transient_information,
)
from compmech.measures._logs import Log2Sum
from compmech.measures.blocks import _myopic_raw
from compmech.testing import nonminimal_presentations, synchronizing_hmms


def _check_invariants(hmm):
    h, C, E = entropy_rate(hmm), statistical_complexity(hmm), excess_entropy(hmm)
    assert -1e-15 <= float(h) <= math.log2(hmm.n_symbols) + 1e-12
    assert float(E) <= float(C) + 1e-12
    assert float(crypticity(hmm)) >= -1e-12
    assert float(transient_information(hmm)) >= -1e-12
    assert float(synchronization_information(hmm)) >= float(C) - 1e-12
    assert exactly_equal(excess_entropy(reverse(hmm)), E)
    Cm, Cpm = reverse_statistical_complexity(hmm), bidirectional_complexity(hmm)
    assert float(Cpm) >= max(float(C), float(Cm)) - 1e-12
    assert exactly_equal(C + Cm - Cpm, E)


@given(synchronizing_hmms(min_states=2, max_states=6))
def test_invariants_on_synchronizing_machines(hmm):
    _check_invariants(hmm)
    R, k = markov_order(hmm), cryptic_order(hmm)
    assert math.inf > R and k <= R
    assert (k == 0) == exactly_equal(crypticity(hmm), 0)
    # h(R+1) = h_mu exactly and h(R) > h_mu: the structural order agrees with the definition
    from compmech.measures.rates import _unifilar_rate

    hmu = _unifilar_rate(epsilon_machine(hmm))
    hs = _myopic_raw(hmm, R + 1, None)
    assert hs[R] == hmu
    if R >= 1:
        assert hs[R - 1] != hmu and float(hs[R - 1] - hmu) > 0


MEASURES = (
    entropy_rate,
    statistical_complexity,
    excess_entropy,
    crypticity,
    transient_information,
    synchronization_information,
    markov_order,
    cryptic_order,
)


@given(nonminimal_presentations(synchronizing_hmms(max_states=4)))
def test_measures_do_not_depend_on_the_presentation(pair):
    """A nonunifilar presentation with a split state generates the same process: every measure is equal."""
    presentation, machine = pair
    assert not presentation.is_unifilar()
    for f in MEASURES:
        assert exactly_equal(f(presentation), f(machine)), f.__name__


@given(nonminimal_presentations(synchronizing_hmms(max_states=4), unifilar=True))
def test_measures_do_not_depend_on_a_unifilar_presentation(pair):
    presentation, machine = pair
    assert presentation.is_unifilar() and presentation.n_states == machine.n_states + 1
    for f in MEASURES:
        assert exactly_equal(f(presentation), f(machine)), f.__name__


@given(synchronizing_hmms(min_states=2, max_states=5))
def test_excess_entropy_is_the_limit_of_block_entropies(hmm):
    from compmech.measures._chain import synchronization_chain
    from compmech.measures.memory import _excess
    from compmech.measures.rates import _unifilar_rate

    em, chain = synchronization_chain(hmm)
    h = _unifilar_rate(em)
    E = _excess(chain)[0]
    # a synchronizing machine of n states has Markov order < n: H(L) - L h_mu = E exactly for L >= R
    L = markov_order(hmm)
    total = sum(_myopic_raw(hmm, L, None), Log2Sum())
    assert total - h * L == E


def _retrodiction_gaps(hmm, L_max):
    """``chi - H[S_0 | X_0..X_{L-1}, S_L]`` for ``L = 0 .. L_max``, by brute-force enumeration (float64).

    An independent computation: every (start state, word) path of the epsilon-machine is followed
    explicitly, ``H[S_0 | X^L, S_L] = H[S_0, X^L] - H[X^L, S_L] = C_mu + L h_mu - H[X^L, S_L]``.
    """
    import numpy as np

    em = epsilon_machine(hmm)
    T = em.to_numpy()
    pi = np.array([float(v) for v in em.stationary_distribution()])
    succ, prob = T.argmax(axis=2), T.max(axis=2)  # unifilar: one successor per (symbol, state)
    C = -sum(p * math.log2(p) for p in pi if p > 0)
    h, chi = float(entropy_rate(hmm)), float(crypticity(hmm))
    frontier, gaps = [(pi, np.arange(len(pi)))], []
    for L in range(L_max + 1):
        joint_entropy = 0.0
        for p0, s_L in frontier:  # p0[s] = Pr(S_0 = s, X^L = word); s_L[s] the state reached from s
            q = np.bincount(s_L, weights=p0, minlength=len(pi))
            q = q[q > 0]
            joint_entropy -= float(np.sum(q * np.log2(q)))
        gaps.append(chi - (C + L * h - joint_entropy))
        frontier = [
            (p0 * prob[x, s_L], succ[x, s_L])
            for p0, s_L in frontier
            for x in range(T.shape[0])
            if (p0 * prob[x, s_L]).sum() > 0
        ]
    return gaps


def _check_transient_synchronization_identity(hmm):
    """S - T = sum_{L=0}^{k-1} (chi - H[S_0 | X_0..X_{L-1}, S_L]), k the cryptic order (docs/theory_synchronization.md).

    Hence T <= S - chi when k >= 1, T == S exactly iff chi == 0, and T == S - chi when k == 1.
    """
    T, S, chi, k = (transient_information(hmm), synchronization_information(hmm), crypticity(hmm), cryptic_order(hmm))
    gaps = _retrodiction_gaps(hmm, k + 2)
    assert all(-1e-12 <= g <= float(chi) + 1e-12 for g in gaps)
    assert all(abs(g) < 1e-12 for g in gaps[k:])
    assert abs(sum(gaps[:k]) - float(S - T)) < 1e-9
    assert exactly_equal(T, S) == exactly_equal(chi, 0)
    if k >= 1:
        assert float(S - chi - T) >= -1e-12
    if k == 1:
        assert exactly_equal(T, S - chi)


@given(synchronizing_hmms(min_states=2, max_states=5))
def test_transient_information_from_synchronization_and_crypticity(hmm):
    _check_transient_synchronization_identity(hmm)


def test_transient_synchronization_identity_on_the_catalog():
    from compmech.processes import even, golden_mean, period, rrxor, z1r

    for hmm in (golden_mean(), golden_mean("1/3"), even("1/3"), rrxor(), z1r(), period("0011")):
        _check_transient_synchronization_identity(hmm)
