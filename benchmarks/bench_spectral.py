"""Speed of the exact spectral closed forms: gamma(10^6) and the power spectrum of a 50-state machine.

Run:  python benchmarks/bench_spectral.py [--repeat N] [--lag L] [--seed S]

1. ``gamma(L)`` at ``L = 10**6`` for the golden mean and Mess3, two ways: ``autocorrelation`` (``x^(L-1)``
   modulo the characteristic polynomial, integer squarings) and the closed form of
   ``autocorrelation_function`` (traces over the factors); prints the times and the number of digits
   of the exact value's numerator and denominator, and checks that the two agree.
2. ``power_spectrum`` of ``random_hmm(50, 2, seed=S, unifilar=True)``: the time, the factors of the
   characteristic polynomial seen, the lines, and Parseval's identity checked exactly (the integral of
   the continuous part by residues, plus the line weights, equals the variance); then
   ``autocorrelation_function`` and ``gamma(10**4)`` both ways for the same machine.

Exits non-zero when two exact values disagree.  Timings are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

from _timing import best  # noqa: E402

from compmech.measures import autocorrelation, autocorrelation_function, power_spectrum  # noqa: E402
from compmech.processes import golden_mean, mess3, random_hmm  # noqa: E402


def digits(n: int) -> int:
    """Decimal digits of ``|n|``, exactly."""
    n = abs(int(n))
    d = max(1, int(n.bit_length() * 0.30102999566398120))  # a lower estimate, corrected below
    while n >= 10**d:
        d += 1
    while d > 1 and n < 10 ** (d - 1):
        d -= 1
    return d


def lag_benchmark(hmm, lag: int, repeat: int) -> bool:
    t_direct, direct = best(lambda: autocorrelation(hmm, lag), repeat)
    t_build, g = best(lambda: autocorrelation_function(hmm), repeat)
    t_closed, closed = best(lambda: g(lag), repeat)
    ok = direct == closed
    print(
        f"{hmm.name}: gamma({lag:,}) has {digits(direct.p):,} / {digits(direct.q):,} digits; "
        f"autocorrelation {t_direct:.3f} s, closed form {t_build:.3f} s to build + {t_closed:.3f} s to evaluate; "
        f"{'equal' if ok else 'DIFFERENT'}  [gamma(L) = {g.expr if hmm.n_states <= 3 else '...'}]"
    )
    return ok


def spectrum_benchmark(seed: int, repeat: int) -> bool:
    hmm = random_hmm(50, 2, seed=seed, unifilar=True)
    t_spec, s = best(lambda: power_spectrum(hmm), repeat)
    t_int, power = best(s.continuous_power, repeat)
    parseval = power + sum(w for _, w in s.deltas) == s.variance
    print(
        f"{hmm.name}: power_spectrum {t_spec:.3f} s (continuous part of degree {len(s.denominator) - 1} in cos omega, "
        f"{len(s.deltas)} lines); integral by residues {t_int:.3f} s; Parseval exact: {parseval}"
    )
    t_build, g = best(lambda: autocorrelation_function(hmm), repeat)
    factors = [(c.factor.degree(), c.multiplicity) for c in g.sequence.components]
    t_direct, direct = best(lambda: autocorrelation(hmm, 10**4), repeat)
    t_closed, closed = best(lambda: g(10**4), repeat)
    print(
        f"  autocorrelation_function {t_build:.3f} s (factors (degree, multiplicity) {factors}, valid from L = "
        f"{g.valid_from}); gamma(10,000) ({digits(direct.q):,} digits): autocorrelation {t_direct:.3f} s, "
        f"closed form {t_closed:.3f} s, {'equal' if direct == closed else 'DIFFERENT'}"
    )
    return parseval and direct == closed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--lag", type=int, default=10**6)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    ok = all([lag_benchmark(h, args.lag, args.repeat) for h in (golden_mean(), mess3())])
    ok = spectrum_benchmark(args.seed, args.repeat) and ok
    print("all exact values agree" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
