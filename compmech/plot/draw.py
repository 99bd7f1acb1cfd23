"""``compmech.draw``: one state graph, four formats (SVG, PNG, TikZ, DOT), for notebooks and papers."""

from __future__ import annotations

import os
from typing import Any

from ..errors import InvalidArgumentError
from ..kernel.atomic import atomic_write
from .dot import graph_dot
from .graph import MAX_DRAWN_STATES, state_graph
from .png import graph_png
from .svg import graph_svg
from .tikz import graph_tikz

__all__ = ["draw", "Drawing", "PNGDrawing", "FORMATS"]

FORMATS = ("svg", "png", "tikz", "dot")


class Drawing(str):
    """The text of a drawing (SVG, TikZ or DOT): a ``str`` that Jupyter shows as a picture when it is SVG.

    ``fmt`` says which; :meth:`save` writes it to a file atomically.
    """

    fmt: str

    def __new__(cls, text: str, fmt: str):
        self = super().__new__(cls, text)
        self.fmt = fmt
        return self

    def _repr_svg_(self) -> str | None:
        return str(self) if self.fmt == "svg" else None

    def save(self, path: str | os.PathLike) -> None:
        """Write the text to ``path`` (atomically: a reader never sees half a file)."""
        with atomic_write(path) as f:
            f.write(str(self))


class PNGDrawing(bytes):
    """The bytes of a PNG drawing; Jupyter shows it as a picture; :meth:`save` writes it atomically."""

    fmt = "png"

    def _repr_png_(self) -> bytes:
        return bytes(self)

    def save(self, path: str | os.PathLike) -> None:
        """Write the image to ``path`` atomically."""
        with atomic_write(path, "wb") as f:
            f.write(bytes(self))


def draw(
    obj: Any,
    format: str = "svg",
    path: str | os.PathLike | None = None,
    max_states: int = MAX_DRAWN_STATES,
    dpi: int = 150,
) -> Drawing | PNGDrawing:
    """Draw the state graph of an HMM, GHMM, epsilon-machine or mixed-state presentation.

    States are circles (recurrent filled, transient dashed; the start of a mixed-state presentation
    marked by an arrow), edges carry ``symbol|probability`` in exact form, as in the papers of the field.
    The layout is computed in Python (no Graphviz needed): on a circle for small machines, in rows by
    depth for presentations with transient states, the recurrent part below.

    Parameters
    ----------
    obj : HMM, GHMM or MixedStatePresentation
        An epsilon-machine is an HMM (:func:`compmech.epsilon_machine`).
    format : {"svg", "png", "tikz", "dot"}
        ``svg``: hand-written SVG text; ``png``: a matplotlib image; ``tikz``: a standalone LaTeX
        document (``pdflatex`` compiles it; the ``tikzpicture`` inside can go into a paper);
        ``dot``: Graphviz text (every state, whatever ``max_states``).
    path : path, optional
        Also write the drawing there (atomically).
    max_states : int
        Above this many states, SVG and PNG show a summary (counts, and beliefs per depth for a
        mixed-state presentation) and TikZ refuses; raise it to draw every state anyway.
    dpi : int
        Resolution of a PNG.

    Returns
    -------
    Drawing or PNGDrawing
        A ``str`` (SVG, TikZ, DOT) or ``bytes`` (PNG) that displays itself in Jupyter and has ``save(path)``.

    Raises
    ------
    InvalidArgumentError
        For an unknown format or an object that is not a presentation; for TikZ above ``max_states``.

    Examples
    --------
    >>> from compmech import draw, epsilon_machine, mixed_state_presentation
    >>> from compmech.processes import even, golden_mean
    >>> svg = draw(mixed_state_presentation(even()))
    >>> svg.fmt, svg.startswith("<svg"), "0|1/3" in svg
    ('svg', True, True)
    >>> print(draw(golden_mean(), "tikz").splitlines()[1])
    \\documentclass[tikz,border=4pt]{standalone}
    >>> draw(golden_mean(), "dot").splitlines()[0]
    'digraph compmech {'
    >>> draw(golden_mean(), "png")[:4]
    b'\\x89PNG'
    >>> draw(golden_mean(), "pdf")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: unknown drawing format 'pdf'; use one of svg, png, tikz, dot (save a PNG or SVG, or compile the TikZ, for a PDF)
    """
    if format not in FORMATS:
        raise InvalidArgumentError(
            f"unknown drawing format {format!r}; use one of {', '.join(FORMATS)} "
            "(save a PNG or SVG, or compile the TikZ, for a PDF)"
        )
    out: Drawing | PNGDrawing
    if format == "dot":
        out = Drawing(graph_dot(state_graph(obj, max_states=2**62)), "dot")
    else:
        g = state_graph(obj, max_states)
        if format == "png":
            out = PNGDrawing(graph_png(g, dpi))
        else:
            out = Drawing(graph_svg(g) if format == "svg" else graph_tikz(g), format)
    if path is not None:
        out.save(path)
    return out
