"""Exports the peer library's process catalog (sofic, in its own environment) for bench_catalog.py.

Usage (with the peer environment's python):  python _peer_sofic_catalog.py OUT.json
Writes, for every catalog process that takes no required argument, is a (Mealy) HMM and is not
random: its name, states, alphabet and edges (source, target, symbol, float probability).
This file is run only by the benchmark, in the peer's own environment; compmech never imports it.
"""

import inspect
import json
import sys

import sofic.examples.processes as P

out = []
for name, fn in inspect.getmembers(P, inspect.isfunction):
    if name.startswith("_") or fn.__module__ != P.__name__ or name.startswith("Random"):
        continue
    params = inspect.signature(fn).parameters.values()
    if any(p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        continue
    try:
        m = fn()
        edges = [
            (str(t.source), str(t.target), str(t.data["emission"]), float(t.data["prob"])) for t in m.transitions()
        ]
    except Exception as exc:  # GHMMs, transducers: not an HMM with emissions and probabilities
        print(f"skip {name}: {type(exc).__name__}", file=sys.stderr)
        continue
    states = [str(s) for s in m.states()]
    alphabet = sorted({e[2] for e in edges})
    out.append({"name": name, "states": states, "alphabet": alphabet, "edges": edges})
with open(sys.argv[1], "w") as f:
    json.dump(out, f)
print(len(out))
