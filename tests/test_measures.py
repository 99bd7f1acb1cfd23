"""Measures against literature values, hand derivations, brute force and partial sums."""

import itertools
import math
from fractions import Fraction

import pytest
import sympy

from compmech import epsilon_machine
from compmech.errors import InfiniteStatesError, InvalidArgumentError
from compmech.measures import (
    Interval,
    bidirectional_complexity,
    block_entropies,
    block_entropy,
    causal_irreversibility,
    cryptic_order,
    crypticity,
    entropy_rate,
    entropy_rate_bounds,
    exactly_equal,
    excess_entropy,
    markov_order,
    myopic_entropies,
    reverse,
    reverse_statistical_complexity,
    state_entropies,
    statistical_complexity,
    synchronization_information,
    transient_information,
)
from compmech.measures._logs import Log2Sum
from compmech.measures.blocks import _myopic_raw
from compmech.processes import biased_coin, even, golden_mean, mess3, period, random_hmm, rrxor, sns, z1r

L3 = sympy.log(3) / sympy.log(2)
R = sympy.Rational


def same(a, b):
    return exactly_equal(a, b)


# Known values (Crutchfield and Feldman 2003; docs/measures.md), with the MSP size and the crypticity chi
# derived by hand:
# - golden mean: the state is B exactly when the last symbol was 1.  Given the whole future, S_0 = A when
#   X_0 = 1; when X_0 = 0 both A and B lead to A, so the future after X_0 says nothing more, and
#   Pr(S_0 = A, X_0 = 0) = 2/3 * 1/2 = Pr(S_0 = B, X_0 = 0) = 1/3: chi = Pr(X_0 = 0) * 1 bit = 2/3.
# - even: the next 1s reveal the state (an odd run of 1s ahead means B): chi = 0.
# - RRXOR: the next three symbols place the phase (the third is the XOR of the two before it only at the
#   right phase, and the first 0/1 after the XOR decides S_0 up to states that emit equally): chi = 0.
# - Z1R: the future "0 1 ?" or "1 ? 0" fixes the phase: chi = 0.
# MSP sizes: golden mean {pi, A, B}; even {pi, (1/2, 1/2) after a first 1, A, B}; RRXOR 31 transient + 5
# recurrent and Z1R 4 + 3 (the values of the literature; enumerated in docs/theory_msp.md).
TABLE = [
    (golden_mean(), R(2, 3), L3 - R(2, 3), L3 - R(4, 3), R(2, 3), 3),
    (even(), R(2, 3), L3 - R(2, 3), L3 - R(2, 3), 0, 4),
    (rrxor(), R(2, 3), L3 + R(2, 3), L3 + R(2, 3), 0, 36),
    (z1r(), R(1, 3), L3, L3, 0, 7),
]


@pytest.mark.parametrize("hmm, h, C, E, chi, n_msp", TABLE)
def test_known_values(hmm, h, C, E, chi, n_msp):
    from compmech import mixed_state_presentation

    assert same(entropy_rate(hmm), h)
    assert same(statistical_complexity(hmm), C)
    assert same(excess_entropy(hmm), E)
    assert same(crypticity(hmm), chi)
    assert mixed_state_presentation(hmm).n_nodes == n_msp


def test_golden_mean_relations():
    g = golden_mean()
    assert same(transient_information(g), excess_entropy(g))  # T = E
    assert same(synchronization_information(g), statistical_complexity(g))  # S = C_mu
    assert markov_order(g) == 1 and cryptic_order(g) == 1


def test_even_orders():
    assert markov_order(even()) == math.inf
    assert cryptic_order(even()) == 0


def test_period_by_hand():
    # period-4 process 0011: h = 0, E = 2, H(L) = 0, 1, 2, 2, ...; T = 2 + 1 = 3;
    # H[S_0] = 2, one symbol leaves 2 phases (1 bit), two symbols synchronize: S = 3.
    p = period("0011")
    assert entropy_rate(p) == 0
    assert excess_entropy(p) == 2 and transient_information(p) == 3 and synchronization_information(p) == 3
    assert block_entropies(p, 4) == [0, 1, 2, 2, 2]
    assert markov_order(p) == 2


def test_iid_process():
    c = biased_coin("1/3")
    assert same(entropy_rate(c), L3 - R(2, 3))
    assert statistical_complexity(c) == 0 and excess_entropy(c) == 0
    assert markov_order(c) == 0 and cryptic_order(c) == 0


def test_mess3_myopic_entropies():
    got = [float(v) for v in myopic_entropies(mess3(), 5)]
    want = [1.584963, 1.237427, 1.173424, 1.151440, 1.146567]
    assert [round(v, 6) for v in got] == want


def test_mess3_bounds_small_depth():
    iv = entropy_rate_bounds(mess3(), 5)
    assert isinstance(iv, Interval) and iv.lower < iv.upper
    assert iv.lower <= R(1144717, 10**6) + R(1, 10**6) and iv.upper >= R(1144717, 10**6)
    assert abs(float(iv.upper) - 1.145187) < 1e-6  # h(6), an upper bound


@pytest.mark.slow
def test_mess3_entropy_rate_certified_to_1e_6():
    iv = entropy_rate(mess3(), tol=1e-6)
    assert iv.width <= R(1, 10**6)
    # Marzen and Crutchfield 2017 / the seed paper: h_mu = 1.144717... (truncated): the interval must lie in [1.144717, 1.144718]
    assert R(1144717, 10**6) <= iv.lower and iv.upper <= R(1144718, 10**6)


def test_bounds_are_monotone_and_nested():
    ivs = [entropy_rate_bounds(sns("1/3", "1/2"), L) for L in range(1, 7)]
    for a, b in zip(ivs, ivs[1:]):
        assert a.lower <= b.lower and b.upper <= a.upper


def test_nonunifilar_with_finite_msp_is_exact():
    # a nonunifilar presentation of the golden mean
    from compmech import HMM

    h = HMM({0: [["1/2", 0], [1, 0]], 1: [[0, "1/2"], [0, 0]]})
    assert entropy_rate(h) == R(2, 3)


def test_infinite_causal_states_are_reported():
    assert statistical_complexity(mess3(), max_states=500) == sympy.oo  # proven: no atoms (tests/test_fractal.py)
    with pytest.raises(InfiniteStatesError, match="did not close.*not proven"):
        statistical_complexity(sns(), max_states=500)
    with pytest.raises(InfiniteStatesError):
        excess_entropy(sns(), max_states=500)


def test_brute_force_block_entropies():
    for hmm in [golden_mean(), rrxor(), z1r(), sns("1/3", "1/2"), mess3()]:
        L_max = 3 if hmm.n_symbols == 3 else 5
        for L in range(L_max + 1):
            total = _enumerated_block_entropy(hmm, L)
            raw = sum(_myopic_raw(hmm, L, None), Log2Sum())
            assert raw == total, (hmm, L)
            assert same(block_entropy(hmm, L), total.to_sympy())


def test_block_entropies_at_60_exact():
    """H(L) = E + L h_mu exactly from the Markov order R on (Crutchfield and Feldman 2003, Eq. for finite R).

    Golden mean R = 1, Z1R R = 3, period 0011 R = 2 (H(L) = 0, 1, 2, 2, ...), a biased coin R = 0
    (H(L) = L H(1/2) = L).  For the even process and RRXOR (R infinite) H(L) < E + L h_mu strictly, and the
    first values equal brute-force enumeration.  An index shifted by one breaks every row.
    """
    cases = [(golden_mean(), 1), (z1r(), 3), (period("0011"), 2), (biased_coin(), 0), (even(), None), (rrxor(), None)]
    for hmm, R_ in cases:
        b = block_entropies(hmm, 60)
        h, E = entropy_rate(hmm), excess_entropy(hmm)
        assert len(b) == 61 and b[0] == 0
        for L in range(61):
            if R_ is not None and L >= R_:
                assert same(b[L], E + L * h), (hmm, L)
            else:
                assert float(E + L * h - b[L]) > 0, (hmm, L)
        for L in range(6):
            assert same(b[L], _enumerated_block_entropy(hmm, L).to_sympy()), (hmm, L)
    assert block_entropies(period("0011"), 5) == [0, 1, 2, 2, 2, 2]
    assert block_entropies(biased_coin(), 4) == [0, 1, 2, 3, 4]


def _enumerated_block_entropy(hmm, L):
    total = Log2Sum()
    for w in itertools.product(hmm.alphabet, repeat=L):
        p = hmm.word_probability(list(w))
        if p != 0:
            q = Fraction(int(p.p), int(p.q))
            total = total - Log2Sum.log2(q) * q
    return total


FINITE = [
    golden_mean(),
    even(),
    rrxor(),
    z1r(),
    period("0011"),
    golden_mean("1/3"),
    even("1/5"),
    random_hmm(6, 2, seed=3, unifilar=True, synchronizing=True),
    random_hmm(5, 3, seed=2, unifilar=True, synchronizing=True),
]


@pytest.mark.parametrize("hmm", FINITE)
def test_closed_forms_against_partial_sums(hmm):
    """Closed forms (fundamental matrix / group inverse) against truncated sums, all exact until the end."""
    from compmech.measures._chain import synchronization_chain
    from compmech.measures.memory import _excess
    from compmech.measures.rates import _unifilar_rate

    L = 400  # RRXOR halves its uncertainty every 3 symbols; even(1/5) every ~6
    em, chain = synchronization_chain(hmm)
    h = _unifilar_rate(em)
    E = _excess(chain)[0]
    hs = _myopic_raw(hmm, L, None)
    H = [Log2Sum()]
    for x in hs:
        H.append(H[-1] + x)
    assert abs(float(H[L] - h * L - E)) < 1e-12
    T_partial = sum((E + h * n - H[n] for n in range(L + 1)), Log2Sum())
    assert abs(float(T_partial) - float(transient_information(hmm))) < 1e-9
    S_partial = sum(float(v) for v in state_entropies(em, L))
    assert abs(S_partial - float(synchronization_information(hmm))) < 1e-9


@pytest.mark.parametrize("hmm", FINITE)
def test_invariants(hmm):
    h, C, E = entropy_rate(hmm), statistical_complexity(hmm), excess_entropy(hmm)
    assert 0 <= float(h) <= math.log2(hmm.n_symbols) + 1e-15
    assert float(E) <= float(C) + 1e-12 and float(crypticity(hmm)) >= -1e-12
    assert same(excess_entropy(reverse(hmm)), E)  # E is time symmetric, exactly
    Cm, Cpm = reverse_statistical_complexity(hmm), bidirectional_complexity(hmm)
    assert float(Cpm) >= max(float(C), float(Cm)) - 1e-12
    assert same(C + Cm - Cpm, E)  # E = I[S+; S-]


@pytest.mark.parametrize("hmm", [h for h in FINITE if not h.name.startswith(("even", "rrxor"))])
def test_reverse_complexity_by_brute_force(hmm):
    """C_mu- from the futures directly: a second algorithm that never builds the reversed machine.

    Only for processes whose reverse causal state is fixed by a finite future (the even process, for one,
    needs the whole future after a run of 1s, RRXOR after a run of 0s: they are excluded).

    Past and future are independent given the forward causal state S_0, so a future w determines the
    distribution of the past through Pr(S_0 | X_0..X_{L-1} = w) = pi_s (T[w] 1)_s / Pr(w).  Grouping the words
    of length L by that posterior (exact fractions) and taking the entropy of the groups gives C_mu- once the
    groups stop changing with L (checked: the entropy at L and L + 1 agree exactly).  Then Xi = C+ - C-.
    """
    em = epsilon_machine(hmm)
    T = [[[Fraction(int(v.p), int(v.q)) for v in row] for row in m.tolist()] for m in em.matrices.values()]
    pi = [Fraction(int(v.p), int(v.q)) for v in em.stationary_distribution()]
    n = len(pi)
    right = {(): [Fraction(1)] * n}  # T[w] 1 for the words of length L, built from the right
    previous = None
    for _L in range(1, 16):
        right = {
            (x,) + w: [sum(T[x][i][j] * v[j] for j in range(n)) for i in range(n)]
            for w, v in right.items()
            for x in range(len(T))
        }
        right = {w: v for w, v in right.items() if any(v)}
        groups = {}
        for v in right.values():
            p = sum(pi[i] * v[i] for i in range(n))
            key = tuple(pi[i] * v[i] / p for i in range(n))
            groups[key] = groups.get(key, 0) + p
        if groups == previous:
            break
        previous = groups
    else:
        pytest.fail(f"the posteriors did not settle by L = 15 for {hmm}")
    Cm = sum((-Log2Sum.log2(q) * q for q in groups.values()), Log2Sum())
    assert same(reverse_statistical_complexity(hmm), Cm.to_sympy())
    assert same(causal_irreversibility(hmm), statistical_complexity(hmm) - Cm.to_sympy())


@pytest.mark.parametrize("hmm", FINITE + [biased_coin("1/3")])
def test_orders_agree_with_exact_myopic_entropies(hmm):
    """Markov order from structure == the first L with h(L+1) == h_mu, compared exactly."""
    em = epsilon_machine(hmm)
    from compmech.measures.rates import _unifilar_rate

    h = _unifilar_rate(em)
    R_ = markov_order(hmm)
    L_check = 12 if math.inf == R_ else R_ + 2
    hs = _myopic_raw(hmm, L_check, None)
    equal = [hs[L] == h for L in range(L_check)]  # equal[L] <=> h(L+1) == h_mu
    if math.inf == R_:
        assert not any(equal)
    else:
        assert equal[R_] and not any(equal[:R_])
    k = cryptic_order(hmm)
    assert k <= R_
    assert (k == 0) == same(crypticity(hmm), 0)


def test_parametric_measures():
    p = sympy.Symbol("p")
    g = golden_mean(p)
    for val in (R(1, 3), R(2, 7)):
        num = golden_mean(val)
        assert same(entropy_rate(g).subs(p, val), entropy_rate(num))
        assert same(excess_entropy(g).subs(p, val), excess_entropy(num))
        assert same(statistical_complexity(g).subs(p, val), statistical_complexity(num))


def test_bad_arguments():
    with pytest.raises(InvalidArgumentError):
        block_entropies(golden_mean(), -1)
    with pytest.raises(InvalidArgumentError):
        entropy_rate_bounds(mess3(), -2)


def test_cryptic_order_is_statistical_parity_machine():
    """A -0|2/3-> A, A -1|1/3-> B, B -0|1/3-> B, B -1|2/3-> A: unifilar, minimal, never exactly synchronizing.

    H[S_0 | X_0..X_{L-1}] falls to 0 (the two states emit with different probabilities, so the future tells them
    apart with probability one): by the definition k = least k with H[S_k | X_0 X_1 ...] = 0, k = 0.
    """
    from compmech import HMM

    parity = HMM({0: [["2/3", 0], [0, "1/3"]], 1: [[0, "1/3"], ["2/3", 0]]}, states=["A", "B"])
    assert cryptic_order(parity) == 0
    T = [[[Fraction(2, 3), 0], [0, Fraction(1, 3)]], [[0, Fraction(1, 3)], [Fraction(2, 3), 0]]]

    def retrodiction_entropy(L):  # H[S_0 | X^L] = H[S_0, X^L] - H[X^L], every word of length L, exactly summed
        joint = {(0, ()): [Fraction(2, 3), 0], (1, ()): [Fraction(1, 3), 1]}
        for _ in range(L):
            nxt = {}
            for (s0, w), (p, s) in joint.items():
                for x in range(2):
                    for t in range(2):
                        if T[x][s][t]:
                            nxt[(s0, w + (x,))] = [p * T[x][s][t], t]
            joint = nxt
        h_joint = -sum(float(p) * math.log2(p) for p, _ in joint.values())
        words: dict = {}
        for (_, w), (p, _) in joint.items():
            words[w] = words.get(w, 0) + p
        return h_joint + sum(float(p) * math.log2(p) for p in words.values())

    values = [retrodiction_entropy(L) for L in (0, 4, 10)]
    assert abs(values[0] - 0.918296) < 1e-6 and abs(values[2] - 0.425) < 2e-3
    assert values[0] > values[1] > values[2] > 0
    # golden mean and Z1R still synchronize after k merging steps
    assert cryptic_order(golden_mean()) == 1 and cryptic_order(z1r()) == 0


def test_every_measure_refuses_an_unclosed_presentation_the_same_way():
    """bidirectional_complexity used to raise MSPTooLargeError where the others raise InfiniteStatesError."""
    for f in (
        statistical_complexity,
        excess_entropy,
        crypticity,
        reverse_statistical_complexity,
        bidirectional_complexity,
    ):
        with pytest.raises(InfiniteStatesError):
            f(sns(), max_states=200)


def _row(rows, label):
    return next(r for r in rows if r.label == label)


def test_infinite_rows_give_the_proof_carried_out_for_that_process():
    """RRXOR's Markov order is infinite because some words never synchronize (its machine is finite),
    Mess3's because C_mu = +oo (no atoms): the table says which, not one sentence for every oo."""
    import re

    from compmech.measures.table import measure_table

    R = _row(measure_table(rrxor()), "Markov order R")
    assert R.kind == "infinite" and "Blackwell" not in R.detail and "atoms" not in R.detail
    assert R.detail.startswith("proven: the 5-state epsilon-machine never synchronizes on some words")
    # the witness is real: the quoted word, then its cycle read 30 times, has positive probability and
    # leaves >= 2 causal states possible (the belief of the epsilon-machine from its stationary start)
    m = re.search(r"the word (\d+) leads to .* on the cycle (.*) of sets", R.detail)
    cycle_symbols = "".join(re.findall(r"-(\d)->", m.group(2)))
    word = m.group(1) + cycle_symbols * 30
    em = epsilon_machine(rrxor())
    assert sum(1 for b in em.belief(word) if b != 0) >= 2

    mess = measure_table(mess3())
    C, R3 = _row(mess, "statistical complexity C_mu"), _row(mess, "Markov order R")
    assert C.kind == R3.kind == "infinite"
    assert "Blackwell measure has no atoms" in C.detail and "< 1 on an invariant region" in C.detail
    assert "|A|^R causal states" in R3.detail and "no atoms" in R3.detail
    assert "reverse process's Blackwell measure" in _row(mess, "reverse complexity C_mu-").detail

    assert "{A, B} -1-> {A, B}" in _row(measure_table(even()), "Markov order R").detail


def test_infinite_cryptic_order_and_mixtures_record_their_reasons():
    from compmech import mixture
    from compmech.measures._infinity import infinity_reasons

    with infinity_reasons() as why:
        assert cryptic_order(random_hmm(3, 2, seed=0, unifilar=True)) == math.inf
    assert why[-1].startswith("in the 3-state epsilon-machine, the pairs of distinct causal states")
    with infinity_reasons() as why:
        assert statistical_complexity(mixture([mess3(), rrxor()], ["1/2", "1/2"])) == sympy.oo
    assert "weighted sum over its components" in why[-1] and "no atoms" in why[-1]
    with infinity_reasons() as outer:
        assert markov_order(golden_mean()) == 1  # finite values record nothing
    assert outer == []
