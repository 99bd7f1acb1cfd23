"""State graphs as SVG text, written by hand (no system program, no matplotlib).

The ``_repr_svg_`` of HMMs, GHMMs, epsilon-machines and mixed-state presentations: states as circles
(recurrent filled red, transient dashed, GHMM coordinates blue), edges as curves labelled
``symbol|probability`` in exact form, the start of a mixed-state presentation marked by an arrow,
the exact belief of each node as its tooltip, and a legend.  Graphs of more than
:data:`~compmech.plot.graph.MAX_DRAWN_STATES` states are summarised: counts, and for a mixed-state
presentation a bar of beliefs per depth.
"""

from __future__ import annotations

from typing import Any

from ..kernel.display import html_escape
from .graph import KINDS, MAX_DRAWN_STATES, STYLES, StateGraph, state_graph
from .layout import FONT_SIZE, LINE_HEIGHT, Layout, layout

__all__ = ["to_svg", "graph_svg"]

_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _pt(p) -> str:
    return f"{_f(p[0])},{_f(p[1])}"


def _open(width: float, height: float, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" font-family="{_FONT}" class="compmech-graph">',
        f"<title>{html_escape(title)}</title>",
        f'<rect x="0" y="0" width="{_f(width)}" height="{_f(height)}" fill="white"/>',
        f'<text x="{_f(width / 2)}" y="20" text-anchor="middle" font-size="13" font-weight="bold" '
        f'fill="#222">{html_escape(title)}</text>',
    ]


def _label(x: float, y: float, lines, size: float = FONT_SIZE) -> str:
    top = y - LINE_HEIGHT * (len(lines) - 1) / 2 + size * 0.35
    spans = "".join(
        f'<tspan x="{_f(x)}" y="{_f(top + k * LINE_HEIGHT)}">{html_escape(s)}</tspan>' for k, s in enumerate(lines)
    )
    return (
        f'<text font-size="{_f(size)}" text-anchor="middle" fill="#1a1a1a" stroke="white" stroke-width="3" '
        f'stroke-linejoin="round" paint-order="stroke">{spans}</text>'
    )


def _legend(kinds, width: float, y: float) -> list[str]:
    out = []
    items = [k for k in KINDS if k in kinds]
    x = width / 2 - sum(28 + 7 * len(KINDS[k]) for k in items) / 2
    for k in items:
        fill, stroke, dash = STYLES[k]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<circle cx="{_f(x + 7)}" cy="{_f(y)}" r="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dashed}/>'
        )
        out.append(f'<text x="{_f(x + 18)}" y="{_f(y + 4)}" font-size="11" fill="#333">{html_escape(KINDS[k])}</text>')
        x += 28 + 7 * len(KINDS[k])
    return out


def _drawing(g: StateGraph, lay: Layout) -> str:
    out = _open(lay.width, lay.height, g.title)
    out.append('<g class="edges" fill="none" stroke="#4d4d4d" stroke-width="1.2">')
    for rt in lay.routes:
        p0, c1, c2, p3 = rt.points
        out.append(f'<path d="M{_pt(p0)} C{_pt(c1)} {_pt(c2)} {_pt(p3)}"/>')
    out.append("</g>")
    out.append('<g class="arrowheads" fill="#4d4d4d">')
    out += [f'<polygon points="{" ".join(_pt(p) for p in rt.arrow)}"/>' for rt in lay.routes]
    out.append("</g>")
    if g.start is not None:
        x, y = lay.centres[g.start]
        top = y - lay.radius
        out.append(f'<path d="M{_f(x)},{_f(top - 24)} L{_f(x)},{_f(top - 8)}" stroke="#4d4d4d" stroke-width="1.2"/>')
        out.append(
            f'<polygon points="{_f(x)},{_f(top)} {_f(x - 3.5)},{_f(top - 9)} {_f(x + 3.5)},{_f(top - 9)}" fill="#4d4d4d"/>'
        )
    out.append('<g class="nodes">')
    for node, (x, y) in zip(g.nodes, lay.centres):
        fill, stroke, dash = STYLES[node.kind]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        tip = html_escape(f"{node.label}: {node.title}" if node.title else f"{node.label} ({KINDS[node.kind]})")
        out.append(
            f'<g class="node {node.kind}"><title>{tip}</title>'
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(lay.radius)}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.6"{dashed}/>'
            f'<text x="{_f(x)}" y="{_f(y + 4.2)}" font-size="12" text-anchor="middle" fill="#111">'
            f"{html_escape(node.label)}</text></g>"
        )
    out.append("</g>")
    out.append('<g class="edge-labels">')
    out += [_label(rt.label_at[0], rt.label_at[1], rt.lines) for rt in lay.routes]
    out.append("</g>")
    out += _legend({n.kind for n in g.nodes}, lay.width, lay.height - 14)
    out.append("</svg>")
    return "\n".join(out)


def _summary(g: StateGraph) -> str:
    """Text lines, then (for a mixed-state presentation) one bar per depth, split by kind."""
    lines = g.summary[1:]
    counts = g.depth_counts
    bar_w, row_h = 320.0, 16.0
    width = max(460.0, 7.0 * max((len(s) for s in g.summary), default=0) + 40)
    height = 40 + LINE_HEIGHT * 1.3 * len(lines) + row_h * len(counts) + (30 if counts else 10)
    out = _open(width, height, g.title)
    y = 40.0
    for s in lines:
        y += LINE_HEIGHT * 1.3
        out.append(f'<text x="16" y="{_f(y)}" font-size="12" fill="#222">{html_escape(s)}</text>')
    biggest = max((a + b for _, a, b in counts), default=1) or 1
    first, second = ("transient", "recurrent") if not any("frontier" in s for s in lines) else ("transient", "frontier")
    y += 8
    for d, a, b in counts:
        wa, wb = bar_w * a / biggest, bar_w * b / biggest
        out.append(f'<text x="50" y="{_f(y + 11)}" font-size="11" text-anchor="end" fill="#333">depth {d}</text>')
        for x0, w, kind in ((60.0, wa, first), (60.0 + wa, wb, second)):
            if w > 0:
                fill, stroke, _ = STYLES[kind]
                out.append(
                    f'<rect x="{_f(x0)}" y="{_f(y + 2)}" width="{_f(max(w, 1.0))}" height="{_f(row_h - 4)}" '
                    f'fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>'
                )
        out.append(f'<text x="{_f(66 + wa + wb)}" y="{_f(y + 11)}" font-size="11" fill="#333">{a} / {b}</text>')
        y += row_h
    if counts:
        out += _legend({first, second}, width, height - 12)
    out.append("</svg>")
    return "\n".join(out)


def graph_svg(g: StateGraph) -> str:
    """SVG text of a state graph (its summary when it is summarised)."""
    return _summary(g) if g.summarised else _drawing(g, layout(g))


def to_svg(obj: Any, max_states: int = MAX_DRAWN_STATES) -> str:
    """SVG text of the state graph of an HMM, GHMM, epsilon-machine or mixed-state presentation.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> text = to_svg(golden_mean())
    >>> text.startswith("<svg"), "0|1/2" in text, "1|1/2" in text, "0|1<" in text
    (True, True, True, True)
    """
    return graph_svg(state_graph(obj, max_states))
