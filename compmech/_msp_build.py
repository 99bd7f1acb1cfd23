"""The two builders of mixed-state presentations.

``build_integer``: rational HMMs.  Beliefs are kept as unnormalized integer
vectors ``pi_int M[w1] ... M[wL]`` (``M[x] = D T[x]``) that are never formed
explicitly while building: each node stores its parent and symbol, a whole
level advances with one vectorized product of residues modulo two primes
(:mod:`compmech._modular`), and duplicate beliefs are found through keys that
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

from ._modular import HASH_PRIMES, hash_rows, mod_matmul, residues_of_fraction_vector
from .errors import MSPTooLargeError

__all__ = ["BuildResult", "build_integer", "build_generic"]


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

    def _lookup(self, u):
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
        path = []
        while u not in self.cache:
            par, x = self._lookup(u)
            path.append((u, x))
            u = par
        vec = self.cache[u]
        for w, x in reversed(path):
            vec = self.step(vec, x)
            self.cache[w] = vec
        return vec


def _exact_key(vec, exact_only):
    """Key of an exact reduced vector: modular when possible, else an exact-only id."""
    L = sum(vec)  # vec is gcd-reduced, so L is the common denominator of the belief
    if any(L % p == 0 for p in HASH_PRIMES):
        return -1 - exact_only.setdefault(vec, len(exact_only))
    hs = []
    for p in HASH_PRIMES:
        r = residues_of_fraction_vector(vec, L, p)[None, :]
        h, ok = hash_rows(r, p)
        hs.append(int(h[0]))
    return hs[0] * HASH_PRIMES[1] + hs[1]


def _start_integers(start_k):
    """Integer vector proportional to a start distribution given as QQ elements."""
    dens = [int(v.denominator) for v in start_k]
    L = lcm(*dens)
    return np.array([int(v.numerator) * (L // int(v.denominator)) for v in start_k], dtype=object)


def build_integer(hmm, max_depth=None, max_states=100_000, progress=None, start=None) -> BuildResult:
    """Level-wise exact builder for HMMs with rational entries (see module docstring)."""
    D, M, _ = hmm.kernel.integer_form()
    pi_int = _start_integers(hmm.kernel.start(start))
    k, n = M.shape[0], M.shape[1]
    Tf = hmm.to_numpy()
    Tcat = np.concatenate(list(Tf), axis=1)  # (n, k*n)
    Bcat = np.concatenate([np.array(m > 0, dtype=np.float64) for m in M], axis=1)
    Mcat = [np.concatenate([np.array(m % p, dtype=np.int64) for m in M], axis=1) for p in HASH_PRIMES]
    pi_f = np.array([float(v) for v in pi_int], dtype=np.float64)
    pi_f /= pi_f.sum()

    level_starts, parents, symbols, depths, fbs = (
        [0],
        [np.array([-1])],
        [np.array([-1])],
        [np.array([0])],
        [pi_f[None, :]],
    )
    exact = _ExactVectors(M, pi_int, level_starts, parents, symbols)
    exact_only: dict = {}
    root_key = _exact_key(exact.node(0), exact_only)
    seen_keys = np.array([root_key], dtype=np.int64)
    seen_ids = np.array([0], dtype=np.int64)
    res = [np.array([[int(v) % p for v in exact.node(0)]], dtype=np.int64) for p in HASH_PRIMES]
    fb = pi_f[None, :]
    sup = (np.array([int(v) for v in pi_int]) > 0)[None, :].astype(np.float64)
    e_src, e_sym, e_dst, e_pf = [], [], [], []
    total = 1
    d = 0
    front_start = 0
    while fb.shape[0] and (max_depth is None or d < max_depth):
        N = fb.shape[0]
        csup = (sup @ Bcat).reshape(N, k, n) > 0
        valid = csup.any(axis=2).ravel()
        cand = np.flatnonzero(valid)
        par_pos, sym = cand // k, cand % k
        C = cand.size

        def pick(a, cand=cand, every=N * k == C):  # the rows of the valid (parent, symbol) candidates
            return a if every else a[cand]

        cf = pick((fb @ Tcat).reshape(N * k, n))
        pf = cf.sum(axis=1)
        bad = ~(pf > 0)  # float underflow in a deep MSP (the exact probability is positive)
        if bad.any():
            good = ~bad
            cf[good] /= pf[good, None]
            for c in np.flatnonzero(bad):  # float views from the exact vectors (a view may underflow to 0)
                parent_vec = exact.node(int(front_start + par_pos[c]))
                child_vec = exact.raw_step(parent_vec, int(sym[c]))
                s_child = sum(child_vec)
                cf[c] = [v / s_child for v in child_vec]
                pf[c] = s_child / (D * sum(parent_vec))
        else:
            cf /= pf[:, None]
        cres = [pick(mod_matmul(r, mc, p).reshape(N * k, n)) for r, mc, p in zip(res, Mcat, HASH_PRIMES)]
        (h0, ok0), (h1, ok1) = (hash_rows(r, p) for r, p in zip(cres, HASH_PRIMES))
        keys = h0 * HASH_PRIMES[1] + h1
        src_ids = front_start + par_pos

        special = np.flatnonzero(~(ok0 & ok1))
        for c in special:  # some hash prime divides sum(v): use the exact vector
            vec = exact.step(exact.node(int(src_ids[c])), int(sym[c]))
            keys[c] = _exact_key(vec, exact_only)
            for j, p in enumerate(HASH_PRIMES):
                cres[j][c] = [v % p for v in vec]

        # Which candidates need an exact look?  Those sharing a key with another
        # candidate of this level or with an earlier node.
        order = np.argsort(keys)
        sorted_keys = keys[order]
        shared = np.zeros(C, dtype=bool)
        eq = sorted_keys[1:] == sorted_keys[:-1]
        shared[1:] |= eq
        shared[:-1] |= eq
        pos = np.minimum(np.searchsorted(seen_keys, sorted_keys), seen_keys.size - 1)
        shared |= seen_keys[pos] == sorted_keys
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
                bucket = []
                lo = int(np.searchsorted(seen_keys, key, side="left"))
                hi = int(np.searchsorted(seen_keys, key, side="right"))
                for u in seen_ids[lo:hi]:
                    bucket.append((exact.node(int(u)), "old", int(u)))
                buckets[key] = bucket
            vec = exact.step(exact.node(int(src_ids[c])), int(sym[c]))
            for other, kind, ref in bucket:
                if other == vec:
                    if kind == "old":
                        ref_old[c] = ref
                    else:
                        ref_cand[c] = ref
                    break
            else:
                is_new[c] = True
                bucket.append((vec, "new", int(c)))
                cand_vec[int(c)] = vec

        next_id = total
        if is_new.all():
            new_idx = slice(None)
            n_new = C
            new_ids = dst = next_id + np.arange(C, dtype=np.int64)
        else:
            new_idx = np.flatnonzero(is_new)
            n_new = new_idx.size
            new_ids = np.full(C, -1, dtype=np.int64)
            new_ids[new_idx] = next_id + np.arange(n_new)
            dst = np.where(is_new, new_ids, np.where(ref_old >= 0, ref_old, new_ids[np.maximum(ref_cand, 0)]))
        e_src.append(src_ids)
        e_sym.append(sym)
        e_dst.append(dst)
        e_pf.append(pf)

        total += n_new
        if max_states is not None and total > max_states:
            _too_large(total, d + 1, max_states)
        level_starts.append(next_id)
        parents.append(src_ids[new_idx])
        symbols.append(sym[new_idx])
        depths.append(np.full(n_new, d + 1, dtype=np.int64))
        for c, vec in cand_vec.items():
            exact.cache[int(new_ids[c])] = vec
        fb = cf[new_idx]
        fbs.append(fb)
        res = [r[new_idx] for r in cres]
        sup = pick(csup.reshape(N * k, n))[new_idx].astype(np.float64)
        new_sorted = is_new[order]
        ins_keys = sorted_keys[new_sorted]
        at = np.searchsorted(seen_keys, ins_keys, side="right")
        seen_keys = np.insert(seen_keys, at, ins_keys)
        seen_ids = np.insert(seen_ids, at, new_ids[order][new_sorted])
        front_start = next_id
        d += 1
        if progress is not None:
            progress(d, total)
    complete = fb.shape[0] == 0
    cat = lambda xs, dt=np.int64: np.concatenate(xs).astype(dt, copy=False) if xs else np.zeros(0, dtype=dt)  # noqa: E731
    result = BuildResult(
        parent=cat(parents),
        symbol=cat(symbols),
        depth=cat(depths),
        edge_src=cat(e_src),
        edge_sym=cat(e_sym),
        edge_dst=cat(e_dst),
        complete=complete,
        beliefs_float=np.concatenate(fbs, axis=0),
        edge_prob_float=cat(e_pf, np.float64),
    )
    result.extra["exact_vectors"] = exact
    result.extra["start_int"] = pi_int
    return result


def build_generic(hmm, max_depth=None, max_states=100_000, progress=None, start=None) -> BuildResult:
    """Node-by-node builder over the HMM's exact domain (rational or symbolic)."""
    K = hmm.domain
    _n, k = hmm.n_states, hmm.n_symbols
    pi = hmm.kernel.start(start)
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
                s = reduce(K.add, vec, K.zero)
                if s == K.zero:
                    continue
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
    numeric = not hmm.is_symbolic()
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
