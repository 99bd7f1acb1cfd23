"""Inference of epsilon-machines from data, measured against the exact machines."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compmech import HMM, epsilon_machine, is_isomorphic, sample
from compmech.cli import main
from compmech.errors import InvalidArgumentError
from compmech.inference import bayesian_structural_inference, cssr, same_topology
from compmech.inference._topologies import topologies
from compmech.measures import entropy_rate, myopic_entropies, statistical_complexity
from compmech.processes import biased_coin, even, golden_mean, period, rrxor, z1r


def _tokens(hmm, n, seed):
    return sample(hmm, 1, n, seed=seed)[0]


@pytest.mark.parametrize(
    ("hmm", "max_length", "future"),
    [(golden_mean(), 3, 1), (even(), 4, 1), (z1r(), 4, 1), (rrxor(), 5, 2)],
    ids=["golden_mean", "even", "z1r", "rrxor"],
)
def test_cssr_recovers_the_machine_from_a_million_symbols(hmm, max_length, future):
    r = cssr(_tokens(hmm, 10**6, seed=11), max_length, future_length=future, alphabet=hmm.alphabet)
    em = epsilon_machine(hmm)
    assert same_topology(r.machine, em)
    assert abs(float(entropy_rate(r.machine)) - float(entropy_rate(hmm))) < 3e-3
    assert abs(float(statistical_complexity(r.machine)) - float(statistical_complexity(hmm))) < 3e-3
    # the probabilities are exactly the counts' ratios, and the counts are kept
    for i in range(r.machine.n_states):
        for b, a in enumerate(r.machine.alphabet):
            row = r.machine.matrices[a].row(i)
            assert sum(row) * int(r.counts[i].sum()) == int(r.counts[i, b])


def test_published_cssr_cannot_tell_rrxor_phases_apart():
    """RRXOR's S, 0 and 1 all predict a fair bit: next-symbol tests cannot separate them after truncation."""
    r = cssr(_tokens(rrxor(), 10**6, seed=11), 5, future_length=1, alphabet=rrxor().alphabet)
    assert r.machine.n_states > 5 and float(entropy_rate(r.machine)) > float(entropy_rate(rrxor())) + 0.01


def test_memory_longer_than_max_length_gives_the_order_L_approximation():
    """Period 00001 has Markov order 4; with max_length 2 CSSR returns the order-2 Markov approximation.

    Its entropy rate is then the myopic entropy h(3) = H[X_2 | X_0 X_1] of the process (computed exactly
    here), not h_mu = 0, and it has 3 states (the histories 00, 01, 10), not 5.
    """
    hmm = period("00001")
    r = cssr(_tokens(hmm, 200_000, seed=3), 2, alphabet=hmm.alphabet)
    h3 = float(myopic_entropies(hmm, 3)[2])
    assert r.machine.n_states == 3 and not same_topology(r.machine, epsilon_machine(hmm))
    assert abs(float(entropy_rate(r.machine)) - h3) < 5e-3
    assert h3 > 0.5 > float(entropy_rate(hmm))


def _relabelled(machine: HMM, perm: dict) -> HMM:
    return HMM({perm[a]: m for a, m in machine.matrices.items()}, states=machine.states, alphabet=sorted(perm.values()))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["golden_mean", "even", "z1r", "rrxor"]), st.integers(0, 1000), st.booleans())
def test_relabelling_the_alphabet_relabels_the_machine(name, seed, test_ks):
    hmm = {"golden_mean": golden_mean(), "even": even(), "z1r": z1r(), "rrxor": rrxor()}[name]
    x = _tokens(hmm, 50_000, seed)
    kwargs = {"max_length": 5, "future_length": 2, "test": "ks" if test_ks and name != "rrxor" else "chi2"}
    a = cssr(x, **kwargs)
    b = cssr(np.where(x == 0, "b", "a"), **kwargs)  # 0 -> "b", 1 -> "a": the order of the symbols flips too
    assert is_isomorphic(b.machine, _relabelled(a.machine, {0: "b", 1: "a"})) or kwargs["test"] == "ks"
    assert same_topology(b.machine, _relabelled(a.machine, {0: "b", 1: "a"}))


def test_batches_do_not_straddle_sequences():
    """Rows of the period-4 word 0011 in alternating phases: joined end to end they would show 1111 and
    0000, which the process never emits; read as a batch they give the period-4 machine."""
    row = np.tile(np.array([0, 0, 1, 1]), 500)
    rows = np.stack([row if i % 2 == 0 else np.roll(row, 2) for i in range(10)])
    r = cssr(rows, 3, min_count=1)
    assert same_topology(r.machine, epsilon_machine(period([0, 0, 1, 1])))
    assert r.settings["n_sequences"] == 10 and r.settings["n_symbols"] == 20_000
    joined = cssr(rows.ravel(), 3, min_count=1)
    assert not same_topology(joined.machine, epsilon_machine(period([0, 0, 1, 1])))


def test_bad_input_is_refused():
    with pytest.raises(InvalidArgumentError, match="empty"):
        cssr([], 3)
    with pytest.raises(InvalidArgumentError, match="fewer than"):
        cssr([1], 0)
    with pytest.raises(InvalidArgumentError, match="fewer than"):
        cssr([0, 1, 0, 1], 5)
    with pytest.raises(InvalidArgumentError, match="not in the alphabet"):
        cssr([0, 1, 2, 0, 1], 1, alphabet=(0, 1))
    with pytest.raises(InvalidArgumentError, match="test"):
        cssr([0, 1] * 50, 2, test="t")
    with pytest.raises(InvalidArgumentError, match="empty"):
        bayesian_structural_inference([], 2)
    with pytest.raises(InvalidArgumentError, match="max_states"):
        bayesian_structural_inference([0, 1, 0], 0)
    with pytest.raises(InvalidArgumentError, match="prior keys"):
        bayesian_structural_inference([0, 1, 0], 1, prior={"gamma": 1})


def test_topology_counts_match_the_enumeration_literature():
    """Johnson, Crutchfield, Ellison and McTague (2010): 3, 7, 78, 1388 binary topological epsilon-machines."""
    assert [len(topologies(n, 2)) for n in (1, 2, 3, 4)] == [3, 7, 78, 1388]
    assert [len(topologies(n, 3)) for n in (1, 2)] == [7, 141]


@pytest.mark.slow
def test_five_state_topology_count():
    """35,186 binary topological epsilon-machines with 5 states (Johnson et al. 2010); about 14 s."""
    assert len(topologies(5, 2, max_tables=None)) == 35_186  # 632,700 tables: beyond the default budget


@pytest.mark.parametrize("hmm", [golden_mean(), even(), z1r(), biased_coin("1/3")], ids=lambda h: h.name)
def test_bsi_finds_the_machine_and_brackets_the_measures(hmm):
    r = bayesian_structural_inference(_tokens(hmm, 20_000, seed=5), max_states=3, alphabet=hmm.alphabet, seed=1)
    assert same_topology(r.map_machine, epsilon_machine(hmm)) and r.map_probability > 0.9
    assert math.isclose(sum(m["posterior"] for m in r.models), 1.0, rel_tol=1e-9)
    top = r.models[0]  # its Dirichlet posterior counts every symbol read: alpha (1) per edge plus the data
    edges = sum(1 for t in top["topology"] if t >= 0)
    assert math.isclose(float(top["dirichlet"].sum()), edges + 20_000, abs_tol=1e-9)
    lo, hi = r.credible["h_mu"]
    assert lo - 5e-3 <= float(entropy_rate(hmm)) <= hi + 5e-3
    lo, hi = r.credible["C_mu"]
    assert lo - 5e-3 <= float(statistical_complexity(hmm)) <= hi + 5e-3


def test_bsi_evidence_by_hand():
    """The data 0 1 0 1 0 1 on the 2-state period-2 topology, from the state that emits 0: each state has
    one edge, so every probability is 1 and the evidence is 1; the coin has Dirichlet-Bernoulli evidence
    Gamma(2) Gamma(4) Gamma(4) / (Gamma(8) Gamma(1) Gamma(1)) = 1/140."""
    r = bayesian_structural_inference([0, 1, 0, 1, 0, 1], max_states=2)
    by_n = {m["n_states"]: m for m in r.models}
    coin = [m for m in r.models if m["n_states"] == 1 and len([t for t in m["topology"] if t >= 0]) == 2][0]
    assert math.isclose(coin["log_evidence"], math.log(1 / 140), rel_tol=1e-9)
    period2 = [m for m in r.models if m["n_states"] == 2 and all(t >= 0 for t in m["topology"]) is False]
    assert any(math.isclose(m["log_evidence"], math.log(1 / 2), rel_tol=1e-9) for m in period2)
    assert 2 in by_n


def test_cli_infer(tmp_path, capsys):
    assert main(["infer", "even", "--length", "100000", "--max-length", "4"]) == 0
    out = capsys.readouterr().out
    assert "same topology as the exact epsilon-machine (2 states): yes" in out
    path = str(tmp_path / "gm.npz")
    assert main(["sample", "golden_mean", "-n", "1", "--length", "20000", "--out", path]) == 0
    assert main(["infer", path, "--truth", "golden_mean", "--method", "bsi", "--max-states", "2"]) == 0
    out = capsys.readouterr().out
    assert "BSI MAP machine" in out and "yes" in out and "credible" in out
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    assert main(["infer", str(tmp_path / "bad.npz")]) == 2
    npy = str(tmp_path / "gm.npy")
    assert main(["sample", "golden_mean", "-n", "1", "--length", "20000", "--out", npy]) == 0
    assert main(["infer", npy, "--truth", "golden_mean", "--max-length", "3"]) == 0
    assert "(2 states): yes" in capsys.readouterr().out
    many = str(tmp_path / "many.npz")
    assert main(["sample", "golden_mean", "-n", "3", "--length", "100", "--out", many]) == 0
    capsys.readouterr()
    assert main(["infer", many, "--method", "bsi"]) == 2  # never silently the first sequence only
    assert "holds 3 sequences" in capsys.readouterr().err
