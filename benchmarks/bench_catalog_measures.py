"""Every catalog entry's measure table, timed: the catalog-wide target of issue #40 (under 60 s in all).

Run:  python benchmarks/bench_catalog_measures.py [--full] [--limit SECONDS] [NAME ...]

For each entry of ``compmech.processes.catalog()`` (or the names given), at its default parameters,
in a fresh state (caches cleared): the measure table that ``compmech measures NAME`` prints
(``--full``: every row, the anatomy and the estimates included) or, by default, the ``h_mu``,
``C_mu`` and ``E`` rows that the catalog page shows (``measure_table(hmm, only=...)``).  Prints the
machine's load (``os.getloadavg``: the time is wall time on a shared machine), the slowest entries
and the total; exits non-zero when the total misses the target.  ``--limit`` stops one entry after
that many seconds (reported as ``>limit``), so that one runaway does not hide the others.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from compmech.errors import BudgetExceededError, CompmechError  # noqa: E402
from compmech.measures import measure_table  # noqa: E402
from compmech.processes import catalog  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_workloads import clear_caches  # noqa: E402

TARGET = 60.0
ONLY = ("h_mu", "C_mu", "E")


class _Limit(Exception):
    pass


def _alarm(signum, frame):
    raise _Limit


def one(entry, full: bool, limit: int) -> tuple[float, str]:
    clear_caches()
    t = time.perf_counter()
    signal.alarm(limit)
    try:
        rows = measure_table(entry(), only=None if full else ONLY)
        outcome = " ".join(f"{r.symbol}:{r.kind}" for r in rows[1:] if r.symbol in ONLY)
    except _Limit:
        outcome = f"stopped after {limit} s"
    except BudgetExceededError:
        outcome = "refused (over budget)"
    except CompmechError as exc:
        outcome = f"{type(exc).__name__}"
    finally:
        signal.alarm(0)
    return time.perf_counter() - t, outcome


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="catalog names (default: every entry)")
    ap.add_argument("--full", action="store_true", help="every row of the table, not only h_mu, C_mu and E")
    ap.add_argument("--limit", type=int, default=600, help="seconds after which one entry is stopped")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    entries = [e for e in catalog() if not args.names or e.name in args.names]
    load0 = os.getloadavg()
    rows = []
    for e in entries:
        t, outcome = one(e, args.full, args.limit)
        rows.append((t, e.name, outcome))
        print(f"{t:8.2f} s  {e.name:36s} {outcome}", flush=True)
    total = sum(t for t, _, _ in rows)
    load1 = os.getloadavg()
    print(f"\nslowest of {len(rows)} entries ({'full tables' if args.full else ', '.join(ONLY)}):")
    for t, name, outcome in sorted(rows, reverse=True)[:10]:
        print(f"{t:8.2f} s  {name:36s} {outcome}")
    print(f"\ntotal {total:.1f} s (target < {TARGET:.0f} s on a quiet 2-core machine); load average ", end="")
    print(f"{load0[0]:.2f} at the start, {load1[0]:.2f} at the end, on {os.cpu_count()} cores")
    ok = total < TARGET
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
