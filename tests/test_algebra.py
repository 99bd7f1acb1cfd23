"""Issue #14: nonergodic HMMs, mixtures, products and channels, against hand derivations and second algorithms."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

import compmech as cm
from compmech import measures as M
from compmech.errors import (
    InfiniteStatesError,
    InvalidArgumentError,
    NotErgodicError,
    NotStationaryError,
    NotStochasticError,
    ProbabilityRangeError,
    ShapeError,
)
from compmech.io import hmm_from_dict, hmm_to_dict
from compmech.processes import even, golden_mean, mess3, period, rrxor
from compmech.testing import synchronizing_hmms

R = sympy.Rational
log2 = lambda x: sympy.log(x) / sympy.log(2)  # noqa: E731


def H(*ps):
    return sum((-R(p) * log2(R(p)) for p in ps if p), sympy.Integer(0))


def same(a, b) -> bool:
    return M.exactly_equal(a, b)


P2, P3 = period([0, 1]), period([0, 0, 1])


# ------------------------------------------------------------------ nonergodic HMMs
def test_several_closed_classes_need_a_start():
    T = {0: [[1, 0], [0, 0]], 1: [[0, 0], [0, 1]]}  # two absorbing states: 000... or 111...
    with pytest.raises(NotErgodicError, match=r"start="):
        cm.HMM(T).stationary_distribution()
    h = cm.HMM(T, start=["1/4", "3/4"])
    assert not h.is_ergodic() and h.stationary_distribution() == (R(1, 4), R(3, 4))
    assert h.word_probability([1, 1, 1]) == R(3, 4)
    with pytest.raises(NotStationaryError, match=r"\(start T\)\[0\] \(state 0\) = 3/4"):
        cm.HMM({0: [[0, 1], [1, 0]]}, start=["1/4", "3/4"])  # a cycle: only (1/2, 1/2) is stationary
    with pytest.raises(NotStochasticError):
        cm.HMM(T, start=["1/4", "1/4"])


def test_start_survives_files_and_reversal():
    m = cm.mixture([golden_mean(), P2], ["1/3", "2/3"])
    d = json.loads(json.dumps(hmm_to_dict(m)))
    assert d["start"] == ["2/9", "1/9", "1/3", "1/3"]
    back = hmm_from_dict(d)
    assert not back.is_ergodic() and back.stationary_distribution() == m.stationary_distribution()
    r = cm.reverse(m)
    for w in ([0, 1, 0], [1, 0, 0], [0, 0, 1]):
        assert r.word_probability(w) == m.word_probability(w[::-1])


# ------------------------------------------------------------------ mixture: construction
def test_mixture_structure_and_refusals():
    m = cm.mixture([mess3(), rrxor()], ["1/4", "3/4"])
    assert m.alphabet == (0, 1, 2) and m.n_states == 8 and not m.is_ergodic()
    assert [list(b) for b in m.blocks] == [[0, 1, 2], [3, 4, 5, 6, 7]]
    assert m.word_probability([2]) == R(1, 4) * R(1, 3)  # RRXOR never emits 2
    with pytest.raises(NotStochasticError, match="sum to 5/4"):
        cm.mixture([P2, P3], ["1/2", "3/4"])
    with pytest.raises(ProbabilityRangeError, match="weight 0"):
        cm.mixture([P2, P3], [0, 1])
    with pytest.raises(ShapeError):
        cm.mixture([P2, P3], ["1"])
    with pytest.raises(InvalidArgumentError, match="GHMM"):
        cm.mixture([P2, cm.processes.tom_quantum()], ["1/2", "1/2"])
    with pytest.raises(InvalidArgumentError, match="symbolic"):
        cm.mixture([P2, P3], [sympy.Symbol("w"), 1 - sympy.Symbol("w")])


def test_ergodic_decomposition_and_same_process():
    parts = cm.ergodic_decomposition(cm.mixture([P2, P3, golden_mean()], ["1/6", "1/3", "1/2"]))
    assert [c.weight for c in parts] == [R(1, 6), R(1, 3), R(1, 2)]
    assert cm.same_process(parts[2].hmm, golden_mean()) and not cm.same_process(golden_mean(), even())
    # a nonminimal, nonunifilar presentation of the golden mean (a register that forgets) is the same process
    big = cm.processes.with_hidden_register(golden_mean())
    assert cm.same_process(big, golden_mean())
    # word probabilities agree up to length 2 but the processes differ: decided by the minimal presentations
    a = cm.HMM({0: [["1/2", 0], [0, "1/2"]], 1: [[0, "1/2"], ["1/2", 0]]})  # i.i.d. fair coin, 2 states
    b = cm.HMM({0: [[0, "1/2", 0], [0, 0, "1/2"], ["1/2", 0, 0]], 1: [["1/2", 0, 0], [0, "1/2", 0], [0, 0, "1/2"]]})
    assert cm.same_process(a, cm.processes.biased_coin("1/2")) and cm.same_process(b, a)


# ------------------------------------------------------------------ mixture: measures, by hand
def test_period_two_and_three_by_hand():
    """P2 + P3 (1/2 each): the component is known after 4 symbols; every value derived on paper."""
    m = cm.mixture([P2, P3], ["1/2", "1/2"])
    E = R(3, 2) + log2(3) / 2  # H(w) + (1/2)(1) + (1/2) log2 3
    assert M.entropy_rate(m) == 0
    assert same(M.statistical_complexity(m), E) and same(M.excess_entropy(m), E)
    assert M.crypticity(m) == 0
    D = 1 + R(7, 12) * H(R(3, 7), R(4, 7)) + R(5, 3) * H(R(3, 5), R(2, 5))  # sum_L H[W | X^L], L = 0..3
    assert same(M.component_identification_information(m), D)
    assert same(M.synchronization_information(m), D + R(1, 2) * 1 + R(1, 2) * (log2(3) + R(2, 3)))
    # T by a second algorithm: h = 0 and H(L) = E from L = 4 on, so T = sum_{L<4} (E - H(L)) from block entropies
    T_blocks = sum((E - M.block_entropy(m, L) for L in range(4)), sympy.Integer(0))
    assert same(M.transient_information(m), T_blocks)


def test_mixture_of_a_process_with_itself_is_that_process():
    m = cm.mixture([golden_mean(), golden_mean("1/2"), rrxor()], ["1/4", "1/4", "1/2"])
    # the two golden means merge: two distinct components of weight 1/2
    assert same(
        M.statistical_complexity(m),
        1 + (M.statistical_complexity(golden_mean()) + M.statistical_complexity(rrxor())) / 2,
    )
    assert same(M.excess_entropy(m), 1 + (M.excess_entropy(golden_mean()) + M.excess_entropy(rrxor())) / 2)
    twin = cm.mixture([golden_mean(), golden_mean()], ["1/3", "2/3"])
    assert same(M.statistical_complexity(twin), M.statistical_complexity(golden_mean()))
    assert cm.is_isomorphic(cm.epsilon_machine(twin), cm.epsilon_machine(golden_mean()))
    with pytest.raises(NotErgodicError, match="2 distinct ergodic"):
        cm.epsilon_machine(m)
    with pytest.raises(NotErgodicError, match="markov_order"):
        M.markov_order(m)


def test_mixture_with_infinite_components():
    m = cm.mixture([mess3(), mess3("3/20", "1/2")], ["1/2", "1/2"])
    h = M.entropy_rate(m, depth=6)
    h1, h2 = M.entropy_rate(mess3(), depth=6), M.entropy_rate(mess3("3/20", "1/2"), depth=6)
    assert h.lower <= (h1.lower + h2.lower) / 2 and h.upper >= (h1.upper + h2.upper) / 2
    assert h.width <= (h1.width + h2.width) / 2 + R(1, 10**30)
    assert M.statistical_complexity(m) == sympy.oo  # Mess3's causal states are certified uncountable
    with pytest.raises(InfiniteStatesError):
        M.excess_entropy(m)


def test_posterior_that_never_settles_is_reported():
    m = cm.mixture([golden_mean(), P2], ["1/3", "2/3"])  # 1010... is allowed by both, forever
    with pytest.raises(InfiniteStatesError, match="posterior over the 2 components"):
        M.synchronization_information(m, max_states=200)


# ------------------------------------------------------------------ products
def test_product_adds_measures():
    g = cm.product(golden_mean(), even())
    assert g.is_ergodic() and g.alphabet[1] == (0, 1) and g.n_states == 4
    for f in (
        M.entropy_rate,
        M.statistical_complexity,
        M.excess_entropy,
        M.transient_information,
        M.synchronization_information,
    ):
        assert same(f(g), f(golden_mean()) + f(even())), f.__name__


def test_product_of_periodic_processes_is_nonergodic_and_still_adds():
    """P2 x P2 locks the phases: two ergodic components; h, C, E, S, T still add (independent sources)."""
    g = cm.product(P2, P2)
    assert not g.is_ergodic() and len(cm.ergodic_decomposition(g)) == 2
    assert M.entropy_rate(g) == 0
    assert M.statistical_complexity(g) == 2 and M.excess_entropy(g) == 2
    assert M.synchronization_information(g) == 2 and M.transient_information(g) == 2
    g3 = cm.product(P2, P3)  # periods 2 and 3 are coprime: one cycle of 6, ergodic
    assert g3.is_ergodic() and same(M.excess_entropy(g3), 1 + log2(3))


# ------------------------------------------------------------------ channels
def test_binary_symmetric_channel_on_the_golden_mean():
    noisy = cm.channel(golden_mean(), cm.binary_symmetric("1/10"))
    assert not noisy.is_unifilar() and noisy.is_ergodic()
    # second algorithm: sum over the hidden words of the golden mean, through the channel symbol by symbol
    gm = golden_mean()
    C = [[R(9, 10), R(1, 10)], [R(1, 10), R(9, 10)]]
    for y in ([0, 0, 1], [1, 1, 1], [0, 1, 0]):
        brute = sum(
            gm.word_probability(list(x)) * np.prod([C[a][b] for a, b in zip(x, y)]) for x in np.ndindex(*(2,) * len(y))
        )
        assert noisy.word_probability(y) == brute
    iv = M.entropy_rate(noisy, depth=8)
    est = M.entropy_rate_estimate(noisy, n_steps=200_000, seed=1)
    # noise never lowers a binary process's entropy rate (Mrs. Gerber's lemma: h(Y) >= h(X) = 2/3 here)
    assert iv.lower >= R(2, 3) and float(iv.lower) <= est.value + 5 * est.stderr
    assert float(iv.upper) >= est.value - 5 * est.stderr and iv.upper <= 1
    assert cm.same_process(cm.channel(gm, cm.binary_symmetric(0)), gm)
    with pytest.raises(NotStochasticError):
        cm.channel(gm, [[1, 0], ["1/2", "1/3"]])
    with pytest.raises(ProbabilityRangeError):
        cm.binary_symmetric("3/2")


def test_channel_with_other_outputs():
    erase = cm.channel(golden_mean(), {0: {0: "3/4", "?": "1/4"}, 1: {1: "3/4", "?": "1/4"}}, outputs=[0, 1, "?"])
    assert erase.alphabet == (0, 1, "?") and erase.word_probability(["?"]) == R(1, 4)


# ------------------------------------------------------------------ MSP and ground truth
def test_msp_and_ground_truth_of_a_mixture_show_the_component_posterior(tmp_path):
    m = cm.mixture([P2, P3], ["1/2", "1/2"])
    msp = cm.mixed_state_presentation(m)
    G = msp.graph
    assert msp.complete and G.nodes[0]["component_posterior"] == (R(1, 2), R(1, 2))
    assert {G.nodes[u]["component_posterior"] for u in msp.recurrent_states} == {(1, 0), (0, 1)}
    gt = cm.ground_truth(m, 4)
    after = gt.belief_index[:, 1]  # after one token: posterior (3/7, 4/7) after 0, (3/5, 2/5) after 1
    got = {tuple(gt.tokens[i, :1]): gt.component_posteriors[after[i]] for i in range(gt.n_words)}
    assert got[(0,)] == (Fraction(3, 7), Fraction(4, 7)) and got[(1,)] == (Fraction(3, 5), Fraction(2, 5))
    assert set(map(tuple, gt.component_posteriors_float[gt.belief_index[:, -1]].tolist())) == {(1.0, 0.0), (0.0, 1.0)}
    live = (gt.component_posteriors_float > 0).sum(axis=1)  # each live component's block sums to 1
    np.testing.assert_allclose(gt.within_component_float.sum(axis=1), live, rtol=0, atol=1e-15)
    path = tmp_path / "mix.json"
    cm.save_fixture(gt, path)
    back = cm.load_fixture(path)
    assert back.component_posteriors == gt.component_posteriors
    data = json.loads(path.read_text())
    data["component_posteriors"][1] = ["1/2", "1/2"]
    data.pop("sha256")
    path.write_text(json.dumps(data))
    with pytest.raises(cm.errors.FixtureError, match="component_posteriors\\[1\\]"):
        cm.load_fixture(path, verify="none")


# ------------------------------------------------------------------ hypothesis: identities over random machines
def _shifted(h, offset):
    """The same machine with its symbols renamed x -> x + offset (a disjoint alphabet)."""
    return cm.HMM({a + offset: m for a, m in h.matrices.items()}, states=h.states)


@given(
    a=synchronizing_hmms(max_states=3, max_symbols=2),
    b=synchronizing_hmms(max_states=3, max_symbols=2),
    w=st.integers(1, 5),
)
def test_mixture_identities_over_random_synchronizing_machines(a, b, w):
    """Disjoint alphabets: the first symbol names the component, so H_mix(L) = H(w) + sum w_i H_i(L) exactly, and
    E = H_mix(L) - L h_mix from the Markov order on (block entropies by word enumeration: a second algorithm)."""
    b = _shifted(b, 10)
    wa = R(w, 6)
    m = cm.mixture([a, b], [wa, 1 - wa])
    h = M.entropy_rate(m)
    assert same(h, wa * M.entropy_rate(a) + (1 - wa) * M.entropy_rate(b))
    for L in (1, 2):
        assert same(
            M.block_entropy(m, L), H(wa, 1 - wa) + wa * M.block_entropy(a, L) + (1 - wa) * M.block_entropy(b, L)
        )
    R_ = max(M.markov_order(a), M.markov_order(b))
    assume(R_ <= 4)
    E = M.excess_entropy(m)
    assert same(E, M.block_entropy(m, R_) - R_ * h)
    assert same(
        M.statistical_complexity(m),
        H(wa, 1 - wa) + wa * M.statistical_complexity(a) + (1 - wa) * M.statistical_complexity(b),
    )
    assert same(M.crypticity(m), M.statistical_complexity(m) - E)


@given(a=synchronizing_hmms(max_states=3, max_symbols=2), b=synchronizing_hmms(max_states=3, max_symbols=2))
def test_product_identities_over_random_synchronizing_machines(a, b):
    g = cm.product(a, b)
    for f in (M.entropy_rate, M.statistical_complexity, M.excess_entropy):
        assert same(f(g), f(a) + f(b)), f.__name__


# ------------------------------------------------------------------ process specifications
def test_combinations_in_process_specifications():
    from compmech.spec import parse_spec

    m = parse_spec("mixture(1/3*mess3:x=1/20,alpha=17/20; 2/3*product(golden_mean; period:word=01))")
    assert isinstance(m, cm.Mixture) and m.weights == (R(1, 3), R(2, 3)) and m.components[1].n_states == 4
    assert parse_spec("channel(golden_mean; bsc=1/10)").word_probability([0, 0]) == R(33, 100)
    for bad, needle in [
        ("mixture(golden_mean; even)", "weight\\*process"),
        ("mixture(1/2*golden_mean; )", "empty part"),
        ("mixture(1/2*golden_mean; 1/2*even", "unbalanced"),
        ("product(golden_mean; (even)", "unbalanced"),
        ("channel(golden_mean; flip=1/2)", "bsc=EPS"),
        ("mixture(__import__('os')*golden_mean)", "allowed: numbers"),  # never evaluated
        ("product(" * 9 + "golden_mean" + ")" * 9, "nested more than 8"),
    ]:
        with pytest.raises(cm.errors.CompmechError, match=needle):
            parse_spec(bad)


def test_fixtures_of_a_product_and_a_locked_product_round_trip(tmp_path):
    for g in (cm.product(P2, golden_mean()), cm.product(P2, P2)):  # ergodic, then nonergodic (start in the file)
        gt = cm.ground_truth(g, 3)
        cm.save_fixture(gt, tmp_path / "p.json")
        back = cm.load_fixture(tmp_path / "p.json", verify="full")
        assert back.probabilities == gt.probabilities and back.unique_beliefs == gt.unique_beliefs
        assert back.hmm.is_ergodic() == g.is_ergodic()


def test_golden_mean_or_even_against_block_entropies():
    """Both have h = 2/3 and share most words, yet the posterior settles: T from the MSP of the mixture matches the
    block-entropy sum, whose terms E + L h - H(L) are nonnegative (partial sums are lower bounds)."""
    m = cm.mixture([golden_mean(), even()], ["1/3", "2/3"])
    assert M.entropy_rate(m) == R(2, 3)
    E = M.excess_entropy(m)
    assert same(E, H(R(1, 3), R(2, 3)) + (M.excess_entropy(golden_mean()) + 2 * M.excess_entropy(even())) / 3)
    terms = [float(E) + 2 * L / 3 - float(HL) for L, HL in enumerate(M.block_entropies(m, 18))]
    assert all(t >= -1e-12 for t in terms) and terms[-1] < 0.002
    T = float(M.transient_information(m))
    assert sum(terms) <= T <= sum(terms) + 0.01  # the tail after L = 18 decays geometrically (ratio ~0.7)


def test_parametric_mixture_matches_its_numeric_values():
    p = sympy.Symbol("p", positive=True)
    m = cm.mixture([golden_mean(p), even()], ["1/2", "1/2"])
    for f in (M.entropy_rate, M.statistical_complexity, M.excess_entropy):
        sym = f(m)
        for v in (R(1, 3), R(1, 2)):
            num = f(cm.mixture([golden_mean(v), even()], ["1/2", "1/2"]))
            assert abs(float(sym.subs(p, v)) - float(num)) < 1e-12, f.__name__
