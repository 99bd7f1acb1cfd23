"""Every measure of a process in one table, each row labelled with what kind of number it is."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import sympy

from ..errors import CompmechError, InfiniteStatesError, InvalidArgumentError, NegativeProbabilityError
from ..kernel.display import html_table
from ..kernel.latex import latex, latex_text
from . import bounds, fractal
from ._infinity import infinity_reasons
from .anatomy import anatomy
from .interval import Interval
from .memory import crypticity, excess_entropy, synchronization_information, transient_information
from .orders import cryptic_order, markov_order
from .rates import entropy_rate, statistical_complexity
from .reversal import bidirectional_complexity, causal_irreversibility, reverse_statistical_complexity

__all__ = ["MeasureRow", "MeasureTable", "measure_table", "KINDS"]

KINDS = ("exact", "certified bound", "estimate", "infinite", "n/a")
VALIDITY_LENGTH = 64  # a GHMM's word probabilities are checked >= 0 up to this length ...
VALIDITY_DIRECTIONS = 50_000  # ... or as far as this many directions allow (about a second)


def _short(label: str) -> str:
    """The short name of a measure's label: its last word (``h_mu``, ``C_mu``, ``E``, ...)."""
    return label.rsplit(" ", 1)[-1]


@dataclass(frozen=True)
class MeasureRow:
    """One measure: ``kind`` is one of :data:`KINDS`; ``value`` is the exact or bounded value as text,
    ``detail`` a float reading, an estimate with its standard error, or why there is no value;
    ``exact`` the exact value itself (a sympy value) for an exact row, else ``None``; ``bounds`` the
    certified ``(lower, upper)`` of a certified-bound row as exact values (``upper`` may be ``sympy.oo``),
    else ``None``."""

    label: str
    kind: str
    value: str
    detail: str
    exact: Any = field(default=None, compare=False, repr=False)
    bounds: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def symbol(self) -> str:
        """The short name of the measure (``h_mu``, ``C_mu``, ``E``, ...): the last word of its label."""
        return _short(self.label)


#: The symbol of each measure in the papers (LaTeX), for the table's LaTeX display.
SYMBOLS = {
    "process rank (dimensions)": r"\operatorname{rank}",
    "entropy rate h_mu": r"h_\mu",
    "statistical complexity C_mu": r"C_\mu",
    "excess entropy E": r"\mathbf{E}",
    "transient information T": r"\mathbf{T}",
    "synchronization information S": r"\mathbf{S}",
    "crypticity chi": r"\chi",
    "Markov order R": "R",
    "cryptic order k": "k",
    "reverse complexity C_mu-": r"C_\mu^-",
    "causal irreversibility Xi": r"\Xi",
    "bidirectional complexity C_mu+-": r"C_\mu^\pm",
    "h_mu, Blackwell integral": r"h_\mu",
    "Lyapunov exponents (nats)": r"\lambda_i",
    "complexity dimension d_mu": r"d_\mu",
}


def _latex_value(row: MeasureRow) -> str:
    if row.kind == "infinite":
        return r"\infty"
    if row.kind == "certified bound" and row.value.startswith("in ["):  # exact rational ends: read as decimals
        return latex_text(row.detail if len(row.value) > 40 else row.value)
    return latex_text(row.value)


class MeasureTable(list):
    r"""The rows of :func:`measure_table` (a list of :class:`MeasureRow`), shown as a table in Jupyter.

    ``_repr_latex_`` gives each measure its symbol and exact value as math (``h_\mu = \frac{2}{3}``,
    ``\log_2 3``); ``_repr_html_`` a table of every column, values as text.
    """

    def _repr_latex_(self) -> str:
        lines = []
        for r in self:
            name = r.label.rsplit(" ", 1)[0] if r.label in _NAMED else r.label  # the symbol has its own column
            value = latex(r.exact) if r.exact is not None else _latex_value(r)
            symbol = SYMBOLS.get(r.label, "")
            lines.append(f"{latex_text(name)} & {symbol} & {value} & {latex_text(r.kind)}")
        head = r"\text{measure} & & \text{value} & \text{kind} \\ \hline"
        return "$$\\begin{array}{llll}\n" + head + "\n" + " \\\\\n".join(lines) + "\n\\end{array}$$"

    def _repr_html_(self) -> str:
        return html_table(["measure", "kind", "value", "detail"], [(r.label, r.kind, r.value, r.detail) for r in self])


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


_NAMED = {label for label, _ in _EXACT}


def _exact_row(label, v, reasons: list[str]) -> MeasureRow:
    """``reasons``: what the measure recorded while it ran; the last one proves an infinite value."""
    if isinstance(v, Interval):
        return MeasureRow(label, "certified bound", f"in [{v.lower}, {v.upper}]", str(v), bounds=(v.lower, v.upper))
    if v == math.inf or v == sympy.oo:
        why = f"proven: {reasons[-1]}" if reasons else "returned without a recorded proof"
        return MeasureRow(label, "infinite", "oo", why)
    try:
        return MeasureRow(label, "exact", str(v), f"{float(v):.12g}", exact=v)
    except TypeError:  # parametric
        return MeasureRow(label, "exact", str(v), "(parametric)", exact=v)


def _bounded_row(label, b) -> MeasureRow:
    iv = b.bounds
    if iv.lower.is_infinite:
        return MeasureRow(label, "infinite", "oo", iv.what)
    value = (
        f">= {float(iv.lower):.10g}" if iv.upper.is_infinite else f"in [{float(iv.lower):.10g}, {float(iv.upper):.10g}]"
    )
    detail = str(b.estimate) if b.estimate is not None else iv.what
    return MeasureRow(label, "certified bound", value, detail, bounds=(iv.lower, iv.upper))


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
        return MeasureRow(
            label, "certified bound", f">= {j}", "h(L) > h_mu certified up to this L", bounds=(j, sympy.oo)
        )
    iv = bounds.memory_lower_bounds(hmm, max_states=max_states)["excess_lower"]
    return MeasureRow(
        label,
        "certified bound",
        f">= {float(iv.lower):.10g}",
        _LOWER[label] + " (certified)",
        bounds=(iv.lower, sympy.oo),
    )


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
            why = f"window L = {a.depth}, width {float(v.width):.3g}"
            rows.append(MeasureRow(label, "certified bound", value, why, bounds=(v.lower, v.upper)))
        else:
            rows.append(_exact_row(label, v, []))
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


def _validity_row(hmm) -> MeasureRow:
    """What is known of a GHMM's validity (``Pr(w) >= 0``): proven, checked to a length, or not checked."""
    from ..models.validity import verify_nonnegative

    label = "valid process (Pr(w) >= 0)"
    if hmm.is_symbolic():
        return MeasureRow(label, "n/a", "n/a", "not checked: the presentation has free parameters")
    cert = verify_nonnegative(hmm, VALIDITY_LENGTH, max_directions=VALIDITY_DIRECTIONS, partial=True)
    if cert.all_lengths:
        return MeasureRow(label, "exact", "proven", cert.scope())
    return MeasureRow(
        label,
        "certified bound",
        f"to length {cert.max_length} only",
        cert.scope() + ": every value below assumes they are nonnegative too",
    )


_NAN = re.compile(r"\bnan\b", re.IGNORECASE)


def _no_nan(row: MeasureRow) -> MeasureRow:
    """A row whose value came out as nan is reported as n/a: never print a number that is not one."""
    if _NAN.search(row.value) or _NAN.search(row.detail):
        return MeasureRow(row.label, "n/a", "n/a", "the computation gave nan (not a number): no value is reported")
    return row


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
        why = str(d) + ": an upper bound on d_mu, equal to it only where the belief maps do not overlap (not checked)"
        rows.append(MeasureRow("Lyapunov dimension (>= d_mu)", "estimate", f"{d.value:.6g}", why))
    else:
        rows.append(MeasureRow("complexity dimension d_mu", "exact", str(d), "an exponent of -inf: atomic measure"))
    return rows


def _selected(only) -> set[str] | None:
    """The short names ``only`` asks for, checked (``None``: every row)."""
    if only is None:
        return None
    known = [_short(label) for label, _ in _EXACT + _ANATOMY]
    wanted = {only} if isinstance(only, str) else set(only)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InvalidArgumentError(f"measure_table: unknown measure {unknown[0]!r} in only=; known: {', '.join(known)}")
    return wanted


def measure_table(hmm, max_states: int = 10_000, seed: int = 0, only=None) -> MeasureTable:
    """Every measure of ``hmm``'s process, each labelled exact, certified bound, estimate, infinite or n/a.

    Where the epsilon-machine closes within ``max_states`` every row is exact or infinite (the Markov
    order of a process whose finite epsilon-machine never synchronizes on some words).  Where it does
    not (Mess3, the simple nonunifilar source, noisy channels) the rows say what can still be said:
    ``h_mu`` as a certified interval; ``C_mu``, ``S``, ``chi``, ``R`` and the reverse and bidirectional
    complexities as ``+oo`` where :func:`certify_nonatomic` proves ``C_mu`` infinite; ``E`` and ``T``
    as certified bounds with an estimate; and three extra rows of estimates: ``h_mu`` from the
    Blackwell measure, the Lyapunov spectrum and the Lyapunov dimension, an estimate of (and, where the
    belief maps overlap, an upper bound on) the statistical complexity dimension (seeded with ``seed``).
    Each infinite row's detail is the reason the measure recorded when it concluded ``+oo``: the proof
    actually carried out for this process.

    A GHMM's first row says what is known of its validity: ``Pr(w) >= 0`` proven for all words, or
    checked exactly up to a length only (then every other value assumes the rest); a word of negative
    probability, found by that check or by any later computation, raises
    :class:`~compmech.errors.NegativeProbabilityError` (no table of a non-process).  No row is ever
    ``nan``.

    Four rows give the anatomy of a bit (:func:`anatomy`): ``r_mu``, ``b_mu``, ``q_mu`` and ``sigma_mu``,
    exact, or certified intervals from a window of the past and the future.

    ``only`` (short names, the last word of each label: ``("h_mu", "C_mu", "E")``) keeps those rows,
    after the rank (and a GHMM's validity), and leaves out the rows of estimates.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> rows = measure_table(golden_mean())
    >>> rows[1].label, rows[1].kind, rows[1].value
    ('entropy rate h_mu', 'exact', '2/3')
    >>> print(rows._repr_latex_().splitlines()[4])
    \\text{statistical complexity} & C_\\mu & \\log_2 3 - \\frac{2}{3} & \\text{exact} \\\\
    >>> from compmech.processes import rrxor
    >>> R = [r for r in measure_table(rrxor()) if r.label == "Markov order R"][0]
    >>> R.kind, R.detail.startswith("proven: the 5-state epsilon-machine never synchronizes")
    ('infinite', True)
    >>> [(r.symbol, r.value) for r in measure_table(golden_mean(), only=("h_mu", "E"))[1:]]
    [('h_mu', '2/3'), ('E', '-4/3 + log(3)/log(2)')]
    """
    from ..models.minimal import process_rank

    wanted = _selected(only)

    rows = [] if hmm.is_classical() else [_validity_row(hmm)]  # an invalid GHMM is refused here, naming a word
    rows.append(
        MeasureRow(
            "process rank (dimensions)",
            "exact",
            str(rank := process_rank(hmm)),
            f"of {hmm.n_states} in this presentation",
            exact=rank,
        )
    )
    infinite = False
    error: CompmechError
    for label, fn in _EXACT:
        if wanted is not None and _short(label) not in wanted:
            continue
        try:
            with infinity_reasons() as reasons:
                value = fn(hmm, max_states=max_states)
            rows.append(_exact_row(label, value, reasons))
            continue
        except InfiniteStatesError as exc:
            infinite = True
            error = exc
        except NegativeProbabilityError:
            raise  # not a process: no measure has a value
        except CompmechError as exc:
            error = exc
        if isinstance(error, InfiniteStatesError) and (label in _FALLBACK or label in _LOWER):
            try:
                rows.append(_fallback_row(label, hmm, max_states))
                continue
            except NegativeProbabilityError:
                raise
            except CompmechError as exc:
                error = exc
        rows.append(MeasureRow(label, "n/a", "n/a", _why_not(label, error, rows, max_states)))
    anatomy_rows = [a for a, _ in _ANATOMY if wanted is None or _short(a) in wanted]
    if anatomy_rows:
        rows.extend(r for r in _anatomy_rows(hmm, max_states) if r.label in anatomy_rows)
    if infinite and wanted is None and not hmm.is_symbolic():
        try:
            rows.extend(_estimate_rows(hmm, seed))
        except NegativeProbabilityError:
            raise
        except CompmechError as exc:
            rows.append(MeasureRow("estimates", "n/a", "n/a", str(exc).split(". ")[0]))
    return MeasureTable([_no_nan(r) for r in rows])
