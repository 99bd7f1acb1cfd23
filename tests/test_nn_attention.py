"""The first-layer validation (issue #39) on models whose weights implement the prediction by hand."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import Rational as R

pytest.importorskip("torch")

from compmech import constrained_update, ground_truth  # noqa: E402
from compmech.nn.attention import (  # noqa: E402
    constrained_targets,
    implement_prediction,
    validate_first_layer,
)
from compmech.processes import mess3  # noqa: E402


def test_hand_built_single_head_scores_perfectly():
    hmm = mess3(R(3, 20), R(3, 5))
    cu = constrained_update(hmm)
    gt = ground_truth(hmm, 6)
    rep = validate_first_layer(implement_prediction(cu, 6), cu, gt.tokens, gt.beliefs_float, gt.probabilities_float)
    (head,) = rep["heads"]
    assert head["r2"] == pytest.approx(1.0, abs=1e-9)
    assert head["fitted_decay"] == pytest.approx(0.55, abs=1e-6)
    assert head["ov_cosine"] == pytest.approx(1.0, abs=1e-9)
    mid = rep["streams"]["blocks.0.hook_resid_mid"]
    assert mid["constrained_normalized"]["mse"] < 1e-12 < mid["exact"]["mse"]


def test_hand_built_two_heads_for_a_negative_eigenvalue():
    hmm = mess3(R(1, 2), R(3, 5))
    cu = constrained_update(hmm)
    gt = ground_truth(hmm, 6)
    rep = validate_first_layer(implement_prediction(cu, 6), cu, gt.tokens, gt.beliefs_float)
    assert [h["predicted_head"] for h in rep["heads"]] == [0, 1]
    for h in rep["heads"]:
        assert h["r2"] == pytest.approx(1.0, abs=1e-6)
        assert h["fitted_decay"] == pytest.approx(0.5, abs=1e-4)
        assert h["ov_cosine"] == pytest.approx(1.0, abs=1e-4)


def test_a_random_model_scores_poorly():
    from compmech.nn.model import Transformer, TransformerConfig

    hmm = mess3(R(3, 20), R(3, 5))
    cu = constrained_update(hmm)
    gt = ground_truth(hmm, 6)
    model = Transformer(TransformerConfig(n_layers=1, d_model=16, d_head=4, d_mlp=16, n_ctx=6), seed=1)
    (head,) = validate_first_layer(model, cu, gt.tokens, gt.beliefs_float)["heads"]
    assert head["r2"] < 0.9


def test_numeric_targets_match_the_exact_ones():
    for x in (R(3, 20), R(1, 2)):
        cu = constrained_update(mess3(x, R(3, 5)))
        words = np.array([[0, 1, 2, 2, 1], [2, 2, 0, 1, 1]])
        for normalized in (False, True):
            got = constrained_targets(cu, words, normalized)
            for w, word in enumerate(words):
                for n in range(1, 6):
                    exact = [float(v) for v in cu.beliefs(list(word[:n]), normalized=normalized)]
                    assert np.allclose(got[w, n - 1], exact, atol=1e-12)
