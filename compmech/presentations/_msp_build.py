"""The two builders of mixed-state presentations.

``build_integer``: rational HMMs.  Beliefs are kept as unnormalized integer
vectors ``pi_int M[w1] ... M[wL]`` (``M[x] = D T[x]``) that are never formed
explicitly while building: each node stores its parent and symbol, a whole
level advances with one vectorized product of residues modulo a prime
(:mod:`compmech.kernel.modular`), and duplicate beliefs are found through keys that
equal beliefs always share.  Candidates with a shared key are confirmed with
exact integer arithmetic (gcd-reduced vectors), so merging is exact; for an HMM
whose matrices are positive, a colliding pair whose float views differ by more
than their proven rounding error is distinct without that comparison
(:mod:`._msp_floats`).  Built to a given depth, such an HMM's beliefs are keyed
by the cells of their float views instead of residues
(:class:`~._msp_floats.CellKeys`: equal beliefs share a cell, or each lies near
the boundary and is looked up under the other's cell too), and still merged only
after an exact comparison.

``build_generic``: any exact domain (``QQ``, ``QQ(p)``, ...), one node at a
time with canonical domain elements as dictionary keys.  Used for parametric
HMMs and as an independent second algorithm in the tests.

Both return a :class:`BuildResult` with nodes in the same deterministic
order: breadth-first, then symbol order.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import reduce
from math import gcd, lcm, prod

import numpy as np

from ..errors import MSPTooLargeError, NegativeProbabilityError, excerpt, word_text
from ..kernel.limbs import Multiplier, from_ints, multiply, to_ints
from ..kernel.modular import HASH_PRIMES as _ALL_PRIMES
from ..kernel.modular import (
    hash_children,
    hash_rows,
    key_matrix,
    mod_matmul,
    residues_of_fraction_vector,
    weighted_sums,
)
from ._msp_dense import DenseForms, dense_level
from ._msp_floats import CellKeys, CellKeysFailed, not_separated, separation_bound
from ._msp_rows import AllChildren, Rows
from ._msp_seen import SeenKeys, members

__all__ = ["BuildResult", "build_integer", "build_generic", "HASH_PRIMES"]

#: The primes the keys are computed with.  One prime, ``2**31 - 19`` (see :data:`compmech.kernel.modular.HASH_PRIMES`): keys of different beliefs collide
#: for about n^2 / 2^32 pairs (about 150 at Mess3's depth 12, 797,161 beliefs), every collision is
#: settled by exact integers, and the keys fit int32 (sorted twice as fast as int64); a second prime
#: would only halve the speed to save those few comparisons.
HASH_PRIMES: tuple = _ALL_PRIMES[:1]


def _combine(hs) -> np.ndarray:
    """One int64 key from the per-prime hashes (mixed radix; one prime: the hash itself)."""
    key = hs[0]
    for h, p in zip(hs[1:], HASH_PRIMES[1:]):
        key = key * p + h
    return key


@dataclass
class BuildResult:
    parent: np.ndarray  # (N,) int64, -1 for the root
    symbol: np.ndarray  # (N,) int64 symbol index of the edge from the parent, -1 for the root
    depth: np.ndarray  # (N,) int64
    edge_src: np.ndarray  # (E,) int64
    edge_sym: np.ndarray  # (E,) int64
    edge_dst: np.ndarray  # (E,) int64
    complete: bool
    beliefs_float: np.ndarray | None  # (N, n) float64 or None for symbolic HMMs
    edge_prob_float: np.ndarray | None
    exact_beliefs: list | None = None  # generic builder: list of tuples of domain elements
    exact_edge_prob: list | None = None  # generic builder: domain elements, edge order
    extra: dict = field(default_factory=dict)


def _too_large(total, depth, max_states):
    raise MSPTooLargeError(
        f"the mixed-state presentation has more than max_states={max_states} states: "
        f"{total} distinct beliefs were found by depth {depth}. Raise max_states, or pass "
        f"max_depth to build the exact belief tree only to a given depth",
        depth=depth,
    )


def _reduced(vec):
    g = reduce(gcd, vec, 0)
    return tuple(v // g for v in vec) if g > 1 else tuple(vec)


class _ExactVectors:
    """Exact gcd-reduced integer belief vectors of nodes, computed on demand and cached."""

    def __init__(self, M, pi_int, level_starts, parents, symbols):
        self.M = [[[int(v) for v in row] for row in m] for m in M]
        # each row's nonzero entries (the matrices of large processes are sparse)
        self.rows = [[[(j, v) for j, v in enumerate(row) if v] for row in m] for m in self.M]
        self.mats = [np.array(m, dtype=object) for m in self.M]  # for the batched products of nodes()
        self.mult: list | None = None  # the same as limb multipliers, for many states (made on first use)
        self.n = len(pi_int)
        self.cache = {0: _reduced([int(v) for v in pi_int])}
        self.level_starts = level_starts  # list of first node id per level
        self.parents = parents  # list of per-level arrays
        self.symbols = symbols

    def lookup(self, u):
        lvl = bisect_right(self.level_starts, u) - 1
        off = u - self.level_starts[lvl]
        return int(self.parents[lvl][off]), int(self.symbols[lvl][off])

    def raw_step(self, vec, x):
        rows = self.rows[x]
        out = [0] * self.n
        for i, v in enumerate(vec):
            if v:
                for j, m in rows[i]:
                    out[j] += v * m
        return out

    def step(self, vec, x):
        return _reduced(self.raw_step(vec, x))

    def nodes(self, ids) -> None:
        """Put the vectors of many nodes in the cache at once, level by level.

        The nodes and their uncached ancestors are gathered per level, then each level is one exact
        product per symbol on an object array of Python ints (a few hundred rows: a numpy call per
        symbol costs less than a Python walk per node, or a limb product with its setup).  For nodes
        deeper than ``_BATCH_LEVELS``, and for a handful of nodes (the levels of a thin MSP, thousands of
        levels deep), the per-node walks (which reuse the cache) are kept.
        """
        missing = sorted({u for u in ids if u not in self.cache})
        if len(missing) <= _FEW:
            for u in missing:
                self.node(u)
            return
        ids = np.asarray(missing, dtype=np.int64)
        starts = np.asarray(self.level_starts, dtype=np.int64)
        lvl = np.searchsorted(starts, ids, side="right") - 1
        if int(lvl.max()) > _BATCH_LEVELS:
            for u in ids.tolist():
                self.node(u)
            return
        need = {d: ids[lvl == d] for d in range(int(lvl.max()) + 1)}
        for d in range(len(need) - 1, 0, -1):  # the ancestors of every node needed
            par = self.parents[d][need[d] - starts[d]]
            need[d - 1] = np.union1d(need[d - 1], par)
        rows = np.array([list(self.cache[0])], dtype=object)
        for d in range(1, len(need)):
            off = need[d] - starts[d]
            pos = np.searchsorted(need[d - 1], self.parents[d][off])
            sym = np.asarray(self.symbols[d][off])
            rows = self._products(rows, pos, sym)
            for u, row in zip(need[d].tolist(), rows.tolist()):
                self.cache.setdefault(u, row)

    def _products(self, rows: np.ndarray, pos: np.ndarray, sym: np.ndarray) -> np.ndarray:
        """``rows[pos[i]] M[sym[i]]`` for every ``i`` (object arrays of Python ints), one product per symbol.

        A few states: dense object products.  Many (127 for tetris_bag): the matrices are sparse, so the
        products go through limbs with each matrix's nonzeros prepared once (:class:`Multiplier`).
        """
        out = np.empty((pos.size, self.n), dtype=object)
        if self.n <= _DENSE_STATES:
            for x in np.unique(sym).tolist():
                sel = np.flatnonzero(sym == x)
                out[sel] = rows[pos[sel]].dot(self.mats[x])
            return out
        if self.mult is None:
            self.mult = [Multiplier(m) for m in self.M]
        block = from_ints(rows.tolist())
        for x in np.unique(sym).tolist():
            sel = np.flatnonzero(sym == x)
            out[sel] = to_ints(multiply(block.take(pos[sel]), self.mult[x]))
        return out

    def node(self, u):
        """An exact integer vector proportional to the belief of node ``u`` (not always gcd-reduced).

        Walking down from the nearest cached ancestor, the vector is gcd-reduced every
        ``REDUCE_EVERY`` levels only: the gcd of long integers costs far more than the few bits
        of content that accumulate in between (a thin MSP thousands of levels deep spent 80 % of
        its time there).  Callers compare vectors by proportionality, never as tuples.
        """
        path = []
        while u not in self.cache:
            par, x = self.lookup(u)
            path.append((u, x))
            u = par
        vec = self.cache[u]
        for w, x in reversed(path):
            vec = self.raw_step(vec, x)
            if (bisect_right(self.level_starts, w) - 1) % REDUCE_EVERY == 0:
                vec = _reduced(vec)
            self.cache[w] = vec
        return vec


#: Cell keys give way to residues (the build starts again) on a level of ``C`` candidates where more than
#: ``a + C // b`` of them share a key (``_CELL_SHARED = (a, b)``: beliefs packed closer than the cells), or
#: more than ``a + C // b`` (``_CELL_UNRESOLVED``) are left for exact comparisons after the float views
#: (beliefs closer than the views' proven error: residues tell most of them apart without comparing).
_CELL_SHARED = (256, 16)
_CELL_UNRESOLVED = (64, 256)
#: _Levels.reserve: the most rows of float views reserved ahead (a dense tree to a given depth)
_RESERVE_ROWS = 1 << 22
#: exact vectors along a path are gcd-reduced at every REDUCE_EVERY-th level (see _ExactVectors.node)
REDUCE_EVERY = 16
#: _ExactVectors.nodes computes the vectors of nodes up to this depth from the root, in batches
_BATCH_LEVELS = 64
#: ... of more than this many nodes (fewer: one walk each)
_FEW = 8
#: up to this many states, nodes() multiplies dense object arrays; above, sparse limb products
_DENSE_STATES = 16


def _exact_key(vec, exact_only, tau=None):
    """Key of an exact vector: modular when possible, else an exact-only id (of its gcd-reduced form)."""
    L = sum(vec) if tau is None else sum(v * t for v, t in zip(vec, tau))  # the belief is vec / L
    if any(L % p == 0 for p in HASH_PRIMES):
        return -1 - exact_only.setdefault(_reduced(vec), len(exact_only))
    hs = []
    for p in HASH_PRIMES:
        r = residues_of_fraction_vector(vec, L, p)[None, :]
        w = None if tau is None else np.array([t % p for t in tau], dtype=np.int64)
        h, ok = hash_rows(r, p, w)  # the same normalization as the level-wise keys
        hs.append(int(h[0]))
    return int(_combine(hs))


def _is_negative(K, s) -> bool:
    """Whether the domain element ``s`` is a negative number, by its value.

    ``K.is_negative`` looks at a leading coefficient, which is the sign only over ``QQ``: in ``QQ<sqrt(5)>``
    the element ``1/2 - sqrt(5)/10`` has a negative leading coefficient and a positive value.
    """
    if K.is_QQ or K.is_ZZ:
        return bool(K.is_negative(s))
    return K.to_sympy(s).is_negative is True


def _raise_negative(hmm, path, start):
    word = [hmm.alphabet[i] for i in path]
    prob = hmm.word_probability(word, start=start)
    raise NegativeProbabilityError(
        f"the word {word_text(word)} has probability {excerpt(prob)} < 0: this GHMM is not a valid process",
        word=word,
        probability=prob,
    )


def _start_integers(start_k):
    """Integer vector proportional to a start distribution given as QQ elements."""
    dens = [int(v.denominator) for v in start_k]
    L = lcm(*dens)
    return np.array([int(v.numerator) * (L // int(v.denominator)) for v in start_k], dtype=object)


def build_integer(hmm, max_depth=None, max_states=100_000, progress=None, start=None, cells=True) -> BuildResult:
    """Level-wise exact builder for HMMs with rational entries (see module docstring).

    ``cells``: key a positive HMM's beliefs to a given depth by the cells of their float views
    (:class:`~._msp_floats.CellKeys`); where a view is flagged in too many coordinates, or a level's beliefs
    are packed closer than the cells or than their views can tell (:data:`_CELL_SHARED`,
    :data:`_CELL_UNRESOLVED`), the build starts again with modular keys (the same result).
    """
    try:
        return _build(hmm, max_depth, max_states, progress, start, cells)
    except CellKeysFailed:
        return _build(hmm, max_depth, max_states, progress, start, False)


def _build(hmm, max_depth, max_states, progress, start, cells) -> BuildResult:
    lv = _Levels(hmm, start, max_depth if cells else None)
    if lv.dense and max_depth is not None:  # a dense tree's size is known: no level copies the ones before
        lv.reserve(sum(lv.k**d for d in range(max_depth + 1)), max_states)
    while lv.frontier_size and (max_depth is None or lv.depth < max_depth):
        lv.advance(max_states, last=max_depth is not None and lv.depth + 1 == max_depth)
        if progress is not None:
            progress(lv.depth, lv.total)
    return lv.result()


class _Levels:
    """State of the level-wise build: the nodes so far, the frontier, and the keys of every belief seen.

    Each level is four named steps: the candidates (children of the frontier with positive probability,
    their float views and probabilities: :meth:`_candidates`, or :func:`dense_level` when every entry of
    every ``T[x]`` is positive), their keys (:meth:`_keys`), :meth:`_find_duplicates` (exact comparison
    wherever a key is shared) and :meth:`_append` (number the new beliefs, record the edges, make the new
    frontier).
    """

    def __init__(self, hmm, start, cell_depth=None):
        form = hmm.kernel.integer_form()
        self.hmm, self.start = hmm, start
        self.D, M = form.D, form.M
        self.pi_int = _start_integers(hmm.kernel.start(start))
        self.k, self.n = M.shape[0], M.shape[1]
        # a GHMM normalizes by v . tau and may cancel to a zero probability: no support shortcut, exact zero tests
        self.classical = hmm.is_classical()
        self.tau = None if self.classical else [int(t) for t in form.tau]
        self.tau_f = None if self.classical else np.array([float(t) for t in self.tau]) / form.tau_den
        self.tau_mod = [
            None if self.classical else np.array([t % p for t in self.tau], dtype=np.int64) for p in HASH_PRIMES
        ]
        self.Tcat = np.concatenate(list(hmm.to_numpy()), axis=1)  # (n, k*n)
        self.Bcat = np.concatenate([np.array(m != 0, dtype=np.float64) for m in M], axis=1)
        self.dense = self.classical and bool((M > 0).all())  # Mess3: no support bookkeeping needed
        self.Mcat = [np.concatenate([np.array(m % p, dtype=np.int64) for m in M], axis=1) for p in HASH_PRIMES]
        self.key_mats = [key_matrix(M, p, self.tau) for p in HASH_PRIMES]
        self.forms = [DenseForms.of(M, p) for p in HASH_PRIMES] if self.dense else []
        pi_f = np.array([float(v) for v in self.pi_int], dtype=np.float64)
        pi_f /= self._norm_f(pi_f[None, :])[0]
        # a positive HMM's float views carry a proven error: they can prove a key collision distinct
        T = np.stack(np.split(self.Tcat, self.k, axis=1))
        self.separation = separation_bound(T, pi_f) if self.dense else None
        # to a known depth, a positive HMM's beliefs are keyed by their float views' cells, not residues
        self.cells = CellKeys.of(self.separation, self.n, cell_depth) if self.dense else None
        self.level_starts, self.parents, self.symbols = [0], [np.array([-1])], [np.array([-1])]
        self.bf = Rows(pi_f[None, :])  # the float views of every node, level by level
        self.exact = _ExactVectors(M, self.pi_int, self.level_starts, self.parents, self.symbols)
        self.exact_only: dict = {}
        # keys: int32 when every modular key and exact-only id fits (one prime below 2**31: the default)
        self.seen = SeenKeys(np.int32 if prod(HASH_PRIMES) < 2**31 else np.int64)
        if self.cells is None:
            root_key = np.array([_exact_key(self.exact.node(0), self.exact_only, self.tau)])
        else:
            root_key = self.cells.keys(pi_f[None, :])[0]
        self.seen.shared(root_key, remember=True)
        self.seen.add_nodes(root_key)
        root = [int(v) for v in self.exact.node(0)]
        self.res = [np.array([[v % p for v in root]], dtype=np.int64) for p in HASH_PRIMES]  # (N, n)
        if self.dense:
            self.res = [r.T.copy() for r in self.res]  # the dense levels keep residues state-major, (n, N)
        self.fb = pi_f[None, :]
        self.sup = (np.array([int(v) for v in self.pi_int]) != 0)[None, :].astype(np.float64)
        self.edges: list[tuple | None] = []  # per level (src, sym, dst), None when they are the new nodes'
        self.edge_pf = Rows(np.zeros(0, dtype=np.float64))  # float probability of every edge
        self.total, self.depth, self.front_start = 1, 0, 0

    def reserve(self, nodes: int, max_states) -> None:
        """Room for the float views of ``nodes`` nodes (and their edges), where that is at most ``max_states``
        and :data:`_RESERVE_ROWS` (a dense HMM's belief tree: its levels then never copy the earlier ones)."""
        if nodes <= min(_RESERVE_ROWS, max_states if max_states is not None else nodes):
            self.bf.reserve(nodes)
            self.edge_pf.reserve(nodes - 1)

    @property
    def frontier_size(self) -> int:
        return self.fb.shape[0]

    def advance(self, max_states, last: bool = False) -> None:
        """Build the next level of the belief tree, merging beliefs seen before.

        On the ``last`` level (the requested depth) the new beliefs get neither residues nor a place
        among the seen keys: nothing will be built from them.
        """
        if self.dense:
            N, k, s0 = self.frontier_size, self.k, self.front_start
            cand, csup, cres = None, None, None
            src_ids, sym = AllChildren(s0, N, k, "parent"), AllChildren(s0, N, k, "symbol")
            out = (self.bf.room(N * k, exact=last), self.edge_pf.room(N * k, exact=last))
            cf, pf, hashes, oks, child, flags = dense_level(
                self.fb, self.res, self.Tcat, self.forms, last, out, self.seen.dtype, self.cells
            )
            if not pf.min() > 0:  # underflow: exact float views there
                bad = ~(pf > 0)
                self._fix_floats(bad, src_ids, sym, cf, pf)
                if flags is not None:  # the keys of the fixed views
                    hashes[0][bad], flags[bad] = self.cells.keys(cf[bad])
            keys, fallback = self._fallback_keys(_combine(hashes), oks, src_ids, sym)
            alts = None if flags is None else {int(c): self.cells.alternates(cf[c]) for c in np.flatnonzero(flags)}
        else:
            cand, par_pos, sym, cf, pf, csup, cres = self._candidates()
            src_ids = self.front_start + par_pos
            keys, fallback = self._keys(cand, src_ids, sym, cres)
            alts = None
        is_new, ref_old, ref_cand, cand_vec = self._find_duplicates(keys, src_ids, sym, not last, cf, alts)
        all_new = is_new is None or bool(is_new.all())
        new_idx = slice(None) if all_new else np.flatnonzero(is_new)
        sup_rows = None if csup is None else self._pick(csup.reshape(-1, self.n), cand)
        self._append(is_new, ref_old, ref_cand, cand_vec, src_ids, sym, cf, pf, sup_rows, max_states)
        if not last:
            if self.dense:
                if child is not None:
                    self.res = self._dense_residues(child, new_idx, fallback, is_new)
            else:
                idx = np.arange(keys.size) if is_new is None else np.flatnonzero(is_new)
                self.res = self._child_residues(idx, par_pos, sym, cres, fallback)
            self.seen.add_nodes(keys[new_idx])

    def _pick(self, a, cand):
        """The rows of the valid (parent, symbol) candidates."""
        return a if cand is None or cand.size == a.shape[0] else a[cand]

    def _norm_f(self, rows):
        """Float normalizers ``v . tau`` of rows of float vectors (row sums for an HMM)."""
        return rows.sum(axis=1) if self.classical else rows @ self.tau_f

    def _normalizer(self, vec) -> int:
        return sum(vec) if self.classical else sum(v * t for v, t in zip(vec, self.tau))

    def _candidates(self):
        N, k, n = self.frontier_size, self.k, self.n
        csup = (self.sup @ self.Bcat).reshape(N, k, n) > 0
        cand = np.flatnonzero(csup.any(axis=2).ravel())
        cres = None
        if not self.classical:
            cand, cres = self._nonzero_candidates(cand)
        par_pos, sym = cand // k, cand % k
        cf = self._pick((self.fb @ self.Tcat).reshape(N * k, n), cand)
        pf = self._norm_f(cf)
        bad = ~(pf > 0) if self.classical else ~(pf > 1e-9)  # underflow, or a GHMM's cancellation: exact values
        good = ~bad
        cf[good] /= pf[good, None]
        self._fix_floats(bad, self.front_start + par_pos, sym, cf, pf)
        return cand, par_pos, sym, cf, pf, csup, cres

    def _fix_floats(self, bad, src_ids, sym, cf, pf) -> None:
        """Float views from the exact vectors where the float ones underflowed or cancelled (rare)."""
        if not bad.any():
            return
        for c in np.flatnonzero(bad):
            parent_vec = self.exact.node(int(src_ids[c]))
            child_vec = self.exact.raw_step(parent_vec, int(sym[c]))
            s_child = self._normalizer(child_vec)
            if s_child < 0:
                self._negative(int(src_ids[c]), int(sym[c]), s_child, parent_vec)
            cf[c] = [v / s_child for v in child_vec]
            pf[c] = s_child / (self.D * self._normalizer(parent_vec))

    def _nonzero_candidates(self, cand):
        """GHMM: keep the (parent, symbol) pairs whose probability is not 0, decided exactly.

        The normalizer ``v . tau`` of a child is nonzero when its residue modulo either prime is; the
        rest (rare) are decided with exact integers.
        """
        N, k, n = self.frontier_size, self.k, self.n
        cres = [
            self._pick(mod_matmul(r, mc, p).reshape(N * k, n), cand)
            for r, mc, p in zip(self.res, self.Mcat, HASH_PRIMES)
        ]
        nonzero = np.zeros(cand.size, dtype=bool)
        for r, p, t in zip(cres, HASH_PRIMES, self.tau_mod):
            nonzero |= weighted_sums(r, t, p) != 0
        for c in np.flatnonzero(~nonzero):
            parent = int(self.front_start + cand[c] // k)
            nonzero[c] = self._normalizer(self.exact.raw_step(self.exact.node(parent), int(cand[c] % k))) != 0
        return cand[nonzero], [r[nonzero] for r in cres]

    def _negative(self, parent, x, value, parent_vec):
        path = []
        u = parent
        while u > 0:
            u, y = self.exact.lookup(u)
            path.append(y)
        _raise_negative(self.hmm, path[::-1] + [x], self.start)

    def _keys(self, cand, src_ids, sym, cres=None):
        """Keys of the candidates, and the exact vectors used where a hash prime divides a normalizer.

        An HMM's keys come straight from the parents' residues (:func:`hash_children`); a GHMM's
        candidates already carry their residues (computed to find the zero-probability ones).
        """
        if cres is None:
            pairs = [hash_children(r, km, p) for r, km, p in zip(self.res, self.key_mats, HASH_PRIMES)]
            pairs = [(self._pick(h, cand), self._pick(ok, cand)) for h, ok in pairs]
        else:
            pairs = [hash_rows(r, p, t) for r, p, t in zip(cres, HASH_PRIMES, self.tau_mod)]
        return self._fallback_keys(_combine([h for h, _ in pairs]), [ok for _, ok in pairs], src_ids, sym)

    def _fallback_keys(self, keys, oks, src_ids, sym):
        """Exact keys where a hash prime divides the normalizer; returns the keys and those exact vectors."""
        fallback: dict = {}
        if all(ok.all() for ok in oks):
            return keys, fallback
        for c in np.flatnonzero(~np.logical_and.reduce(oks)):
            vec = self.exact.step(self.exact.node(int(src_ids[c])), int(sym[c]))
            keys[c] = _exact_key(vec, self.exact_only, self.tau)
            fallback[int(c)] = vec
        return keys, fallback

    def _child_residues(self, idx, par_pos, sym, cres, fallback):
        """Residues of the candidates ``idx`` (the new beliefs): one product per symbol over its rows."""
        if cres is not None:
            out = [r[idx] for r in cres]
        else:
            out = [np.empty((idx.size, self.n), dtype=np.int64) for _ in HASH_PRIMES]
            sym_new, par_new = sym[idx], par_pos[idx]
            for x in range(self.k):
                sel = np.flatnonzero(sym_new == x)
                if sel.size:
                    for o, r, mc, p in zip(out, self.res, self.Mcat, HASH_PRIMES):
                        o[sel] = mod_matmul(r[par_new[sel]], mc[:, x * self.n : (x + 1) * self.n], p)
        if fallback:
            where = {int(c): i for i, c in enumerate(idx.tolist())}
            for c, vec in fallback.items():
                if c in where:
                    for o, p in zip(out, HASH_PRIMES):
                        o[where[c]] = [v % p for v in vec]
        return out

    def _dense_residues(self, child, new_idx, fallback, is_new):
        """The new beliefs' residues, state-major, from all the children's (a dense level)."""
        out = [c[:, new_idx] if isinstance(new_idx, np.ndarray) else c for c in child]
        if fallback:
            pos = np.arange(child[0].shape[1]) if is_new is None else np.cumsum(is_new) - 1  # column of each new
            for c, vec in fallback.items():
                if is_new is None or is_new[c]:
                    for o, p in zip(out, HASH_PRIMES):
                        o[:, pos[c]] = [v % p for v in vec]
        return out

    def _find_duplicates(self, keys, src_ids, sym, remember: bool, cf=None, alts=None):
        """Exact comparison for the candidates sharing a key with another candidate or an earlier node.

        ``cf``: the candidates' float views; for a positive HMM those proven distinct from every other
        belief with their key are new without an exact comparison (:mod:`._msp_floats`).  ``alts``: cell
        keys only, ``{candidate: its alternate keys}`` for the flagged candidates, each also compared with
        the beliefs that hold one of them (:class:`~._msp_floats.CellKeys`).
        """
        C = keys.size
        cand_vec: dict = {}
        wanted = np.unique(np.array([a for al in (alts or {}).values() for a in al], dtype=self.seen.dtype))
        values, held = self.seen.shared_holding(keys, remember, wanted)
        extra = wanted[held]  # alternate keys of flagged candidates that a node or a candidate holds
        flagged = sorted(c for c, al in (alts or {}).items() if np.isin(al, extra).any())
        if not values.size and not flagged:  # every candidate is a new belief
            return None, None, None, cand_vec
        is_new = np.ones(C, dtype=bool)
        ref_old: dict = {}  # candidate: its node among the earlier ones
        ref_cand: dict = {}  # candidate: the new candidate of this level with its belief
        check = np.flatnonzero(members(keys, values))
        if alts is not None and check.size > _CELL_SHARED[0] + C // _CELL_SHARED[1]:
            raise CellKeysFailed(f"{check.size} of {C} beliefs share cells")
        olds = self.seen.nodes_with(np.union1d(values, extra))
        R = None if self.separation is None or cf is None else self.separation(self.depth + 1)
        if R is not None and check.size:
            check = not_separated(keys, check, olds, cf, self.bf.data, R)
        if flagged:  # a flagged candidate's equals may hold an alternate key
            check = np.union1d(check, np.array(flagged, dtype=np.int64))
        if alts is not None and check.size > _CELL_UNRESOLVED[0] + C // _CELL_UNRESOLVED[1]:
            raise CellKeysFailed(f"{check.size} of {C} beliefs are closer than their views can tell")
        if not check.size:
            return is_new, ref_old, ref_cand, cand_vec
        is_new[check] = False
        self.exact.nodes([u for us in olds.values() for u in us] + np.asarray(src_ids[check]).tolist())
        buckets: dict = {}
        for c in check.tolist():
            key = int(keys[c])
            bucket = []
            for other_key in [key] + (alts.get(c, []) if alts else []):
                if other_key not in buckets:
                    buckets[other_key] = [(self.exact.node(u), "old", u) for u in olds.get(other_key, [])]
                bucket += buckets[other_key]
            raw = self.exact.raw_step(self.exact.node(int(src_ids[c])), int(sym[c]))
            L_raw = self._normalizer(raw)
            for other, kind, ref in bucket:
                # raw / L(raw) == other / L(other), by cross-multiplication: no gcd of the (long) raw vector
                L_other = self._normalizer(other)
                if all(a * L_other == b * L_raw for a, b in zip(raw, other)):
                    (ref_old if kind == "old" else ref_cand)[c] = ref
                    break
            else:
                is_new[c] = True
                vec = _reduced(raw)
                buckets[key].append((vec, "new", int(c)))
                cand_vec[int(c)] = vec
        return is_new, ref_old, ref_cand, cand_vec

    def _append(self, is_new, ref_old, ref_cand, cand_vec, src_ids, sym, cf, pf, csup_rows, max_states):
        C, next_id = src_ids.size, self.total
        if is_new is None or is_new.all():
            new_idx, n_new = slice(None), C
            self.edges.append(None)  # the edges are the new nodes' (parent, symbol, id): a tree level
            for c, vec in cand_vec.items():
                self.exact.cache[next_id + c] = vec
        else:
            new_idx = np.flatnonzero(is_new)
            n_new = new_idx.size
            new_ids = np.full(C, -1, dtype=np.int64)
            new_ids[new_idx] = next_id + np.arange(n_new)
            dst = new_ids.copy()
            for refs, ids in ((ref_old, None), (ref_cand, new_ids)):
                if refs:
                    at, to = np.array(list(refs.keys())), np.array(list(refs.values()))
                    dst[at] = to if ids is None else ids[to]
            self.edges.append((np.asarray(src_ids), np.asarray(sym), dst))
            for c, vec in cand_vec.items():
                self.exact.cache[int(new_ids[c])] = vec
        if pf.base is not self.edge_pf.data:  # the dense levels write in place
            self.edge_pf.room(C, exact=False)[...] = pf
        self.edge_pf.keep(pf)
        self.total += n_new
        if max_states is not None and self.total > max_states:
            _too_large(self.total, self.depth + 1, max_states)
        self.level_starts.append(next_id)
        self.parents.append(src_ids[new_idx])
        self.symbols.append(sym[new_idx])
        if cf.base is not self.bf.data:
            self.bf.room(C, exact=False)[...] = cf
            cf = self.bf.data[self.bf.size : self.bf.size + C]
        self.fb = self.bf.keep(cf, None if isinstance(new_idx, slice) else new_idx)
        if csup_rows is not None:
            self.sup = csup_rows[new_idx].astype(np.float64)
        self.front_start = next_id
        self.depth += 1

    def result(self) -> BuildResult:
        def cat(xs, dt=np.int64):
            return np.concatenate(xs).astype(dt, copy=False) if xs else np.zeros(0, dtype=dt)

        parent, symbol = (self._gather(parts) for parts in (self.parents, self.symbols))
        counts = np.diff(np.append(self.level_starts, self.total))
        depth = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
        if all(e is None for e in self.edges):  # a tree: every edge made its node
            e_src, e_sym, e_dst = parent[1:], symbol[1:], np.arange(1, self.total, dtype=np.int64)
        else:
            per_level = [
                e if e is not None else (self.parents[d + 1], self.symbols[d + 1], self._level_ids(d + 1))
                for d, e in enumerate(self.edges)
            ]
            e_src, e_sym, e_dst = (cat([e[i] for e in per_level]) for i in range(3))
        for a in (parent, symbol):
            a.flags.writeable = False  # a tree's edges are views of them
        # the lookups of the exact vectors read the concatenated arrays (the per-level copies are freed)
        bounds = list(self.level_starts) + [self.total]
        self.parents[:] = [parent[s:e] for s, e in zip(bounds[:-1], bounds[1:])]
        self.symbols[:] = [symbol[s:e] for s, e in zip(bounds[:-1], bounds[1:])]
        result = BuildResult(
            parent=parent,
            symbol=symbol,
            depth=depth,
            edge_src=e_src,
            edge_sym=e_sym,
            edge_dst=e_dst,
            complete=self.frontier_size == 0,
            beliefs_float=self.bf.result(),
            edge_prob_float=self.edge_pf.result(),
        )
        self.bf = self.edge_pf = None
        result.extra["exact_vectors"] = self.exact
        result.extra["start_int"] = self.pi_int
        return result

    def _gather(self, parts: list) -> np.ndarray:
        """The per-level arrays (or tree levels) as one array."""
        out = np.empty(self.total, dtype=np.int64)
        at = 0
        for part in parts:
            if isinstance(part, AllChildren):
                part.fill(out[at : at + part.size])
            else:
                out[at : at + part.size] = part
            at += part.size
        return out

    def _level_ids(self, d: int) -> np.ndarray:
        end = self.level_starts[d + 1] if d + 1 < len(self.level_starts) else self.total
        return np.arange(self.level_starts[d], end, dtype=np.int64)


def _path(parent, symbol, u) -> list:
    out = []
    while u > 0:
        out.append(symbol[u])
        u = parent[u]
    return out[::-1]


def build_generic(hmm, max_depth=None, max_states=100_000, progress=None, start=None) -> BuildResult:
    """Node-by-node builder over the HMM's exact domain (rational or symbolic)."""
    K = hmm.domain
    _n, k = hmm.n_states, hmm.n_symbols
    pi = hmm.kernel.start(start)
    numeric = not hmm.is_symbolic()
    beliefs = [tuple(pi)]
    index = {beliefs[0]: 0}
    parent, symbol, depth = [-1], [-1], [0]
    e_src, e_sym, e_dst, e_prob = [], [], [], []
    frontier = [0]
    d = 0
    while frontier and (max_depth is None or d < max_depth):
        nxt = []
        for u in frontier:
            eta = beliefs[u]
            for x in range(k):
                vec = hmm.kernel.step(eta, x)
                s = hmm.kernel.normalizer(vec)
                if s == K.zero:
                    continue
                if numeric and _is_negative(K, s):
                    _raise_negative(hmm, _path(parent, symbol, u) + [x], start)
                b = tuple(K.quo(v, s) for v in vec)
                v_id = index.get(b)
                if v_id is None:
                    v_id = len(beliefs)
                    index[b] = v_id
                    beliefs.append(b)
                    parent.append(u)
                    symbol.append(x)
                    depth.append(d + 1)
                    nxt.append(v_id)
                e_src.append(u)
                e_sym.append(x)
                e_dst.append(v_id)
                e_prob.append(s)
        frontier = nxt
        d += 1
        if max_states is not None and len(beliefs) > max_states:
            _too_large(len(beliefs), d, max_states)
        if progress is not None:
            progress(d, len(beliefs))
    bf: np.ndarray | None
    pf: np.ndarray | None
    if numeric:
        bf = np.array([[float(K.to_sympy(v)) for v in b] for b in beliefs], dtype=np.float64)
        pf = np.array([float(K.to_sympy(v)) for v in e_prob], dtype=np.float64)
    else:
        bf = pf = None
    arr = lambda xs: np.array(xs, dtype=np.int64)  # noqa: E731
    return BuildResult(
        parent=arr(parent),
        symbol=arr(symbol),
        depth=arr(depth),
        edge_src=arr(e_src),
        edge_sym=arr(e_sym),
        edge_dst=arr(e_dst),
        complete=not frontier,
        beliefs_float=bf,
        edge_prob_float=pf,
        exact_beliefs=beliefs,
        exact_edge_prob=e_prob,
    )
