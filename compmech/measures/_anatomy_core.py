"""The result of :func:`~compmech.measures.anatomy`: the anatomy of a bit, exact or certified."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._logs import entropy_terms
from .interval import Interval

__all__ = ["Anatomy", "NAMES", "symbol_entropy"]

#: the anatomy's terms, in the order they are printed
NAMES = ("H", "h", "rho", "r", "b", "q", "sigma", "E")

_LABELS = {
    "H": "H[X0]",
    "h": "h_mu = H[X0 | past]",
    "rho": "rho_mu = I[X0; past]",
    "r": "r_mu = H[X0 | past, future] (ephemeral)",
    "b": "b_mu = I[X0; future | past] (bound)",
    "q": "q_mu = I[past; X0; future] (enigmatic)",
    "sigma": "sigma_mu = I[past; future | X0] (elusive)",
    "E": "E = I[past; X0, future]",
}


@dataclass(frozen=True)
class Anatomy:
    """The anatomy of the present symbol, in bits (see :func:`anatomy`).

    Attributes
    ----------
    H, h, rho, r, b, q, sigma, E : sympy.Expr or Interval
        ``H[X0]``, ``h_mu``, ``rho_mu``, ``r_mu``, ``b_mu``, ``q_mu``, ``sigma_mu`` and the excess entropy:
        exact expressions, or certified :class:`Interval` s.
    kind : str
        ``"exact"`` or ``"certified bound"`` (the kinds of :func:`measure_table`).
    depth : int or None
        The window length the certified bounds were computed at (``None`` when exact).
    notes : dict
        For certified anatomies, how each interval was obtained.
    """

    H: Any
    h: Any
    rho: Any
    r: Any
    b: Any
    q: Any
    sigma: Any
    E: Any
    kind: str = "exact"
    depth: int | None = None
    notes: dict = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        """``{name: value}`` in the order of :data:`NAMES`."""
        return {name: getattr(self, name) for name in NAMES}

    def floats(self) -> dict:
        """``{name: float}`` (the midpoint of an interval).

        Examples
        --------
        >>> from compmech.measures import anatomy
        >>> from compmech.processes import golden_mean
        >>> round(anatomy(golden_mean()).floats()["r"], 6)
        0.459148
        """
        return {name: float(v) for name, v in self.as_dict().items()}

    def __str__(self) -> str:
        width = max(len(v) for v in _LABELS.values())
        lines = []
        for name, v in self.as_dict().items():
            if isinstance(v, Interval):
                text = str(v)
            else:  # the exact expression too, when it is short enough to read
                exact = str(v)
                text = f"{float(v):.12g}" + (
                    f"  = {exact}" if len(exact) <= 80 else f"  (exact: {len(exact)} characters)"
                )
            lines.append(f"{_LABELS[name]:<{width}}  {text}")
        return "\n".join(lines)


def symbol_entropy(hmm):
    """``H[X_0]`` of the stationary (or given start) distribution, exactly (a :class:`Log2Sum` over QQ)."""
    kern = hmm.kernel
    pi = kern.stationary()
    return entropy_terms([kern.normalizer(kern.step(pi, x)) for x in range(hmm.n_symbols)], hmm.domain)
