"""Invariants over random HMMs (hypothesis)."""

from fractions import Fraction

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from compmech import epsilon_machine, is_isomorphic, minimize, mixed_state_presentation
from compmech.kernel.exact import as_fraction
from compmech.processes import period
from compmech.testing import hmms, nonminimal_presentations, synchronizing_hmms, unifilar_hmms

DEPTH = 4


def _depth_distributions(msp, L):
    """Exact distribution over MSP nodes after each word length 0..L, via the edges."""
    probs = msp.edge_probabilities
    src, _, dst = msp.edges
    out_edges = {}
    for (u, v), p in zip(zip(src.tolist(), dst.tolist()), probs):
        out_edges.setdefault(u, []).append((v, as_fraction(p)))
    dist = {0: Fraction(1)}
    dists = [dist]
    for _ in range(L):
        nxt = {}
        for u, pu in dist.items():
            for v, p in out_edges[u]:
                nxt[v] = nxt.get(v, 0) + pu * p
        dist = nxt
        dists.append(dist)
    return dists


@given(hmms(max_states=4))
def test_beliefs_sum_to_one_and_mean_belief_is_stationary(hmm):
    msp = mixed_state_presentation(hmm, max_depth=DEPTH, max_states=None)
    beliefs = [tuple(as_fraction(v) for v in b) for b in msp.beliefs]
    assert all(sum(b) == 1 and min(b) >= 0 for b in beliefs)
    pi = [as_fraction(v) for v in hmm.stationary_distribution()]
    for dist in _depth_distributions(msp, DEPTH):
        assert sum(dist.values()) == 1
        mean = [sum(p * beliefs[u][i] for u, p in dist.items()) for i in range(hmm.n_states)]
        assert mean == pi


@given(hmms(max_states=4))
def test_builders_agree(hmm):
    a = mixed_state_presentation(hmm, max_depth=3, max_states=None, method="integer")
    b = mixed_state_presentation(hmm, max_depth=3, max_states=None, method="generic")
    assert a.beliefs == b.beliefs and a.edge_probabilities == b.edge_probabilities


@given(hmms(max_states=4))
def test_float_and_exact_paths_agree(hmm):
    msp = mixed_state_presentation(hmm, max_depth=DEPTH, max_states=None)
    exact = np.array([[float(v) for v in b] for b in msp.beliefs])
    np.testing.assert_allclose(msp.beliefs_float, exact, rtol=0, atol=1e-12)
    np.testing.assert_allclose(msp.edge_probabilities_float, [float(p) for p in msp.edge_probabilities], atol=1e-12)
    T = hmm.to_numpy()
    pi = np.array([float(v) for v in hmm.stationary_distribution()])
    word = [i % hmm.n_symbols for i in range(5)]
    v = pi
    for x in word:
        v = v @ T[x]
    assert abs(v.sum() - float(hmm.word_probability(word))) < 1e-12


@given(unifilar_hmms(max_states=6))
def test_epsilon_machine_is_a_fixed_point(hmm):
    em = epsilon_machine(hmm)
    assert em.is_unifilar()
    assert is_isomorphic(epsilon_machine(em), em)
    assert is_isomorphic(minimize(em), em)
    m1 = minimize(hmm)
    assert is_isomorphic(minimize(m1), m1)
    # the epsilon-machine generates the same process
    for word in ([0], [0, 1], [1, 1, 0], [0, 0, 1, 0]):
        word = [hmm.alphabet[x % hmm.n_symbols] for x in word]
        assert em.word_probability(word) == hmm.word_probability(word)


@given(nonminimal_presentations(synchronizing_hmms(max_states=5), unifilar=True))
def test_msp_recurrent_part_is_the_epsilon_machine(pair):
    """The MSP of a redundant unifilar presentation closes; its recurrent part minimizes to the machine."""
    presentation, machine = pair
    msp = mixed_state_presentation(presentation)
    rec = minimize(msp.to_hmm(nodes=msp.recurrent_states))
    assert is_isomorphic(rec, epsilon_machine(machine))
    assert is_isomorphic(epsilon_machine(presentation), epsilon_machine(machine))


@given(st.one_of(hmms(max_states=4), unifilar_hmms(max_states=4)))
def test_save_and_load_are_inverse(hmm):
    from compmech.io import hmm_from_dict, hmm_to_dict

    assert hmm_from_dict(hmm_to_dict(hmm)) == hmm


def _future_classes(hmm):
    """Classes of states with equal Pr(w | s) for every word of length < n_states (Moore's bound), by brute force."""
    import itertools

    T = [[[as_fraction(v) for v in row] for row in m.tolist()] for m in hmm.matrices.values()]
    n, k = hmm.n_states, hmm.n_symbols
    words = [w for L in range(1, n) for w in itertools.product(range(k), repeat=L)]

    def prob(s, w):
        v = [Fraction(0)] * n
        v[s] = Fraction(1)
        for x in w:
            v = [sum(v[i] * T[x][i][j] for i in range(n)) for j in range(n)]
        return sum(v)

    return len({tuple(prob(s, w) for w in words) for s in range(n)})


@example(period("000111"))  # needs two refinement rounds beyond the first split by emissions
@example(period("0010011"))
@given(st.one_of(unifilar_hmms(max_states=6, max_symbols=2, max_weight=1), unifilar_hmms(max_states=5)))
def test_minimize_against_brute_force_futures(hmm):
    m = minimize(hmm)
    assert m.n_states == _future_classes(hmm)
    for w in ([0], [1, 1], [0, 1, 0], [1, 0, 0, 1]):
        word = [hmm.alphabet[x % hmm.n_symbols] for x in w]
        assert m.word_probability(word) == hmm.word_probability(word)
