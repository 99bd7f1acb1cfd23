"""Sampling few long sequences along time (a scan of the step maps) gives the step-by-step loop's draws."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compmech.models.sampling as sampling
from compmech import sample
from compmech.processes import even, golden_mean, mess3, random_hmm, rrxor


def _by_steps(monkeypatch, *args, **kw):
    with monkeypatch.context() as mp:
        mp.setattr(sampling, "_SCAN_WORK", -1)  # never the scan: the loop over steps
        return sample(*args, **kw)


@pytest.mark.parametrize("hmm", [mess3(), golden_mean(), even(), rrxor(), random_hmm(6, 3, seed=4)])
@pytest.mark.parametrize("chunk", [37, 1 << 16])
def test_scan_equals_the_step_loop(monkeypatch, hmm, chunk):
    monkeypatch.setattr(sampling, "_SCAN_CHUNK", chunk)
    for n_seq, length in ((1, 1000), (3, 257)):
        tokens, states = sample(hmm, n_seq, length, seed=11, return_states=True)
        ref_tokens, ref_states = _by_steps(monkeypatch, hmm, n_seq, length, seed=11, return_states=True)
        np.testing.assert_array_equal(tokens, ref_tokens)
        np.testing.assert_array_equal(states, ref_states)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(0, 10**6), st.integers(256, 700), st.integers(1, 50))
def test_scan_on_random_hmms(n, k, seed, length, chunk):
    hmm = random_hmm(n, k, seed=seed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sampling, "_SCAN_CHUNK", chunk)
        got = sample(hmm, 2, length, seed=seed, return_states=True)
        mp.setattr(sampling, "_SCAN_WORK", -1)
        ref = sample(hmm, 2, length, seed=seed, return_states=True)
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)


def test_a_long_sequence_has_the_stationary_symbol_frequencies():
    x = sample(golden_mean(), 1, 200_000, seed=3)  # the scan; Pr(1) = 1/3 exactly
    assert abs(float((x == 1).mean()) - 1 / 3) < 0.005
    assert not ((x[0, 1:] == 1) & (x[0, :-1] == 1)).any()
