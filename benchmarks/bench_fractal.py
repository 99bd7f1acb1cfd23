"""Speed of the infinite-belief-set tools (issue [fractal]).

Run:  python benchmarks/bench_fractal.py

1. The chaos game of ``blackwell_measure`` on Mess3 (3 states) on one core: belief updates per second,
   counting the burn-in, against a straightforward row-major numpy loop in the same process (the
   first version).  Target: at least 10^7 updates per second.
2. The estimators at their default accuracy on Mess3: ``entropy_rate_estimate``,
   ``lyapunov_spectrum``, ``statistical_complexity_dimension`` (reported).
3. ``compmech measures`` on Mess3 and the SNS, every row, each in a fresh process (imports included,
   nothing cached): target under 10 s each.

Exits non-zero when a target is missed.  Timings are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from _timing import best  # noqa: E402

from compmech.measures import (  # noqa: E402
    blackwell_measure,
    entropy_rate_estimate,
    lyapunov_spectrum,
    statistical_complexity_dimension,
)
from compmech.processes import mess3  # noqa: E402


def row_major_chaos_game(hmm, n_chains, steps, seed):
    """The baseline: beliefs as rows, every symbol's update computed, then gathered."""
    T = hmm.to_numpy()
    k, n, _ = T.shape
    Tcat = T.transpose(1, 0, 2).reshape(n, k * n)
    rng = np.random.default_rng(seed)
    B = np.tile(np.full(n, 1.0 / n), (n_chains, 1))
    rows = np.arange(n_chains)
    for _ in range(steps):
        U = (B @ Tcat).reshape(n_chains, k, n)
        P = U.sum(axis=2)
        c = np.cumsum(P, axis=1)
        x = np.minimum((rng.random(n_chains)[:, None] * c[:, -1:] >= c).sum(axis=1), k - 1)
        B = U[rows, x] / P[rows, x][:, None]
    return B


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    failed = []

    n_points, chains, burn = 10_000_000, 16384, 200
    updates = n_points + chains * burn
    t_new, _ = best(lambda: blackwell_measure(mess3(), n_points, seed=0, burn_in=burn, n_chains=chains), args.repeat)
    steps = -(-n_points // chains) + burn
    t_old, _ = best(lambda: row_major_chaos_game(mess3(), chains, steps, 0), args.repeat)
    rate = updates / t_new
    print(f"blackwell_measure(mess3, 10^7 points): {t_new:.2f} s, {rate / 1e6:.1f} M updates/s (target >= 10)")
    print(f"  row-major baseline, same updates: {t_old:.2f} s ({t_old / t_new:.2f}x slower)")
    if rate < 1e7:
        failed.append("chaos game below 10^7 updates/s")

    for name, fn in [
        ("entropy_rate_estimate", entropy_rate_estimate),
        ("lyapunov_spectrum", lyapunov_spectrum),
        ("statistical_complexity_dimension", statistical_complexity_dimension),
    ]:
        t, out = best(lambda fn=fn: fn(mess3(), seed=0), args.repeat)
        text = ", ".join(str(e) for e in out) if isinstance(out, list) else str(out)
        print(f"{name}(mess3): {t:.2f} s -> {text}")

    for name in ("mess3", "sns"):  # a fresh process each: nothing cached, imports included
        code = f"from compmech.cli import main; main(['measures', '{name}'])"
        t, out = best(lambda code=code: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True), 1)
        kinds = sorted({line[33:50].strip() for line in out.stdout.splitlines()[2:]})
        print(f"compmech measures {name}: {t:.2f} s, kinds {kinds} (target < 10 s)")
        if t > 10 or out.returncode:
            failed.append(f"compmech measures {name}: {t:.1f} s, exit {out.returncode}")
    print("FAILED: " + "; ".join(failed) if failed else "all targets met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
