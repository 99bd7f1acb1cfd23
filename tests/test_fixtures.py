"""Ground truth, fixture files and sampling."""

import gzip
import itertools
import json
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import chisquare

from compmech import HMM, ground_truth, load_fixture, sample, save_fixture
from compmech.errors import FixtureError, InvalidArgumentError, InvalidEntryError, SymbolicParameterError
from compmech.io import hmm_from_dict, hmm_to_dict, load_hmm, save_hmm
from compmech.measures import myopic_entropies
from compmech.processes import even, golden_mean, mess3, random_hmm, rrxor, sns, z1r


@pytest.mark.parametrize(
    "hmm, L", [(golden_mean(), 5), (rrxor(), 6), (mess3(), 4), (sns("1/3", "1/4"), 5), (random_hmm(4, 3, seed=5), 3)]
)
def test_ground_truth_against_word_by_word(hmm, L, tmp_path):
    gt = ground_truth(hmm, L)
    words = [w for w in itertools.product(range(hmm.n_symbols), repeat=L) if hmm.word_probability(w) != 0]
    assert gt.tokens.tolist() == [list(w) for w in words]  # lexicographic, positive probability only
    assert sum(gt.probabilities) == 1
    for i, w in enumerate(words):
        assert gt.probabilities[i] == Fraction(str(hmm.word_probability(w)))
        for t in range(L):
            b = gt.unique_beliefs[gt.belief_index[i, t + 1]]
            assert b == tuple(Fraction(str(v)) for v in hmm.belief(w[: t + 1]))
            nt = gt.next_token[gt.belief_index[i, t + 1]]
            assert sum(nt) == 1
            for x in range(hmm.n_symbols):
                joint = hmm.word_probability(list(w[: t + 1]) + [x])
                assert nt[x] == Fraction(str(joint)) / Fraction(str(hmm.word_probability(w[: t + 1])))
    assert gt.unique_beliefs[gt.belief_index[0, 0]] == tuple(Fraction(str(v)) for v in hmm.stationary_distribution())
    np.testing.assert_allclose(gt.beliefs_float.sum(axis=2), 1.0, atol=1e-15)
    # the probe targets: beliefs_float[i, t] is the belief after the first t + 1 tokens, correctly rounded
    for i, w in enumerate(words):
        for t in range(L):
            want = [float(Fraction(str(v))) for v in hmm.belief(w[: t + 1])]
            assert gt.beliefs_float[i, t].tolist() == want
            assert gt.beliefs_with_empty_float[i, t + 1].tolist() == want
    pi = [float(Fraction(str(v))) for v in hmm.stationary_distribution()]
    assert gt.beliefs_with_empty_float[:, 0].tolist() == [pi] * len(words)
    fx = tmp_path / "gt.json"
    save_fixture(gt, fx)
    assert np.array_equal(load_fixture(fx).beliefs_float, gt.beliefs_float)


def test_mess3_beliefs_tell_states_b_and_c_apart():
    """By hand (x = 1/20, alpha = 17/20, beta = 3/40, y = 9/10): from the uniform pi, the belief after one
    symbol is the column sums of T[x] over 3; column x of T[x] sums to alpha, the others to beta.  After 01:
    (17/20, 3/40, 3/40) T[1] = (927/16000, 1547/16000, 273/32000), normalized by 5221/32000.  Swapping T[1] and
    T[2] (or states B and C) changes each of these."""
    m = mess3()
    R = Fraction
    assert m.belief([1]) == (R(3, 40), R(17, 20), R(3, 40))
    assert m.belief([2]) == (R(3, 40), R(3, 40), R(17, 20))
    assert m.belief([0, 1]) == (R(1854, 5221), R(3094, 5221), R(273, 5221))
    assert m.belief([0, 2]) == (R(1854, 5221), R(273, 5221), R(3094, 5221))
    gt = ground_truth(m, 2)
    row = gt.tokens.tolist().index([0, 1])
    assert gt.beliefs_float[row, 1].tolist() == [1854 / 5221, 3094 / 5221, 273 / 5221]
    assert gt.beliefs_float[row, 0].tolist() == [17 / 20, 3 / 40, 3 / 40]


def test_optimal_loss_is_the_myopic_entropy():
    for hmm in (golden_mean(), rrxor(), mess3()):
        L = 4
        gt = ground_truth(hmm, L)
        h = [float(v) for v in myopic_entropies(hmm, L + 1)]
        np.testing.assert_allclose(gt.optimal_loss_bits, h[1:], rtol=0, atol=1e-13)


def test_published_optima():
    assert abs(ground_truth(rrxor(), 10).optimal_loss_nats.mean() - 0.57819) < 5e-6
    assert ground_truth(rrxor(), 10).n_words == 436


@pytest.mark.slow
def test_mess3_ground_truth_at_10():
    gt = ground_truth(mess3(), 10)
    assert gt.n_words == 59049 and len(gt.unique_beliefs) == sum(3**d for d in range(11))
    assert abs(gt.optimal_loss_nats.mean() - 0.80251) < 5e-6
    assert sum(gt.probabilities) == 1


def test_ground_truth_refuses_bad_input():
    import sympy

    with pytest.raises(InvalidArgumentError):
        ground_truth(golden_mean(), 0)
    with pytest.raises(SymbolicParameterError):
        ground_truth(golden_mean(sympy.Symbol("p")), 3)


@pytest.mark.parametrize("suffix", [".json", ".json.gz"])
def test_fixture_round_trip_is_bit_exact(tmp_path, suffix):
    gt = ground_truth(rrxor(), 6)
    p1, p2 = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    d1 = save_fixture(gt, p1)
    back = load_fixture(p1)
    assert back.probabilities == gt.probabilities
    assert back.unique_beliefs == gt.unique_beliefs and back.next_token == gt.next_token
    assert np.array_equal(back.beliefs_float, gt.beliefs_float)
    assert np.array_equal(back.optimal_loss_bits, gt.optimal_loss_bits)
    assert back.hmm == gt.hmm
    d2 = save_fixture(back, p2)
    assert d1 == d2 and p1.read_bytes() == p2.read_bytes()


def test_fixture_readable_with_standard_library(tmp_path):
    import hashlib

    path = tmp_path / "gm.json"
    save_fixture(ground_truth(golden_mean(), 3), path)
    data = json.loads(path.read_text())
    digest = data.pop("sha256")
    assert hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest() == digest
    assert data["probabilities"] == ["1/6", "1/6", "1/3", "1/6", "1/6"]
    assert sum(Fraction(p) for p in data["probabilities"]) == 1


def test_tampered_truncated_and_newer_fixtures_are_refused(tmp_path):
    path = tmp_path / "f.json"
    save_fixture(ground_truth(golden_mean(), 3), path)
    text = path.read_text()
    (tmp_path / "tampered.json").write_text(text.replace('"1/3"', '"1/4"', 1))
    with pytest.raises(FixtureError, match="sha256 mismatch"):
        load_fixture(tmp_path / "tampered.json")
    (tmp_path / "truncated.json").write_text(text[: len(text) // 2])
    with pytest.raises(FixtureError, match="truncated"):
        load_fixture(tmp_path / "truncated.json")
    data = json.loads(text)
    data["version"] = 99
    (tmp_path / "newer.json").write_text(json.dumps(data))
    with pytest.raises(FixtureError, match="newer"):
        load_fixture(tmp_path / "newer.json")
    (tmp_path / "gz.json.gz").write_bytes(gzip.compress(text.encode())[:50])
    with pytest.raises(FixtureError, match="truncated"):
        load_fixture(tmp_path / "gz.json.gz")


def test_interrupted_write_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    save_fixture(ground_truth(golden_mean(), 3), path)
    before = path.read_bytes()
    import compmech.io.fixtures as fx

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(fx.json, "dumps", boom)
    with pytest.raises(KeyboardInterrupt):
        save_fixture(ground_truth(golden_mean(), 4), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temporary left behind


def test_hmm_files(tmp_path):
    for hmm in (mess3(), rrxor(), golden_mean("1/3")):
        save_hmm(hmm, tmp_path / "h.json")
        assert load_hmm(tmp_path / "h.json") == hmm
    import sympy

    g = golden_mean(sympy.Symbol("p"))
    assert hmm_from_dict(hmm_to_dict(g)) == g
    with pytest.raises(InvalidEntryError, match="newer"):
        d = hmm_to_dict(rrxor())
        d["version"] = 7
        hmm_from_dict(d)


def test_import_numpy_array_with_warning():
    T = np.array([[[0.5, 0.0], [1.0 / 3.0, 0.0]], [[0.0, 0.5], [0.0, 2.0 / 3.0]]])
    h = HMM.from_float(T, max_denominator=100)
    assert h.matrices[0][1, 0] == Fraction(1, 3)
    with pytest.warns(UserWarning, match="sum to 9999/10000"):
        HMM.from_float(np.array([[[0.3333]], [[0.6666]]]), max_denominator=10**4)


@pytest.mark.parametrize("hmm", [golden_mean(), mess3(), z1r(), even("1/3")])
def test_sampled_word_frequencies_match_exact_probabilities(hmm):
    L, N = 3, 60_000
    x = sample(hmm, N, L, seed=123)
    words = [w for w in itertools.product(range(hmm.n_symbols), repeat=L)]
    probs = np.array([float(hmm.word_probability(w)) for w in words])
    index = {w: i for i, w in enumerate(words)}
    counts = np.zeros(len(words))
    for w, c in zip(*np.unique(x, axis=0, return_counts=True)):
        counts[index[tuple(int(v) for v in w)]] += c
    assert counts[probs == 0].sum() == 0  # forbidden words never appear
    keep = probs > 0
    stat, pvalue = chisquare(counts[keep], probs[keep] * N)
    assert pvalue > 1e-4


def test_sampling_is_reproducible_and_returns_states():
    a = sample(rrxor(), 100, 20, seed=7)
    b = sample(rrxor(), 100, 20, seed=7)
    assert np.array_equal(a, b)
    tokens, states = sample(rrxor(), 50, 9, seed=1, return_states=True)
    assert states.shape == (50, 10)
    T = rrxor().to_numpy()
    for i in range(50):
        for t in range(9):
            assert T[tokens[i, t], states[i, t], states[i, t + 1]] > 0
    x = sample(golden_mean(), 1000, 5, seed=0, start=[0, 1])
    assert (x[:, 0] == 0).all()  # from B the first symbol is 0
