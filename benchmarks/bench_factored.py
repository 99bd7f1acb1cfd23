"""Factored processes (issues #38 and #40, point 5): construction, dimensions and the factoring cost.

Run:  python benchmarks/bench_factored.py

For three Mess3 factors (27 states, 27 joint tokens), independent and with noise 1/5 on the joint token:
the time to build the exact joint presentation, to compute ``dimensions()`` (exact Krylov closure and
per-factor ranks) and ``factoring_cost`` at L = 0, 1, 2 (L = 3 is refused by the default budget, in
seconds, which is timed too).  Targets (2 shared cores): construction under 5 s, dimensions under
5 s, the cost at L = 2 under 30 s, the refusal under 5 s.  Exits non-zero when a target is missed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from compmech.errors import BudgetExceededError  # noqa: E402
from compmech.measures import factoring_cost  # noqa: E402
from compmech.processes import factored_mess3  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import best  # noqa: E402

TARGETS = {"build": 5.0, "dimensions": 5.0, "cost L=2": 30.0, "refusal": 5.0}


def main() -> int:
    ok = True
    for noise in (0, "1/5"):
        t_build, f = best(lambda noise=noise: factored_mess3(noise), 1)
        t_dims, dims = best(f.dimensions, 1)
        print(f"{f.name}: build {t_build:.3f} s; dimensions {dims} in {t_dims:.3f} s")
        ok &= t_build < TARGETS["build"] and t_dims < TARGETS["dimensions"]
        for L in (0, 1, 2):
            t, c = best(lambda f=f, L=L: factoring_cost(f, L), 1)
            print(f"  factoring_cost(L={L}) = {float(c):.6g} bits in {t:.3f} s")
            if L == 2:
                ok &= t < TARGETS["cost L=2"]
        t0 = time.perf_counter()
        with contextlib.suppress(BudgetExceededError):
            factoring_cost(f, 3)
        t_ref = time.perf_counter() - t0
        print(f"  factoring_cost(L=3) refused by the budget in {t_ref:.3f} s")
        ok &= t_ref < TARGETS["refusal"]
    print("targets", "met" if ok else "MISSED", TARGETS)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
