"""The I-diagram of the anatomy of a bit: past, present and future as three circles (matplotlib, headless)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from matplotlib.patches import Circle

from ..measures.interval import Interval
from .figures import new_axes

if TYPE_CHECKING:
    from typing import Any

__all__ = ["anatomy_diagram"]

#: circle centres (past, present, future) and where each atom's label goes
_CENTRES = {"past": (-0.62, 0.0), "present": (0.0, 0.95), "future": (0.62, 0.0)}
_RADIUS = 1.0
_SPOTS = {
    "r": (0.0, 1.45),
    "b_past": (-0.72, 0.78),
    "b": (0.72, 0.78),
    "q": (0.0, 0.36),
    "sigma": (0.0, -0.5),
    "past": (-1.12, -0.35),
    "future": (1.12, -0.35),
}
_COLOURS = {"past": "tab:blue", "present": "tab:orange", "future": "tab:green"}


def _text(value) -> str:
    if isinstance(value, Interval):  # enough digits for the endpoints to differ (at most 7)
        width = float(value.width)
        digits = 4 if width >= 1e-4 else min(7, 1 + int(-math.log10(width))) if width > 0 else 7
        return f"[{float(value.lower):.{digits}f},\n {float(value.upper):.{digits}f}]"
    return f"{float(value):.4f}"


def anatomy_diagram(anatomy, ax: Any = None, title: str | None = None):
    """Draw the I-diagram of an :class:`~compmech.measures.Anatomy` (or a block anatomy) on ``ax``.

    Three circles: the past, the present ``X_0`` and the future.  The present alone holds ``r_mu``, its
    overlaps with the past alone and with the future alone each hold ``b_mu``, the middle ``q_mu``, and
    the overlap of past and future outside the present ``sigma_mu``.  Certified intervals are written as
    ``[lower, upper]``.  For a :func:`~compmech.measures.block_anatomy` the past and future alone show
    ``H[P | X0, F]`` and ``H[F | P, X0]``; for the infinite past and future they are infinite.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from compmech.measures import anatomy
    >>> from compmech.processes import golden_mean
    >>> ax = anatomy_diagram(anatomy(golden_mean()), title="golden mean")
    >>> [t.get_text() for t in ax.texts if t.get_text().startswith(("r\\n", "q\\n"))]
    ['r\\n0.4591', 'q\\n0.0441']
    """
    _, ax = new_axes(ax, figsize=(4.6, 4.4))
    for name, centre in _CENTRES.items():
        ax.add_patch(Circle(centre, _RADIUS, facecolor=_COLOURS[name], alpha=0.18, edgecolor=_COLOURS[name], lw=1.5))
    ax.text(-1.55, 0.95, "past", color=_COLOURS["past"], ha="center", fontsize=10, weight="bold")
    ax.text(1.55, 0.95, "future", color=_COLOURS["future"], ha="center", fontsize=10, weight="bold")
    ax.text(0.0, 2.05, "present $X_0$", color=_COLOURS["present"], ha="center", fontsize=10, weight="bold")
    atoms = getattr(anatomy, "atoms", None) or {}
    labels = {
        "r": ("r", anatomy.r),
        "b_past": ("b", anatomy.b),
        "b": ("b", anatomy.b),
        "q": ("q", anatomy.q),
        "sigma": ("sigma", anatomy.sigma),
        "past": ("past only", atoms.get("H[P|X0,F]")),
        "future": ("future only", atoms.get("H[F|P,X0]")),
    }
    for spot, (name, value) in labels.items():
        text = f"{name}\n{_text(value)}" if value is not None else f"{name}\n∞"
        ax.text(*_SPOTS[spot], text, ha="center", va="center", fontsize=7.5)
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.2, 2.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    return ax
