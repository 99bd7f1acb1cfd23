"""Pictures of belief geometry and mixed-state presentations (matplotlib, headless).

Layer 6 of compmech (see ``docs/architecture.md``).  The figures live in
:mod:`compmech.plot.figures`; their names are re-exported here.
"""

from .figures import msp_graph, new_axes, project_beliefs, save_figure, simplex, supported_formats
from .spectra import periodogram, spectrum

__all__ = [
    "simplex",
    "project_beliefs",
    "msp_graph",
    "save_figure",
    "new_axes",
    "supported_formats",
    "spectrum",
    "periodogram",
]
