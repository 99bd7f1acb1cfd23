"""Timings of issue #40 point 5: constrained belief updates (compmech.constrained_update).

Run:  python benchmarks/bench_constrained.py

1. ``constrained_update`` of Mess3(1/20, 17/20): decay, heads, OV vectors.
2. The same for the product of two Mess3 (x = 1/10 and 7/15: three heads).
3. A 50-state random HMM (2 symbols): construction and ``heads`` (numeric isolation of the roots,
   certified by python-flint), then the exact ``decay``: refused at once by its ``max_degree`` budget
   (a degree-49 factor); with ``--exact-decay`` also computed (sympy's ``CRootOf`` isolation: 99 s on a
   shared machine).
4. ``beliefs`` of every word of length 8 of Mess3 (3^8 = 6561 words), exact rationals.

Prints the times; exits non-zero when a target is missed (1, 2: under 1 s; 3 heads: under 10 s on a shared 2-core machine; 4: under 30 s).
"""

from __future__ import annotations

import itertools
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from sympy import Rational as R  # noqa: E402

from compmech import constrained_update  # noqa: E402
from compmech.errors import BudgetExceededError  # noqa: E402
from compmech.processes import mess3, random_hmm  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> int:
    ok = True
    t, cu = timed(lambda: (lambda c: (c.decay, c.heads, c.ov, c)[-1])(constrained_update(mess3(R(1, 20), R(17, 20)))))
    print(f"mess3(1/20, 17/20): decay {cu.decay}, heads {cu.heads}: {t:.3f} s")
    ok &= t < 1.0
    t, cu = timed(
        lambda: (lambda c: (c.decay, c.heads, c.ov, c)[-1])(constrained_update(mess3(R(1, 10)), mess3(R(7, 15))))
    )
    print(f"mess3(1/10) x mess3(7/15): decay {[(str(v), m) for v, m in cu.decay]}, heads {cu.heads}: {t:.3f} s")
    ok &= t < 1.0
    hmm = random_hmm(50, 2, seed=3)
    t, cu = timed(lambda: (lambda c: (c.heads, c)[-1])(constrained_update(hmm)))
    print(f"random_hmm(50, 2, seed=3): construction and heads ({cu.heads}): {t:.3f} s")
    ok &= t < 10.0
    t0 = time.perf_counter()
    try:
        _ = cu.decay
        print("random_hmm(50, 2, seed=3): exact decay computed within the default max_degree: MISSED refusal")
        ok = False
    except BudgetExceededError as exc:
        t = time.perf_counter() - t0
        print(f"random_hmm(50, 2, seed=3): exact decay refused by its budget in {t:.3f} s ({str(exc)[:90]}...)")
        ok &= t < 1.0
    if "--exact-decay" in sys.argv:  # the degree-49 CRootOf isolation: minutes
        t, decay = timed(lambda: constrained_update(hmm, max_degree=None).decay)
        print(f"random_hmm(50, 2, seed=3): exact decay ({sum(m for _, m in decay)} eigenvalues, CRootOf): {t:.3f} s")
    cu = constrained_update(mess3(R(1, 20), R(17, 20)))
    words = list(itertools.product((0, 1, 2), repeat=8))
    t, _ = timed(lambda: [cu.beliefs(w) for w in words])
    print(f"mess3 beliefs of all {len(words)} words of length 8: {t:.3f} s")
    ok &= t < 30.0
    t, _ = timed(lambda: [cu.beliefs(w, normalized=True) for w in words[:200]])
    print(f"mess3 normalized beliefs of 200 words of length 8: {t:.3f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
