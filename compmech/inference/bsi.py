"""Bayesian structural inference (Strelioff and Crutchfield 2014) over enumerated topological epsilon-machines.

Every topological epsilon-machine with at most ``max_states`` states (enumerated exactly, see
``_topologies``) and every start state is a candidate model.  Given the topology and the start state, a
unifilar machine reads the data along one path, so the transition counts ``n[s, x]`` are determined,
and with a Dirichlet(``alpha``) prior on each state's outgoing probabilities the evidence is

``P(D | M, s0) = prod_s Gamma(A_s) / Gamma(A_s + n_s) prod_x Gamma(alpha + n[s, x]) / Gamma(alpha)``,

``A_s = alpha * (number of edges of s)``; a path that meets a missing edge has evidence 0.  The prior
over topologies is ``P(M) proportional to exp(-beta * |M|)`` and the start state is uniform.  The path
counts come from a block chain: the data are cut into words of ``m`` symbols and each topology's end
state and counts for every (state, word) pair are tabulated once, so 10^6 symbols cost about
``10^6 / m`` table look-ups per candidate that the data do not rule out at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from scipy.special import gammaln, logsumexp

from ..errors import InvalidArgumentError, excerpt
from ..models.hmm import HMM
from ._data import read_sample
from ._topologies import MAX_RAW_TABLES, check_tables, topologies

__all__ = ["BSIResult", "bayesian_structural_inference", "MAX_BLOCK_WORDS", "MAX_SAMPLES"]

MAX_BLOCK_WORDS = 2**16  # words of the block chain (k^block): its tables hold states^2 k of them per topology
MAX_SAMPLES = 50_000  # posterior samples of h_mu and C_mu (about 0.3 ms each)


@dataclass
class BSIResult:
    """The posterior of :func:`bayesian_structural_inference`.

    Attributes
    ----------
    map_machine : HMM
        The topology of largest posterior probability, with the posterior-mean transition
        probabilities ``(alpha + n[s, x]) / (A_s + n_s)`` as exact rationals.
    map_probability : float
        Its posterior probability (summed over start states).
    models : list of dict
        Every topology with non-zero evidence: ``n_states``, ``topology`` (flat table), ``log_evidence``
        (natural log, averaged over start states), ``posterior``, and for its most probable ``start``
        state the parameters ``dirichlet[s, x] = alpha + n[s, x]`` of the Dirichlet posterior of each
        state's outgoing probabilities (0 where there is no edge); sorted by posterior.
    samples : dict
        Posterior samples of ``"h_mu"`` and ``"C_mu"`` (bits, float64 arrays).
    credible : dict
        Central credible intervals of the samples at ``level``.
    settings : dict
    """

    map_machine: HMM
    map_probability: float
    models: list
    samples: dict
    credible: dict
    settings: dict = field(default_factory=dict)


class _Chain:
    """End states and transition counts of a topology over every word of ``m`` symbols."""

    def __init__(self, delta: np.ndarray, m: int):
        n, k = delta.shape
        W = k**m
        words = np.arange(W)
        digits = [(words // k ** (m - 1 - j)) % k for j in range(m)]
        self.end = np.empty((n, W), dtype=np.int64)
        self.counts = np.zeros((n, W, n * k), dtype=np.int64)
        for s in range(n):
            state = np.full(W, s)
            for x in digits:
                alive = state >= 0
                idx = np.flatnonzero(alive)
                self.counts[s, idx, state[idx] * k + x[idx]] += 1
                nxt = np.full(W, -1)
                nxt[idx] = delta[state[idx], x[idx]]
                state = nxt
            self.end[s] = state
        self.delta, self.m, self.k = delta, m, k

        defined = self.end >= 0
        first = np.where(defined.any(axis=0), self.end.max(axis=0), -1)
        agree = np.where(defined, self.end == first, True).all(axis=0)
        self.sync = np.where(agree, first, -1)  # the one end state of a word, whatever the state before it

    def run(self, blocks: np.ndarray, tail: np.ndarray, start: int):
        """Counts ``(n, k)`` of the path from ``start``, or None when the path meets a missing edge.

        After a word that synchronizes the topology the state is known without the path; the path is
        followed step by step only after words that do not.
        """
        n, k = self.delta.shape
        end = self.end
        states = np.empty(len(blocks), dtype=np.int64)
        if len(blocks):
            states[0] = start
            states[1:] = self.sync[blocks[:-1]]
            for j in np.flatnonzero(states[1:] < 0).tolist():
                prev = states[j]
                states[j + 1] = end[prev, blocks[j]] if prev >= 0 else -1
            if (states < 0).any() or (end[states, blocks] < 0).any():
                return None
            s = int(end[states[-1], blocks[-1]])
        else:
            s = start
        pair = np.bincount(states * end.shape[1] + blocks, minlength=n * end.shape[1])
        counts = np.tensordot(pair, self.counts.reshape(n * end.shape[1], n * k), axes=1).reshape(n, k)
        for x in tail.tolist():
            t = int(self.delta[s, x])
            if t < 0:
                return None
            counts[s, x] += 1
            s = t
        return counts


def _log_evidence(counts: np.ndarray, allowed: np.ndarray, alpha: float) -> float:
    a = alpha * allowed
    A = a.sum(axis=1)
    per = gammaln(A) - gammaln(A + counts.sum(axis=1))
    edge = np.where(allowed, gammaln(a + counts) - gammaln(np.where(allowed, a, 1.0)), 0.0)
    return float(per.sum() + edge.sum())


def _evidences(sample, max_states: int, alpha: float, m: int, max_tables):
    """``[(n, delta, start, counts, log evidence)]`` of every (topology, start) the data allow."""
    k = sample.k
    seqs = sample.sequences
    if len(seqs) != 1:
        raise InvalidArgumentError("bayesian_structural_inference reads one sequence (the path needs its start)")
    x = seqs[0]
    B = len(x) // m
    codes = np.zeros(B, dtype=np.int64)
    for j in range(m):
        codes = codes * k + x[j : B * m : m]
    observed = np.unique(codes)
    tail = x[B * m :]
    out = []
    for n in range(1, max_states + 1):
        for flat in topologies(n, k, max_tables):
            delta = np.array(flat, dtype=np.int64).reshape(n, k)
            chain = _Chain(delta, m)
            if not (chain.end[:, observed] >= 0).any(axis=0).all():
                continue  # some observed word is impossible from every state
            for s0 in range(n):
                counts = chain.run(codes, tail, s0)
                if counts is not None:
                    out.append((n, flat, s0, counts, _log_evidence(counts, delta >= 0, alpha)))
    return out


def _whole(name: str, value, low: int, high: int | None = None) -> int:
    """``value`` as an int in ``low .. high``, or :class:`InvalidArgumentError` naming the option."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low or (high and value > high):
        bounds = f">= {low:,}" if high is None else f"in {low:,} .. {high:,}"
        raise InvalidArgumentError(f"{name} must be a whole number {bounds}, got {excerpt(value)}")
    return int(value)


def _prior(prior) -> tuple[float, float]:
    """The Dirichlet concentration ``alpha > 0`` and the size penalty ``beta >= 0``, both finite."""
    if prior is None:
        prior = {}
    if not isinstance(prior, dict):
        raise InvalidArgumentError(f"prior must be a dict with keys 'alpha' and 'beta', got {excerpt(prior)}")
    unknown = set(prior) - {"alpha", "beta"}
    if unknown:
        raise InvalidArgumentError(f"prior keys are 'alpha' and 'beta', got {excerpt(sorted(map(str, unknown)))}")
    alpha, beta = prior.get("alpha", 1.0), prior.get("beta", 0.0)
    for name, v, low in (("alpha", alpha, "> 0"), ("beta", beta, ">= 0")):
        ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) and math.isfinite(v)
        if not ok or (v <= 0 if name == "alpha" else v < 0):
            raise InvalidArgumentError(f"prior {name} must be a finite number {low}, got {excerpt(v)}")
    return alpha, beta


def _machine(flat, n: int, k: int, counts: np.ndarray, alpha: Fraction, alphabet) -> HMM:
    delta = np.array(flat, dtype=np.int64).reshape(n, k)
    mats = {a: [[Fraction(0)] * n for _ in range(n)] for a in alphabet}
    for s in range(n):
        allowed = np.flatnonzero(delta[s] >= 0)
        total = alpha * len(allowed) + int(counts[s].sum())
        for x in allowed:
            mats[alphabet[x]][s][int(delta[s, x])] = (alpha + int(counts[s, x])) / total
    return HMM(mats, states=[f"S{j}" for j in range(n)], alphabet=alphabet, name="BSI MAP")


def _sample_measures(cands, post, n_samples, alpha, rng) -> dict:
    h, C = np.empty(n_samples), np.empty(n_samples)
    picks = rng.choice(len(cands), size=n_samples, p=post)
    for i, c in enumerate(picks):
        n, flat, _, counts, _ = cands[c]
        delta = np.array(flat).reshape(n, -1)
        T = np.zeros((n, n))
        rate = np.zeros(n)
        for s in range(n):
            allowed = np.flatnonzero(delta[s] >= 0)
            p = rng.dirichlet(alpha + counts[s, allowed])
            rate[s] = -float((p * np.log2(np.where(p > 0, p, 1))).sum())
            np.add.at(T[s], delta[s, allowed], p)
        A = np.vstack([T.T - np.eye(n), np.ones(n)])
        pi = np.linalg.lstsq(A, np.r_[np.zeros(n), 1.0], rcond=None)[0]
        pi = np.clip(pi, 0, None) / np.clip(pi, 0, None).sum()
        h[i] = float(pi @ rate)
        C[i] = -float((pi * np.log2(np.where(pi > 0, pi, 1))).sum())
    return {"h_mu": h, "C_mu": C}


def bayesian_structural_inference(
    data,
    max_states: int = 4,
    alphabet=None,
    prior: dict | None = None,
    n_samples: int = 2000,
    level: float = 0.95,
    seed: int | None = 0,
    block: int | None = None,
    max_tables: int | None = MAX_RAW_TABLES,
) -> BSIResult:
    """Posterior over topological epsilon-machines with at most ``max_states`` states (Strelioff-Crutchfield).

    Parameters
    ----------
    data : sequence
        One sequence (the start state of its path is a model parameter, summed over).
    max_states : int
        Largest topology; all topological epsilon-machines up to it are enumerated (binary: 3, 7, 78,
        1388 of 1 to 4 states).
    prior : dict, optional
        ``{"alpha": a, "beta": b}``: the Dirichlet concentration ``a`` of each state's outgoing
        probabilities (default 1: uniform), and the prior ``P(M) proportional to exp(-b |M|)`` over
        topologies (default 0: uniform over topologies).
    n_samples, level, seed
        Posterior samples of ``h_mu`` and ``C_mu`` (bits) and their central credible intervals.
    block : int, optional
        Word length of the block chain (default: fits ``k^m <= 256``; at most ``k^m <=``
        :data:`MAX_BLOCK_WORDS`).
    max_tables : int or None
        Budget of the enumeration: the tables it would examine are counted first, and more than this
        (default :data:`compmech.inference._topologies.MAX_RAW_TABLES`, about 20 s) are refused at once,
        naming the largest ``max_states`` that fits (binary data: 4; three symbols: 3).  ``None`` lifts it.

    Notes
    -----
    Every option is checked before anything is computed: ``max_states``, ``n_samples`` (at most
    :data:`MAX_SAMPLES`) and ``seed`` are whole numbers, ``prior`` holds finite ``alpha > 0`` and
    ``beta >= 0``, ``level`` lies in (0, 1), and ``block`` and ``max_states`` fit their budgets for the
    alphabet of the data.

    References
    ----------
    - C. C. Strelioff and J. P. Crutchfield, "Bayesian structural inference for hidden processes", Phys. Rev. E 89, 042119 (2014).

    Examples
    --------
    >>> from compmech import sample
    >>> from compmech.processes import even
    >>> from compmech.inference import same_topology
    >>> r = bayesian_structural_inference(sample(even(), 1, 20_000, seed=0)[0], max_states=3)
    >>> same_topology(r.map_machine, even()), r.map_probability > 0.99
    (True, True)
    """
    max_states = _whole("max_states", max_states, 1)
    alpha, beta = _prior(prior)
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise InvalidArgumentError(f"level must be a number in (0, 1), got {excerpt(level)}")
    n_samples = _whole("n_samples", n_samples, 1, MAX_SAMPLES)
    if seed is not None and not isinstance(seed, np.random.Generator):
        seed = _whole("seed", seed, 0)
    if max_tables is not None:
        max_tables = _whole("max_tables", max_tables, 1)
    sample = read_sample(data, alphabet, min_length=2)
    k = sample.k
    check_tables(max_states, k, max_tables)  # before any enumeration: counted, not listed
    if block is None:
        m = max(1, int(math.log(256) / math.log(max(k, 2))))
    else:
        m = _whole("block", block, 1)
        if k > 1 and m * math.log2(k) > math.log2(MAX_BLOCK_WORDS):
            fits = int(math.log(MAX_BLOCK_WORDS) / math.log(k))
            raise InvalidArgumentError(
                f"block = {m} makes {k}^{m} words for the block chain, more than {MAX_BLOCK_WORDS:,} "
                f"(compmech.inference.bsi.MAX_BLOCK_WORDS): use block <= {fits} for {k} symbols"
            )
    cands = _evidences(sample, max_states, float(alpha), m, max_tables)
    if not cands:
        raise InvalidArgumentError(
            f"no topological epsilon-machine of at most {max_states} states can produce the data"
        )
    sizes = [n for n in range(1, max_states + 1) if topologies(n, k, max_tables)]  # one symbol: one state only
    log_Z = logsumexp([-beta * n + math.log(len(topologies(n, k, max_tables))) for n in sizes])
    logpost = np.array([-beta * n - log_Z - math.log(n) + ev for n, _, _, _, ev in cands])
    if not np.isfinite(logpost).all():
        raise InvalidArgumentError(f"the prior alpha = {alpha!r}, beta = {beta!r} leaves no finite posterior")
    post = np.exp(logpost - logsumexp(logpost))
    models: dict = {}
    for (n, flat, s0, counts, ev), p in zip(cands, post):
        rec = models.setdefault(flat, {"n_states": n, "topology": flat, "log_evidences": [], "posterior": 0.0})
        rec["log_evidences"].append(ev)
        rec["posterior"] += float(p)
        if p >= rec.get("_best", -1.0):  # the Dirichlet posterior of the most probable start state
            rec["_best"], rec["start"] = float(p), s0
            rec["dirichlet"] = np.where(np.array(flat).reshape(n, -1) >= 0, alpha + counts, 0.0)
    ranked = sorted(models.values(), key=lambda r: -r["posterior"])
    for r in ranked:
        r["log_evidence"] = float(logsumexp(r.pop("log_evidences")) - math.log(r["n_states"]))
        r.pop("_best")
    best = ranked[0]
    i_best = max((i for i, c in enumerate(cands) if c[1] == best["topology"]), key=lambda i: post[i])
    n, flat, _, counts, _ = cands[i_best]
    machine = _machine(flat, n, k, counts, Fraction(str(alpha)), sample.alphabet)  # alpha as written
    samples = _sample_measures(cands, post, n_samples, float(alpha), np.random.default_rng(seed))
    q = [(1 - level) / 2, (1 + level) / 2]
    credible = {key: tuple(float(v) for v in np.quantile(val, q)) for key, val in samples.items()}
    settings = {
        "max_states": max_states,
        "alpha": alpha,
        "beta": beta,
        "n_symbols": sample.n_symbols,
        "alphabet": sample.alphabet,
        "candidates": len(cands),
        "block": m,
        "level": level,
        "seed": seed,
    }
    return BSIResult(machine, float(best["posterior"]), ranked, samples, credible, settings)
