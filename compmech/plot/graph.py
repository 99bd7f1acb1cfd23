"""The state graph of a presentation, exact, ready to be drawn (SVG, TikZ, DOT, PNG).

One description for every drawing: the nodes (states or beliefs) with their kind, recurrent or
transient, and the edges with their exact ``symbol|probability`` labels, several symbols between the
same two states sharing one edge.  Above :data:`MAX_DRAWN_STATES` states a drawing would be
unreadable, and the graph is summarised instead (counts, and for a mixed-state presentation the
number of beliefs at each depth), without computing what the summary does not show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidArgumentError
from ..models.ghmm import GHMM
from ..models.hmm import HMM
from ..presentations.msp import MixedStatePresentation

if TYPE_CHECKING:
    from typing import Any

__all__ = ["Node", "Edge", "StateGraph", "state_graph", "MAX_DRAWN_STATES", "KINDS", "STYLES"]

#: Graphs with more nodes are summarised (``draw(..., max_states=...)`` raises the limit).
MAX_DRAWN_STATES = 40

#: What a node can be, and what the legend says of it.
KINDS = {
    "recurrent": "recurrent",
    "transient": "transient",
    "frontier": "not expanded (depth limit)",
    "coordinate": "GHMM coordinate",
}

#: ``kind -> (fill, stroke, dash pattern or "")``: one look in every format.
STYLES = {
    "recurrent": ("#f9d5d3", "#b03a2e", ""),
    "transient": ("#ffffff", "#6c7a7d", "4 3"),
    "frontier": ("#eeeeee", "#9a9a9a", "2 2"),
    "coordinate": ("#dfe9f5", "#2e5c8a", ""),
}


@dataclass(frozen=True)
class Node:
    """One state: ``label`` is drawn in the circle, ``title`` (the exact belief, say) is its tooltip."""

    label: str
    kind: str
    title: str = ""
    layer: int | None = None


@dataclass(frozen=True)
class Edge:
    """All transitions from node ``u`` to node ``v``: ``labels`` holds ``(symbol, exact value)`` pairs."""

    u: int
    v: int
    labels: tuple


@dataclass(frozen=True)
class StateGraph:
    """What a drawing shows: a title, nodes and edges, or (``summary``) lines of text and counts per depth."""

    title: str
    nodes: tuple = ()
    edges: tuple = ()
    start: int | None = None
    summary: tuple = ()
    depth_counts: tuple = field(default=())  # ((depth, n_transient_or_inner, n_recurrent_or_frontier), ...)

    @property
    def summarised(self) -> bool:
        return bool(self.summary)


def _grouped(triples, value_of) -> tuple:
    """``Edge`` objects from ``(u, x, v, value)``, parallel transitions merged in symbol order."""
    groups: dict = {}
    for u, x, v, p in triples:
        groups.setdefault((u, v), []).append((x, value_of(p)))
    return tuple(Edge(u, v, tuple(labels)) for (u, v), labels in groups.items())


def _hmm_graph(hmm: GHMM, max_states: int) -> StateGraph:
    title = hmm.name or type(hmm).__name__
    n = hmm.n_states
    classical = isinstance(hmm, HMM)
    if isinstance(hmm, HMM):
        closed = hmm.closed_classes(as_indices=True)
        recurrent = {i for c in closed for i in c}
    if n > max_states:
        lines = [title, f"{type(hmm).__name__} with {n} states (more than {max_states}: summarised)"]
        lines.append(f"alphabet {', '.join(str(a) for a in hmm.alphabet)}")
        if classical:
            sizes = ", ".join(str(len(c)) for c in closed)
            lines.append(
                f"{len(recurrent)} recurrent states in {len(closed)} closed class(es) of {sizes}; {n - len(recurrent)} transient"
            )
        return StateGraph(title, summary=tuple(lines))
    kernel = hmm.kernel
    K: Any = kernel.domain
    triples = [
        (i, x, j, v)
        for x, m in enumerate(kernel.matrices)
        for i, row in enumerate(m)
        for j, v in enumerate(row)
        if v != K.zero
    ]
    triples.sort(key=lambda t: (t[0], t[2], t[1]))
    alphabet = hmm.alphabet
    edges = _grouped(((i, alphabet[x], j, v) for i, x, j, v in triples), K.to_sympy)
    if classical:
        nodes = tuple(Node(str(s), "recurrent" if i in recurrent else "transient") for i, s in enumerate(hmm.states))
    else:
        nodes = tuple(Node(str(s), "coordinate") for s in hmm.states)
    return StateGraph(title, nodes, edges)


def _msp_graph(msp: MixedStatePresentation, max_states: int) -> StateGraph:
    name = msp.hmm.name or type(msp.hmm).__name__
    rec = msp.recurrent_mask
    if msp.complete:
        title = f"MSP of {name}: {msp.n_nodes - int(rec.sum())} transient, {int(rec.sum())} recurrent"
        second = rec
    else:
        title = f"MSP of {name} to depth {msp.max_depth}: {msp.n_nodes} beliefs"
        second = msp.depths == msp.max_depth  # the frontier: beliefs whose successors were not built
    if msp.n_nodes > max_states:
        counts = []
        for d in range(int(msp.depths.max(initial=0)) + 1):
            at = msp.depths == d
            counts.append((d, int((at & ~second).sum()), int((at & second).sum())))
        kinds = ("transient", "recurrent") if msp.complete else ("inner", "frontier")
        lines = [
            title,
            f"{msp.n_nodes} beliefs (more than {max_states}: summarised); {len(msp.edges[0])} edges",
            f"beliefs first reached at each depth ({kinds[0]} / {kinds[1]}):",
        ]
        return StateGraph(title, summary=tuple(lines), depth_counts=tuple(counts))
    beliefs = msp.beliefs
    kind_of = ("transient", "recurrent") if msp.complete else ("transient", "frontier")
    nodes = tuple(
        Node(
            str(u),
            kind_of[int(second[u])],
            f"belief ({', '.join(str(v) for v in beliefs[u])}), depth {int(msp.depths[u])}",
            int(msp.depths[u]),
        )
        for u in range(msp.n_nodes)
    )
    src, sym, dst = msp.edges
    alphabet = msp.hmm.alphabet
    triples = sorted(
        zip(src.tolist(), (alphabet[x] for x in sym.tolist()), dst.tolist(), msp.edge_probabilities),
        key=lambda t: (t[0], t[2]),
    )
    return StateGraph(title, nodes, _grouped(triples, lambda p: p), start=0)


def state_graph(obj: Any, max_states: int = MAX_DRAWN_STATES) -> StateGraph:
    """The state graph of an HMM, a GHMM (epsilon-machines are HMMs) or a mixed-state presentation.

    Parameters
    ----------
    obj : HMM, GHMM or MixedStatePresentation
    max_states : int
        Above this many nodes the graph is summarised (:attr:`StateGraph.summary`).

    Raises
    ------
    InvalidArgumentError
        For any other object, or a ``max_states`` below 1.

    Examples
    --------
    >>> from compmech import mixed_state_presentation
    >>> from compmech.processes import golden_mean, mess3
    >>> g = state_graph(golden_mean())
    >>> [(n.label, n.kind) for n in g.nodes]
    [('A', 'recurrent'), ('B', 'recurrent')]
    >>> [(e.u, e.v, [f"{x}|{p}" for x, p in e.labels]) for e in g.edges]
    [(0, 0, ['0|1/2']), (0, 1, ['1|1/2']), (1, 0, ['0|1'])]
    >>> g = state_graph(mixed_state_presentation(golden_mean()))
    >>> [n.kind for n in g.nodes], g.nodes[0].title
    (['transient', 'recurrent', 'recurrent'], 'belief (2/3, 1/3), depth 0')
    >>> state_graph(mixed_state_presentation(mess3(), max_depth=4)).depth_counts[:3]
    ((0, 1, 0), (1, 3, 0), (2, 9, 0))
    """
    if not (isinstance(max_states, (int, np.integer)) and max_states >= 1):
        raise InvalidArgumentError(f"max_states must be a positive integer, got {max_states!r}")
    if isinstance(obj, MixedStatePresentation):
        return _msp_graph(obj, int(max_states))
    if isinstance(obj, GHMM):
        return _hmm_graph(obj, int(max_states))
    raise InvalidArgumentError(
        f"cannot draw a {type(obj).__name__}: give an HMM, a GHMM, an epsilon-machine or a MixedStatePresentation"
    )
