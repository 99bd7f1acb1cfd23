"""Speed of the exact process rank and the canonical minimal presentation of dense rational HMMs.

Run:  python benchmarks/bench_rank.py

Dense HMMs with entries of many digits (``compmech.testing.dense_rational_hmm``, fixed seeds) are the
worst case of exact linear algebra: the integer form of a 60-state HMM with 30-digit entries has
entries of about 1,800 digits, and the vectors ``eta T[u]`` grow by as many at every symbol.

1. ``process_rank``: words chosen modulo a 62-bit prime (python-flint), the rank certified exactly.
   Targets (issue 29, point 5; issue 40, point 2): 60 states with 30-digit entries under 5 s, 200
   states with 3-digit entries under 15 s.  Before: 12 s at 20 states with 30-digit entries, 18-63 s
   at 36-48 states with 3-digit entries.
2. ``minimal_presentation`` of the same HMMs: the canonical presentation's entries are ratios of
   Hankel minors, so it holds about ``k d^2`` numbers of up to ``d x (digits of a Hankel entry)``
   digits; it is computed where that fits ``max_digits`` and refused in seconds beyond (the time to the
   refusal is reported), with the size of what it would hold.
3. ``minimal_presentation(canonical=False)``: a minimal presentation in the input's coordinates.  A
   dense HMM is minimal (its rank is its dimension), which the certified rank proves, so it is its own
   minimal presentation: same targets as 1, timed on a fresh HMM (its stationary vector included).

Exits non-zero when a target is missed.  Timings are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from _timing import best  # noqa: E402

from compmech import minimal_presentation, process_rank  # noqa: E402
from compmech.errors import BudgetExceededError  # noqa: E402
from compmech.testing import dense_rational_hmm  # noqa: E402

CASES = [  # (states, symbols, digits, target seconds of process_rank or None)
    (20, 2, 30, None),
    (60, 2, 30, 5.0),
    (36, 2, 3, None),
    (48, 2, 3, None),
    (200, 2, 3, 15.0),
    (10, 2, 30, None),
    (16, 2, 30, None),
]


def _minimal(hmm):
    try:
        mp = minimal_presentation(hmm)
    except BudgetExceededError as exc:
        return "refused: " + re.search(r"about [\d,]+ digits", str(exc)).group()
    digits = sum((abs(v.p).bit_length() + v.q.bit_length()) * 0.30103 for m in mp.ghmm.matrices.values() for v in m)
    return f"dimension {mp.ghmm.n_states}, {digits:,.0f} digits in its matrices"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    ok = True
    print(
        "states symbols digits  build (s)  rank  process_rank (s)  target  "
        "minimal, canonical=False (s)  minimal_presentation (s)"
    )
    for n, k, digits, target in CASES:
        t_build, hmm = best(lambda n=n, k=k, d=digits: dense_rational_hmm(n, k, d, seed=0), 1)
        runs = []  # a fresh HMM per run: the time includes its exact stationary vector, which the rank needs
        for _ in range(args.repeat):
            fresh = dense_rational_hmm(n, k, digits, seed=0)
            runs.append(best(lambda h=fresh: process_rank(h), 1))
        t_rank, rank = min(runs)
        owns = []
        for _ in range(args.repeat):
            fresh = dense_rational_hmm(n, k, digits, seed=0)
            owns.append(best(lambda h=fresh: minimal_presentation(h, canonical=False), 1)[0])
        t_own = min(owns)
        t_min, what = best(lambda h=hmm: _minimal(h), args.repeat)
        missed = target is not None and max(t_rank, t_own) > target
        ok &= not missed
        shown = "" if target is None else f"< {target:g}" + (" MISSED" if missed else "")
        print(
            f"{n:6d} {k:7d} {digits:6d}  {t_build:9.2f}  {rank:4d}  {t_rank:16.2f}  {shown:7s} {t_own:28.2f}  {t_min:8.2f}  {what}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
