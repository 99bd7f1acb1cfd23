"""Generalized HMMs, process rank, minimal presentations and nonnegativity, against independent values."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import compmech as cm
from compmech.errors import (
    FloatEntryError,
    InvalidArgumentError,
    NegativeProbabilityError,
    NotStationaryError,
)
from compmech.processes import (
    certified_value,
    even,
    fanizza,
    golden_mean,
    mess3,
    post_quantum,
    post_quantum_point,
    rrxor,
    sns,
    tom_quantum,
    with_hidden_register,
    z1r,
)
from compmech.testing import hmms, nonminimal_presentations, synchronizing_hmms

R = sympy.Rational


def words(k, L):
    return [list(w) for n in range(L + 1) for w in itertools.product(range(k), repeat=n)]


# ----------------------------------------------------------------------------- independent float models
def tom_quantum_float(alpha, beta):
    """The Bloch walk from its Kraus operators, written independently: rho -> K rho K^dagger on Bloch vectors."""
    sz, sx, eye = np.diag([1.0, -1.0]), np.array([[0.0, 1.0], [1.0, 0.0]]), np.eye(2)
    g = 1 / math.sqrt(4 * (alpha**2 + beta**2))
    kraus = [g * (alpha * eye + beta * sz), g * (alpha * eye - beta * sz)]
    kraus += [g * (alpha * eye + beta * sx), g * (alpha * eye - beta * sx)]

    def prob(word):  # start from the maximally mixed state I/2, Pr = trace
        rho = eye / 2
        for x in word:
            rho = kraus[x] @ rho @ kraus[x].T
        return float(np.trace(rho))

    return prob


def fanizza_float(lam, c, s):
    den = 1 - 2 * lam * c + lam**2
    cp, cm_ = (1 - lam * c + lam * s) / den, (1 - lam * c - lam * s) / den
    pi0 = np.array([1 - 1 / (2 * (1 - lam)) + (cp + cm_) / 4, 1 / (2 * (1 - lam)), -cp / 4, -cm_ / 4])
    omega = np.array([1, 1 - lam, 1 + lam * (s - c), 1 - lam * (s + c)])
    Ta = np.outer(omega, pi0)
    Tb = lam * np.array([[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, c, -s], [0, 0, s, c]])
    T = Ta + Tb
    w, v = np.linalg.eig(T.T)
    eta = np.real(v[:, np.argmin(abs(w - 1))])
    eta /= eta.sum()
    return [Ta, Tb], eta, np.ones(4)


def moon_float(alpha, beta):
    l_ = math.log(alpha * beta)
    s = alpha + beta
    roots = np.roots([1, -(4 + s), 6 + 3 * s + l_, -(4 + 2 * s + l_ * s)])
    nu = 1 / max(r.real for r in roots if abs(r.imag) < 1e-12)
    Ta = nu * np.outer([1, 1, 0], [1, -1, -1])
    Tb = nu * np.array([[alpha, 0, 0], [0, 1, 0], [0, math.log(alpha), 1]])
    Tc = nu * np.array([[beta, 0, 0], [0, 1, 0], [0, math.log(beta), 1]])
    T = Ta + Tb + Tc
    w, v = np.linalg.eig(T)
    tau = np.real(v[:, np.argmin(abs(w - 1))])
    w, v = np.linalg.eig(T.T)
    eta = np.real(v[:, np.argmin(abs(w - 1))])
    eta /= eta @ tau
    return [Ta, Tb, Tc], eta, tau


def float_prob(mats, eta, tau, word):
    v = eta
    for x in word:
        v = v @ mats[x]
    return float(v @ tau)


# ----------------------------------------------------------------------------- the class
def test_an_hmm_is_a_ghmm_with_tau_one():
    h = golden_mean()
    assert isinstance(h, cm.GHMM) and h.is_classical()
    assert h.tau == (1, 1) and h.eta == h.stationary_distribution()
    g = cm.GHMM(h.matrices.values())  # the same matrices as a GHMM: tau = 1 found, eta computed
    assert not g.is_classical() and g.tau == (1, 1) and g.eta == (R(2, 3), R(1, 3))
    assert all(g.word_probability(w) == h.word_probability(w) for w in words(2, 4))


def test_validation_names_what_is_wrong():
    T = [[["1/2", 0], [0, "1/2"]], [[0, "1/2"], ["1/2", 0]]]
    with pytest.raises(NotStationaryError, match="T tau = tau"):
        cm.GHMM(T, tau=[1, 2])
    with pytest.raises(NotStationaryError, match="eta T = eta"):
        cm.GHMM(T, eta=["1/3", "2/3"])
    with pytest.raises(NotStationaryError, match="eta tau"):
        cm.GHMM(T, eta=[1, 1])
    with pytest.raises(NotStationaryError, match="not unique"):
        cm.GHMM([[[1, 0], [0, 1]]])  # T = I: every vector is stationary
    with pytest.raises(NotStationaryError, match="no eigenvalue 1"):
        cm.GHMM([[["1/2", 0], [0, "1/3"]]])
    with pytest.raises(FloatEntryError):
        cm.GHMM([[[0.5]], [[0.5]]])


def test_tau_is_found_when_rows_do_not_sum_to_one():
    g = cm.GHMM([[[1, 0], [0, 0]], [[0, 0], [1, 0]]])  # rows of T sum to 1: tau = (1, 1)
    assert g.tau == (1, 1)
    s = sympy.Matrix([[2, 1], [1, 1]])  # a similarity transform moves tau away from ones
    mats = [s.inv() * m * s for m in golden_mean().matrices.values()]
    g = cm.GHMM(mats)
    assert g.tau == (0, 1)  # s^-1 (1, 1) = (0, 1), already scaled to a first nonzero entry of 1
    assert g.transition_matrix * sympy.Matrix(g.tau) == sympy.Matrix(g.tau)
    assert all(g.word_probability(w) == golden_mean().word_probability(w) for w in words(2, 4))


# ----------------------------------------------------------------------------- the processes
def test_tom_quantum_matches_kraus_operators():
    for a, b in ((1, 1), (1, 2), (3, 1)):
        g, ref = tom_quantum(a, b), tom_quantum_float(a, b)
        for w in words(4, 3):
            assert float(g.word_probability(w)) == pytest.approx(ref(w), abs=1e-14)
    g = tom_quantum(1, 2)
    T = list(g.matrices.values())
    m = R(1 - 4, 4 * 5)
    assert T[0] * T[1] == m**2 * sympy.eye(3) == T[2] * T[3]


def test_tom_quantum_paper_default_is_exact_over_sqrt51():
    g = tom_quantum(1, sympy.sqrt(51))
    assert str(g.domain) == "QQ<sqrt(51)>"
    ref = tom_quantum_float(1, math.sqrt(51))
    for w in words(4, 3):
        assert float(g.word_probability(w)) == pytest.approx(ref(w), abs=1e-14)
    assert cm.mixed_state_presentation(g, max_depth=3).nodes_per_depth() == [1, 4, 12, 36]


def test_fanizza_matches_its_formulas_and_is_valid():
    g = fanizza()
    mats, eta, tau = fanizza_float(0.49, -5 / 13, 12 / 13)
    for w in words(2, 6):
        assert float(g.word_probability(w)) == pytest.approx(float_prob(mats, eta, tau, w), abs=1e-13)
    cert = cm.verify_nonnegative(g, 40)
    assert cert.max_length == 40 and not cert.all_lengths
    with pytest.raises(InvalidArgumentError, match="unit circle"):
        fanizza(angle=(R(1, 2), R(1, 2)))
    with pytest.raises(InvalidArgumentError, match="lam"):
        fanizza(lam=R(3, 4))


def test_post_quantum_exact_identities_and_certified_point():
    g = post_quantum()
    Ta, Tb, Tc = g.matrices.values()
    assert (Ta * Ta).is_zero_matrix
    assert (Tb * Tc - Tc * Tb).is_zero_matrix
    assert (g.transition_matrix * sympy.Matrix(g.tau) - sympy.Matrix(g.tau)).applyfunc(sympy.simplify).is_zero_matrix
    pt = post_quantum_point()
    mats, eta, tau = moon_float(math.e, 0.5)
    for w in ([1], [0, 1], [1, 2, 1], [2, 0, 1, 1]):
        ball = certified_value(g.word_probability(w), pt)
        assert float(ball.rad()) < 1e-20
        assert float(ball.mid()) == pytest.approx(float_prob(mats, eta, tau, w), abs=1e-12)
    assert float_prob(mats, eta, tau, [0, 0]) == pytest.approx(0, abs=1e-15)
    assert g.word_probability([0, 0]) == 0


# ----------------------------------------------------------------------------- rank and minimal presentations
def hankel_rank_float(g, L):
    T = g.to_numpy()
    eta, tau = g.vectors_numpy()
    ws = words(g.n_symbols, L)
    P = np.array([float_prob(T, eta, np.eye(len(eta)), w) if False else _left(T, eta, w) for w in ws])
    F = np.array([_right(T, tau, w) for w in ws]).T
    s = np.linalg.svd(P @ F, compute_uv=False)
    return int((s > 1e-10 * s[0]).sum())


def _left(T, eta, w):
    v = eta
    for x in w:
        v = v @ T[x]
    return v


def _right(T, tau, w):
    v = tau
    for x in reversed(w):
        v = T[x] @ v
    return v


@pytest.mark.parametrize(
    "process, rank",
    [
        (mess3(), 3),
        (rrxor(), 5),
        (z1r(), 3),
        (golden_mean(), 2),
        (even(), 2),
        (sns(), 2),
        (tom_quantum(), 3),
        (fanizza(), 4),
    ],
)
def test_process_rank_against_a_float_hankel_svd(process, rank):
    assert cm.process_rank(process) == rank == hankel_rank_float(process, process.n_states)


def test_rank_one_presentation_of_a_fair_coin():
    """Issue #19's example: emissions independent of the state, an infinite MSP, a one-state machine."""
    h = cm.HMM([[["1/6", "1/3"], ["1/6", "1/3"]], [["3/8", "1/8"], ["1/8", "3/8"]]])
    assert cm.mixed_state_presentation(h, max_depth=8).nodes_per_depth() == [1] + [2] * 8
    assert cm.process_rank(h) == 1
    em = cm.epsilon_machine(h)
    assert em.n_states == 1 and em.matrices[0][0, 0] == R(1, 2)
    assert cm.statistical_complexity(h) == 0 and cm.excess_entropy(h) == 0 and cm.entropy_rate(h) == 1


def test_minimal_presentation_canonical_form():
    g, P = cm.minimal_presentation(golden_mean())
    assert g.tau == (1, 0) and g.eta == (1, R(2, 3))  # Pr(empty word), Pr(0)
    mp = cm.minimal_presentation(rrxor())
    assert mp.future_words[0] == () and mp.ghmm.n_states == 5
    for w in words(2, 6):
        assert mp.ghmm.word_probability(w) == rrxor().word_probability(w)
        if rrxor().word_probability(w):
            assert mp.map_belief(rrxor().belief(w)) == mp.ghmm.belief(w)
            # coordinates are the probabilities of the future words given the past
            b = mp.ghmm.belief(w)
            for j, v in enumerate(mp.future_words):
                assert b[j] == rrxor().word_probability(w + list(v)) / rrxor().word_probability(w)


def random_invertible(draw, n):
    while True:
        S = sympy.Matrix(n, n, [R(draw(st.integers(-3, 3)), draw(st.integers(1, 3))) for _ in range(n * n)])
        if S.det() != 0:
            return S


@st.composite
def similar_pairs(draw):
    h = draw(hmms(max_states=4, max_symbols=3))
    S = random_invertible(draw, h.n_states)
    mats = [S.inv() * m * S for m in h.matrices.values()]
    eta = list(sympy.Matrix([list(h.eta)]) * S)
    tau = list(S.inv() * sympy.Matrix(list(h.tau)))
    return h, cm.GHMM(mats, eta=eta, tau=tau, alphabet=h.alphabet)


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.large_base_example])
@given(similar_pairs())
def test_similarity_invariance(pair):
    h, g = pair
    for w in words(h.n_symbols, 3):
        assert g.word_probability(w) == h.word_probability(w)
    assert cm.process_rank(g) == cm.process_rank(h)
    assert cm.mixed_state_presentation(g, max_depth=4).nodes_per_depth() == (
        cm.mixed_state_presentation(h, max_depth=4).nodes_per_depth()
    )
    # the canonical minimal presentation depends on the process only: equal entry for entry
    assert cm.minimal_presentation(g).ghmm == cm.minimal_presentation(h).ghmm


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.large_base_example])
@given(similar_pairs())
def test_ghmm_msp_builders_agree(pair):
    _, g = pair
    a = cm.mixed_state_presentation(g, max_depth=4)
    b = cm.mixed_state_presentation(g, max_depth=4, method="generic")
    assert a.beliefs == b.beliefs and a.edge_probabilities == b.edge_probabilities
    assert all(sum(x * t for x, t in zip(belief, g.tau)) == 1 for belief in a.beliefs)


@settings(deadline=None, max_examples=40)
@given(nonminimal_presentations(machines=synchronizing_hmms(max_states=4)))
def test_nonminimal_presentations_give_the_machine(pm):
    presentation, machine = pm
    assert cm.process_rank(presentation) == cm.process_rank(machine)
    assert cm.minimal_presentation(presentation).ghmm == cm.minimal_presentation(machine).ghmm
    em = cm.epsilon_machine(presentation)
    assert cm.is_isomorphic(em, cm.epsilon_machine(machine))
    assert cm.statistical_complexity(presentation) == cm.statistical_complexity(machine)
    # canonical=False: the input itself when it is minimal, else the canonical form
    own = cm.minimal_presentation(presentation, canonical=False)
    assert own.ghmm.n_states == cm.process_rank(machine)
    if presentation.n_states == cm.process_rank(machine):
        assert own.ghmm is presentation and own.belief_map == sympy.eye(presentation.n_states)
    else:
        assert own.ghmm == cm.minimal_presentation(machine).ghmm


def test_minimal_presentation_of_a_dense_hmm_in_its_own_coordinates():
    """Issue #40, point 2: a dense HMM is minimal; canonical=False returns it without the huge canonical form."""
    h = cm.testing.dense_rational_hmm(6, 2, 4, seed=1)
    own = cm.minimal_presentation(h, canonical=False)
    assert own.ghmm is h and own.reachable_dimension == 6 and len(own.future_words) == 6
    # an independent check of minimality: the 6 x 6 Hankel block of those words is invertible
    H = sympy.Matrix([[h.word_probability(list(u) + list(v)) for v in own.future_words] for u in own.past_words])
    assert H.det() != 0


@st.composite
def registers(draw, k):
    """Row-stochastic 2 x 2 register matrices, one per symbol, with small rational entries."""
    out = {}
    for x in range(k):
        rows = []
        for _ in range(2):
            a = draw(st.integers(0, 4))
            rows.append([R(a, 4), R(4 - a, 4)])
        out[x] = rows
    return out


@settings(deadline=None, max_examples=40)
@given(st.data())
def test_presentations_with_a_hidden_register_give_the_machine(data):
    """Issue #19: the register's posterior makes the MSP large or infinite; the causal states do not change."""
    machine = data.draw(synchronizing_hmms(max_states=3, max_symbols=2))
    regs = data.draw(registers(machine.n_symbols))
    big = with_hidden_register(machine, {a: regs[i] for i, a in enumerate(machine.alphabet)})
    assert big.is_classical() and big.n_states == 2 * machine.n_states
    for w in words(machine.n_symbols, 3):
        assert big.word_probability(w) == machine.word_probability(w)
    assert cm.is_isomorphic(cm.epsilon_machine(big), cm.epsilon_machine(machine))
    assert cm.excess_entropy(big) == cm.excess_entropy(machine)


def test_a_register_makes_the_msp_infinite():
    regs = {0: [[R(1, 2), R(1, 2)], [R(1, 4), R(3, 4)]], 1: [[1, 0], [R(1, 3), R(2, 3)]]}
    big = with_hidden_register(golden_mean(), regs)
    assert cm.mixed_state_presentation(big, max_depth=10).nodes_per_depth()[-1] > 0  # still growing at depth 10
    assert cm.epsilon_machine(big).n_states == 2 and cm.statistical_complexity(big) == cm.statistical_complexity(
        golden_mean()
    )


def test_measures_of_a_ghmm_are_those_of_its_epsilon_machine():
    g = tom_quantum()
    em = cm.epsilon_machine(g)
    assert em.n_states == 4 and cm.process_rank(g) == 3  # a classical presentation needs more dimensions
    assert cm.entropy_rate(g) == R(3, 2) == cm.entropy_rate(em)
    assert cm.statistical_complexity(g) == 2 and cm.excess_entropy(g) == R(1, 2)
    H = cm.block_entropies(g, 3)
    assert cm.block_entropies(em, 3) == H
    with pytest.raises(InvalidArgumentError, match="hidden states"):
        cm.state_entropies(g, 2)


# ----------------------------------------------------------------------------- nonnegativity
def test_verify_nonnegative_names_the_first_negative_word():
    # a similarity transform of the golden mean with one matrix perturbed: rows still sum as T tau = tau
    T0 = [[R(1, 2), R(1, 2)], [R(-1, 4), R(1, 4)]]
    T1 = [[0, 0], [R(1, 4), R(3, 4)]]
    g = cm.GHMM([T0, T1])
    with pytest.raises(NegativeProbabilityError) as err:
        cm.verify_nonnegative(g, 10)
    bad = err.value.word
    assert err.value.probability < 0 and g.word_probability(bad) == err.value.probability
    shorter = [w for w in words(2, len(bad)) if len(w) < len(bad) or w < list(bad)]
    assert all(g.word_probability(w) >= 0 for w in shorter)  # it is the first one


def test_verify_nonnegative_certifies_closed_sets():
    assert cm.verify_nonnegative(golden_mean(), 5).all_lengths
    cert = cm.verify_nonnegative(tom_quantum(), 3)
    assert cert.all_lengths and cert.n_directions == 5
    assert not cm.verify_nonnegative(mess3(), 4).all_lengths


def test_zero_probability_words_are_followed():
    """A word of probability 0 may have a nonzero vector whose extensions are negative."""
    T0 = [[0, 1, 0], [R(1, 2), 0, 0], [0, 0, 0]]
    T1 = [[1, -1, 0], [R(-1, 2), R(1, 2), 0], [0, 0, 1]]
    g = cm.GHMM([T0, T1], eta=[1, 0, 0], tau=[1, 0, 0])
    assert g.word_probability([0]) == 0 and g.word_probability([1]) == 1
    with pytest.raises(NegativeProbabilityError) as err:
        cm.verify_nonnegative(g, 3)
    assert list(err.value.word) == [0, 1] and err.value.probability == R(-1, 2)


# ----------------------------------------------------------------------------- files, fixtures, sampling
def test_ghmm_files_and_fixtures_round_trip(tmp_path):
    g = fanizza()
    cm.save_hmm(g, tmp_path / "f.json")
    assert cm.load_hmm(tmp_path / "f.json") == g
    gt = cm.ground_truth(g, 5)
    assert sum(gt.probabilities, Fraction(0)) == 1
    cm.save_fixture(gt, tmp_path / "gt.json")
    back = cm.load_fixture(tmp_path / "gt.json")
    assert back.hmm == g and back.tokens.tolist() == gt.tokens.tolist()


def test_sampling_a_ghmm_follows_its_word_probabilities():
    g = fanizza()
    x = cm.sample(g, 40_000, 3, seed=1)
    counts = {}
    for w in map(tuple, x.tolist()):
        counts[w] = counts.get(w, 0) + 1
    for w in itertools.product(range(2), repeat=3):
        p = float(g.word_probability(list(w)))
        sd = math.sqrt(p * (1 - p) / 40_000)
        assert abs(counts.get(w, 0) / 40_000 - p) < 5 * sd + 1e-9


def test_the_rank_budget_fails_at_once():
    from compmech.errors import BudgetExceededError
    from compmech.processes import random_hmm

    h = random_hmm(12, 2, seed=0)
    with pytest.raises(BudgetExceededError, match="max_dimension=10"):
        cm.process_rank(h, max_dimension=10)
    assert cm.process_rank(h, max_dimension=None) == cm.process_rank(h) == 12


def test_certified_value_never_evaluates_text():
    from compmech.errors import InvalidEntryError

    with pytest.raises(InvalidEntryError):
        certified_value("__import__('os').getcwd()", post_quantum_point())
    import flint

    third = certified_value("1/3", {})
    assert third.overlaps(flint.arb(flint.fmpq(1, 3))) and float(third.rad()) < 1e-35
