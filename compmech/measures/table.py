"""Every measure of a process in one table, each row labelled with what kind of number it is."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy

from ..errors import CompmechError, InfiniteStatesError
from . import bounds, fractal
from .anatomy import anatomy
from .interval import Interval
from .memory import crypticity, excess_entropy, synchronization_information, transient_information
from .orders import cryptic_order, markov_order
from .rates import entropy_rate, statistical_complexity
from .reversal import bidirectional_complexity, causal_irreversibility, reverse_statistical_complexity

__all__ = ["MeasureRow", "measure_table", "KINDS"]

KINDS = ("exact", "certified bound", "estimate", "infinite", "n/a")


@dataclass(frozen=True)
class MeasureRow:
    """One measure: ``kind`` is one of :data:`KINDS`; ``value`` is the exact or bounded value as text,
    ``detail`` a float reading, an estimate with its standard error, or why there is no value."""

    label: str
    kind: str
    value: str
    detail: str


_EXACT = [
    ("entropy rate h_mu", entropy_rate),
    ("statistical complexity C_mu", statistical_complexity),
    ("excess entropy E", excess_entropy),
    ("transient information T", transient_information),
    ("synchronization information S", synchronization_information),
    ("crypticity chi", crypticity),
    ("Markov order R", markov_order),
    ("cryptic order k", cryptic_order),
    ("reverse complexity C_mu-", reverse_statistical_complexity),
    ("causal irreversibility Xi", causal_irreversibility),
    ("bidirectional complexity C_mu+-", bidirectional_complexity),
]


def _exact_row(label, v) -> MeasureRow:
    if isinstance(v, Interval):
        return MeasureRow(label, "certified bound", f"in [{v.lower}, {v.upper}]", str(v))
    if v == math.inf or v == sympy.oo:
        return MeasureRow(label, "infinite", "oo", "proven: the Blackwell measure has no atoms")
    try:
        return MeasureRow(label, "exact", str(v), f"{float(v):.12g}")
    except TypeError:  # parametric
        return MeasureRow(label, "exact", str(v), "(parametric)")


def _bounded_row(label, b) -> MeasureRow:
    iv = b.bounds
    if iv.lower.is_infinite:
        return MeasureRow(label, "infinite", "oo", iv.what)
    value = (
        f">= {float(iv.lower):.10g}" if iv.upper.is_infinite else f"in [{float(iv.lower):.10g}, {float(iv.upper):.10g}]"
    )
    detail = str(b.estimate) if b.estimate is not None else iv.what
    return MeasureRow(label, "certified bound", value, detail)


_FALLBACK = {
    "statistical complexity C_mu": bounds.statistical_complexity_bounds,
    "excess entropy E": bounds.excess_entropy_bounds,
    "transient information T": bounds.transient_information_bounds,
}


_LOWER = {
    "Markov order R": "R >= j when h(j) > h_mu",
    "synchronization information S": "S >= C_mu >= E",
    "reverse complexity C_mu-": "C_mu- >= E",
    "bidirectional complexity C_mu+-": "C_mu+- >= C_mu >= E",
}


def _fallback_row(label, hmm, max_states) -> MeasureRow:
    if label in _FALLBACK:
        return _bounded_row(label, _FALLBACK[label](hmm, max_states=max_states))
    if label == "Markov order R":
        j = bounds.memory_lower_bounds(hmm, max_states=max_states)["markov_order_lower"]
        return MeasureRow(label, "certified bound", f">= {j}", "h(L) > h_mu certified up to this L")
    iv = bounds.memory_lower_bounds(hmm, max_states=max_states)["excess_lower"]
    return MeasureRow(label, "certified bound", f">= {float(iv.lower):.10g}", _LOWER[label] + " (certified)")


_ANATOMY = [
    ("ephemeral information r_mu", "r"),
    ("bound information b_mu", "b"),
    ("enigmatic information q_mu", "q"),
    ("elusive information sigma_mu", "sigma"),
]
#: joint probabilities of the window behind a certified anatomy in the table (Mess3: L = 4, the SNS: L = 7)
_ANATOMY_ENTRIES = 200_000


def _anatomy_rows(hmm, max_states) -> list:
    """The anatomy of a bit (:func:`anatomy`): exact, or certified intervals from a window."""
    try:
        a = anatomy(hmm, max_states=max_states, max_entries=_ANATOMY_ENTRIES)
    except CompmechError as exc:
        return [MeasureRow(label, "n/a", "n/a", str(exc).split(". ")[0]) for label, _ in _ANATOMY]
    rows = []
    for label, name in _ANATOMY:
        v = getattr(a, name)
        if isinstance(v, Interval):
            value = f"in [{float(v.lower):.10g}, {float(v.upper):.10g}]"
            rows.append(
                MeasureRow(label, "certified bound", value, f"window L = {a.depth}, width {float(v.width):.3g}")
            )
        else:
            rows.append(_exact_row(label, v))
    return rows


def _why_not(label, error, rows, max_states) -> str:
    if not isinstance(error, InfiniteStatesError):
        return str(error).split(". ")[0]
    kinds = {r.label: r.kind for r in rows}
    both = kinds.get("statistical complexity C_mu") == kinds.get("reverse complexity C_mu-") == "infinite"
    if label == "causal irreversibility Xi" and both:
        return "C_mu+ - C_mu- = oo - oo: undefined"
    text = f"no finite epsilon-machine within {max_states:,} beliefs"
    marker = "is not proven either: "
    return text + ("; C_mu = +inf not proven: " + str(error).split(marker)[-1] if marker in str(error) else "")


def _estimate_rows(hmm, seed) -> list:
    rows = []
    est = fractal.entropy_rate_estimate(hmm, seed=seed)
    rows.append(MeasureRow("h_mu, Blackwell integral", "estimate", f"{est.value:.8g}", str(est)))
    lams = fractal.lyapunov_spectrum(hmm, seed=seed)
    text = ", ".join(f"{e.value:.6g}" for e in lams)
    detail = ", ".join(str(e) for e in lams)
    kind = "exact" if all(math.isinf(e.value) for e in lams) else "estimate"
    rows.append(MeasureRow("Lyapunov exponents (nats)", kind, text, detail))
    d = fractal.statistical_complexity_dimension(hmm, seed=seed)
    if isinstance(d, fractal.Estimate):
        rows.append(
            MeasureRow("complexity dimension d_mu", "estimate", f"{d.value:.6g}", str(d) + " (Lyapunov dimension)")
        )
    else:
        rows.append(MeasureRow("complexity dimension d_mu", "exact", str(d), "an exponent of -inf: atomic measure"))
    return rows


def measure_table(hmm, max_states: int = 10_000, seed: int = 0) -> list[MeasureRow]:
    """Every measure of ``hmm``'s process, each labelled exact, certified bound, estimate, infinite or n/a.

    Where the epsilon-machine closes within ``max_states`` every row is exact.  Where it does not
    (Mess3, the simple nonunifilar source, noisy channels) the rows say what can still be said:
    ``h_mu`` as a certified interval; ``C_mu``, ``S``, ``chi``, ``R`` and the reverse and bidirectional
    complexities as ``+oo`` where :func:`certify_nonatomic` proves ``C_mu`` infinite; ``E`` and ``T``
    as certified bounds with an estimate; and three extra rows of estimates: ``h_mu`` from the
    Blackwell measure, the Lyapunov spectrum and the statistical complexity dimension (seeded with
    ``seed``).  Four rows give the anatomy of a bit (:func:`anatomy`): ``r_mu``, ``b_mu``, ``q_mu`` and
    ``sigma_mu``, exact, or certified intervals from a window of the past and the future.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> rows = measure_table(golden_mean())
    >>> rows[1].label, rows[1].kind, rows[1].value
    ('entropy rate h_mu', 'exact', '2/3')
    """
    from ..models.minimal import process_rank

    rows = [
        MeasureRow(
            "process rank (dimensions)", "exact", str(process_rank(hmm)), f"of {hmm.n_states} in this presentation"
        )
    ]
    infinite = False
    error: CompmechError
    for label, fn in _EXACT:
        try:
            rows.append(_exact_row(label, fn(hmm, max_states=max_states)))
            continue
        except InfiniteStatesError as exc:
            infinite = True
            error = exc
        except CompmechError as exc:
            error = exc
        if isinstance(error, InfiniteStatesError) and (label in _FALLBACK or label in _LOWER):
            try:
                rows.append(_fallback_row(label, hmm, max_states))
                continue
            except CompmechError as exc:
                error = exc
        rows.append(MeasureRow(label, "n/a", "n/a", _why_not(label, error, rows, max_states)))
    rows.extend(_anatomy_rows(hmm, max_states))
    if infinite and not hmm.is_symbolic():
        try:
            rows.extend(_estimate_rows(hmm, seed))
        except CompmechError as exc:
            rows.append(MeasureRow("estimates", "n/a", "n/a", str(exc).split(". ")[0]))
    return rows
