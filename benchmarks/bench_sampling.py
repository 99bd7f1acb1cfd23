"""Sampling throughput for Mess3 on one core, against a naive per-step Python sampler.

Run:  python benchmarks/bench_sampling.py
Target: >= 20 M tokens/s for compmech.sample.  Also times one sequence of 10^6 tokens (sampled along
time) against the loop over steps, ground_truth(mess3(), 10) and writing/reading its fixture.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import compmech.models.sampling as sampling  # noqa: E402
from compmech import ground_truth, load_fixture, sample, save_fixture  # noqa: E402
from compmech.processes import mess3  # noqa: E402


def naive_sampler(hmm, n_sequences, length, seed=0):
    """One sequence and one step at a time, as simple research code does."""
    rng = np.random.default_rng(seed)
    T = hmm.to_numpy()
    k, n, _ = T.shape
    pi = np.array([float(v) for v in hmm.stationary_distribution()])
    joint = T.transpose(1, 0, 2).reshape(n, k * n)
    out = np.empty((n_sequences, length), dtype=np.int64)
    for i in range(n_sequences):
        s = rng.choice(n, p=pi)
        for t in range(length):
            o = rng.choice(k * n, p=joint[s])
            out[i, t], s = divmod(o, n)
    return out


def main() -> int:
    h = mess3()
    sample(h, 1000, 10, seed=0)  # warm up
    n, L = 2_000_000, 10
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        sample(h, n, L, seed=1)
        best = min(best, time.perf_counter() - t0)
    rate = n * L / best
    t0 = time.perf_counter()
    naive_sampler(h, 2_000, L)
    naive_rate = 2_000 * L / (time.perf_counter() - t0)
    print(f"compmech.sample: {rate / 1e6:.1f} M tokens/s ({n} x {L}, best of 3, one thread)")
    print(f"naive per-step sampler: {naive_rate / 1e6:.3f} M tokens/s; speed-up {rate / naive_rate:.0f}x")
    # one long sequence: along time (the scan of the step maps) against the loop over steps, the same draws
    t0 = time.perf_counter()
    one = sample(h, 1, 1_000_000, seed=2)
    t_scan = time.perf_counter() - t0
    old = sampling._SCAN_WORK
    sampling._SCAN_WORK = -1
    t0 = time.perf_counter()
    ref = sample(h, 1, 100_000, seed=2)
    t_loop = (time.perf_counter() - t0) * 10
    sampling._SCAN_WORK = old
    same = bool((ref == one[:, :100_000]).all())
    print(
        f"one sequence of 1,000,000 tokens: {t_scan:.2f} s along time; the loop over steps: {t_loop:.1f} s "
        f"(10 x its 100,000-token prefix); same tokens: {same}"
    )
    t0 = time.perf_counter()
    gt = ground_truth(h, 10)
    t_gt = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "mess3_L10.json")
        t0 = time.perf_counter()
        save_fixture(gt, path)
        t_save = time.perf_counter() - t0
        size = os.path.getsize(path) / 2**20
        t0 = time.perf_counter()
        load_fixture(path)
        t_load = time.perf_counter() - t0
    print(
        f"ground_truth(mess3(), 10): {gt.n_words} words, {len(gt.unique_beliefs)} beliefs in {t_gt:.2f} s; "
        f"fixture {size:.1f} MiB written in {t_save:.2f} s, read and verified in {t_load:.2f} s"
    )
    ok = rate >= 20e6 and same
    print(f"[{'PASS' if ok else 'FAIL'}] >= 20 M tokens/s, and the long sequence equals the step loop's")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
