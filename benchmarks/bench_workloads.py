"""The workloads of issue #20: exact measures at scale, and how fast compmech says no.

Run:  python benchmarks/bench_workloads.py

1. ThreeHundred (sofic's catalog: a 6-state machine whose mixed-state presentation has 300 states),
   each exact measure on its own (caches cleared before each): target under 0.3 s each.
2. A random synchronizing 50-state unifilar machine, every exact measure one after the other on a
   fresh copy (as ``compmech measures`` runs them): target under 0.5 s in all.
3. Refusals at default settings (``max_states=10_000``): each measure of Mess3, the SNS and FRDN
   answers (an exact value or a certified interval) or raises InfiniteStatesError; the time of the
   slowest one, target under 2 s, and of the whole table.
4. The MSP of the SNS (one new belief per level) up to the default ``max_states=100_000``, reported.

Exits non-zero when a target is missed.  Compare with the figures in the closing note of #20.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import compmech as cm  # noqa: E402
from compmech import measures as M  # noqa: E402
from compmech.errors import CompmechError  # noqa: E402
from compmech.processes import fanizza, mess3, random_hmm, sns  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_measures import float_reference  # noqa: E402

MEASURES = [
    M.entropy_rate,
    M.statistical_complexity,
    M.excess_entropy,
    M.transient_information,
    M.synchronization_information,
    M.crypticity,
    M.markov_order,
    M.cryptic_order,
    M.reverse_statistical_complexity,
    M.causal_irreversibility,
    M.bidirectional_complexity,
]


def three_hundred() -> cm.HMM:
    """sofic's ThreeHundred process with biases (1/2, 1/2, 1/2), written out from its edge list."""
    edges = [
        ("A", "B", 0, "1/2"),
        ("A", "C", 1, "1/2"),
        ("B", "D", 0, "1"),
        ("C", "E", 0, "1"),
        ("D", "F", 0, "1/2"),
        ("D", "F", 1, "1/2"),
        ("E", "A", 0, "1"),
        ("F", "A", 0, "1/2"),
        ("F", "A", 1, "1/2"),
    ]
    states = "ABCDEF"
    T = {x: [["0"] * 6 for _ in range(6)] for x in (0, 1)}
    for a, b, x, p in edges:
        T[x][states.index(a)][states.index(b)] = p
    return cm.HMM(T, states=list(states), name="ThreeHundred")


def clear_caches() -> None:
    from compmech.measures import _chain
    from compmech.presentations import machines

    machines._epsilon_machine.cache_clear()
    machines._FAILED.clear()
    _chain._cached_chain.cache_clear()
    _chain._FAILED.clear()


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    try:
        fn(*args, **kwargs)
        outcome = "answer"
    except CompmechError as exc:
        outcome = type(exc).__name__
    return time.perf_counter() - t, outcome


def main() -> int:
    ok = True
    h = three_hundred()
    t_float = time.perf_counter()
    values, _, _ = float_reference(h)
    t_float = time.perf_counter() - t_float
    print(f"1. {h.name}: {cm.mixed_state_presentation(h).n_nodes} mixed states; each measure alone")
    print(f"   float64 reference (h, C, E, T, S, chi by truncated sums, bench_measures.py): {t_float:.3f} s")
    for fn in MEASURES:
        clear_caches()
        t, _ = timed(fn, h)
        ok &= t < 0.3
        ratio = f"  {t / t_float:5.2f} x the float reference" if fn.__name__ in values else ""
        print(f"   {fn.__name__:32s} {t:7.3f} s{ratio}")
    clear_caches()
    E = float(M.excess_entropy(h))
    ok &= abs(E - values["excess_entropy"]) < 1e-7
    print(f"   E exact {E:.10f}, float reference {values['excess_entropy']:.10f}")
    clear_caches()
    big = random_hmm(50, 2, seed=1, unifilar=True, synchronizing=True)
    t0 = time.perf_counter()
    for fn in MEASURES:
        fn(big)
    total = time.perf_counter() - t0
    ok &= total < 0.5
    print(f"2. {big.name}: all {len(MEASURES)} measures {total:.3f} s (target < 0.5)")
    print("3. refusals at default settings (slowest measure, whole table)")
    for p in (mess3(), sns(), fanizza()):
        clear_caches()
        times = [timed(fn, p) for fn in MEASURES]
        slowest = max(times)
        refused = sum(o != "answer" for _, o in times)
        ok &= slowest[0] < 2.0
        print(
            f"   {p.name:45s} slowest {slowest[0]:6.3f} s ({slowest[1]}), table {sum(t for t, _ in times):6.3f} s, "
            f"{refused} refused"
        )
    t, outcome = timed(cm.mixed_state_presentation, sns())
    print(f"4. MSP of sns() to max_states=100,000: {t:.2f} s ({outcome})")
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
