"""Infinite belief sets: estimators against exact answers, certified bounds against exact values."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compmech import HMM, mixed_state_presentation
from compmech.cli import main
from compmech.errors import CompmechError, InfiniteStatesError, InvalidArgumentError
from compmech.measures import (
    Estimate,
    blackwell_measure,
    certify_nonatomic,
    entropy_rate,
    entropy_rate_estimate,
    excess_entropy,
    excess_entropy_bounds,
    information_dimension,
    lyapunov_spectrum,
    mixed_state_entropies,
    statistical_complexity,
    statistical_complexity_bounds,
    statistical_complexity_dimension,
    transient_information,
    transient_information_bounds,
)
from compmech.measures import bounds as bounds_module
from compmech.measures.fractal import _kaplan_yorke
from compmech.processes import golden_mean, mess3, random_hmm, rrxor, sns

# A nonunifilar 3-state HMM whose MSP closes with 3 recurrent beliefs, all inside the simplex.
FINITE_NONUNIFILAR = random_hmm(3, 2, seed=34, max_weight=3)


def _random_nonunifilar(seed, n):
    return random_hmm(n, 2, seed=seed, max_weight=4)


def test_blackwell_measure_of_a_finite_machine_is_its_stationary_distribution():
    hmm = FINITE_NONUNIFILAR
    msp = mixed_state_presentation(hmm)
    rec = list(msp.recurrent_states)
    targets = msp.beliefs_float[rec]
    pi = [float(v) for v in msp.to_hmm(rec).stationary_distribution()]
    pts = blackwell_measure(hmm, 200_000, seed=3)
    dist = np.linalg.norm(pts[:, None, :] - targets[None, :, :], axis=2)
    assert dist.min(axis=1).max() < 1e-9  # every point is a recurrent causal state
    freq = np.bincount(dist.argmin(axis=1), minlength=len(rec)) / len(pts)
    se = np.sqrt(np.array(pi) * (1 - np.array(pi)) / 16384)  # chains are the independent units
    assert np.all(np.abs(freq - pi) < 5 * se + 1e-3), (freq, pi)


def test_entropy_rate_estimate_lies_in_the_certified_interval():
    for hmm in (mess3(), sns(), mess3(Fraction(3, 20), Fraction(3, 5))):
        est = entropy_rate_estimate(hmm, n_steps=400_000, seed=11)
        assert est.agrees_with(entropy_rate(hmm, tol=1e-5)), (hmm, est)
        assert 0 < est.stderr < 2e-3


def test_entropy_rate_estimate_of_a_finite_machine_is_the_exact_rate():
    hmm = FINITE_NONUNIFILAR
    est = entropy_rate_estimate(hmm, n_steps=400_000, seed=5)
    assert est.within(float(entropy_rate(hmm)), z=5)


def _log_det_average(hmm, L):
    """``sum_i lam_i = E[log |det J_x(b)|]`` over the exact depth-L belief distribution (independent of QR).

    On the simplex, the projective map ``b -> b T / (b T 1)`` has Jacobian determinant
    ``det T / (b T 1)^n`` on the tangent hyperplane.
    """
    T = hmm.to_numpy()
    k, n, _ = T.shape
    msp = mixed_state_presentation(hmm, max_depth=L)
    leaves = np.flatnonzero(msp.depths == L)
    B = msp.beliefs_float[leaves]
    probs = _leaf_probabilities(msp, leaves)  # product of edge probabilities along each word (a tree)
    dets = np.abs(np.linalg.det(T))
    total = 0.0
    for x in range(k):
        s = B @ T[x].sum(axis=1)
        total += float((probs * s * (np.log(dets[x]) - n * np.log(s))).sum())
    return total


def _leaf_probabilities(msp, leaves):
    src, _, dst = msp.edges
    p_edge = msp.edge_probabilities_float
    parent = {int(d): (int(s), float(p)) for s, d, p in zip(src, dst, p_edge)}
    out = []
    for u in leaves:
        p, v = 1.0, int(u)
        while v != 0:
            v, p = parent[v][0], p * parent[v][1]
        out.append(p)
    return np.array(out)


def test_lyapunov_sum_matches_the_determinant_average():
    """QR exponents (chaos game) against ``E[log|det J|]`` on the exact depth-9 belief tree."""
    hmm = mess3()
    lams = lyapunov_spectrum(hmm, n_steps=400_000, seed=2)
    total = sum(e.value for e in lams)
    se = math.sqrt(sum(e.stderr**2 for e in lams))
    assert abs(total - _log_det_average(hmm, 9)) < 5 * se + 2e-3, (total, _log_det_average(hmm, 9))


def test_one_dimensional_exponent_matches_the_derivative_average():
    hmm = HMM({0: [["1/2", "1/4"], ["1/8", "1/4"]], 1: [["1/8", "1/8"], ["1/4", "3/8"]]})
    (lam,) = lyapunov_spectrum(hmm, n_steps=400_000, seed=4)
    assert lam.within(_log_det_average(hmm, 12), z=5), (lam, _log_det_average(hmm, 12))


def test_exponents_belong_to_the_process_not_the_presentation():
    """A 4-state presentation of Mess3 (one state split in two) has Mess3's exponents."""
    T = mess3().to_numpy()
    split = {}
    for x in range(3):
        m = sympy.Matrix(mess3().matrices[x])
        big = sympy.zeros(4, 4)
        for i in range(4):
            src = min(i, 2)
            for j in range(3):
                if j < 2:
                    big[i, j] = m[src, j]
                else:
                    big[i, 2] = m[src, 2] / 2
                    big[i, 3] = m[src, 2] / 2
        split[x] = big
    four = HMM(split)
    assert four.n_states == 4 and np.allclose(T.sum(axis=0).sum(axis=1), 1)
    a = lyapunov_spectrum(mess3(), n_steps=200_000, seed=8)
    b = lyapunov_spectrum(four, n_steps=200_000, seed=9)
    assert len(b) == 2
    for u, v in zip(a, b):
        assert abs(u.value - v.value) < 5 * math.hypot(u.stderr, v.stderr)


def test_exponents_known_exactly():
    assert [e.value for e in lyapunov_spectrum(sns())] == [-math.inf]
    assert [e.value for e in lyapunov_spectrum(golden_mean())] == [-math.inf]
    assert all(e.value == -math.inf and e.stderr == 0 for e in lyapunov_spectrum(rrxor()))


def test_kaplan_yorke_by_hand():
    # 1-D: d = h / |lam|
    d, k, _ = _kaplan_yorke([-2.0], 0.5)
    assert (d, k) == (0.25, 0)
    # 2-D: h + lam_1 >= 0 > h + lam_1 + lam_2: d = 1 + (h + lam_1) / |lam_2|
    d, k, grad = _kaplan_yorke([-0.5, -2.0], 1.0)
    assert (d, k) == (1.25, 1)
    eps = 1e-7
    assert abs(grad[0] - (_kaplan_yorke([-0.5 + eps, -2.0], 1.0)[0] - d) / eps) < 1e-5
    assert abs(grad[2] - (_kaplan_yorke([-0.5, -2.0], 1.0 + eps)[0] - d) / eps) < 1e-5
    # every partial sum non-negative: the full dimension
    assert _kaplan_yorke([-0.1, -0.2], 1.0)[0] == 2.0
    # a collapsing direction next: an integer
    assert _kaplan_yorke([-0.5, -math.inf], 1.0)[0] == 1.0


def test_complexity_dimension_exact_zeros_and_mess3():
    assert statistical_complexity_dimension(golden_mean()) == 0
    assert statistical_complexity_dimension(FINITE_NONUNIFILAR) == 0
    assert statistical_complexity_dimension(sns()) == 0
    d = statistical_complexity_dimension(mess3(), n_steps=200_000, seed=1)
    assert isinstance(d, Estimate) and 0 < d.stderr < 0.01
    info = information_dimension(mess3(), n_points=1_000_000, seed=2)
    assert abs(d.value - info.value) < 0.1, (d, info)


def test_nonatomic_certificate():
    cert = certify_nonatomic(mess3())
    assert cert.holds and cert.bound == Fraction(309, 400)  # max_c Pr(0 | c) = alpha y + 2 beta x
    assert not certify_nonatomic(sns()).holds
    # an i.i.d. process behind invertible maps: one atom at pi, never certified
    iid = HMM({0: [["1/4", "1/4"], ["1/8", "3/8"]], 1: [["1/4", "1/4"], ["1/8", "3/8"]]})
    assert not certify_nonatomic(iid).holds
    assert not certify_nonatomic(rrxor()).holds  # 5 states: outside the exact check, says so
    assert "2 or 3 states" in certify_nonatomic(rrxor()).reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.sampled_from([2, 2, 3]))
def test_finite_causal_states_are_never_certified_infinite(seed, n):
    hmm = _random_nonunifilar(seed, n)
    try:
        mixed_state_presentation(hmm, max_states=300)
    except CompmechError:
        return  # not finite (or not known to be): nothing to check
    assert not certify_nonatomic(hmm).holds


def test_infinite_measures_where_proven():
    assert statistical_complexity(mess3()) == sympy.oo
    with pytest.raises(InfiniteStatesError, match="not proven"):
        statistical_complexity(sns(), max_states=500)
    b = statistical_complexity_bounds(sns())
    assert b.bounds.upper == sympy.oo and float(b.bounds.lower) > 0.14


def _split_presentation(seed, n, num):
    """A nonunifilar presentation with a finite MSP: a random unifilar machine with state 0 split in two.

    Mass entering state 0 goes to its copies in the ratio ``num : 1``; both copies emit like state 0, so
    every belief is an original belief with state 0's mass split in that fixed ratio (finitely many).
    """
    base = random_hmm(n, 2, seed=seed, unifilar=True, max_weight=4, synchronizing=True)
    r = sympy.Rational(num, num + 1)
    mats = {}
    for a in base.alphabet:
        m = sympy.Matrix(base.matrices[a])
        big = sympy.zeros(n + 1, n + 1)
        for i in range(n + 1):
            src = 0 if i == n else i
            for j in range(n):
                big[i, j] = m[src, j] * (r if j == 0 else 1)
            big[i, n] = m[src, 0] * (1 - r)
        mats[a] = big
    return HMM(mats)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.sampled_from([2, 3]), st.integers(1, 5))
def test_certified_bounds_contain_the_exact_values(seed, n, num):
    """Bounds from blocks (forced, as if the MSP did not close) hold the exact E and T of finite machines."""
    hmm = _split_presentation(seed, n, num)
    assert not hmm.is_unifilar()
    E = excess_entropy(hmm, max_states=300)
    T = transient_information(hmm, max_states=300)
    for L in (2, 5):
        lower, est, _ = bounds_module._excess_parts(hmm, L, 1e-6, 300)
        assert float(lower.lower()) <= float(E) + 1e-12
    assert excess_entropy_bounds(hmm).bounds.lower <= sympy.N(E, 40) <= excess_entropy_bounds(hmm).bounds.upper
    assert transient_information_bounds(hmm).bounds.lower <= sympy.N(T, 40) + sympy.Rational(1, 10**30)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_short_bounds_contain_the_long_computation(seed):
    """For processes whose MSP does not close: the L = 3 interval holds the L = 10 estimate."""
    hmm = _random_nonunifilar(seed, 2)
    try:
        entropy_rate(hmm, max_states=300, depth=1)
        excess_entropy(hmm, max_states=300)
        return  # finite: covered above
    except CompmechError:
        pass
    short = excess_entropy_bounds(hmm, L=3, tol=1e-3, max_states=300)
    long = excess_entropy_bounds(hmm, L=10, tol=1e-3, max_states=300)
    e = long.estimate
    assert float(short.bounds.lower) <= e.value + 4 * e.stderr + 1e-9
    assert e.value - 4 * e.stderr <= float(short.bounds.upper)
    assert short.bounds.lower <= long.bounds.lower + sympy.Rational(1, 10**20)


def test_mess3_and_sns_bounds_and_estimates():
    E = excess_entropy_bounds(mess3())
    assert 0.5708 < float(E.bounds.lower) < 0.57087 and E.estimate.within(float(E.bounds.lower), 10)
    assert E.bounds.upper < sympy.log(3, 2) + sympy.Rational(1, 10**20)
    T = transient_information_bounds(sns())
    assert T.bounds.upper == sympy.oo and T.estimate.value >= float(T.bounds.lower) - 1e-9


def test_markov_order_lower_bound_holds_for_finite_orders():
    """R >= j is certified when h(j) > h_mu: it must never exceed a known Markov order (golden mean R = 1,
    Z1R R = 3, period 0011 R = 2), computed here through the bounds path."""
    from compmech.processes import period, z1r

    for hmm, R in ((golden_mean(), 1), (z1r(), 3), (period("0011"), 2)):
        assert bounds_module.memory_lower_bounds(hmm, L=8)["markov_order_lower"] == R


def test_mixed_state_entropies_converge_to_c_mu_for_a_finite_machine():
    hmm = FINITE_NONUNIFILAR
    values = mixed_state_entropies(hmm, 40)
    assert abs(float(values[-1]) - float(statistical_complexity(hmm))) < 1e-6


def test_bad_arguments():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(InvalidArgumentError):
            blackwell_measure(mess3(), bad)
    with pytest.raises(InvalidArgumentError):
        excess_entropy_bounds(mess3(), L=0)
    with pytest.raises(InvalidArgumentError):
        entropy_rate_estimate(mess3(), seed="zero")


def test_cli_labels_every_row_of_an_infinite_state_process(capsys):
    assert main(["measures", "mess3"]) == 0
    out = capsys.readouterr().out
    rows = {line[:33].strip(): line[33:] for line in out.splitlines()[2:]}
    assert rows["statistical complexity C_mu"].split()[0] == "infinite"
    assert rows["excess entropy E"].startswith("certified bound")
    assert rows["Lyapunov dimension (>= d_mu)"].split()[0] == "estimate"  # a bound, not d_mu (overlapping maps)
    assert "upper bound on d_mu" in rows["Lyapunov dimension (>= d_mu)"]
    assert rows["Markov order R"].split()[0] == "infinite"
    assert main(["measures", "sns"]) == 0
    out = capsys.readouterr().out
    rows = {line[:33].strip(): line[33:] for line in out.splitlines()[2:]}
    assert rows["statistical complexity C_mu"].startswith("certified bound")
    assert rows["Lyapunov exponents (nats)"].split()[:2] == ["exact", "-inf"]
    assert rows["synchronization information S"].startswith("certified bound")
    order = rows["Markov order R"].split()
    assert order[:3] == ["certified", "bound", ">="] and int(order[3]) >= 10


def _area(poly) -> Fraction:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, poly[1:] + poly[:1]))) / 2


def _inside(p, poly) -> bool:
    """``p`` in the closed convex polygon ``poly`` (counter-clockwise): every edge has it on its left."""
    return all(
        (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0 for a, b in zip(poly, poly[1:] + poly[:1])
    )


def test_mess3_maps_overlap_on_their_invariant_region():
    """docs/theory_fractal.md: the images f_x(K) of Mess3's invariant polygon K overlap pairwise (area 0.0156),
    so the Lyapunov dimension 0.52 is not shown to be d_mu by a separation condition."""
    from compmech.measures.atoms import _clip, _hull, _Maps

    hmm = mess3()
    maps = _Maps(hmm, list(hmm.alphabet))
    K = _hull([(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1)), (Fraction(0), Fraction(0))])
    for _ in range(6):
        K = _hull([maps.image(x, p) for x in hmm.alphabet for p in K])
    images = {x: _hull([maps.image(x, p) for p in K]) for x in hmm.alphabet}
    assert all(_inside(v, K) for im in images.values() for v in im)  # K is invariant
    assert abs(float(_area(K)) - 0.484) < 5e-4
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        overlap = _clip(images[a], images[b])
        assert abs(float(_area(overlap)) - 0.0156) < 1e-4
        centre = tuple(sum(v[i] for v in overlap) / len(overlap) for i in range(2))
        assert _inside(centre, images[a]) and _inside(centre, images[b])  # checked without _clip
