"""The speed targets of issue #14 (process algebra).

Run:  python benchmarks/bench_algebra.py

1. ``mixture`` of three random 50-state processes (unifilar, synchronizing) and its exact MSP to
   depth 10: target under 2 s in all.
2. The measures of that mixture (h, C_mu, E, chi) against the sum of the same measures of its three
   components, each on a fresh copy (caches cleared): target at most 1.10 x.
3. For reference: ``product`` of two 20-state processes, and a channel on a 20-state process.

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import compmech as cm  # noqa: E402
from compmech import measures as M  # noqa: E402
from compmech.processes import random_hmm  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_workloads import clear_caches  # noqa: E402

MEASURES = [M.entropy_rate, M.statistical_complexity, M.excess_entropy, M.crypticity]


def components(seed0: int = 1) -> list:
    return [random_hmm(50, 2, seed=seed0 + i, unifilar=True, synchronizing=True) for i in range(3)]


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def clear_all() -> None:
    from compmech.measures import nonergodic, rates

    clear_caches()
    rates._entropy_rate.cache_clear()
    nonergodic._distinct.cache_clear()
    nonergodic._components.cache_clear()
    nonergodic._identification.cache_clear()


def main() -> int:
    ok = True
    parts = components()
    weights = ["1/2", "1/3", "1/6"]
    t_mix, mix = timed(lambda: cm.mixture(parts, weights))
    t_msp, msp = timed(lambda: cm.mixed_state_presentation(mix, max_depth=10, max_states=None))
    print(
        f"1. mixture of three 50-state processes: {t_mix:.3f} s; its MSP to depth 10 ({msp.n_nodes:,} beliefs): {t_msp:.3f} s"
    )
    print(f"   total {t_mix + t_msp:.3f} s (target < 2)")
    ok &= t_mix + t_msp < 2.0

    t_parts, t_mixm = float("inf"), float("inf")
    for _ in range(3):  # best of three, caches cleared before each side
        clear_all()
        fresh = components()
        t0 = time.perf_counter()
        for fn in MEASURES:
            for h in fresh:
                fn(h)
        t_parts = min(t_parts, time.perf_counter() - t0)
        clear_all()
        mix = cm.mixture(components(), weights)
        times, values = [], []
        for fn in MEASURES:
            t, value = timed(lambda fn=fn, mix=mix: fn(mix))
            times.append(t)
            values.append(value)
        if sum(times) < t_mixm:
            t_mixm, best = sum(times), (times, values)
    for fn, t, value in zip(MEASURES, *best):
        print(f"   {fn.__name__:24s} {t:7.3f} s  = {float(value):.10f}")
    ratio = t_mixm / t_parts
    print(
        f"2. measures of the mixture {t_mixm:.3f} s; of the three components {t_parts:.3f} s; ratio {ratio:.2f} (target <= 1.10)"
    )
    ok &= ratio <= 1.10

    a, b = (random_hmm(20, 2, seed=s, unifilar=True, synchronizing=True) for s in (7, 8))
    t_prod, g = timed(lambda: cm.product(a, b))
    t_ch, _ = timed(lambda: cm.channel(a, cm.binary_symmetric("1/10")))
    print(
        f"3. product of two 20-state processes ({g.n_states} states, {g.n_symbols} symbols): {t_prod:.3f} s; channel: {t_ch:.3f} s"
    )
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
