"""The two builders of mixed-state presentations.

``build_integer``: rational HMMs.  Beliefs are kept as unnormalized integer
vectors ``pi_int M[w1] ... M[wL]`` (``M[x] = D T[x]``) that are never formed
explicitly while building: each node stores its parent and symbol, a whole
level advances with one vectorized product of residues modulo two primes
(:mod:`compmech.kernel.modular`), and duplicate beliefs are found through keys that
equal beliefs always share.  Candidates with a shared key are confirmed with
exact integer arithmetic (gcd-reduced vectors), so merging is exact.

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
from math import gcd, lcm

import numpy as np

from ..errors import MSPTooLargeError, NegativeProbabilityError, excerpt, word_text
from ..kernel.modular import HASH_PRIMES as _ALL_PRIMES
from ..kernel.modular import (
    hash_children,
    hash_rows,
    key_matrix,
    mod_matmul,
    residues_of_fraction_vector,
    weighted_sums,
)

__all__ = ["BuildResult", "build_integer", "build_generic", "HASH_PRIMES"]

#: The primes the keys are computed with.  One 30-bit prime: keys of different beliefs collide for
#: about n^2 / 2^31 pairs (300 at Mess3's depth 12, 797,161 beliefs), and every collision is settled
#: by exact integers, so a second prime would only halve the speed to save those few comparisons.
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
        f"max_depth to build the exact belief tree only to a given depth"
    )


def _reduced(vec):
    g = reduce(gcd, vec, 0)
    return tuple(v // g for v in vec) if g > 1 else tuple(vec)


class _ExactVectors:
    """Exact gcd-reduced integer belief vectors of nodes, computed on demand and cached."""

    def __init__(self, M, pi_int, level_starts, parents, symbols):
        self.M = [[[int(v) for v in row] for row in m] for m in M]
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
        m, n = self.M[x], self.n
        out = [0] * n
        for i, v in enumerate(vec):
            if v:
                row = m[i]
                for j in range(n):
                    if row[j]:
                        out[j] += v * row[j]
        return out

    def step(self, vec, x):
        return _reduced(self.raw_step(vec, x))

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


#: exact vectors along a path are gcd-reduced at every REDUCE_EVERY-th level (see _ExactVectors.node)
REDUCE_EVERY = 16


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


def build_integer(hmm, max_depth=None, max_states=100_000, progress=None, start=None) -> BuildResult:
    """Level-wise exact builder for HMMs with rational entries (see module docstring)."""
    lv = _Levels(hmm, start)
    while lv.frontier_size and (max_depth is None or lv.depth < max_depth):
        lv.advance(max_states, last=max_depth is not None and lv.depth + 1 == max_depth)
        if progress is not None:
            progress(lv.depth, lv.total)
    return lv.result()


class _SeenKeys:
    """The keys of every belief seen, with their node ids: a sorted array plus a small dict of recent ones.

    Lookups are vectorized (``searchsorted``) on the sorted part and a dict on the recent part; recent
    keys are merged into the array when they reach a quarter of it, so that a thin MSP (one or two new
    beliefs per level, 100,000 levels) costs O(N log N) instead of one O(N) array insertion per level.
    """

    def __init__(self, key: int, node: int):
        self.keys = np.array([key], dtype=np.int64)
        self.nodes = np.array([node], dtype=np.int64)
        self.recent: dict[int, list[int]] = {}

    def contains(self, sorted_keys: np.ndarray) -> np.ndarray:
        pos = np.minimum(np.searchsorted(self.keys, sorted_keys), self.keys.size - 1)
        found = self.keys[pos] == sorted_keys
        if self.recent:
            if sorted_keys.size < 64:  # a thin level: dict lookups, O(candidates)
                recent = self.recent
                found |= np.array([k in recent for k in sorted_keys.tolist()], dtype=bool)
            else:
                found |= np.isin(sorted_keys, np.fromiter(self.recent, dtype=np.int64, count=len(self.recent)))
        return found

    def ids(self, key: int) -> list[int]:
        lo = int(np.searchsorted(self.keys, key, side="left"))
        hi = int(np.searchsorted(self.keys, key, side="right"))
        return [int(u) for u in self.nodes[lo:hi]] + self.recent.get(key, [])

    def add(self, keys: np.ndarray, nodes: np.ndarray) -> None:
        if keys.size > 256:  # a wide level: merge at once
            self._merge(keys, nodes)
            return
        for k, u in zip(keys.tolist(), nodes.tolist()):
            self.recent.setdefault(k, []).append(u)
        if len(self.recent) > max(256, self.keys.size // 4):
            pairs = [(k, u) for k, us in self.recent.items() for u in us]
            self.recent = {}
            self._merge(
                np.array([k for k, _ in pairs], dtype=np.int64), np.array([u for _, u in pairs], dtype=np.int64)
            )

    def _merge(self, keys, nodes) -> None:
        order = np.argsort(keys, kind="stable")  # already sorted for a wide level: a linear pass
        keys, nodes = keys[order], nodes[order]
        at = np.searchsorted(self.keys, keys, side="right")
        self.keys, self.nodes = np.insert(self.keys, at, keys), np.insert(self.nodes, at, nodes)


class _Levels:
    """State of the level-wise build: the nodes so far, the frontier, and the keys of every belief seen.

    Each level is four named steps: :meth:`_candidates` (children of the frontier with positive
    probability, their float views and probabilities), :meth:`_keys` (modular hash keys of the children),
    :meth:`_find_duplicates` (exact comparison wherever a key is shared) and :meth:`_append` (number the
    new beliefs, record the edges, make the new frontier).
    """

    def __init__(self, hmm, start):
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
        pi_f = np.array([float(v) for v in self.pi_int], dtype=np.float64)
        pi_f /= self._norm_f(pi_f[None, :])[0]
        self.level_starts, self.parents, self.symbols = [0], [np.array([-1])], [np.array([-1])]
        self.depths, self.fbs = [np.array([0])], [pi_f[None, :]]
        self.exact = _ExactVectors(M, self.pi_int, self.level_starts, self.parents, self.symbols)
        self.exact_only: dict = {}
        self.seen = _SeenKeys(_exact_key(self.exact.node(0), self.exact_only, self.tau), 0)
        self.res = [np.array([[int(v) % p for v in self.exact.node(0)]], dtype=np.int64) for p in HASH_PRIMES]
        self.fb = pi_f[None, :]
        self.sup = (np.array([int(v) for v in self.pi_int]) != 0)[None, :].astype(np.float64)
        self.edges: tuple[list, list, list, list] = ([], [], [], [])
        self.total, self.depth, self.front_start = 1, 0, 0

    @property
    def frontier_size(self) -> int:
        return self.fb.shape[0]

    def advance(self, max_states, last: bool = False) -> None:
        """Build the next level of the belief tree, merging beliefs seen before.

        On the ``last`` level (the requested depth) the new beliefs get neither residues nor a place
        among the seen keys: nothing will be built from them.
        """
        cand, par_pos, sym, cf, pf, csup, cres = self._candidates()
        src_ids = self.front_start + par_pos
        keys, fallback = self._keys(cand, src_ids, sym, cres)
        order = np.argsort(keys)
        is_new, ref_old, ref_cand, cand_vec = self._find_duplicates(keys, order, src_ids, sym)
        new_idx = np.flatnonzero(is_new)
        new_ids = self._append(
            is_new,
            ref_old,
            ref_cand,
            cand_vec,
            src_ids,
            sym,
            cf,
            pf,
            None if csup is None else self._pick(csup.reshape(-1, self.n), cand),
            max_states,
        )
        if not last:
            self.res = self._child_residues(new_idx, par_pos, sym, cres, fallback)
            new_sorted = is_new[order]
            self.seen.add(keys[order][new_sorted], new_ids[order][new_sorted])

    def _pick(self, a, cand):
        """The rows of the valid (parent, symbol) candidates."""
        return a if cand.size == a.shape[0] else a[cand]

    def _norm_f(self, rows):
        """Float normalizers ``v . tau`` of rows of float vectors (row sums for an HMM)."""
        return rows.sum(axis=1) if self.classical else rows @ self.tau_f

    def _normalizer(self, vec) -> int:
        return sum(vec) if self.classical else sum(v * t for v, t in zip(vec, self.tau))

    def _candidates(self):
        N, k, n = self.frontier_size, self.k, self.n
        if self.dense:  # every entry positive: every (belief, symbol) has positive probability, full support
            csup, cand = None, np.arange(N * k)
        else:
            csup = (self.sup @ self.Bcat).reshape(N, k, n) > 0
            cand = np.flatnonzero(csup.any(axis=2).ravel())
        cres = None
        if not self.classical:
            cand, cres = self._nonzero_candidates(cand)
        par_pos, sym = cand // k, cand % k
        cf = self._pick((self.fb @ self.Tcat).reshape(N * k, n), cand)
        pf = self._norm_f(cf)
        bad = ~(pf > 0) if self.classical else ~(pf > 1e-9)  # underflow, or a GHMM's cancellation: exact values
        if bad.any():
            good = ~bad
            cf[good] /= pf[good, None]
            for c in np.flatnonzero(bad):  # float views from the exact vectors (a view may underflow to 0)
                parent_vec = self.exact.node(int(self.front_start + par_pos[c]))
                child_vec = self.exact.raw_step(parent_vec, int(sym[c]))
                s_child = self._normalizer(child_vec)
                if s_child < 0:
                    self._negative(int(self.front_start + par_pos[c]), int(sym[c]), s_child, parent_vec)
                cf[c] = [v / s_child for v in child_vec]
                pf[c] = s_child / (self.D * self._normalizer(parent_vec))
        else:
            cf /= pf[:, None]
        return cand, par_pos, sym, cf, pf, csup, cres

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
        hashed, oks = [h for h, _ in pairs], [ok for _, ok in pairs]
        keys = _combine(hashed)
        fallback = {}
        for c in np.flatnonzero(~np.logical_and.reduce(oks)):  # a hash prime divides the normalizer: exact
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

    def _find_duplicates(self, keys, order, src_ids, sym):
        """Exact comparison for the candidates sharing a key with another candidate or an earlier node."""
        C = keys.size
        sorted_keys = keys[order]
        shared = np.zeros(C, dtype=bool)
        eq = sorted_keys[1:] == sorted_keys[:-1]
        shared[1:] |= eq
        shared[:-1] |= eq
        shared |= self.seen.contains(sorted_keys)
        needs_check = np.empty(C, dtype=bool)
        needs_check[order] = shared
        is_new = ~needs_check
        ref_old = np.full(C, -1, dtype=np.int64)  # target among earlier nodes
        ref_cand = np.full(C, -1, dtype=np.int64)  # target among this level's new candidates
        buckets: dict = {}
        cand_vec: dict = {}
        for c in np.flatnonzero(needs_check):
            key = int(keys[c])
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = [(self.exact.node(u), "old", u) for u in self.seen.ids(key)]
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
                bucket.append((vec, "new", int(c)))
                cand_vec[int(c)] = vec
        return is_new, ref_old, ref_cand, cand_vec

    def _append(self, is_new, ref_old, ref_cand, cand_vec, src_ids, sym, cf, pf, csup_rows, max_states):
        C, next_id = is_new.size, self.total
        if is_new.all():
            new_idx, n_new = slice(None), C
            new_ids = dst = next_id + np.arange(C, dtype=np.int64)
        else:
            new_idx = np.flatnonzero(is_new)
            n_new = new_idx.size
            new_ids = np.full(C, -1, dtype=np.int64)
            new_ids[new_idx] = next_id + np.arange(n_new)
            dst = np.where(is_new, new_ids, np.where(ref_old >= 0, ref_old, new_ids[np.maximum(ref_cand, 0)]))
        for lst, v in zip(self.edges, (src_ids, sym, dst, pf)):
            lst.append(v)
        self.total += n_new
        if max_states is not None and self.total > max_states:
            _too_large(self.total, self.depth + 1, max_states)
        self.level_starts.append(next_id)
        self.parents.append(src_ids[new_idx])
        self.symbols.append(sym[new_idx])
        self.depths.append(np.full(n_new, self.depth + 1, dtype=np.int64))
        for c, vec in cand_vec.items():
            self.exact.cache[int(new_ids[c])] = vec
        self.fb = cf[new_idx]
        self.fbs.append(self.fb)
        if csup_rows is not None:
            self.sup = csup_rows[new_idx].astype(np.float64)
        self.front_start = next_id
        self.depth += 1
        return new_ids

    def result(self) -> BuildResult:
        def cat(xs, dt=np.int64):
            return np.concatenate(xs).astype(dt, copy=False) if xs else np.zeros(0, dtype=dt)

        e_src, e_sym, e_dst, e_pf = self.edges
        result = BuildResult(
            parent=cat(self.parents),
            symbol=cat(self.symbols),
            depth=cat(self.depths),
            edge_src=cat(e_src),
            edge_sym=cat(e_sym),
            edge_dst=cat(e_dst),
            complete=self.frontier_size == 0,
            beliefs_float=np.concatenate(self.fbs, axis=0),
            edge_prob_float=cat(e_pf, np.float64),
        )
        result.extra["exact_vectors"] = self.exact
        result.extra["start_int"] = self.pi_int
        return result


def _path(parent, symbol, u) -> list:
    out = []
    while u > 0:
        out.append(symbol[u])
        u = parent[u]
    return out[::-1]


def _is_negative(K, s) -> bool:
    """Whether the nonzero number ``s`` of the domain ``K`` is negative, by its real value.

    ``QQ`` compares exactly; an algebraic field's own ``is_negative`` reads the sign of the leading
    coefficient of the representing polynomial, not of the number, so its elements are decided by their
    real value (sympy evaluates a nonzero algebraic number to a certain sign).
    """
    if K.is_QQ:
        return K.is_negative(s)
    return bool(K.to_sympy(s).is_negative)


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
