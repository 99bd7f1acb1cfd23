"""Reading and writing HMMs and mixed-state presentations.

HMM files are JSON with exact entries as strings (``"3/8"``, ``"0.25"``, or
expressions such as ``"1 - p"`` over parameters that the file declares in
``"parameters": ["p"]``)::

    {"format": "compmech-hmm", "version": 1, "name": "golden_mean(p=1/2)",
     "states": ["A", "B"], "alphabet": [0, 1],
     "matrices": {"0": [["1/2", "0"], ["1", "0"]], "1": [["0", "1/2"], ["0", "0"]]}}

A nonergodic HMM (several closed classes, such as a mixture) adds ``"start"``: the stationary
distribution that defines its process, checked exactly on reading (``start T = start``).

Entries are read by a safe parser (:func:`compmech.kernel.numbers.read_exact`):
nothing in a file is ever evaluated.  Writes are atomic.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import networkx as nx
import sympy

from ..errors import InvalidArgumentError, InvalidEntryError, excerpt
from ..kernel.atomic import atomic_write, read_json
from ..kernel.display import dot_escape
from ..kernel.exact import to_exact
from ..kernel.numbers import check_parameter_name
from ..models.ghmm import GHMM
from ..models.hmm import HMM

if TYPE_CHECKING:
    from ..presentations.msp import MixedStatePresentation

__all__ = ["hmm_to_dict", "hmm_from_dict", "save_hmm", "load_hmm", "write_msp"]

HMM_FORMAT, HMM_VERSION = "compmech-hmm", 2  # version 2 adds "eta" and "tau" (GHMMs); HMMs are written as 1
MAX_FILE_ENTRIES = 1_000_000  # matrix entries of one HMM file


def check_format(data: dict, fmt: str, version: int, what: str, error: type[Exception]) -> None:
    """Raise ``error`` unless ``data`` is a dict tagged ``fmt`` with a version this compmech reads."""
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise error(f'{what}: not a compmech file of this kind (expected "format": "{fmt}")')
    got = data.get("version")
    if not isinstance(got, int) or isinstance(got, bool) or got < 1:
        raise error(f"{what}: format version {excerpt(got)} is not a version of this format (1 .. {version})")
    if got > version:
        raise error(
            f"{what}: format version {excerpt(got)} is newer than this compmech understands ({version}); upgrade compmech"
        )


def hmm_to_dict(hmm: GHMM) -> dict:
    """A JSON-ready dictionary with exact entries as strings (a GHMM adds ``"eta"`` and ``"tau"``, a nonergodic HMM ``"start"``).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> hmm_to_dict(golden_mean())["matrices"]["1"]
    [['0', '1/2'], ['0', '0']]
    """
    out = {
        "format": HMM_FORMAT,
        "version": HMM_VERSION,
        "name": hmm.name,
        "states": [_jsonable(s) for s in hmm.states],
        "alphabet": [_jsonable(a) for a in hmm.alphabet],
        "matrices": {str(a): [[str(v) for v in m.row(i)] for i in range(m.rows)] for a, m in hmm.matrices.items()},
    }
    if isinstance(hmm, HMM) and not hmm.is_ergodic():  # a nonergodic HMM (a mixture): the distribution that defines it
        out["start"] = [str(v) for v in hmm.stationary_distribution()]
    if not hmm.is_classical():  # a GHMM: its vectors, in a version-2 file
        out["version"] = 2
        out["eta"] = [str(v) for v in hmm.eta]
        out["tau"] = [str(v) for v in hmm.tau]
    if hmm.parameters:
        out["parameters"] = [
            {"name": str(p), "assumptions": {k: v for k, v in sorted(p.assumptions0.items()) if k in _ASSUMPTIONS}}
            for p in sorted(hmm.parameters, key=str)
        ]
    return out


# the sympy assumptions a parameter may carry in a file (each a boolean)
_ASSUMPTIONS = (
    "positive",
    "nonnegative",
    "negative",
    "nonpositive",
    "real",
    "nonzero",
    "integer",
    "rational",
    "finite",
)


def _parameters(data) -> dict:
    """``{name: sympy.Symbol}`` from a file's ``"parameters"`` list (names, or {"name", "assumptions"})."""
    items = data.get("parameters", [])
    if not isinstance(items, list) or len(items) > 64:
        raise InvalidEntryError('HMM file: "parameters" must be a list of at most 64 names')
    out = {}
    for k, item in enumerate(items):
        where = f"HMM file: parameters[{k}]"
        name, assumptions = (
            (item, {})
            if isinstance(item, str)
            else ((item.get("name"), item.get("assumptions", {})) if isinstance(item, dict) else (None, None))
        )
        name = check_parameter_name(name, where)
        if name in out:
            raise InvalidEntryError(f"{where}: parameter {excerpt(name)} is declared twice")
        if not isinstance(assumptions, dict) or any(
            a not in _ASSUMPTIONS or not isinstance(v, bool) for a, v in assumptions.items()
        ):
            raise InvalidEntryError(f"{where}: assumptions must map some of {', '.join(_ASSUMPTIONS)} to true/false")
        try:
            out[name] = sympy.Symbol(name, **assumptions)
        except Exception:  # sympy refuses contradictory assumptions (positive and negative, say)
            raise InvalidEntryError(f"{where}: contradictory assumptions {assumptions}") from None
    return out


def _jsonable(x):
    return x if isinstance(x, (int, str)) and not isinstance(x, bool) else str(x)


def hmm_from_dict(data: dict) -> GHMM:
    """Inverse of :func:`hmm_to_dict`; validates the format tag and version (a GHMM when the file has ``"tau"``).

    Examples
    --------
    >>> from compmech.processes import rrxor
    >>> hmm_from_dict(hmm_to_dict(rrxor())) == rrxor()
    True
    >>> from compmech.processes import fanizza
    >>> hmm_from_dict(hmm_to_dict(fanizza())) == fanizza()
    True
    """
    check_format(data, HMM_FORMAT, HMM_VERSION, "HMM file", InvalidEntryError)
    symbols = _parameters(data)
    alphabet, mats, states, name = (data.get(k) for k in ("alphabet", "matrices", "states", "name"))
    if not isinstance(alphabet, list) or not alphabet:
        raise InvalidEntryError('HMM file: "alphabet" must be a nonempty list of symbols')
    for a in alphabet:
        if not (isinstance(a, str) or (isinstance(a, int) and not isinstance(a, bool))):
            raise InvalidEntryError(f"HMM file: symbol {excerpt(a)} is neither an integer nor a string")
    if not isinstance(mats, dict) or set(mats) != {str(a) for a in alphabet} or len(mats) != len(alphabet):
        raise InvalidEntryError(
            'HMM file: "matrices" must have one entry per symbol of "alphabet", keyed by the symbol as text'
        )
    if states is not None and not isinstance(states, list):
        raise InvalidEntryError('HMM file: "states" must be a list')
    for s in states or []:
        if not (isinstance(s, str) or (isinstance(s, int) and not isinstance(s, bool))):
            raise InvalidEntryError(f"HMM file: state {excerpt(s)} is neither an integer nor a string")
    if name is not None and not isinstance(name, str):
        raise InvalidEntryError('HMM file: "name" must be text')
    n = len(mats[str(alphabet[0])]) if isinstance(mats[str(alphabet[0])], list) else -1
    if n * n * len(alphabet) > MAX_FILE_ENTRIES:
        raise InvalidEntryError(
            f"HMM file: {len(alphabet)} matrices of {n} x {n} entries (at most {MAX_FILE_ENTRIES:,} entries in all)"
        )
    T = {}
    for a in alphabet:
        rows, label = mats[str(a)], excerpt(str(a))
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise InvalidEntryError(f"HMM file: matrices[{excerpt(str(a))}] must be a list of rows")
        T[a] = [
            [
                to_exact(v, f"HMM file: T[{label}][{i}, {j}]", symbols) if isinstance(v, str) else v
                for j, v in enumerate(r)
            ]
            for i, r in enumerate(rows)
        ]
    vectors = {k: _vector(data, k, n, symbols) for k in ("eta", "tau") if k in data}
    start = _vector(data, "start", n, symbols) if "start" in data else None
    if vectors:
        if start is not None:
            raise InvalidEntryError('HMM file: "start" belongs to an HMM; a GHMM file gives "eta" instead')
        return GHMM(T, states=states, alphabet=alphabet, name=name, **vectors)
    return HMM(T, states=states, alphabet=alphabet, name=name, start=start)


def _vector(data, key, n, symbols) -> list:
    vec = data[key]
    if not isinstance(vec, list) or len(vec) != n or not all(isinstance(v, str) for v in vec):
        raise InvalidEntryError(f'HMM file: "{key}" must be a list of {n} exact numbers as text')
    return [to_exact(v, f"HMM file: {key}[{i}]", symbols) for i, v in enumerate(vec)]


def save_hmm(hmm: GHMM, path: str | os.PathLike) -> None:
    """Write ``hmm`` to a JSON file atomically (see the module docstring for the schema)."""
    with atomic_write(path) as f:
        json.dump(hmm_to_dict(hmm), f, indent=1)
        f.write("\n")


def load_hmm(path: str | os.PathLike) -> GHMM:
    """Read an HMM JSON file written by :func:`save_hmm` (or by hand).

    Nothing in the file is evaluated (entries go through the safe number
    reader); only regular files of at most 64 MiB are read.

    Raises
    ------
    InvalidEntryError
        For a file that is missing, not a regular file, not UTF-8 JSON, or
        not a valid HMM; the message names the file and the field.
    """
    data = read_json(path, "HMM file", InvalidEntryError, max_bytes=64 * 2**20)
    try:
        return hmm_from_dict(data)
    except InvalidEntryError as exc:
        raise type(exc)(f"{excerpt(os.fspath(path))}: {exc}") from None


def _msp_dict(msp) -> dict:
    src, sym, dst = msp.edges
    alphabet = msp.hmm.alphabet
    rec = msp.recurrent_mask
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


def write_msp(msp: MixedStatePresentation, path: str | os.PathLike = "-", fmt: str = "json") -> None:
    """Write a mixed-state presentation as ``json``, ``graphml`` or ``dot`` (exact values as strings)."""
    if fmt == "json":
        text = json.dumps(_msp_dict(msp), indent=1) + "\n"
    elif fmt in ("graphml", "dot"):
        G = nx.MultiDiGraph()
        for u, b in enumerate(msp.beliefs):
            G.add_node(
                u, belief=" ".join(str(v) for v in b), depth=int(msp.depths[u]), recurrent=bool(msp.recurrent_mask[u])
            )
        for u, v, k, d in msp.graph.edges(keys=True, data=True):
            G.add_edge(u, v, key=str(k), symbol=str(d["symbol"]), probability=str(d["probability"]))
        if fmt == "graphml":
            text = "\n".join(nx.generate_graphml(G)) + "\n"
        else:
            lines = ["digraph msp {"]
            for u, d in G.nodes(data=True):
                shape = "doublecircle" if d["recurrent"] else "circle"
                lines.append(f'  {u} [shape={shape}, label="{u}", tooltip="{dot_escape(d["belief"])}"];')
            for u, v, d in G.edges(data=True):
                lines.append(f'  {u} -> {v} [label="{dot_escape(d["symbol"])} | {dot_escape(d["probability"])}"];')
            lines.append("}")
            text = "\n".join(lines) + "\n"
    else:
        raise InvalidArgumentError(f"unknown format {excerpt(fmt)}; use json, graphml or dot")
    if path in (None, "-"):
        sys.stdout.write(text)
    else:
        with atomic_write(path) as f:
            f.write(text)
