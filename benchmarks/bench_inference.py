"""Inference against exact truth: how often CSSR and BSI find the epsilon-machine, how far off h_mu and C_mu are, and how fast the errors fall.

Run:  python benchmarks/bench_inference.py [--seeds 5] [--sizes 1000,3000,...,1000000]
              [--bsi-sizes 1000,10000,100000] [--bsi-seeds 3] [--jobs 2]
              [--peer-python PATH/TO/python-with-sofic] [--figures DIR] [--json FILE] [--markdown FILE]
      python benchmarks/bench_inference.py --replot FILE.json [--figures DIR] [--markdown FILE]

Two sets of processes.  The *tuning set* (the first eight) is the one on which compmech's CSSR
additions (successor resolution, minimization) and the blind setting below were developed and chosen;
its numbers are in-sample.  The *held-out set* was added afterwards and was not used to choose
anything: the golden mean and the even process away from p = 1/2, the simple nonunifilar source (no
finite epsilon-machine), two random binary unifilar machines and a random ternary one with fixed seeds.

For every process, seed and sample size: CSSR, blind (one setting for all: max_length 5, future_length
2, alpha 0.001, chi-squared); and, for binary machines of at most 4 states, samples of at most 10^5
symbols and the first --bsi-seeds seeds (about 2 s a run), Bayesian structural inference, which is
*given* the candidate class (the MAP machine over all 1,476 binary topologies of at most 4 states, a
class that holds the truth except for the SNS). Reported: the fraction of seeds whose machine has the
exact epsilon-machine's topology, and the mean and spread of |h_mu - exact| and |C_mu - exact| (bits;
the inferred machine's measures are computed exactly from its rational probabilities). The SNS has no
exact C_mu or topology to compare with, and its h_mu is the midpoint of a certified interval of width <
1e-6.

Rates: for each process, method and measure, the least-squares slope of log(mean error) against
log(N), over the sizes at which every seed found the exact topology and the error is not exactly 0
(for the SNS: every size), with its standard error; printed, and written with --markdown.

Samples: each seed draws 10 independent stationary sequences of 10^5 symbols; a size N <= 10^5 is the
first N symbols of the first sequence (BSI reads one sequence), a larger N is the first N / 10^5
sequences (CSSR reads a batch; its histories never straddle two sequences).

The peer: with --peer-python, sofic's CSSR (installed in a separate environment only for this:
`python -m venv /tmp/peer && /tmp/peer/bin/pip install sofic`) and ours run on the same samples of the
tuning set (one sequence each, at most 10^5 symbols, two seeds, max_length 5, alpha 0.001, chi2), through
benchmarks/_peer_sofic.py; its machines are compared with ours and with the exact one.  Speed: CSSR
on 10^6 binary symbols at max_length 6 on one thread, target under 5 s, and at least as fast as the
peer on the same data.  Exits 1 when a speed target is missed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sympy  # noqa: E402

from compmech import epsilon_machine, sample  # noqa: E402
from compmech.errors import CompmechError  # noqa: E402
from compmech.inference import bayesian_structural_inference, cssr, same_topology  # noqa: E402
from compmech.measures import Interval, entropy_rate, statistical_complexity  # noqa: E402
from compmech.processes import even, golden_mean, period, random_hmm, rrxor, sns, z1r  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CHUNK = 100_000  # length of each sampled sequence
BSI_MAX_STATES = 4


def tuning_set():
    """The processes the CSSR additions and the blind setting were developed on (in-sample)."""
    return [
        golden_mean(),
        even(),
        rrxor(),
        z1r(),
        period([0, 0, 1, 1]),
        period([0, 0, 1, 0, 1]),
        random_hmm(4, 2, seed=1, unifilar=True, synchronizing=True),
        random_hmm(5, 2, seed=2, unifilar=True, synchronizing=True),
    ]


def held_out_set():
    """Processes added after the tuning, used to choose nothing."""
    q = sympy.Rational
    return [
        golden_mean(q(1, 4)),
        even(q(1, 3)),
        sns(),
        random_hmm(3, 2, seed=7, unifilar=True, synchronizing=True),
        random_hmm(4, 2, seed=5, unifilar=True, synchronizing=True),
        random_hmm(3, 3, seed=3, unifilar=True, synchronizing=True),
    ]


def processes():
    """``[(hmm, "tuning" or "held-out"), ...]``."""
    return [(h, "tuning") for h in tuning_set()] + [(h, "held-out") for h in held_out_set()]


def reference(hmm):
    """``(epsilon-machine or None, h_mu, C_mu or None)``: exact where the epsilon-machine is finite."""
    try:
        em = epsilon_machine(hmm, max_states=2_000)
    except CompmechError:
        em = None
    h = entropy_rate(hmm)
    h0 = float(h.midpoint) if isinstance(h, Interval) else float(h)
    C0 = float(statistical_complexity(hmm)) if em is not None else None
    return em, h0, C0


def _data(batch, N):
    """The first ``N`` symbols of the first sequence, or the first ``N / CHUNK`` sequences."""
    length = batch.shape[1]
    if length >= N:
        return batch[0, :N]
    return batch[: N // length]


def _score(machine, em, h0, C0):
    return (
        None if em is None else bool(same_topology(machine, em)),
        abs(float(entropy_rate(machine)) - h0),
        None if C0 is None else abs(float(statistical_complexity(machine)) - C0),
    )


def _bsi_applies(hmm, em) -> bool:
    return hmm.n_symbols == 2 and (em is None or em.n_states <= BSI_MAX_STATES)


def _one_seed(task):
    """Every (method, size) score of one process and one seed (run in a worker)."""
    index, seed, sizes, bsi_sizes, bsi_seeds = task
    hmm, _ = processes()[index]
    em, h0, C0 = reference(hmm)
    batch = sample(hmm, max(1, max(sizes) // CHUNK), min(CHUNK, max(sizes)), seed=seed)
    out = {}
    for N in sizes:
        m = cssr(_data(batch, N), 5, future_length=2, alphabet=hmm.alphabet).machine
        out[("cssr", N)] = _score(m, em, h0, C0)
    if seed < bsi_seeds and _bsi_applies(hmm, em):
        for N in bsi_sizes:
            r = bayesian_structural_inference(
                _data(batch, N), BSI_MAX_STATES, alphabet=hmm.alphabet, seed=seed, n_samples=10
            )
            out[("bsi", N)] = _score(r.map_machine, em, h0, C0)
    return index, seed, out


def _mean_sd(values):
    if any(v is None for v in values):
        return None, None
    a = np.array(values, dtype=float)
    return float(a.mean()), float(a.std())


def run_grid(sizes, bsi_sizes, seeds, bsi_seeds=None, jobs=1):
    """One row per (process, method, size); BSI on the first ``bsi_seeds`` seeds (it costs ~2 s a run)."""
    procs = processes()
    bsi_seeds = seeds if bsi_seeds is None else min(bsi_seeds, seeds)
    tasks = [(i, s, sizes, bsi_sizes, bsi_seeds) for i in range(len(procs)) for s in range(seeds)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_one_seed, tasks))
    else:
        results = [_one_seed(t) for t in tasks]
    by = {}
    for index, _, out in results:
        for key, score in out.items():
            by.setdefault((index, *key), []).append(score)
    rows = []
    for i, (hmm, group) in enumerate(procs):
        em = reference(hmm)[0]
        for method in ("cssr", "bsi"):
            for N in sizes if method == "cssr" else bsi_sizes:
                scores = by.get((i, method, N))
                if not scores:
                    continue
                ok, dh, dC = zip(*scores)
                dh_mean, dh_sd = _mean_sd(dh)
                dC_mean, dC_sd = _mean_sd(dC)
                rows.append(
                    {
                        "process": hmm.name,
                        "set": group,
                        "states": None if em is None else em.n_states,
                        "N": N,
                        "method": method,
                        "isomorphic": None if ok[0] is None else float(np.mean(ok)),
                        "dh_mean": dh_mean,
                        "dh_sd": dh_sd,
                        "dC_mean": dC_mean,
                        "dC_sd": dC_sd,
                    }
                )
                print(_row_text(rows[-1]), flush=True)
    return rows


def _num(v, fmt):
    return "-" if v is None else format(v, fmt)


def _row_text(r):
    return (
        f"| {r['process']} | {r['set']} | {_num(r['states'], 'd')} | {r['N']:,} | {r['method']} | "
        f"{_num(r['isomorphic'], '.2f')} | {_num(r['dh_mean'], '.1e')} +- {_num(r['dh_sd'], '.0e')} | "
        f"{_num(r['dC_mean'], '.1e')} +- {_num(r['dC_sd'], '.0e')} |"
    )


def fit_slope(N, err):
    """Least-squares slope of ``log err`` against ``log N``, its standard error, and the points used.

    Returns ``(slope, stderr or None, n_points)``; ``None`` for the slope with fewer than 3 points.
    """
    x, y = np.log(np.asarray(N, dtype=float)), np.log(np.asarray(err, dtype=float))
    n = len(x)
    if n < 3:
        return None, None, n
    xc = x - x.mean()
    slope = float(xc @ (y - y.mean()) / (xc @ xc))
    resid = y - y.mean() - slope * xc
    se = math.sqrt(float(resid @ resid) / (n - 2) / float(xc @ xc))
    return slope, se, n


def fit_rates(rows):
    """The error's power law in N for every (process, method, measure) with enough usable sizes."""
    fits = []
    keys = list(dict.fromkeys((r["process"], r["set"], r["method"]) for r in rows))  # the grid's order
    for process, group, method in keys:
        sel = [r for r in rows if (r["process"], r["method"]) == (process, method)]
        fit = {"process": process, "set": group, "method": method}
        for what in ("dh", "dC"):
            use = [
                r
                for r in sel
                if r[f"{what}_mean"] is not None and r[f"{what}_mean"] > 0 and r["isomorphic"] in (None, 1.0)
            ]
            slope, se, n = fit_slope([r["N"] for r in use], [r[f"{what}_mean"] for r in use])
            sizes = f"{_power(use[0]['N'])}..{_power(use[-1]['N'])}" if use else ""
            exact_zero = bool(sel) and all(r[f"{what}_mean"] == 0 for r in sel)
            fit[what] = {"slope": slope, "stderr": se, "points": n, "sizes": sizes, "exact_zero": exact_zero}
        fits.append(fit)
    return fits


def _power(N: int) -> str:
    """``10^4`` or ``3x10^4``."""
    mantissa, exponent = f"{N:.0e}".split("e")
    return f"10^{int(exponent)}" if mantissa == "1" else f"{mantissa}x10^{int(exponent)}"


def _slope_text(f):
    if f["exact_zero"]:
        return "exact (0)"
    if f["slope"] is None:
        return f"- ({f['points']} sizes)"
    return f"{f['slope']:+.2f} +- {f['stderr']:.2f} ({f['points']} sizes, {f['sizes']})"


def rates_table(fits) -> str:
    lines = [
        "| process | set | method | h_mu error ~ N^slope | C_mu error ~ N^slope |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in fits:
        lines.append(
            f"| {f['process']} | {f['set']} | {f['method'].upper()} | {_slope_text(f['dh'])} | {_slope_text(f['dC'])} |"
        )
    return "\n".join(lines)


def _cell(r):
    iso = "-" if r["isomorphic"] is None else f"{r['isomorphic']:.1f}"
    return f"{iso}; {_num(r['dh_mean'], '.0e')}; {_num(r['dC_mean'], '.0e')}"


def grid_table(rows, columns) -> str:
    """The page's table: one row per (process, method), one column per size in ``columns``."""
    head = "| process (exact states) | set | method | " + " | ".join(_power(N) for N in columns)
    lines = [head + " |", "| --- " * (3 + len(columns)) + "|"]
    seen = []
    for r in rows:
        key = (r["process"], r["method"])
        if key not in seen:
            seen.append(key)
    for process, method in seen:
        sel = {r["N"]: r for r in rows if (r["process"], r["method"]) == (process, method)}
        any_row = next(iter(sel.values()))
        states = "infinite" if any_row["states"] is None else any_row["states"]
        cells = [_cell(sel[N]) if N in sel else "-" for N in columns]
        lines.append(f"| {process} ({states}) | {any_row['set']} | {method.upper()} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def peer_compare(peer_python, sizes, seeds=2):
    """sofic's CSSR beside ours on the same samples (the tuning set): agreement and time."""
    out = []
    for hmm in tuning_set():
        em = epsilon_machine(hmm)
        for N in [n for n in sizes if n <= 100_000]:
            for seed in range(seeds):
                x = sample(hmm, 1, N, seed=seed)[0]
                t = time.perf_counter()
                ours = cssr(x, 5, alphabet=hmm.alphabet)
                t_ours = time.perf_counter() - t
                peer = _run_peer(peer_python, x, 5)
                out.append(
                    {
                        "process": hmm.name,
                        "N": N,
                        "seed": seed,
                        "ours_states": ours.machine.n_states,
                        "ours_exact_topology": bool(same_topology(ours.machine, em)),
                        "peer_states": peer["n_states"],
                        "peer_exact_topology": peer["n_states"] == em.n_states and peer.get("edges") == _edge_count(em),
                        "same_state_count": ours.machine.n_states == peer["n_states"],
                        "ours_s": t_ours,
                        "peer_s": peer["seconds"],
                    }
                )
                r = out[-1]
                print(
                    f"| {hmm.name} | {N:,} | {seed} | {r['ours_states']} ({r['ours_s']:.2f} s) | "
                    f"{r['peer_states']} ({r['peer_s']:.2f} s) | {em.n_states} |",
                    flush=True,
                )
    return out


def _edge_count(hmm):
    return int(sum((m != 0).sum() if hasattr(m, "sum") else sum(1 for v in m if v != 0) for m in hmm.to_numpy()))


def _run_peer(peer_python, x, L):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "x.npy")
        np.save(path, x)
        res = subprocess.run(
            [peer_python, os.path.join(HERE, "_peer_sofic.py"), path, str(L)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    return json.loads(res.stdout.strip().splitlines()[-1])


def speed(peer_python):
    x = sample(golden_mean(), 1, 10**6, seed=0)[0]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        cssr(x, 6)
        times.append(time.perf_counter() - t)
    ours = min(times)
    print(f"CSSR, golden mean, 10^6 symbols, max_length 6, one thread: {ours:.2f} s (target < 5 s)")
    peer = None
    if peer_python:
        peer = _run_peer(peer_python, x, 6)["seconds"]
        print(f"  sofic's CSSR on the same data: {peer:.2f} s ({peer / ours:.1f}x ours)")
    return ours, peer


def figures(rows, folder):
    """Three panels against sample size; errors on log axes, exact zeros drawn at 1e-7 (marked)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor = 1e-7
    fig, axes = plt.subplots(1, 3, figsize=(15, 5.2))
    names = list(dict.fromkeys(r["process"] for r in rows))
    colours = {name: plt.get_cmap("tab20")(i % 20) for i, name in enumerate(names)}
    for method, style in (("cssr", "-o"), ("bsi", "--s")):
        for name in names:
            sel = [r for r in rows if r["process"] == name and r["method"] == method]
            if not sel:
                continue
            N = [r["N"] for r in sel]
            kw = {"color": colours[name], "ms": 4}
            held = " held-out" if sel[0]["set"] == "held-out" else ""
            iso = [(n, r["isomorphic"]) for n, r in zip(N, sel) if r["isomorphic"] is not None]
            if iso:
                axes[0].plot(*zip(*iso), style, **kw)
            axes[1].plot(N, [max(r["dh_mean"], floor) for r in sel], style, label=f"{name} ({method}{held})", **kw)
            dC = [(n, max(r["dC_mean"], floor)) for n, r in zip(N, sel) if r["dC_mean"] is not None]
            if dC:
                axes[2].plot(*zip(*dC), style, **kw)
    axes[0].set(xscale="log", xlabel="symbols", ylabel="fraction of seeds", title="exact topology found")
    for ax, what in ((axes[1], "h_mu"), (axes[2], "C_mu")):
        ax.set(xscale="log", yscale="log", xlabel="symbols", ylabel=f"mean |{what} - exact| (bits)")
        ax.axhline(floor, color="0.8", lw=0.8)
        ax.set_title(f"{what} error (exactly 0 drawn at 1e-7)")
    for slope, ls in ((-0.5, ":"), (-1.0, "-.")):  # reference slopes
        ax = axes[1]
        x0, x1 = min(r["N"] for r in rows), max(r["N"] for r in rows)
        ax.plot([x0, x1], [3e-2, 3e-2 * (x1 / x0) ** slope], ls, color="k", lw=0.8, label=f"N^{slope:g}")
    fig.legend(*axes[1].get_legend_handles_labels(), loc="lower center", ncol=4, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.24, 1, 1))
    path = os.path.join(folder, "inference_vs_sample_size.png")
    fig.savefig(path, dpi=110)
    print(f"wrote {path}")


def _outputs(grid, rates, args) -> None:
    """The figure (--figures) and the page's two tables (--markdown)."""
    if args.figures:
        figures(grid, args.figures)
    if args.markdown:
        sizes = sorted({r["N"] for r in grid})
        columns = [n for n in sizes if n in (1000, 10_000, 100_000, 1_000_000)] or sizes
        with open(args.markdown, "w") as f:
            f.write(grid_table(grid, columns) + "\n\n" + rates_table(rates) + "\n")
        print(f"wrote {args.markdown}")


def _sizes(text, name):
    sizes = sorted({int(v) for v in text.split(",")})
    bad = [n for n in sizes if n < 1 or (n > CHUNK and n % CHUNK)]
    if bad:
        raise SystemExit(f"--{name}: sizes above {CHUNK:,} must be multiples of it, got {bad}")
    return sizes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--sizes", default="1000,3000,10000,30000,100000,300000,1000000", help="CSSR sample sizes")
    ap.add_argument("--bsi-sizes", default="1000,10000,100000", help=f"BSI sample sizes (at most {CHUNK:,})")
    ap.add_argument("--bsi-seeds", type=int, default=3, help="seeds for BSI (the first of --seeds)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the grid")
    ap.add_argument("--peer-python", default=os.environ.get("COMPMECH_PEER_PYTHON"))
    ap.add_argument("--figures", default=None, help="folder for the figure")
    ap.add_argument("--json", default=None, help="write every row as JSON")
    ap.add_argument("--markdown", default=None, help="write the page's tables (grid and fitted rates)")
    ap.add_argument("--skip-grid", action="store_true")
    ap.add_argument("--replot", default=None, help="rebuild --figures and --markdown from a --json file; run nothing")
    args = ap.parse_args(argv)
    if args.replot:
        with open(args.replot) as f:
            grid = json.load(f)["grid"]
        _outputs(grid, fit_rates(grid), args)
        return 0
    sizes = _sizes(args.sizes, "sizes")
    bsi_sizes = [n for n in _sizes(args.bsi_sizes, "bsi-sizes") if n <= min(CHUNK, max(sizes))]
    ours, peer = speed(args.peer_python)
    ok = ours < 5 and (peer is None or ours <= peer)
    result = {"speed": {"ours_s": ours, "peer_s": peer}}
    if not args.skip_grid:
        t = time.perf_counter()
        print("| process | set | states | N | method | exact topology | abs(h_mu error) | abs(C_mu error) |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        result["grid"] = run_grid(sizes, bsi_sizes, args.seeds, args.bsi_seeds, args.jobs)
        result["rates"] = fit_rates(result["grid"])
        print(rates_table(result["rates"]))
        print(f"grid: {time.perf_counter() - t:.0f} s with {args.jobs} worker(s)")
        _outputs(result["grid"], result["rates"], args)
    if args.peer_python:
        print("| process | N | seed | ours: states (time) | sofic: states (time) | exact states |")
        print("| --- | --- | --- | --- | --- | --- |")
        result["peer"] = peer_compare(args.peer_python, sizes)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    print("all speed targets met" if ok else "FAILED: a speed target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
