"""Every measure of every process of a peer library's catalog answers or refuses within 2 s (issue #20).

Run:  python benchmarks/bench_catalog.py [--peer-python /tmp/sofic_env/bin/python]

The peer (sofic, installed in its own environment: ``python -m venv /tmp/sofic_env &&
/tmp/sofic_env/bin/pip install sofic``) exports its catalog with ``_peer_sofic_catalog.py``: the 51
processes that take no argument and are HMMs.  Each is read here with ``HMM.from_float`` (its float
probabilities are simple fractions: 1/2, 2/3, ...), and each of the 11 measures of ``compmech
measures`` runs at default settings on a fresh copy with the caches cleared.  Target: the slowest
measure of every process under 2 s (an answer, or InfiniteStatesError).  Prints the slowest ten and
exits non-zero when a target is missed.  Without the peer environment it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import compmech as cm  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_workloads import MEASURES, clear_caches, timed  # noqa: E402


def catalog(peer_python: str) -> list:
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_peer_sofic_catalog.py")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "catalog.json")
        subprocess.run([peer_python, script, path], check=True, capture_output=True, cwd=tmp)
        with open(path) as f:
            return json.load(f)


def to_hmm(entry: dict) -> cm.HMM:
    n, states, alphabet = len(entry["states"]), entry["states"], entry["alphabet"]
    T = {a: [[0.0] * n for _ in range(n)] for a in alphabet}
    for s, t, a, p in entry["edges"]:
        T[a][states.index(s)][states.index(t)] += p
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rows rounded by the peer are renormalized exactly
        return cm.HMM.from_float(T, states=states, name=entry["name"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peer-python", default="/tmp/sofic_env/bin/python")
    args = ap.parse_args()
    if not os.path.exists(args.peer_python):
        print(f"peer environment not found ({args.peer_python}); nothing measured")
        return 0
    rows = []
    for entry in catalog(args.peer_python):
        hmm = to_hmm(entry)
        clear_caches()
        times = [(timed(fn, hmm), fn.__name__) for fn in MEASURES]
        (t, outcome), name = max(times)
        total = sum(tt for (tt, _), _ in times)
        refused = sum(o != "answer" for (_, o), _ in times)
        rows.append((t, entry["name"], hmm.n_states, name, outcome, total, refused))
    rows.sort(reverse=True)
    print(f"{len(rows)} processes of the peer's catalog, 11 measures each at default settings")
    print(
        f"{'process':28s} {'states':>6s}  {'slowest measure':32s} {'s':>7s}  outcome                 table s  refused"
    )
    for t, name, n, measure, outcome, total, refused in rows[:10]:
        print(f"{name:28s} {n:6d}  {measure:32s} {t:7.3f}  {outcome:22s} {total:7.3f}  {refused}")
    worst = rows[0][0]
    ok = worst < 2.0
    print(
        f"\nslowest measure over the catalog: {worst:.3f} s (target < 2); whole catalog {sum(r[5] for r in rows):.1f} s"
    )
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
