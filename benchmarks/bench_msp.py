"""Speed and memory of the exact MSP builder against float64 builds of the same tree.

Run:  python benchmarks/bench_msp.py [--depth 12] [--repeat 5]

Prints, for Mess3(1/20, 17/20) to depths 10 and 12 and for RRXOR to
completion, the time of the exact build (exact beliefs and probabilities,
duplicates merged exactly; graph not requested), the time of a vectorized
float64 build of the same tree in the same process, their ratio, the time of
a per-node float build like published research code, and the peak memory.
All timings use one BLAS thread.  Exits non-zero when a target is missed:
exact / vectorized float <= 8 at depth 12, exact >= 5x faster than the
per-node float build, exact under 1 s, exact and float beliefs within 1e-13.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from compmech import mixed_state_presentation  # noqa: E402
from compmech.processes import mess3, rrxor  # noqa: E402


def float_vectorized_tree(T: np.ndarray, pi: np.ndarray, depth: int):
    """Float64 belief tree, one matrix product per level (no deduplication)."""
    k, n, _ = T.shape
    Tcat = np.concatenate(list(T), axis=1)
    beliefs, probs = [pi[None, :]], [np.ones(1)]
    b, p = pi[None, :], np.ones(1)
    for _ in range(depth):
        u = (b @ Tcat).reshape(-1, n)
        s = u.sum(axis=1)
        b = u / s[:, None]
        p = np.repeat(p, k) * s
        beliefs.append(b)
        probs.append(p)
    return np.concatenate(beliefs), np.concatenate(probs)


def float_per_node(T: np.ndarray, pi: np.ndarray, depth: int):
    """Per-node float build with rounding-based merging, as published research code does."""
    k = T.shape[0]
    seen = {tuple(np.round(pi, 5)): 0}
    frontier = [pi]
    nodes = 1
    for _ in range(depth):
        nxt = []
        for b in frontier:
            for x in range(k):
                u = b @ T[x]
                s = u.sum()
                if s <= 0:
                    continue
                u = u / s
                key = tuple(np.round(u, 5))
                if key not in seen:
                    seen[key] = nodes
                    nodes += 1
                nxt.append(u)
        frontier = nxt
    return nodes


def best_of(fn, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_mib(fn):
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-node-depth", type=int, default=10, help="depth of the (slow) per-node float build")
    args = ap.parse_args(argv)
    h = mess3()
    T = h.to_numpy()
    pi = np.full(3, 1 / 3)
    mixed_state_presentation(h, max_depth=2)  # warm caches (stationary distribution, integer form)
    ok = True
    rows = []
    for depth in (10, 12):
        t_exact, msp = best_of(lambda d=depth: mixed_state_presentation(h, max_depth=d, max_states=None), args.repeat)
        t_float, (fb, _) = best_of(lambda d=depth: float_vectorized_tree(T, pi, d), args.repeat)
        assert msp.n_nodes == fb.shape[0] == (3 ** (depth + 1) - 1) // 2, "tree size mismatch"
        err = np.abs(msp.beliefs_float - fb).max()
        rows.append((depth, msp.n_nodes, t_exact, t_float, t_exact / t_float, err))
    d_pn = args.per_node_depth
    t_pn, _ = best_of(lambda: float_per_node(T, pi, d_pn), 1)
    t_exact_pn, _ = best_of(lambda: mixed_state_presentation(h, max_depth=d_pn, max_states=None), args.repeat)
    mem_exact = peak_mib(lambda: mixed_state_presentation(h, max_depth=12, max_states=None))
    mem_float = peak_mib(lambda: float_vectorized_tree(T, pi, 12))
    t_rr, msp_rr = best_of(lambda: mixed_state_presentation(rrxor()), args.repeat)

    print(f"Mess3(1/20, 17/20), exact MSP vs vectorized float64 tree (1 BLAS thread, best of {args.repeat})")
    print(f"{'depth':>5} {'nodes':>9} {'exact s':>9} {'float s':>9} {'ratio':>7} {'max |view-float|':>18}")
    for depth, nodes, te, tf, r, err in rows:
        print(f"{depth:>5} {nodes:>9} {te:>9.3f} {tf:>9.4f} {r:>7.1f} {err:>18.2e}")
    speedup = t_pn / t_exact_pn
    print(
        f"per-node float build (rounding merge) to depth {d_pn}: {t_pn:.3f} s; exact: {t_exact_pn:.3f} s; "
        f"exact is {speedup:.1f}x faster"
    )
    print(f"peak memory at depth 12: exact {mem_exact:.1f} MiB, vectorized float {mem_float:.1f} MiB")
    print(
        f"RRXOR to completion: {msp_rr.n_nodes} states ({len(msp_rr.recurrent_states)} recurrent) in {t_rr * 1e3:.1f} ms"
    )
    d12 = rows[-1]
    checks = {
        "exact / vectorized float <= 8 at depth 12 (issue #20; was 12.1)": d12[4] <= 8,
        "exact >= 5x faster than per-node float": speedup >= 5,
        "exact depth 12 under 1 s": d12[2] < 1.0,
        "RRXOR has 36 states": msp_rr.n_nodes == 36,
        # the float views are the exact beliefs correctly rounded; an independent float64 tree drifts by a
        # few ulps per level, so the two agree to 1e-13 (a wrong belief is off by far more)
        "exact beliefs == float64 tree to 1e-13 at every depth": all(r[5] <= 1e-13 for r in rows),
    }
    for name, good in checks.items():
        print(f"[{'PASS' if good else 'FAIL'}] {name}")
        ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
