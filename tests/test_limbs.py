"""Exact big integers as numpy limbs (compmech.kernel.limbs) against Python integers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compmech.kernel.limbs as L
from compmech.errors import InvalidArgumentError
from compmech.kernel.limbs import IntegerRows, from_ints, multiply, to_ints, tree_columns
from compmech.kernel.modular import batch_inverse, products_per_reduction, reduce_mod


@st.composite
def int_matrices(draw, max_rows=12, max_cols=4, signed=True):
    bits = draw(st.sampled_from([1, 8, 30, 31, 32, 61, 62, 63, 64, 93, 124, 200]))
    lo = -(2**bits) if signed else 0
    r, m = draw(st.integers(1, max_rows)), draw(st.integers(1, max_cols))
    return [[draw(st.integers(lo, 2**bits)) for _ in range(m)] for _ in range(r)]


def _dot(A, W):
    return [[sum(a * w for a, w in zip(row, col)) for col in zip(*W)] for row in A]


@given(int_matrices())
def test_round_trip(A):
    b = from_ints(A)
    assert to_ints(b).tolist() == A
    assert b.unsigned == all(v >= 0 for row in A for v in row)
    assert all(abs(v) < 2 ** (L.BITS * b.limbs.shape[0]) for row in A for v in row)


@given(int_matrices(), st.data())
def test_product_equals_python_integers(A, data):
    m = len(A[0])
    q = data.draw(st.integers(1, 4))
    wbits = data.draw(st.sampled_from([0, 1, 5, 10, 28, 29, 33, 70]))  # 33 and 70: the Python-integer path
    signed = data.draw(st.booleans())
    W = [[data.draw(st.integers(-(2**wbits) if signed else 0, 2**wbits)) for _ in range(q)] for _ in range(m)]
    got = multiply(from_ints(A), W)
    assert to_ints(got).tolist() == _dot(A, W)
    if all(v >= 0 for row in A for v in row) and not signed and L.column_sum_bound(W) < L.FAST_FACTOR:
        assert got.unsigned  # a non-negative product keeps one carry pass
    twice = multiply(got, [[1] * q for _ in range(q)])  # products of products: unreduced limbs as input
    assert to_ints(twice).tolist() == _dot(_dot(A, W), [[1] * q for _ in range(q)])


def test_carries_ripple_through_every_limb():
    # 2**93 - 1 is three full limbs: adding 1 carries through all of them, in either sign
    A = [[2**93 - 1, 1], [-(2**93), 2**93 - 1], [-1, -(2**31)]]
    for W in ([[1], [1]], [[1], [-1]], [[2**29], [2**29 - 1]]):
        assert to_ints(multiply(from_ints(A), W)).tolist() == _dot(A, W)


def test_small_chunks(monkeypatch):
    monkeypatch.setattr(L, "_CHUNK", 3)
    A = [[i * 2**70 + 5, -i] for i in range(10)]
    assert to_ints(multiply(from_ints(A), [[3, 1], [7, 0]])).tolist() == _dot(A, [[3, 1], [7, 0]])


def test_bound_is_checked():
    with pytest.raises(InvalidArgumentError, match="below the bound"):
        multiply(from_ints([[5]]), [[3]], bound=14)


@given(st.lists(st.integers(1, 3), min_size=1, max_size=4), st.data())
def test_tree_layout_against_row_order(ks, data):
    """Blocks stored symbol by symbol read back, indexed, taken and multiplied as in row order."""
    sizes = [1]
    for k in ks:
        sizes.append(sizes[-1] * k)
    rows = [[data.draw(st.integers(-(2**70), 2**70)) for _ in range(2)] for _ in range(sum(sizes))]
    tree = [0, *ks]
    blocks, at = [], 0
    for b, size in enumerate(sizes):
        local = rows[at : at + size]
        stored = [None] * size
        for r, col in enumerate(tree_columns(sizes, tree, b, np.arange(size)).tolist()):
            stored[col] = local[r]
        blocks.append(from_ints(stored))
        at += size
    R = IntegerRows(blocks, tree=tree)
    assert R.tolist() == rows
    idx = sorted(data.draw(st.lists(st.integers(0, len(rows) - 1), max_size=8)))
    assert R.take(idx).tolist() == [rows[i] for i in idx]
    assert R[np.array(idx, dtype=np.int64)].tolist() == [rows[i] for i in idx]
    u = data.draw(st.integers(0, len(rows) - 1))
    assert R[u].tolist() == rows[u] and R[u, 1] == rows[u][1] and R[-1].tolist() == rows[-1]
    assert R.dot([2, -3]).tolist() == [2 * a - 3 * b for a, b in rows]
    assert R.dot([[1, 0], [1, 1]]).to_object().tolist() == _dot(rows, [[1, 0], [1, 1]])


def test_integer_rows_refuses_bad_shapes():
    with pytest.raises(InvalidArgumentError, match="children"):
        IntegerRows([from_ints([[1]]), from_ints([[2], [3], [4]])], tree=[0, 2])
    with pytest.raises(InvalidArgumentError, match="non-decreasing"):
        IntegerRows([from_ints([[1], [2]])]).take([1, 0])
    with pytest.raises(IndexError):
        IntegerRows([from_ints([[1], [2]])])[2]


@settings(max_examples=50)
@given(st.sampled_from([2, 3, 7, 1009, 2**31 - 1, 2147483629]), st.lists(st.integers(1, 2**62), max_size=300))
def test_modular_kernels(p, values):
    x = np.array(values, dtype=np.int64)
    assert reduce_mod(x.copy(), p).tolist() == [v % p for v in values]
    r = np.array([v % p for v in values if v % p], dtype=np.int64)
    inv = batch_inverse(r, p)
    assert all(int(a) * int(b) % p == 1 for a, b in zip(r, inv))
    k = products_per_reduction(p)
    assert (p - 1) + k * (p - 1) ** 2 < 2**63


@settings(max_examples=60)
@given(st.data())
def test_offset_form_gives_the_same_products(data):
    """A column as its least entry times the row sum plus the excess: the same products as Python integers,
    on the limbs (accumulate_products) and modulo p (the dense MSP level's linear forms)."""
    from compmech.presentations._msp_dense import _forms

    n, q, c = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)), data.draw(st.integers(1, 6))
    floor = data.draw(st.integers(0, 60))  # a common floor: the offset form is taken
    W = [[floor + data.draw(st.integers(0, 700)) for _ in range(q)] for _ in range(n)]
    rows = [[data.draw(st.integers(0, 2**32 - 1)) for _ in range(n)] for _ in range(c)]  # limb values
    expect = _dot(rows, W)
    for a, terms in L.offset_columns(W):
        assert a >= 0 and all(w > 0 for _, w in terms)
    G = np.array(rows, dtype=np.int64).T[None]  # (1, n, c)
    plain, offset = np.empty((1, q, c), dtype=np.int64), np.empty((1, q, c), dtype=np.int64)
    L.accumulate_products(plain, G, np.array(W, dtype=np.int64), fresh=True)
    L.accumulate_products(offset, G, np.array(W, dtype=np.int64), fresh=True, rowsum=G.sum(axis=1))
    assert offset[0].T.tolist() == expect == plain[0].T.tolist()
    p = data.draw(st.sampled_from([7, 1009, 2**31 - 1, 2147483629]))
    R = np.array([[v % p for v in row] for row in rows], dtype=np.int64).T  # (n, c) residues
    Wp = np.array([[w % p for w in col] for col in zip(*W)], dtype=np.int64)  # (q, n): the forms
    out, tmp = np.empty((q, c), dtype=np.int64), np.empty(c, dtype=np.int64)
    for S in (None, R.sum(axis=0)):
        _forms(R, Wp, p, out, tmp, S)
        assert out.T.tolist() == [[v % p for v in row] for row in expect]


def test_offset_columns_only_where_they_save_a_product():
    assert L.offset_columns([[5, 0], [5, 2], [6, 2]]) == [(5, [(2, 1)]), (0, [(1, 2), (2, 2)])]
    assert L.offset_columns([[-3, 4], [9, 4], [9, 4]]) == [(0, [(0, -3), (1, 9), (2, 9)]), (4, [])]
