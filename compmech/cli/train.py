"""Command-line entry points of the torch layer (``compmech train``, ``compmech reproduce``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_commands"]


def _cmd_train(args):
    from ..errors import InvalidArgumentError
    from ..kernel.atomic import read_json
    from ..nn.distributed import in_worker
    from ..nn.train import resolve_config, train, train_distributed
    from ..spec import parse_spec

    hmm = parse_spec(args.spec)
    base = None
    if args.config:
        base = read_json(args.config, "--config", InvalidArgumentError, max_bytes=2**20)
        if (
            not isinstance(base, dict)
            or not set(base) <= {"model", "train"}
            or not all(isinstance(v, dict) for v in base.values())
        ):
            raise InvalidArgumentError(f'--config {args.config}: expected {{"model": {{...}}, "train": {{...}}}}')
    mc, tc = resolve_config(hmm, base, args.overrides)
    if (args.nproc > 1 or args.nnodes > 1) and not in_worker():
        options = {"nnodes": args.nnodes, "node_rank": args.node_rank, "rdzv_endpoint": args.rdzv_endpoint}
        result = train_distributed(args.spec, mc, tc, args.out, args.nproc, args.restart, **options)
        if result is None:
            print(f"node {args.node_rank}: its workers finished; node 0 holds the run in {os.path.abspath(args.out)}")
            return
    else:
        result = train(hmm, mc, tc, out_dir=args.out, restart=args.restart)
        if in_worker() and (os.environ.get("RANK", "0") != "0" or os.environ.get("COMPMECH_LAUNCHER")):
            return  # worker 0 reports for all, unless compmech launched them (then the launcher reports)
    if args.save_transformerlens:
        from ..nn.transformerlens import save_transformerlens

        folder = os.path.join(args.out, "transformerlens")
        os.makedirs(folder, exist_ok=True)
        save_transformerlens(result.model, os.path.join(folder, "model.pt"))
    rec = result.final
    print(
        f"{hmm.name}: {rec['tokens']} tokens in {rec['seconds']:.1f} s; expected loss {rec['loss_nats']:.5f} nats, "
        f"optimum {rec['optimum_nats']:.5f}, relative {rec['relative_loss']:.5f}; wrote {os.path.abspath(args.out)}"
    )


def _cmd_reproduce(args):
    from ..errors import InvalidArgumentError

    if args.name == "attention":
        from ..nn.attention_experiment import reproduce_attention

        reproduce_attention(out_root=args.out, n_tokens=args.n_tokens or 2_000_000)
        return
    from ..nn.reproduce import reproduce

    if (args.name is None) == (args.recipe is None):
        raise InvalidArgumentError("give a shipped recipe name (mess3, rrxor, fanizza) or --recipe FILE, not both")
    summary = reproduce(
        args.recipe or args.name,
        out_root=args.out,
        targets=args.targets,
        n_tokens=args.n_tokens,
        with_published=not args.no_published,
        published=args.published,
        restart=args.restart,
        nproc=args.nproc,
    )
    if args.strict and not all(c["ok"] for c in summary["checks"]):
        raise SystemExit(1)


def _positive_tokens(text: str) -> int:
    import argparse

    try:
        v = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"{v} tokens: give at least 1")
    return v


def add_commands(sub: Any):
    p = sub.add_parser("reproduce", help="the seed paper's experiment on CPU, checked against exact ground truth")
    from ..nn._recipe_files import shipped_names

    p.add_argument(
        "name",
        nargs="?",
        choices=[*shipped_names(), "attention"],
        help="a shipped recipe, or attention (one-layer models against the constrained belief update)",
    )
    p.add_argument("--recipe", help="a recipe TOML file of your own (copy compmech/nn/recipes/mess3.toml)")
    p.add_argument("--out", default="runs", help="root folder of the runs (default runs/)")
    p.add_argument("--targets", choices=["sampled", "exact"], default=None)
    p.add_argument("--n-tokens", type=_positive_tokens, default=None, help="override the training length")
    p.add_argument("--no-published", action="store_true", help="skip the published checkpoints")
    p.add_argument(
        "--published",
        metavar="DIR",
        help="folder with the published checkpoints (DIR/mess3/6400.pt, ...); default $COMPMECH_PUBLISHED",
    )
    p.add_argument("--restart", action="store_true", help="discard a different run found in the output folder")
    p.add_argument("--strict", action="store_true", help="exit 1 when a check fails")
    _distributed_options(p, nodes=False)
    p.set_defaults(func=_cmd_reproduce)

    p = sub.add_parser("train", help="train a transformer on a process (CPU by default)")
    p.add_argument(
        "spec",
        help="catalog name with parameters, HMM file, or a combination (mixture(...), product(...), channel(...))",
    )
    p.add_argument("--config", help="JSON file with {'model': {...}, 'train': {...}}")
    p.add_argument("--out", required=True, help="output folder (config, metrics.jsonl, checkpoints, model)")
    p.add_argument(
        "--restart", action="store_true", help="discard a different run found in --out instead of refusing to touch it"
    )
    p.add_argument(
        "--save-transformerlens",
        action="store_true",
        help="also write OUT/transformerlens/model.pt and train_config.json for TransformerLens",
    )
    _distributed_options(p, nodes=True)
    p.add_argument("overrides", nargs="*", help="key=value overrides, e.g. lr=0.001 targets=exact n_layers=2")
    p.set_defaults(func=_cmd_train)


def _distributed_options(p, nodes: bool) -> None:
    p.add_argument(
        "--nproc", type=_positive_int, default=1, help="data-parallel workers on this machine (torch.distributed.run)"
    )
    if nodes:
        p.add_argument("--nnodes", type=_positive_int, default=1, help="machines taking part (torchrun --nnodes)")
        p.add_argument("--node-rank", type=int, default=0, help="this machine's rank among them (torchrun --node-rank)")
        p.add_argument("--rdzv-endpoint", help="HOST:PORT of the rendezvous, on node 0 (torchrun --rdzv-endpoint)")


def _positive_int(text: str) -> int:
    return _positive_tokens(text)
