"""Figures of the belief-geometry experiment (matplotlib, headless)."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plot import project_beliefs, save_figure

__all__ = ["truth_vs_probe", "per_layer_bars", "distance_histograms", "loss_curve"]


def _fig(w, h, n=1):
    fig = Figure(figsize=(w, h))
    FigureCanvasAgg(fig)
    return fig, [fig.add_subplot(1, n, i + 1) for i in range(n)]


def truth_vs_probe(true_beliefs, predicted, path, title=""):
    """True beliefs next to probe predictions, in the simplex (or PCA plane), coloured by true belief."""
    fig, (a, b) = _fig(10, 4.8, 2)
    xy_t, xy_p = project_beliefs(true_beliefs), project_beliefs(np.clip(predicted, -0.5, 1.5))
    colours = np.clip(true_beliefs[:, :3], 0, 1) if true_beliefs.shape[1] >= 3 else None
    for ax, xy, name in ((a, xy_t, "exact beliefs"), (b, xy_p, "linear probe from the residual stream")):
        ax.scatter(xy[:, 0], xy[:, 1], s=0.3, c=colours, linewidths=0)
        ax.set_title(name, fontsize=10)
        ax.set_aspect("equal")
        ax.set_axis_off()
    fig.suptitle(title, fontsize=10)
    save_figure(fig, path)


def per_layer_bars(report, path, title=""):
    fig, (ax,) = _fig(8, 4)
    names = [s.name.replace("blocks.", "b").replace(".hook_", ".") for s in report.streams]
    vals = [s.mse for s in report.streams]
    ax.bar(range(len(vals)), vals, color="tab:blue", label="probe MSE (in-sample, OLS)")
    ax.plot(range(len(vals)), [s.mse_shuffled for s in report.streams], "k_", markersize=20, label="shuffled control")
    ax.set_xticks(range(len(vals)))
    ax.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("MSE over belief coordinates")
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
    save_figure(fig, path)


def distance_histograms(pred, true_b, next_t, path, rng, n_pairs=200_000, title=""):
    n = pred.shape[0]
    i, j = rng.integers(0, n, n_pairs), rng.integers(0, n, n_pairs)
    dp = np.linalg.norm(pred[i] - pred[j], axis=1)
    db = np.linalg.norm(true_b[i] - true_b[j], axis=1)
    dn = np.linalg.norm(next_t[i] - next_t[j], axis=1)
    fig, (a, b) = _fig(10, 4, 2)
    a.hist2d(db, dp, bins=60, cmap="Blues")
    a.set_xlabel("distance between exact beliefs")
    a.set_ylabel("distance between probe predictions")
    b.hist2d(dn, dp, bins=60, cmap="Oranges")
    b.set_xlabel("distance between next-token distributions")
    fig.suptitle(title, fontsize=10)
    save_figure(fig, path)


def loss_curve(metrics, path, title=""):
    fig, (ax,) = _fig(6, 4)
    tok = [m["tokens"] for m in metrics if m["tokens"] > 0]
    rel = [m["relative_loss"] - 1 for m in metrics if m["tokens"] > 0]
    ax.loglog(tok, rel, "o-")
    ax.set_xlabel("training tokens")
    ax.set_ylabel("relative loss - 1 (exact expected loss / optimum - 1)")
    ax.set_title(title, fontsize=10)
    save_figure(fig, path)
