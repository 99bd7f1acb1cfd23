"""The prefix tree of a set of words, the tree forward pass, and the probes fitted to distinct prefixes.

Each shortcut is checked against the computation it replaces: prefixes grouped by Python tuples, the
model's own full forward, the batched expected loss, least squares on the expanded rows.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from compmech import ground_truth  # noqa: E402
from compmech.nn import Transformer, TransformerConfig  # noqa: E402
from compmech.nn.geometry import activations, belief_geometry, default_streams  # noqa: E402
from compmech.nn.prefixes import prefix_groups  # noqa: E402
from compmech.nn.probe import LinearProbe, mse  # noqa: E402
from compmech.nn.train import EvalSet, expected_loss  # noqa: E402
from compmech.nn.tree_forward import tree_forward, tree_hooks  # noqa: E402
from compmech.processes import golden_mean, mess3  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_prefix_groups_against_tuples(k, L, N, seed):
    tokens = np.random.default_rng(seed).integers(0, k, (N, L))
    g = prefix_groups(tokens)
    by_prefix: dict = {}
    for n in range(N):
        for t in range(L):
            by_prefix.setdefault(tuple(tokens[n, : t + 1]), []).append(n * L + t)
    assert g.n_groups == len(by_prefix)
    for rows in by_prefix.values():
        assert len(set(g.of_row[rows].tolist())) == 1  # one group per prefix ...
    assert len({int(g.of_row[rows[0]]) for rows in by_prefix.values()}) == len(by_prefix)  # ... and per group
    for group in range(g.n_groups):
        rows = np.flatnonzero(g.of_row == group)
        assert g.counts[group] == rows.size and g.first[group] == rows.min()
        n, t = divmod(int(g.first[group]), L)
        assert g.token[group] == tokens[n, t]
        assert g.level_starts[t] <= group < g.level_starts[t + 1]
        assert g.parent[group] == (g.of_row[n * L + t - 1] if t else -1)


@pytest.mark.parametrize(
    "cfg",
    [
        TransformerConfig(n_layers=2, d_model=16, n_heads=2, d_head=4, d_mlp=32, n_ctx=6, d_vocab=2),
        TransformerConfig(n_layers=1, d_model=12, n_heads=3, d_head=5, d_mlp=20, n_ctx=5, d_vocab=3, act_fn="gelu"),
        TransformerConfig(
            n_layers=3, d_model=8, n_heads=1, d_head=8, d_mlp=16, n_ctx=4, d_vocab=4, use_attn_scale=False
        ),
    ],
)
def test_tree_forward_equals_the_full_forward(cfg):
    m = Transformer(cfg, seed=1)
    tokens = np.random.default_rng(0).integers(0, cfg.d_vocab, (300, cfg.n_ctx))
    g = prefix_groups(tokens)
    hooks = sorted(tree_hooks(cfg.n_layers))
    logits, acts = tree_forward(m, g, hooks)
    full_logits, cache = m.run_with_cache(torch.as_tensor(tokens))
    rows = torch.as_tensor(g.of_row)
    assert torch.allclose(logits[rows], full_logits.reshape(-1, cfg.d_vocab), atol=2e-5)
    for h in hooks:
        assert torch.allclose(acts[h][rows], cache[h].reshape(-1, cfg.d_model), atol=2e-5), h


class _Opaque(torch.nn.Module):
    """A model expected_loss does not know: it takes the batched path over whole words."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, tokens):
        return self.inner(tokens)


def test_expected_loss_by_the_tree_equals_the_batched_sum():
    m = Transformer(TransformerConfig(n_ctx=6), seed=3)
    ev = EvalSet(ground_truth(mess3(), 6))
    tree = expected_loss(m, ev)
    batched = expected_loss(_Opaque(m), ev, batch_size=97)
    np.testing.assert_allclose(tree, batched, rtol=1e-6)
    shards = sum(expected_loss(m, ev, shard=(r, 4)) for r in range(4))
    np.testing.assert_allclose(shards, tree, rtol=1e-6)  # other chunks: other float32 rounding


def test_weighted_rows_with_n_samples_equal_the_repeated_rows_rank_deficient():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 3))
    X = np.hstack([X, X[:, :1] + X[:, 1:2]])  # exactly rank 3 (+ intercept)
    Y = rng.normal(size=(40, 2))
    reps = rng.integers(1, 9, 40)
    a = LinearProbe().fit(np.repeat(X, reps, axis=0), np.repeat(Y, reps, axis=0))
    b = LinearProbe().fit(X, Y, sample_weight=reps, n_samples=int(reps.sum()))
    assert a.rank_ == b.rank_ == 4
    np.testing.assert_allclose(b.coef_, a.coef_, atol=1e-10)
    np.testing.assert_allclose(b.intercept_, a.intercept_, atol=1e-10)
    c = LinearProbe().fit(X, Y, sample_weight=np.where(np.arange(40) % 2, reps, 0), n_samples=7)
    d = LinearProbe().fit(np.repeat(X[1::2], reps[1::2], axis=0), np.repeat(Y[1::2], reps[1::2], axis=0))
    np.testing.assert_allclose(c.coef_, d.coef_, atol=1e-10)  # weight-0 rows are left out


def test_geometry_on_prefixes_equals_least_squares_on_every_row():
    m = Transformer(TransformerConfig(n_layers=1, d_model=8, n_heads=1, d_head=4, d_mlp=16, n_ctx=7, d_vocab=2), seed=2)
    gt = ground_truth(golden_mean(), 7)
    rep = belief_geometry(m, golden_mean(), gt=gt, n_pairs=1000, n_perm=5)
    hooks = default_streams(1)
    acts = activations(m, gt.tokens, hooks)
    N, L = gt.n_words, 7
    Y = gt.beliefs_float.reshape(N * L, -1)
    w = np.repeat(gt.probabilities_float, L)
    rng = np.random.default_rng(0)
    is_test = np.zeros(N, dtype=bool)
    is_test[rng.permutation(N)[: int(round(0.2 * N))]] = True
    is_test = np.repeat(is_test, L)
    Ysh = Y[rng.permutation(N * L)]
    for h in hooks:
        X = acts[h].reshape(N * L, -1)
        s = rep.stream(h)
        assert s.mse == pytest.approx(mse(Y, LinearProbe().fit(X, Y).predict(X)), rel=1e-7, abs=1e-15)
        assert s.mse_shuffled == pytest.approx(mse(Y, LinearProbe().fit(X, Ysh).predict(X)), rel=1e-7)
        pw = LinearProbe().fit(X, Y, sample_weight=w).predict(X)
        assert s.mse_weighted == pytest.approx(mse(Y, pw, w), rel=1e-7, abs=1e-15)
        ph = LinearProbe().fit(X[~is_test], Y[~is_test]).predict(X)
        assert s.mse_heldout == pytest.approx(mse(Y[is_test], ph[is_test]), rel=1e-7, abs=1e-15)


def test_rows_of_a_hook_that_is_not_per_position_are_refused():
    from compmech.errors import InvalidArgumentError

    m = Transformer(TransformerConfig(n_layers=1, d_model=8, n_heads=2, d_head=4, d_mlp=16, n_ctx=3, d_vocab=2), seed=0)
    tokens = np.array([[0, 1, 1], [1, 0, 0]])
    with pytest.raises(InvalidArgumentError, match=r"hook_pattern is \(2, 2, 3, 3\)"):
        activations(m, tokens, ["blocks.0.attn.hook_pattern"], rows=[0, 1])
    with pytest.raises(InvalidArgumentError, match="increasing"):
        activations(m, tokens, ["blocks.0.hook_resid_post"], rows=[3, 1])
    mid = activations(m, tokens, ["blocks.0.hook_resid_mid"], rows=[0, 4])["blocks.0.hook_resid_mid"]
    full = activations(m, tokens, ["blocks.0.hook_resid_mid"])["blocks.0.hook_resid_mid"].reshape(6, 8)
    np.testing.assert_array_equal(mid, full[[0, 4]])
