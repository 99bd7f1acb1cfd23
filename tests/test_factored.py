"""Factored processes (issue #38): exact joint laws, dimensions and the cost of the factored hypothesis.

Every expected value is derived independently of compmech's construction: hand enumerations of the
joint laws, the rank of explicitly enumerated beliefs, a float64 numpy brute force of the KL sum.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compmech import HMM
from compmech.algebra import Factored, factored, product
from compmech.errors import BudgetExceededError, CompmechError, InvalidArgumentError, ProbabilityRangeError, ShapeError
from compmech.measures import factoring_cost
from compmech.processes import biased_coin, even, golden_mean, mess3, period, tom_quantum
from compmech.testing import dense_rational_hmm

M2 = [mess3(), mess3("1/10", "3/5")]


def _words(alphabet, L):
    return list(itertools.product(alphabet, repeat=L))


# ------------------------------------------------------------------ the joint law
def test_independent_equals_product_word_by_word():
    f = factored(M2)
    p = product(*M2)
    assert isinstance(f, Factored) and f.structure == "independent"
    assert f.alphabet == p.alphabet and f.states == p.states
    for w in _words(f.alphabet, 2):
        assert f.word_probability(w) == p.word_probability(w)
        assert f.word_probability(w) == M2[0].word_probability([a for a, _ in w]) * M2[1].word_probability(
            [b for _, b in w]
        )


def test_product_accepts_ghmms():
    g = product(tom_quantum(), golden_mean())
    f = factored([tom_quantum(), golden_mean()])
    assert not g.is_classical() and not f.is_classical()
    for w in _words(g.alphabet, 2):
        a, b = [x for x, _ in w], [y for _, y in w]
        want = tom_quantum().word_probability(a) * golden_mean().word_probability(b)
        assert g.word_probability(w) == want == f.word_probability(w)
    assert f.marginal_beliefs([(0, 0)]) == (tom_quantum().belief([0]), golden_mean().belief([0]))


def test_chain_against_hand_enumeration():
    # factor 0: golden mean; factor 1: a coin whose bias is chosen by factor 0's token at the same step
    coins = [biased_coin("1/10"), biased_coin("2/3")]  # Pr(1) = 1/10 or 2/3
    f = factored([golden_mean(), coins], "chain", [None, [0, 1]])
    pr0 = {0: [Fraction(9, 10), Fraction(1, 10)], 1: [Fraction(1, 3), Fraction(2, 3)]}
    for w in _words(f.alphabet, 3):
        gm = golden_mean().word_probability([a for a, _ in w])
        want = Fraction(int(gm.p), int(gm.q))
        for a, b in w:
            want *= pr0[a][b]
        assert f.word_probability(w) == sympy.Rational(want.numerator, want.denominator)


def test_fully_conditional_against_hand_enumeration():
    # two one-state factors: Pr(t) = prod_i p_i^(k_i)(t_i) / Z with k_i chosen by the other token
    a = [biased_coin("1/2"), biased_coin("1/5")]  # Pr(1)
    b = [biased_coin("3/4"), biased_coin("1/3")]
    f = factored([a, b], "fully", [[0, 1], [1, 0]])  # factor 0 switches when t1 = 1; factor 1 when t0 = 0
    p0 = [[Fraction(1, 2), Fraction(1, 2)], [Fraction(4, 5), Fraction(1, 5)]]
    p1 = [[Fraction(1, 4), Fraction(3, 4)], [Fraction(2, 3), Fraction(1, 3)]]
    raw = {(x, y): p0[[0, 1][y]][x] * p1[[1, 0][x]][y] for x in (0, 1) for y in (0, 1)}
    Z = sum(raw.values())
    for t, v in raw.items():
        assert f.word_probability([t]) == sympy.Rational((v / Z).numerator, (v / Z).denominator)
    # and a two-state case against a numpy brute force of the normalized product law
    g = factored([[golden_mean(), even()], [even(), golden_mean()]], "fully", [[0, 1], [1, 0]])
    A = [h.to_numpy() for h in (golden_mean(), even())]
    B = [h.to_numpy() for h in (even(), golden_mean())]
    W = np.zeros((2, 2, 2, 2, 2, 2))  # t0, t1, s0, s1, s0', s1'
    for x, y in itertools.product((0, 1), repeat=2):
        W[x, y] = np.einsum("ac,bd->abcd", A[[0, 1][y]][x], B[[1, 0][x]][y])
    W /= W.sum(axis=(0, 1, 4, 5))[None, None, :, :, None, None]
    got = g.to_numpy().reshape(2, 2, 2, 2, 2, 2)
    assert np.allclose(got, W)


def test_noise_is_a_symmetric_channel():
    eps = sympy.Rational(1, 10)
    f = factored(M2, noise=eps)
    p = product(*M2)
    for w in _words(f.alphabet, 1):
        want = (1 - eps) * p.word_probability(w) + eps / 9
        assert f.word_probability(w) == want
    assert f.noise == eps and f.dimensions()["joint"] == 8


def test_marginal_beliefs_are_the_factors_beliefs_when_independent():
    f = factored([golden_mean(), mess3()])
    w = [(0, 2), (1, 0)]
    assert f.marginal_beliefs(w) == (golden_mean().belief([0, 1]), mess3().belief([2, 0]))


# ------------------------------------------------------------------- dimensions
def _enumerated_rank(f, depth):
    """Affine dimension of every belief up to ``depth`` (exact rank of their differences)."""
    beliefs = [f.belief(w) for d in range(depth + 1) for w in _words(f.alphabet, d) if f.word_probability(w) != 0]
    rows = [[a - b for a, b in zip(v, beliefs[0])] for v in beliefs[1:]]
    joint = sympy.Matrix(rows).rank()
    marg = [[f.marginal_beliefs(w) for d in range(depth + 1) for w in _words(f.alphabet, d) if f.word_probability(w)]]
    fact = 0
    for i in range(len(f.factors)):
        ms = [m[i] for m in marg[0]]
        fact += sympy.Matrix([[a - b for a, b in zip(v, ms[0])] for v in ms[1:]]).rank()
    return joint, fact


@pytest.mark.parametrize(
    "f",
    [
        factored(M2),
        factored([golden_mean(), even()]),
        factored([golden_mean(), [biased_coin("1/3"), biased_coin("3/4")]], "chain", [None, [0, 1]]),
        factored([[golden_mean(), even()], [even(), golden_mean()]], "fully", [[0, 1], [1, 0]]),
        factored([period([0, 1]), biased_coin("1/3")]),
    ],
)
def test_dimensions_against_enumerated_beliefs(f):
    joint, fact = _enumerated_rank(f, 3)
    assert f.dimensions() == {"joint": joint, "factored": fact, "subspaces": 2}


def test_three_mess3_dimensions():
    f = factored([mess3(), mess3("1/10", "3/5"), mess3("3/20", "1/2")])
    assert f.dimensions() == {"joint": 26, "factored": 6, "subspaces": 3}


# --------------------------------------------------------------------- the cost
def _brute_cost(f, L):
    """float64: sum over words of Pr(w) KL(b_w R || b^_w R), enumerating words."""
    T = f.to_numpy()
    eta, tau = (np.array([float(v) for v in f.eta]), np.array([float(v) for v in f.tau]))
    sizes = [g.n_states for g in f.factors]
    R = np.einsum("xij,j->ix", T, tau)
    total = 0.0
    for w in itertools.product(range(f.n_symbols), repeat=L):
        v = eta.copy()
        for x in w:
            v = v @ T[x]
        pw = v @ tau
        if pw <= 0:
            continue
        b = (v / pw).reshape(sizes)  # classical factors: a marginal is a sum over the other axes
        marg = [b.sum(axis=tuple(j for j in range(len(sizes)) if j != i)) for i in range(len(sizes))]
        bh = marg[0]
        for m in marg[1:]:
            bh = np.outer(bh, m).ravel()
        p, q = b.ravel() @ R, bh @ R
        mask = p > 0
        total += pw * float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))
    return total


@pytest.mark.parametrize("L", [0, 1, 2])
def test_cost_against_numpy_brute_force(L):
    cases = [
        factored(M2, noise="1/5"),
        factored([golden_mean(), [golden_mean(), even()]], "chain", [None, [0, 1]]),
        factored([[golden_mean(), even()], [even(), golden_mean()]], "fully", [[0, 1], [1, 0]]),
    ]
    for f in cases:
        exact = factoring_cost(f, L)
        assert exact >= 0
        assert math.isclose(float(exact), _brute_cost(f, L), rel_tol=1e-9, abs_tol=1e-14)


def test_cost_is_an_exact_zero_for_independent_factors():
    f = factored([mess3(), mess3("1/10", "3/5"), mess3("3/20", "1/2")])
    for L in (0, 1, 2):
        c = factoring_cost(f, L)
        assert c == 0 and c is sympy.S.Zero
    assert factoring_cost(factored([golden_mean(), even()]), None) is sympy.S.Zero


def test_chain_cost_comes_from_the_start_and_decays():
    a, b, c = (dense_rational_hmm(2, 2, 1, seed=s) for s in (1, 2, 3))
    f = factored([a, [b, c]], "chain", [None, [0, 1]])
    costs = [float(factoring_cost(f, L)) for L in range(4)]
    assert costs[0] > 0 and all(y < x / 50 for x, y in zip(costs, costs[1:]))


def test_fully_and_noise_stay_positive():
    f = factored([[golden_mean(), even()], [even(), golden_mean()]], "fully", [[0, 1], [1, 0]])
    n = factored(M2, noise="1/5")
    for g in (f, n):
        assert all(float(factoring_cost(g, L)) > 0 for L in (1, 2))
    # not automatic: Mess3 factors (emission set by the state entered) coupled fully return to products
    m = factored([[mess3(), mess3("1/20", "1/2")], [mess3(), mess3("1/20", "1/2")]], "fully", [[0, 0, 1], [0, 0, 1]])
    assert float(factoring_cost(m, 1)) > 0 and factoring_cost(m, 2) is sympy.S.Zero


def test_stationary_limit_needs_a_finite_msp():
    g = factored([golden_mean(), [golden_mean(), even()]], "chain", [None, [0, 1]])
    assert float(factoring_cost(g, None)) >= 0
    with pytest.raises(CompmechError, match="did not close"):
        factoring_cost(factored(M2, noise="1/5"), None, max_states=50)


# ---------------------------------------------------------------------- errors
def test_bad_parameters_raise_clear_errors():
    with pytest.raises(ShapeError, match="variant 1 has 2 states"):
        factored([[biased_coin(), golden_mean()]])
    with pytest.raises(ShapeError, match="one entry per factor"):
        factored([golden_mean(), [even(), golden_mean()]], "chain", [None])
    with pytest.raises(ShapeError, match="needs one per element"):
        factored([golden_mean(), [even(), golden_mean()]], "chain", [None, [0, 1, 0]])
    with pytest.raises(InvalidArgumentError, match="not a variant index"):
        factored([golden_mean(), [even(), golden_mean()]], "chain", [None, [0, 2]])
    with pytest.raises(InvalidArgumentError, match="control\\[0\\] must be None"):
        factored([golden_mean(), [even(), golden_mean()]], "chain", [[0, 1], [0, 1]])
    with pytest.raises(InvalidArgumentError, match="structure"):
        factored([golden_mean()], "tree")
    with pytest.raises(ProbabilityRangeError, match="noise"):
        factored([golden_mean()], noise="3/2")
    with pytest.raises(InvalidArgumentError, match="classical"):
        factored([tom_quantum(), golden_mean()], "fully", [None, None])
    with pytest.raises(BudgetExceededError):
        factored([mess3()] * 5)
    with pytest.raises(BudgetExceededError, match="max_terms"):
        factoring_cost(factored([mess3(), mess3("1/10", "3/5"), mess3("3/20", "1/2")], noise="1/10"), 3)
    with pytest.raises(InvalidArgumentError, match="factored process"):
        factoring_cost(golden_mean(), 1)


def test_variant_alphabets_must_agree():
    other = HMM({0: [["1/2", "0"], ["1", "0"]], 2: [["0", "1/2"], ["0", "0"]]}, name="golden mean on 0, 2")
    with pytest.raises(ShapeError, match="alphabet"):
        factored([[golden_mean(), other]])


# ------------------------------------------------------------------ properties
@st.composite
def factor_pairs(draw):
    n1, n2 = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    seeds = draw(st.lists(st.integers(0, 10**6), min_size=3, max_size=3))
    a = dense_rational_hmm(n1, 2, 1, seed=seeds[0])
    b = [dense_rational_hmm(n2, 2, 1, seed=seeds[1]), dense_rational_hmm(n2, 2, 1, seed=seeds[2])]
    return a, b


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(factor_pairs(), st.integers(0, 2))
def test_cost_properties_over_random_factor_pairs(pair, L):
    a, b = pair
    indep = factored([a, b[0]])
    assert factoring_cost(indep, L) is sympy.S.Zero
    chain = factored([a, b], "chain", [None, [0, 1]])
    c0, c3 = factoring_cost(chain, 0), factoring_cost(chain, 3)
    assert c0 >= 0 and c3 >= 0
    assert float(c3) <= float(c0) + 1e-15  # dense (mixing) factors forget the correlated start
    fully = factored([[a, a], b], "fully", [[0, 1], [0, 1]])
    assert factoring_cost(fully, L) >= 0
