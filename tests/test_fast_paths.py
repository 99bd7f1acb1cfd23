"""The fast paths of the exact core give the same exact answers as the plain ones."""

import random

import pytest
from sympy.polys.domains import QQ

import compmech as cm
from compmech.errors import InfiniteStatesError
from compmech.kernel.linalg import _solve_left_dense, solve_left
from compmech.processes import fanizza, sns


@pytest.mark.parametrize("seed", range(20))
def test_block_triangular_solve_equals_the_dense_solve(seed):
    """Sparse ``x (I - Q) = y`` along strongly connected components, against one dense exact solve."""
    rng = random.Random(seed)
    m = rng.randint(1, 30)
    rows = {i: {i: QQ(1)} for i in range(m)}
    for i in range(m):
        for _ in range(rng.randint(0, 3)):  # substochastic rows: forward edges and a few back edges (cycles)
            j = rng.randrange(m)
            if j != i:
                rows[i][j] = rows[i].get(j, QQ(0)) - QQ(1, rng.randint(4, 9))
    y = [QQ(rng.randint(-3, 3), rng.randint(1, 4)) for _ in range(m)]
    dense = [[rows[i].get(j, QQ(0)) for j in range(m)] for i in range(m)]
    assert solve_left(y, rows, QQ) == _solve_left_dense(y, dense, QQ)


def test_thin_msp_matches_the_generic_builder():
    """This SNS adds two beliefs per level: the seen-key bookkeeping over hundreds of levels stays exact."""
    a = cm.mixed_state_presentation(sns("1/3", "2/5"), max_depth=600)
    b = cm.mixed_state_presentation(sns("1/3", "2/5"), max_depth=600, method="generic")
    assert a.n_nodes == b.n_nodes > 600 and a.beliefs == b.beliefs
    assert a.edge_probabilities == b.edge_probabilities


def test_a_ghmm_measure_keeps_its_own_budget():
    with pytest.raises(InfiniteStatesError, match="max_states=10000"):
        cm.statistical_complexity(fanizza())
    with pytest.raises(InfiniteStatesError, match="max_states=300"):
        cm.excess_entropy(fanizza(), max_states=300)


def test_refusals_and_machines_are_remembered():
    with pytest.raises(InfiniteStatesError) as first:
        cm.epsilon_machine(sns(), max_states=500)
    with pytest.raises(InfiniteStatesError) as again:
        cm.epsilon_machine(sns(), max_states=500)
    assert str(first.value) == str(again.value)
    from compmech.processes import rrxor

    assert cm.epsilon_machine(rrxor()) is cm.epsilon_machine(rrxor())


@pytest.mark.parametrize("L", [1, 4, 6])
@pytest.mark.parametrize("start", [None, [1, 0, 0], ["1/2", "1/4", "1/4"]])
def test_tree_shortcut_of_the_entropy_rate_bounds_equals_the_general_path(L, start):
    """Mess3's belief tree has no merges: per-word integers and logs against masses propagated level by level."""
    from compmech.measures import rates
    from compmech.processes import mess3

    a = rates._level_bound(mess3(), L, start, None)
    b = rates._level_bound(mess3(), L, start, None, tree_shortcut=False)
    assert a.overlaps(b) and float(abs(a.mid() - b.mid())) < 1e-30
