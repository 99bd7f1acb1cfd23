"""Float views that prove key collisions distinct (compmech.presentations._msp_floats), checked exactly.

The builder merges beliefs only on exact integers; for a positive HMM it may declare a colliding pair
distinct on their float views.  Checked here: the error bound those views rest on, against every exact
belief; and the whole MSP against the generic builder when tiny hash primes make every key collide, on
positive HMMs with many equal beliefs (a rank-one symbol matrix sends every belief to one belief).
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compmech.presentations._msp_build as build
from compmech import HMM, mixed_state_presentation
from compmech.presentations._msp_floats import separated, separation_bound
from compmech.processes import mess3


@st.composite
def positive_hmms(draw, rank_one=False):
    """A random HMM whose matrices have only positive entries; with ``rank_one``, T[0] has rank 1."""
    n = draw(st.integers(1, 4))
    k = draw(st.integers(1, 3))
    w = st.integers(1, 9)
    mats = [[[draw(w) for _ in range(n)] for _ in range(n)] for _ in range(k)]
    if rank_one:
        u, v = [draw(w) for _ in range(n)], [draw(w) for _ in range(n)]
        mats[0] = [[u[i] * v[j] for j in range(n)] for i in range(n)]
    rows = [sum(sum(m[i]) for m in mats) for i in range(n)]
    return HMM([[[Fraction(m[i][j], rows[i]) for j in range(n)] for i in range(n)] for m in mats])


@settings(max_examples=40, deadline=None)
@given(positive_hmms(), st.integers(1, 6))
def test_every_float_view_is_within_the_proven_bound(hmm, depth):
    msp = mixed_state_presentation(hmm, max_depth=depth, max_states=None)
    R = separation_bound(hmm.to_numpy(), np.asarray(msp.beliefs_float[0]))
    assert R is not None
    for u, (exact, view) in enumerate(zip(msp.beliefs, msp.beliefs_float)):
        bound = R(int(msp.depths[u]))
        for b, f in zip(exact, view):
            assert abs(Fraction(float(f)) - Fraction(b)) <= Fraction(bound) * Fraction(b)


@pytest.mark.parametrize("primes", [(2,), (7,), None])
@settings(max_examples=25, deadline=None)
@given(hmm=positive_hmms(rank_one=True), depth=st.integers(2, 5))
def test_merges_stay_exact_when_every_key_collides(primes, hmm, depth):
    ref = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="generic")
    with pytest.MonkeyPatch.context() as mp:
        if primes:
            mp.setattr(build, "HASH_PRIMES", primes)
        got = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="integer")
    assert got.beliefs == ref.beliefs
    for x, y in zip(got.edges, ref.edges):
        np.testing.assert_array_equal(x, y)


def test_mess3_with_a_tiny_prime_is_separated_on_floats_alone(monkeypatch):
    """Modulo 7, Mess3's 3,280 beliefs share keys by the hundreds; the floats separate every pair (a tree)."""
    left = []
    original = build.not_separated

    def recording(*args):
        out = original(*args)
        left.append((args[1].size, out.size))
        return out

    monkeypatch.setattr(build, "HASH_PRIMES", (7,))
    monkeypatch.setattr(build, "not_separated", recording)
    msp = mixed_state_presentation(mess3(), max_depth=7, max_states=None)
    assert msp.nodes_per_depth() == [3**d for d in range(8)]
    assert sum(n for n, _ in left) > 1000  # candidates that collided ...
    assert all(m == 0 for _, m in left)  # ... none left for the exact comparison


def test_separation_refuses_what_it_cannot_bound():
    T = np.full((2, 2, 2), 0.25)
    assert separation_bound(T, np.array([0.5, 0.5])) is not None
    assert separation_bound(T, np.array([2.0**-1000, 1.0])) is None  # a root entry out of normal range
    T[0, 0, 1] = 0.0
    assert separation_bound(T, np.array([0.5, 0.5])) is None  # not positive
    assert separation_bound(np.full((1, 2, 2), 0.5), np.array([0.5, 0.5]))(10**9) is None  # bound too loose
    assert separated(np.array([[0.5, 0.5]]), np.array([[0.5, 0.5]]), 0.0).tolist() == [False]
