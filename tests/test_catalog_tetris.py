"""The tetris randomizers: hand-derived laws, the causal-state construction of the history randomizer,
and TGM's 1,603-state machines (beyond the exact budget) checked in floating point against sofic's words.
"""

from __future__ import annotations

import gzip
import itertools
import json
import pathlib
from math import comb

import numpy as np
import pytest
import scipy.sparse as sp
import sympy

from compmech import (
    entropy_rate,
    epsilon_machine,
    excess_entropy,
    markov_order,
    same_process,
    statistical_complexity,
)
from compmech.errors import BudgetExceededError, InvalidArgumentError
from compmech.processes import (
    get,
    lookup,
    tetris_bag,
    tetris_gameboy,
    tetris_history,
    tetris_iid,
    tetris_nes,
    tetris_tgm,
    tetris_tgm2,
)
from compmech.processes.tetris import TETROMINOES, _blank_repeats, _history_edges, _history_states_count
from compmech.spec import parse_spec

R = sympy.Rational
FIXTURE = pathlib.Path(__file__).parent / "data" / "sofic_catalog_words.json.gz"


def bits(x):
    return sympy.log(x, 2)


def test_iid_and_nes_by_hand():
    assert entropy_rate(tetris_iid()) == bits(7)
    nes = tetris_nes()
    assert nes.stationary_distribution() == (R(1, 7),) * 7
    for p in TETROMINOES:  # the second roll is needed for the dummy or a repeat (2/8), then uniform
        after_p = [int(s == p) for s in nes.states]
        assert nes.word_probability(p, start=after_p) == R(2, 8) * R(1, 7)
    h = entropy_rate(nes)
    expected = R(1, 28) * bits(28) + 6 * R(9, 56) * bits(R(56, 9))
    assert abs(sympy.N(h - expected, 40)) < 1e-35
    # Markov order 1 on 7 equiprobable states: C_mu = log2 7 and E = H(1) - h_mu = log2 7 - h_mu
    assert statistical_complexity(nes) == bits(7)
    assert abs(sympy.N(excess_entropy(nes) - (bits(7) - expected), 40)) < 1e-35
    assert markov_order(nes) == 1


def test_bag_stationary_law_and_entropy_rate():
    h = tetris_bag()
    assert h.n_states == 2**7 - 1
    for state, prob in zip(h.states, h.stationary_distribution()):
        assert prob == R(1, 7 * comb(7, len(state)))  # uniform position in the bag, uniform subset
    assert abs(sympy.N(entropy_rate(h) - bits(5040) / 7, 40)) < 1e-35  # log2(7!) bits per 7 pieces
    # within one bag no piece repeats: seven distinct pieces from a fresh bag have probability 1/7!
    fresh = [int(s == "".join(TETROMINOES)) for s in h.states]
    assert h.word_probability("TSZOLJI", start=fresh) == R(1, 5040)
    assert h.word_probability("TT", start=fresh) == 0


@pytest.mark.slow
def test_bag_states_are_causal_states():
    assert epsilon_machine(tetris_bag()).n_states == 127


def test_gameboy_rule_and_piece_frequencies():
    h = tetris_gameboy()
    # falling L (000), preview Z (100): Z is not inside L, so nothing is rerolled: uniform
    after_lz = [int(s == "LZ") for s in h.states]
    assert all(h.word_probability(x, start=after_lz) == R(1, 7) for x in TETROMINOES)
    # falling T (110), preview I (010, inside T): L, I, Z, T (inside T) are rerolled up to three times
    after_ti = [int(s == "TI") for s in h.states]
    assert h.word_probability("L", start=after_ti) == R(1, 7) * R(4, 7) ** 2
    assert h.word_probability("S", start=after_ti) == R(1, 7) * (1 + R(4, 7) + R(16, 49))
    # L is inside every piece, O, S and T only inside themselves: L rarest, O, S and T commonest
    freq = {x: h.word_probability(x) for x in TETROMINOES}
    assert freq["L"] < min(freq[x] for x in "JIZ") and max(freq[x] for x in "JIZ") < min(freq[x] for x in "OST")


def test_history_counts_its_causal_states():
    for w in (1, 2, 3, 4):  # blanking earlier repeats: the formula counts the distinct blanked windows
        distinct = {_blank_repeats(v) for v in itertools.product(TETROMINOES, repeat=w)}
        assert len(distinct) == _history_states_count(w) == (7, 49, 301, 1603)[w - 1]
    h = tetris_history(2, 3)
    assert h.n_states == 49 and epsilon_machine(h).n_states == 49
    assert same_process(tetris_history(2, 1), tetris_iid())  # a single roll never rejects
    one = tetris_history(1, 2)  # reject the previous piece once: Pr(repeat) = 1/7 * 1/7
    after_i = [int(s == "I") for s in one.states]
    assert one.word_probability("I", start=after_i) == R(1, 49)


@pytest.mark.slow
def test_history_three_pieces_is_minimal():
    h = tetris_history(3, 4)
    assert h.n_states == 301 and epsilon_machine(h).n_states == 301


def test_history_parameters_and_budget():
    for bad, match in (
        ("0", "window = 0 must be at least 1"),
        ("5/2", "must be a whole number"),
        (True, "whole number"),
    ):
        with pytest.raises(InvalidArgumentError, match=match):
            tetris_history(window=bad)
    with pytest.raises(InvalidArgumentError, match="rolls = 0"):
        tetris_history(2, 0)
    for build in (tetris_history, tetris_tgm, tetris_tgm2, lambda: tetris_history(4, 6)):
        with pytest.raises(BudgetExceededError, match="1,603 states"):
            build()
    with pytest.raises(BudgetExceededError, match="1,603 states"):
        lookup("tgm")[0].shape({})
    with pytest.raises(BudgetExceededError, match="MAX_ENTRIES"):
        parse_spec("tetris_history:window=4")  # a specification is refused before anything is built
    assert get("tetris_history", window=2, rolls=3) == tetris_history(2, 3)


def _sofic_words(name: str) -> dict:
    records = json.loads(gzip.decompress(FIXTURE.read_bytes()))["processes"]
    record = next(r for r in records if r["module"] == "tetris" and r["name"] == name and r["setting"] == "default")
    alphabet = record["alphabet"]
    return {
        int(L): {tuple(alphabet[int(c, 36)] for c in w): p for w, p in ws.items()} for L, ws in record["words"].items()
    }


def _float_words(window: int, rolls: int, max_length: int) -> dict:
    """Word probabilities of the blanked-window machine in float64 (sparse: 1,603 states, 7 edges each)."""
    edges = _history_edges(window, rolls)
    names = sorted({e[0] for e in edges})
    index = {s: i for i, s in enumerate(names)}
    n = len(names)
    mats = {x: sp.lil_matrix((n, n)) for x in TETROMINOES}
    for s, t, x, p in edges:
        mats[x][index[s], index[t]] += float(p)
    mats = {x: m.tocsr() for x, m in mats.items()}
    total = sum(mats.values())
    pi = np.full(n, 1 / n)
    for _ in range(2000):  # the chain mixes in a few steps (a window is forgotten after 4 pieces)
        new = total.T @ pi
        if np.abs(new - pi).max() < 1e-15:
            break
        pi = new
    out, rows = {}, {(): pi}
    for L in range(1, max_length + 1):
        rows = {w + (x,): mats[x].T @ v for w, v in rows.items() for x in TETROMINOES}
        out[L] = {w: float(v.sum()) for w, v in rows.items()}
    return out


@pytest.mark.parametrize(("name", "rolls"), [("tetris_tgm", 4), ("tetris_tgm2", 6)])
def test_tgm_causal_states_give_sofics_words(name, rolls):
    """The 1,603 blanked windows generate the words of sofic's 2,401 ordered windows (to 1e-12)."""
    ours, theirs = _float_words(4, rolls, 3), _sofic_words(name)
    for L in (1, 2, 3):
        assert set(theirs[L]) <= set(ours[L])
        assert max(abs(ours[L][w] - p) for w, p in theirs[L].items()) < 1e-12
        assert abs(sum(ours[L].values()) - 1) < 1e-12
