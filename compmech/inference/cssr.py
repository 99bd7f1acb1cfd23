"""Causal-State Splitting Reconstruction (Shalizi and Klinkner 2004), deterministic, with exact output.

The published algorithm: histories (suffixes of the past) are grown one symbol into the past, up to
``max_length``, and grouped by their next-symbol distributions (*homogenization*): a child history
stays in its parent's state unless a significance test rejects that their next-symbol distributions
are equal; then it joins the accepting state with the largest p-value, or founds a new state.  The
states are then split until every state's histories of length ``max_length`` move, on each symbol,
into one state (*determinization*), and transient states are removed.

compmech's additions, not in the paper: tests on the next ``future_length`` symbols; ``min_count``;
truncated successors resolved with the one-symbol-longer history (``_Successors``), undone when
the machine then cannot produce an observed word; only the most visited closed class is kept; and
states that no test tells apart (at ``alpha`` over the number of pairs) and whose successors agree are
merged (``_minimize``).  The machine is returned as an exact :class:`~compmech.HMM`: each
transition probability is the ratio of integer counts, and the counts are kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import networkx as nx
import numpy as np

from ..errors import InvalidArgumentError, excerpt
from ..models.hmm import HMM
from ._data import HistoryCounts, longest_history, read_sample

__all__ = ["CSSRResult", "cssr", "MAX_HISTORIES"]

MAX_HISTORIES = 50_000  # histories placed by significance tests (about a millisecond each)


@dataclass
class CSSRResult:
    """What :func:`cssr` found.

    Attributes
    ----------
    machine : HMM
        The inferred epsilon-machine, unifilar, with exact rational transition probabilities
        ``counts[s, x] / counts[s].sum()``; states named ``S0, S1, ...``.
    counts : numpy.ndarray
        ``(n_states, n_symbols)`` transition counts, summed over each state's longest histories.
    histories : list of list of tuple
        The histories (oldest symbol first) of each state, longest first.
    settings : dict
        ``max_length``, ``alpha``, ``test``, ``min_count``, the sample size and the alphabet.
    dropped : int
        Observations on transitions whose target history was too rare to be placed (not in ``counts``).
    closed_classes : int
        Closed classes of the reconstructed graph; only the most visited one is returned.
    """

    machine: HMM
    counts: np.ndarray
    histories: list
    settings: dict = field(default_factory=dict)
    dropped: int = 0
    closed_classes: int = 1


def _p_value(a: np.ndarray, b: np.ndarray, test: str) -> float:
    """p-value of "the two count vectors come from one next-symbol distribution"."""
    from scipy import stats  # imported when first needed: import compmech stays light

    na, nb = int(a.sum()), int(b.sum())
    if na == 0 or nb == 0:
        return 1.0
    if test == "ks":
        d = float(np.abs(np.cumsum(a) / na - np.cumsum(b) / nb).max())
        return float(stats.kstwobign.sf(d * np.sqrt(na * nb / (na + nb))))
    cols = (a + b) > 0
    if cols.sum() < 2:
        return 1.0
    table = np.stack([a[cols], b[cols]]).astype(float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return float(stats.chi2.sf(chi2, cols.sum() - 1))


class _States:
    """States as lists of histories ``(length, code)`` with their pooled next-symbol counts."""

    def __init__(self, counts: HistoryCounts):
        self.counts = counts
        self.members: list[list] = [[(0, 0)]]
        self.pooled: list[np.ndarray] = [counts.get(0, 0).copy()]

    def add(self, sid: int, hist, cnt) -> None:
        if sid == len(self.members):
            self.members.append([])
            self.pooled.append(np.zeros_like(cnt))
        self.members[sid].append(hist)
        self.pooled[sid] += cnt

    def place(self, parent: int, hist, cnt, alpha: float, test: str) -> None:
        if _p_value(self.pooled[parent], cnt, test) >= alpha:
            self.add(parent, hist, cnt)
            return
        best, best_p = None, alpha
        for sid, pooled in enumerate(self.pooled):
            if sid != parent:
                p = _p_value(pooled, cnt, test)
                if p >= best_p and (best is None or p > best_p):
                    best, best_p = sid, p
        self.add(len(self.members) if best is None else best, hist, cnt)


def _homogenize(counts: HistoryCounts, L: int, alpha: float, test: str, min_count: int) -> _States:
    k = counts.k
    states = _States(counts)
    for length in range(L):
        for sid in range(len(states.members)):
            for _, code in [h for h in states.members[sid] if h[0] == length]:
                for a in range(k):
                    child = (length + 1, a * k**length + code)
                    cnt = counts.get(*child)
                    if cnt is not None and cnt.sum() >= min_count:
                        states.place(sid, child, cnt, alpha, test)
    return states


def _truncate(hist, b: int, k: int):
    length, code = hist
    return (length, (code % k ** (length - 1)) * k + b) if length else (0, 0)


class _Successors:
    """The successor history of each longest history ``h`` on each symbol ``b``.

    Normally ``h b`` with its oldest symbol dropped.  Dropping it can forget the phase of a process of
    infinite Markov order (the even process: ``0111`` then ``1`` truncates to ``1111``, whose parity is
    unknown), so the extension ``h b`` itself, a history of length ``L + 1``, is tested against the
    truncation's state; when they differ, the successor is the placed history whose state accepts
    the extension with the largest p-value (the history in it that fits best).  Histories that never
    synchronize then form states that no recurrent state enters, and are dropped as transient.
    """

    def __init__(
        self, states: _States, counts: HistoryCounts, L: int, alpha: float, test: str, min_count: int, resolve: bool
    ):
        k = counts.k
        where = {h: sid for sid, m in enumerate(states.members) for h in m if h[0] == L}
        min_count = min_count if resolve else 2**62  # without resolution, no extension is ever tested
        self.map: dict = {}
        for h in where:
            cnt = counts.next1(*h)
            for b in range(k):
                if not cnt[b]:
                    continue
                trunc = _truncate(h, b, k)
                ext = counts.get(L + 1, h[1] * k + b) if counts.max_length >= L + 1 else None
                target = trunc if trunc in where else None
                if (
                    ext is not None
                    and ext.sum() >= min_count
                    and self._differs(states, where, target, ext, alpha, test)
                ):
                    target = self._best_fit(states, where, ext, alpha, test) or target
                self.map[(h, b)] = target

    @staticmethod
    def _differs(states: _States, where: dict, target, ext: np.ndarray, alpha: float, test: str) -> bool:
        return target is None or _p_value(states.pooled[where[target]], ext, test) < alpha

    @staticmethod
    def _best_fit(states: _States, where: dict, ext, alpha: float, test: str):
        best_sid, best_p = None, alpha
        for sid, pooled in enumerate(states.pooled):
            p = _p_value(pooled, ext, test)
            if p >= best_p and any(w == sid for w in where.values()):
                best_sid, best_p = sid, p
        if best_sid is None:
            return None
        members = sorted(h for h, sid in where.items() if sid == best_sid)
        return max(members, key=lambda h: _p_value(states.counts.get(*h), ext, test))

    def __call__(self, hist, b: int):
        return self.map.get((hist, b))


def _determinize(states: _States, counts: HistoryCounts, L: int, succ: _Successors) -> tuple[list[list], dict]:
    """Split until each state's longest histories agree on the successor state of every symbol.

    A state whose histories go to different known states on some symbol is split by that successor;
    a history whose successor on that symbol is unknown (never seen, or too rare to be placed) stays
    with the largest part.
    """
    k = counts.k
    groups = [sorted(h for h in m if h[0] == L) for m in states.members]
    groups = [g for g in groups if g]
    while True:
        where = {h: i for i, g in enumerate(groups) for h in g}
        new_groups, changed = [], False
        for g in groups:
            parts = _split_once(g, where, counts, k, succ)
            changed |= len(parts) > 1
            new_groups.extend(parts)
        groups = new_groups
        if not changed:
            return groups, {h: i for i, g in enumerate(groups) for h in g}


def _split_once(group: list, where: dict, counts: HistoryCounts, k: int, successor: _Successors) -> list:
    for b in range(k):
        succ = {}
        for h in group:
            if counts.next1(*h)[b]:
                succ[h] = where.get(successor(h, b), -1)
        known = sorted({v for v in succ.values() if v >= 0})
        if len(known) > 1:
            parts = {t: [h for h in group if succ.get(h) == t] for t in known}
            largest = max(known, key=lambda t: (len(parts[t]), -t))
            parts[largest] += [h for h in group if succ.get(h, -1) < 0]
            return [sorted(parts[t]) for t in known]
    return [group]


def _transitions(groups, where, counts: HistoryCounts, successor: _Successors):
    k = counts.k
    n = len(groups)
    trans = np.zeros((n, k), dtype=np.int64)
    target = -np.ones((n, k), dtype=np.int64)
    dropped = 0
    for i, g in enumerate(groups):
        for h in g:
            cnt = counts.next1(*h)
            for b in range(k):
                if not cnt[b]:
                    continue
                j = where.get(successor(h, b), -1)
                if j < 0:
                    dropped += int(cnt[b])
                    continue
                trans[i, b] += cnt[b]
                target[i, b] = j
    return trans, target, dropped


def _closed_class(trans, target) -> tuple[list[int], int]:
    G = nx.DiGraph()
    G.add_nodes_from(range(len(trans)))
    for i, j in zip(*np.nonzero(target >= 0)):
        G.add_edge(int(i), int(target[i, j]))
    C = nx.condensation(G)
    closed = [sorted(C.nodes[c]["members"]) for c in C.nodes if C.out_degree(c) == 0]
    best = max(closed, key=lambda m: (int(trans[m].sum()), -m[0]))
    return best, len(closed)


def _reconstruct(
    states: _States, counts: HistoryCounts, L: int, alpha: float, test: str, min_count: int, resolve: bool
):
    """Determinize, keep the most visited closed class and minimize: ``(groups, trans, target, dropped, merged, closed)``."""
    succ = _Successors(states, counts, L, alpha, test, min_count, resolve)
    groups, where = _determinize(states, counts, L, succ)
    trans, target, dropped = _transitions(groups, where, counts, succ)
    keep, n_closed = _closed_class(trans, target)
    return groups, trans, target, dropped, _minimize(trans, target, keep, alpha, test), n_closed


def _reads_every_word(built, counts: HistoryCounts, L: int) -> bool:
    """Whether the machine can produce every word of length ``L + 1`` seen in the data, from some state."""
    _, trans, target, _, merged, _ = built
    k = counts.k
    index = {old: new for new, members in enumerate(merged) for old in members}
    step = {
        (g, b): index.get(int(target[m[0], b]), -1) for g, m in enumerate(merged) for b in range(k) if trans[m, b].sum()
    }
    for code in counts.seen(L + 1).tolist():
        word = [(code // k ** (L - j)) % k for j in range(L + 1)]
        for start in range(len(merged)):
            s = start
            for b in word:
                s = step.get((s, b), -1)
                if s < 0:
                    break
            if s >= 0:
                break
        else:
            return False
    return True


def _minimize(trans: np.ndarray, target: np.ndarray, keep: list, alpha: float, test: str) -> list[list[int]]:
    """Merge kept states that no test tells apart and whose successors agree (statistical Moore minimization).

    A chance rejection in homogenization can split a causal state; determinization then splits its
    successors to match, leaving a consistent double of part of the machine.  The epsilon-machine is
    the minimal unifilar presentation, so states are first grouped greedily by their next-symbol
    counts (largest first, joining the first group that the test accepts at ``alpha`` divided by the
    number of pairs of states, Bonferroni's correction for testing them all), then the groups are
    refined until every member of a group moves to the same group on every symbol.
    """
    alpha = alpha / max(1, len(keep) * (len(keep) - 1) // 2)
    order = sorted(keep, key=lambda i: -int(trans[i].sum()))
    block: dict = {}
    pooled: list = []
    for i in order:
        for b, cnt in enumerate(pooled):
            if _p_value(cnt, trans[i], test) >= alpha:
                block[i] = b
                pooled[b] = cnt + trans[i]
                break
        else:
            block[i] = len(pooled)
            pooled.append(trans[i].copy())
    while True:
        sig = {i: (block[i], tuple(block.get(int(t), -1) if t >= 0 else -1 for t in target[i])) for i in keep}
        ids: dict = {}
        new = {i: ids.setdefault(sig[i], len(ids)) for i in sorted(keep)}
        if len(ids) == len(set(block.values())):
            groups: dict = {}
            for i in sorted(keep):
                groups.setdefault(new[i], []).append(i)
            return [groups[g] for g in sorted(groups)]
        block = new


def _whole(name: str, value, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InvalidArgumentError(f"{name} must be a whole number >= {low}, got {excerpt(value)}")
    return int(value)


def _check_against_data(sample, L: int, future: int, min_count: int) -> None:
    """Refuse, before counting, options that the data cannot support (naming what would work).

    Codes of histories of length ``L + 1`` followed by ``future`` symbols must fit 62 bits, and some
    history of length ``L`` must be seen ``min_count`` times: otherwise no state has a longest history
    and there is nothing to reconstruct.
    """
    k = sample.k
    if k > 1 and (L + 1 + future) * math.log2(k) > 62:
        fits = int(62 / math.log2(k)) - 1 - future
        raise InvalidArgumentError(
            f"max_length = {L} with future_length = {future} makes histories of {L + 1 + future} symbols over "
            f"{k:,} symbols, beyond 62 bits: use max_length <= {max(fits, 0)}"
            + ("" if fits >= 0 else " and fewer distinct symbols")
        )
    longest = longest_history(sample, future, min_count, L)
    if longest < L:
        fix = (
            f"lower max_length to {longest} or less, or lower min_count"
            if longest >= 0
            else "the data are too short for this min_count"
        )
        raise InvalidArgumentError(
            f"no history of length {L} (followed by {future} symbol{'s' * (future > 1)}) is seen min_count = "
            f"{min_count} times in these {sample.n_symbols:,} symbols: {fix}"
        )


def _check_histories(counts: HistoryCounts, L: int, max_histories: int | None) -> None:
    """Refuse, before the first test, more histories to place than ``max_histories`` (naming a ``max_length`` that fits)."""
    if max_histories is None:
        return
    placed = [counts.kept(length) for length in range(L + 1)]
    if sum(placed) > max_histories:
        cumulative = np.cumsum(placed)
        fits = int(np.searchsorted(cumulative, max_histories, side="right")) - 1
        raise InvalidArgumentError(
            f"max_length = {L} has CSSR place {sum(placed):,} histories seen min_count times or more (each by "
            f"significance tests, about a millisecond), more than max_histories = {max_histories:,}: lower max_length "
            f"to {fits} ({int(cumulative[fits]):,} histories), raise min_count, or raise max_histories"
        )


def cssr(
    data,
    max_length: int,
    alpha: float = 0.001,
    test: str = "chi2",
    alphabet=None,
    min_count: int = 5,
    future_length: int = 1,
    max_histories: int | None = MAX_HISTORIES,
) -> CSSRResult:
    """Infer an epsilon-machine from data by Causal-State Splitting Reconstruction.

    Parameters
    ----------
    data : sequence, 2-D array, or list of sequences
        One long sequence, or a batch (histories never straddle two sequences).
    max_length : int
        ``L_max``, the longest history.  It should reach the process's synchronization length (its
        Markov order for a Markov process).  With a process of longer memory, CSSR returns the
        order-``L_max`` approximation, whose entropy rate is the myopic entropy ``h(L_max + 1) >= h_mu``.
    alpha : float
        Significance level of each test of "same next-symbol distribution".
    test : {"chi2", "ks"}
        Pearson's chi-squared test of homogeneity, or a two-sample Kolmogorov-Smirnov test on the
        next-symbol distributions (symbols in alphabet order; asymptotic p-value).
    alphabet : sequence, optional
        The symbols, in order (default: the sorted distinct symbols of the data).
    min_count : int
        Histories seen fewer times are not placed: a test on a handful of counts is meaningless.
    future_length : int
        How many next symbols the tests compare.  1 is the published algorithm (next-symbol
        distributions).  Causal states that share their next-symbol distribution and differ only
        later (RRXOR's S, 0 and 1 all predict a fair bit) cannot be told apart from a truncated
        history with 1; 2 compares distributions of the next two symbols and recovers RRXOR.  A
        documented extension, not in the paper.
    max_histories : int or None
        Budget: the histories to place (those seen ``min_count`` times or more, up to ``max_length``) are
        counted first, and more than this (default :data:`MAX_HISTORIES`) are refused at once, naming
        the largest ``max_length`` that fits.  ``None`` lifts it.

    Returns
    -------
    CSSRResult

    Notes
    -----
    Every option is checked first, then against the data, before anything is counted: a
    ``max_length`` whose histories are never seen ``min_count`` times, or whose codes would not fit
    64-bit integers, is refused naming the largest that works.

    References
    ----------
    - C. R. Shalizi and K. L. Klinkner, "Blind construction of optimal nonlinear recursive predictors for discrete sequences", UAI 2004, arXiv:cs/0406011.

    Examples
    --------
    >>> from compmech import sample, is_isomorphic
    >>> from compmech.processes import golden_mean
    >>> from compmech.inference import cssr, same_topology
    >>> r = cssr(sample(golden_mean(), 1, 100_000, seed=0)[0], max_length=3)
    >>> r.machine.n_states, same_topology(r.machine, golden_mean())
    (2, True)
    """
    L, future_length, min_count = (
        _whole("max_length", max_length, 0),
        _whole("future_length", future_length, 1),
        _whole("min_count", min_count, 1),
    )
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) or not 0 < alpha < 1:
        raise InvalidArgumentError(f"alpha must be a number in (0, 1), got {excerpt(alpha)}")
    if test not in ("chi2", "ks"):
        raise InvalidArgumentError(f"test must be 'chi2' or 'ks', got {excerpt(test)}")
    if max_histories is not None:
        max_histories = _whole("max_histories", max_histories, 1)
    sample = read_sample(data, alphabet, min_length=L + 2 + future_length)
    _check_against_data(sample, L, future_length, min_count)
    counts = HistoryCounts(sample, L + 1, future_length, min_count)  # length L + 1 resolves truncated successors
    _check_histories(counts, L, max_histories)
    states = _homogenize(counts, L, float(alpha), test, min_count)
    for resolve in (True, False):
        built = _reconstruct(states, counts, L, float(alpha), test, min_count, resolve)
        if _reads_every_word(built, counts, L):
            break
    # resolution that yields a machine unable to produce an observed word (memory longer than L: it used
    # the longer histories to pick successors the order-L states cannot support) is undone
    groups, trans, target, dropped, merged, n_closed = built
    index = {old: new for new, members in enumerate(merged) for old in members}
    counts_out = np.array([trans[m].sum(axis=0) for m in merged])
    if (counts_out.sum(axis=1) == 0).any():  # every transition of a state led to a history too rare to place
        raise InvalidArgumentError(
            f"too little data for max_length = {L} and min_count = {min_count}: a reconstructed state has no "
            f"transition to a history seen min_count times ({dropped:,} observations dropped); use more data or "
            f"lower min_count or max_length"
        )
    mats = {a: [[Fraction(0)] * len(merged) for _ in merged] for a in sample.alphabet}
    for g, members in enumerate(merged):
        total = int(counts_out[g].sum())
        for b in range(sample.k):
            if counts_out[g, b]:
                mats[sample.alphabet[b]][g][index[int(target[members[0], b])]] = Fraction(int(counts_out[g, b]), total)
    machine = HMM(mats, states=[f"S{j}" for j in range(len(merged))], alphabet=sample.alphabet, name="CSSR")
    sym = sample.alphabet
    histories = [
        [
            tuple(sym[(code // sample.k ** (length - 1 - j)) % sample.k] for j in range(length))
            for i in members
            for length, code in groups[i]
        ]
        for members in merged
    ]
    settings = {
        "max_length": L,
        "alpha": float(alpha),
        "test": test,
        "min_count": min_count,
        "future_length": future_length,
        "resolved_successors": resolve,
        "n_symbols": sample.n_symbols,
        "n_sequences": len(sample.sequences),
        "alphabet": sample.alphabet,
    }
    return CSSRResult(machine, counts_out, histories, settings, dropped, n_closed)
