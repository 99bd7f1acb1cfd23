"""The renewal family against closed forms (Marzen and Crutchfield 2015), hand derivations and each other.

A binary renewal process with interevent count distribution ``F(n)`` (``n`` 0s between two 1s) has, with the
survival function ``w(n) = sum_{m >= n} F(m)``, ``mu + 1 = sum_n w(n)`` and ``pi(n) = w(n) / (mu + 1)``:
``h_mu = H[F] / (mu + 1)``, ``C_mu = H[pi merged into causal states]`` and
``E = -2 sum_n pi(n) log2 pi(n) + sum_n (n + 1) F(n) / (mu + 1) log2(F(n) / (mu + 1))`` (E is the mutual
information between the count since the last 1 and the count to the next, whose joint law is
``F(n + m) / (mu + 1)``).  The oracle below evaluates these in closed form (geometric sums for the tails),
independently of compmech's measures, which work on the machines.
"""

from __future__ import annotations

import pytest
import sympy

from compmech import HMM, epsilon_machine, same_process
from compmech.errors import InvalidArgumentError, ProbabilityRangeError
from compmech.measures import cryptic_order, entropy_rate, excess_entropy, markov_order, statistical_complexity
from compmech.processes import (
    almost_fair_coin,
    almost_fair_coin2,
    even,
    even_odd,
    eventually_delta_poisson,
    eventually_poisson,
    get,
    golden_mean,
    multiples,
    odd,
    phase_type_renewal,
    renewal_process,
    sns,
    three_even,
    three_even_odd,
    uniform_renewal,
)

R = sympy.Rational


def log2(x):
    return sympy.log(x, 2)


def swap(h: HMM) -> HMM:
    """The same machine with symbols 0 and 1 exchanged."""
    return HMM([h.matrices[1].tolist(), h.matrices[0].tolist()], states=h.states, alphabet=h.alphabet)


def close(a, b, digits=40) -> bool:
    return abs(sympy.N(a - b, digits + 10)) < sympy.Float(10) ** -digits


class Renewal:
    """Closed forms of a renewal process: ``F(n) = head[n]`` for ``n < n~``, then ``W (1 - lam) g[m] lam**k``
    at ``n = n~ + k Delta + m`` (``W = 1 - sum(head)``; ``g = None``: finite support)."""

    def __init__(self, head, g=None, lam=0):
        self.head = [R(x) for x in head]
        self.g = [R(x) for x in g] if g else []
        self.lam = R(lam)
        self.W = 1 - sum(self.head)

    def tail_terms(self):
        """``(a, c_F, c_w, Delta)`` per residue ``m``: ``n + 1 = a + k Delta``, ``F = c_F lam**k``, ``w = c_w lam**k``."""
        lam, D, nt = self.lam, len(self.g), len(self.head)
        for m, gm in enumerate(self.g):
            G = sum(self.g[m:])
            yield nt + m + 1, self.W * (1 - lam) * gm, self.W * ((1 - lam) * G + lam), D

    def sums(self):
        lam = self.lam
        S0, S1, S2 = 1 / (1 - lam), lam / (1 - lam) ** 2, lam * (1 + lam) / (1 - lam) ** 3
        return S0, S1, S2

    def mu1(self):
        w = [self.W + sum(self.head[n:]) for n in range(len(self.head))]
        S0 = self.sums()[0]
        return sum(w) + sum(cw * S0 for _, _, cw, _ in self.tail_terms())

    def _xlogx(self, c, weight_a=None, D=0):
        """``sum_k (a + k D) c lam**k log2(c lam**k)`` (``weight_a=None``: weight 1), in closed form."""
        if c == 0:
            return 0
        S0, S1, S2 = self.sums()
        lc, ll = log2(c), (log2(self.lam) if self.lam != 0 else 0)
        if weight_a is None:
            return c * (lc * S0 + ll * S1)
        a = weight_a
        return c * (a * lc * S0 + a * ll * S1 + D * lc * S1 + D * ll * S2)

    def h_mu(self):
        mu1 = self.mu1()
        H = -sum(f * log2(f) for f in self.head if f != 0)
        H -= sum(self._xlogx(cF) for _, cF, _, _ in self.tail_terms())
        return H / mu1

    def pi_head(self):
        mu1 = self.mu1()
        return [(self.W + sum(self.head[n:])) / mu1 for n in range(len(self.head))]

    def c_mu(self):
        mu1, S0 = self.mu1(), self.sums()[0]
        classes = self.pi_head() + [cw * S0 / mu1 for _, _, cw, _ in self.tail_terms()]
        return -sum(p * log2(p) for p in classes if p != 0)

    def excess(self):
        mu1 = self.mu1()
        total = -2 * sum(p * log2(p) for p in self.pi_head() if p != 0)
        total -= 2 * sum(self._xlogx(cw / mu1) for _, _, cw, _ in self.tail_terms())
        total += sum((n + 1) * f / mu1 * log2(f / mu1) for n, f in enumerate(self.head) if f != 0)
        total += sum(self._xlogx(cF / mu1, a, D) for a, cF, _, D in self.tail_terms())
        return total


CASES = [
    (renewal_process("1/4 1/4 1/2"), Renewal(["1/4", "1/4", "1/2"]), 3),
    (renewal_process("1/2 0 1/3 1/6"), Renewal(["1/2", 0, "1/3", "1/6"]), 4),
    (uniform_renewal(4), Renewal(["1/4"] * 4), 4),
    (eventually_poisson("1/4 0", "1/2"), Renewal(["1/4", 0], [1], "1/2"), 3),
    (eventually_poisson("", "1/3"), Renewal([], [1], "1/3"), 1),
    (eventually_poisson("1/5 1/2", "3/4"), Renewal(["1/5", "1/2"], [1], "3/4"), 3),
    (eventually_delta_poisson("1/5", "1/2 1/4 1/4", "1/3"), Renewal(["1/5"], ["1/2", "1/4", "1/4"], "1/3"), 4),
    (eventually_delta_poisson("", "1/3 2/3", "1/2"), Renewal([], ["1/3", "2/3"], "1/2"), 2),
]


@pytest.mark.parametrize("hmm, oracle, states", CASES, ids=lambda x: getattr(x, "name", None) or "")
def test_closed_forms_of_marzen_and_crutchfield(hmm, oracle, states):
    assert sum(oracle.head) + oracle.W == 1 and oracle.mu1() > 0
    assert epsilon_machine(hmm).n_states == states == hmm.n_states  # the presentation is the epsilon-machine
    assert close(entropy_rate(hmm), oracle.h_mu())
    assert close(statistical_complexity(hmm), oracle.c_mu())
    assert close(excess_entropy(hmm), oracle.excess())


def test_the_oracle_can_fail():
    wrong = Renewal(["1/4", "1/2", "1/4"])
    h = renewal_process("1/4 1/4 1/2")
    assert not close(excess_entropy(h), wrong.excess()) and not close(statistical_complexity(h), wrong.c_mu())


@pytest.mark.parametrize("N", [1, 2, 3, 6])
def test_uniform_renewal_closed_forms(N):
    h = uniform_renewal(N)
    pi = [R(2 * (N - n), N * (N + 1)) for n in range(N)]
    assert list(h.stationary_distribution()) == pi
    C = -sum(p * log2(p) for p in pi)
    assert close(statistical_complexity(h), C)
    assert close(entropy_rate(h), 2 * log2(N) / (N + 1))
    assert close(excess_entropy(h), 2 * C - log2(R(N * (N + 1), 2)))


def test_stationary_law_is_the_survival_function():
    h = renewal_process("1/4 1/4 1/2")  # w = 1, 3/4, 1/2; mu + 1 = 9/4
    assert h.stationary_distribution() == (R(4, 9), R(1, 3), R(2, 9))
    assert h.word_probability([1, 1]) == R(4, 9) * R(1, 4)  # after a 1 the count is 0; F(0) = 1/4


# ------------------------------------------------------------------ the named processes as renewal processes
@pytest.mark.parametrize("p", [R(1, 2), R(1, 3), R(3, 4)])
def test_named_processes_are_eventually_delta_poisson(p):
    q = R(2, 5)
    assert same_process(swap(even(p)), eventually_delta_poisson("", "1 0", 1 - p))
    assert same_process(swap(odd(p, q)), eventually_delta_poisson(f"{p}", "1 0", 1 - q))
    assert same_process(swap(multiples(3, p)), eventually_delta_poisson("", "1 0 0", 1 - p))
    assert same_process(golden_mean(p), eventually_poisson("0", 1 - p))  # a refractory count after each 1


@pytest.mark.parametrize("n, p", [(1, R(1, 2)), (3, R(1, 2)), (4, R(1, 3))])
def test_almost_fair_coin_is_a_finite_renewal_process(n, p):
    F = [p**m * (1 - p) for m in range(n)] + [p**n]
    assert same_process(swap(almost_fair_coin(n, p)), renewal_process(F))


def test_phase_type_renewal_is_the_simple_nonunifilar_source():
    assert same_process(phase_type_renewal("1/2 1/3"), sns("1/2", "1/3"))
    # the count is K - 1 plus a sum of independent geometric variables: the order of the stages does not matter
    assert same_process(phase_type_renewal("1/3 1/2"), sns("1/2", "1/3"))
    assert not same_process(phase_type_renewal("1/3 1/3"), sns("1/2", "1/3"))
    three = phase_type_renewal("1/2 1/2 1/2")  # 2 + Geom + Geom + Geom 0s between two 1s (Pr(extra j) = 2**-(j+1))
    p1 = three.word_probability([1])
    assert three.word_probability([1, 0, 1]) == 0
    assert three.word_probability([1, 0, 0, 1]) == p1 * R(1, 8)
    assert three.word_probability([1, 0, 0, 0, 1]) == p1 * 3 * R(1, 16)
    assert not three.is_unifilar()


def test_even_and_multiples():
    assert same_process(multiples(2, R(1, 3)), even(R(1, 3)))
    assert multiples(4).stationary_distribution() == (R(2, 5), R(1, 5), R(1, 5), R(1, 5))
    assert get("Multiple4", bias="1/3") == multiples(4, "1/3")
    assert get("MultipleN", n=5) == multiples(5)
    assert get("EvenRedundant", bias="1/4") == even("1/4")


@pytest.mark.parametrize(
    "hmm, R_order, k_order",
    [
        (almost_fair_coin(3), 3, 3),
        (almost_fair_coin(5), 5, 5),
        (almost_fair_coin2(2), 2, 2),
        (almost_fair_coin2(3), 3, 3),
        (odd(), sympy.oo, 1),
        (even_odd(), sympy.oo, 1),
        (renewal_process("1/4 1/4 1/2"), 2, 2),  # finite support 0..N: N 0s in a row fix the count
        (renewal_process("1/2 0 1/3 1/6"), 3, 3),
        (uniform_renewal(5), 4, 4),
    ],
    ids=lambda x: getattr(x, "name", None) or "",
)
def test_orders(hmm, R_order, k_order):
    assert markov_order(hmm) == R_order and cryptic_order(hmm) == k_order


def test_three_symbol_relatives():
    assert three_even().stationary_distribution() == (R(3, 5), R(1, 5), R(1, 5))
    assert three_even("1/2 1/4 1/4").word_probability([0, 1, 2]) == 0  # a block of 1s has even length
    # pi(A) = 2/3 (A : B : C = 1 : 1/4 : 1/4), then 0, 11, 22 from A
    assert three_even("1/2 1/4 1/4").word_probability([0, 1, 1, 2, 2]) == R(2, 3) * R(1, 2) * R(1, 4) * R(1, 4)
    assert three_even_odd().stationary_distribution() == (R(6, 13), R(3, 13), R(3, 13), R(1, 13))
    assert even_odd().word_probability([1, 0, 1]) == 0  # 0s come in pairs


# ----------------------------------------------------------------------------------- parameter checks
@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: renewal_process("1/2 1/2 0"), InvalidArgumentError, "last entry of F must be positive"),
        (lambda: renewal_process("1/2 1/4"), ProbabilityRangeError, "sum to 3/4"),
        (lambda: renewal_process("3/2 -1/2"), ProbabilityRangeError, r"F\[0\] = 3/2"),
        (lambda: eventually_poisson("1/2 1/2", "1/2"), InvalidArgumentError, "1 - sum"),
        (lambda: eventually_poisson("0", 1), InvalidArgumentError, "lam = 1"),
        (lambda: eventually_delta_poisson("", "1 0", 0), InvalidArgumentError, r"must lie in \(0, 1\)"),
        (lambda: eventually_delta_poisson("", "1/2 1/4", "1/2"), ProbabilityRangeError, "sum to 3/4"),
        (lambda: uniform_renewal(0), InvalidArgumentError, "N = 0 must be at least 1"),
        (lambda: uniform_renewal(10**6), InvalidArgumentError, "at most 1,000"),
        (lambda: multiples("2.5"), InvalidArgumentError, "whole number"),
        (lambda: almost_fair_coin(3, "5/4"), ProbabilityRangeError, "p = 5/4"),
        (lambda: almost_fair_coin2(501), InvalidArgumentError, "at most 500"),
        (lambda: phase_type_renewal("1/2 0"), InvalidArgumentError, r"q\[1\] must be positive"),
        (lambda: three_even("1/2 1/2"), InvalidArgumentError, "3 entries"),
        (lambda: odd(0.5), Exception, "float"),
    ],
)
def test_parameters_are_checked(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_symbolic_parameters():
    p = sympy.Symbol("p")
    h = eventually_poisson("0", p)  # the golden mean with Pr(1 | A) = 1 - p
    assert sympy.simplify(h.word_probability([1]) - (1 - p) / (2 - p)) == 0
