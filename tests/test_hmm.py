"""HMM construction, validation and exact word statistics."""

import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy

from compmech import HMM
from compmech.errors import (
    DuplicateStateError,
    DuplicateSymbolError,
    FloatEntryError,
    InvalidEntryError,
    NotErgodicError,
    NotStochasticError,
    ProbabilityRangeError,
    ShapeError,
    SymbolicParameterError,
    UnknownSymbolError,
    ZeroProbabilityWordError,
)
from compmech.processes import biased_coin, even, golden_mean, mess3, period, rrxor, sns, z1r

R = sympy.Rational
GOOD = {0: [["1/2", 0], [1, 0]], 1: [[0, "1/2"], [0, 0]]}  # golden mean


def test_entry_types_are_all_exact():
    a = HMM({0: [[Fraction(1, 2), 0], [1, 0]], 1: [[0, R(1, 2)], [0, 0]]})
    b = HMM(GOOD)
    c = HMM(
        np.array([[[1, 0], [2, 0]], [[1, 0], [0, 0]]], dtype=object) * 0
        + np.array([[[R(1, 2), 0], [1, 0]], [[0, R(1, 2)], [0, 0]]], dtype=object)
    )
    assert a == b == c
    assert a.matrices[0][0, 0] == R(1, 2)
    assert isinstance(a.matrices[0][0, 0], sympy.Rational)


def test_decimal_strings_are_exact():
    h = HMM({0: [["0.25"]], 1: [["0.75"]]})
    assert h.matrices[1][0, 0] == R(3, 4)


@pytest.mark.parametrize("bad", [0.5, np.float64(0.5), sympy.Float(0.5)])
def test_floats_are_refused_with_hint(bad):
    with pytest.raises(FloatEntryError, match=r"T\[0\]\[0, 0\].*from_float"):
        HMM({0: [[bad, 0], [1, 0]], 1: [[0, "1/2"], [0, 0]]})


def test_nan_is_named():
    with pytest.raises(FloatEntryError, match="NaN"):
        HMM({0: [[float("nan")]], 1: [[0]]})


def test_non_stochastic_row_is_named():
    with pytest.raises(NotStochasticError, match=r"row 1 \(state 'B'\).*sums to 1/2"):
        HMM({0: [["1/2", 0], ["1/2", 0]], 1: [[0, "1/2"], [0, 0]]}, states=["A", "B"])


def test_negative_entry_is_named():
    with pytest.raises(ProbabilityRangeError, match=r"T\[1\]\[0, 1\] = -1/2"):
        HMM({0: [[1, 0], [1, 0]], 1: [[0, "-1/2"], [0, 0]]})


def test_entry_above_one():
    with pytest.raises(ProbabilityRangeError, match="3/2"):
        HMM({0: [["3/2", 0], [1, 0]], 1: [["-1/2", 0], [0, 0]]})


def test_ragged_shapes_are_named():
    with pytest.raises(ShapeError, match=r"T\[1\] row 1 has 1 entries"):
        HMM({0: [[1, 0], [1, 0]], 1: [[0, 0], [0]]})
    with pytest.raises(ShapeError, match=r"T\[1\] has 1 rows"):
        HMM({0: [[1, 0], [1, 0]], 1: [[0, 0]]})
    with pytest.raises(ShapeError, match="at least one symbol"):
        HMM({})


def test_duplicate_symbols_and_states():
    with pytest.raises(DuplicateSymbolError, match=r"duplicate symbol name\(s\) \['a'\]"):
        HMM([[[1]], [[0]]], alphabet=["a", "a"])
    with pytest.raises(DuplicateStateError, match=r"duplicate state name\(s\) \['s'\]"):
        HMM(GOOD, states=["s", "s"])


def test_bad_strings():
    with pytest.raises(InvalidEntryError, match="cannot read"):
        HMM({0: [["one half"]], 1: [[0]]})


def test_non_ergodic_names_closed_classes():
    h = HMM({0: [[1, 0], [0, 0]], 1: [[0, 0], [0, 1]]}, states=["A", "B"])
    with pytest.raises(NotErgodicError, match=r"2 closed classes.*\('A',\).*\('B',\)") as info:
        h.stationary_distribution()
    assert info.value.closed_classes == (("A",), ("B",))


def test_transient_states_get_zero_stationary_mass():
    # state 0 is transient, {1, 2} a closed class
    h = HMM({0: [[0, 1, 0], [0, 0, 1], [0, "1/2", 0]], 1: [[0, 0, 0], [0, 0, 0], [0, 0, "1/2"]]})
    assert h.stationary_distribution() == (0, R(1, 3), R(2, 3))


@pytest.mark.parametrize(
    "hmm, pi",
    [
        (golden_mean(), (R(2, 3), R(1, 3))),
        (even(), (R(2, 3), R(1, 3))),
        (rrxor(), (R(1, 3), R(1, 6), R(1, 6), R(1, 6), R(1, 6))),
        (z1r(), (R(1, 3),) * 3),
        (mess3(), (R(1, 3),) * 3),
        (sns(), (R(1, 2), R(1, 2))),
        (golden_mean("1/3"), (R(3, 4), R(1, 4))),  # pi_A = 1/(1+p)
        (sns("1/3", "1/4"), (R(3, 7), R(4, 7))),  # pi_A p = pi_B q
    ],
)
def test_stationary_distributions(hmm, pi):
    assert hmm.stationary_distribution() == pi


def test_word_probability_and_belief_by_hand():
    g = golden_mean()
    # pi = (2/3, 1/3); both states can emit 0 and then sit in A, so Pr(0) = 2/3 and the
    # belief after 0 is (1, 0); Pr(010) = Pr(0) * 1/2 * 1 = 1/3.
    assert g.word_probability("0") == R(2, 3)
    assert g.word_probability("1") == R(1, 3)
    assert g.word_probability("11") == 0
    assert g.word_probability("010") == R(1, 3)
    assert g.word_probability("101") == R(1, 6)
    assert g.belief("0") == (1, 0)
    assert g.belief("1") == (0, 1)
    assert even().belief("1") == (R(1, 2), R(1, 2))
    assert even().belief("0") == (1, 0)
    with pytest.raises(ZeroProbabilityWordError, match="probability 0"):
        g.belief("11")
    with pytest.raises(UnknownSymbolError, match="symbol '2' at position 1"):
        g.word_probability("02")


def test_belief_from_given_start():
    g = golden_mean()
    assert g.belief("0", start=[0, 1]) == (1, 0)
    with pytest.raises(NotStochasticError):
        g.belief("0", start=["1/2", "1/4"])


def test_unifilarity():
    assert golden_mean().is_unifilar() and rrxor().is_unifilar() and z1r().is_unifilar()
    assert not mess3().is_unifilar() and not sns().is_unifilar()


def test_from_float_converts_and_warns():
    T = np.array([[[0.5, 0.0], [0.0, 0.0]], [[0.0, 0.5], [1.0, 0.0]]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = HMM.from_float(T)
    assert h == HMM({0: [["1/2", 0], [0, 0]], 1: [[0, "1/2"], [1, 0]]})
    with pytest.warns(UserWarning, match="row 0: converted entries sum to 1001/1000"):
        h2 = HMM.from_float([[[0.501, 0.0], [0.0, 0.0]], [[0.0, 0.5], [1.0, 0.0]]], max_denominator=1000)
    assert sum(h2.matrices[a][0, j] for a in h2.alphabet for j in range(2)) == 1


def test_to_numpy_matches_exact():
    m = mess3()
    arr = m.to_numpy()
    assert arr.shape == (3, 3, 3)
    assert arr[0, 0, 0] == 153 / 200
    np.testing.assert_allclose(arr.sum(axis=(0, 2)), 1.0, atol=1e-15)


def test_symbolic_hmm():
    p = sympy.Symbol("p")
    g = golden_mean(p)
    assert g.is_symbolic() and g.parameters == {p}
    assert g.stationary_distribution() == (1 / (p + 1), p / (p + 1))
    # by hand: pi T0 = (1/(1+p), 0), so Pr(010) = p/(1+p)
    assert sympy.simplify(g.word_probability("010") - p / (1 + p)) == 0
    for val in (R(1, 3), R(2, 5)):
        assert g.word_probability("0100").subs(p, val) == golden_mean(val).word_probability("0100")
    with pytest.raises(SymbolicParameterError, match=r"free parameters \(p\)"):
        g.to_numpy()


def test_symbolic_row_sums_are_checked():
    p = sympy.Symbol("p")
    with pytest.raises(NotStochasticError, match="as a function of the parameters"):
        HMM({0: [[p]], 1: [[p]]})


def test_period_and_coin():
    h = period("0011")
    assert h.word_probability("0011") == R(1, 4)
    assert h.word_probability("0101") == 0
    assert biased_coin("1/3").word_probability([1, 0, 1]) == R(2, 27)


def test_from_float_refuses_rows_far_from_stochastic():
    with pytest.raises(NotStochasticError, match=r"row 1 \(state 'B'\).*0\.9"):
        HMM.from_float([[[0.5, 0.0], [0.4, 0.0]], [[0.0, 0.5], [0.0, 0.5]]], states=["A", "B"])
    with pytest.warns(UserWarning, match="row 1"):
        HMM.from_float([[[0.5, 0.0], [0.4, 0.0]], [[0.0, 0.5], [0.0, 0.5]]], row_tol=0.2)


def test_entry_budget_counts_rows_of_sympy_and_numpy_matrices():
    """len() of a sympy matrix counts entries; the budget must count rows (a 40-state HMM is small)."""
    from compmech.errors import BudgetExceededError
    from compmech.processes import random_hmm

    h = random_hmm(40, 2, seed=0)
    assert HMM(list(h.matrices.values())) == h  # sympy matrices of 40 x 40
    assert HMM(np.array([np.eye(40, dtype=np.int64)])).n_states == 40
    with pytest.raises(BudgetExceededError, match="1,000,000 entries"):
        HMM(np.zeros((2, 800, 800), dtype=np.int64))
