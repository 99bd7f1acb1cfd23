"""Inference against exact truth: how often CSSR and BSI find the epsilon-machine, and how far off h_mu and C_mu are.

Run:  python benchmarks/bench_inference.py [--seeds 5] [--sizes 1000,10000,100000,1000000]
              [--peer-python PATH/TO/python-with-sofic] [--figures DIR] [--json FILE]

For every catalog process below, every sample size and every seed: CSSR (one blind setting for all:
max_length 5, future_length 2, alpha 0.001, chi-squared) and, for machines of at most 4 states and
samples of at most 10^5 symbols, Bayesian structural inference (MAP machine over all topologies of at
most 4 states).  Reported: the fraction of seeds whose machine has the exact epsilon-machine's
topology, and the mean and spread of |h_mu - exact| and |C_mu - exact| (bits; the inferred machine's
measures are computed exactly from its rational probabilities).

The peer: with --peer-python, sofic's CSSR (installed in a separate environment only for this:
`python -m venv /tmp/peer && /tmp/peer/bin/pip install sofic`) runs on the same samples (at most 10^5
symbols, two seeds, max_length 5, alpha 0.001, chi2), through benchmarks/_peer_sofic.py; its machines are
compared with ours and with the exact one.  Speed: CSSR on 10^6 binary symbols at max_length 6 on one
thread, target under 5 s, and at least as fast as the peer on the same data.  Exits 1 when a speed
target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from compmech import epsilon_machine, sample  # noqa: E402
from compmech.inference import bayesian_structural_inference, cssr, same_topology  # noqa: E402
from compmech.measures import entropy_rate, statistical_complexity  # noqa: E402
from compmech.processes import even, golden_mean, period, random_hmm, rrxor, z1r  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def processes():
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


def _score(machine, em, h0, C0):
    return (
        bool(same_topology(machine, em)),
        abs(float(entropy_rate(machine)) - h0),
        abs(float(statistical_complexity(machine)) - C0),
    )


def run_grid(sizes, seeds):
    rows = []
    for hmm in processes():
        em = epsilon_machine(hmm)
        h0, C0 = float(entropy_rate(hmm)), float(statistical_complexity(hmm))
        for N in sizes:
            for method in ("cssr", "bsi"):
                if method == "bsi" and (em.n_states > 4 or N > 100_000):
                    continue
                scores = []
                for seed in range(seeds):
                    x = sample(hmm, 1, N, seed=seed)[0]
                    if method == "cssr":
                        m = cssr(x, 5, future_length=2, alphabet=hmm.alphabet).machine
                    else:
                        m = bayesian_structural_inference(
                            x, 4, alphabet=hmm.alphabet, seed=seed, n_samples=10
                        ).map_machine
                    scores.append(_score(m, em, h0, C0))
                ok, dh, dC = (np.array(v, dtype=float) for v in zip(*scores))
                rows.append(
                    {
                        "process": hmm.name,
                        "states": em.n_states,
                        "N": N,
                        "method": method,
                        "isomorphic": float(ok.mean()),
                        "dh_mean": float(dh.mean()),
                        "dh_sd": float(dh.std()),
                        "dC_mean": float(dC.mean()),
                        "dC_sd": float(dC.std()),
                    }
                )
                print(_row_text(rows[-1]), flush=True)
    return rows


def _row_text(r):
    return (
        f"| {r['process']} | {r['states']} | {r['N']:,} | {r['method']} | {r['isomorphic']:.2f} | "
        f"{r['dh_mean']:.1e} +- {r['dh_sd']:.0e} | {r['dC_mean']:.1e} +- {r['dC_sd']:.0e} |"
    )


def peer_compare(peer_python, sizes, seeds=2):
    """sofic's CSSR beside ours on the same samples: agreement and time."""
    out = []
    for hmm in processes():
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
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    names = sorted({r["process"] for r in rows})
    colours = {name: f"C{i}" for i, name in enumerate(names)}
    for method, style in (("cssr", "-o"), ("bsi", "--s")):
        for name in names:
            sel = [r for r in rows if r["process"] == name and r["method"] == method]
            if not sel:
                continue
            N = [r["N"] for r in sel]
            kw = {"color": colours[name], "ms": 4}
            axes[0].plot(N, [r["isomorphic"] for r in sel], style, label=f"{name} ({method})", **kw)
            axes[1].plot(N, [max(r["dh_mean"], floor) for r in sel], style, **kw)
            axes[2].plot(N, [max(r["dC_mean"], floor) for r in sel], style, **kw)
    axes[0].set(xscale="log", xlabel="symbols", ylabel="fraction of seeds", title="exact topology found")
    for ax, what in ((axes[1], "h_mu"), (axes[2], "C_mu")):
        ax.set(xscale="log", yscale="log", xlabel="symbols", ylabel=f"mean |{what} - exact| (bits)")
        ax.axhline(floor, color="0.8", lw=0.8)
        ax.set_title(f"{what} error (exactly 0 drawn at 1e-7)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=4, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    path = os.path.join(folder, "inference_vs_sample_size.png")
    fig.savefig(path, dpi=110)
    print(f"wrote {path}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--peer-python", default=os.environ.get("COMPMECH_PEER_PYTHON"))
    ap.add_argument("--figures", default=None, help="folder for the figure")
    ap.add_argument("--json", default=None, help="write every row as JSON")
    ap.add_argument("--skip-grid", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    ours, peer = speed(args.peer_python)
    ok = ours < 5 and (peer is None or ours <= peer)
    result = {"speed": {"ours_s": ours, "peer_s": peer}}
    if not args.skip_grid:
        print("| process | states | N | method | exact topology | abs(h_mu error) | abs(C_mu error) |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        result["grid"] = run_grid(sizes, args.seeds)
        if args.figures:
            figures(result["grid"], args.figures)
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
