"""Speed and memory of the exact MSP against a vectorized float64 tree built in the same process.

Run:  python benchmarks/bench_msp.py [--repeat 15] [--per-node-depth 10]

For Mess3(1/20, 17/20) to depth 12 (797,161 beliefs) it times, interleaved in one process (best of
``--repeat`` runs each, one BLAS thread):

- the float baseline: a vectorized float64 belief tree (one matrix product per level, no merging);
- the constructor alone (structure, exact merging, float views; exact beliefs not formed);
- the exact MSP as a user gets it: the constructor, then ``msp.exact.vectors`` and
  ``msp.exact.normalizers`` forced (every exact belief available, as limbs; see
  ``compmech.kernel.limbs``).

Ratios are given for wall-clock time (the targets) and for process CPU time (less sensitive to other
processes on a shared machine).  Peak memory is measured with ``tracemalloc``, which sees numpy's
buffers (numpy reports them to it): the float tree against the exact MSP with its exact beliefs.
Also: depth 10, a per-node float build like published research code, RRXOR to completion, the float
views against the float tree, and an HMM whose symbols almost reveal the state (distinct beliefs 1e-15
apart, closer than the views can tell): there the cell keys give way to residues, and the whole build, the
abandoned start included, is timed against a build with residues from the start.

Exits non-zero when a target is missed: full exact / float tree <= 4 (wall, depth 12), peak memory
exact / float <= 2, exact >= 5x faster than the per-node float build, exact beliefs == float tree to
1e-13, RRXOR has 36 states, giving way to residues costs at most 2x a build with residues.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import tracemalloc
from fractions import Fraction

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from compmech import HMM, mixed_state_presentation  # noqa: E402
from compmech.presentations._msp_build import build_integer  # noqa: E402
from compmech.processes import mess3, rrxor  # noqa: E402

TIME_RATIO = 4.0  # issue #40, target 1
MEMORY_RATIO = 2.0


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


def near_revealing(eps: Fraction = Fraction(1, 1000)) -> HMM:
    """3 states, 3 symbols: symbol x is emitted by state x with probability 1 - 2 eps."""
    A = [[Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)], [Fraction(1, 5), Fraction(3, 5), Fraction(1, 5)]]
    A.append([Fraction(3, 10), Fraction(3, 10), Fraction(2, 5)])
    return HMM([[[A[i][j] * (1 - 2 * eps if j == x else eps) for j in range(3)] for i in range(3)] for x in range(3)])


def exact_msp(h, depth: int):
    """The exact MSP with every exact belief available: the constructor, then the vectors and normalizers."""
    msp = mixed_state_presentation(h, max_depth=depth, max_states=None)
    _ = msp.exact.vectors, msp.exact.normalizers
    return msp


def interleaved(fns: dict, repeat: int) -> dict:
    """``{name: (best wall s, best cpu s, last result)}``, the functions run in turn ``repeat`` times."""
    best = {name: [float("inf"), float("inf"), None] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            out = fn()
            c1, w1 = time.process_time(), time.perf_counter()
            b = best[name]
            b[0], b[1], b[2] = min(b[0], w1 - w0), min(b[1], c1 - c0), out
            del out
    return {name: tuple(b) for name, b in best.items()}


def peak_mib(fn) -> float:
    gc.collect()
    tracemalloc.start()
    out = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del out
    return peak / 2**20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)  # a shared VM: the best of 5 still varies by +-0.3
    ap.add_argument("--per-node-depth", type=int, default=10, help="depth of the (slow) per-node float build")
    args = ap.parse_args(argv)
    h = mess3()
    T = h.to_numpy()
    pi = np.full(3, 1 / 3)
    exact_msp(h, 3)  # warm caches (stationary distribution, integer form)
    print(f"Mess3(1/20, 17/20): exact MSP against a vectorized float64 tree, one process, best of {args.repeat}")
    print(f"{'depth':>5} {'nodes':>9} {'':>10} {'float s':>9} {'exact s':>9} {'ratio':>6} {'cpu ratio':>9}")
    rows = {}
    for depth in (10, 12):
        res = interleaved(
            {
                "float": lambda d=depth: float_vectorized_tree(T, pi, d),
                "constructor": lambda d=depth: mixed_state_presentation(h, max_depth=d, max_states=None),
                "full exact": lambda d=depth: exact_msp(h, d),
            },
            args.repeat,
        )
        fw, fc, (fb, _) = res["float"]
        msp = res["full exact"][2]
        assert msp.n_nodes == fb.shape[0] == (3 ** (depth + 1) - 1) // 2, "tree size mismatch"
        for name in ("constructor", "full exact"):
            w, c, _ = res[name]
            print(f"{depth:>5} {msp.n_nodes:>9} {name:>10} {fw:>9.4f} {w:>9.4f} {w / fw:>6.2f} {c / fc:>9.2f}")
        rows[depth] = (res, float(np.abs(msp.beliefs_float - fb).max()))
    mem_float = peak_mib(lambda: float_vectorized_tree(T, pi, 12))
    mem_exact = peak_mib(lambda: exact_msp(h, 12))
    print(
        f"peak memory at depth 12 (tracemalloc, numpy buffers included): float tree {mem_float:.1f} MiB, "
        f"exact MSP with its exact beliefs {mem_exact:.1f} MiB, ratio {mem_exact / mem_float:.2f}"
    )
    d_pn = args.per_node_depth
    t_pn = interleaved({"pn": lambda: float_per_node(T, pi, d_pn)}, 1)["pn"][0]
    t_exact_pn = interleaved({"ex": lambda: exact_msp(h, d_pn)}, args.repeat)["ex"][0]
    speedup = t_pn / t_exact_pn
    print(
        f"per-node float build (rounding merge) to depth {d_pn}: {t_pn:.3f} s; exact MSP with its exact beliefs: "
        f"{t_exact_pn:.3f} s; exact is {speedup:.1f}x faster"
    )
    rr = interleaved({"rr": lambda: mixed_state_presentation(rrxor())}, args.repeat)["rr"]
    msp_rr = rr[2]
    print(
        f"RRXOR to completion: {msp_rr.n_nodes} states ({len(msp_rr.recurrent_states)} recurrent) in {rr[0] * 1e3:.1f} ms"
    )
    nr = near_revealing()
    give = interleaved(
        {
            "default": lambda: build_integer(nr, max_depth=12, max_states=None),
            "residues": lambda: build_integer(nr, max_depth=12, max_states=None, cells=False),
        },
        max(3, args.repeat // 3),
    )
    give_ratio = give["default"][0] / give["residues"][0]
    print(
        f"near-revealing HMM to depth 12 ({give['default'][2].parent.size} beliefs): cell keys giving way to "
        f"residues {give['default'][0]:.3f} s, residues from the start {give['residues'][0]:.3f} s ({give_ratio:.2f}x)"
    )
    res12 = rows[12][0]
    full_ratio = res12["full exact"][0] / res12["float"][0]
    checks = {
        f"exact MSP with exact beliefs / float tree <= {TIME_RATIO:g} at depth 12 (wall; issue #40): {full_ratio:.2f}": (
            full_ratio <= TIME_RATIO
        ),
        f"peak memory exact / float <= {MEMORY_RATIO:g} at depth 12: {mem_exact / mem_float:.2f}": (
            mem_exact / mem_float <= MEMORY_RATIO
        ),
        f"exact >= 5x faster than the per-node float build: {speedup:.1f}x": speedup >= 5,
        "RRXOR has 36 states": msp_rr.n_nodes == 36,
        f"giving way to residues <= 2x a build with residues: {give_ratio:.2f}x": give_ratio <= 2,
        # the float views are computed level by level like the float tree: they agree to a few ulps per
        # level (a wrong belief is off by far more)
        "float views == float64 tree to 1e-13 at every depth": all(err <= 1e-13 for _, err in rows.values()),
    }
    ok = True
    for name, good in checks.items():
        print(f"[{'PASS' if good else 'FAIL'}] {name}")
        ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
