"""The ``compmech`` command line."""

from __future__ import annotations

import argparse
import sys

from .errors import CompmechError

__all__ = ["main"]


def _cmd_processes(args):
    from .processes import CATALOG

    for name, (fn, defaults) in CATALOG.items():
        params = ",".join(f"{k}={v}" for k, v in defaults.items())
        doc = (fn.__doc__ or "").strip().splitlines()[0]
        print(f"{name + ':' + params:<32} {doc}")


def _cmd_demo(args):
    from .demo import ground_truth_report

    print(ground_truth_report(depth=args.depth))


def _cmd_msp(args):
    from .msp import mixed_state_presentation
    from .spec import parse_spec

    hmm = parse_spec(args.spec)
    msp = mixed_state_presentation(hmm, max_depth=args.max_depth, max_states=args.max_states)
    fmt = args.format
    if fmt == "summary":
        print(f"{hmm.name or args.spec}: {msp.n_nodes} beliefs, complete={msp.complete}")
        print("new beliefs per depth:", msp.nodes_per_depth())
        if msp.complete:
            print(f"recurrent: {len(msp.recurrent_states)}, transient: {len(msp.transient_states)}")
        return
    from .io import write_msp

    write_msp(msp, args.out, fmt)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="compmech", description="Exact computational mechanics.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("processes", help="list the process catalog with default parameters")
    p.set_defaults(func=_cmd_processes)
    p = sub.add_parser("demo", help="print the exact ground truth of Mess3 and RRXOR")
    p.add_argument("--depth", type=int, default=8, help="Mess3 belief-tree depth (default 8)")
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("msp", help="build a mixed-state presentation")
    p.add_argument("spec", help="catalog name with parameters (mess3:x=1/20,alpha=17/20) or HMM file")
    p.add_argument("--max-depth", type=int, default=None)
    p.add_argument("--max-states", type=int, default=100_000)
    p.add_argument("--format", choices=["summary", "json", "graphml", "dot"], default="summary")
    p.add_argument("--out", default="-", help="output file ('-' for standard output)")
    p.set_defaults(func=_cmd_msp)
    return ap


def main(argv=None) -> int:
    """Entry point of the ``compmech`` command.

    Examples
    --------
    >>> main(["msp", "rrxor"])
    rrxor(p1=1/2, p2=1/2): 36 beliefs, complete=True
    new beliefs per depth: [1, 2, 4, 8, 12, 7, 2]
    recurrent: 5, transient: 31
    0
    """
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except CompmechError as exc:
        print(f"compmech {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"compmech {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
