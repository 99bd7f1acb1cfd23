"""``compmech reproduce attention``: one-layer transformers on Mess3 against the constrained belief update.

Piotrowski, Riechers, Filan & Shai (ICML 2025) predict the first layer's attention from the spectrum of
``T``.  This experiment trains one-layer models (one head and two heads) on Mess3 at ``(x, alpha) =
(1/20, 17/20), (3/20, 3/5), (1/2, 3/5)`` (``lambda = 17/20, 11/20, -1/2``) on CPU, and reports for each:
the exact expected loss, each head's attention ``R^2`` against the predicted weights and its fitted decay
against ``|lambda|``, the OV cosines, and the probe error of the stream after attention to the
constrained and to the exact beliefs (:func:`compmech.nn.attention.validate_first_layer`), with figures.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict

import numpy as np
import sympy

from ..kernel.atomic import atomic_write
from ..kernel.numbers import read_exact
from ..presentations.ground_truth import ground_truth
from .attention import _patterns, constrained_targets, validate_first_layer
from .model import TransformerConfig
from .probe import LinearProbe
from .train import EvalSet, TrainConfig, expected_loss, train

__all__ = ["ATTENTION_SETTINGS", "reproduce_attention"]

#: (x, alpha) of the three Mess3 processes; lambda = 1 - 3x
ATTENTION_SETTINGS = (
    (sympy.Rational(1, 20), sympy.Rational(17, 20)),
    (sympy.Rational(3, 20), sympy.Rational(3, 5)),
    (sympy.Rational(1, 2), sympy.Rational(3, 5)),
)


def _model_config(n_heads: int, n_ctx: int) -> TransformerConfig:
    return TransformerConfig(n_layers=1, d_model=32, n_heads=n_heads, d_head=8, d_mlp=64, n_ctx=n_ctx, d_vocab=3)


def reproduce_attention(
    out_root: str = "runs", n_tokens: int = 2_000_000, n_ctx: int = 8, seed: int = 0, log=print
) -> dict:
    """Train the six one-layer models and validate their first layer; write ``OUT/attention/report.{json,md}``.

    ``n_tokens`` per model (default 2 M: about 30 s each on one core); ``n_ctx`` the context (all ``3^n_ctx``
    words are probed).  Returns the summary that ``report.json`` holds.
    """
    import torch

    from ..measures.constrained import constrained_update
    from ..processes.nonunifilar import mess3

    torch.set_num_threads(1)
    out = os.path.join(out_root, "attention")
    os.makedirs(out, exist_ok=True)
    summary: dict = {"n_tokens": n_tokens, "n_ctx": n_ctx, "seed": seed, "runs": []}
    t0 = time.perf_counter()
    for x, alpha in ATTENTION_SETTINGS:
        hmm = mess3(x, alpha)
        cu = constrained_update(hmm)
        gt = ground_truth(hmm, n_ctx)
        ev = EvalSet(gt)
        for n_heads in (1, 2):
            tc = TrainConfig(
                targets="exact",
                n_tokens=n_tokens,
                batch_size=256,
                lr=3e-3,
                seed=seed,
                eval_every=10**9,
                checkpoint_every=10**9,
                threads=1,
                progress=False,
            )
            mc = _model_config(n_heads, n_ctx)
            t = time.perf_counter()
            result = train(hmm, mc, tc)
            model = result.model.eval()
            loss = float(expected_loss(model, ev).mean())
            rep = validate_first_layer(model, cu, gt.tokens, gt.beliefs_float, gt.probabilities_float)
            run = {
                "x": str(x),
                "alpha": str(alpha),
                "lambda": str(1 - 3 * x),
                "predicted_heads": cu.heads,
                "n_heads": n_heads,
                "loss_nats": loss,
                "optimum_nats": float(gt.optimal_loss_nats.mean()),
                "relative_loss": loss / float(gt.optimal_loss_nats.mean()),
                "seconds": time.perf_counter() - t,
            } | rep
            summary["runs"].append(run)
            log(_line(run))
            _figures(out, model, cu, gt, run)
    summary["loss_gap_x_1_2"] = _gap(summary["runs"], "1/2")
    summary["model"] = asdict(_model_config(1, n_ctx))
    summary["train"] = asdict(tc)
    summary["seconds_total"] = time.perf_counter() - t0
    with atomic_write(os.path.join(out, "report.json")) as f:
        json.dump(summary, f, indent=1, default=float)
    with atomic_write(os.path.join(out, "report.md")) as f:
        f.write(_markdown(summary))
    log(f"report: {os.path.join(out, 'report.md')}")
    return summary


def _gap(runs: list, x: str) -> dict:
    one = next(r for r in runs if r["x"] == x and r["n_heads"] == 1)
    two = next(r for r in runs if r["x"] == x and r["n_heads"] == 2)
    return {
        "one_head_nats": one["loss_nats"],
        "two_heads_nats": two["loss_nats"],
        "gap_nats": one["loss_nats"] - two["loss_nats"],
        "optimum_nats": one["optimum_nats"],
    }


def _line(run: dict) -> str:
    heads = "; ".join(
        f"head {h['head']}: R2 {h['r2']:.3f}, decay {h['fitted_decay']:.3f} (pred {h.get('predicted_decay')}), "
        f"OV cos {h.get('ov_cosine', float('nan')):.3f}"
        for h in run["heads"]
    )
    mid = run["streams"]["blocks.0.hook_resid_mid"]
    return (
        f"Mess3({run['x']}, {run['alpha']}) lambda {run['lambda']}, {run['n_heads']} head(s) "
        f"(theory: {run['predicted_heads']}): loss {run['loss_nats']:.5f} (rel {run['relative_loss']:.5f}); {heads}; "
        f"resid_mid FVU exact {mid['exact']['fvu']:.4f}, constrained {mid['constrained']['fvu']:.4f}, "
        f"normalized {mid['constrained_normalized']['fvu']:.4f}"
    )


def _markdown(summary: dict) -> str:
    lines = [
        "# One-layer transformers on Mess3 against the constrained belief update",
        "",
        f"{summary['n_tokens']:,} tokens per model, n_ctx = {summary['n_ctx']}, seed {summary['seed']}; "
        f"{summary['seconds_total']:.0f} s in all.",
        "",
        "| x | alpha | lambda | heads (theory) | heads | rel. loss | head: R^2, fitted decay, OV cos | FVU exact | FVU constrained | FVU normalized |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary["runs"]:
        mid = r["streams"]["blocks.0.hook_resid_mid"]
        heads = "<br>".join(
            f"{h['r2']:.3f}, {h['fitted_decay']:.3f}, {h.get('ov_cosine', float('nan')):.3f}" for h in r["heads"]
        )
        lines.append(
            f"| {r['x']} | {r['alpha']} | {r['lambda']} | {r['predicted_heads']} | {r['n_heads']} | "
            f"{r['relative_loss']:.5f} | {heads} | {mid['exact']['fvu']:.4f} | {mid['constrained']['fvu']:.4f} | "
            f"{mid['constrained_normalized']['fvu']:.4f} |"
        )
    g = summary["loss_gap_x_1_2"]
    lines += [
        "",
        f"Loss at x = 1/2: one head {g['one_head_nats']:.6f} nats, two heads {g['two_heads_nats']:.6f}, "
        f"gap {g['gap_nats']:.2e} nats (optimum {g['optimum_nats']:.6f}).",
        "",
        "FVU: the probe's mean squared error over the variance of its target (blocks.0.hook_resid_mid).",
        "",
    ]
    return "\n".join(lines)


def _figures(out: str, model, cu, gt, run: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import torch

    tag = f"x{run['x'].replace('/', '_')}_h{run['n_heads']}"
    tok = torch.as_tensor(gt.tokens, dtype=torch.long)
    P = _patterns(model, tok, gt.probabilities_float)
    T = P.shape[-1]
    d = np.arange(T)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    lam = float(read_exact(run["lambda"], "lambda"))  # the safe reader: never sympify text
    for h in range(P.shape[0]):
        ax.plot(d, P[h, T - 1, ::-1], "o-", label=f"head {h} (measured)")
    for k, w in enumerate(cu.weights(T)):
        ax.plot(d, [float(v) for v in w[::-1]], "k--", lw=1, label="predicted" if k == 0 else None)
    ax.set_xlabel("distance d from the last position")
    ax.set_ylabel("attention weight")
    ax.set_title(f"Mess3 x={run['x']}: lambda = {lam:g}, {run['n_heads']} head(s)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, f"attention_{tag}.png"), dpi=110)
    plt.close(fig)
    _, cache = model.run_with_cache(tok, names_filter="blocks.0.hook_resid_mid")
    X = cache["blocks.0.hook_resid_mid"].double().numpy().reshape(-1, model.cfg.d_model)
    Yc = constrained_targets(cu, gt.tokens, normalized=True).reshape(-1, 3)
    Ye = gt.beliefs_float.reshape(-1, 3)
    pred = LinearProbe().fit(X, Yc).predict(X)
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.7))
    for ax, Y, title in zip(
        axes, (Yc, pred, Ye), ("constrained (softmax heads)", "probe of the stream after attention", "exact beliefs")
    ):
        xy = Y @ corners
        ax.scatter(xy[:, 0], xy[:, 1], s=0.3, c=np.clip(Ye, 0, 1), alpha=0.5)
        ax.plot(*np.vstack([corners, corners[:1]]).T, "k-", lw=0.5)
        ax.set_title(title, fontsize=9)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.suptitle(f"Mess3 x={run['x']}, alpha={run['alpha']}: {run['n_heads']} head(s)", fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(out, f"geometry_{tag}.png"), dpi=110)
    plt.close(fig)
