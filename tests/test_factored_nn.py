"""Probe analysis of factored processes (issue #38, point 4) and the factored recipe."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from compmech.algebra import factored  # noqa: E402
from compmech.measures import factoring_cost  # noqa: E402
from compmech.nn.factored import (  # noqa: E402
    factored_geometry,
    filter_beliefs,
    sampled_truth,
    subspace_overlap,
    variance_dimensions,
)
from compmech.processes import golden_mean, mess3  # noqa: E402


def test_overlap_and_variance_dimension_on_known_geometry():
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.normal(size=(12, 12)))
    assert subspace_overlap(Q[:, :2], Q[:, 2:4]) < 1e-12
    assert abs(subspace_overlap(Q[:, :2], Q[:, :2] @ rng.normal(size=(2, 2))) - 1) < 1e-12
    # 6 independent directions of equal variance in 12 dimensions, plus tiny noise
    X = rng.normal(size=(4000, 6)) @ Q[:, :6].T + 1e-4 * rng.normal(size=(4000, 12))
    assert variance_dimensions(X) == {"dim90": 6, "dim95": 6, "dim99": 6}


def test_filter_and_sampled_cost_match_the_exact_cost():
    f = factored([mess3(), mess3("1/10", "3/5")], noise="1/5")
    st = sampled_truth(f, 3000, 2, seed=3)
    b = filter_beliefs(f, st.tokens[:1])
    assert np.allclose(b[0, 2], [float(v) for v in f.belief([f.alphabet[i] for i in st.tokens[0]])])
    assert st.cost_bits[0] == pytest.approx(float(factoring_cost(f, 0)), abs=1e-15)
    assert st.cost_bits[1] == pytest.approx(float(factoring_cost(f, 1)), rel=0.1)
    assert np.allclose(sum(m.sum(-1) for m in st.marginals) / 2, 1.0)


def test_factored_geometry_of_an_untrained_model_and_the_recipe():
    from compmech.nn.model import Transformer, TransformerConfig
    from compmech.nn.recipe import RECIPES

    f = factored([golden_mean(), mess3()])
    st = sampled_truth(f, 200, 4)
    model = Transformer(TransformerConfig(n_layers=1, d_model=16, n_heads=1, d_head=8, d_mlp=32, n_ctx=4, d_vocab=6))
    out = factored_geometry(model, st)
    row = out["blocks.0.hook_resid_post"]
    assert {"joint_mse", "factor0_mse", "factor1_mse", "overlap01", "overlap", "dim90", "dim95", "dim99"} <= set(row)
    assert 0 <= row["overlap"] <= 1 and row["dim90"] <= row["dim95"] <= row["dim99"] <= 16
    r = RECIPES["factored"]
    assert r.hmm().dimensions() == {"joint": 26, "factored": 6, "subspaces": 3}
    assert r.dependent == "factored_mess3:noise=1/5"
