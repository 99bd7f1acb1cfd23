"""The chaos family: the tent map's Markov partitions checked against the published figures, exactly.

The published machines of James, Burke & Crutchfield (Fig. 7 epsilon-machine, Fig. 6 Markov-partition HMM)
are compared with the process derived here from the map itself (the Markov chain of the partition's
intervals), in the cubic field of the Misiurewicz slope; entropy rates against ``log2(a)``; the logistic
map's Misiurewicz parameter against its defining equation.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest
import sympy

from compmech import HMM, entropy_rate, epsilon_machine, is_isomorphic, mixed_state_presentation, same_process
from compmech.errors import BudgetExceededError, InvalidArgumentError
from compmech.measures import cryptic_order, exactly_equal, markov_order
from compmech.processes import (
    MISIUREWICZ_SLOPE,
    get,
    misiurewicz,
    tent_map,
    tent_map_band_merging,
    tent_map_misiurewicz,
    tent_map_misiurewicz_markov,
    tent_map_misiurewicz_partition,
)
from compmech.processes._registry import lookup

R = sympy.Rational
a = MISIUREWICZ_SLOPE


def _numeric(x, digits=40):
    return sympy.N(x, digits)


def _close(x, y) -> bool:
    return abs(_numeric(x - y)) < sympy.Float("1e-30")


# --------------------------------------------------------------------------------- the slope itself
def test_the_misiurewicz_slope_sends_the_critical_point_to_the_fixed_point_in_four_steps():
    assert a.is_real and _close(a**3, 2 * a + 2) and 1.76 < float(a) < 1.77

    def T(x):
        return a * x if _numeric(x) < R(1, 2) else a * (1 - x)

    orbit = [R(1, 2)]
    for _ in range(4):
        orbit.append(sympy.expand(T(orbit[-1])))
    assert _close(orbit[4], a / (a + 1))  # the fixed point of the right branch
    assert [int(bool(_numeric(x) >= R(1, 2))) for x in orbit[1:4]] == [1, 0, 0]  # the kneading 1, 0, 0


# ------------------------------------------------------------------------------------------ tent_map
def test_the_full_tent_map_is_a_fair_coin():
    h = tent_map(2)
    assert epsilon_machine(h).n_states == 1
    assert all(h.word_probability(w) == R(1, 8) for w in ([0, 0, 0], [1, 0, 1], [1, 1, 1]))


def test_tent_map_at_sqrt2_is_the_band_merging_process():
    band = HMM({0: [[0, 0], [R(1, 2), 0]], 1: [[0, 1], [R(1, 2), 0]]})  # A -1-> B; B -0|1-> A
    assert same_process(tent_map(sympy.sqrt(2)), band)
    assert same_process(tent_map_band_merging(1), band) and get("BandMerging") == tent_map_band_merging(1)
    assert exactly_equal(entropy_rate(tent_map(sympy.sqrt(2))), R(1, 2))


@pytest.mark.parametrize("k", [1, 2, 3, pytest.param(4, marks=pytest.mark.slow)])
def test_band_merging_slopes(k):
    h = tent_map_band_merging(k)
    assert h.n_states == 2**k + 1 and lookup("tent_map_band_merging")[0].shape({"k": k}) == (h.n_states, 2)
    assert exactly_equal(entropy_rate(h), R(1, 2**k))  # log2(a) with a = 2^(1/2^k)
    # at the merging slope the 2^k bands touch but the orbit still visits them in turn
    graph = nx.DiGraph(
        [(i, j) for m in h.matrices.values() for i in range(h.n_states) for j in range(h.n_states) if m[i, j] != 0]
    )
    assert nx.is_strongly_connected(graph)
    assert math.gcd(*(len(c) for c in nx.simple_cycles(graph))) == 2**k  # the 2^k bands, visited in turn


def test_tent_map_refuses_slopes_without_a_finite_critical_orbit():
    with pytest.raises(BudgetExceededError, match="does not close"):
        tent_map(R(3, 2))
    with pytest.raises(InvalidArgumentError, match="1 < a <= 2"):
        tent_map(R(5, 2))
    with pytest.raises(InvalidArgumentError, match="1 < a <= 2"):
        tent_map(1)
    with pytest.raises(InvalidArgumentError, match="exact algebraic"):
        tent_map(sympy.Symbol("a"))
    with pytest.raises(InvalidArgumentError, match="partition"):
        tent_map(2, "LR")
    with pytest.raises(InvalidArgumentError, match="k = 5"):
        tent_map_band_merging(5)


# --------------------------------------------------------------------- the Misiurewicz slope's figures
def test_fig7_epsilon_machine_is_the_map_s_process_exactly():
    chain = tent_map(a)  # derived from the map: the Markov chain of the critical orbit's intervals
    fig7 = tent_map_misiurewicz()
    assert same_process(chain, fig7)
    em = epsilon_machine(chain)  # needs exact arithmetic in QQ<a>: rational approximations give 5 states
    assert em.n_states == 4 and is_isomorphic(em, fig7)


def test_fig6_markov_partition_hmm_is_the_derived_chain():
    fig6, chain = tent_map_misiurewicz_markov(), tent_map(a)
    assert fig6.n_states == chain.n_states == 4 and not fig6.is_unifilar()
    assert fig6.domain == chain.domain  # QQ<a>: the figure's labels reduce to the interval-length ratios
    assert fig6.kernel.matrices == chain.kernel.matrices  # A, B, C, D are the intervals I1..I4
    assert same_process(fig6, chain)
    assert mixed_state_presentation(fig6).graph.number_of_nodes() > 4  # the builder decides signs in QQ<a>


def test_the_misiurewicz_process_has_infinite_orders():
    fig7 = tent_map_misiurewicz()
    assert (markov_order(fig7), cryptic_order(fig7)) == (math.inf, math.inf)  # strictly sofic


@pytest.mark.parametrize("partition, symbols, intervals", [("c", 2, 4), ("Lc", 3, 5), ("cR", 3, 5), ("LcR", 4, 6)])
def test_the_four_generating_partitions(partition, symbols, intervals):
    h = tent_map_misiurewicz_partition(partition)
    assert (h.n_states, h.n_symbols) == (intervals, symbols)
    assert lookup("tent_map_misiurewicz_partition")[0].shape({"partition": partition}) == (intervals, symbols)
    assert epsilon_machine(h).n_states == (4 if partition == "c" else 5)
    assert _close(entropy_rate(h), sympy.log(a, 2))  # generating: h_mu = log2(a) in every partition


def test_entropy_rate_is_log2_of_the_slope():
    assert _close(entropy_rate(tent_map_misiurewicz()), sympy.log(a, 2))


def test_the_figures_labels_at_other_slopes_are_valid_but_other_processes():
    at = R(3, 2)
    assert not same_process(tent_map_misiurewicz(at), tent_map_misiurewicz_markov(at))
    with pytest.raises(InvalidArgumentError, match="positive"):
        tent_map_misiurewicz(0)


# ---------------------------------------------------------------------------------- the logistic map
def test_the_logistic_misiurewicz_parameter():
    r = sympy.Symbol("r")
    poly = r**7 - 6 * r**6 + 4 * r**5 + 24 * r**4 - 16 * r**3 - 32 * r**2 - 64 * r - 128
    (root,) = [x for x in sympy.Poly(poly, r).real_roots() if 3.5 < x.evalf() < 4]
    assert abs(root.evalf(20) - sympy.Float("3.9277370017867516", 20)) < 1e-15

    def f(x):
        return root * x * (1 - x)

    orbit = [R(1, 2)]
    for _ in range(4):
        orbit.append(f(orbit[-1]))
    assert _close(orbit[4], 1 - 1 / root)  # the critical point lands on the unstable fixed point
    assert [int(bool(_numeric(x) >= R(1, 2))) for x in orbit[1:4]] == [1, 0, 0]  # the tent map's kneading


def test_misiurewicz_has_the_tent_map_s_topology():
    logistic, tent = misiurewicz(), tent_map_misiurewicz()
    assert _same_support_up_to_renaming(logistic, tent)
    assert not _same_support_up_to_renaming(logistic, tent_map(sympy.sqrt(2)))
    adjacency = sympy.Matrix(4, 4, lambda i, j: int(any(logistic.matrices[x][i, j] != 0 for x in (0, 1))))
    x = sympy.Symbol("x")
    assert sympy.rem(adjacency.charpoly(x).as_expr(), x**3 - 2 * x - 2, x) == 0  # topological entropy log2(a)


def test_misiurewicz_defaults_and_sofic_variants():
    assert misiurewicz().matrices[0][0, 1] == R(91, 250)  # 0.364 as printed, exact
    assert get("MisiurewiczSimplified") == misiurewicz(R(2, 5), R(1, 4), R(1, 2))
    assert get("MisiurewiczUniform").stationary_distribution() == (R(1, 4),) * 4
    assert not same_process(misiurewicz(), tent_map_misiurewicz())  # measured logistic vs exact tent


def _same_support_up_to_renaming(g: HMM, h: HMM) -> bool:
    def graph(m):
        G = nx.MultiDiGraph()
        for x in m.alphabet:
            for i in range(m.n_states):
                for j in range(m.n_states):
                    if m.matrices[x][i, j] != 0:
                        G.add_edge(i, j, symbol=x)
        return G

    return nx.is_isomorphic(
        graph(g),
        graph(h),
        edge_match=lambda e, f: sorted(d["symbol"] for d in e.values()) == sorted(d["symbol"] for d in f.values()),
    )
