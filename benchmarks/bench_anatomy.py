"""Speed of the anatomy of a bit and of the bidirectional machine (issue [anatomy]).

Run:  python benchmarks/bench_anatomy.py [--repeat N] [--figure docs/images/anatomy_idiagrams.png]

1. ``anatomy`` exactly, through the bidirectional machine: RRXOR, the even process, and a random
   50-state synchronizing unifilar machine on two symbols (seed 1, as in ``bench_measures.py``).  Each
   run starts cold (the caches of the epsilon-machines and of the bidirectional machine are cleared).
2. ``anatomy`` of Mess3, certified: the entropy-rate interval (width 1e-6) and the window bounds at the
   default depth L = 5 (1.6 million joint probabilities), cold.
3. ``block_anatomy`` of Mess3 at L = 1..3, exactly.

Targets (2-core machine): each exact anatomy under 5 s, Mess3's certified anatomy under 30 s with every
interval narrower than 1e-3.  Exits non-zero when one is missed.  ``--figure`` also draws the I-diagrams
of the golden mean, the even process, RRXOR and Mess3 (certified) into one PNG (the one in
``docs/anatomy.md``).
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from _timing import best  # noqa: E402

from compmech import anatomy, bidirectional_machine, block_anatomy  # noqa: E402
from compmech.processes import even, golden_mean, mess3, random_hmm, rrxor  # noqa: E402


def _cold():
    """Clear every cache a measure of a process fills, so that each run pays for its machines."""
    from compmech.measures import bounds, rates
    from compmech.presentations import bidirectional, machines

    for cached in (machines._epsilon_machine, bidirectional._machine, rates._entropy_rate, bounds._certified_inputs):
        cached.cache_clear()


def _timed(fn, repeat):
    def run():
        _cold()
        return fn()

    return best(run, repeat)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--figure", help="also write the I-diagram figure to this PNG")
    args = ap.parse_args(argv)
    failed = []

    random50 = random_hmm(50, 2, seed=1, unifilar=True, synchronizing=True)
    print("1. exact anatomy (cold)")
    for name, hmm in [("RRXOR", rrxor()), ("even", even()), ("random 50-state synchronizing", random50)]:
        t, a = _timed(lambda h=hmm: anatomy(h), args.repeat)
        bm = bidirectional_machine(hmm)
        print(f"   {name:<30} {t:7.3f} s   bidirectional machine: {bm.n_states} states, kind {a.kind}")
        print("   " + "  ".join(f"{k}={v:.6g}" for k, v in a.floats().items()))
        if t > 5 or a.kind != "exact":
            failed.append(name)

    print("2. Mess3, certified (cold)")
    t, m = _timed(lambda: anatomy(mess3()), 1)
    print(f"   anatomy(mess3())               {t:7.3f} s   window L = {m.depth}")
    for name, v in m.as_dict().items():
        print(f"   {name:<6} {v}")
    widths = [float(v.width) for k, v in m.as_dict().items() if k != "H"]
    if t > 30 or max(widths) > 1e-3:
        failed.append("mess3")

    print("3. block_anatomy(mess3(), L), exact")
    for L in (1, 2, 3):
        t, blk = best(lambda L=L: block_anatomy(mess3(), L), 1)
        print(f"   L = {L}  {t:7.3f} s   r = {float(blk.r):.6f}  sigma = {float(blk.sigma):.6f}")

    if args.figure:
        _figure(m, args.figure)
        print(f"wrote {args.figure}")
    if failed:
        print("missed:", ", ".join(failed))
        return 1
    return 0


def _figure(mess3_anatomy, path):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from compmech.plot import anatomy_diagram, save_figure

    fig = Figure(figsize=(13, 3.9))
    FigureCanvasAgg(fig)
    panels = [
        ("golden mean", anatomy(golden_mean())),
        ("even", anatomy(even())),
        ("RRXOR", anatomy(rrxor())),
        (f"Mess3 (certified, L = {mess3_anatomy.depth})", mess3_anatomy),
    ]
    for ax, (title, a) in zip(fig.subplots(1, 4), panels):
        anatomy_diagram(a, ax=ax, title=title)
    save_figure(fig, path)


if __name__ == "__main__":
    sys.exit(main())
