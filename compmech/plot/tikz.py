"""State graphs as TikZ pictures for papers: a standalone LaTeX document that compiles on its own.

The same layout as the SVG drawing (:mod:`compmech.plot.layout`), the edges labelled in exact form
as math (``$0|\\frac{1}{2}$``), recurrent states filled, transient ones dashed.  The document uses
the ``standalone`` class and TikZ's ``arrows.meta`` library only; the picture between
``\\begin{tikzpicture}`` and ``\\end{tikzpicture}`` can be pasted into a paper (with ``\\usepackage{tikz}``
and ``\\usetikzlibrary{arrows.meta}`` in its preamble).
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidArgumentError
from ..kernel.latex import latex, latex_escape, latex_text
from .graph import MAX_DRAWN_STATES, STYLES, StateGraph, state_graph
from .layout import layout

__all__ = ["to_tikz", "graph_tikz"]

_SCALE = 0.75  # pt per SVG px (96 dpi)


def _c(p) -> str:
    return f"({p[0] * _SCALE:.2f},{p[1] * _SCALE:.2f})"


def _label(symbol, value) -> str:
    sym = str(symbol) if isinstance(symbol, int) and not isinstance(symbol, bool) else latex_text(str(symbol))
    return f"${sym}|{latex(value)}$"


def graph_tikz(g: StateGraph) -> str:
    """A standalone LaTeX document with the TikZ picture of a (not summarised) state graph."""
    if g.summarised:
        raise InvalidArgumentError(f"{g.summary[1]}; pass a larger max_states to draw every state in TikZ")
    lay = layout(g)
    r = lay.radius * _SCALE
    lines = [
        f"% {g.title}: drawn by compmech.draw(..., format='tikz')",
        r"\documentclass[tikz,border=4pt]{standalone}",
        r"\usetikzlibrary{arrows.meta}",
    ]
    for kind, (fill, stroke, _) in STYLES.items():
        lines.append(rf"\definecolor{{cm{kind}fill}}{{HTML}}{{{fill[1:].upper()}}}")
        lines.append(rf"\definecolor{{cm{kind}draw}}{{HTML}}{{{stroke[1:].upper()}}}")
    lines += [
        r"\begin{document}",
        r"\begin{tikzpicture}[x=1pt, y=-1pt, >={Stealth[length=5pt]},",
        r"  edge/.style={->, draw=black!70, line width=0.6pt},",
        r"  elabel/.style={font=\scriptsize, fill=white, inner sep=0.8pt, align=center}]",
    ]
    for rt in lay.routes:
        p0, c1, c2, p3 = rt.points
        lines.append(rf"\draw[edge] {_c(p0)} .. controls {_c(c1)} and {_c(c2)} .. {_c(p3)};")
    if g.start is not None:
        x, y = lay.centres[g.start]
        lines.append(rf"\draw[edge] {_c((x, y - lay.radius - 24))} -- {_c((x, y - lay.radius))};")
    for node, centre in zip(g.nodes, lay.centres):
        dash = ", dashed" if STYLES[node.kind][2] else ""
        lines.append(
            rf"\draw[fill=cm{node.kind}fill, draw=cm{node.kind}draw, line width=0.8pt{dash}] "
            rf"{_c(centre)} circle[radius={r:.2f}pt];"
        )
        lines.append(rf"\node[font=\small] at {_c(centre)} {{{latex_escape(node.label)}}};")
    for rt in lay.routes:
        text = r"\\".join(_label(x, p) for x, p in rt.edge.labels)
        lines.append(rf"\node[elabel] at {_c(rt.label_at)} {{{text}}};")
    lines += [r"\end{tikzpicture}", r"\end{document}", ""]
    return "\n".join(lines)


def to_tikz(obj: Any, max_states: int = MAX_DRAWN_STATES) -> str:
    """A standalone LaTeX document drawing the state graph of an HMM, GHMM or mixed-state presentation.

    Raises
    ------
    InvalidArgumentError
        When the graph has more than ``max_states`` states (raise ``max_states`` to draw it anyway).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> doc = to_tikz(golden_mean())
    >>> doc.splitlines()[1]
    '\\\\documentclass[tikz,border=4pt]{standalone}'
    >>> "$0|\\\\frac{1}{2}$" in doc and "$1|\\\\frac{1}{2}$" in doc and "$0|1$" in doc
    True
    """
    return graph_tikz(state_graph(obj, max_states))
