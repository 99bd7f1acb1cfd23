"""TransformerLens both ways: every architecture field honoured or refused, files it loads strictly, its cache."""

import json
import math

import numpy as np
import pytest
from scipy.special import erf

torch = pytest.importorskip("torch")

from compmech.errors import CheckpointError  # noqa: E402
from compmech.nn import Transformer, TransformerConfig, load_transformerlens  # noqa: E402
from compmech.nn.transformerlens import config_from_transformerlens, save_transformerlens  # noqa: E402

SMALL = dict(n_layers=2, d_model=12, n_heads=3, d_head=4, d_mlp=20, n_ctx=6, d_vocab=3)
ACTS = {
    "relu": lambda x: np.maximum(x, 0),
    "gelu": lambda x: 0.5 * x * (1 + erf(x / math.sqrt(2))),
    "silu": lambda x: x / (1 + np.exp(-x)),
    "gelu_new": lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
}

# The keys of a TransformerLens 2.x HookedTransformer (LN, standard positions, causal) with 2 layers, as its
# state_dict() lists them (recorded here, since TransformerLens is not a dependency).
TL_KEYS = (
    ["embed.W_E", "pos_embed.W_pos"]
    + [
        f"blocks.{layer}.{k}"
        for layer in range(2)
        for k in (
            "ln1.w",
            "ln1.b",
            "ln2.w",
            "ln2.b",
            "attn.W_Q",
            "attn.W_O",
            "attn.b_Q",
            "attn.b_O",
            "attn.W_K",
            "attn.W_V",
            "attn.b_K",
            "attn.b_V",
            "attn.mask",
            "attn.IGNORE",
            "mlp.W_in",
            "mlp.b_in",
            "mlp.W_out",
            "mlp.b_out",
        )
    ]
    + ["ln_final.w", "ln_final.b", "unembed.W_U", "unembed.b_U"]
)


def reference_logits(sd, cfg, tokens, act, use_scale):
    """An independent float64 numpy forward pass of a TransformerLens-style GPT from its state dict."""
    p = {k: v.detach().double().numpy() for k, v in sd.items() if not k.endswith(("mask", "IGNORE"))}

    def ln(x, w, b):
        x = x - x.mean(-1, keepdims=True)
        return x / np.sqrt((x**2).mean(-1, keepdims=True) + cfg["eps"]) * w + b

    T = tokens.shape[1]
    x = p["embed.W_E"][tokens] + p["pos_embed.W_pos"][:T]
    causal = np.tril(np.ones((T, T), dtype=bool))
    for layer in range(cfg["n_layers"]):
        g = lambda k, layer=layer: p[f"blocks.{layer}.{k}"]  # noqa: E731
        h = ln(x, g("ln1.w"), g("ln1.b"))
        q, k, v = (np.einsum("btd,hde->bthe", h, g(f"attn.W_{n}")) + g(f"attn.b_{n}") for n in "QKV")
        scores = np.einsum("bqhe,bkhe->bhqk", q, k) / (math.sqrt(cfg["d_head"]) if use_scale else 1.0)
        scores = np.where(causal, scores, -np.inf)
        pattern = np.exp(scores - scores.max(-1, keepdims=True))
        pattern /= pattern.sum(-1, keepdims=True)
        z = np.einsum("bhqk,bkhe->bqhe", pattern, v)
        x = x + np.einsum("bqhe,hed->bqd", z, g("attn.W_O")) + g("attn.b_O")
        h = ln(x, g("ln2.w"), g("ln2.b"))
        x = x + ACTS[act](h @ g("mlp.W_in") + g("mlp.b_in")) @ g("mlp.W_out") + g("mlp.b_out")
    return ln(x, p["ln_final.w"], p["ln_final.b"]) @ p["unembed.W_U"] + p["unembed.b_U"]


@pytest.mark.parametrize(
    "act, use_scale", [("relu", True), ("gelu", True), ("silu", True), ("gelu_new", True), ("relu", False)]
)
def test_every_supported_architecture_matches_an_independent_forward_pass(tmp_path, act, use_scale):
    model = Transformer(TransformerConfig(**SMALL, act_fn=act, use_attn_scale=use_scale), seed=3)
    path = tmp_path / "m.pt"
    cfg = save_transformerlens(model, path)
    assert cfg["act_fn"] == act and cfg["use_attn_scale"] is use_scale and cfg["eps"] == 1e-5
    loaded = load_transformerlens(path)  # reads train_config.json beside it, field by field
    tokens = torch.randint(0, 3, (7, 6), generator=torch.Generator().manual_seed(1))
    want = reference_logits(torch.load(path, weights_only=True), cfg, tokens.numpy(), act, use_scale)
    for m in (model, loaded):
        got = m.double()(tokens).detach().numpy()
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)
        _, cache = m.run_with_cache(tokens)
        np.testing.assert_allclose(cache["blocks.1.hook_resid_post"].numpy().shape, (7, 6, 12))
    # the fused training path computes the same function as the hooked one
    np.testing.assert_allclose(model(tokens).detach().numpy(), model.run_with_cache(tokens)[0].numpy(), atol=1e-12)
    # a different activation gives different logits: the field is honoured, not ignored
    other = "gelu" if act == "relu" else "relu"
    assert (
        np.abs(
            reference_logits(torch.load(path, weights_only=True), cfg, tokens.numpy(), other, use_scale) - want
        ).max()
        > 1e-3
    )


def test_saved_files_have_exactly_the_keys_transformerlens_expects(tmp_path):
    model = Transformer(TransformerConfig(**SMALL), seed=0)
    save_transformerlens(model, tmp_path / "m.pt")
    sd = torch.load(tmp_path / "m.pt", weights_only=True)
    assert sorted(sd) == sorted(TL_KEYS)
    assert sd["blocks.0.attn.mask"].dtype == torch.bool and torch.equal(
        sd["blocks.1.attn.mask"], torch.tril(torch.ones(6, 6, dtype=torch.bool))
    )
    assert sd["blocks.0.attn.IGNORE"].shape == () and sd["blocks.0.attn.W_Q"].shape == (3, 12, 4)
    cfg = json.loads((tmp_path / "train_config.json").read_text())
    assert cfg["normalization_type"] == "LN" and cfg["attention_dir"] == "causal" and "ln_eps" not in cfg


@pytest.mark.parametrize(
    "field, value, needle",
    [
        ("attention_dir", "bidirectional", "causal attention only"),
        ("normalization_type", "LNPre", "needs 'LN'"),
        ("normalization_type", None, "needs 'LN'"),
        ("act_fn", "solu_ln", "compmech computes relu"),
        ("positional_embedding_type", "rotary", "needs 'standard'"),
        ("parallel_attn_mlp", True, "needs False"),
        ("gated_mlp", True, "needs False"),
        ("attn_scale", 3.0, "sqrt"),  # sqrt(d_head) = 2
        ("d_vocab_out", 7, "d_vocab = 3"),
        ("shiny_new_field", 1, "unknown field 'shiny_new_field'"),
    ],
)
def test_unsupported_fields_are_refused_by_name(field, value, needle):
    d = {**SMALL, "attention_dir": "causal", "normalization_type": "LN", field: value}
    with pytest.raises(CheckpointError, match=needle):
        config_from_transformerlens(d)


def test_published_train_config_reads_cleanly():
    d = {
        "seed": 42,
        "n_ctx": 10,
        "act_fn": "relu",
        "d_head": 8,
        "d_model": 64,
        "d_vocab": 3,
        "n_heads": 1,
        "n_iters": 10,
        "n_layers": 4,
        "attn_only": False,
        "optimizer": "sgd",
        "batch_size": 64,
        "num_epochs": 1000000,
        "init_weights": True,
        "weight_decay": 0,
        "attention_dir": "causal",
        "learning_rate": 0.01,
        "use_attn_scale": True,
        "normalization_type": "LN",
    }
    cfg = TransformerConfig.from_dict(d)
    assert (cfg.n_layers, cfg.d_model, cfg.d_mlp, cfg.act_fn, cfg.use_attn_scale) == (4, 64, 256, "relu", True)


def test_cache_matches_transformerlens_shapes_and_is_detached():
    model = Transformer(TransformerConfig(**SMALL), seed=0)
    tokens = torch.zeros(5, 6, dtype=torch.long)
    _, cache = model.run_with_cache(tokens)
    pos = cache["hook_pos_embed"]
    assert pos.shape == (5, 6, 12) and not pos.requires_grad
    np.testing.assert_array_equal(pos.numpy()[2], model.pos_embed.W_pos.detach().numpy())
    assert all(not v.requires_grad for v in cache.values())
    # TransformerLens 3.x's hook_normalized (before weight and bias) is our hook_normalized_pre_affine
    ln = model.ln_final
    with torch.no_grad():
        ln.w.mul_(2.0)
        ln.b.add_(0.5)
    _, cache = model.run_with_cache(tokens)
    pre, post = cache["ln_final.hook_normalized_pre_affine"], cache["ln_final.hook_normalized"]
    torch.testing.assert_close(post, pre * ln.w + ln.b)
    torch.testing.assert_close(pre.pow(2).mean(-1), torch.ones(5, 6), atol=1e-4, rtol=0)


def test_train_command_writes_transformerlens_files(tmp_path):
    from compmech.cli import main

    out = tmp_path / "run"
    assert (
        main(
            [
                "train",
                "golden_mean",
                "--out",
                str(out),
                "--save-transformerlens",
                "n_layers=1",
                "d_model=8",
                "d_head=4",
                "d_mlp=8",
                "n_ctx=4",
                "n_tokens=2048",
                "batch_size=32",
                "progress=false",
            ]
        )
        == 0
    )
    tl = out / "transformerlens"
    m = load_transformerlens(tl / "model.pt")
    ours = Transformer.load(out / "model.pt")
    x = torch.randint(0, 2, (3, 4))
    assert torch.equal(m(x), ours(x))


def test_real_transformerlens_loads_our_files_strictly(tmp_path):
    tl = pytest.importorskip("transformer_lens")
    model = Transformer(TransformerConfig(**SMALL, act_fn="gelu"), seed=1)
    cfg = save_transformerlens(model, tmp_path / "m.pt")
    hooked = tl.HookedTransformer(
        tl.HookedTransformerConfig(**{k: v for k, v in cfg.items() if k != "original_architecture"})
    )
    hooked.load_state_dict(torch.load(tmp_path / "m.pt", weights_only=True), strict=True)
    x = torch.randint(0, 3, (4, 6))
    torch.testing.assert_close(hooked(x), model(x), atol=1e-5, rtol=0)
