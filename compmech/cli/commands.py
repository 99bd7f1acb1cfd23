"""The ``compmech`` command line.

Every command takes a SPEC: a catalog name with parameters
(``mess3:x=1/20,alpha=17/20``), the path of an HMM JSON file (a path with a
folder separator or a ``.json`` suffix; catalog names win), or a combination:
``mixture(1/2*mess3; 1/2*rrxor)``, ``product(A; B)``, ``channel(A; bsc=1/10)``.  Every user error
exits with status 2 and one line on standard error; an unexpected failure
prints one line and a hint to rerun with ``--debug`` for the traceback.
Names from files are escaped before they reach the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import CompmechError, InvalidArgumentError, excerpt
from ..processes._registry import FAMILIES
from .infer import add_command as add_infer
from .train import add_commands as add_nn_commands

__all__ = ["main", "build_parser"]


def _hmm(args):
    from ..spec import parse_spec

    return parse_spec(args.spec)


def printable(text: str) -> str:
    """``text`` with control characters (ANSI escapes, newlines) shown as escapes, safe for a terminal.

    Examples
    --------
    >>> print(printable("ok\\x1b[31mred\\n"))
    ok\\x1b[31mred\\n
    """
    text = str(text)
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _positive(text: str) -> int:
    return _int_at_least(text, 1)


def _nonnegative(text: str) -> int:
    return _int_at_least(text, 0)


def _int_at_least(text: str, low: int) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{excerpt(text)} is not a whole number") from None
    if v < low:
        raise argparse.ArgumentTypeError(f"{v} is below {low}")
    return v


def _output(args, *inputs):
    """Check --out before long work: writable, a regular file if it exists, and none of the inputs."""
    from ..errors import UnsafePathError
    from ..kernel.atomic import check_writable, same_file

    for src in inputs:
        if src and os.path.exists(src) and same_file(src, args.out):
            raise UnsafePathError(
                f"--out {excerpt(args.out)} is the input file {excerpt(src)}; refusing to overwrite an input"
            )
    check_writable(args.out, "--out")


def _validity(hmm, length: int):
    """For a GHMM, ``Pr(w) >= 0`` checked exactly up to ``length`` within about a second (None for an HMM).

    A word of negative probability raises (the command exits 2 naming it); otherwise the certificate
    says what was and was not verified.
    """
    if hmm.is_classical() or hmm.is_symbolic():
        return None
    from ..measures.table import VALIDITY_DIRECTIONS
    from ..models.validity import verify_nonnegative

    return verify_nonnegative(hmm, length, max_directions=VALIDITY_DIRECTIONS, partial=True)


def _cmd_processes(args):
    from ..processes import catalog
    from ..processes._registry import FAMILIES

    entries = [e for e in catalog(args.family) if args.search is None or e.matches(args.search)]
    if not entries:
        raise InvalidArgumentError(
            f"no catalog process matches {excerpt(args.search)}"
            + (f" in family {args.family!r}" if args.family else "")
        )
    family = None
    for e in entries:
        if e.family != family:
            family = e.family
            print(f"{'' if e is entries[0] else chr(10)}[{family}] {FAMILIES[family]}")
        params = ",".join(f"{k}={v}" for k, v in e.defaults.items())
        spec = e.name + (":" + params if params else "")
        aliases = f" (also: {', '.join(e.alias_names)})" if e.alias_names else ""
        print(f"  {spec:<34} {e.description}{aliases}")
        if args.references:
            print(f"  {'':<34} {e.reference}")


def _cmd_demo(args):
    from .demo import ground_truth_report

    print(ground_truth_report(depth=args.depth, max_states=args.max_states))


def _cmd_msp(args):
    from ..presentations.msp import mixed_state_presentation

    if args.out not in (None, "-"):
        _output(args, args.spec)
    hmm = _hmm(args)
    msp = mixed_state_presentation(hmm, max_depth=args.max_depth, max_states=args.max_states, progress=args.progress)
    if args.format == "summary":
        print(f"{printable(hmm.name or args.spec)}: {msp.n_nodes} beliefs, complete={msp.complete}")
        print("new beliefs per depth:", msp.nodes_per_depth())
        if msp.complete:
            print(f"recurrent: {len(msp.recurrent_states)}, transient: {len(msp.transient_states)}")
        cert = _validity(hmm, len(msp.nodes_per_depth()))
        if cert is not None:
            print(f"GHMM: {cert.scope()}")
        return
    from ..io.readwrite import write_msp

    write_msp(msp, args.out, args.format)


def _cmd_measures(args):
    from ..measures.table import measure_table

    hmm = _hmm(args)
    rows = [(r.label, r.kind, r.value, r.detail) for r in measure_table(hmm, args.max_states, seed=args.seed)]
    head = ("measure", "kind", "value", "float / estimate / why not")
    w = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    w[2] = min(w[2], 60)
    print(f"{printable(hmm.name or args.spec)} (bits)")
    for r in [head, *rows]:
        print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}".rstrip())


def _cmd_fixture(args):
    from ..io.fixtures import save_fixture
    from ..presentations.ground_truth import ground_truth

    _output(args, args.spec)
    hmm = _hmm(args)
    gt = ground_truth(hmm, args.length, progress=True, max_words=args.max_words)  # refuses a negative word
    cert = _validity(hmm, args.length)
    digest = save_fixture(gt, args.out)
    print(f"wrote {args.out}: {gt.n_words} words, {len(gt.unique_beliefs)} distinct beliefs, sha256 {digest}")
    if cert is not None:  # every word of the fixture's length is in it: checked; beyond, maybe not
        print(f"GHMM: {cert.scope()}")


def _cmd_sample(args):
    import numpy as np

    from ..errors import InvalidArgumentError
    from ..kernel.atomic import atomic_write
    from ..models.sampling import sample

    if args.states and args.out.endswith(".npy"):
        raise InvalidArgumentError("--states needs an .npz output (an .npy file holds one array: the tokens)")
    _output(args, args.spec)
    hmm = _hmm(args)
    cert = _validity(hmm, args.length)
    if cert is not None and not cert.all_lengths and cert.max_length < args.length and not args.unverified:
        from ..errors import BudgetExceededError

        raise BudgetExceededError(
            f"{cert.scope()} (the check stopped at its budget), but sequences of length {args.length} need every word "
            f"up to that length: the tokens could come from a GHMM that is not a process. Sample --length "
            f"{cert.max_length} or less, or pass --unverified to write them anyway (the output says so)"
        )
    out = sample(hmm, args.n, args.length, seed=args.seed, return_states=args.states)
    tokens, states = out if args.states else (out, None)
    path = args.out
    with atomic_write(path, "wb") as f:
        if path.endswith(".npy"):
            np.save(f, tokens)
        else:
            arrays = {"tokens": tokens, "alphabet": np.array([str(a) for a in hmm.alphabet])}
            if states is not None:
                arrays["states"] = states
            np.savez_compressed(f, **arrays)
    print(f"wrote {path}: {tokens.shape[0]} sequences of length {tokens.shape[1]} (seed {args.seed})")
    if cert is not None:
        unverified = not cert.all_lengths and cert.max_length < args.length
        print(f"GHMM: {cert.scope()}" + (": NOT VERIFIED for these tokens (--unverified)" if unverified else ""))


def _cmd_plot(args):
    from ..errors import InvalidArgumentError
    from ..plot.figures import msp_graph, save_figure, simplex, supported_formats
    from ..presentations.msp import mixed_state_presentation

    ext = os.path.splitext(args.out)[1].lstrip(".").lower() or "png"
    if ext not in supported_formats():
        raise InvalidArgumentError(
            f"--out {excerpt(args.out)}: unknown image format {excerpt(ext)}; use one of {', '.join(sorted(supported_formats()))}"
        )
    _output(args, args.spec)
    hmm = _hmm(args)
    if args.spectrum:
        from ..plot.spectra import spectrum

        fig = spectrum(hmm)
    elif args.kind in ("graph", "machine"):
        depth = None if args.kind == "machine" else args.depth
        msp = mixed_state_presentation(hmm, max_states=args.max_states, max_depth=depth)
        fig = msp_graph(msp, recurrent_only=args.kind == "machine")
    else:
        msp = mixed_state_presentation(hmm, max_depth=args.depth, max_states=args.max_states, progress=True)
        fig = simplex(msp, title=f"{printable(hmm.name)}: beliefs of all words up to length {args.depth}")
    save_figure(fig, args.out)
    print(f"wrote {args.out}")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on standard error (exit status 2)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="compmech", description="Exact computational mechanics.")
    ap.add_argument("--debug", action="store_true", help="show the full traceback of an unexpected error")
    sub = ap.add_subparsers(dest="command", required=True)

    def spec(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "spec",
            help='catalog name with parameters (mess3:x=1/20,alpha=17/20), HMM file, or a combination ("mixture(1/2*mess3; 1/2*rrxor)")',
        )

    p = sub.add_parser("processes", help="list the process catalog with default parameters")
    p.add_argument("--search", metavar="WORD", help="only processes whose name, alias, family or description has WORD")
    p.add_argument("--family", choices=list(FAMILIES), help="only this family")
    p.add_argument("--references", action="store_true", help="print each process's reference")
    p.set_defaults(func=_cmd_processes)
    p = sub.add_parser("demo", help="print the exact ground truth of Mess3 and RRXOR")
    p.add_argument("--depth", type=_nonnegative, default=8, help="Mess3 belief-tree depth (default 8)")
    p.add_argument("--max-states", type=_positive, default=1_000_000, help="budget of beliefs (default 1,000,000)")
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("msp", help="build a mixed-state presentation")
    spec(p)
    p.add_argument("--max-depth", type=_nonnegative, default=None)
    p.add_argument("--max-states", type=_positive, default=100_000)
    p.add_argument("--format", choices=["summary", "json", "graphml", "dot"], default="summary")
    p.add_argument("--out", default="-", help="output file ('-' for standard output)")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.set_defaults(func=_cmd_msp)
    p = sub.add_parser(
        "measures", help="table of every information measure: exact, certified bound, estimate or infinite"
    )
    spec(p)
    p.add_argument("--max-states", type=_positive, default=10_000)
    p.add_argument("--seed", type=_nonnegative, default=0, help="seed of the estimates (infinite-state processes)")
    p.set_defaults(func=_cmd_measures)
    p = sub.add_parser("fixture", help="write certified ground truth for all words of a length")
    spec(p)
    p.add_argument("--length", type=_positive, required=True)
    p.add_argument("--max-words", type=_positive, default=2_000_000, help="budget of words (default 2,000,000)")
    p.add_argument("--out", required=True, help="output .json or .json.gz")
    p.set_defaults(func=_cmd_fixture)
    p = sub.add_parser("sample", help="sample token sequences (.npz or .npy)")
    spec(p)
    p.add_argument("-n", type=_nonnegative, required=True, help="number of sequences")
    p.add_argument("--length", type=_nonnegative, required=True)
    p.add_argument("--seed", type=_nonnegative, default=0)
    p.add_argument("--states", action="store_true", help="also store the hidden states (.npz)")
    p.add_argument(
        "--unverified",
        action="store_true",
        help="GHMM: write tokens even when Pr(w) >= 0 cannot be checked up to --length (the output says so)",
    )
    p.add_argument("--out", required=True)
    p.set_defaults(func=_cmd_sample)
    p = sub.add_parser("plot", help="draw the beliefs in the simplex, the MSP graph, or the power spectrum")
    spec(p)
    p.add_argument("--out", required=True, help="output image (.png, .pdf, .svg)")
    p.add_argument(
        "--kind",
        choices=["simplex", "graph", "machine"],
        default="simplex",
        help="beliefs in the simplex (PCA plane beyond 3 states), the MSP graph, or its recurrent part",
    )
    p.add_argument("--depth", type=_nonnegative, default=8)
    p.add_argument("--max-states", type=_positive, default=1_000_000)
    p.add_argument(
        "--spectrum", action="store_true", help="draw the exact power spectrum beside a periodogram of samples instead"
    )
    p.set_defaults(func=_cmd_plot)
    add_infer(sub, _positive, _nonnegative)
    add_nn_commands(sub)  # the torch layer's commands import torch only when they run
    return ap


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse a command line exactly as the ``compmech`` command does, without running it.

    ``train`` takes ``key=value`` overrides anywhere after its process.  A bad
    command line exits with status 2 and a usage message (``SystemExit``).

    Examples
    --------
    >>> args = parse_args(["train", "mess3", "--out", "runs/m3", "n_tokens=1000", "lr=0.01"])
    >>> args.spec, args.out, args.overrides
    ('mess3', 'runs/m3', ['n_tokens=1000', 'lr=0.01'])
    """
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.command != "train":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.overrides = list(getattr(args, "overrides", [])) + extra
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``compmech`` command.

    Examples
    --------
    >>> main(["msp", "rrxor"])
    rrxor(p1=1/2, p2=1/2): 36 beliefs, complete=True
    new beliefs per depth: [1, 2, 4, 8, 12, 7, 2]
    recurrent: 5, transient: 31
    0
    >>> main(["msp", "nope"])
    2
    """
    args = parse_args(argv)
    try:
        args.func(args)
    except CompmechError as exc:
        _error(args, exc)
        return 2
    except OSError as exc:
        _error(args, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 2
    except KeyboardInterrupt:
        print(f"compmech {args.command}: interrupted", file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:
        if exc.name not in ("torch", "filelock") or args.debug:
            raise
        from ..nn import NEEDS_TORCH

        _error(args, f"{NEEDS_TORCH} (missing: {exc.name})")
        return 2
    except MemoryError:
        _error(args, "out of memory; lower the size options (--max-states, --max-words, --depth, -n)")
        return 2
    except Exception as exc:  # a bug of ours: one line, and the traceback on request
        if args.debug:
            raise
        _error(
            args, f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback, and please report it)"
        )
        return 1
    return 0


#: Longest error line printed; a longer message (a quoted input the code forgot to shorten) is cut, saying so.
MAX_ERROR_LINE = 1_000


def one_line(message) -> str:
    """``message`` as one printable line of at most about :data:`MAX_ERROR_LINE` characters.

    Examples
    --------
    >>> one_line("a   long    message")
    'a long message'
    >>> len(one_line("x" * 10**6)) < 1100
    True
    """
    text = " ".join(printable(message).split())  # one line, whatever the message held
    if len(text) > MAX_ERROR_LINE:
        text = f"{text[: MAX_ERROR_LINE - 100]} ... [{len(text) - MAX_ERROR_LINE + 100:,} more characters]"
    return text


def _error(args, message) -> None:
    print(f"compmech {args.command}: error: {one_line(message)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
