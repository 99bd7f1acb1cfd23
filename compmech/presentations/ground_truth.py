"""Certified ground truth: every word of a given length, its probability and its beliefs.

Built on the level-wise integer mixed-state presentation: each distinct belief
is computed once (exact integer vectors, one product per level), and each
(word, position) points to its belief by index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import flint
import numpy as np

from ..errors import BudgetExceededError, InvalidArgumentError, SymbolicParameterError
from ..models.ghmm import GHMM
from .msp import mixed_state_presentation

__all__ = ["GroundTruth", "ground_truth"]


_truediv = np.frompyfunc(lambda a, b: int(a) / int(b), 2, 1)  # int / int is correctly rounded


def _ratio_text(num: int, den: int) -> str:
    """``str(Fraction(num, den))`` for ``num >= 0 < den``, without building the Fraction (88 573 beliefs of Mess3)."""
    g = math.gcd(num, den)
    return f"{num // g}" if den == g else f"{num // g}/{den // g}"


def _float_div(num, den) -> np.ndarray:
    """Correctly rounded float64 of exact integer ratios (object arrays, broadcasting)."""
    return _truediv(num, den).astype(np.float64)


def _fractions(num, den):
    """Rows of Fractions ``num[i] / den[i]``."""
    return [tuple(Fraction(int(v), int(d)) for v in row) for row, d in zip(num, den)]


def _too_many(n, t, L, max_words):
    return BudgetExceededError(
        f"ground truth of length {L}: more than {max_words:,} words of positive probability ({n:,} already at "
        f"length {t}); raise max_words (--max-words on the command line) or choose a shorter length"
    )


def _count_words(hmm: GHMM, L: int, max_words: int) -> None:
    """Count the words of positive probability level by level on the support graph; raise past the budget.

    A word has positive probability exactly when some path of positive edges from a state of positive
    stationary probability carries it; tracking the *set* of reachable states per word (at most max_words
    sets) bounds the work by max_words per level.
    """
    T = hmm.to_numpy() > 0
    k = T.shape[0]
    pi = np.array([float(v) > 0 for v in hmm.eta])
    frontier = {tuple(np.flatnonzero(pi)): 1}  # reachable-state set -> number of words reaching it
    total = 1
    for t in range(1, L + 1):
        nxt: dict = {}
        total = 0
        for states, count in frontier.items():
            for x in range(k):
                reach = np.flatnonzero(T[x][list(states)].any(axis=0))
                if reach.size:
                    key = tuple(reach)
                    nxt[key] = nxt.get(key, 0) + count
                    total += count
        if total > max_words:
            raise _too_many(total, t, L, max_words)
        frontier = nxt


@dataclass
class GroundTruth:
    """Exact ground truth for all words of one length (see :func:`ground_truth`).

    Conventions: position ``t`` (``0 .. L-1``) holds the belief after tokens
    ``0..t`` (the empty prefix is *not* included; ``beliefs_with_empty`` adds
    it as position 0), and the next-token distribution after tokens ``0..t``,
    i.e. the distribution of token ``t+1``.  ``optimal_loss_bits[t]`` is the
    least expected cross-entropy of that prediction, ``H[X_{t+1} | X_0..X_t] =
    h(t+2)``.

    Attributes
    ----------
    hmm : GHMM
    context_length : int
    tokens : numpy.ndarray
        ``(N, L)`` int64, every word of positive probability, in lexicographic order.
    probabilities : list of Fraction
        Exact word probabilities (they sum exactly to 1); ``probabilities_float``.
    belief_index : numpy.ndarray
        ``(N, L + 1)`` int64 index into :attr:`unique_beliefs`; column 0 is
        the empty prefix (the stationary distribution).
    unique_beliefs : list of tuple of Fraction
        The distinct exact beliefs (the mixed states reached within ``L``
        symbols); ``unique_beliefs_float``.
    next_token : list of tuple of Fraction
        Exact next-token distribution of each distinct belief; ``next_token_float``.
    optimal_loss_bits, optimal_loss_nats : numpy.ndarray
        ``(L,)`` float64 optimal loss per position, evaluated from the exact sums.
    """

    hmm: GHMM
    context_length: int
    tokens: np.ndarray
    belief_index: np.ndarray
    optimal_loss_bits: np.ndarray
    # exact data as integer numerators and denominators (object arrays)
    prob_num: np.ndarray
    prob_den: np.ndarray
    belief_num: np.ndarray
    belief_den: np.ndarray
    next_num: np.ndarray
    next_den: np.ndarray
    meta: dict = field(default_factory=dict)

    # ----------------------------------------------------------------- exact
    @cached_property
    def probabilities(self) -> list:
        """Exact word probabilities (Fractions; they sum exactly to 1)."""
        return [Fraction(int(a), int(b)) for a, b in zip(self.prob_num, self.prob_den)]

    @cached_property
    def unique_beliefs(self) -> list:
        """The distinct exact beliefs, as tuples of Fractions."""
        return _fractions(self.belief_num, self.belief_den)

    @cached_property
    def next_token(self) -> list:
        """Exact next-token distribution of each distinct belief (tuples of Fractions)."""
        return _fractions(self.next_num, self.next_den)

    @cached_property
    def next_token_classes(self) -> dict:
        """The distinct beliefs grouped by identical exact next-token distribution, largest class first.

        ``{"n_beliefs", "n_classes", "sizes", "distributions" (each class's law, as fraction strings),
        "class_of_belief"}``.
        """
        groups: dict = {}
        for b, (row, den) in enumerate(zip(self.next_num.tolist(), self.next_den.tolist())):
            g = math.gcd(den, *row)  # (row / g, den / g) is the canonical form of the exact distribution
            groups.setdefault((den // g,) + tuple(v // g for v in row), []).append(b)
        order = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
        class_of = np.empty(len(self.next_den), dtype=np.int64)
        for c, members in enumerate(order):
            class_of[members] = c
        return {
            "n_beliefs": len(self.next_den),
            "n_classes": len(order),
            "sizes": [len(g) for g in order],
            "distributions": [
                [_ratio_text(int(v), int(self.next_den[g[0]])) for v in self.next_num[g[0]]] for g in order
            ],
            "class_of_belief": class_of.tolist(),
        }

    @cached_property
    def component_blocks(self) -> tuple | None:
        """For a mixture (:func:`compmech.mixture`): the state indices of each component; else None."""
        blocks = getattr(self.hmm, "blocks", None) or self.meta.get("component_blocks")
        return None if blocks is None else tuple(tuple(int(i) for i in b) for b in blocks)

    @cached_property
    def component_posteriors(self) -> list | None:
        """For a mixture: ``Pr(component | prefix)`` of each distinct belief, exact (tuples of Fractions).

        The sum of the belief over each component's block; index it with :attr:`belief_index` like the
        beliefs.  None for a process that is not a mixture.
        """
        if self.component_blocks is None:
            return None
        return [
            tuple(Fraction(int(sum(num[i] for i in blk)), int(den)) for blk in self.component_blocks)
            for num, den in zip(self.belief_num, self.belief_den)
        ]

    # ---------------------------------------------------------------- floats
    @cached_property
    def component_posteriors_float(self) -> np.ndarray | None:
        """``(M, n_components)`` float64 view of :attr:`component_posteriors` (correctly rounded), or None."""
        if self.component_blocks is None:
            return None
        num = np.stack([self.belief_num[:, list(blk)].sum(axis=1) for blk in self.component_blocks], axis=1)
        return _float_div(num, self.belief_den[:, None])

    @cached_property
    def within_component_float(self) -> np.ndarray | None:
        """``(M, n_states)``: each block of a mixture's belief divided by its posterior (the belief given the
        component; zeros where the component is excluded), or None."""
        if self.component_blocks is None:
            return None
        out = np.zeros(self.belief_num.shape, dtype=np.float64)
        for blk in self.component_blocks:
            cols = list(blk)
            tot = self.belief_num[:, cols].sum(axis=1)
            live = np.flatnonzero(tot != 0)
            if live.size:
                out[np.ix_(live, cols)] = _float_div(self.belief_num[np.ix_(live, cols)], tot[live][:, None])
        return out

    @cached_property
    def probabilities_float(self) -> np.ndarray:
        """``(N,)`` float64 word probabilities (each correctly rounded from the exact value)."""
        return _float_div(self.prob_num, self.prob_den)

    @cached_property
    def unique_beliefs_float(self) -> np.ndarray:
        """``(M, n_states)`` float64 view of :attr:`unique_beliefs` (correctly rounded)."""
        return _float_div(self.belief_num, self.belief_den[:, None])

    @cached_property
    def next_token_float(self) -> np.ndarray:
        """``(M, n_symbols)`` float64 view of :attr:`next_token` (correctly rounded)."""
        return _float_div(self.next_num, self.next_den[:, None])

    @property
    def optimal_loss_nats(self) -> np.ndarray:
        return self.optimal_loss_bits * math.log(2)

    @property
    def n_words(self) -> int:
        return int(self.tokens.shape[0])

    @property
    def beliefs_float(self) -> np.ndarray:
        """``(N, L, n_states)`` float64 belief after tokens ``0..t`` (empty prefix excluded)."""
        return self.unique_beliefs_float[self.belief_index[:, 1:]]

    @property
    def beliefs_with_empty_float(self) -> np.ndarray:
        """``(N, L + 1, n_states)``: as :attr:`beliefs_float` with the empty prefix first."""
        return self.unique_beliefs_float[self.belief_index]

    @property
    def next_token_distributions_float(self) -> np.ndarray:
        """``(N, L, n_symbols)`` float64 distribution of token ``t+1`` given tokens ``0..t``."""
        return self.next_token_float[self.belief_index[:, 1:]]

    def beliefs(self, include_empty: bool = False) -> np.ndarray:
        """Exact beliefs as an object array ``(N, L[+1], n_states)`` of Fractions."""
        idx = self.belief_index if include_empty else self.belief_index[:, 1:]
        table = np.empty((len(self.unique_beliefs), self.hmm.n_states), dtype=object)
        for i, b in enumerate(self.unique_beliefs):
            table[i] = b
        return table[idx]

    def __repr__(self):
        return (
            f"GroundTruth({self.hmm.name or 'HMM'}, context_length={self.context_length}, "
            f"words={self.n_words}, distinct beliefs={len(self.unique_beliefs)})"
        )

    def _repr_html_(self) -> str:
        """Counts, optimal losses and the first words with their exact probabilities and beliefs, for Jupyter."""
        from .display import ground_truth_html

        return ground_truth_html(self)


DEFAULT_MAX_WORDS = 2_000_000


def ground_truth(
    hmm: GHMM,
    context_length: int,
    max_states: int | None = 5_000_000,
    progress: bool = False,
    max_words: int | None = DEFAULT_MAX_WORDS,
) -> GroundTruth:
    """Every word of length ``context_length`` with positive probability, exactly.

    Parameters
    ----------
    hmm : GHMM
        A numeric (rational) HMM or GHMM.
    context_length : int
        Word length ``L >= 1``.
    max_states : int or None
        Limit on the number of distinct beliefs (see :func:`mixed_state_presentation`).
    progress : bool
        Show tqdm progress bars on standard error.
    max_words : int or None
        Budget on the number of words of positive probability (default two
        million, about 1 GB for ``L = 10``); ``None`` for no limit.  Checked
        at every length, so an impossible request fails in seconds.

    Returns
    -------
    GroundTruth

    Raises
    ------
    BudgetExceededError
        When there are more than ``max_words`` words (the message says how
        many were found at which length, and names ``max_words``).

    See Also
    --------
    compmech.mixed_state_presentation
    compmech.save_fixture

    References
    ----------
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> gt = ground_truth(golden_mean(), 3)
    >>> gt.tokens.tolist()
    [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 1]]
    >>> [str(p) for p in gt.probabilities]
    ['1/6', '1/6', '1/3', '1/6', '1/6']
    >>> gt.unique_beliefs[gt.belief_index[2, 2]]  # after "01"
    (Fraction(0, 1), Fraction(1, 1))
    """
    if isinstance(context_length, bool) or not isinstance(context_length, (int, np.integer)) or context_length < 1:
        raise InvalidArgumentError(f"context_length must be a positive int, got {context_length!r}")
    if max_words is not None and (
        isinstance(max_words, bool) or not isinstance(max_words, (int, np.integer)) or max_words < 1
    ):
        raise InvalidArgumentError(f"max_words must be a positive int or None, got {max_words!r}")
    if hmm.is_symbolic():
        raise SymbolicParameterError("ground_truth needs numbers; call .subs({...}) on the parametric HMM first")
    L = int(context_length)
    if max_words is not None and hmm.n_symbols**L > max_words and hmm.is_classical():
        _count_words(
            hmm, L, max_words
        )  # a GHMM's cancellations defeat the support count: the levels check it  # fails early, before the belief tree is built
    msp = mixed_state_presentation(hmm, max_depth=L, max_states=max_states, progress=progress)
    form = hmm.kernel.integer_form()
    D, M, tau = form.D, form.M, form.tau
    V = msp.exact.vectors
    sums = msp.exact.normalizers.to_object()  # v . tau (row sums for an HMM), Python ints
    k = hmm.n_symbols
    # exact next-token distributions of every node: s_ux / (D s_u)
    Mtau = np.stack([M[x].dot(tau) for x in range(k)], axis=1)  # (n, k): column x is M[x] tau
    S = V.dot(Mtau).to_object()  # (nodes, k) object ints
    next_den = D * sums
    # walk the MSP edges to enumerate words (lexicographic: expand in symbol order)
    src, sym, dst = msp.edges
    n_nodes = msp.n_nodes
    succ = np.full((n_nodes, k), -1, dtype=np.int64)
    succ[src, sym] = dst
    nodes = np.zeros(1, dtype=np.int64)
    tokens = np.zeros((1, 0), dtype=np.int64)
    probs = np.array([flint.fmpq(1)], dtype=object)
    path = [nodes]
    q: dict = {}
    for _ in range(L):
        nxt = succ[nodes]  # (N, k)
        parent, x = np.nonzero(nxt >= 0)
        if max_words is not None and parent.size > max_words:
            raise _too_many(parent.size, tokens.shape[1] + 1, L, max_words)
        pairs = zip(nodes[parent].tolist(), x.tolist())
        step = np.empty(parent.size, dtype=object)  # exact step probabilities (flint rationals)
        step[:] = [q.get(key) or q.setdefault(key, flint.fmpq(int(S[key]), int(next_den[key[0]]))) for key in pairs]
        probs = probs[parent] * step
        tokens = np.concatenate([tokens[parent], x[:, None]], axis=1)
        path = [col[parent] for col in path] + [nxt[parent, x]]
        nodes = nxt[parent, x]
    belief_index = np.stack(path, axis=1)
    prob_num = np.array([int(p.p) for p in probs], dtype=object)
    prob_den = np.array([int(p.q) for p in probs], dtype=object)
    gt = GroundTruth(
        hmm=hmm,
        context_length=L,
        tokens=tokens,
        belief_index=belief_index,
        optimal_loss_bits=np.zeros(L),
        prob_num=prob_num,
        prob_den=prob_den,
        belief_num=V.to_object() * form.tau_den if form.tau_den != 1 else V.to_object(),
        belief_den=sums,
        next_num=S,
        next_den=next_den,
    )
    # optimal loss per position: sum over words of Pr(word) H[next | prefix], from the exact values
    nt = gt.next_token_float
    with np.errstate(divide="ignore", invalid="ignore"):
        node_H = -np.where(nt > 0, nt * np.log2(nt), 0.0).sum(axis=1)
    pf = gt.probabilities_float
    gt.optimal_loss_bits = np.array([math.fsum(pf * node_H[belief_index[:, t + 1]]) for t in range(L)])
    return gt
