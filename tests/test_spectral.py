"""Correlation functions, power spectra and entropy convergence in closed form.

Every exact value is checked against something computed another way: derivations by hand (golden mean,
period 0011, Mess3), numpy brute force (matrix powers, truncated Fourier sums, FFT periodograms of
samples), the propagation of the mixed states (``myopic_entropies``) and the closed-form measures
(``excess_entropy``, ``transient_information``).
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from compmech import HMM, sample
from compmech.errors import (
    BudgetExceededError,
    CompmechError,
    FloatEntryError,
    InfiniteStatesError,
    InvalidArgumentError,
    SymbolicParameterError,
    UnknownSymbolError,
)
from compmech.measures import (
    autocorrelation,
    autocorrelation_function,
    entropy_rate,
    excess_entropy,
    myopic_entropies,
    myopic_entropy_function,
    power_spectrum,
    transient_information,
)
from compmech.processes import (
    biased_coin,
    even,
    fanizza,
    golden_mean,
    mess3,
    period,
    random_hmm,
    rrxor,
    sns,
    tom_quantum,
    z1r,
)

L, OMEGA = sympy.Symbol("L"), sympy.Symbol("omega", real=True)
R = sympy.Rational


def brute_gamma(hmm, L_max, values=None):
    """gamma(0 .. L_max - 1) in float64 from the raw matrices: eta T^(v) T^(L-1) T^(v) tau by repeated products."""
    T = hmm.to_numpy()
    eta, tau = hmm.vectors_numpy()
    v = np.arange(hmm.n_symbols, dtype=float) if values is None else np.array([float(values[a]) for a in hmm.alphabet])
    Tv, total = np.tensordot(v, T, axes=1), T.sum(0)
    out = [float(eta @ np.tensordot(v**2, T, axes=1) @ tau)]
    row = eta @ Tv
    for _ in range(1, L_max):
        out.append(float(row @ Tv @ tau))
        row = row @ total
    return np.array(out)


def same(expr, value, digits=50):
    """Equal to ``digits`` digits (sympy cannot always simplify sums of roots of unity to zero)."""
    return abs(complex(sympy.N(expr - value, digits))) < 10 ** (5 - digits)


def jordan_hmm():
    """The Markov chain T = [[0, 0, 1], [1/2, 0, 1/2], [1/2, 1/2, 0]] emitting its next state: T is not
    diagonalizable (char. polynomial (x - 1)(x + 1/2)^2 and rank(T + I/2) = 2: a 2x2 Jordan block of -1/2)."""
    T = [[0, 0, 1], [R(1, 2), 0, R(1, 2)], [R(1, 2), R(1, 2), 0]]
    return HMM([[[T[i][j] if j == x else 0 for j in range(3)] for i in range(3)] for x in range(3)], name="jordan")


def test_the_jordan_example_is_not_diagonalizable():
    T = sympy.Matrix(jordan_hmm().transition_matrix)
    assert sympy.factor(T.charpoly(L).as_expr()) == sympy.factor((L - 1) * (L + R(1, 2)) ** 2)
    assert (T + sympy.eye(3) / 2).rank() == 2


# ------------------------------------------------------------------ derivations by hand


def test_golden_mean_by_hand():
    # pi = (2/3, 1/3); <X> = Pr(1) = 1/3; gamma(1) = Pr(11) = 0; the eigenvalues of T are 1 and -1/2, so
    # gamma(L) = 1/9 + c (-1/2)^L with gamma(0) = 1/3: c = 2/9 (and gamma(1) = 1/9 - 1/9 = 0 checks it).
    g = autocorrelation_function(golden_mean())
    assert g.valid_from == 0 and g.initial == ()
    assert sympy.simplify(g.expr - (R(1, 9) + R(2, 9) * R(-1, 2) ** L)) == 0
    assert [g(k) for k in range(40)] == [R(1, 9) + R(2, 9) * R(-1, 2) ** k for k in range(40)]
    # C(L) = (2/9) r^|L|, r = -1/2: sum_L C(L) e^(-i w L) = (2/9)(1 - r^2) / (1 - 2 r cos w + r^2) = (1/6)/(5/4 + cos w)
    s = power_spectrum(golden_mean())
    assert sympy.simplify(s.continuous - R(1, 6) / (R(5, 4) + sympy.cos(OMEGA))) == 0
    assert s.deltas == [] and s.mean == R(1, 3) and s.variance == R(2, 9)
    assert s.continuous_power() == R(2, 9)  # (1/6) / sqrt(25/16 - 1) = 2/9


def test_period_0011_by_hand():
    # x - 1/2 = -1/2, -1/2, 1/2, 1/2 repeated: C(L) = (1/4) cos(pi L / 2) = (1/8)(i^L + (-i)^L): two lines of
    # weight 1/8 at pi/2 and 3 pi/2, nothing continuous; the eigenvalue -1 of the 4-cycle is not seen.
    g = autocorrelation_function(period("0011"))
    assert [g(k) for k in range(12)] == [R(1, 2), R(1, 4), 0, R(1, 4)] * 3
    assert sympy.simplify(g.expr - (R(1, 4) + R(1, 8) * (sympy.I**L + (-sympy.I) ** L))) == 0
    s = power_spectrum(period("0011"))
    assert s.continuous == 0
    assert s.deltas == [(sympy.pi / 2, R(1, 8)), (3 * sympy.pi / 2, R(1, 8))]
    assert s.continuous_power() + sum(w for _, w in s.deltas) == s.variance == R(1, 4)


def test_mess3_by_hand():
    # T = (1 - 3x) I + x J: eigenvalue 1 and 1 - 3x = 17/20 (twice, diagonalizable); pi uniform, <X> = 1.
    # Column sums of T[s] are alpha (column s) or beta; row sums Pr(s | state) are p_same or p_diff, so
    # a_j = (eta T^(v))_j = beta + v_j (alpha - beta)/3 and b_i = (T^(v) 1)_i = 3 p_diff + v_i (p_same - p_diff),
    # and gamma(L) = <X>^2 + (a.b - <X>^2) (17/20)^(L-1) for L >= 1.
    x, alpha = Fraction(1, 20), Fraction(17, 20)
    beta, y = (1 - alpha) / 2, 1 - 2 * x
    p_same, p_diff = alpha * y + 2 * beta * x, alpha * x + beta * (y + x)
    a = [beta + v * (alpha - beta) / 3 for v in range(3)]
    b = [3 * p_diff + v * (p_same - p_diff) for v in range(3)]
    ab = sum(ai * bi for ai, bi in zip(a, b))
    g = autocorrelation_function(mess3())
    assert g.mean == 1 and g.second_moment == R(5, 3) and g.valid_from == 1
    for k in [1, 2, 3, 10, 57, 1000]:
        assert g(k) == 1 + R(ab - 1) * R(17, 20) ** (k - 1) == autocorrelation(mess3(), k)
    s = power_spectrum(mess3())
    r = R(17, 20)  # C(L) = c r^L for L >= 1 and C(0) = 2/3: P = 2/3 + 2 c (r cos w - r^2) / (1 - 2 r cos w + r^2)
    c = R(ab - 1) / r
    w = OMEGA
    expected = R(2, 3) + 2 * c * (r * sympy.cos(w) - r**2) / (1 - 2 * r * sympy.cos(w) + r**2)
    assert sympy.simplify(s.continuous - expected) == 0


def test_iid_and_sns_spectra_are_trigonometric_polynomials():
    assert power_spectrum(biased_coin()).continuous == R(1, 4)  # white noise: C(L) = 0 for L != 0
    # SNS(1/2, 1/2): gamma(L) = 1/16 for L >= 2 (only lag 1 is correlated), so P = C(0) + 2 C(1) cos w
    g = autocorrelation_function(sns())
    C0, C1 = g(0) - g.mean**2, g(1) - g.mean**2
    assert g.valid_from == 2 and all(g(k) == g.mean**2 for k in range(2, 30))
    assert sympy.simplify(power_spectrum(sns()).continuous - (C0 + 2 * C1 * sympy.cos(OMEGA))) == 0


@pytest.mark.parametrize("word", ["01101", "0001011", "001001101", "0112"])
def test_periodic_lines_against_the_dft_of_one_period(word):
    # x_t - <X> of period p is sum_k c_k e^(2 pi i k t / p) with c_k = (1/p) sum_t (x_t - <X>) e^(-2 pi i k t / p):
    # a line of weight |c_k|^2 at 2 pi k / p for each k != 0 (Parseval on one period)
    x = np.array([int(ch) for ch in word], dtype=float)
    p = len(x)
    c = np.fft.fft(x - x.mean()) / p
    expected = {k: abs(c[k]) ** 2 for k in range(1, p) if abs(c[k]) > 1e-12}
    s = power_spectrum(period(word))
    assert s.continuous == 0
    got = {int(round(float(a) * p / (2 * np.pi))): float(w) for a, w in s.deltas}
    assert got.keys() == expected.keys()
    assert all(abs(got[k] - expected[k]) < 1e-13 for k in got)
    assert sum(w for _, w in s.deltas) == s.variance


def test_z1r_lines_at_thirds():
    # Z1R has period 3 in its recurrent cycle: lines at 2 pi/3 and 4 pi/3 (equal weights), and a flat rest.
    s = power_spectrum(z1r())
    assert [a for a, _ in s.deltas] == [2 * sympy.pi / 3, 4 * sympy.pi / 3]
    assert s.deltas[0][1] == s.deltas[1][1] > 0
    assert s.continuous_power() + 2 * s.deltas[0][1] == s.variance


# ------------------------------------------------------------------ brute force


@pytest.mark.parametrize(
    "hmm",
    [even(), rrxor(), z1r(), sns(), mess3(), tom_quantum(), fanizza(), jordan_hmm(), random_hmm(7, 3, seed=4)],
    ids=lambda h: h.name,
)
def test_autocorrelation_against_matrix_powers(hmm):
    g = autocorrelation_function(hmm)
    brute = brute_gamma(hmm, 60)
    exact = np.array([float(g(k)) for k in range(60)])
    assert np.allclose(exact, brute, rtol=1e-12, atol=1e-13)
    assert [autocorrelation(hmm, k) for k in range(12)] == [g(k) for k in range(12)]
    checks = 6 if hmm.n_states <= 4 else 1  # (sympy expands a RootSum of degree 6 at L = k slowly)
    for k in range(g.valid_from, g.valid_from + checks):  # the expression itself, substituted
        assert same(g.expr.subs(L, k), g(k))
    if g.valid_from:  # valid_from is tight: the closed form fails just below it
        assert g.sequence.closed(g.valid_from - 1) != g.sequence(g.valid_from - 1)


def test_nondiagonalizable_matrix_gives_polynomial_times_power():
    hmm = jordan_hmm()
    g = autocorrelation_function(hmm)
    assert (R(-1, 2), 2) in g.eigenvalues()  # the Jordan block of -1/2, seen by the values
    assert sympy.expand(g.expr).has(L * R(-1, 2) ** L)
    assert np.allclose([float(g(k)) for k in range(50)], brute_gamma(hmm, 50), rtol=1e-12)


def test_values_mapping():
    plus_minus = {0: -1, 1: 1}
    g = autocorrelation_function(golden_mean(), plus_minus)
    assert np.allclose([float(g(k)) for k in range(30)], brute_gamma(golden_mean(), 30, plus_minus), rtol=1e-12)
    assert autocorrelation(golden_mean(), 3, {"0": 0, "1": "1/2"}) == autocorrelation(golden_mean(), 3) / 4
    with pytest.raises(UnknownSymbolError, match="not a symbol"):
        autocorrelation(golden_mean(), 3, {0: 1, 1: 2, 7: 3})
    with pytest.raises(InvalidArgumentError, match="no value for the symbols"):
        autocorrelation(golden_mean(), 3, {0: 1})
    with pytest.raises(FloatEntryError):
        autocorrelation(golden_mean(), 3, {0: 0.5, 1: 1})
    with pytest.raises(InvalidArgumentError, match="L must be"):
        autocorrelation(golden_mean(), -1)


def test_huge_lag_is_exact():
    k = 10**5
    v = autocorrelation(golden_mean(), k)
    assert v == R(1, 9) + R(2, 9) * R(-1, 2) ** k  # 30,103 digits in the denominator
    assert autocorrelation_function(mess3())(k) == autocorrelation(mess3(), k)


@pytest.mark.slow
def test_mess3_at_a_million():
    # 1,301,034 digits: the closed form, the direct powering and the derivation by hand agree exactly
    k = 10**6
    direct = autocorrelation(mess3(), k)
    assert autocorrelation_function(mess3())(k) == direct
    g1 = autocorrelation(mess3(), 1)  # = a.b (test_mess3_by_hand)
    assert direct == 1 + (g1 - 1) * R(17, 20) ** (k - 1)


def test_parameters():
    p = sympy.Symbol("p")
    g = autocorrelation_function(golden_mean(p))
    for k in range(8):
        assert sympy.simplify(g(k).subs(p, R(1, 3)) - autocorrelation(golden_mean(R(1, 3)), k)) == 0
    assert sympy.simplify(g.expr.subs(L, 5) - g(5)) == 0
    with pytest.raises(SymbolicParameterError):
        power_spectrum(golden_mean(p))
    with pytest.raises(BudgetExceededError, match="Substitute values"):
        autocorrelation(golden_mean(p), 10**6)


# ------------------------------------------------------------------ spectra, numerically


@pytest.mark.parametrize("hmm", [even(), mess3(), rrxor(), z1r(), jordan_hmm(), fanizza()], ids=lambda h: h.name)
def test_spectrum_against_truncated_fourier_sums(hmm):
    s = power_spectrum(hmm)
    g = autocorrelation_function(hmm)
    lags = np.arange(600)
    C = np.array([float(g(int(k))) for k in lags]) - float(s.mean) ** 2
    for a, w in s.deltas:
        C -= float(w) * np.cos(float(a) * lags)
    om = np.linspace(0.05, 2 * np.pi - 0.05, 23)
    direct = C[0] + 2 * (C[1:, None] * np.cos(np.outer(lags[1:], om))).sum(0)
    assert np.allclose(s.continuous_values(om), direct, atol=1e-10)
    f = sympy.lambdify(OMEGA, s.continuous, "numpy")
    assert np.allclose(np.broadcast_to(f(om), om.shape), direct, atol=1e-10)


def periodogram(tokens, mean):
    """Bartlett's periodogram: |FFT|^2 / N averaged over the sampled sequences, at omega_k = 2 pi k / N."""
    x = tokens.astype(float) - mean
    return np.mean(np.abs(np.fft.fft(x, axis=1)) ** 2, axis=0) / x.shape[1]


@pytest.mark.parametrize("hmm", [golden_mean(), even(), mess3()], ids=lambda h: h.name)
def test_spectrum_against_fft_periodogram_of_samples(hmm):
    s = power_spectrum(hmm)
    n_seq, N = 400, 512
    P = periodogram(sample(hmm, n_seq, N, seed=11), float(s.mean))
    om = 2 * np.pi * np.arange(N) / N
    # average 16 neighbouring bins (6,400 periodogram values per point): relative standard error 1/80
    est = P[16:496].reshape(-1, 16).mean(1)
    exact = s.continuous_values(om[16:496]).reshape(-1, 16).mean(1)
    assert np.all(np.abs(est - exact) < 5 * exact / np.sqrt(n_seq * 16) + 2e-3)


def test_period_lines_against_fft_of_samples():
    s = power_spectrum(period("0011"))
    N = 256
    P = periodogram(sample(period("0011"), 8, N, seed=1), float(s.mean))
    # x_t - <X> = sum_k sqrt(w_k) e^(i (omega_k t + phase)): a line of weight w puts N w into its bin, 0 elsewhere
    lines = {int(round(float(a) / (2 * np.pi) * N)): float(w) for a, w in s.deltas}
    assert np.allclose(P / N, [lines.get(k, 0.0) for k in range(N)], atol=1e-12)


def test_plot_spectrum_command(tmp_path):
    from compmech.cli import main

    out = tmp_path / "spectrum.png"
    assert main(["plot", "period:word=0011", "--spectrum", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ entropy convergence


@pytest.mark.parametrize(
    "hmm",
    [
        golden_mean(),
        even(),
        rrxor(),
        z1r(),
        period("0011"),
        random_hmm(6, 2, seed=3, unifilar=True, synchronizing=True),
    ],
    ids=lambda h: h.name,
)
def test_myopic_entropy_function(hmm):
    f = myopic_entropy_function(hmm)
    ref = myopic_entropies(hmm, 30)
    assert [f(k) for k in range(1, 31)] == ref
    assert f.excess_entropy() == excess_entropy(hmm)
    assert f.transient_information() == transient_information(hmm)
    assert f.entropy_rate == entropy_rate(hmm)
    for k in range(f.valid_from, f.valid_from + 4):
        assert abs(float(f.expr.subs(L, k)) - float(ref[k - 1])) < 1e-12


def test_myopic_entropy_even_process_sees_the_msp_eigenvalues():
    f = myopic_entropy_function(even())
    roots = {r for c in f.parts[None].components for r in c.roots()}
    assert roots == {1, sympy.sqrt(2) / 2, -sympy.sqrt(2) / 2}


def test_myopic_entropy_function_refuses_infinite_msp_fast():
    import time

    t = time.perf_counter()
    with pytest.raises(InfiniteStatesError, match="did not close") as exc:
        myopic_entropy_function(mess3())
    assert isinstance(exc.value, CompmechError) and time.perf_counter() - t < 20
