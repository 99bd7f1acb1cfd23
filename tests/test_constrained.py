"""Constrained belief updates (issue #39): exact eigenvalues, heads, OV vectors, weights and geometry.

Every expected value is derived independently: eigenvalues by hand (Mess3: T = (1 - 3x) I + x J), the
constrained belief by a numpy implementation of the same formula, the exact belief by Bayes' rule.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from sympy import Rational as R

from compmech import constrained_update
from compmech.errors import InvalidArgumentError
from compmech.processes import golden_mean, mess3, period, random_hmm, rrxor

W3 = sympy.exp(2 * sympy.pi * sympy.I / 3)


@pytest.mark.parametrize("x", [R(1, 20), R(3, 20), R(1, 10), R(1, 5), R(7, 15), R(1, 2)])
def test_mess3_decay_is_one_minus_3x_twice(x):
    cu = constrained_update(mess3(x, R(3, 5)))
    assert cu.decay == ((1 - 3 * x, 2),)
    assert cu.heads == (1 if 1 - 3 * x > 0 else 2)


def test_hand_eigenvalues_of_rrxor_golden_mean_and_period3():
    # RRXOR: S -> {0,1} -> {T,F} -> S is a 3-cycle of phases; the rest is nilpotent: 1, w, w^2, 0, 0
    cu = constrained_update(rrxor())
    assert {v: m for v, m in cu.decay} == {W3: 1, sympy.exp(-2 * sympy.pi * sympy.I / 3): 1, 0: 2}
    # one token never reveals RRXOR's phase: the update has no component on the rotating eigenvalues
    assert cu.heads == 0
    # golden mean: T = [[1-p, p], [1, 0]], eigenvalues 1 and -p
    for p in (R(1, 2), R(1, 3)):
        assert constrained_update(golden_mean(p)).decay == ((-p, 1),)
    # period 3: a permutation matrix, eigenvalues the cube roots of unity; three heads (d mod 3)
    cu = constrained_update(period("001"))
    values = [complex(sympy.N(v)) for v, _ in cu.decay]
    assert sorted((round(z.real, 12), round(z.imag, 12)) for z in values) == [
        (-0.5, -0.866025403784),
        (-0.5, 0.866025403784),
    ]
    assert cu.heads == 3 and cu.groups[0].period == 3 and cu.groups[0].exact


@pytest.mark.parametrize(
    "x1, x2, lams, heads",
    [
        (R(1, 10), R(1, 10), (R(7, 10), R(7, 10)), 1),
        (R(1, 10), R(1, 5), (R(7, 10), R(2, 5)), 2),
        (R(1, 10), R(7, 15), (R(7, 10), R(-2, 5)), 3),
        (R(1, 5), R(7, 15), (R(2, 5), R(-2, 5)), 2),
    ],
)
def test_heads_of_products_of_two_mess3(x1, x2, lams, heads):
    cu = constrained_update(mess3(x1), mess3(x2))
    expected: dict = {}
    for lam in lams:
        expected[lam] = expected.get(lam, 0) + 2
    assert dict(cu.decay) == expected  # the factors' own eigenvalues, not their products
    assert cu.heads == heads
    assert len(cu.ov) == heads and len(cu.weights(5)) == heads


def _numpy_constrained(hmm, word):
    """``pi + sum_s delta_(x_s) T^(n-s)`` in float64 (an independent implementation)."""
    Ts = hmm.to_numpy()
    T = Ts.sum(0)
    pi = np.array([float(v) for v in hmm.stationary_distribution()])
    b = pi.copy()
    n = len(word)
    for s, x in enumerate(hmm.symbol_indices(word)):
        eta = pi @ Ts[x]
        b += (eta / eta.sum() - pi) @ np.linalg.matrix_power(T, n - 1 - s)
    return b


@pytest.mark.parametrize("hmm", [mess3(R(3, 20), R(3, 5)), mess3(R(1, 2), R(3, 5)), golden_mean(), rrxor()])
def test_beliefs_match_numpy_and_the_exact_belief_for_one_token(hmm):
    cu = constrained_update(hmm)
    for word in itertools.islice(itertools.product(hmm.alphabet, repeat=4), 0, None, 7):
        if hmm.word_probability(word) == 0:
            continue
        got = np.array([float(v) for v in cu.beliefs(word)])
        assert np.allclose(got, _numpy_constrained(hmm, list(word)), atol=1e-12)
    for x in hmm.alphabet:
        if hmm.word_probability([x]) != 0:
            assert cu.beliefs([x]) == hmm.belief([x]) == cu.beliefs([x], normalized=True)


def test_mess3_constrained_differs_from_bayes_after_two_tokens():
    hmm = mess3(R(3, 20), R(3, 5))
    cu = constrained_update(hmm)
    assert cu.beliefs("01") != hmm.belief("01")
    assert cu.exact_belief("01") == hmm.belief("01")


def test_heads_times_unnormalized_weights_rebuild_the_constrained_belief():
    """``pi + sum_h sum_s |lambda|^d ov_h[x_s]`` must equal ``b(w)`` (no eigenvalue 0 here)."""
    for procs in ([mess3(R(1, 2), R(3, 5))], [mess3(R(1, 10)), mess3(R(7, 15))], [period("001")]):
        cu = constrained_update(*procs)
        index = {t: i for i, t in enumerate(cu.tokens)}
        for word in itertools.islice(itertools.product(cu.tokens, repeat=5), 0, None, 37):
            ws = cu.weights(len(word), normalized=False)
            total = list(cu.stationary)
            for h, w in enumerate(ws):
                for s, t in enumerate(word):
                    total = [a + w[s] * b for a, b in zip(total, cu.ov[h][index[t]])]
            if len(procs) == 1 and procs[0].word_probability(word) == 0:
                continue
            assert [sympy.simplify(a - b) for a, b in zip(total, cu.beliefs(word))] == [0] * len(total)


def test_weights_and_ov_of_mess3_by_hand():
    cu = constrained_update(mess3(R(1, 2), R(3, 5)))
    # lambda = -1/2: the even head has 1, 1/4 on d = 0, 2; the odd head 1/2 on d = 1
    assert cu.weights(3) == ((R(4, 5), 0, R(1, 5))[::-1], (0, 1, 0))
    assert cu.weights(1) == ((1,), (0,))
    delta0 = [a - b for a, b in zip(mess3(R(1, 2), R(3, 5)).belief("0"), (R(1, 3),) * 3)]
    assert list(cu.ov[0][0]) == delta0 and list(cu.ov[1][0]) == [-v for v in delta0]
    with pytest.raises(InvalidArgumentError):
        cu.weights(0)


def test_product_geometry_is_each_factors_own():
    a, b = mess3(R(1, 10)), mess3(R(7, 15))
    cu = constrained_update(a, b)
    word = [(0, 1), (2, 2), (1, 0)]
    assert cu.beliefs(word) == constrained_update(a).beliefs([0, 2, 1]) + constrained_update(b).beliefs([1, 2, 0])
    assert cu.exact_belief(word[:1]) == cu.beliefs(word[:1])
    with pytest.raises(InvalidArgumentError):
        cu.beliefs([0])


def test_random_hmm_heads_without_exact_roots_is_fast():
    cu = constrained_update(random_hmm(8, 2, seed=3))
    assert len(cu.decay) == 7 and sum(m for _, m in cu.decay) == 7
    assert cu.heads is None  # a complex pair whose angle is no rational multiple of 2 pi
    assert any(g.period is None and not g.exact for g in cu.groups)


def test_exact_eigenvalues_of_a_large_factor_are_refused_at_once():
    """A dense random HMM's T has an irreducible factor of degree n - 1: CRootOf would take minutes."""
    from compmech.errors import BudgetExceededError

    cu = constrained_update(random_hmm(12, 2, seed=3), max_degree=5)
    assert cu.heads is None or cu.heads >= 1  # numeric, certified: no exact root needed
    with pytest.raises(BudgetExceededError, match="degree 11.*max_degree=5"):
        _ = cu.decay
    decay = constrained_update(random_hmm(12, 2, seed=3), max_degree=None).decay
    assert sum(m for _, m in decay) == 11
