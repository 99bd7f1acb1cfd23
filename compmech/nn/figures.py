"""Figures of the belief-geometry experiment (matplotlib, headless unless you pass pyplot figures).

Every function draws into a new Agg figure, or into the ``fig``/``ax`` you
pass (for example one made with ``matplotlib.pyplot``), saves it atomically
when ``path`` is given, and returns the figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..plot import new_axes, project_beliefs, save_figure

if TYPE_CHECKING:
    import os
    from typing import Any

__all__ = ["truth_vs_probe", "per_layer_bars", "distance_histograms", "loss_curve"]


def _panels(fig, n, figsize):
    if fig is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
    return fig, [fig.add_subplot(1, n, i + 1) for i in range(n)]


def _finish(fig, path):
    if path is not None:
        save_figure(fig, path)
    return fig


def truth_vs_probe(
    true_beliefs,
    predicted,
    path: str | os.PathLike | None = None,
    title: str | None = "",
    fig: Any = None,
    simplex: bool = True,
):
    """Exact beliefs next to probe predictions, in the simplex (or a PCA plane), coloured by the true belief.

    Parameters
    ----------
    true_beliefs, predicted : array, shape (n_points, n_states)
    path : path, optional
        Save the figure there (atomically).
    fig : matplotlib Figure, optional
        Draw into it (two panels are added); otherwise a new headless figure.
    simplex : bool
        The beliefs are probabilities (an HMM's): 3 states are drawn in the triangle.  False for a
        GHMM's coordinates, always drawn in their principal-component plane.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> b = np.random.default_rng(0).dirichlet(np.ones(3), 100)
    >>> len(truth_vs_probe(b, b + 0.01).axes)
    2
    """
    fig, (a, b) = _panels(fig, 2, (10, 4.8))
    true_beliefs = np.asarray(true_beliefs, dtype=np.float64)
    xy_t = project_beliefs(true_beliefs, simplex=simplex)
    shown = np.clip(predicted, -0.5, 1.5) if simplex else np.asarray(predicted, dtype=np.float64)
    xy_p = project_beliefs(shown, reference=true_beliefs, simplex=simplex)
    distinct, label = np.unique(true_beliefs, axis=0, return_inverse=True)
    if true_beliefs.shape[1] == 3 and simplex:
        colours = np.clip(true_beliefs, 0, 1)  # red, green, blue: the weight on each state
    else:  # one colour per distinct exact belief, so each cloud of predictions can be matched to its target
        from matplotlib import colormaps

        colours = colormaps["tab20"](label.ravel() % 20)
    few = len(distinct) <= 200
    lo, hi = np.minimum(xy_t.min(0), xy_p.min(0)), np.maximum(xy_t.max(0), xy_p.max(0))
    pad = 0.03 * (hi - lo).max()
    for ax, xy, name, size in (
        (a, xy_t, "exact beliefs", 25 if few else 0.3),
        (b, xy_p, "linear probe from the residual stream", 1.5 if few else 0.3),
    ):
        ax.scatter(xy[:, 0], xy[:, 1], s=size, c=colours, linewidths=0)
        ax.set_title(name, fontsize=10)
        ax.set_xlim(lo[0] - pad, hi[0] + pad)
        ax.set_ylim(lo[1] - pad, hi[1] + pad)
        ax.set_aspect("equal")
        ax.set_axis_off()
    if true_beliefs.shape[1] > 3:
        a.set_title(f"exact beliefs ({len(distinct)} distinct; first two principal components)", fontsize=10)
    fig.suptitle(title, fontsize=10)
    return _finish(fig, path)


def per_layer_bars(report: Any, path: str | os.PathLike | None = None, title: str | None = "", ax: Any = None):
    """Probe MSE of every stream of a :class:`~compmech.nn.geometry.GeometryReport` (log scale) with its shuffled control.

    Examples
    --------
    >>> from compmech.nn.geometry import GeometryReport, StreamResult
    >>> r = GeometryReport("demo", 1, 1, streams=[StreamResult("blocks.0.hook_resid_post", 8, 0.01, 0.9, 0.01,
    ...     0.9, 0.01, 0.1, 0.001, 8)])
    >>> len(per_layer_bars(r).axes)
    1
    """
    fig, ax = new_axes(ax, figsize=(8, 4))
    names = [s.name.replace("blocks.", "b").replace(".hook_", ".") for s in report.streams]
    vals = [s.mse for s in report.streams]
    ax.bar(range(len(vals)), vals, color="tab:blue", label="probe MSE (in-sample, OLS)")
    ax.plot(range(len(vals)), [s.mse_shuffled for s in report.streams], "k_", markersize=20, label="shuffled control")
    ax.set_xticks(range(len(vals)))
    ax.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("MSE over belief coordinates")
    # above the axes, so that it never covers a bar
    ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2, frameon=False)
    ax.set_title(title, fontsize=10, pad=24)
    fig.tight_layout()
    return _finish(fig, path)


def distance_histograms(
    pred: np.ndarray,
    true_b: np.ndarray,
    next_t: np.ndarray,
    path: str | os.PathLike | None = None,
    rng: np.random.Generator | None = None,
    n_pairs: int = 200_000,
    title: str | None = "",
    fig: Any = None,
):
    """2-D histograms over random pairs of inputs: probe-prediction distance against belief distance and
    against next-token-distribution distance.

    Examples
    --------
    >>> import numpy as np
    >>> b = np.random.default_rng(0).dirichlet(np.ones(3), 100)
    >>> len(distance_histograms(b, b, b[:, :2], n_pairs=500).axes)
    2
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    n = pred.shape[0]
    i, j = rng.integers(0, n, n_pairs), rng.integers(0, n, n_pairs)
    dp = np.linalg.norm(pred[i] - pred[j], axis=1)
    db = np.linalg.norm(true_b[i] - true_b[j], axis=1)
    dn = np.linalg.norm(next_t[i] - next_t[j], axis=1)
    fig, (a, b) = _panels(fig, 2, (10, 4))
    a.hist2d(db, dp, bins=60, cmap="Blues")
    a.set_xlabel("distance between exact beliefs")
    a.set_ylabel("distance between probe predictions")
    b.hist2d(dn, dp, bins=60, cmap="Oranges")
    b.set_xlabel("distance between next-token distributions")
    fig.suptitle(title, fontsize=10)
    return _finish(fig, path)


def loss_curve(metrics: list, path: str | os.PathLike | None = None, title: str | None = "", ax: Any = None):
    """Relative loss minus one (exact expected loss over the optimum) against training tokens, log-log.

    Examples
    --------
    >>> len(loss_curve([{"tokens": 10, "relative_loss": 1.5}, {"tokens": 20, "relative_loss": 1.1}]).axes)
    1
    """
    fig, ax = new_axes(ax, figsize=(6, 4))
    tok = [m["tokens"] for m in metrics if m["tokens"] > 0]
    rel = [m["relative_loss"] - 1 for m in metrics if m["tokens"] > 0]
    ax.loglog(tok, rel, "o-")
    ax.set_xlabel("training tokens")
    ax.set_ylabel("relative loss - 1 (exact expected loss / optimum - 1)")
    ax.set_title(title, fontsize=10)
    return _finish(fig, path)
