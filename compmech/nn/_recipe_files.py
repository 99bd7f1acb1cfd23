"""The names of the shipped recipes (``compmech/nn/recipes/*.toml``), without importing torch."""

from __future__ import annotations

from importlib import resources

__all__ = ["shipped_names"]


def shipped_names() -> list[str]:
    """Sorted names of the recipe files shipped with compmech.

    Examples
    --------
    >>> "mess3" in shipped_names()
    True
    """
    folder = resources.files("compmech.nn").joinpath("recipes")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))
