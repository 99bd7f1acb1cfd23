"""Time of every exact measure against truncated numeric sums reaching 1e-9.

Run:  python benchmarks/bench_measures.py

For RRXOR and a random 50-state unifilar machine (with a synchronizing
symbol, so that its mixed-state presentation is finite and every measure has
an exact closed form), prints the time of each exact measure and the time of
a float64 reference computed from the raw matrices alone (stationary vector
by a float solve, a float belief tree, truncated sums until the terms fall
below 1e-9) as a numeric package would, and checks h, C_mu, E, T, S, chi and
the MSP size against it.  Exits non-zero on any mismatch.
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


def _H(p):
    p = np.asarray(p, dtype=np.float64)
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def float_reference(hmm, tol=1e-9, L_max=100_000, merge_decimals=12):
    """h, C_mu, E, T, S and chi in float64, from the HMM's own matrices (no compmech algorithm is used).

    For a *minimal* unifilar machine (checked by the caller): pi from a float linear solve, h = sum_s pi_s
    H[X | s], C_mu = H[pi]; the mixed states by a breadth-first float belief tree from pi, beliefs merged when
    they agree to ``merge_decimals`` decimals (exact synchronizing machines reach finitely many); E, T and S as
    truncated sums of the myopic entropies and belief entropies until the terms fall below ``tol``.
    """
    T = hmm.to_numpy()
    k, n, _ = T.shape
    A = T.sum(axis=0).T - np.eye(n)
    A[-1] = 1.0
    rhs = np.zeros(n)
    rhs[-1] = 1.0
    pi = np.linalg.solve(A, rhs)
    emit = T.sum(axis=2).T  # (n, k): Pr(x | s)
    h = float(sum(pi[s] * _H(emit[s]) for s in range(n)))
    C = _H(pi)
    index, beliefs, edges = {}, [], []
    queue = [pi]
    index[tuple(np.round(pi, merge_decimals))] = 0
    beliefs.append(pi)
    while queue:
        b = queue.pop()
        u = index[tuple(np.round(b, merge_decimals))]
        for x in range(k):
            v = b @ T[x]
            p = v.sum()
            if p <= 1e-300:
                continue
            v = v / p
            key = tuple(np.round(v, merge_decimals))
            if key not in index:
                index[key] = len(beliefs)
                beliefs.append(v)
                queue.append(v)
            edges.append((u, index[key], p))
    m = len(beliefs)
    W = np.zeros((m, m))
    Hnode = np.zeros(m)
    for u, v, p in edges:
        W[u, v] += p
    for u, b in enumerate(beliefs):
        Hnode[u] = _H(b @ T.sum(axis=2).T)
    sig = np.array([_H(b) for b in beliefs])
    y = np.zeros(m)
    y[0] = 1.0
    E = Tr = S = 0.0
    for L in range(1, L_max):
        hL = float(y @ Hnode)
        S += float(y @ sig)
        E += hL - h
        Tr += L * (hL - h)
        y = y @ W
        if abs(hL - h) * L < tol and float(y @ sig) < tol:
            break
    values = {
        "entropy_rate": h,
        "statistical_complexity": C,
        "excess_entropy": E,
        "transient_information": Tr,
        "synchronization_information": S,
        "crypticity": C - E,
    }
    return values, L, m


def main() -> int:
    cases = [
        ("RRXOR", rrxor()),
        ("random 50-state unifilar", random_hmm(50, 2, seed=1, unifilar=True, synchronizing=True)),
    ]
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
        minimal = epsilon_machine(hmm).n_states == hmm.n_states
        print(f"  [{'PASS' if minimal else 'FAIL'}] the input machine is minimal (the float reference assumes it)")
        ok &= minimal
        t0 = time.perf_counter()
        num, L, m = float_reference(hmm)
        t_num = time.perf_counter() - t0
        print(f"  float64 reference from the raw matrices ({m} mixed states, sums to L = {L}): {t_num:.3f} s")
        for name, value in num.items():
            diff = abs(value - float(exact[name]))
            good = diff < 1e-7
            ok &= good
            print(f"  [{'PASS' if good else 'FAIL'}] {name:<30} |float - exact| = {diff:.2e} (limit 1e-7)")
        msp_size = mixed_state_presentation(hmm).n_nodes
        good = msp_size == m
        ok &= good
        print(f"  [{'PASS' if good else 'FAIL'}] exact MSP size {msp_size} == float belief tree {m}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
