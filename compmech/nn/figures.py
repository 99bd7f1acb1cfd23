"""Figures of the belief-geometry experiment (matplotlib, headless unless you pass pyplot figures).

Every function draws into a new Agg figure, or into the ``fig``/``ax`` you
pass (for example one made with ``matplotlib.pyplot``), saves it atomically
when ``path`` is given, and returns the figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..plot.figures import new_axes, project_beliefs, save_figure

if TYPE_CHECKING:
    import os
    from typing import Any

__all__ = [
    "truth_vs_probe",
    "per_layer_bars",
    "distance_histograms",
    "loss_curve",
    "geometry_curves",
    "geometry_strip",
    "posterior_sharpening",
]


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
    distinct, first, label = np.unique(true_beliefs, axis=0, return_index=True, return_inverse=True)
    label = label.ravel()
    if true_beliefs.shape[1] == 3 and simplex:
        colours = np.clip(true_beliefs, 0, 1)  # red, green, blue: the weight on each state
    else:  # one colour per distinct exact belief, so each cloud of predictions can be matched to its target
        from matplotlib import colormaps

        colours = colormaps["tab20"](label % 20)
    few = len(distinct) <= 200
    lo, hi = np.minimum(xy_t.min(0), xy_p.min(0)), np.maximum(xy_t.max(0), xy_p.max(0))
    pad = 0.03 * (hi - lo).max()
    for ax, xy, c, name, size in (  # each exact belief drawn once (Mess3: 88 573 of 590 490 points)
        (a, xy_t[first], colours[first], "exact beliefs", 25 if few else 0.3),
        (b, xy_p, colours, "linear probe from the residual stream", 1.5 if few else 0.3),
    ):
        ax.scatter(xy[:, 0], xy[:, 1], s=size, c=c, linewidths=0)
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


def posterior_sharpening(
    result: dict, streams: dict, path: str | os.PathLike | None = None, title: str | None = "", fig: Any = None
):
    """Left: the exact mean posterior entropy ``H[W | X_0..X_t]`` against position, with each named stream's probed
    posterior; right: the R^2 of the three probe targets against position for the last named stream.

    ``result`` is :func:`compmech.nn.mixture.mixture_geometry`'s dict; ``streams`` maps labels to stream names.

    Examples
    --------
    >>> r = {"by_position": {"exact_posterior_entropy_bits": [1.0, 0.5],
    ...      "probe_posterior_entropy_bits": {"s": [0.9, 0.6]},
    ...      "r2": {"joint": {"s": [0.9, 0.95]}, "posterior": {"s": [0.8, 0.9]}, "within": {"s": [0.7, 0.8]}}}}
    >>> len(posterior_sharpening(r, {"final": "s"}).axes)
    2
    """
    fig, (ax, bx) = _panels(fig, 2, (11, 4))
    bp = result["by_position"]
    pos = np.arange(1, len(bp["exact_posterior_entropy_bits"]) + 1)
    ax.plot(pos, bp["exact_posterior_entropy_bits"], "k-o", lw=2, label="exact H[W | prefix]")
    for label, name in streams.items():
        ax.plot(pos, bp["probe_posterior_entropy_bits"][name], "--s", label=f"probe of {label}")
    ax.set_xlabel("tokens seen")
    ax.set_ylabel("mean posterior entropy over the components (bits)")
    ax.legend(fontsize=8)
    last = list(streams.values())[-1]
    for target, values in bp["r2"].items():
        bx.plot(pos, values[last], "-o", label=target)
    bx.set_xlabel("tokens seen")
    bx.set_ylabel(f"weighted R^2 ({list(streams)[-1]})")
    bx.set_ylim(min(0.0, bx.get_ylim()[0]), 1.02)
    bx.legend(fontsize=8)
    fig.suptitle(title, fontsize=10)
    return _finish(fig, path)


def geometry_curves(metrics: list, path: str | os.PathLike | None = None, title: str | None = "", fig: Any = None):
    """Held-out probe MSE per stream, and the stream's CEV, against training tokens (``track_geometry`` runs).

    Examples
    --------
    >>> g = {"blocks.0.hook_resid_post": {"mse": 0.1, "r2": 0.2, "cev": 0.5}}
    >>> m = [{"tokens": t, "geometry": g} for t in (0, 100, 200, 400)]
    >>> len(geometry_curves(m).axes)
    2
    """
    tracked = [m for m in metrics if "geometry" in m and m["tokens"] > 0]  # log axes: the untrained model is left out
    if not tracked:
        from ..errors import InvalidArgumentError

        raise InvalidArgumentError("no evaluation of this run tracked the geometry (train with track_geometry=true)")
    fig, (a, b) = _panels(fig, 2, (11, 4))
    tokens = np.array([m["tokens"] for m in tracked])
    for name in tracked[-1]["geometry"]:
        label = name.replace("blocks.", "b").replace(".hook_", ".")
        a.loglog(tokens, [m["geometry"][name]["mse"] for m in tracked], "o-", ms=3, label=label)
        b.semilogx(tokens, [m["geometry"][name]["cev"] for m in tracked], "o-", ms=3, label=label)
    a.set(xlabel="training tokens", ylabel="held-out probe MSE", title="belief probe, per stream")
    b.set(xlabel="training tokens", ylabel="CEV of the first k components", title="variance in k = dim(beliefs) PCs")
    a.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return _finish(fig, path)


def geometry_strip(
    run_dir: str | os.PathLike, steps: list | None = None, path: str | os.PathLike | None = None, fig: Any = None
):
    """The final block's probe predictions at chosen evaluations, beside the exact beliefs they target.

    Reads ``RUN/geometry/truth.npz`` and ``RUN/geometry/predictions_STEP.npz`` (written by runs with
    ``track_geometry=true``); ``steps`` default: up to five evaluations spread over the run.
    """
    import glob
    import os as _os

    from ..errors import InvalidArgumentError

    folder = _os.path.join(_os.fspath(run_dir), "geometry")
    files = sorted(glob.glob(_os.path.join(folder, "predictions_*.npz")))
    if not files:
        raise InvalidArgumentError(f"{folder}: no geometry snapshots (train with track_geometry=true)")
    by_step = {int(_os.path.basename(f)[12:21]): f for f in files}
    if steps is None:
        keys = sorted(by_step)
        steps = [keys[i] for i in sorted({round(j * (len(keys) - 1) / 4) for j in range(5)})]
    missing = [s for s in steps if s not in by_step]
    if missing:
        raise InvalidArgumentError(f"no snapshot at steps {missing}; available: {sorted(by_step)}")
    with np.load(_os.path.join(folder, "truth.npz"), allow_pickle=False) as z:
        truth = z["beliefs"]
    fig, axes = _panels(fig, len(steps) + 1, (2.6 * (len(steps) + 1), 2.8))
    simplex = bool(np.all(truth >= -1e-12)) and truth.shape[1] in (2, 3)
    colours = np.clip(truth, 0, 1) if truth.shape[1] == 3 and simplex else "tab:blue"
    panels = [("exact beliefs", truth)]
    for s in steps:
        with np.load(by_step[s], allow_pickle=False) as z:
            panels.append((f"{int(z['tokens']):,} tokens", z["predictions"]))
    for ax, (name, pts) in zip(axes, panels):
        xy = project_beliefs(np.asarray(pts, dtype=np.float64), reference=truth, simplex=simplex)
        ax.scatter(xy[:, 0], xy[:, 1], s=1, c=colours, linewidths=0)
        ax.set_title(name, fontsize=9)
        ax.set_aspect("equal")
        ax.set_axis_off()
    return _finish(fig, path)
