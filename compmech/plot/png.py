"""State graphs as PNG images, drawn with matplotlib (headless, Agg) on the layout of the SVG drawing."""

from __future__ import annotations

import io
from typing import Any

from ..errors import InvalidArgumentError
from .graph import KINDS, MAX_DRAWN_STATES, STYLES, StateGraph, state_graph
from .layout import FONT_SIZE, LINE_HEIGHT, layout

__all__ = ["to_png", "graph_png"]

_PX = 96.0  # layout units per inch
_PT = 0.75  # points per layout unit


def _canvas(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / _PX, height / _PX))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    return fig, ax


def _legend(ax, kinds, width: float, y: float) -> None:
    from matplotlib.patches import Circle

    items = [k for k in KINDS if k in kinds]
    x = width / 2 - sum(28 + 7 * len(KINDS[k]) for k in items) / 2
    for k in items:
        fill, stroke, dash = STYLES[k]
        ax.add_patch(Circle((x + 7, y), 6, fc=fill, ec=stroke, lw=1.1, ls="--" if dash else "-"))
        ax.text(x + 18, y, KINDS[k], fontsize=11 * _PT, va="center", color="#333333")
        x += 28 + 7 * len(KINDS[k])


def _drawing(g: StateGraph):
    from matplotlib.patches import Circle, PathPatch, Polygon
    from matplotlib.path import Path

    lay = layout(g)
    fig, ax = _canvas(lay.width, lay.height)
    ax.text(lay.width / 2, 16, g.title, ha="center", va="center", fontsize=13 * _PT, weight="bold")
    codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4]
    for rt in lay.routes:
        ax.add_patch(PathPatch(Path(list(rt.points), codes), fill=False, ec="#4d4d4d", lw=0.9))
        ax.add_patch(Polygon(list(rt.arrow), closed=True, fc="#4d4d4d", ec="none"))
    if g.start is not None:
        x, y = lay.centres[g.start]
        top = y - lay.radius
        ax.plot([x, x], [top - 24, top - 8], color="#4d4d4d", lw=0.9)
        ax.add_patch(Polygon([(x, top), (x - 3.5, top - 9), (x + 3.5, top - 9)], fc="#4d4d4d", ec="none"))
    for node, (x, y) in zip(g.nodes, lay.centres):
        fill, stroke, dash = STYLES[node.kind]
        ax.add_patch(Circle((x, y), lay.radius, fc=fill, ec=stroke, lw=1.2, ls="--" if dash else "-", zorder=3))
        ax.text(x, y, node.label, ha="center", va="center", fontsize=12 * _PT, zorder=4)
    for rt in lay.routes:
        ax.text(
            *rt.label_at,
            "\n".join(rt.lines),
            ha="center",
            va="center",
            fontsize=FONT_SIZE * _PT,
            linespacing=LINE_HEIGHT / FONT_SIZE,
            zorder=5,
            bbox={"fc": "white", "ec": "none", "pad": 0.3, "alpha": 0.85},
        )
    _legend(ax, {n.kind for n in g.nodes}, lay.width, lay.height - 14)
    return fig


def _summary(g: StateGraph):
    from matplotlib.patches import Rectangle

    lines, counts = g.summary[1:], g.depth_counts
    width = max(460.0, 7.0 * max((len(s) for s in g.summary), default=0) + 40)
    height = 40 + LINE_HEIGHT * 1.3 * len(lines) + 16 * len(counts) + (30 if counts else 10)
    fig, ax = _canvas(width, height)
    ax.text(width / 2, 16, g.title, ha="center", va="center", fontsize=13 * _PT, weight="bold")
    y = 40.0
    for s in lines:
        y += LINE_HEIGHT * 1.3
        ax.text(16, y, s, fontsize=12 * _PT, va="baseline")
    biggest = max((a + b for _, a, b in counts), default=1) or 1
    second = "frontier" if any("frontier" in s for s in lines) else "recurrent"
    y += 8
    for d, a, b in counts:
        wa, wb = 320 * a / biggest, 320 * b / biggest
        ax.text(50, y + 8, f"depth {d}", ha="right", va="center", fontsize=11 * _PT)
        for x0, w, kind in ((60.0, wa, "transient"), (60.0 + wa, wb, second)):
            if w > 0:
                fill, stroke, _ = STYLES[kind]
                ax.add_patch(Rectangle((x0, y + 2), max(w, 1.0), 12, fc=fill, ec=stroke, lw=0.6))
        ax.text(66 + wa + wb, y + 8, f"{a} / {b}", va="center", fontsize=11 * _PT)
        y += 16
    if counts:
        _legend(ax, {"transient", second}, width, height - 12)
    return fig


def graph_png(g: StateGraph, dpi: int = 150) -> bytes:
    """PNG bytes of a state graph (its summary when it is summarised)."""
    if not (isinstance(dpi, int) and 10 <= dpi <= 1200):
        raise InvalidArgumentError(f"dpi must be an integer in 10 .. 1200, got {dpi!r}")
    fig = _summary(g) if g.summarised else _drawing(g)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def to_png(obj: Any, max_states: int = MAX_DRAWN_STATES, dpi: int = 150) -> bytes:
    """PNG bytes of the state graph of an HMM, GHMM or mixed-state presentation (matplotlib).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> to_png(golden_mean())[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    return graph_png(state_graph(obj, max_states), dpi)
