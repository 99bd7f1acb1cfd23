"""``compmech infer``: infer a machine from a sample file or from a sampled catalog process."""

from __future__ import annotations

import os
import stat

import numpy as np

from ..errors import InvalidArgumentError

__all__ = ["add_command", "load_tokens"]

MAX_SAMPLE_BYTES = 2**31


def load_tokens(path: str) -> tuple[np.ndarray, tuple | None]:
    """Tokens (and the alphabet, when stored) of an ``.npz`` written by ``compmech sample``, or of an ``.npy``.

    Only regular files are read, never with pickle; the array must be 1-D or 2-D integers.
    """
    try:
        st = os.stat(path)
    except OSError:
        raise InvalidArgumentError(f"sample file {path}: no such file") from None
    if not stat.S_ISREG(st.st_mode):
        raise InvalidArgumentError(f"sample file {path}: not a regular file")
    if st.st_size > MAX_SAMPLE_BYTES:
        raise InvalidArgumentError(f"sample file {path}: larger than {MAX_SAMPLE_BYTES:,} bytes")
    try:
        loaded = np.load(path, allow_pickle=False)
        if isinstance(loaded, np.ndarray):  # an .npy file: the tokens alone
            tokens, alphabet = loaded, None
        else:
            with loaded as z:
                if "tokens" not in z:
                    raise InvalidArgumentError(f"sample file {path}: no 'tokens' array (write it with compmech sample)")
                tokens = z["tokens"]
                alphabet = tuple(str(a) for a in z["alphabet"]) if "alphabet" in z else None
    except (ValueError, OSError, EOFError) as exc:
        raise InvalidArgumentError(f"sample file {path}: cannot be read ({str(exc)[:200]})") from None
    if tokens.dtype.kind not in "iu" or tokens.ndim not in (1, 2):
        raise InvalidArgumentError(f"sample file {path}: tokens must be a 1-D or 2-D integer array")
    return tokens, alphabet


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


def _cmd_infer(args):
    from ..inference.compare import same_topology
    from ..measures import entropy_rate, statistical_complexity
    from ..models.sampling import sample
    from ..presentations.machines import epsilon_machine
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
        return
    em = epsilon_machine(truth)
    h0, C0 = float(entropy_rate(truth)), float(statistical_complexity(truth))
    print(f"{'':12s} {'inferred':>10s} {'exact':>10s} {'error':>10s}")
    print(f"{'h_mu (bits)':12s} {h:10.6f} {h0:10.6f} {h - h0:+10.2e}")
    print(f"{'C_mu (bits)':12s} {C:10.6f} {C0:10.6f} {C - C0:+10.2e}")
    print(
        f"same topology as the exact epsilon-machine ({em.n_states} states): {'yes' if same_topology(machine, em) else 'no'}"
    )
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
