"""A table of the spectral closed forms of small processes: ``gamma(L)``, the power spectrum and ``h(L)``."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InfiniteStatesError
from ..models.ghmm import GHMM
from .convergence import myopic_entropy_function
from .correlation import autocorrelation_function
from .spectrum import power_spectrum

__all__ = ["closed_form_table"]


def _lines(deltas) -> str:
    return ", ".join(f"{w} at {a}" for a, w in deltas) or "none"


def closed_form_table(hmms: Sequence[GHMM], max_states: int = 10_000) -> str:
    """A Markdown table of the closed forms of each process (symbol values: their indices).

    Columns: ``gamma(L)`` with the lag from which it holds, the continuous part of the power spectrum
    ``P_c(omega)``, its lines (weight at angle), and ``h(L)`` in bits with the length from which it holds
    (or why there is none: an infinite mixed-state presentation).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> print(closed_form_table([golden_mean()]))
    | process | gamma(L) | from L = | P_c(omega) | lines | h(L) | from L = |
    |---|---|---|---|---|---|---|
    | golden_mean(p=1/2) | `2*(-1/2)**L/9 + 1/9` | 0 | `1/(6*(cos(omega) + 5/4))` | none | `2/3` | 2 |
    """
    rows = ["| process | gamma(L) | from L = | P_c(omega) | lines | h(L) | from L = |", "|---|---|---|---|---|---|---|"]
    for hmm in hmms:
        g = autocorrelation_function(hmm)
        s = power_spectrum(hmm)
        try:
            h = myopic_entropy_function(hmm, max_states=max_states)
            h_text, h_from = f"`{h.expr}`", str(h.valid_from)
        except InfiniteStatesError:
            h_text, h_from = "no closed form: infinite MSP", "-"
        rows.append(
            f"| {hmm.name} | `{g.expr}` | {g.valid_from} | `{s.continuous}` | {_lines(s.deltas)} | {h_text} | {h_from} |"
        )
    return "\n".join(rows)
