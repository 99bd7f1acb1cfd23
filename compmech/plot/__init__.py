"""Pictures of belief geometry and mixed-state presentations (matplotlib, headless).

Layer 6 of compmech (see ``docs/architecture.md``).  The figures live in
:mod:`compmech.plot.figures`; their names are re-exported here.
"""

from .anatomy import anatomy_diagram
from .figures import msp_graph, new_axes, project_beliefs, save_figure, simplex, supported_formats

__all__ = ["simplex", "project_beliefs", "msp_graph", "save_figure", "new_axes", "supported_formats", "anatomy_diagram"]
