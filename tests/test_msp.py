"""Mixed-state presentations against literature values and against a second algorithm."""

import networkx as nx
import numpy as np
import pytest
import sympy

import compmech.presentations._msp_build as build
from compmech import mixed_state_presentation
from compmech.errors import (
    InvalidArgumentError,
    MSPIncompleteError,
    MSPTooLargeError,
    SymbolicParameterError,
)
from compmech.processes import even, golden_mean, mess3, period, random_hmm, rrxor, sns, z1r

R = sympy.Rational


@pytest.mark.parametrize(
    "hmm, n_nodes, n_recurrent",
    [(golden_mean(), 3, 2), (even(), 4, 2), (rrxor(), 36, 5), (z1r(), 7, 3), (period("001"), 5, 3)],
)
def test_msp_sizes(hmm, n_nodes, n_recurrent):
    msp = mixed_state_presentation(hmm)
    assert msp.complete
    assert msp.n_nodes == n_nodes == msp.graph.number_of_nodes()
    assert len(msp.recurrent_states) == n_recurrent
    assert len(msp.transient_states) == n_nodes - n_recurrent


def test_golden_mean_msp_by_hand():
    msp = mixed_state_presentation(golden_mean())
    # root pi = (2/3, 1/3); after 0 -> A for sure; after 1 -> B for sure.
    assert msp.beliefs == [(R(2, 3), R(1, 3)), (1, 0), (0, 1)]
    G = msp.graph
    assert G.edges[0, 1, 0]["probability"] == R(2, 3)
    assert G.edges[0, 2, 1]["probability"] == R(1, 3)
    assert G.edges[1, 1, 0]["probability"] == R(1, 2)
    assert G.edges[2, 1, 0]["probability"] == 1
    assert [G.nodes[u]["recurrent"] for u in G] == [False, True, True]
    assert [G.nodes[u]["depth"] for u in G] == [0, 1, 1]


def test_rrxor_structure():
    msp = mixed_state_presentation(rrxor())
    assert sum(msp.nodes_per_depth()) == 36 and msp.nodes_per_depth()[:4] == [1, 2, 4, 8]
    G = msp.graph
    assert list(nx.attracting_components(G)) == [set(msp.recurrent_states)]
    # recurrent beliefs are exactly the five delta distributions
    deltas = {tuple(int(i == j) for i in range(5)) for j in range(5)}
    assert {msp.beliefs[u] for u in msp.recurrent_states} == deltas


@pytest.mark.parametrize("depth", range(0, 9))
def test_mess3_beliefs_all_distinct(depth):
    msp = mixed_state_presentation(mess3(), max_depth=depth)
    assert msp.nodes_per_depth() == [3**d for d in range(depth + 1)]
    assert not msp.complete


@pytest.mark.slow
def test_mess3_depth_10_counts():
    msp = mixed_state_presentation(mess3(), max_depth=10)
    assert msp.nodes_per_depth() == [3**d for d in range(11)]
    assert not msp.complete


@pytest.mark.parametrize("hmm", [golden_mean(), even(), rrxor(), z1r(), sns(), mess3(), random_hmm(4, 3, seed=3)])
def test_integer_and_generic_builders_agree(hmm):
    depth = None if hmm.is_unifilar() else 5
    a = mixed_state_presentation(hmm, max_depth=depth, method="integer")
    b = mixed_state_presentation(hmm, max_depth=depth, method="generic")
    assert a.n_nodes == b.n_nodes
    assert a.beliefs == b.beliefs
    for x, y in zip(a.edges, b.edges):
        np.testing.assert_array_equal(x, y)
    assert a.edge_probabilities == b.edge_probabilities
    np.testing.assert_array_equal(a.depths, b.depths)
    np.testing.assert_allclose(a.beliefs_float, b.beliefs_float, rtol=0, atol=1e-14)


@pytest.mark.parametrize("primes", [(7, 11), (2, 3), (5, 5), (7,), (2,)])
@pytest.mark.parametrize("hmm", [rrxor(), z1r(), mess3(), random_hmm(5, 2, seed=8), sns("1/3", "1/5")])
def test_tiny_hash_primes_force_exact_fallbacks(monkeypatch, primes, hmm):
    """With tiny primes most keys collide and many sums vanish mod p: merging must stay exact."""
    depth = None if hmm.is_unifilar() else 4
    ref = mixed_state_presentation(hmm, max_depth=depth, method="generic")
    monkeypatch.setattr(build, "HASH_PRIMES", primes)
    got = mixed_state_presentation(hmm, max_depth=depth, method="integer")
    assert got.beliefs == ref.beliefs
    for x, y in zip(got.edges, ref.edges):
        np.testing.assert_array_equal(x, y)


def test_parametric_golden_mean():
    p = sympy.Symbol("p")
    msp = mixed_state_presentation(golden_mean(p))
    assert msp.n_nodes == 3 and msp.complete
    assert msp.beliefs == [(1 / (p + 1), p / (p + 1)), (1, 0), (0, 1)]
    assert msp.graph.edges[0, 1, 0]["probability"] == 1 / (p + 1)
    # evaluating the symbolic MSP at a rational point gives the numeric MSP
    num = mixed_state_presentation(golden_mean(R(1, 3)))
    assert [tuple(v.subs(p, R(1, 3)) for v in b) for b in msp.beliefs] == num.beliefs
    with pytest.raises(SymbolicParameterError):
        _ = msp.beliefs_float


def test_parametric_beliefs_are_rational_functions():
    p = sympy.Symbol("p")
    msp = mixed_state_presentation(sns(p, R(1, 2)), max_depth=3)
    for b in msp.beliefs:
        assert sum(b).equals(1)
        assert all(sympy.fraction(sympy.cancel(v))[1].is_polynomial(p) for v in b)


def test_too_large_says_how_many_and_where():
    with pytest.raises(MSPTooLargeError, match=r"max_states=100 states: 121 distinct beliefs were found by depth 4"):
        mixed_state_presentation(mess3(), max_states=100)
    with pytest.raises(MSPTooLargeError, match="121 distinct beliefs were found by depth 4"):
        mixed_state_presentation(mess3(), max_states=100, method="generic")


def test_truncated_msp_refuses_recurrent_part():
    msp = mixed_state_presentation(mess3(), max_depth=3)
    assert not msp.complete
    with pytest.raises(MSPIncompleteError, match="depth 3"):
        _ = msp.recurrent_states
    with pytest.raises(MSPIncompleteError):
        msp.to_hmm()
    assert not any(d["recurrent"] for _, d in msp.graph.nodes(data=True))


def test_max_depth_that_reaches_closure_is_complete():
    msp = mixed_state_presentation(rrxor(), max_depth=7)
    assert msp.complete and msp.n_nodes == 36
    assert not mixed_state_presentation(rrxor(), max_depth=6).complete


def test_bad_arguments():
    with pytest.raises(InvalidArgumentError, match="max_depth"):
        mixed_state_presentation(rrxor(), max_depth=-1)
    with pytest.raises(InvalidArgumentError, match="method"):
        mixed_state_presentation(rrxor(), method="fast")
    with pytest.raises(SymbolicParameterError):
        mixed_state_presentation(golden_mean(sympy.Symbol("p")), method="integer")


def test_to_hmm_reproduces_word_probabilities():
    h = z1r()
    m = mixed_state_presentation(h).to_hmm()
    for w in ["0", "01", "011", "0110", "1101", "00"]:
        assert m.word_probability(w, start=[1] + [0] * (m.n_states - 1)) == h.word_probability(w)


def test_exact_belief_matches_hmm_belief():
    h = mess3()
    msp = mixed_state_presentation(h, max_depth=4)
    for u in [0, 1, 5, 17, 100]:
        word, v = [], u
        while msp.parents[v] >= 0:
            word.append(int(msp.symbol_indices[v]))
            v = int(msp.parents[v])
        assert msp.belief(u) == h.belief(word[::-1])


def test_generic_builder_reads_the_sign_of_algebraic_and_transcendental_probabilities():
    """``1/2 - sqrt(5)/10`` is positive though its leading coefficient in ``QQ<sqrt(5)>`` is negative."""
    from compmech import HMM

    p = (3 - sympy.sqrt(5)) / 2  # the golden mean's Parry measure
    parry = HMM([[[1 - p, 0], [1, 0]], [[0, p], [0, 0]]])
    assert mixed_state_presentation(parry).graph.number_of_nodes() == 3
    e = sympy.exp(sympy.Rational(3, 10))  # a transcendental entry: the expression domain
    q = e / (e + sympy.sqrt(2) + 1)
    h = HMM([[[1 - q, 0], [1, 0]], [[0, q], [0, 0]]])
    assert mixed_state_presentation(h).graph.number_of_nodes() == 3


@pytest.mark.parametrize("hmm", [golden_mean(), mess3(), random_hmm(4, 2, seed=5)])
def test_exact_vectors_of_the_generic_builder_equal_the_integer_builders(hmm):
    """The generic builder records no integer start vector; its exact vectors come from the root's belief."""
    a = mixed_state_presentation(hmm, max_depth=4, method="integer")
    b = mixed_state_presentation(hmm, max_depth=4, method="generic")
    Va, Vb = a.exact.vectors.to_object(), b.exact.vectors.to_object()
    sa, sb = a.exact.normalizers.to_object(), b.exact.normalizers.to_object()
    assert Va.shape == Vb.shape
    for u in range(Va.shape[0]):  # the same beliefs: proportional rows
        assert all(x * sb[u] == y * sa[u] for x, y in zip(Va[u], Vb[u]))
