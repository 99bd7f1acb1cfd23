"""Time of every exact measure against truncated numeric sums reaching 1e-9.

Run:  python benchmarks/bench_measures.py

For RRXOR and a random 50-state unifilar machine (with a synchronizing
symbol, so that its mixed-state presentation is finite and every measure has
an exact closed form), prints the time of each exact measure and the time of
the float64 truncated sums (myopic entropies over the MSP, summed until the
terms fall below 1e-9) that a numeric package would use instead, and the
largest difference between the two.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from compmech import epsilon_machine, mixed_state_presentation
from compmech.measures import (
    bidirectional_complexity,
    cryptic_order,
    crypticity,
    entropy_rate,
    excess_entropy,
    markov_order,
    statistical_complexity,
    synchronization_information,
    transient_information,
)
from compmech.measures._chain import _cached_chain
from compmech.processes import random_hmm, rrxor

MEASURES = [
    entropy_rate,
    statistical_complexity,
    excess_entropy,
    transient_information,
    synchronization_information,
    crypticity,
    markov_order,
    cryptic_order,
    bidirectional_complexity,
]


def numeric_truncated(hmm, tol=1e-9, L_max=100_000):
    """E, T and S by float64 truncated sums over the MSP of the epsilon-machine."""
    em = epsilon_machine(hmm)
    msp = mixed_state_presentation(em)
    n = msp.n_nodes
    W = np.zeros((n, n))
    src, sym, dst = msp.edges
    np.add.at(W, (src, dst), msp.edge_probabilities_float)
    P = np.zeros((n, em.n_symbols))
    P[src, sym] = msp.edge_probabilities_float
    with np.errstate(divide="ignore", invalid="ignore"):
        Hnode = -np.nansum(np.where(P > 0, P * np.log2(P), 0.0), axis=1)
        B = msp.beliefs_float
        sig = -np.nansum(np.where(B > 0, B * np.log2(B), 0.0), axis=1)
    y = np.zeros(n)
    y[0] = 1.0
    # entropy rate from the stationary distribution of the chain (power iteration)
    ys = y.copy()
    for _ in range(20_000):
        ys = ys @ W
    hmu = float(ys @ Hnode)
    E = T = S = 0.0
    for L in range(1, L_max):
        hL = float(y @ Hnode)
        S += float(y @ sig)
        E += hL - hmu
        T += L * (hL - hmu)
        y = y @ W
        if abs(hL - hmu) * L < tol and float(y @ sig) < tol:
            break
    return {"excess_entropy": E, "transient_information": T, "synchronization_information": S}, L


def main() -> int:
    cases = [("RRXOR", rrxor()), ("random 50-state unifilar", random_hmm(50, 2, seed=1, unifilar=True, synchronizing=True))]
    ok = True
    for label, hmm in cases:
        _cached_chain.cache_clear()
        print(f"== {label}: {hmm.name}")
        exact = {}
        t_total = 0.0
        for f in MEASURES:
            t0 = time.perf_counter()
            v = f(hmm)
            dt = time.perf_counter() - t0
            t_total += dt
            exact[f.__name__] = v
            print(f"  {f.__name__:<30} {float(v):>14.10f}  {dt * 1e3:8.1f} ms")
        print(f"  all exact measures: {t_total:.3f} s (first call builds and caches the epsilon-machine and its MSP)")
        t0 = time.perf_counter()
        num, L = numeric_truncated(hmm)
        t_num = time.perf_counter() - t0
        diff = max(abs(num[k] - float(exact[k])) for k in num)
        print(f"  float64 truncated sums (E, T, S to 1e-9, L = {L}): {t_num:.3f} s; max |numeric - exact| = {diff:.2e}")
        ok &= diff < 1e-7
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
