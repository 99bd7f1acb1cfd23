"""Exports the peer library's h, C_mu and E for its catalog: the measures fixture of issue #31.

Regenerate (in the peer's own environment, never compmech's; a few minutes):
    python3 -m venv /tmp/sofic_env && /tmp/sofic_env/bin/pip install sofic==0.2.1 sympy
    /tmp/sofic_env/bin/python benchmarks/_peer_sofic_measures.py tests/data/sofic_catalog_measures.json.gz

For every constructor and setting of ``_peer_sofic_words.SETTINGS`` (the processes of the word fixture
``sofic_catalog_words.json.gz``, same ``module``/``name``/``setting``/``params``), it asks sofic 0.2.1 for
its epsilon-machine and three measures, as floats (bits), and records how sofic got each one:

- ``eps``: ``EpsilonMachine.from_hmm(m)`` (sofic's ``build_epsilon_machine``: the input made unifilar by
  sofic's mixed-state presentation when it is not, its recurrent part kept, then Hopcroft-style merging of
  probabilistically equivalent states).  Nonunifilar inputs whose mixed states do not close (sofic stops
  at 10,000 beliefs) or that take longer than ``LIMIT`` seconds get ``null`` values and an ``error``;
- ``h``: ``eps.entropy_rate()``: sofic's ``entropy_rate_hmm``, the branching entropy
  ``H[S, X] - H[S]`` under the stationary law of the unifilar machine (float64 linear algebra and dit);
- ``C_mu``: ``eps.statistical_complexity()``: the Shannon entropy of sofic's stationary law on the
  merged states;
- ``E``: ``eps.excess_entropy()``, which is ``I[S+; S-]`` on sofic's bidirectional machine
  (``E_method: "bidirectional"``), or, where that construction fails, ``H(R) - R h`` at the Markov order
  ``R`` (``"block entropy at the Markov order"``); which one applied is found by calling the
  bidirectional construction first.

GHMMs (``kind: "ghmm"``) get no values: sofic has no entropy rate for signed weights.  Also recorded:
``given_states`` (sofic's presentation), ``eps_states``, ``unifilar`` (the given presentation),
``seconds``.  This file is run only in the peer's environment; compmech never imports it.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import math
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _peer_sofic_words import SKIPPED, export_all, shown  # noqa: E402
from sofic.generators.base import QuasiStochasticModel  # noqa: E402
from sofic.generators.epsilon_machine import EpsilonMachine  # noqa: E402

LIMIT = 60  # seconds for one process (sofic's own mixed-state budget usually refuses sooner)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _float(v):
    x = float(v)
    return x if math.isfinite(x) else None


def measures(m) -> dict:
    out: dict = {"given_states": len(list(m.states())), "unifilar": bool(m.is_unifilar())}
    eps = EpsilonMachine.from_hmm(m)
    out["eps_states"] = len(list(eps.states()))
    out["h"] = _float(eps.entropy_rate())
    out["h_method"] = "entropy_rate_hmm: H[S,X] - H[S] on sofic's epsilon-machine"
    out["C_mu"] = _float(eps.statistical_complexity())
    out["C_mu_method"] = "state_entropy of sofic's epsilon-machine (build_epsilon_machine)"
    try:
        bidirectional = eps.to_bidirectional()
        out["E"] = _float(bidirectional.excess_entropy())
        out["E_method"] = "bidirectional: I[S+; S-] on sofic's bidirectional machine"
    except _Timeout:
        raise
    except Exception as exc:  # sofic's own fallback, as in EpsilonMachine.excess_entropy
        order = eps.markov_order()
        out["bidirectional_error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        if isinstance(order, float) and not math.isfinite(order):
            out["E"], out["E_method"] = None, "none: no bidirectional machine and no finite Markov order"
        else:
            out["E"] = _float(eps.excess_entropy())
            out["E_method"] = f"block entropy at the Markov order: H(R) - R h, R = {int(order)}"
    return out


def export(name: str, mod_name: str, fn, setting: str, kwargs: dict) -> dict:
    entry = {"name": name, "module": mod_name, "setting": setting, "params": {k: shown(v) for k, v in kwargs.items()}}
    t0 = time.perf_counter()
    m = fn(**kwargs)
    if isinstance(m, QuasiStochasticModel):
        entry.update(kind="ghmm", h=None, C_mu=None, E=None, error="GHMM: sofic computes no entropy rate for it")
    else:
        entry["kind"] = "hmm"
        signal.alarm(LIMIT)
        try:
            entry.update(measures(m))
        except _Timeout:
            entry.update(h=None, C_mu=None, E=None, error=f"more than {LIMIT} s")
        except Exception as exc:
            entry.update(h=None, C_mu=None, E=None, error=f"{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            signal.alarm(0)
    entry["seconds"] = round(time.perf_counter() - t0, 2)
    print(
        f"{name:40s} {setting:10s} h={entry.get('h')} C={entry.get('C_mu')} E={entry.get('E')} "
        f"{entry['seconds']:.1f} s {entry.get('error', '')}",
        file=sys.stderr,
        flush=True,
    )
    return entry


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # sofic's bidirectional machines order states by set iteration
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    signal.signal(signal.SIGALRM, _alarm)
    entries = export_all(export)
    doc = {
        "sofic_version": importlib.metadata.version("sofic"),
        "generated_by": "benchmarks/_peer_sofic_measures.py",
        "units": "bits",
        "limit_seconds": LIMIT,
        "skipped": SKIPPED,
        "processes": entries,
    }
    data = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
    with (
        open(sys.argv[1], "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f,
    ):
        f.write(data)
    print(f"{len(entries)} entries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
