"""Training throughput and the wall-clock targets, on 2 CPU cores.

Run:  python benchmarks/bench_train.py            # throughput and where the time goes (about 1 minute)
      python benchmarks/bench_train.py --targets  # also the full target runs (about 20 minutes)

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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    ok = True

    def check(label, good):
        nonlocal ok
        ok &= bool(good)
        print(f"  [{'PASS' if good else 'FAIL'}] {label}")

    for name in ("mess3", "rrxor"):
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
