"""State graphs in Graphviz's DOT language (text; Graphviz itself is never needed to write it).

Recurrent states are filled, transient ones dashed, edges labelled ``symbol|probability`` in exact
form, several symbols between the same two states on one edge; each node's tooltip is its exact
belief (for a mixed-state presentation).  ``dot -Tsvg`` or ``dot -Tpdf`` lays it out, where Graphviz
is installed.
"""

from __future__ import annotations

from typing import Any

from ..kernel.display import dot_escape
from .graph import STYLES, StateGraph, state_graph
from .layout import edge_text

__all__ = ["to_dot", "graph_dot"]

_EVERY_STATE = 2**62  # DOT is never summarised: Graphviz lays out large graphs


def graph_dot(g: StateGraph) -> str:
    """DOT text of a state graph (every state: DOT is for Graphviz to lay out, however large)."""
    lines = [
        "digraph compmech {",
        f'  label="{dot_escape(g.title)}"; labelloc=t;',
        '  node [shape=circle, fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=10];',
    ]
    if g.start is not None:
        lines.append('  start [shape=point, style=invis, label=""];')
    for i, node in enumerate(g.nodes):
        fill, stroke, dash = STYLES[node.kind]
        style = "filled,dashed" if dash else "filled"
        tip = f', tooltip="{dot_escape(node.title)}"' if node.title else ""
        lines.append(
            f'  n{i} [label="{dot_escape(node.label)}", style="{style}", fillcolor="{fill}", color="{stroke}"{tip}];'
        )
    if g.start is not None:
        lines.append(f"  start -> n{g.start};")
    for e in g.edges:
        label = "\\n".join(dot_escape(f"{x}|{edge_text(p)}") for x, p in e.labels)
        lines.append(f'  n{e.u} -> n{e.v} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_dot(obj: Any) -> str:
    """DOT text of the state graph of an HMM, GHMM or mixed-state presentation.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> print(to_dot(golden_mean()))  # doctest: +ELLIPSIS
    digraph compmech {
      label="golden_mean(p=1/2)"; labelloc=t;
    ...
      n0 -> n0 [label="0|1/2"];
      n0 -> n1 [label="1|1/2"];
      n1 -> n0 [label="0|1"];
    }
    """
    return graph_dot(state_graph(obj, max_states=_EVERY_STATE))
