"""The catalog: lookup by any name, every entry's metadata, and every sofic name against sofic's own words.

``tests/data/sofic_catalog_words.json.gz`` holds the word probabilities (every word of length 1..6, or less
for large alphabets) that the peer library sofic 0.2.1 computes for each of its HMMs, exported in sofic's
own environment by ``benchmarks/_peer_sofic_words.py``.  Each sofic name registered in compmech's catalog
(an :class:`~compmech.processes.Alias` with ``sofic=...``) must give the same process, up to a renaming of
the symbols, with sofic's parameters translated by the alias, unless the alias says why sofic is wrong
(``differs``), in which case the words must differ.
"""

from __future__ import annotations

import gzip
import itertools
import json
import pathlib
from fractions import Fraction

import numpy as np
import pytest
import sympy

from compmech import GHMM
from compmech.errors import BudgetExceededError, InvalidArgumentError, UnknownNameError
from compmech.processes import catalog, get, lookup
from compmech.processes._registry import FAMILIES, normalize, sofic_names

FIXTURE = pathlib.Path(__file__).parent / "data" / "sofic_catalog_words.json.gz"
MAX_WORK = 4_000_000  # words x states of one comparison (longer words are compared up to this size)


def _records():
    data = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    return data["processes"]


RECORDS = _records()


def _record_id(r) -> str:
    return f"{r['module']}.{r['name']}[{r['setting']}]"


# ------------------------------------------------------------------------------------- lookup
def test_any_spelling_of_a_name_finds_one_process():
    assert get("GoldenMean") == get("golden_mean") == get("goldenmean") == get("Golden-Mean")
    assert lookup("golden_mean")[1] is None


def test_unknown_names_suggest_close_ones():
    with pytest.raises(UnknownNameError, match=r"unknown process 'golden_men'; did you mean golden_mean"):
        get("golden_men")
    with pytest.raises(InvalidArgumentError, match="unknown parameter 'q'"):
        get("golden_mean", q="1/2")


def test_every_entry_has_its_metadata_and_builds_at_its_defaults():
    entries = catalog()
    assert len({e.name for e in entries}) == len(entries)
    for e in entries:
        assert e.family in FAMILIES, e.name
        assert e.reference.strip() and len(e.reference) > 20, e.name
        assert e.description.strip(), e.name
        if _over_budget(e, {}):  # refused at once, as its size= says
            with pytest.raises(BudgetExceededError):
                e()
            continue
        process = e()
        assert isinstance(process, GHMM), e.name
        assert e.shape({}) == (process.n_states, process.n_symbols), e.name


def _over_budget(entry, kwargs) -> bool:
    """Whether the entry's size= refuses these arguments (a presentation beyond compmech's exact budget)."""
    try:
        entry.shape(kwargs)
    except BudgetExceededError:
        return True
    return False


def test_names_and_aliases_are_unambiguous():
    seen: dict[str, str] = {}
    for e in catalog():
        for name in (e.name, *e.alias_names):
            key = normalize(name)
            assert seen.setdefault(key, e.name) == e.name, (name, e.name, seen[key])


# ------------------------------------------------------------------------ sofic's word probabilities
def _exact(value):
    """sofic's float parameters as the exact values they stand for (1/3 for 0.333...), inside lists too."""
    if isinstance(value, float):
        return sympy.Rational(Fraction(value).limit_denominator(10**6))
    if isinstance(value, (list, tuple)):  # sofic's sequences of probabilities (ThreeHundred, Flower)
        return [_exact(v) for v in value]
    return value


def _numeric(hmm: GHMM):
    mats = np.array([[[float(sympy.N(v, 30)) for v in row] for row in hmm.matrices[x].tolist()] for x in hmm.alphabet])
    eta = np.array([float(sympy.N(v, 30)) for v in hmm.eta])  # the stationary vector (of a GHMM too)
    tau = np.array([float(sympy.N(v, 30)) for v in hmm.tau])
    return mats, eta, tau


def _word_probabilities(hmm: GHMM, max_length: int) -> dict[int, np.ndarray]:
    """Probabilities of every word of each length, in lexicographic order of symbol indices (float64)."""
    mats, eta, tau = _numeric(hmm)
    k, n = mats.shape[0], mats.shape[1]
    out, rows = {}, eta[None, :]
    for L in range(1, max_length + 1):
        if rows.shape[0] * k * n > MAX_WORK:
            break
        rows = np.einsum("wi,xij->wxj", rows, mats).reshape(-1, n)
        out[L] = rows @ tau
    return out


def _theirs(record) -> dict[int, dict[tuple, float]]:
    return {int(L): {tuple(int(c, 36) for c in w): p for w, p in ws.items()} for L, ws in record["words"].items()}


def _same_up_to_renaming(ours: dict[int, np.ndarray], k: int, theirs, tol: float) -> bool:
    """Whether some bijection of the symbols makes the two word distributions agree within ``tol``."""
    lengths = sorted(set(ours) & set(theirs))
    k_theirs = max((max(w) for ws in theirs.values() for w in ws), default=-1) + 1
    if k_theirs > k:
        return False
    for perm in itertools.permutations(range(k)):  # perm[their symbol] = our symbol
        ok = True
        for L in lengths:
            ours_L = ours[L]
            index = {}
            for w, p in theirs[L].items():
                i = 0
                for c in w:
                    i = i * k + perm[c]
                index[i] = p
            mass = sum(index.values())
            if any(abs(ours_L[i] - p) > tol for i, p in index.items()) or abs(ours_L.sum() - mass) > tol * 10:
                ok = False
                break
        if ok:
            return True
    return False


REGISTERED = sofic_names()


@pytest.mark.parametrize("record", RECORDS, ids=_record_id)
def test_sofic_names_give_sofics_processes(record):
    key = (record["module"], record["name"])
    if key not in REGISTERED:
        pytest.skip(f"{key[0]}.{key[1]} is not in compmech's catalog yet (test_every_sofic_process_is_reachable)")
    entry, alias = REGISTERED[key]
    params = {k: _exact(v) for k, v in record["params"].items()}
    kwargs = entry.arguments(params, alias)
    if _over_budget(entry, kwargs):
        with pytest.raises(BudgetExceededError):
            entry.constructor(**kwargs)
        pytest.skip(f"{key[0]}.{key[1]} {record['params']} is beyond compmech's exact budget (refused at once)")
    hmm = entry.constructor(**kwargs)
    ours = _word_probabilities(hmm, int(record["max_length"]))
    tol = 1e-9 if record["kind"] == "ghmm" else 1e-10
    same = _same_up_to_renaming(ours, hmm.n_symbols, _theirs(record), tol)
    if alias.differs:
        assert not same, f"{key}: the alias says sofic differs ({alias.differs}), but the words agree"
    else:
        assert same, f"{key} {record['params']}: compmech's {entry.name} gives other word probabilities"


def test_every_sofic_process_is_reachable():
    missing = sorted({f"{r['module']}.{r['name']}" for r in RECORDS if (r["module"], r["name"]) not in REGISTERED})
    assert missing == []


def test_the_comparison_can_fail():
    record = next(r for r in RECORDS if r["name"] == "Even" and r["setting"] == "default")
    golden = get("golden_mean")
    assert not _same_up_to_renaming(_word_probabilities(golden, 6), 2, _theirs(record), 1e-10)
    assert _same_up_to_renaming(_word_probabilities(get("even"), 6), 2, _theirs(record), 1e-10)
