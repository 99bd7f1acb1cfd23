"""Invariants of the spectral closed forms over random machines (hypothesis).

- the closed form of ``gamma(L)`` (traces over the factors of the minimal polynomial) equals the values
  computed by powering modulo the characteristic polynomial, at 50 random lags;
- Parseval: the variance is the integral of the continuous part (by residues) plus the line weights;
- a mixing process (irreducible and aperiodic) has ``gamma(L) -> <X>^2``: no eigenvalue on the unit circle
  other than 1 is seen, and the eigenvalue 1 carries ``<X>^2``;
- the myopic entropies of a finite MSP equal the closed form, which sums to ``E``.
"""

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from compmech.kernel.polys import unit_circle
from compmech.measures import (
    autocorrelation,
    autocorrelation_function,
    excess_entropy,
    myopic_entropies,
    myopic_entropy_function,
    power_spectrum,
)
from compmech.testing import hmms, nonunifilar_hmms, synchronizing_hmms, unifilar_hmms


@settings(max_examples=15)
@given(hmms(max_states=4, max_symbols=3), st.integers(0, 2**32 - 1))
def test_closed_form_equals_values_at_50_random_lags(hmm, seed):
    g = autocorrelation_function(hmm)
    rng = random.Random(seed)
    for L in [rng.randint(0, 400) for _ in range(50)]:
        assert g(L) == autocorrelation(hmm, L)


@settings(max_examples=15)
@given(st.one_of(unifilar_hmms(max_states=5), nonunifilar_hmms(max_states=4)))
def test_parseval(hmm):
    s = power_spectrum(hmm)
    assert s.continuous_power() + sum(w for _, w in s.deltas) == s.variance
    assert all(float(w) > 0 for _, w in s.deltas)  # a valid process has a positive spectral measure
    om = np.linspace(0, 2 * np.pi, 41)
    assert np.all(s.continuous_values(om) > -1e-12)


@settings(max_examples=15)
@given(nonunifilar_hmms(max_states=4))
def test_mixing_processes_decorrelate(hmm):
    # the strategy's state 0 keeps a self-loop on symbol 0 and the chain is irreducible: aperiodic, so mixing
    g = autocorrelation_function(hmm)
    circle = [c for c in g.sequence.components if unit_circle(c.factor) is not None]
    assert [c.factor.as_expr().subs(c.factor.gen, 0) for c in circle] in ([], [-1])  # only x - 1
    assert abs(float(g(300)) - float(g.mean) ** 2) < 1e-9
    if circle:
        assert circle[0].coefficients[0].as_expr() == g.mean**2
    assert power_spectrum(hmm).deltas == []


@settings(max_examples=10)
@given(synchronizing_hmms(max_states=4, max_symbols=2))
def test_myopic_entropy_closed_form(hmm):
    f = myopic_entropy_function(hmm)
    assert [f(L) for L in range(1, 16)] == myopic_entropies(hmm, 15)
    assert f.excess_entropy() == excess_entropy(hmm)
