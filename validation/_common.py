"""Shared helpers of the validation scripts: models to check, and one JSON of numbers per script."""

from __future__ import annotations

import json
import os
import sys

from compmech.nn import Transformer, load_transformerlens
from compmech.nn.reproduce import RECIPES, published_dir
from compmech.nn.train import train

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def models(
    name: str,
    checkpoints: list[str],
    runs: str = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runs"),
    train_if_missing: bool = True,
):
    """``[(label, model)]``: the published checkpoints asked for (when ../shared is there) and our CPU models."""
    out = []
    pub = published_dir(name)
    if pub is None:
        print(f"note: published checkpoints for {name} not found; checking our own models only", file=sys.stderr)
    else:
        for ck in checkpoints:
            out.append((f"published {ck}", load_transformerlens(os.path.join(pub, f"{ck}.pt"))))
    for targets in ("sampled", "exact"):
        run = os.path.join(runs, name if targets == "sampled" else f"{name}_{targets}")
        path = os.path.join(run, "model.pt")
        if not os.path.exists(path):
            if not train_if_missing or targets == "exact":
                continue
            recipe = RECIPES[name]
            print(f"training our {name} model ({targets} targets) into {run}", file=sys.stderr)
            train(recipe.hmm(), recipe.model, recipe.train, out_dir=run)
        out.append((f"ours ({targets} targets)", Transformer.load(path)))
    return out


def write(name: str, data: dict) -> str:
    from compmech.kernel.atomic import atomic_write

    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{name}.json")
    with atomic_write(path) as f:
        json.dump(data, f, indent=1, default=float)
    return path


def finish(results: list[tuple[str, bool, str]]) -> int:
    """Print each check as PASS or FAIL; exit status 1 when any failed or when no check ran at all."""
    if not results:
        print("[FAIL] no check ran (no model to check?)")
        return 1
    ok = True
    for label, good, text in results:
        print(f"[{'PASS' if good else 'FAIL'}] {label}: {text}")
        ok &= good
    return 0 if ok else 1
