"""Speed of the exact GHMM paths: the signed-integer MSP builder and the process rank.

Run:  python benchmarks/bench_ghmm.py

1. The MSP of a GHMM against the MSP of a classical HMM of the same size and depth, in the same
   process: Mess3 and a similarity transform of it (``S^-1 T S``, negative entries, ``tau != 1``),
   which has the same beliefs up to the map ``S`` and so the same number of nodes.  Target: the
   GHMM build at most 2x the HMM build.
2. ``process_rank`` of 50-state HMMs: a unifilar synchronizing machine (target under 1 s) and a
   dense nonunifilar one whose entries have 39-digit denominators (reported; its exact Hankel
   bases hold integers of about 900 bits).

Exits non-zero when a target is missed.  Timings are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import sympy  # noqa: E402
from _timing import best  # noqa: E402

import compmech as cm  # noqa: E402
from compmech.processes import mess3, random_hmm  # noqa: E402


def transformed(h, S):
    mats = [S.inv() * m * S for m in h.matrices.values()]
    eta = list(sympy.Matrix([list(h.eta)]) * S)
    tau = list(S.inv() * sympy.ones(h.n_states, 1))
    return cm.GHMM(mats, eta=eta, tau=tau, alphabet=h.alphabet, name=f"S^-1 {h.name} S")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    ok = True
    h = mess3()
    g = transformed(h, sympy.Matrix([[2, -1, 0], [1, 1, 1], [0, 1, 3]]))
    print(f"{g.name}: tau = {g.tau}, negative entries: {any(v < 0 for m in g.matrices.values() for v in m)}")
    print("depth  nodes    HMM (s)  GHMM (s)  ratio (target <= 2)")
    for depth in (10, 12):
        th, a = best(lambda d=depth: cm.mixed_state_presentation(h, max_depth=d, max_states=None), args.repeat)
        tg, b = best(lambda d=depth: cm.mixed_state_presentation(g, max_depth=d, max_states=None), args.repeat)
        ratio = tg / th
        ok &= ratio <= 2 and a.n_nodes == b.n_nodes
        print(f"{depth:5d}  {a.n_nodes:7d}  {th:7.3f}  {tg:8.3f}  {ratio:5.2f}")
    print("\nprocess_rank               n   rank  time (s)")
    for label, hmm, target in (
        ("unifilar synchronizing", random_hmm(50, 2, seed=1, unifilar=True, synchronizing=True), 1.0),
        ("dense nonunifilar", random_hmm(50, 2, seed=1), None),
    ):
        t, r = best(lambda x=hmm: cm.process_rank(x), 1)
        if target is not None:
            ok &= t < target
        print(f"{label:25s} {hmm.n_states:3d}  {r:4d}  {t:8.3f}" + ("" if target is None else f"  (target < {target})"))
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
