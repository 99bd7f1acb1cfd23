"""Test a float64 belief filter against a certified compmech fixture.

Needs only numpy and pytest (not compmech). Make the fixture once with

    compmech fixture rrxor --length 6 --out rrxor_L6.json

and run ``pytest test_my_filter.py`` next to it (or set FIXTURE to its path).
"""

import hashlib
import json
import os
from fractions import Fraction

import numpy as np
import pytest

FIXTURE = os.environ.get("FIXTURE", "rrxor_L6.json")


def my_filter(T, start, word):
    """The code under test: Bayesian filtering in float64, one belief per prefix of ``word``."""
    eta, out = np.array(start, dtype=np.float64), []
    for x in word:
        eta = eta @ T[x]
        eta = eta / eta.sum()
        out.append(eta)
    return np.array(out)


@pytest.fixture(scope="module")
def truth():
    with open(FIXTURE) as f:
        data = json.load(f)
    assert data["format"] == "compmech-ground-truth" and data["version"] == 1
    digest = data.pop("sha256")  # over the canonical JSON of everything else
    assert hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest() == digest
    return data


@pytest.fixture(scope="module")
def exact_matrices(truth):
    """``T[x][i][j]`` as Fractions, in the order of the alphabet (tokens index into it)."""
    hmm = truth["hmm"]
    return [[[Fraction(v) for v in row] for row in hmm["matrices"][str(a)]] for a in hmm["alphabet"]]


def test_probabilities_sum_to_one_exactly(truth):
    assert sum(Fraction(p) for p in truth["probabilities"]) == 1


def test_start_is_stationary_exactly(truth, exact_matrices):
    pi = [Fraction(v) for v in truth["beliefs"][truth["belief_index"][0][0]]]
    n = len(pi)
    T = [[sum(m[i][j] for m in exact_matrices) for j in range(n)] for i in range(n)]
    assert [sum(pi[i] * T[i][j] for i in range(n)) for j in range(n)] == pi


def test_beliefs_match(truth, exact_matrices):
    T = np.array(exact_matrices, dtype=np.float64)
    beliefs = np.array(truth["beliefs_float"])
    start = beliefs[truth["belief_index"][0][0]]
    worst = 0.0
    for word, index in zip(truth["tokens"], truth["belief_index"]):
        ours = my_filter(T, start, word)
        worst = max(worst, np.abs(ours - beliefs[index[1:]]).max())
    assert worst < 1e-12, worst


def test_next_token_and_word_probabilities_match(truth, exact_matrices):
    T = np.array(exact_matrices, dtype=np.float64)
    beliefs, nxt = np.array(truth["beliefs_float"]), np.array(truth["next_token_float"])
    probs = np.array(truth["probabilities_float"])
    for word, index, p in zip(truth["tokens"], truth["belief_index"], probs):
        etas = np.vstack([beliefs[index[0]], my_filter(T, beliefs[index[0]], word)])
        predicted = np.array([eta @ T.sum(axis=2).T for eta in etas])  # Pr(x | prefix) = eta T[x] 1
        np.testing.assert_allclose(predicted, nxt[index], rtol=0, atol=1e-12)
        np.testing.assert_allclose(np.prod([predicted[t, x] for t, x in enumerate(word)]), p, rtol=1e-12)
