"""``compmech reproduce factored``: do transformers hold factored or joint beliefs? (CPU, minutes)

Two runs of the same architecture: (a) the recipe's process, three independent Mess3 factors, and (b)
its ``dependent`` process, the same factors whose independence is broken (noise on the joint token or a
fully conditional coupling).  For each: the exact dimensions of both hypotheses
(:meth:`~compmech.algebra.Factored.dimensions`), the exact factoring cost at short contexts
(:func:`compmech.measures.factoring_cost`) next to its Monte-Carlo estimate at every context length, and,
tracked over training, the variance dimension of the residual stream, the per-factor probe errors and
subspace overlaps, and the excess loss (bits) against the factoring cost.  Writes ``report.json``,
``report.md`` and the figures to ``runs/factored/``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, replace
from typing import TYPE_CHECKING

import numpy as np

from ..kernel.atomic import atomic_write
from .factored import factored_geometry, sampled_truth
from .geometry import activations
from .train import EvalSet, train

if TYPE_CHECKING:
    from collections.abc import Callable

    from .recipe import Recipe

__all__ = ["reproduce_factored"]

LN2 = float(np.log(2.0))


def _exact_costs(process, L_max: int, log) -> dict:
    """``{L: float(cost)}`` of the exact factoring cost for ``L = 0 .. L_max`` (stops at the budget)."""
    from ..errors import BudgetExceededError
    from ..measures.factoring import factoring_cost

    out = {}
    for L in range(L_max + 1):
        t0 = time.perf_counter()
        try:
            out[L] = float(factoring_cost(process, L))
        except BudgetExceededError:
            break
        log(f"      exact factoring cost at L = {L}: {out[L]:.6g} bits ({time.perf_counter() - t0:.1f} s)")
    return out


def _one_run(label, process, recipe, tc, out, n_eval, log) -> dict:
    mc = recipe.model
    truth = sampled_truth(process, n_eval, mc.n_ctx, seed=tc.seed)
    dims = process.dimensions()
    log(f"[{label}] {process.name}: dimensions {dims}; sampled cost (bits) by context {np.round(truth.cost_bits, 6)}")
    exact = _exact_costs(process, 2, log)
    run_tc = replace(tc, track_geometry=True, targets="sampled")
    result = train(process, mc, run_tc, out_dir=os.path.join(out, label), eval_set=EvalSet(truth), restart=True)  # type: ignore[arg-type]
    geo = factored_geometry(result.model, truth)
    final = f"blocks.{mc.n_layers - 1}.hook_resid_post"
    X = activations(result.model, truth.tokens, [final])[final].reshape(truth.n_words * mc.n_ctx, -1)
    ev = np.clip(np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1], 0.0, None)
    cumulative = (np.cumsum(ev) / ev.sum())[:40].tolist()
    cost_pos = truth.cost_bits[1:]  # position t predicts after t + 1 tokens
    curve = []
    for rec in result.metrics:
        loss = np.array(rec["loss_per_position"])
        excess_bits = (loss - truth.optimal_loss_nats) / LN2
        g = rec.get("geometry", {}).get(final, {})
        curve.append(
            {
                "tokens": rec["tokens"],
                "excess_bits": float(excess_bits.mean()),
                **{k: g.get(k) for k in ("dim90", "dim95", "dim99", "overlap", "joint_mse", "mse")},
                **{k: v for k, v in g.items() if k.startswith("factor") and k.endswith("_mse")},
            }
        )
    return {
        "process": process.name,
        "dimensions": dims,
        "exact_cost_bits": exact,
        "sampled_cost_bits": truth.cost_bits.tolist(),
        "mean_cost_bits_over_positions": float(cost_pos.mean()),
        "optimum_nats": float(truth.optimal_loss_nats.mean()),
        "final": result.final,
        "final_excess_bits": curve[-1]["excess_bits"],
        "streams": geo,
        "cumulative_variance": cumulative,
        "curve": curve,
    }


def reproduce_factored(
    recipe: Recipe, out_root: str = "runs", n_tokens: int | None = None, log: Callable = print
) -> dict:
    """Run the factored experiment of ``recipe`` (its ``process`` and ``dependent`` process); return the summary."""
    from ..spec import parse_spec

    tc = recipe.train if n_tokens is None else replace(recipe.train, n_tokens=n_tokens)
    out = os.path.join(out_root, recipe.name)
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    runs = {"a": recipe.hmm()}
    if recipe.dependent:
        runs["b"] = parse_spec(recipe.dependent)
    summary: dict = {
        "recipe": recipe.path or recipe.name,
        "model": asdict(recipe.model),
        "train": asdict(tc),
        "runs": {},
    }
    for label, process in runs.items():
        summary["runs"][label] = _one_run(label, process, recipe, tc, out, recipe.eval_sequences, log)
    summary["seconds_total"] = time.perf_counter() - t0
    final = f"blocks.{recipe.model.n_layers - 1}.hook_resid_post"
    _figures(summary, final, out)
    with atomic_write(os.path.join(out, "report.json")) as f:
        json.dump(summary, f, indent=1, default=float)
    text = _markdown(summary, final)
    with atomic_write(os.path.join(out, "report.md")) as f:
        f.write(text)
    log(text)
    return summary


def _markdown(s: dict, final: str) -> str:
    lines = [f"# Factored worlds on CPU ({s['seconds_total']:.0f} s)", ""]
    lines += [
        "| run | process | joint dim | factored dim | final-stream PCs for 90/95/99 % | mean overlap | "
        "factor probe MSE | excess loss (bits) | mean factoring cost (bits) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, r in s["runs"].items():
        g = r["streams"][final]
        fm = ", ".join(f"{g[k]:.4f}" for k in sorted(g) if k.startswith("factor") and k.endswith("_mse"))
        lines.append(
            f"| {label} | {r['process']} | {r['dimensions']['joint']} | {r['dimensions']['factored']} | "
            f"{g['dim90']}/{g['dim95']}/{g['dim99']} | {g['overlap']:.3f} | {fm} | {r['final_excess_bits']:.5f} | "
            f"{r['mean_cost_bits_over_positions']:.2e} |"
        )
    lines.append("")
    for label, r in s["runs"].items():
        exact = ", ".join(f"L={k}: {v:.3g}" for k, v in r["exact_cost_bits"].items())
        lines.append(
            f"- run {label}: exact factoring cost {exact} bits; relative loss {r['final']['relative_loss']:.5f}"
        )
    lines += ["", "Figures: dimension.png, overlap.png, excess_vs_cost.png, spectrum.png", ""]
    return "\n".join(lines)


def _token_axis(ax) -> None:
    """Training tokens from 0 (the untrained model): linear to 10^4, logarithmic beyond."""
    ax.set_xscale("symlog", linthresh=1e4)
    ax.set_xlim(left=0)
    ax.set_xlabel("training tokens")


def _figures(s: dict, final: str, out: str) -> None:
    from ..plot.figures import save_figure
    from .figures import _panels

    runs = s["runs"]
    dims = next(iter(runs.values()))["dimensions"]
    fig, axes = _panels(None, len(runs), (5 * len(runs), 3.6))
    for ax, (label, r) in zip(axes, runs.items()):
        t = [c["tokens"] for c in r["curve"]]
        for key in ("dim90", "dim95", "dim99"):
            ax.plot(t, [c[key] for c in r["curve"]], label=f"PCs for {key[3:]} %")
        ax.axhline(dims["factored"], color="k", ls="--", lw=1, label=f"factored: {dims['factored']}")
        ax.axhline(dims["joint"], color="r", ls=":", lw=1, label=f"joint: {dims['joint']}")
        _token_axis(ax)
        ax.set_title(f"({label}) final stream", fontsize=9)
        ax.legend(fontsize=7)
    save_figure(fig, os.path.join(out, "dimension.png"))
    fig, axes = _panels(None, 2, (10, 3.6))
    for label, r in runs.items():
        t = [c["tokens"] for c in r["curve"]]
        axes[0].plot(t, [c["overlap"] for c in r["curve"]], label=f"({label}) mean overlap")
        for k in sorted(r["curve"][-1]):
            if k.startswith("factor"):
                axes[1].plot(t, [c[k] for c in r["curve"]], label=f"({label}) {k}")
    axes[0].set_title("per-factor probe subspaces: mean cos^2 of principal angles", fontsize=9)
    axes[1].set_title("per-factor probe MSE (held out)", fontsize=9)
    axes[1].set_yscale("log")
    for ax in axes:
        _token_axis(ax)
        ax.legend(fontsize=7)
    save_figure(fig, os.path.join(out, "overlap.png"))
    fig, axes = _panels(None, 1, (5.5, 3.6))
    for label, r in runs.items():
        t = [c["tokens"] for c in r["curve"]]
        line = axes[0].plot(t, [max(c["excess_bits"], 1e-7) for c in r["curve"]], label=f"({label}) excess loss")[0]
        axes[0].axhline(
            max(r["mean_cost_bits_over_positions"], 1e-7),
            color=line.get_color(),
            ls="--",
            label=f"({label}) factoring cost",
        )
    _token_axis(axes[0])
    axes[0].set_yscale("log")
    axes[0].set_ylabel("bits per token")
    axes[0].legend(fontsize=7)
    save_figure(fig, os.path.join(out, "excess_vs_cost.png"))
    fig, axes = _panels(None, 1, (5.5, 3.6))
    for label, r in runs.items():
        cum = r["cumulative_variance"]
        axes[0].plot(range(1, len(cum) + 1), cum, marker=".", label=f"({label}) {final}")
    axes[0].axvline(dims["factored"], color="k", ls="--", lw=1, label=f"factored: {dims['factored']}")
    axes[0].axvline(dims["joint"], color="r", ls=":", lw=1, label=f"joint: {dims['joint']}")
    for level in (0.9, 0.95, 0.99):
        axes[0].axhline(level, color="0.7", lw=0.8)
    axes[0].set_xlabel("principal components")
    axes[0].set_ylabel("cumulative explained variance")
    axes[0].legend(fontsize=7)
    save_figure(fig, os.path.join(out, "spectrum.png"))
