"""Where the states go and how the edges run: a pure-Python layout of a :class:`StateGraph`.

No system program is needed (Graphviz's ``dot`` is often absent).  Two layouts, chosen by the graph:

- **circular** for a small machine whose states are all recurrent (an epsilon-machine, a GHMM):
  the states on a circle, in the order with the fewest crossing chords (every order is tried up to
  7 states), self-loops pointing outwards;
- **layered** for everything else (mixed-state presentations, HMMs with transient states): one row
  per depth (the breadth-first distance from the start), rows ordered by the barycentre heuristic of
  Sugiyama et al. (1981) to reduce crossings.

Every edge is one cubic Bézier curve, its ends on the two circles: straight between consecutive rows,
bent where it runs back, skips rows or has a partner in the other direction (the two then bow apart).
The SVG, TikZ and PNG drawings all use these coordinates (SVG user units, y pointing down).
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from dataclasses import dataclass

import networkx as nx

from .graph import Edge, StateGraph

__all__ = ["Layout", "Route", "layout", "edge_text", "FONT_SIZE", "TITLE_HEIGHT", "LEGEND_HEIGHT"]

FONT_SIZE = 11.0  # edge labels (px); node labels use 12
CHAR_WIDTH = 0.62 * FONT_SIZE  # an estimate for the bounding box
LINE_HEIGHT = 1.25 * FONT_SIZE
TITLE_HEIGHT = 30.0
TITLE_CHAR_WIDTH = 8.0  # bold 13 px
LEGEND_HEIGHT = 26.0
MARGIN = 12.0
ARROW_LENGTH = 9.0
ROW_GAP = 105.0
_WIDE = 1100.0  # a row wider than this (px) is staggered
_BRUTE_FORCE = 7
_SPOTS = (
    0.5,
    0.38,
    0.62,
    0.28,
    0.72,
    0.2,
    0.8,
)  # where along its edge a label may sit, best first  # circular orders are all tried up to this many states


@dataclass(frozen=True)
class Route:
    """One drawn edge: the cubic Bézier ``points`` ``(p0, c1, c2, p3)``, its label's centre and lines, and
    the arrowhead: a triangle ``(tip, left, right)`` whose tip is ``p3`` on the target's circle."""

    edge: Edge
    points: tuple
    label_at: tuple
    lines: tuple
    loop: bool

    @property
    def arrow(self) -> tuple:
        (x2, y2), (x3, y3) = self.points[2], self.points[3]
        ux, uy = _unit(x3 - x2, y3 - y2)
        bx, by = x3 - ARROW_LENGTH * ux, y3 - ARROW_LENGTH * uy
        w = ARROW_LENGTH * 0.38
        return ((x3, y3), (bx - w * uy, by + w * ux), (bx + w * uy, by - w * ux))


@dataclass(frozen=True)
class Layout:
    """Node centres and edge routes on a canvas of ``width x height`` (title band on top, legend below)."""

    width: float
    height: float
    radius: float
    centres: tuple
    routes: tuple
    kind: str  # "circular" or "layered"


def edge_text(value) -> str:
    """The plain text of an exact value on an edge label (``1/2``, ``1 - p``)."""
    return str(value)


def _label_lines(edge: Edge) -> tuple:
    return tuple(f"{x}|{edge_text(p)}" for x, p in edge.labels)


def _neighbours(edges) -> dict:
    nb: dict = {}
    for e in edges:
        if e.u != e.v:
            nb.setdefault(e.u, set()).add(e.v)
            nb.setdefault(e.v, set()).add(e.u)
    return nb


def _crossings(order, chords) -> int:
    at = {u: i for i, u in enumerate(order)}
    spans = [tuple(sorted((at[a], at[b]))) for a, b in chords]
    count = 0
    for (a, b), (c, d) in itertools.combinations(spans, 2):
        if len({a, b, c, d}) == 4 and (a < c < b) != (a < d < b):
            count += 1
    return count


def _circle_order(n: int, edges) -> list[int]:
    """The states in breadth-first order, or (up to 7 states) the order with the fewest crossing chords."""
    order = _bfs_order(n, edges)
    if n > _BRUTE_FORCE or n < 4:
        return order
    chords = {tuple(sorted((e.u, e.v))) for e in edges if e.u != e.v}
    best, best_count = order, _crossings(order, chords)
    for rest in itertools.permutations(order[1:]):
        candidate = [order[0], *rest]
        count = _crossings(candidate, chords)
        if count < best_count:
            best, best_count = candidate, count
    return best


def _bfs_layers(n: int, edges, start: int | None) -> list[int]:
    """Breadth-first distance along the edges from ``start`` (then from each state not yet reached)."""
    out: list[list[int]] = [[] for _ in range(n)]
    for e in edges:
        out[e.u].append(e.v)
    layer = [-1] * n
    roots = ([start] if start is not None else []) + list(range(n))
    for root in roots:
        if layer[root] >= 0:
            continue
        layer[root] = 0
        queue = deque([root])
        while queue:
            u = queue.popleft()
            for v in out[u]:
                if layer[v] < 0:
                    layer[v] = layer[u] + 1
                    queue.append(v)
    return layer


def _bfs_order(n: int, edges) -> list[int]:
    layer = _bfs_layers(n, edges, 0)
    return sorted(range(n), key=lambda u: (layer[u], u))


def _ordered_rows(layer: dict, nb: dict, sweeps: int = 4) -> list[list[int]]:
    """Rows of the nodes of ``layer`` (node -> row), reordered by barycentres of their neighbours in the next row."""
    rows = [sorted(u for u in layer if layer[u] == d) for d in sorted(set(layer.values()))]
    for _ in range(sweeps):
        for seq in (range(1, len(rows)), range(len(rows) - 2, -1, -1)):
            for i in seq:
                ref = rows[i - 1] if seq.step == 1 else rows[i + 1]
                at = {u: k for k, u in enumerate(ref)}
                here = {u: k for k, u in enumerate(rows[i])}
                scale = len(rows[i]) / max(len(ref), 1)

                def key(u, at=at, here=here, scale=scale):
                    ks = [at[v] for v in nb.get(u, ()) if v in at]
                    return sum(ks) / len(ks) * scale if ks else here[u]

                rows[i] = sorted(rows[i], key=key)
    return rows


def _radius(graph: StateGraph) -> float:
    longest = max((len(n.label) for n in graph.nodes), default=1)
    return max(15.0, 6.0 + 3.7 * longest)


def _inner(nodes: list[int], edges) -> list[Edge]:
    """The edges among ``nodes``, renumbered ``0 .. len(nodes)-1``."""
    index = {u: i for i, u in enumerate(nodes)}
    return [Edge(index[e.u], index[e.v], e.labels) for e in edges if e.u in index and e.v in index]


def _circle(nodes: list[int], edges, r: float) -> dict:
    """Positions of ``nodes`` on a circle about (0, 0): left and right for two, from the top otherwise."""
    m = len(nodes)
    if m == 1:
        return {nodes[0]: (0.0, 0.0)}
    order = _circle_order(m, _inner(nodes, edges))
    angles = [math.pi, 0.0] if m == 2 else [-math.pi / 2 + 2 * math.pi * k / m for k in range(m)]
    R = max(70.0, (90.0 + 2 * r) / (2 * math.sin(math.pi / m)))
    return {nodes[i]: (R * math.cos(a), R * math.sin(a)) for i, a in zip(order, angles)}


def _rows(layer: dict, edges, r: float, y: float) -> tuple[dict, float]:
    """Positions of the nodes of ``layer`` (node -> row) in rows from height ``y`` down, and the height below."""
    rows = _ordered_rows(layer, _neighbours(edges))
    widest = max((len(row) for row in rows), default=1)
    gap = max(2 * r + 44.0, min(2 * r + 80.0, 1000.0 / widest))
    pos = {}
    for row in rows:
        split = 2 if len(row) * gap > _WIDE else 1  # a row too wide for a page: every other node lower
        step = gap / split
        for k, u in enumerate(row):
            pos[u] = ((k - (len(row) - 1) / 2) * step, y + (k % split) * ROW_GAP / 2)
        y += ROW_GAP * (1.5 if split == 2 else 1.0)
    return pos, y


def _closed_parts(rec: list[int], edges, r: float) -> list[tuple[dict, tuple | None]]:
    """Each closed class of the recurrent nodes: on a circle (up to 8 states), else in rows."""
    sub = nx.DiGraph()
    sub.add_nodes_from(rec)
    sub.add_edges_from((e.u, e.v) for e in edges if e.u in sub and e.v in sub)
    out: list[tuple[dict, tuple | None]] = []
    for c in sorted((sorted(c) for c in nx.strongly_connected_components(sub)), key=lambda c: c[0]):
        if len(c) <= _BRUTE_FORCE + 1:
            out.append((_circle(c, edges, r), (0.0, 0.0)))
        else:
            layer = dict(zip(c, _bfs_layers(len(c), _inner(c, edges), 0)))
            pos, _ = _rows(layer, edges, r, 0.0)
            out.append((pos, None))
    return out


def _positions(graph: StateGraph, r: float) -> tuple[list, dict, str]:
    """Centres of the nodes; for each node on a circle, the circle's centre (its self-loop points away); the kind."""
    n = len(graph.nodes)
    edges = graph.edges
    kinds = [x.kind for x in graph.nodes]
    if graph.start is None and 2 <= n <= 8 and all(k in ("recurrent", "coordinate") for k in kinds):
        circ = _circle(list(range(n)), edges, r)
        return [circ[u] for u in range(n)], dict.fromkeys(range(n), (0.0, 0.0)), "circular"
    given = [x.layer for x in graph.nodes]
    layer = list(given) if all(v is not None for v in given) else _bfs_layers(n, edges, graph.start or 0)
    rec = [u for u in range(n) if kinds[u] == "recurrent"] if graph.start is not None else []
    if len(rec) == n:
        rec = []
    pos, y = _rows({u: layer[u] for u in range(n) if u not in set(rec)}, edges, r, 0.0)
    centres: dict = {}
    # the recurrent part of a presentation goes below its transient part, one circle per closed class
    parts = _closed_parts(rec, edges, r) if rec else []
    widths = [2 * max(abs(p[0]) for p in d.values()) + 4 * r + 60 for d, _ in parts]
    heights = [max(p[1] for p in d.values()) - min(p[1] for p in d.values()) for d, _ in parts]
    x = -sum(widths) / 2
    for (d, centre), w in zip(parts, widths):
        top = min(p[1] for p in d.values())
        shift = (x + w / 2, y + 2.5 * r - top)
        for u, (px, py) in d.items():
            pos[u] = (shift[0] + px, shift[1] + py)
            if centre is not None:
                centres[u] = shift
        x += w
    del heights
    return [pos[u] for u in range(n)], centres, "layered"


def _unit(dx: float, dy: float) -> tuple[float, float]:
    norm = math.hypot(dx, dy) or 1.0
    return dx / norm, dy / norm


def _on_circle(c, towards, r):
    ux, uy = _unit(towards[0] - c[0], towards[1] - c[1])
    return (c[0] + r * ux, c[1] + r * uy)


def bezier(points, t: float) -> tuple[float, float]:
    """The point at ``t`` of a cubic Bézier curve."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    s = 1 - t
    a, b, c, d = s**3, 3 * s * s * t, 3 * s * t * t, t**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def _loop(c, direction, r):
    ux, uy = direction
    ang = math.atan2(uy, ux)
    p0 = (c[0] + r * math.cos(ang - 0.45), c[1] + r * math.sin(ang - 0.45))
    p3 = (c[0] + r * math.cos(ang + 0.45), c[1] + r * math.sin(ang + 0.45))
    reach = 3.4 * r
    c1 = (c[0] + reach * math.cos(ang - 0.6), c[1] + reach * math.sin(ang - 0.6))
    c2 = (c[0] + reach * math.cos(ang + 0.6), c[1] + reach * math.sin(ang + 0.6))
    return (p0, c1, c2, p3)


def _route(edge: Edge, pos, r, kind, pairs, centres) -> Route:
    lines = _label_lines(edge)
    cu, cv = pos[edge.u], pos[edge.v]
    if edge.u == edge.v:
        if edge.u in centres:  # on a circle: the loop points away from its centre
            centre = centres[edge.u]
            direction = _unit(cu[0] - centre[0], cu[1] - centre[1])
        else:
            direction = (-1.0, -0.35) if cu[0] < -1 else (1.0, -0.35) if cu[0] > 1 else (0.0, -1.0)
            direction = _unit(*direction)
        pts = _loop(cu, direction, r)
        top = bezier(pts, 0.5)
        lab = (
            top[0] + direction[0] * (LINE_HEIGHT * len(lines) / 2 + 4 + _text_width(lines) / 2 * abs(direction[0])),
            top[1] + direction[1] * (LINE_HEIGHT * len(lines) / 2 + 4),
        )
        return Route(edge, pts, lab, lines, True)
    dx, dy = cv[0] - cu[0], cv[1] - cu[1]
    length = math.hypot(dx, dy)
    nx_, ny_ = -dy / (length or 1), dx / (length or 1)  # left of the direction of travel
    forward_step = kind == "layered" and 0 < dy <= 1.5 * ROW_GAP + 1e-6
    if (edge.v, edge.u) in pairs:
        bend = 0.18
    elif forward_step or kind == "circular" or (edge.u in centres and edge.v in centres):
        bend = 0.0
    elif dy > 0:
        bend = 0.08  # down past a row
    else:
        bend = 0.28  # back up, or within its row: bow out of the way
    mid = ((cu[0] + cv[0]) / 2, (cu[1] + cv[1]) / 2)
    q = (mid[0] + bend * length * nx_, mid[1] + bend * length * ny_)
    p0, p3 = _on_circle(cu, q if bend else cv, r), _on_circle(cv, q if bend else cu, r)
    c1 = (p0[0] + 2 / 3 * (q[0] - p0[0]), p0[1] + 2 / 3 * (q[1] - p0[1]))
    c2 = (p3[0] + 2 / 3 * (q[0] - p3[0]), p3[1] + 2 / 3 * (q[1] - p3[1]))
    pts = (p0, c1, c2, p3)
    return Route(edge, pts, bezier(pts, 0.5), lines, False)


def _text_width(lines) -> float:
    return max((len(s) for s in lines), default=0) * CHAR_WIDTH


def _box(centre, lines) -> tuple[float, float, float, float]:
    w, h = _text_width(lines) / 2 + 2, LINE_HEIGHT * len(lines) / 2 + 1
    return (centre[0] - w, centre[1] - h, centre[0] + w, centre[1] + h)


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


class _Boxes:
    """Rectangles already placed, in a grid of cells, to sum the overlap of a new one with its neighbours only."""

    CELL = 64.0

    def __init__(self):
        self.cells: dict = {}

    def _keys(self, b):
        c = self.CELL
        return [
            (i, j) for i in range(int(b[0] // c), int(b[2] // c) + 1) for j in range(int(b[1] // c), int(b[3] // c) + 1)
        ]

    def add(self, b) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def overlap(self, b) -> float:
        seen = {id(o): o for k in self._keys(b) for o in self.cells.get(k, ())}
        return sum(_overlap(b, o) for o in seen.values())


def _place_labels(routes: list[Route], pos, r: float) -> list[Route]:
    """Slide each edge label along its curve to where it overlaps least the labels placed before and the states."""
    taken = _Boxes()
    for x, y in pos:
        taken.add((x - r, y - r, x + r, y + r))
    out = []
    for rt in routes:
        if rt.loop:
            best = rt.label_at
        else:
            spots = [bezier(rt.points, t) for t in _SPOTS]
            best = min(spots, key=lambda c: taken.overlap(_box(c, rt.lines)))
        taken.add(_box(best, rt.lines))
        out.append(Route(rt.edge, rt.points, best, rt.lines, rt.loop))
    return out


def layout(graph: StateGraph) -> Layout:
    """Node centres and edge routes of a (not summarised) state graph.

    Examples
    --------
    >>> from compmech.plot.graph import state_graph
    >>> from compmech.processes import golden_mean
    >>> lay = layout(state_graph(golden_mean()))
    >>> lay.kind, len(lay.centres), [r.lines for r in lay.routes]
    ('circular', 2, [('0|1/2',), ('1|1/2',), ('0|1',)])
    >>> lay.centres[0][0] < lay.centres[1][0]  # A on the left, B on the right
    True
    """
    r = _radius(graph)
    pos, centres, kind = _positions(graph, r)
    pairs = {(e.u, e.v) for e in graph.edges}
    routes = _place_labels([_route(e, pos, r, kind, pairs, centres) for e in graph.edges], pos, r)
    # the bounding box of circles, curves and labels; then shift everything onto the canvas
    xs, ys = [], []
    for x, y in pos:
        xs += [x - r, x + r]
        ys += [y - r, y + r]
    for rt in routes:
        for t in (0.0, 0.25, 0.5, 0.75, 1.0):
            x, y = bezier(rt.points, t)
            xs.append(x)
            ys.append(y)
        w, h = _text_width(rt.lines) / 2 + 3, LINE_HEIGHT * len(rt.lines) / 2 + 2
        xs += [rt.label_at[0] - w, rt.label_at[0] + w]
        ys += [rt.label_at[1] - h, rt.label_at[1] + h]
    if graph.start is not None:  # the arrow that points at the start node comes from above
        ys.append(pos[graph.start][1] - r - 26)
    x0, y0 = min(xs, default=0) - MARGIN, min(ys, default=0) - MARGIN - TITLE_HEIGHT
    content = max(xs, default=0) - x0 + MARGIN
    width = max(content, 200.0, TITLE_CHAR_WIDTH * len(graph.title) + 2 * MARGIN)
    x0 -= (width - content) / 2  # the drawing centred under a wider title
    height = max(ys, default=0) - y0 + MARGIN + LEGEND_HEIGHT

    def shift(p):
        return (p[0] - x0, p[1] - y0)

    routes = [
        Route(rt.edge, tuple(shift(p) for p in rt.points), shift(rt.label_at), rt.lines, rt.loop) for rt in routes
    ]
    return Layout(width, height, r, tuple(shift(p) for p in pos), tuple(routes), kind)
