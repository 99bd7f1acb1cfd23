"""The Markov family: binary chains of any order, the Ising and Potts chains (exact, transcendental), the Ehrenfest urn."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from compmech import epsilon_machine, mixed_state_presentation, same_process
from compmech.errors import InvalidArgumentError, ProbabilityRangeError
from compmech.measures import cryptic_order, entropy_rate, excess_entropy, markov_order, statistical_complexity
from compmech.processes import (
    binary_markov_chain,
    ehrenfest,
    get,
    ising,
    ising_nnn,
    markov_chain,
    observed_markov_chain,
    potts,
)
from compmech.processes._common import hmm_from_edges

R = sympy.Rational


def H(*ps):
    return -sum(p * sympy.log(p, 2) for p in ps if p != 0)


def close(a, b, digits=40) -> bool:
    return abs(sympy.N(a - b, digits + 10)) < sympy.Float(10) ** -digits


# ------------------------------------------------------------------------------------ binary chains
@pytest.mark.parametrize("p, q", [(R(2, 5), R(3, 10)), (R(1, 5), R(1, 2)), (R(1, 10), R(1, 10))])
def test_binary_markov_chain_closed_forms(p, q):
    h = binary_markov_chain(p, q)
    pi = (q / (p + q), p / (p + q))
    assert h.stationary_distribution() == pi
    hmu = pi[0] * H(p, 1 - p) + pi[1] * H(q, 1 - q)
    assert close(entropy_rate(h), hmu)
    assert close(statistical_complexity(h), H(*pi))
    assert close(excess_entropy(h), H(*pi) - hmu)  # order 1, states = last symbol: E = H[X] - h_mu
    assert markov_order(h) == cryptic_order(h) == 1


def test_binary_markov_chain_aliases():
    assert get("BinaryMarkovChain") == binary_markov_chain() == get("BMC_eM", p="2/5", q="3/10")
    assert get("PerturbedCoin") == binary_markov_chain("1/5", "1/5")
    assert get("PerturbedCoin", p="1/10", q="3/10") == binary_markov_chain("1/10", "3/10")
    assert get("BinaryMarkovChain", machine_type="lohr") == binary_markov_chain()  # a presentation choice
    assert epsilon_machine(binary_markov_chain("1/3", "2/3")).n_states == 1  # p + q = 1: a biased coin


def test_markov_chain_of_order_one_is_the_binary_chain():
    p, q = R(1, 3), R(1, 4)
    assert same_process(markov_chain(1, [p, 1 - q]), binary_markov_chain(p, q))


@pytest.mark.parametrize("R_", [1, 2, 3])
def test_markov_chain_orders(R_):
    probs = [R(i + 1, 2**R_ + 2) for i in range(2**R_)]  # distinct predictions for distinct contexts
    h = markov_chain(R_, probs)
    assert h.n_states == 2**R_ and epsilon_machine(h).n_states == 2**R_
    assert markov_order(h) == R_


def test_girvan_figures_are_order_two_chains():
    """sofic's (CMPy's) Girvan machines, rebuilt from sofic's edge lists, against the chain's parameters."""
    a, pi, rho, iota = R(3, 10), R(3, 5), R(1, 2), R(2, 5)
    fig6b = hmm_from_edges([("A", "A", 1, a), ("A", "P", 0, 1 - a), ("P", "A", 1, 1 - pi), ("P", "P", 0, pi)])
    fig6c = hmm_from_edges(
        [("A", "A", 1, a), ("A", "P", 0, 1 - a), ("P", "A", 1, 1 - pi), ("P", "R", 0, pi)]
        + [("R", "R", 0, rho), ("R", "A", 1, 1 - rho)]
    )
    fig6d = hmm_from_edges(
        [("A", "I", 1, a), ("A", "P", 0, 1 - a), ("P", "A", 1, 1 - pi), ("P", "R", 0, pi)]
        + [("R", "R", 0, rho), ("R", "A", 1, 1 - rho), ("I", "I", 1, iota), ("I", "P", 0, 1 - iota)]
    )
    kw = {"alpha": a, "pi": pi, "rho": rho, "iota": iota}
    assert same_process(get("Girvan_fig6b", alpha=a, pi=pi), fig6b)
    assert same_process(get("Girvan_fig6c", alpha=a, pi=pi, rho=rho), fig6c)
    assert same_process(get("Girvan_fig6d", **kw), fig6d)
    assert not same_process(get("Girvan_fig6d", **kw), fig6c)
    assert markov_order(fig6c) == 2 and markov_order(fig6d) == 2
    assert get("Girvan_fig6d") == markov_chain()  # the default is Girvan_fig6d's


# ---------------------------------------------------------------------------------------- spin chains
def _ising_numeric(J, B, T):
    """Pr(up | up), Pr(down | down) and Pr(up) from the transfer matrix's eigenvector, in floats."""
    b = 1 / T
    V = np.array([[math.exp(b * (J + B)), math.exp(-b * J)], [math.exp(-b * J), math.exp(b * (J - B))]])
    w, U = np.linalg.eigh(V)
    lam, u = w[-1], np.abs(U[:, -1])
    P = V * u[None, :] / (lam * u[:, None])
    return P[0, 0], P[1, 1], u[0] ** 2 / (u @ u)


@pytest.mark.parametrize("J, B, T", [(1, R(3, 10), 1), (R(1, 2), R(1, 10), 2), (-1, R(1, 2), R(3, 2)), (1, 0, 1)])
def test_ising_against_the_transfer_matrix(J, B, T):
    h = ising(J, B, T)
    uu, dd, up = _ising_numeric(float(J), float(B), float(T))
    assert abs(float(h.matrices[0][0, 0]) - uu) < 1e-12 and abs(float(h.matrices[1][1, 1]) - dd) < 1e-12
    pi = h.stationary_distribution()
    assert abs(float(pi[0]) - up) < 1e-12
    # the magnetization <s> = sinh(B/T) / sqrt(sinh(B/T)**2 + exp(-4 J/T)), exactly (to 40 digits)
    Jt, Bt = sympy.Rational(J) / T, sympy.Rational(B) / T
    m = sympy.sinh(Bt) / sympy.sqrt(sympy.sinh(Bt) ** 2 + sympy.exp(-4 * Jt))
    assert close(pi[0] - pi[1], m)


def test_ising_at_zero_field():
    J, T = R(1, 2), 1
    h = ising(J, 0, T)
    same = 1 / (1 + sympy.exp(-2 * J / T))
    assert sympy.simplify(h.matrices[0][0, 0] - same) == 0 and h.stationary_distribution() == (R(1, 2), R(1, 2))
    assert close(entropy_rate(h), H(same, 1 - same))
    assert statistical_complexity(h) == 1
    assert close(excess_entropy(h), 1 - H(same, 1 - same))


def test_ising_measures_are_exact_expressions():
    h = ising()  # sofic's default J = 1, B = 3/10, T = 1
    assert mixed_state_presentation(h).graph.number_of_nodes() == 3
    C, hmu = statistical_complexity(h), entropy_rate(h)
    assert C.has(sympy.exp) and abs(float(C) - 0.256286) < 1e-6 and abs(float(hmu) - 0.182709) < 1e-6
    assert markov_order(h) == 1


def test_potts():
    q, J, T = 3, 1, 2
    h = potts(q, J, T)
    e = sympy.exp(sympy.Rational(J, T))
    same, other = e / (e + q - 1), 1 / (e + q - 1)
    assert h.stationary_distribution() == (R(1, 3),) * 3
    hmu = H(same, other, other)
    assert close(entropy_rate(h), hmu)
    assert close(statistical_complexity(h), sympy.log(3, 2))
    assert close(excess_entropy(h), sympy.log(3, 2) - hmu)
    two, spin = potts(2, 1, 1), ising(R(1, 2), 0, 1)  # q = 2 is Ising at B = 0 with coupling J/2
    assert all(
        sympy.simplify(two.matrices[x][i, j] - spin.matrices[x][i, j]) == 0
        for x in (0, 1)
        for i in (0, 1)
        for j in (0, 1)
    )


def test_ehrenfest():
    N, p = 5, R(1, 4)
    h = ehrenfest(N, p)
    pi = h.stationary_distribution()
    assert pi == tuple(R(math.comb(N, n), 2**N) for n in range(N + 1))
    T = sum((h.matrices[x] for x in h.alphabet), sympy.zeros(N + 1))
    assert all(pi[i] * T[i, j] == pi[j] * T[j, i] for i in range(N + 1) for j in range(N + 1))  # reversible
    assert h.word_probability([0, 1]) == R(1, 32) * p and h.word_probability([0, 2]) == 0
    assert get("Ehrenfest", p="1/4", N=3) == ehrenfest(3, "1/4")
    assert ehrenfest(2, 1).stationary_distribution() == (R(1, 4), R(1, 2), R(1, 4))  # periodic, still unique


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: markov_chain(11), InvalidArgumentError, "R = 11 must be at most 10; an order-R chain has 2\\*\\*R"),
        (lambda: markov_chain(0), InvalidArgumentError, "R = 0 must be at least 1"),
        (lambda: markov_chain(2, "1/2 1/2"), InvalidArgumentError, "must have 4 entries"),
        (lambda: markov_chain(1, "1/2 3/2"), ProbabilityRangeError, r"p\[1\] = 3/2"),
        (lambda: ising(1, 0, 0), InvalidArgumentError, "T = 0 must be positive"),
        (lambda: ising(1.0, 0, 1), Exception, "float"),
        (lambda: potts(1), InvalidArgumentError, "q = 1 must be at least 2"),
        (lambda: potts(3, 1, -1), InvalidArgumentError, "T = -1 must be positive"),
        (lambda: ehrenfest(0), InvalidArgumentError, "N = 0 must be at least 1"),
        (lambda: ehrenfest(10**6), InvalidArgumentError, "at most 999"),
        (lambda: binary_markov_chain("-1/2"), ProbabilityRangeError, "p = -1/2"),
    ],
)
def test_parameters_are_checked(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_symbolic_parameters():
    p, q = sympy.symbols("p q", positive=True)
    h = binary_markov_chain(p, q)
    assert sympy.simplify(h.stationary_distribution()[1] - p / (p + q)) == 0


def _nnn_numeric(J1, J2, T):
    """Pr(next spin | last two) from the transfer matrix on spin pairs, in floats: {(a, b, c): probability}."""
    pairs = [(a, b) for a in (1, -1) for b in (1, -1)]
    M = np.zeros((4, 4))
    for i, (a, b) in enumerate(pairs):
        for j, (b2, c) in enumerate(pairs):
            if b2 == b:
                M[i, j] = math.exp((J1 * b * c + J2 * a * c) / T)
    w, V = np.linalg.eig(M)
    top = np.argmax(w.real)
    lam, v = w[top].real, np.abs(V[:, top].real)
    return {
        (a, b, c): M[i, pairs.index((b, c))] * v[pairs.index((b, c))] / (lam * v[i])
        for i, (a, b) in enumerate(pairs)
        for c in (1, -1)
    }


@pytest.mark.parametrize("J1, J2, T", [(1, R(-1, 2), 1), (R(1, 2), 1, 2), (-1, R(-3, 4), R(3, 2))])
def test_ising_nnn_against_the_pair_transfer_matrix(J1, J2, T):
    h = ising_nnn(J1, J2, T)
    P = _nnn_numeric(float(J1), float(J2), float(T))
    spin = {"u": 1, "d": -1}
    for i, s in enumerate(h.states):
        a, b = spin[s[0]], spin[s[1]]
        for x, c in ((0, 1), (1, -1)):
            j = h.states.index(s[1] + ("u" if c == 1 else "d"))
            assert abs(float(h.matrices[x][i, j]) - P[(a, b, c)]) < 1e-12
    assert markov_order(h) == 2


def test_ising_nnn_without_next_nearest_coupling_is_ising():
    assert same_process(ising_nnn(1, 0, 1), ising(1, 0, 1))
    assert markov_order(ising_nnn(1, 0, 1)) == 1


def test_observed_markov_chain():
    N, p = 3, R(1, 2)
    rows = [[0] * (N + 1) for _ in range(N + 1)]
    for n in range(N + 1):
        rows[n][n] = 1 - p
        if n < N:
            rows[n][n + 1] = p * R(N - n, N)
        if n > 0:
            rows[n][n - 1] = p * R(n, N)
    text = " | ".join(" ".join(map(str, r)) for r in rows)
    h, urn = observed_markov_chain(text), ehrenfest(N, p)
    assert all(h.matrices[x] == urn.matrices[x] for x in h.alphabet) and h.alphabet == urn.alphabet
    h = observed_markov_chain("1/2 1/2 | 1/4 3/4")
    pi = h.stationary_distribution()
    hmu = pi[0] * H(R(1, 2), R(1, 2)) + pi[1] * H(R(1, 4), R(3, 4))
    assert close(entropy_rate(h), hmu) and close(excess_entropy(h), H(*pi) - hmu)
    assert epsilon_machine(observed_markov_chain("1/2 1/2 | 1/2 1/2")).n_states == 1  # equal rows merge
    assert observed_markov_chain([["1/3", "2/3"], [1, 0]]).word_probability([1, 1]) == 0


@pytest.mark.parametrize(
    "P, match",
    [
        ("1/2 1/2 | 1/4 1/4", r"P\[1\]: the entries sum to 1/2"),
        ("1/2 1/2 | 1", r"P\[1\] must have 2 entries"),
        (" | ".join(["1"] * 101), "1 to 100 states"),
    ],
)
def test_observed_markov_chain_parameters(P, match):
    with pytest.raises((InvalidArgumentError, ProbabilityRangeError), match=match):
        observed_markov_chain(P)
