"""Pictures of belief geometry and mixed-state presentations (matplotlib, headless).

Figures are built with ``matplotlib.figure.Figure`` and the Agg canvas, never
pyplot, so nothing needs a display.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..errors import InvalidArgumentError
from ..kernel.atomic import atomic_write

if TYPE_CHECKING:
    from typing import Any

    from ..presentations.msp import MixedStatePresentation

__all__ = ["simplex", "project_beliefs", "msp_graph", "save_figure"]

_TRIANGLE = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])


def new_axes(ax: Any = None, figsize: tuple[float, float] = (5, 4.6)):
    """``(figure, axes)``: the given axes' figure, or a new headless figure with one axes."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot(1, 1, 1)


def _belief_array(obj, depth):
    """``(beliefs, state names, simplex)``: ``simplex`` is False for a GHMM, whose coordinates are not probabilities."""
    from ..models.ghmm import GHMM
    from ..presentations.ground_truth import GroundTruth
    from ..presentations.msp import MixedStatePresentation, mixed_state_presentation

    if isinstance(obj, GHMM):
        obj = mixed_state_presentation(obj, max_depth=depth, max_states=None)
    if isinstance(obj, MixedStatePresentation):
        return obj.beliefs_float, obj.hmm.states, obj.hmm.is_classical()
    if isinstance(obj, GroundTruth):
        return obj.unique_beliefs_float, obj.hmm.states, obj.hmm.is_classical()
    arr = np.asarray(obj, dtype=np.float64)
    if arr.ndim != 2:
        raise InvalidArgumentError(f"beliefs must be a 2-D array (n_points, n_states), got shape {arr.shape}")
    return arr, tuple(range(arr.shape[1])), True


def project_beliefs(beliefs: np.ndarray, reference: np.ndarray | None = None, simplex: bool = True) -> np.ndarray:
    """2-D coordinates: barycentric in the triangle for 3 states, else the first two principal components.

    Parameters
    ----------
    beliefs : array, shape (n_points, n_states)
    reference : array, shape (m, n_states), optional
        Points whose principal components (and mean) define the plane, so that
        two point sets (exact beliefs and probe predictions) share one projection;
        default ``beliefs`` itself.

    Examples
    --------
    >>> project_beliefs(np.eye(3)).round(3).tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.5, 0.866]]
    >>> b = np.eye(4)
    >>> np.allclose(project_beliefs(b, reference=b), project_beliefs(b))
    True
    """
    b = np.asarray(beliefs, dtype=np.float64)
    if simplex and b.shape[1] == 3:
        return b @ _TRIANGLE
    if simplex and b.shape[1] == 2:
        return np.stack([b[:, 1], np.zeros(len(b))], axis=1)
    ref = b if reference is None else np.asarray(reference, dtype=np.float64)
    mean = ref.mean(axis=0)
    _, _, vt = np.linalg.svd(ref - mean, full_matrices=False)
    return (b - mean) @ vt[:2].T


def marker_size(n_points: int) -> float:
    """A scatter marker area (points^2) legible for ``n_points``: large for tens of beliefs, small for 10^5.

    Examples
    --------
    >>> marker_size(36), marker_size(88_573)
    (60.0, 0.3)
    """
    return float(np.clip(3000.0 / max(n_points, 1), 0.3, 60.0))


def simplex(
    obj: Any,
    depth: int = 8,
    ax: Any = None,
    s: float | None = None,
    c: Any = None,
    title: str | None = None,
    cmap: str = "viridis",
):
    """Scatter the beliefs of a process in the 2-simplex (3 states) or a PCA plane.

    Parameters
    ----------
    obj : HMM, GHMM, MixedStatePresentation, GroundTruth or array
        Where the beliefs come from; an HMM's belief tree is built to ``depth``.  A GHMM's beliefs
        are not probabilities, so they are drawn in their principal-component plane, never a simplex.
    ax : matplotlib Axes, optional
        Draw into it; otherwise a new figure is made.
    s : float, optional
        Marker area; by default chosen from the number of beliefs (:func:`marker_size`).
    c : array, optional
        Colours; by default each belief is coloured by its own coordinates (RGB for 3 states).

    Returns
    -------
    matplotlib.figure.Figure
        For more than 3 states the axes are the first two principal components, labelled with
        the share of the beliefs' variance each explains.

    Examples
    --------
    >>> from compmech.processes import mess3, rrxor
    >>> fig = simplex(mess3(), depth=6)
    >>> len(fig.axes)
    1
    >>> simplex(rrxor()).axes[0].get_xlabel()
    'PC1 (33.3 % of the variance)'
    """
    beliefs, states, in_simplex = _belief_array(obj, depth)
    xy = project_beliefs(beliefs, simplex=in_simplex)
    fig, ax = new_axes(ax)
    if c is None and beliefs.shape[1] == 3 and in_simplex:
        c = np.clip(beliefs, 0, 1)
    s = marker_size(len(beliefs)) if s is None else s
    ax.scatter(xy[:, 0], xy[:, 1], s=s, c=c, cmap=None if c is None or np.ndim(c) == 2 else cmap, linewidths=0)
    if beliefs.shape[1] == 3 and in_simplex:
        tri = np.vstack([_TRIANGLE, _TRIANGLE[:1]])
        ax.plot(tri[:, 0], tri[:, 1], color="0.6", lw=0.8)
        for (x, y), name in zip(_TRIANGLE, states):
            ax.annotate(str(name), (x, y), textcoords="offset points", xytext=(0, -12 if y == 0 else 4), ha="center")
        ax.set_aspect("equal")
        ax.set_axis_off()
    elif beliefs.shape[1] > 3 or not in_simplex:
        sv = np.linalg.svd(beliefs - beliefs.mean(axis=0), compute_uv=False) ** 2
        share = sv / sv.sum() if sv.sum() > 0 else np.zeros_like(sv)
        ax.set_xlabel(f"PC1 ({100 * share[0]:.1f} % of the variance)")
        ax.set_ylabel(f"PC2 ({100 * share[1]:.1f} % of the variance)" if len(share) > 1 else "PC2")
        ax.set_aspect("equal", adjustable="datalim")
    else:
        ax.set_axis_off()
    if title:
        ax.set_title(title)
    return fig


def _edge_labels(msp: MixedStatePresentation, keep) -> dict:
    """``{(u, v): "x | p"}`` with exact probabilities; parallel edges share one label, one line each."""
    src, sym, dst = msp.edges
    labels: dict = {}
    alphabet = msp.hmm.alphabet
    for u, x, v, p in zip(src.tolist(), sym.tolist(), dst.tolist(), msp.edge_probabilities):
        if u in keep and v in keep:
            text = f"{alphabet[x]} | {p}"
            labels[(u, v)] = labels[(u, v)] + "\n" + text if (u, v) in labels else text
    return labels


def _layout(G, layers: dict):
    """Graphviz's ``dot`` layout when pydot and Graphviz are installed, else layers by depth."""
    import networkx as nx

    try:
        return nx.nx_pydot.graphviz_layout(G, prog="dot")
    except Exception:  # pydot or the dot program missing: the layered layout is always available
        nx.set_node_attributes(G, layers, "layer")
        pos = nx.multipartite_layout(G, subset_key="layer", align="horizontal")
        return {u: (x, -y) for u, (x, y) in pos.items()}


def msp_graph(
    msp: MixedStatePresentation,
    ax: Any = None,
    title: str | None = None,
    with_labels: bool = True,
    recurrent_only: bool = False,
    edge_labels: bool = True,
):
    """Draw a mixed-state presentation: transient states grey, recurrent states red, edges ``x | p``.

    Parameters
    ----------
    recurrent_only : bool
        Draw the recurrent part alone (the epsilon-machine, for a unifilar presentation).
    edge_labels : bool
        Label each edge with its symbol and exact probability (``0 | 1/2``), the convention of the
        field's drawings.

    Examples
    --------
    >>> from compmech import mixed_state_presentation
    >>> from compmech.processes import rrxor
    >>> fig = msp_graph(mixed_state_presentation(rrxor()))
    >>> len(fig.axes)
    1
    >>> fig = msp_graph(mixed_state_presentation(rrxor()), recurrent_only=True)
    >>> sorted(t.get_text() for t in fig.axes[0].texts if "|" in t.get_text())[:2]
    ['0 | 1', '0 | 1/2']
    """
    import networkx as nx

    rec = msp.recurrent_mask if msp.complete else np.zeros(msp.n_nodes, dtype=bool)
    keep = set(np.flatnonzero(rec).tolist()) if recurrent_only else set(range(msp.n_nodes))
    src, _, dst = msp.edges
    G = nx.DiGraph()
    G.add_nodes_from(sorted(keep))
    G.add_edges_from((u, v) for u, v in zip(src.tolist(), dst.tolist()) if u in keep and v in keep)
    fig, ax = new_axes(ax, figsize=(7, 6) if len(keep) > 8 else (5, 4))
    pos = _layout(G, {u: int(msp.depths[u]) for u in G})
    colors = ["tab:red" if rec[u] else "0.75" for u in G]
    nx.draw_networkx_edges(
        G,
        pos,
        ax=ax,
        arrows=True,
        arrowsize=8,
        width=0.6,
        edge_color="0.5",
        connectionstyle="arc3,rad=0.1",
        node_size=200,
    )
    nx.draw_networkx_nodes(G, pos, ax=ax, node_color=colors, node_size=200)
    if with_labels:
        nx.draw_networkx_labels(G, pos, ax=ax, font_size=6)
    if edge_labels:
        nx.draw_networkx_edge_labels(
            G,
            pos,
            edge_labels=_edge_labels(msp, keep),
            ax=ax,
            font_size=5,
            connectionstyle="arc3,rad=0.1",
            bbox={"alpha": 0},
        )
    n_rec = int(rec.sum())
    default = (
        f"{msp.hmm.name or 'MSP'}: recurrent part, {n_rec} states (the epsilon-machine)"
        if recurrent_only
        else f"{msp.hmm.name or 'MSP'}: {msp.n_nodes - n_rec} transient (grey), {n_rec} recurrent (red)"
    )
    ax.set_title(title or default, fontsize=9)
    ax.set_axis_off()
    return fig


def supported_formats() -> set:
    """The image formats :func:`save_figure` can write (from matplotlib's own list).

    Examples
    --------
    >>> {"png", "pdf", "svg"} <= supported_formats()
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    return set(FigureCanvasAgg(Figure()).get_supported_filetypes())


def save_figure(fig: Any, path: str | os.PathLike, dpi: int = 150) -> None:
    """Save a figure atomically (format from the file extension, PNG by default)."""
    ext = os.path.splitext(os.fspath(path))[1].lstrip(".").lower() or "png"
    with atomic_write(path, "wb") as f:
        fig.savefig(f, format=ext, dpi=dpi, bbox_inches="tight")
