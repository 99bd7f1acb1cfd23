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

A mixture (:func:`compmech.mixture`; its ``"hmm"`` carries ``"start"``) adds
``"component_blocks": [[state index] * n_i] * k`` and ``"component_posteriors": [["p/q"] * k] * M``,
``Pr(component | prefix)`` for each belief (the sum of the belief over each block, checked on reading).

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
import re
from fractions import Fraction
from math import lcm

import numpy as np

from ..errors import FixtureError, InvalidArgumentError, InvalidEntryError, excerpt
from ..kernel.atomic import atomic_write, read_json
from ..presentations.ground_truth import GroundTruth
from .readwrite import check_format, hmm_from_dict, hmm_to_dict

__all__ = ["save_fixture", "load_fixture", "FIXTURE_FORMAT", "FIXTURE_VERSION"]

FIXTURE_FORMAT = "compmech-ground-truth"
FIXTURE_VERSION = 1
_FRACTION = re.compile(r"-?\d+(/\d+)?")
MAX_DIGITS = 4_000  # digits of one exact value in a fixture (Python refuses to read longer integers)

CONVENTIONS = (
    "T[x][i, j] = Pr(emit x, go to j | in i); beliefs are row vectors over the HMM's states. "
    "tokens: every word of length L with positive probability, lexicographic. belief_index[w][t]: "
    "index into beliefs of the belief after tokens 0..t-1 (t = 0 is the empty prefix, i.e. the "
    "stationary distribution). next_token[b]: distribution of the next token given belief b. "
    "optimal_loss[t]: H[X_{t+1} | X_0..X_t], the least expected cross-entropy of predicting token "
    "t+1 from tokens 0..t."
)

_REQUIRED = {
    "format": str,
    "version": int,
    "compmech_version": str,
    "hmm": dict,
    "context_length": int,
    "conventions": str,
    "tokens": list,
    "probabilities": list,
    "probabilities_float": list,
    "belief_index": list,
    "beliefs": list,
    "beliefs_float": list,
    "next_token": list,
    "next_token_float": list,
    "optimal_loss_bits": list,
    "optimal_loss_nats": list,
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
    from ..kernel.version import __version__

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
        **_mixture_fields(gt),
    }


def _mixture_fields(gt: GroundTruth) -> dict:
    """A mixture's ground truth adds each component's states and the exact component posterior of each belief."""
    if gt.component_blocks is None:
        return {}
    posts = gt.component_posteriors or []
    return {
        "component_blocks": [list(b) for b in gt.component_blocks],
        "component_posteriors": [[str(p) for p in row] for row in posts],
    }


def _read_mixture_fields(data: dict, gt: GroundTruth, path: str) -> None:
    """Check a fixture's component blocks (a partition of the states) and posteriors (the blocks' sums), exactly."""
    if "component_blocks" not in data and "component_posteriors" not in data:
        return
    blocks, posts = data.get("component_blocks"), data.get("component_posteriors")
    n = gt.hmm.n_states
    if (
        not isinstance(blocks, list)
        or not all(
            isinstance(b, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in b) for b in blocks
        )
        or sorted(i for b in blocks for i in b) != list(range(n))
    ):
        raise FixtureError(f"{path}: component_blocks must split the states 0 .. {n - 1} into lists")
    gt.meta["component_blocks"] = [tuple(b) for b in blocks]
    if not isinstance(posts, list) or len(posts) != gt.belief_num.shape[0]:
        raise FixtureError(f"{path}: component_posteriors must hold one row per belief")
    num, den = _parse_rows(posts, "component_posteriors", len(blocks))
    exact = gt.component_posteriors or []
    for i, (row, d) in enumerate(zip(num, den)):
        if [Fraction(int(a), int(d)) for a in row] != list(exact[i]):
            raise FixtureError(f"{path}: component_posteriors[{i}] is not the sum of beliefs[{i}] over each component")


def save_fixture(gt: GroundTruth, path: str | os.PathLike) -> str:
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


def _parse_rows(rows, where, width=None):
    """Rows of "p/q" strings -> (numerators object array, row denominators object array)."""
    if not isinstance(rows, list):
        raise FixtureError(f"{where}: not a list")
    nums, dens = [], []
    for i, row in enumerate(rows):
        if not isinstance(row, list) or (width is not None and len(row) != width):
            raise FixtureError(f"{where}[{i}]: expected a list of {width} exact 'p/q' strings")
        pq = []
        for s in row:
            if not isinstance(s, str) or len(s) > 2 * MAX_DIGITS + 2 or not _FRACTION.fullmatch(s):
                raise FixtureError(
                    f"{where}[{i}]: {str(s)[:40]!r} is not an exact 'p/q' string (at most {MAX_DIGITS} digits each)"
                )
            a, _, b = s.partition("/")
            if len(a) > MAX_DIGITS + 1 or len(b) > MAX_DIGITS:
                raise FixtureError(f"{where}[{i}]: a value with more than {MAX_DIGITS} digits")
            pq.append((int(a), int(b) if b else 1))
        if any(b <= 0 for _, b in pq):
            raise FixtureError(f"{where}[{i}]: a denominator is not positive")
        d = lcm(*[b for _, b in pq]) if pq else 1
        nums.append([a * (d // b) for a, b in pq])
        dens.append(d)
    num = np.empty((len(nums), len(nums[0]) if nums else (width or 0)), dtype=object)
    for i, r in enumerate(nums):
        num[i] = r
    return num, np.array(dens, dtype=object)


def _int_array(rows, shape_tail, where, path):
    """A list of lists of ints (no bools, no floats) as an int64 array of shape (N,) + shape_tail."""
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == shape_tail[0] for r in rows):
        raise FixtureError(f"{path}: {where} must be a list of rows of {shape_tail[0]} integers")
    for i, r in enumerate(rows):
        for v in r:
            if type(v) is not int or not -(2**62) < v < 2**62:
                raise FixtureError(f"{path}: {where}[{i}] holds {excerpt(v)}, not an integer")
    return np.array(rows, dtype=np.int64).reshape((len(rows),) + tuple(shape_tail))


def _floats(values, key: str, path: str) -> np.ndarray:
    """A (nested) list of numbers as a float64 array; anything else (text, dicts, booleans) is a FixtureError."""

    def ok(v):
        return (
            all(ok(x) for x in v) if isinstance(v, list) else (isinstance(v, (int, float)) and not isinstance(v, bool))
        )

    if not isinstance(values, list) or not ok(values):
        raise FixtureError(f"{path}: {key} is not an array of numbers")
    try:
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise FixtureError(f"{path}: {key} is not a regular array of numbers") from None


def _check_meaning(gt: GroundTruth, path: str) -> None:
    """What the checksum cannot vouch for: the exact numbers mean what the format says."""
    k, L = gt.hmm.n_symbols, gt.context_length
    M = gt.belief_num.shape[0]
    if gt.tokens.size and (gt.tokens.min() < 0 or gt.tokens.max() >= k):
        raise FixtureError(f"{path}: tokens outside the alphabet's {k} symbol indices")
    if gt.belief_index.size and (gt.belief_index.min() < 0 or gt.belief_index.max() >= M):
        raise FixtureError(f"{path}: belief_index outside 0 .. {M - 1} (the beliefs listed)")
    tau = [Fraction(str(v)) for v in gt.hmm.tau]  # beliefs are normalized by b . tau (all ones for an HMM)
    if (
        (gt.hmm.is_classical() and any(int(v) < 0 for row in gt.belief_num for v in row))
        or any(int(v) < 0 for v in gt.prob_num)
        or any(int(v) < 0 for row in gt.next_num for v in row)
    ):
        raise FixtureError(f"{path}: a negative probability")
    weights: list[tuple[str, np.ndarray, np.ndarray, list[Fraction]]] = [
        ("beliefs", gt.belief_num, gt.belief_den, tau),
        ("next_token", gt.next_num, gt.next_den, [Fraction(1)] * k),
    ]
    for what, num, den, w in weights:
        for i, (row, d) in enumerate(zip(num, den)):
            if sum(int(v) * t for v, t in zip(row, w)) != int(d):
                raise FixtureError(f"{path}: {what}[{i}] does not sum to 1 (weighted by tau for beliefs)")
    if sum(gt.probabilities, Fraction(0)) != 1:
        raise FixtureError(f"{path}: the word probabilities sum to {sum(gt.probabilities, Fraction(0))}, not 1")
    if gt.tokens.shape[0] and len({tuple(t) for t in gt.tokens.tolist()}) != gt.tokens.shape[0]:
        raise FixtureError(f"{path}: a word is listed twice")
    # the beliefs belong to this HMM: the empty prefix is its stationary distribution, and each belief's
    # next-token distribution is the belief times the HMM's emission matrix, exactly
    pi = [Fraction(str(v)) for v in gt.hmm.eta]
    if gt.tokens.shape[0]:
        empty = set(gt.belief_index[:, 0].tolist())
        if len(empty) != 1 or gt.unique_beliefs[empty.pop()] != tuple(pi):
            raise FixtureError(f"{path}: the empty-prefix belief is not the stationary vector of the embedded HMM")
    emit = [  # emit[i][x] = (T[x] tau)_i
        [sum((Fraction(str(v)) * t for v, t in zip(m.row(i), tau)), Fraction(0)) for m in gt.hmm.matrices.values()]
        for i in range(gt.hmm.n_states)
    ]
    for b, (row, d, nrow, nd) in enumerate(zip(gt.belief_num, gt.belief_den, gt.next_num, gt.next_den)):
        for x in range(k):
            if sum(int(v) * emit[i][x] for i, v in enumerate(row)) * int(nd) != int(nrow[x]) * int(d):
                raise FixtureError(
                    f"{path}: next_token[{b}] is not the prediction of beliefs[{b}] under the "
                    f"embedded HMM (was the HMM replaced?)"
                )
    if len(gt.optimal_loss_bits) != L:
        raise FixtureError(f"{path}: optimal_loss_bits has {len(gt.optimal_loss_bits)} values for {L} positions")


def load_fixture(path: str | os.PathLike, verify: str | bool = "checksum", max_bytes: int = 2**31) -> GroundTruth:
    """Read a fixture written by :func:`save_fixture`, verifying format, version, checksum and meaning.

    Parameters
    ----------
    path : str or path
        A ``.json`` or ``.json.gz`` fixture.
    verify : {"checksum", "full", "none"} or bool
        ``"checksum"`` (default; ``True``): the sha256 must match, and every
        value must make sense (probabilities sum exactly to 1, indices and
        tokens in range, consistent shapes, floats equal to the exact values).
        ``"full"``: in addition, recompute the whole ground truth from the
        embedded HMM and require it to be identical -- exactness makes this a
        proof that the content is right, whoever wrote the file.  ``"none"``
        (``False``): skip the checksum, keep the structural checks.
        The sha256 detects corruption, not tampering: anyone can recompute it.
    max_bytes : int
        Largest (decompressed) file read.

    Raises
    ------
    FixtureError
        For a truncated or malformed file, a checksum mismatch (the content
        was changed), values that do not add up, an unknown format, or a
        version newer than this compmech understands.  The message says which.

    Examples
    --------
    >>> import os, tempfile
    >>> from compmech import ground_truth
    >>> from compmech.processes import rrxor
    >>> path = os.path.join(tempfile.mkdtemp(), "rr.json.gz")
    >>> _ = save_fixture(ground_truth(rrxor(), 4), path)
    >>> load_fixture(path, verify="full").n_words
    16
    """
    mode = {True: "checksum", False: "none"}.get(verify, verify) if isinstance(verify, bool) else verify
    if mode not in ("checksum", "full", "none"):
        raise InvalidArgumentError(f"verify must be 'checksum', 'full' or 'none', got {verify!r}")
    path = os.fspath(path)
    data = read_json(path, "fixture", FixtureError, max_bytes=max_bytes)
    check_format(data, FIXTURE_FORMAT, FIXTURE_VERSION, path, FixtureError)
    for key, typ in _REQUIRED.items():
        if not isinstance(data.get(key), typ) or (typ is int and isinstance(data.get(key), bool)):
            raise FixtureError(f"{path}: field {key!r} is missing or not a {typ.__name__}")
    digest = data.pop("sha256", None)
    if mode != "none" and digest != _digest(data):
        raise FixtureError(f"{path}: sha256 mismatch; the file was modified or corrupted")
    try:
        hmm = hmm_from_dict(data["hmm"])
    except InvalidEntryError as exc:
        raise FixtureError(f"{path}: bad HMM definition: {exc}") from None
    if hmm.is_symbolic():
        raise FixtureError(f"{path}: the embedded HMM has free parameters; a fixture needs numbers")
    L = data["context_length"]
    if not 1 <= L <= 10_000:
        raise FixtureError(f"{path}: context_length {L} is not in 1 .. 10000")
    tokens = _int_array(data["tokens"], (L,), "tokens", path)
    belief_index = _int_array(data["belief_index"], (L + 1,), "belief_index", path)
    N = tokens.shape[0]
    if belief_index.shape[0] != N or len(data["probabilities"]) != N or len(data["probabilities_float"]) != N:
        raise FixtureError(f"{path}: tokens, belief_index and probabilities disagree on the number of words")
    prob_num, prob_den = _parse_rows([[p] for p in data["probabilities"]], "probabilities", 1)
    belief_num, belief_den = _parse_rows(data["beliefs"], "beliefs", hmm.n_states)
    next_num, next_den = _parse_rows(data["next_token"], "next_token", hmm.n_symbols)
    if len(data["beliefs"]) != len(data["next_token"]):
        raise FixtureError(f"{path}: beliefs and next_token disagree on the number of beliefs")
    gt = GroundTruth(
        hmm=hmm,
        context_length=L,
        tokens=tokens,
        belief_index=belief_index,
        optimal_loss_bits=_floats(data["optimal_loss_bits"], "optimal_loss_bits", path),
        prob_num=prob_num[:, 0] if N else prob_num.reshape(0),
        prob_den=prob_den,
        belief_num=belief_num,
        belief_den=belief_den,
        next_num=next_num,
        next_den=next_den,
        meta={"sha256": digest, "compmech_version": data["compmech_version"], "path": path},
    )
    _check_meaning(gt, path)
    _read_mixture_fields(data, gt, path)
    for key, mine in (
        ("probabilities_float", gt.probabilities_float),
        ("beliefs_float", gt.unique_beliefs_float),
        ("next_token_float", gt.next_token_float),
    ):
        theirs = _floats(data[key], key, path)
        if theirs.size != mine.size or not np.array_equal(theirs.reshape(mine.shape), mine):
            raise FixtureError(f"{path}: {key} are not the float64 values of the exact entries")
    if mode == "full":
        _check_against_recomputation(gt, path)
    return gt


def _check_against_recomputation(gt: GroundTruth, path: str) -> None:
    from ..presentations.ground_truth import ground_truth

    ref = ground_truth(gt.hmm, gt.context_length, max_words=max(gt.n_words, 1))
    same = (
        np.array_equal(ref.tokens, gt.tokens)
        and ref.probabilities == gt.probabilities
        and ref.unique_beliefs == gt.unique_beliefs
        and ref.next_token == gt.next_token
        and np.array_equal(ref.belief_index, gt.belief_index)
        and np.allclose(ref.optimal_loss_bits, gt.optimal_loss_bits, rtol=0, atol=1e-12)
    )
    if not same:
        raise FixtureError(
            f"{path}: the content differs from the ground truth recomputed from its own HMM "
            f"({gt.hmm.name or 'unnamed'}); the file is wrong"
        )
