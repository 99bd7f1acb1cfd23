"""Invariants of the measures over random machines (hypothesis)."""

import math

from hypothesis import assume, given, settings

from compmech import epsilon_machine
from compmech.errors import InfiniteStatesError
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
    transient_information,
    synchronization_information,
)
from compmech.measures._logs import Log2Sum
from compmech.measures.blocks import _myopic_raw
from compmech.testing import synchronizing_hmms, unifilar_hmms


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


@settings(max_examples=15)
@given(synchronizing_hmms(min_states=2, max_states=6))
def test_invariants_on_synchronizing_machines(hmm):
    _check_invariants(hmm)
    R, k = markov_order(hmm), cryptic_order(hmm)
    assert R < math.inf and k <= R
    assert (k == 0) == exactly_equal(crypticity(hmm), 0)
    # h(R+1) = h_mu exactly and h(R) > h_mu: the structural order agrees with the definition
    from compmech.measures.rates import _unifilar_rate

    hmu = _unifilar_rate(epsilon_machine(hmm))
    hs = _myopic_raw(hmm, R + 1, None)
    assert hs[R] == hmu
    if R >= 1:
        assert hs[R - 1] != hmu and float(hs[R - 1] - hmu) > 0


@settings(max_examples=15)
@given(unifilar_hmms(max_states=4, max_symbols=2))
def test_invariants_on_unifilar_machines_with_finite_msp(hmm):
    try:
        _check_invariants(hmm)
    except InfiniteStatesError:
        assume(False)


@settings(max_examples=15)
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
