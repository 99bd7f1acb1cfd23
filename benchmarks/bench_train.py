"""Training throughput and the wall-clock targets, on 2 CPU cores.

Run:  python benchmarks/bench_train.py            # throughput and where the time goes (about 1 minute)
      python benchmarks/bench_train.py --targets  # also the full target runs (about 20 minutes)
      python benchmarks/bench_train.py --scale    # data-parallel scaling, geometry-tracking overhead, GPU

--scale (issue [scale]): tokens/s of the Mess3 recipe model trained by `compmech train --nproc N`
for N = 1, 2, 4, ... up to --max-workers (default: the CPU count), one thread per worker, the global
batch fixed (strong scaling), read from the runs' own metrics after the first evaluation (so the
start-up of the workers is not counted); the scaling efficiency is (tokens/s at N) / (N x tokens/s
at 1).  Then the cost of track_geometry=true at the default evaluation interval (1000 steps): the
same run with and without it, in the same process; target under 10 %.  When CUDA is available,
also tokens/s on one GPU in float32 and with bf16 autocast, and with all GPUs as workers.

Targets (2 cores): Mess3 `sampled` relative loss <= 1.0005 within 5 minutes, `exact` <= 1.0001 within
2 minutes; RRXOR `sampled` <= 1.002 within 10 minutes.  Without --targets: throughput floors, the
exact evaluation's time, and an untrained model's exact loss above the optimum.  Exits 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace

import torch
import torch.nn.functional as F

from compmech import ground_truth
from compmech.nn.model import Transformer
from compmech.nn.reproduce import RECIPES
from compmech.nn.train import EvalSet, expected_loss, train

# regression floors on 2 CPU cores: about a third of the measured 57-61 k (Mess3) and 15-18 k (RRXOR) tokens/s
FLOOR_TOKENS_PER_S = {"mess3": 20_000, "rrxor": 5_000}


def throughput(cfg, batch=256, steps=20, fused=True):
    torch.manual_seed(0)
    m = Transformer(cfg, seed=0)
    x = torch.randint(0, cfg.d_vocab, (batch, cfg.n_ctx))
    y = torch.randint(0, cfg.d_vocab, (batch, cfg.n_ctx))
    opt = torch.optim.AdamW(m.parameters(), 1e-3, fused=fused)

    def step():
        loss = F.cross_entropy(m(x).reshape(-1, cfg.d_vocab), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    return batch * cfg.n_ctx * steps / (time.perf_counter() - t0)


def profile(cfg, batch=256):
    m = Transformer(cfg, seed=0)
    x = torch.randint(0, cfg.d_vocab, (batch, cfg.n_ctx))
    opt = torch.optim.AdamW(m.parameters(), 1e-3, fused=True)
    with torch.profiler.profile() as prof:
        for _ in range(10):
            loss = F.cross_entropy(m(x).reshape(-1, cfg.d_vocab), x.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=8)


def _run_tokens_per_s(out_dir) -> float:
    """Tokens per second between the run's second and last evaluation: worker start-up left out, the
    exact evaluations in between (every ``eval_every`` steps, sharded between the workers) counted."""
    from compmech.nn.train import load_run

    m = load_run(out_dir).metrics
    return (m[-1]["tokens"] - m[1]["tokens"]) / (m[-1]["seconds"] - m[1]["seconds"])


def _train_cli(out, nproc, extra, env=None):
    import os
    import subprocess

    code = "import sys; from compmech.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", code, "train", "mess3", "--out", out, "--nproc", str(nproc)]
    cmd += ["n_layers=4", "d_model=64", "n_heads=1", "d_head=8", "d_mlp=256", "progress=false", *extra]
    env = {**os.environ, **(env or {})}
    subprocess.run(cmd, check=True, capture_output=True, env=env)


def scaling(max_workers: int, n_tokens: int = 2_560_000) -> list:
    """Strong scaling on CPU: one thread per worker, global batch 256."""
    rows = []
    n = 1
    while n <= max_workers:
        with tempfile.TemporaryDirectory() as d:
            extra = [f"n_tokens={n_tokens}", "batch_size=256", "eval_every=200", "checkpoint_every=100000", "threads=1"]
            _train_cli(d, n, extra, env={"OMP_NUM_THREADS": "1"})
            rows.append((n, _run_tokens_per_s(d)))
        n *= 2
    return rows


def tracking_overhead(n_tokens: int = 5_120_000) -> tuple[float, float]:
    """Wall-clock seconds of the same training without and with track_geometry (eval_every 1000)."""
    times = []
    for track in (False, True):
        recipe = RECIPES["mess3"]
        tc = replace(recipe.train, n_tokens=n_tokens, progress=False, track_geometry=track, checkpoint_every=10**6)
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            train(recipe.hmm(), recipe.model, tc, out_dir=d)
            times.append(time.perf_counter() - t0)
    return times[0], times[1]


def gpu_throughput(n_tokens: int = 20_480_000) -> list:
    rows = []
    for bf16 in (False, True):
        with tempfile.TemporaryDirectory() as d:
            extra = [f"n_tokens={n_tokens}", "batch_size=4096", "eval_every=100", "device=cuda", f"bf16={bf16}"]
            _train_cli(d, 1, extra)
            rows.append((f"1 GPU, {'bf16 autocast' if bf16 else 'float32'}", _run_tokens_per_s(d)))
    n = torch.cuda.device_count()
    if n > 1:
        with tempfile.TemporaryDirectory() as d:
            extra = [f"n_tokens={n_tokens}", "batch_size=4096", "eval_every=100", "device=cuda"]
            _train_cli(d, n, extra)
            rows.append((f"{n} GPUs (DDP, nccl), float32", _run_tokens_per_s(d)))
    return rows


def scale_report(max_workers: int, check, n_tokens: int, tracking: bool) -> None:
    rows = scaling(max_workers, n_tokens)
    base = rows[0][1]
    print("data-parallel scaling on CPU (Mess3 model, global batch 256, 1 thread per worker):")
    for n, tps in rows:
        print(
            f"  {n} worker(s): {tps / 1e3:7.1f} k tokens/s, {tps / n / 1e3:6.1f} k per worker, efficiency {tps / (n * base):.2f}"
        )
    if tracking:
        plain, tracked = tracking_overhead()
        over = tracked / plain - 1
        print(f"geometry tracking at eval_every=1000: {plain:.1f} s without, {tracked:.1f} s with: {100 * over:+.1f} %")
        check("tracking overhead under 10 %", over < 0.10)
    if torch.cuda.is_available():
        print(f"GPU: {torch.cuda.get_device_name(0)}")
        for label, tps in gpu_throughput():
            print(f"  {label}: {tps / 1e6:.2f} M tokens/s")


def main(argv=None) -> int:
    import os

    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", action="store_true")
    ap.add_argument("--scale", action="store_true", help="data-parallel scaling, tracking overhead, GPU throughput")
    ap.add_argument("--max-workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip-basic", action="store_true", help="only the --targets / --scale parts")
    ap.add_argument("--skip-tracking", action="store_true", help="--scale without the tracking-overhead runs")
    ap.add_argument("--scaling-tokens", type=int, default=2_560_000, help="tokens of each scaling run")
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    ok = True

    def check(label, good):
        nonlocal ok
        ok &= bool(good)
        print(f"  [{'PASS' if good else 'FAIL'}] {label}")

    if args.scale:
        scale_report(args.max_workers, check, args.scaling_tokens, not args.skip_tracking)
    for name in () if args.skip_basic else ("mess3", "rrxor"):
        cfg = RECIPES[name].model
        t_fused = throughput(cfg)
        t_plain = throughput(cfg, fused=False)
        print(f"{name}: {t_fused / 1e3:.1f} k tokens/s (fused AdamW), {t_plain / 1e3:.1f} k tokens/s (default AdamW)")
        floor = FLOOR_TOKENS_PER_S[name]
        check(
            f"throughput >= {floor / 1e3:.0f} k tokens/s (a third of the 2-core figure in docs/training.md)",
            t_fused >= floor,
        )
        gt = ground_truth(RECIPES[name].hmm(), cfg.n_ctx)
        ev = EvalSet(gt)
        t0 = time.perf_counter()
        untrained = expected_loss(Transformer(cfg, seed=0), ev).mean().item()
        dt = time.perf_counter() - t0
        print(f"  exact evaluation over {gt.n_words} words: {dt:.2f} s")
        check("exact evaluation under 10 s", dt < 10)
        optimum = ev.optimum_nats.mean().item()
        check(
            f"an untrained model's exact loss {untrained:.4f} >= the optimum {optimum:.5f} nats", untrained >= optimum
        )
    if not args.skip_basic:
        print("where the time goes (Mess3 model, 10 steps):")
        print(profile(RECIPES["mess3"].model))
    if args.targets:
        runs = [
            ("mess3", "sampled", 300, 1.0005, {}),
            ("mess3", "exact", 120, 1.0001, {"n_tokens": 5_000_000, "lr": 3e-3}),
            ("rrxor", "sampled", 600, 1.002, {}),
        ]
        for name, targets, limit, goal, extra in runs:
            recipe = RECIPES[name]
            tc = replace(recipe.train, targets=targets, progress=False, **extra)
            with tempfile.TemporaryDirectory() as d:
                t0 = time.perf_counter()
                r = train(recipe.hmm(), recipe.model, tc, out_dir=d)
                wall = time.perf_counter() - t0
            rel = r.final["relative_loss"]
            good = rel <= goal and wall <= limit
            ok &= good
            print(
                f"[{'PASS' if good else 'FAIL'}] {name} {targets}: relative {rel:.5f} (goal {goal}) after "
                f"{r.final['tokens'] / 1e6:.1f} M tokens in {wall:.0f} s (limit {limit} s)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
