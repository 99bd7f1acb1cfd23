"""Float views that prove key collisions distinct (compmech.presentations._msp_floats), checked exactly.

The builder merges beliefs only on exact integers; for a positive HMM it may declare a colliding pair
distinct on their float views.  Checked here: the error bound those views rest on, against every exact
belief; and the whole MSP against the generic builder when tiny hash primes make every key collide, on
positive HMMs with many equal beliefs (a rank-one symbol matrix sends every belief to one belief).

To a given depth a positive HMM's beliefs are keyed by the cells of their float views instead of residues
(:class:`CellKeys`).  Checked here: the property the builder rests on (two views within the proven distance
share a key, or each one's key is among the other's alternates), on views placed a chosen number of ulps
apart across cell boundaries; and the whole MSP against the generic builder with cells so narrow that most
views are flagged, and with every flagged view sending the build back to modular keys.
"""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compmech.presentations._msp_build as build
from compmech import HMM, mixed_state_presentation
from compmech.presentations._msp_floats import CellKeys, separated, separation_bound
from compmech.processes import mess3


@st.composite
def positive_hmms(draw, rank_one=False):
    """A random HMM whose matrices have only positive entries; with ``rank_one``, T[0] has rank 1."""
    n = draw(st.integers(1, 4))
    k = draw(st.integers(1, 3))
    w = st.integers(1, 9)
    mats = [[[draw(w) for _ in range(n)] for _ in range(n)] for _ in range(k)]
    if rank_one:
        u, v = [draw(w) for _ in range(n)], [draw(w) for _ in range(n)]
        mats[0] = [[u[i] * v[j] for j in range(n)] for i in range(n)]
    rows = [sum(sum(m[i]) for m in mats) for i in range(n)]
    return HMM([[[Fraction(m[i][j], rows[i]) for j in range(n)] for i in range(n)] for m in mats])


@settings(max_examples=40, deadline=None)
@given(positive_hmms(), st.integers(1, 6))
def test_every_float_view_is_within_the_proven_bound(hmm, depth):
    msp = mixed_state_presentation(hmm, max_depth=depth, max_states=None)
    R = separation_bound(hmm.to_numpy(), np.asarray(msp.beliefs_float[0]))
    assert R is not None
    for u, (exact, view) in enumerate(zip(msp.beliefs, msp.beliefs_float)):
        bound = R(int(msp.depths[u]))
        for b, f in zip(exact, view):
            assert abs(Fraction(float(f)) - Fraction(b)) <= Fraction(bound) * Fraction(b)


ORIGINAL_OF = CellKeys.of.__func__


def modular_keys(mp):
    """Key a positive HMM's beliefs by residues, as without a depth limit (no cell keys)."""
    mp.setattr(build.CellKeys, "of", classmethod(lambda cls, *args: None))


@pytest.mark.parametrize("primes", [(2,), (7,), None])
@settings(max_examples=25, deadline=None)
@given(hmm=st.one_of(positive_hmms(rank_one=True), positive_hmms()), depth=st.integers(2, 5))
def test_merges_stay_exact_when_every_key_collides(primes, hmm, depth):
    ref = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="generic")
    with pytest.MonkeyPatch.context() as mp:
        if primes:  # residues (else the default: cell keys to a given depth)
            modular_keys(mp)
            mp.setattr(build, "HASH_PRIMES", primes)
        got = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="integer")
    assert got.beliefs == ref.beliefs
    for x, y in zip(got.edges, ref.edges):
        np.testing.assert_array_equal(x, y)


def test_mess3_with_a_tiny_prime_is_separated_on_floats_alone(monkeypatch):
    """Modulo 7, Mess3's 3,280 beliefs share keys by the hundreds; the floats separate every pair (a tree)."""
    left = []
    original = build.not_separated

    def recording(*args):
        out = original(*args)
        left.append((args[1].size, out.size))
        return out

    modular_keys(monkeypatch)
    monkeypatch.setattr(build, "HASH_PRIMES", (7,))
    monkeypatch.setattr(build, "not_separated", recording)
    msp = mixed_state_presentation(mess3(), max_depth=7, max_states=None)
    assert msp.nodes_per_depth() == [3**d for d in range(8)]
    assert sum(n for n, _ in left) > 1000  # candidates that collided ...
    assert all(m == 0 for _, m in left)  # ... none left for the exact comparison


def test_separation_refuses_what_it_cannot_bound():
    T = np.full((2, 2, 2), 0.25)
    assert separation_bound(T, np.array([0.5, 0.5])) is not None
    assert separation_bound(T, np.array([2.0**-1000, 1.0])) is None  # a root entry out of normal range
    T[0, 0, 1] = 0.0
    assert separation_bound(T, np.array([0.5, 0.5])) is None  # not positive
    assert separation_bound(np.full((1, 2, 2), 0.5), np.array([0.5, 0.5]))(10**9) is None  # bound too loose
    assert separated(np.array([[0.5, 0.5]]), np.array([[0.5, 0.5]]), 0.0).tolist() == [False]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(0, 40),
    st.lists(st.floats(0.001, 1.0), min_size=1, max_size=6),
    st.data(),
)
def test_views_within_the_margin_share_a_key_or_see_each_other(n, depth, coords, data):
    """The property the builder rests on, on views placed around cell boundaries (independent of any build)."""
    cells = CellKeys.of(separation_bound(np.full((1, n, n), 1.0 / n), np.full(n, 1.0 / n)), n, depth)
    base = np.array([(coords * n)[:n]], dtype=np.float64)
    pat = base.view(np.int64)
    size = 1 << cells.shift
    for j in range(cells.coords):  # move some coordinates to within the margin of a cell boundary
        if data.draw(st.booleans()):
            x = int(pat[0, j]) + cells.offset
            pat[0, j] = (x >> cells.shift) * size - cells.offset + data.draw(st.integers(-cells.margin, cells.margin))
    other = pat.copy()
    for j in range(n):
        other[0, j] += data.draw(st.integers(-(cells.margin - 1), cells.margin - 1))
    a, b = pat.view(np.float64), other.view(np.float64)
    (ka, fa), (kb, fb) = cells.keys(a), cells.keys(b)
    if ka[0] != kb[0]:
        assert fa[0] and fb[0]
        assert int(kb[0]) in cells.alternates(a[0]) and int(ka[0]) in cells.alternates(b[0])
    for view, key in ((a, ka), (b, kb)):  # the vectorized keys are the Python ones
        assert cells._hash([c for c, _ in cells._cells(view[0])]) == int(key[0])
        assert bool(cells.keys(view)[1][0]) == bool(cells.alternates(view[0]))


def test_cell_margin_covers_the_proven_distance():
    """margin - 1 ulps cover 2 R_D / (1 - R_D) relative, the distance of two views of one belief."""
    for n, depth in ((1, 0), (3, 12), (50, 1000), (3, 10**6)):
        bound = separation_bound(np.full((1, n, n), 1.0 / n), np.full(n, 1.0 / n))
        cells = CellKeys.of(bound, n, depth)
        R = Fraction(3 * (depth + 2) * (n + 3), 2**53)
        # two patterns of one belief differ by an integer at most 2 R / (1 - R) * 2**53: at most margin - 1
        assert cells.margin - 1 == math.floor(2 * R / (1 - R) * 2**53)
        assert 2 * cells.margin < 2**cells.shift / 2**15
    assert CellKeys.of(bound, 3, None) is None and CellKeys.of(None, 3, 5) is None


@pytest.mark.parametrize("shift", ["narrow", "fallback"])
@settings(max_examples=25, deadline=None)
@given(hmm=positive_hmms(rank_one=True), depth=st.integers(2, 5))
def test_merges_stay_exact_with_cell_keys_near_every_boundary(shift, hmm, depth):
    """Cells two margins wide flag about every view (merges across boundaries through alternates); with no
    flagged coordinate allowed, the build starts again with modular keys.  Both against the generic builder."""
    ref = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="generic")
    # every child by symbol 0 has the belief v / sum(v) (T[0] has rank one): a cell boundary right at its
    # first coordinate puts its views, computed from different parents, on both sides of it
    T0 = hmm.matrices[0].tolist()
    w = float(T0[0][0] / sum(T0[0]))

    def narrow(cls, *args):
        cells = ORIGINAL_OF(cls, *args)
        if cells is not None:
            cells.__init__(hmm.n_states, cells.margin, cells.margin.bit_length() + 1)
            cells.offset = -int(np.array([w]).view(np.int64)[0]) % (1 << cells.shift)
            if shift == "fallback":
                cells.MAX_FLAGGED = 0
        return cells

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build.CellKeys, "of", classmethod(narrow))
        for name in ("_CELL_SHARED", "_CELL_UNRESOLVED"):  # no giving way to residues: merges on cell keys
            mp.setattr(build, name, (10**9, 1))
        got = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="integer")
    assert got.beliefs == ref.beliefs
    for x, y in zip(got.edges, ref.edges):
        np.testing.assert_array_equal(x, y)


def test_mess3_with_cell_keys_flags_a_handful_of_views(monkeypatch):
    """Mess3 to depth 8 with cell keys: a tree (3,280 beliefs), few flagged views, as without cells."""
    with pytest.MonkeyPatch.context() as mp:
        modular_keys(mp)
        ref = mixed_state_presentation(mess3(), max_depth=8, max_states=None)
    seen = []
    original = build._Levels._find_duplicates

    def recording(self, keys, src_ids, sym, remember, cf=None, alts=None):
        seen.append(len(alts))  # a dict (maybe empty) with cell keys, None with residues
        return original(self, keys, src_ids, sym, remember, cf, alts)

    monkeypatch.setattr(build._Levels, "_find_duplicates", recording)
    msp = mixed_state_presentation(mess3(), max_depth=8, max_states=None)
    assert msp.nodes_per_depth() == [3**d for d in range(9)]
    assert len(seen) == 8 and sum(seen) < 10
    np.testing.assert_array_equal(msp.beliefs_float, ref.beliefs_float)


def test_equal_beliefs_on_both_sides_of_a_cell_boundary_merge_on_the_last_level_and_before():
    """T[1] = q T[0]: the children of a belief by 0 and by 1 are one belief with views an ulp or two apart.
    A cell boundary placed between those views (through the offset) makes the pair meet only through
    their alternate keys, on the last level (the candidates' keys are not among the seen ones) and on
    an earlier one."""
    found = 0
    for (a, b, c, d), q in itertools.product(((1, 2, 3, 4), (2, 7, 5, 3), (3, 11, 13, 7)), (3, Fraction(3, 2), 6)):
        A = [[Fraction(a, a + b), Fraction(b, a + b)], [Fraction(c, c + d), Fraction(d, c + d)]]
        hmm = HMM([[[v / (1 + q) for v in row] for row in A], [[q * v / (1 + q) for v in row] for row in A]])
        start = [Fraction(1, 5), Fraction(4, 5)]  # not stationary: the children are not the root
        pi = np.array([0.2, 0.8])
        g = (pi[None, :] @ np.concatenate(list(hmm.to_numpy()), axis=1)).reshape(2, 2)
        views = g / g.sum(axis=1)[:, None]
        pats = sorted(int(p) for p in views[:, 0].view(np.int64))
        if pats[0] == pats[1]:
            continue
        found += 1

        def between(cls, *args, top=pats[1]):
            cells = ORIGINAL_OF(cls, *args)
            cells.offset = -top % (1 << cells.shift)  # the upper view starts a cell, the lower ends one
            return cells

        for depth in (1, 2):
            ref = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="generic", start=start)
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(build.CellKeys, "of", classmethod(between))
                got = mixed_state_presentation(hmm, max_depth=depth, max_states=None, method="integer", start=start)
                cells = between(CellKeys, separation_bound(hmm.to_numpy(), pi), 2, depth)
            keys, flags = cells.keys(views)
            assert keys[0] != keys[1] and flags.all()  # apart in the cells, both near the boundary
            assert got.nodes_per_depth() == ref.nodes_per_depth() == [1] * (depth + 1)
            assert got.beliefs == ref.beliefs
    assert found >= 2


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_not_separated_sweep_against_every_pair(data):
    """The sweep of not_separated against the definition: every pair of beliefs with the same key."""
    R = 1e-3
    n = data.draw(st.integers(1, 3))
    base = data.draw(
        st.lists(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9]), min_size=n, max_size=n), min_size=1)
    )
    jitter = st.sampled_from([0.0, 1e-5, -1e-5, 1e-2])
    rows = [
        [v * (1 + data.draw(jitter)) for v in data.draw(st.sampled_from(base))]
        for _ in range(data.draw(st.integers(1, 12)))
    ]
    cf = np.array(rows).reshape(-1, n)
    keys = np.array([data.draw(st.integers(0, 3)) for _ in rows], dtype=np.int32)
    views = np.array([[v * (1 + data.draw(jitter)) for v in data.draw(st.sampled_from(base))] for _ in range(4)])
    olds = {k: sorted(set(data.draw(st.lists(st.integers(0, 3), max_size=3)))) for k in range(4)}
    check = np.array(sorted(set(data.draw(st.lists(st.integers(0, len(rows) - 1), min_size=1)))), dtype=np.int64)

    def close(a, b):
        return not separated(a[None, :], b[None, :], R)[0]

    expected = [
        c
        for c in check.tolist()
        if any(close(cf[c], cf[o]) for o in check.tolist() if o != c and keys[o] == keys[c])
        or any(close(cf[c], views[u]) for u in olds.get(int(keys[c]), []))
    ]
    assert build.not_separated(keys, check, olds, cf, views, R).tolist() == expected


def test_beliefs_closer_than_their_views_send_the_build_back_to_residues(monkeypatch):
    """Symbols that almost reveal the state: the beliefs of words that differ only 6 or more symbols back
    are closer than the views' proven error (eps**5 = 1e-15 relative), so they share cells and no float
    tells them apart.  The build gives way to residues (which tell them apart without comparing) and
    returns the same MSP, a tree of 3,280 beliefs, in well under a second."""
    eps = Fraction(1, 1000)
    A = [[Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)], [Fraction(1, 5), Fraction(3, 5), Fraction(1, 5)]]
    A.append([Fraction(3, 10), Fraction(3, 10), Fraction(2, 5)])
    hmm = HMM([[[A[i][j] * (1 - 2 * eps if j == x else eps) for j in range(3)] for i in range(3)] for x in range(3)])
    builds = []
    original = build._build

    def counting(hmm, max_depth, max_states, progress, start, cells):
        builds.append(cells)
        return original(hmm, max_depth, max_states, progress, start, cells)

    with pytest.MonkeyPatch.context() as mp:
        modular_keys(mp)
        ref = mixed_state_presentation(hmm, max_depth=8, max_states=None)
    monkeypatch.setattr(build, "_build", counting)
    got = mixed_state_presentation(hmm, max_depth=8, max_states=None)
    assert builds == [True, False]  # cell keys first, then residues
    assert got.nodes_per_depth() == ref.nodes_per_depth() == [3**d for d in range(9)]
    np.testing.assert_array_equal(got.beliefs_float, ref.beliefs_float)
