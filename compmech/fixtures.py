"""Ground-truth fixture files: versioned, checksummed, exact, readable without compmech.

Format ``compmech-ground-truth`` version 1 is one JSON object (optionally
gzip-compressed when the file name ends in ``.gz``)::

    {
      "format": "compmech-ground-truth", "version": 1, "compmech_version": "0.1.0",
      "hmm": {... an HMM file, see compmech.io ...},
      "context_length": L,
      "conventions": "...",
      "tokens": [[int] * L] * N,
      "probabilities": ["p/q"] * N,            "probabilities_float": [float] * N,
      "belief_index": [[int] * (L + 1)] * N,   # column 0: empty prefix
      "beliefs": [["p/q"] * n_states] * M,     "beliefs_float": [[float] * n_states] * M,
      "next_token": [["p/q"] * n_symbols] * M, "next_token_float": [[float] * n_symbols] * M,
      "optimal_loss_bits": [float] * L,        "optimal_loss_nats": [float] * L,
      "sha256": "<hex>"
    }

``sha256`` is the SHA-256 of the UTF-8 JSON of every other field, written
with ``json.dumps(payload, sort_keys=True, separators=(",", ":"))``.  Exact
values are reduced fractions ``"p/q"`` (``"0"`` and ``"1"`` for integers);
floats are the correctly rounded float64 of the exact values and round-trip
through JSON bit for bit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from fractions import Fraction
from math import lcm

import numpy as np

from ._atomic import atomic_write
from .errors import FixtureError, InvalidEntryError
from .ground_truth import GroundTruth
from .io import check_format, hmm_from_dict, hmm_to_dict

__all__ = ["save_fixture", "load_fixture", "FIXTURE_FORMAT", "FIXTURE_VERSION"]

FIXTURE_FORMAT = "compmech-ground-truth"
FIXTURE_VERSION = 1

CONVENTIONS = (
    "T[x][i, j] = Pr(emit x, go to j | in i); beliefs are row vectors over the HMM's states. "
    "tokens: every word of length L with positive probability, lexicographic. belief_index[w][t]: "
    "index into beliefs of the belief after tokens 0..t-1 (t = 0 is the empty prefix, i.e. the "
    "stationary distribution). next_token[b]: distribution of the next token given belief b. "
    "optimal_loss[t]: H[X_{t+1} | X_0..X_t], the least expected cross-entropy of predicting token "
    "t+1 from tokens 0..t."
)

_REQUIRED = {
    "format": str, "version": int, "compmech_version": str, "hmm": dict, "context_length": int,
    "conventions": str, "tokens": list, "probabilities": list, "probabilities_float": list,
    "belief_index": list, "beliefs": list, "beliefs_float": list, "next_token": list,
    "next_token_float": list, "optimal_loss_bits": list, "optimal_loss_nats": list,
}


def _ratio_strings(num, den):
    out = []
    for row, d in zip(num, den):
        d = int(d)
        out.append([str(Fraction(int(v), d)) for v in row])
    return out


def _digest(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _payload(gt: GroundTruth) -> dict:
    from . import __version__

    return {
        "format": FIXTURE_FORMAT,
        "version": FIXTURE_VERSION,
        "compmech_version": __version__,
        "hmm": hmm_to_dict(gt.hmm),
        "context_length": gt.context_length,
        "conventions": CONVENTIONS,
        "tokens": gt.tokens.tolist(),
        "probabilities": [str(Fraction(int(a), int(b))) for a, b in zip(gt.prob_num, gt.prob_den)],
        "probabilities_float": gt.probabilities_float.tolist(),
        "belief_index": gt.belief_index.tolist(),
        "beliefs": _ratio_strings(gt.belief_num, gt.belief_den),
        "beliefs_float": gt.unique_beliefs_float.tolist(),
        "next_token": _ratio_strings(gt.next_num, gt.next_den),
        "next_token_float": gt.next_token_float.tolist(),
        "optimal_loss_bits": gt.optimal_loss_bits.tolist(),
        "optimal_loss_nats": gt.optimal_loss_nats.tolist(),
    }


def save_fixture(gt: GroundTruth, path) -> str:
    """Write ground truth to ``path`` (``.json`` or ``.json.gz``) atomically; return the sha256.

    Examples
    --------
    >>> import os, tempfile
    >>> from compmech import ground_truth
    >>> from compmech.processes import golden_mean
    >>> path = os.path.join(tempfile.mkdtemp(), "gm.json")
    >>> digest = save_fixture(ground_truth(golden_mean(), 4), path)
    >>> load_fixture(path).probabilities[:2]
    [Fraction(1, 12), Fraction(1, 12)]
    """
    payload = _payload(gt)
    digest = _digest(payload)
    payload["sha256"] = digest
    text = json.dumps(payload, separators=(",", ":")) + "\n"
    path = os.fspath(path)
    if path.endswith(".gz"):
        with atomic_write(path, "wb") as f:
            f.write(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        with atomic_write(path) as f:
            f.write(text)
    return digest


def _parse_rows(rows, where):
    """Rows of "p/q" strings -> (numerators object array, row denominators object array)."""
    nums, dens = [], []
    for i, row in enumerate(rows):
        try:
            pq = []
            for s in row:
                a, _, b = s.partition("/")
                pq.append((int(a), int(b) if b else 1))
        except (TypeError, ValueError, AttributeError):
            raise FixtureError(f"{where}[{i}]: not a list of exact 'p/q' strings") from None
        if any(b <= 0 for _, b in pq):
            raise FixtureError(f"{where}[{i}]: a denominator is not positive")
        d = lcm(*[b for _, b in pq]) if pq else 1
        nums.append([a * (d // b) for a, b in pq])
        dens.append(d)
    num = np.empty((len(nums), len(nums[0]) if nums else 0), dtype=object)
    for i, r in enumerate(nums):
        num[i] = r
    return num, np.array(dens, dtype=object)


def load_fixture(path, verify: bool = True) -> GroundTruth:
    """Read a fixture written by :func:`save_fixture`, verifying format, version and checksum.

    Raises
    ------
    FixtureError
        For a truncated or malformed file, a checksum mismatch (the content
        was changed), an unknown format, or a version newer than this
        compmech understands.  The message says which.
    """
    path = os.fspath(path)
    try:
        raw = open(path, "rb").read()
        if path.endswith(".gz"):
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise
    except (EOFError, OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FixtureError(f"{path}: truncated or not a valid fixture file ({exc})") from None
    check_format(data, FIXTURE_FORMAT, FIXTURE_VERSION, path, FixtureError)
    for key, typ in _REQUIRED.items():
        if not isinstance(data.get(key), typ):
            raise FixtureError(f"{path}: field {key!r} is missing or not a {typ.__name__}")
    digest = data.pop("sha256", None)
    if verify and digest != _digest(data):
        raise FixtureError(f"{path}: sha256 mismatch; the file was modified or corrupted")
    try:
        hmm = hmm_from_dict(data["hmm"])
    except InvalidEntryError as exc:
        raise FixtureError(f"{path}: bad HMM definition: {exc}") from None
    L = data["context_length"]
    tokens = np.array(data["tokens"], dtype=np.int64).reshape(-1, L)
    belief_index = np.array(data["belief_index"], dtype=np.int64).reshape(-1, L + 1)
    N = tokens.shape[0]
    if belief_index.shape[0] != N or len(data["probabilities"]) != N:
        raise FixtureError(f"{path}: tokens, belief_index and probabilities disagree on the number of words")
    prob_num, prob_den = _parse_rows([[p] for p in data["probabilities"]], "probabilities")
    belief_num, belief_den = _parse_rows(data["beliefs"], "beliefs")
    next_num, next_den = _parse_rows(data["next_token"], "next_token")
    gt = GroundTruth(
        hmm=hmm,
        context_length=L,
        tokens=tokens,
        belief_index=belief_index,
        optimal_loss_bits=np.array(data["optimal_loss_bits"], dtype=np.float64),
        prob_num=prob_num[:, 0] if N else prob_num.reshape(0),
        prob_den=prob_den,
        belief_num=belief_num,
        belief_den=belief_den,
        next_num=next_num,
        next_den=next_den,
        meta={"sha256": digest, "compmech_version": data["compmech_version"], "path": path},
    )
    if verify:
        for key, mine in (("probabilities_float", gt.probabilities_float), ("beliefs_float", gt.unique_beliefs_float),
                          ("next_token_float", gt.next_token_float)):
            if not np.array_equal(np.array(data[key], dtype=np.float64).reshape(mine.shape), mine):
                raise FixtureError(f"{path}: {key} are not the float64 values of the exact entries")
    return gt
