"""Writes the catalog page (``generated/catalog.md``) from ``compmech.processes.catalog()``.

Run by ``docs/conf.py`` on every build (so the page cannot go stale), or by hand:

    python docs/_generate_catalog.py [OUTDIR]        # default OUTDIR: docs/generated

For every entry, by family: its name, aliases, parameters with their defaults, reference and
description, a drawing of its default presentation (``compmech.draw``, SVG, in ``OUTDIR/catalog/``)
and its measure table (``h_mu``, ``C_mu``, ``E`` as ``compmech measures NAME`` computes them: exact,
certified bounds, infinite with the proof, or why there is no value).  An entry whose default
presentation is beyond compmech's exact budget says so instead of a drawing and a table.
"""

from __future__ import annotations

import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the compmech of this checkout

from compmech import draw  # noqa: E402
from compmech.errors import BudgetExceededError, CompmechError  # noqa: E402
from compmech.kernel.atomic import atomic_write  # noqa: E402
from compmech.kernel.latex import latex  # noqa: E402
from compmech.measures import measure_table  # noqa: E402
from compmech.processes import catalog  # noqa: E402
from compmech.processes._registry import FAMILIES  # noqa: E402

MEASURES = ("h_mu", "C_mu", "E")
#: the measure tables' budget (``measure_table(max_states=...)``): a causal-state set larger than this is
#: reported by certified bounds, from blocks of at most 100 times as many mixed states
MAX_STATES = 1000
LIMIT = 20  # seconds for one entry's table, a safety net: the page says so instead of holding up the build


class _Limit(Exception):
    pass


def _alarm(signum, frame):
    raise _Limit


SYMBOL = {"h_mu": r"$h_\mu$", "C_mu": r"$C_\mu$", "E": r"$\mathbf{E}$"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ").replace("$", r"\$")


def measure_rows(hmm) -> list[str]:
    """The Markdown table of ``h_mu``, ``C_mu`` and ``E``."""
    lines = ["| measure | kind | value | detail |", "|---|---|---|---|"]
    for r in measure_table(hmm, max_states=MAX_STATES, only=MEASURES)[1:]:
        if r.symbol not in MEASURES:
            continue
        if r.kind == "exact" and r.exact is not None:
            value = f"${latex(r.exact)}$"
        elif r.kind == "infinite":
            value = r"$\infty$"
        elif r.bounds is not None:  # certified endpoints, shown to 12 digits (outward rounding is in the detail)
            lo, hi = (float(v) for v in r.bounds)
            value = f"in [{lo:.12g}, {hi:.12g}]" if hi != float("inf") else f">= {lo:.12g}"
        else:
            value = _cell(r.value)
        lines.append(f"| {SYMBOL[r.symbol]} | {r.kind} | {value} | {_cell(r.detail)} |")
    return lines


def entry_section(entry, images: str, out: dict) -> list[str]:
    """The lines of one entry; its drawing is put in ``out`` (path -> text)."""
    lines = [f"### {entry.name}", "", _cell(entry.description), ""]
    params = ", ".join(f"`{k}={v}`" for k, v in entry.defaults.items()) or "none"
    lines.append(f"- **parameters** (defaults): {params}")
    if entry.alias_names:
        lines.append(f"- **also**: {', '.join(f'`{a}`' for a in entry.alias_names)}")
    lines += [f"- **reference**: {_cell(entry.reference)}", ""]
    t = time.perf_counter()
    try:
        hmm = entry()
    except BudgetExceededError as exc:
        return [*lines, f"*Not built at its defaults*: {_cell(str(exc))}", ""]
    path = f"{images}/{entry.name}.svg"
    out[path] = str(draw(hmm, "svg"))
    lines += [f"![the state graph of {entry.name}](catalog/{entry.name}.svg)", ""]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT)
    try:
        lines += measure_rows(hmm)
    except CompmechError as exc:
        lines.append(f"*No measure table*: {_cell(str(exc))}")
    except _Limit:
        lines.append(f"*No measure table*: not computed within {LIMIT} s when this page was built.")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    lines.append("")
    print(f"catalog page: {entry.name:36s} {time.perf_counter() - t:6.2f} s", file=sys.stderr)
    return lines


def build() -> dict[str, str]:
    """``{path relative to the output folder: text}`` of the page and its drawings."""
    out: dict[str, str] = {}
    entries = catalog()
    lines = [
        "# The catalog of processes",
        "",
        f"Every process of `compmech.processes.catalog()` ({len(entries)} entries), by family, at its default "
        "parameters: how to call it (`compmech.processes.get(NAME, **params)`, or `NAME:param=value` on the "
        "command line), a drawing of its presentation, and its entropy rate $h_\\mu$, statistical complexity "
        "$C_\\mu$ and excess entropy $\\mathbf{E}$ (bits) as `compmech measures NAME` computes them: exact, "
        "certified bounds, infinite with the proof, or the reason there is no value.  This page is generated "
        "from the catalog on every build of the documentation (`docs/_generate_catalog.py`).",
        "",
    ]
    for family, what in FAMILIES.items():
        members = [e for e in entries if e.family == family]
        if not members:
            continue
        lines += [f"## {family}", "", what[0].upper() + what[1:] + ".", ""]
        for e in members:
            lines += entry_section(e, "catalog", out)
    out["catalog.md"] = "\n".join(lines).rstrip() + "\n"
    return out


def write(outdir: str) -> list[str]:
    """Write the page and drawings under ``outdir`` (only files whose text changed); returns those paths."""
    changed = []
    for rel, text in build().items():
        path = os.path.join(outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    continue
        with atomic_write(path) as f:
            f.write(text)
        changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    outdir = argv[0] if argv else os.path.join(HERE, "generated")
    t = time.perf_counter()
    changed = write(outdir)
    print(f"catalog page: {len(changed)} files written in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
