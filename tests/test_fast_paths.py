"""The fast paths of the exact core give the same exact answers as the plain ones."""

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
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
def test_tree_shortcut_of_the_entropy_rate_bounds_equals_the_general_path(L, start, monkeypatch):
    """Mess3's belief tree has no merges: per-word integers (the MSP's exact vectors) against integer vectors
    pushed level by level along the edges, both summed in arb (128 bits), then with the certified floats."""
    from compmech.measures import rates
    from compmech.processes import mess3

    fast_a = rates._level_bound(mess3(), L, start, None)
    fast_b = rates._level_bound(mess3(), L, start, None, tree_shortcut=False)
    monkeypatch.setattr(rates, "xlogy_sum", lambda blocks, total: None)
    a = rates._level_bound(mess3(), L, start, None)
    b = rates._level_bound(mess3(), L, start, None, tree_shortcut=False)
    assert a.overlaps(b) and float(abs(a.mid() - b.mid())) < 1e-30
    assert fast_a.contains(a) and fast_b.contains(b)


def _merging_dense_hmm():
    """Every entry positive (the dense builder) and T[1] == T[2]: the children by 1 and by 2 of a belief
    always merge, while the frontier doubles (wide levels with duplicates among their candidates)."""
    a = [["1/4", "1/8", "1/8"], ["1/12", "1/6", "1/12"], ["1/20", "1/10", "1/10"]]
    b = [["1/8", "1/16", "1/16"], ["1/12", "1/12", "1/6"], ["1/8", "1/8", "1/8"]]
    return cm.HMM([a, b, b], name="tripled")


def _exact_beliefs(msp):
    """The beliefs read from ``msp.exact.vectors`` and ``msp.exact.normalizers`` (Python ints)."""
    from fractions import Fraction

    tau_den = msp.hmm.kernel.integer_form().tau_den
    V, s = msp.exact.vectors.to_object().tolist(), msp.exact.normalizers.to_object().tolist()
    assert [len(r) for r in V] == [msp.hmm.n_states] * msp.n_nodes and len(s) == msp.n_nodes
    return [tuple(Fraction(v * tau_den, t) for v in row) for row, t in zip(V, s)]


def _generic_beliefs(hmm, depth, start=None):
    from fractions import Fraction

    ref = cm.mixed_state_presentation(hmm, max_depth=depth, method="generic", start=start)
    return ref, [tuple(Fraction(str(v)) for v in b) for b in ref.beliefs]


@pytest.mark.parametrize(
    "name, depth, start",
    [
        ("mess3", 6, None),
        ("mess3", 4, ["1/2", "1/4", "1/4"]),
        ("tripled", 8, None),
        ("rrxor", None, None),
        ("random", 5, None),
        ("sns", 40, None),
        ("fanizza", 5, None),
    ],
)
@pytest.mark.parametrize("slow", [False, True])
def test_exact_vectors_equal_the_generic_beliefs(monkeypatch, name, depth, start, slow):
    """Limb vectors and normalizers of the integer builder (tree levels, merges, GHMM signs, the
    Python-integer path for large factors, chunk boundaries) against the generic builder's beliefs."""
    import compmech.presentations._msp_exact as E
    from compmech.processes import mess3, random_hmm, rrxor

    hmm = {
        "mess3": mess3,
        "tripled": _merging_dense_hmm,
        "rrxor": rrxor,
        "random": lambda: random_hmm(4, 3, seed=3),
        "sns": lambda: sns("1/3", "2/5"),
        "fanizza": fanizza,
    }[name]()
    monkeypatch.setattr(E, "_CHUNK", 2)
    if slow:
        monkeypatch.setattr(E, "FAST_FACTOR", 1)
    got = cm.mixed_state_presentation(hmm, max_depth=depth, start=start, method="integer")
    ref, beliefs = _generic_beliefs(hmm, depth, start)
    assert got.n_nodes == ref.n_nodes and _exact_beliefs(got) == beliefs
    assert got.edge_probabilities == ref.edge_probabilities
    V = got.exact.vectors
    some = np.unique(np.linspace(0, got.n_nodes - 1, 7).astype(int))
    assert V.take(some).tolist() == [V[int(u)].tolist() for u in some] == V[some].tolist()


def test_dense_builder_with_merges_equals_the_generic_builder():
    hmm = _merging_dense_hmm()
    a = cm.mixed_state_presentation(hmm, max_depth=8, method="integer")
    b = cm.mixed_state_presentation(hmm, max_depth=8, method="generic")
    assert a.nodes_per_depth()[-1] >= 64  # wide levels: the sort-and-merge search of shared keys
    assert a.n_nodes == b.n_nodes < (3**9 - 1) // 2 and a.beliefs == b.beliefs
    for x, y in zip(a.edges, b.edges):
        np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(a.parents, b.parents)
    np.testing.assert_array_equal(a.symbol_indices, b.symbol_indices)
    np.testing.assert_allclose(a.beliefs_float, b.beliefs_float, rtol=0, atol=1e-14)


def test_batched_exact_vectors_are_proportional_to_the_walked_ones():
    """_ExactVectors.nodes (limbs, level by level) against _ExactVectors.node (cached Python walk)."""
    from compmech.processes import mess3

    batch = cm.mixed_state_presentation(mess3(), max_depth=6)._b.extra["exact_vectors"]
    walked = cm.mixed_state_presentation(mess3(), max_depth=6)._b.extra["exact_vectors"]
    ids = [5, 17, 100, 364, 1000, 1092]
    batch.nodes(ids)
    for u in ids:
        a, b = batch.cache[u], walked.node(u)
        assert all(x * b[0] == y * a[0] for x, y in zip(a, b)) and any(a)


@given(st.lists(st.lists(st.integers(-3, 400), max_size=200), min_size=1, max_size=6), st.data())
def test_shared_keys_against_sets(batches, data):
    """SeenKeys.shared_holding (sort and merge; sets for thin levels) against Python sets."""
    from compmech.presentations._msp_seen import SeenKeys, members

    seen, kept = SeenKeys(np.int32), set()
    for batch in batches:
        keys = np.array(batch, dtype=np.int64)
        remember = data.draw(st.booleans())
        expected = sorted({k for k in batch if k in kept or batch.count(k) > 1})
        probe = np.array(data.draw(st.lists(st.integers(-3, 400), max_size=8)), dtype=np.int32)
        got, held = seen.shared_holding(keys, remember, probe)
        assert got.tolist() == expected
        assert held.tolist() == [p in kept or p in batch for p in probe.tolist()]
        values = np.array(expected, dtype=np.int32)
        assert members(keys.astype(np.int32), values).tolist() == [k in set(expected) for k in batch]
        if remember:
            kept |= set(batch)
