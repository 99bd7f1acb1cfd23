"""Pictures: state graphs (SVG, PNG, TikZ, DOT) and belief geometry (matplotlib, headless).

Layer 6 of compmech (see ``docs/architecture.md``).  :func:`draw` draws the state graph of an HMM,
a GHMM, an epsilon-machine or a mixed-state presentation (:mod:`compmech.plot.draw`, on the
pure-Python layout of :mod:`compmech.plot.layout`); importing this room registers its SVG renderer
with the kernel's display registry (:mod:`compmech.kernel.display`), which the ``_repr_svg_``
methods of the lower rooms ask.  The matplotlib figures of :mod:`compmech.plot.figures` (simplex,
MSP graph) are imported on first use, so that ``import compmech`` does not import matplotlib.
"""

from typing import Any

from ..kernel.display import register_renderer
from .draw import Drawing, PNGDrawing, draw
from .svg import to_svg

__all__ = [
    "draw",
    "Drawing",
    "PNGDrawing",
    "simplex",
    "project_beliefs",
    "msp_graph",
    "save_figure",
    "new_axes",
    "supported_formats",
    "anatomy_diagram",
    "spectrum",
    "periodogram",
]

_LAZY = {  # matplotlib is imported when a figure is made, not with compmech
    **dict.fromkeys(
        ("simplex", "project_beliefs", "msp_graph", "save_figure", "new_axes", "supported_formats"), "figures"
    ),
    "anatomy_diagram": "anatomy",
    "spectrum": "spectra",
    "periodogram": "spectra",
}

register_renderer("svg", to_svg)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'compmech.plot' has no attribute {name!r}")
