"""``compmech infer``: infer a machine from a sample file or from a sampled catalog process."""

from __future__ import annotations

import sympy

from ..errors import InvalidArgumentError
from ..inference._samplefile import load_tokens

__all__ = ["add_command", "load_tokens"]


def _infer(args, tokens, alphabet):
    from ..inference.bsi import bayesian_structural_inference
    from ..inference.cssr import cssr

    if args.method == "cssr":
        r = cssr(
            tokens,
            args.max_length,
            alpha=args.alpha,
            test=args.test,
            future_length=args.future_length,
            alphabet=alphabet,
        )
        return (
            r.machine,
            f"CSSR (max_length {args.max_length}, alpha {args.alpha}, {args.test}, future {args.future_length})",
            r,
        )
    if tokens.ndim == 2 and tokens.shape[0] != 1:
        raise InvalidArgumentError(
            f"--method bsi reads one sequence (its start state is a model parameter); the sample holds "
            f"{tokens.shape[0]} sequences: use --method cssr, or a sample of one sequence"
        )
    seq = tokens.reshape(-1)
    r = bayesian_structural_inference(seq, max_states=args.max_states, alphabet=alphabet, seed=args.seed)
    return r.map_machine, f"BSI MAP machine (posterior {r.map_probability:.4f}, up to {args.max_states} states)", r


def _print_machine(machine, counts=None) -> None:
    for i, s in enumerate(machine.states):
        for a, m in machine.matrices.items():
            for j, t in enumerate(machine.states):
                if m[i, j] != 0:
                    extra = ""
                    if counts is not None:
                        extra = f"  ({int(counts[i][machine.alphabet.index(a)])} of {int(counts[i].sum())})"
                    print(f"  {s} --{a}--> {t}  p = {m[i, j]}{extra}")


def _compare(truth, machine, h: float, C: float) -> None:
    """The inferred machine against the exact process: exact values where they exist, certified bounds or
    "infinite" where they do not, and the topology only when the exact machine is finite."""
    from ..errors import InfiniteStatesError
    from ..inference.compare import same_topology
    from ..measures import Interval, entropy_rate, statistical_complexity
    from ..presentations.machines import epsilon_machine

    def row(label: str, inferred: float, exact) -> None:
        if isinstance(exact, Interval):
            lo, hi = float(exact.lower), float(exact.upper)
            err = 0.0 if lo <= inferred <= hi else (inferred - hi if inferred > hi else inferred - lo)
            print(
                f"{label:12s} {inferred:10.6f} in [{lo:.6f}, {hi:.6f}] {err:+10.2e}  (certified bounds: no exact value)"
            )
        elif exact is None:
            print(f"{label:12s} {inferred:10.6f} {'infinite':>10s} {'-':>10s}  (infinitely many causal states)")
        else:
            print(f"{label:12s} {inferred:10.6f} {float(exact):10.6f} {inferred - float(exact):+10.2e}")

    h0 = entropy_rate(truth)
    try:
        C0 = statistical_complexity(truth)
        finite = C0 is not sympy.oo
    except InfiniteStatesError:
        C0, finite = None, False
    print(f"{'':12s} {'inferred':>10s} {'exact':>10s} {'error':>10s}")
    row("h_mu (bits)", h, h0)
    row("C_mu (bits)", C, C0 if finite else None)
    if finite:
        em = epsilon_machine(truth)
        same = "yes" if same_topology(machine, em) else "no"
        print(f"same topology as the exact epsilon-machine ({em.n_states} states): {same}")
    else:
        proven = "proven" if C0 is sympy.oo else "not within the exact budget of beliefs"
        print(
            f"same topology as the exact epsilon-machine: not comparable, the exact process has infinitely many "
            f"causal states ({proven}); a finite inferred machine can only approximate it (h_mu is compared above)"
        )


def _cmd_infer(args):
    from ..measures import entropy_rate, statistical_complexity
    from ..models.sampling import sample
    from ..spec import parse_spec

    truth = None
    if args.input.endswith((".npz", ".npy")):
        tokens, alphabet = load_tokens(args.input)
        if args.truth:
            truth = parse_spec(args.truth)
    else:
        truth = parse_spec(args.input)
        tokens, alphabet = sample(truth, 1, args.length, seed=args.seed), truth.alphabet
    if truth is not None and (alphabet is None or tuple(alphabet) == tuple(str(a) for a in truth.alphabet)):
        alphabet = truth.alphabet  # the file stores the symbols as text
    machine, label, result = _infer(args, tokens, alphabet)
    print(f"{label}: {machine.n_states} states from {tokens.size:,} symbols")
    _print_machine(machine, getattr(result, "counts", None))
    h, C = float(entropy_rate(machine)), float(statistical_complexity(machine))
    if truth is None:
        print(f"inferred: h_mu = {h:.6f}, C_mu = {C:.6f} bits")
    else:
        _compare(truth, machine, h, C)
    if args.method == "bsi":
        lo, hi = result.credible["h_mu"]
        clo, chi = result.credible["C_mu"]
        print(f"95 % credible intervals: h_mu [{lo:.6f}, {hi:.6f}], C_mu [{clo:.6f}, {chi:.6f}]")


def add_command(sub, positive, nonnegative) -> None:
    p = sub.add_parser("infer", help="infer an epsilon-machine from data (CSSR or Bayesian structural inference)")
    p.add_argument("input", help="SAMPLE.npz / .npy (from compmech sample), or a SPEC to sample first")
    p.add_argument("--method", choices=["cssr", "bsi"], default="cssr")
    p.add_argument("--length", type=positive, default=100_000, help="symbols sampled from a SPEC (default 100,000)")
    p.add_argument("--seed", type=nonnegative, default=0)
    p.add_argument("--truth", help="with a sample file: the SPEC it came from, to compare with")
    p.add_argument("--max-length", type=nonnegative, default=4, help="CSSR: longest history (default 4)")
    p.add_argument("--alpha", type=float, default=0.001, help="CSSR: significance level (default 0.001)")
    p.add_argument("--test", choices=["chi2", "ks"], default="chi2")
    p.add_argument("--future-length", type=positive, default=1, help="CSSR: next symbols compared (default 1)")
    p.add_argument("--max-states", type=positive, default=4, help="BSI: largest topology (default 4)")
    p.set_defaults(func=_cmd_infer)
