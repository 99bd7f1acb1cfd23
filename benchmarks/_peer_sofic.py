"""Runs the peer's CSSR (sofic, installed in a separate environment) for bench_inference.py.

Usage (with the peer environment's python):  python _peer_sofic.py SAMPLE.npy MAX_LENGTH
Prints one JSON line: the number of states and edges of sofic's machine, and the seconds it took.
This file is run only by the benchmark, in the peer's own environment; compmech never imports it.
"""

import json
import sys
import time

import numpy as np
from sofic.generators.epsilon_inference import cssr

x = np.load(sys.argv[1], allow_pickle=False).tolist()
t = time.perf_counter()
machine = cssr(x, Lmax=int(sys.argv[2]), alpha=0.001, test="chi2")
seconds = time.perf_counter() - t
states = list(machine.states())
edges = len(list(machine.transitions()))
print(json.dumps({"n_states": len(states), "edges": edges, "seconds": seconds}))
