"""Reading and writing HMMs and mixed-state presentations.

HMM files are JSON with exact entries as strings (``"3/8"``, or expressions
such as ``"1 - p"`` for parametric models)::

    {"format": "compmech-hmm", "version": 1, "name": "golden_mean(p=1/2)",
     "states": ["A", "B"], "alphabet": [0, 1],
     "matrices": {"0": [["1/2", "0"], ["1", "0"]], "1": [["0", "1/2"], ["0", "0"]]}}

Writes are atomic.
"""

from __future__ import annotations

import json
import sys

import networkx as nx

from ._atomic import atomic_write
from .errors import InvalidEntryError
from .hmm import HMM

__all__ = ["hmm_to_dict", "hmm_from_dict", "save_hmm", "load_hmm", "write_msp"]

HMM_FORMAT, HMM_VERSION = "compmech-hmm", 1


def check_format(data, fmt: str, version: int, what: str, error) -> None:
    """Raise ``error`` unless ``data`` is a dict tagged ``fmt`` with a version this compmech reads."""
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise error(f"{what}: not a compmech file of this kind (expected \"format\": \"{fmt}\")")
    got = data.get("version")
    if not isinstance(got, int) or got > version:
        raise error(f"{what}: format version {got!r} is newer than this compmech understands ({version}); "
                    f"upgrade compmech")


def hmm_to_dict(hmm: HMM) -> dict:
    """A JSON-ready dictionary with exact entries as strings.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> hmm_to_dict(golden_mean())["matrices"]["1"]
    [['0', '1/2'], ['0', '0']]
    """
    return {
        "format": HMM_FORMAT,
        "version": HMM_VERSION,
        "name": hmm.name,
        "states": [_jsonable(s) for s in hmm.states],
        "alphabet": [_jsonable(a) for a in hmm.alphabet],
        "matrices": {str(a): [[str(v) for v in m.row(i)] for i in range(m.rows)] for a, m in hmm.matrices.items()},
    }


def _jsonable(x):
    return x if isinstance(x, (int, str)) and not isinstance(x, bool) else str(x)


def hmm_from_dict(data: dict) -> HMM:
    """Inverse of :func:`hmm_to_dict`; validates the format tag and version.

    Examples
    --------
    >>> from compmech.processes import rrxor
    >>> hmm_from_dict(hmm_to_dict(rrxor())) == rrxor()
    True
    """
    check_format(data, HMM_FORMAT, HMM_VERSION, "HMM file", InvalidEntryError)
    try:
        alphabet = data["alphabet"]
        mats = data["matrices"]
        T = {a: mats[str(a)] for a in alphabet}
    except (KeyError, TypeError) as exc:
        raise InvalidEntryError(f"HMM file: missing or malformed field {exc}") from None
    return HMM(T, states=data.get("states"), alphabet=alphabet, name=data.get("name"))


def save_hmm(hmm: HMM, path) -> None:
    """Write ``hmm`` to a JSON file atomically (see the module docstring for the schema)."""
    with atomic_write(path) as f:
        json.dump(hmm_to_dict(hmm), f, indent=1)
        f.write("\n")


def load_hmm(path) -> HMM:
    """Read an HMM JSON file written by :func:`save_hmm` (or by hand)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except json.JSONDecodeError as exc:
        raise InvalidEntryError(f"{path}: not valid JSON ({exc})") from None
    return hmm_from_dict(data)


def _msp_dict(msp) -> dict:
    src, sym, dst = msp.edges
    alphabet = msp.hmm.alphabet
    rec = msp._recurrent_mask
    return {
        "format": "compmech-msp",
        "version": 1,
        "hmm": hmm_to_dict(msp.hmm),
        "complete": msp.complete,
        "max_depth": msp.max_depth,
        "nodes": [
            {"id": u, "depth": int(msp.depths[u]), "recurrent": bool(rec[u]), "belief": [str(v) for v in b]}
            for u, b in enumerate(msp.beliefs)
        ],
        "edges": [
            {"source": int(u), "target": int(v), "symbol": _jsonable(alphabet[x]), "probability": str(p)}
            for u, x, v, p in zip(src.tolist(), sym.tolist(), dst.tolist(), msp.edge_probabilities)
        ],
    }


def write_msp(msp, path="-", fmt: str = "json") -> None:
    """Write a mixed-state presentation as ``json``, ``graphml`` or ``dot`` (exact values as strings)."""
    if fmt == "json":
        text = json.dumps(_msp_dict(msp), indent=1) + "\n"
    elif fmt in ("graphml", "dot"):
        G = nx.MultiDiGraph()
        for u, b in enumerate(msp.beliefs):
            G.add_node(u, belief=" ".join(str(v) for v in b), depth=int(msp.depths[u]),
                       recurrent=bool(msp._recurrent_mask[u]))
        for u, v, k, d in msp.graph.edges(keys=True, data=True):
            G.add_edge(u, v, key=str(k), symbol=str(d["symbol"]), probability=str(d["probability"]))
        if fmt == "graphml":
            text = "\n".join(nx.generate_graphml(G)) + "\n"
        else:
            lines = ["digraph msp {"]
            for u, d in G.nodes(data=True):
                shape = "doublecircle" if d["recurrent"] else "circle"
                lines.append(f'  {u} [shape={shape}, label="{u}", tooltip="{d["belief"]}"];')
            for u, v, d in G.edges(data=True):
                lines.append(f'  {u} -> {v} [label="{d["symbol"]} | {d["probability"]}"];')
            lines.append("}")
            text = "\n".join(lines) + "\n"
    else:
        raise InvalidEntryError(f"unknown format {fmt!r}; use json, graphml or dot")
    if path in (None, "-"):
        sys.stdout.write(text)
    else:
        with atomic_write(path) as f:
            f.write(text)
