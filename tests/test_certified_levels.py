"""The fast paths of the certified entropy-rate bounds, each against a second algorithm.

- the float64 sum with a proven error bound (``measures/_floatsum.py``) against arb arithmetic on the
  exact integers: the float ball must contain the arb one;
- lumping symbols with proportional matrices (``measures/_lumping.py``) against the unlumped trees and
  against block entropies enumerated from exact word probabilities;
- independent factors (``measures/_products.py``) against the same measures of the plain product HMM;
- the search for the deepest block within the budget (``MSPTooLargeError.depth``).
"""

from fractions import Fraction
from itertools import product as words

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import compmech.measures.rates as rates
from compmech import HMM, product
from compmech.algebra import factored
from compmech.errors import MSPTooLargeError
from compmech.kernel.limbs import from_ints
from compmech.measures import entropy_rate, entropy_rate_bounds, exactly_equal, excess_entropy, statistical_complexity
from compmech.measures._floatsum import xlogy_sum
from compmech.measures._lumping import symbol_lumping
from compmech.measures.interval import Interval
from compmech.presentations.msp import mixed_state_presentation
from compmech.processes import even, get, golden_mean, mess3
from compmech.testing import nonunifilar_hmms


def _arb_only(monkeypatch):
    monkeypatch.setattr(rates, "xlogy_sum", lambda blocks, total: None)


def _levels(hmm, L, start=None, levels=None):
    return rates.level_entropies(hmm, L, start, 10**6, levels or [L])


@pytest.mark.parametrize("name, L", [("mess3", 8), ("leaky_rrxor", 12), ("dishonest_casino", 9), ("sns", 20)])
def test_float_ball_contains_the_arb_ball(name, L, monkeypatch):
    hmm = get(name)
    fast = _levels(hmm, L)[0]
    _arb_only(monkeypatch)
    exact = _levels(hmm, L)[0]
    assert fast.contains(exact)
    assert float(fast.rad()) < 1e-12  # far below any width the bounds reach


@settings(max_examples=25, deadline=None)
@given(nonunifilar_hmms(max_states=4, max_symbols=3), st.integers(1, 6))
def test_float_ball_contains_the_arb_ball_on_random_hmms(hmm, L):
    fast = _levels(hmm, L)[0]
    rates.xlogy_sum, saved = (lambda blocks, total: None), rates.xlogy_sum
    try:
        exact = _levels(hmm, L)[0]
    finally:
        rates.xlogy_sum = saved
    assert fast.contains(exact)


def test_float_sum_by_hand_and_its_refusals():
    ball = xlogy_sum([from_ints([[1, 1, 2], [3, 0, 0]])], 7)  # (1 ln 4 + 1 ln 4 + 2 ln 2) / 7 = 6 ln 2 / 7
    assert ball.contains(6 * flint.arb(2).log() / 7)
    assert xlogy_sum([from_ints([[1, -1]])], 1) is None  # negative: not a probability
    assert xlogy_sum([from_ints([[2**1000, 1]])], 2**1000 + 1) is None  # beyond float range: arb is used


def _block_entropy_bits(hmm, L) -> float:
    """``H(L)`` from every word's exact probability (an independent enumeration, floats only at the end)."""
    import math

    total = 0.0
    for w in words(hmm.alphabet, repeat=L):
        p = Fraction(str(hmm.word_probability(list(w))))
        if p:
            total -= float(p) * math.log2(p)
    return total


def test_lumping_of_the_dishonest_casino():
    hmm = get("dishonest_casino")
    lump = symbol_lumping(hmm)
    assert lump.groups == ((0, 1, 2, 3, 4), (5,)) and lump.hmm.n_symbols == 2
    levels = _levels(hmm, 3, levels=[0, 1, 2, 3])
    H = [_block_entropy_bits(hmm, L) for L in range(5)]
    for L, ball in enumerate(levels):
        assert abs(float(ball.mid()) - (H[L + 1] - H[L])) < 1e-12


def test_levels_of_a_merging_tree_by_enumeration():
    """The Dyck process's beliefs merge (no tree): the pushed integer vectors against every word."""
    hmm = get("dyck")
    levels = _levels(hmm, 4, levels=[0, 1, 2, 3, 4])
    H = [_block_entropy_bits(hmm, L) for L in range(6)]
    for L, ball in enumerate(levels):
        assert abs(float(ball.mid()) - (H[L + 1] - H[L])) < 1e-12


@pytest.mark.parametrize("start", [None, [1, 0], [0, 1]])
def test_lumped_levels_equal_the_unlumped_ones(start, monkeypatch):
    hmm = get("dishonest_casino")
    lumped = _levels(hmm, 5, start, [0, 2, 5])
    monkeypatch.setattr(rates, "symbol_lumping", lambda h: None)
    direct = _levels(hmm, 5, start, [0, 2, 5])
    for a, b in zip(lumped, direct):
        assert a.overlaps(b) and abs(float((a - b).mid())) < 1e-12


@settings(max_examples=20, deadline=None)
@given(nonunifilar_hmms(max_states=3, max_symbols=2), st.integers(1, 3))
def test_a_scaled_copy_of_a_symbol_is_lumped_exactly(hmm, c):
    """Split symbol 0 into two symbols with matrices ``T0 c/(c+1)`` and ``T0/(c+1)``: the same process up to
    an independent draw, so ``H[X_L | past]`` grows by ``Pr(X_L in {0, 0'}) H(c/(c+1))`` exactly."""
    T = {x: m for x, m in hmm.matrices.items()}
    first = next(iter(T))
    w = sympy.Rational(c, c + 1)
    split = {("a", first): T[first] * w, ("b", first): T[first] * (1 - w)}
    split.update({x: m for x, m in T.items() if x != first})
    big = HMM(split)
    assert symbol_lumping(big) is not None
    L = 3
    ours = _levels(big, L)[0]
    p0 = sum(hmm.word_probability([*u, first]) for u in words(hmm.alphabet, repeat=L))
    hw = -(w * sympy.log(w, 2) + (1 - w) * sympy.log(1 - w, 2))
    expected = float(_levels(hmm, L)[0].mid()) + float(p0 * hw)
    assert abs(float(ours.mid()) - expected) < 1e-12


def test_the_search_lands_on_the_deepest_block_within_the_budget():
    hmm = get("leaky_rrxor")
    with pytest.raises(MSPTooLargeError) as info:
        mixed_state_presentation(hmm, max_depth=40, max_states=2_000)
    d = info.value.depth
    assert d is not None and 1 < d < 40
    mixed_state_presentation(hmm, max_depth=d - 1, max_states=2_000)  # every shallower level fits
    iv = entropy_rate(hmm, max_states=20)  # bounds budget: 100 x 20 = 2,000 nodes per tree
    assert isinstance(iv, Interval) and iv.width > 1e-6
    assert iv == entropy_rate_bounds(hmm, iv.depth, max_states=2_000)
    with pytest.raises(MSPTooLargeError):
        entropy_rate_bounds(hmm, iv.depth + 1, max_states=2_000)


def test_independent_factors_add_exactly():
    gm, ev = golden_mean(), even()
    f = factored([gm, ev])
    plain = product(gm, ev)  # the same process, not known to be a product: computed directly
    for measure in (entropy_rate, statistical_complexity, excess_entropy):
        assert exactly_equal(measure(f), measure(gm) + measure(ev))
        assert exactly_equal(measure(f), measure(plain))


def test_independent_factors_with_an_infinite_machine():
    f = factored([mess3(), golden_mean()])
    h = entropy_rate(f)
    assert isinstance(h, Interval) and h.width <= 1e-6
    direct = entropy_rate_bounds(product(mess3(), golden_mean()), 5)  # the joint tree, 6^5 words
    assert h.lower <= direct.upper and direct.lower <= h.upper and direct.lower <= h.lower
    assert statistical_complexity(f) == sympy.oo
