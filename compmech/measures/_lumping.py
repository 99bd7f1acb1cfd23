"""Symbols with the same belief update, lumped into one: an exact reduction of the block entropies.

When ``T[x] = c_x T[y]`` for symbols ``x`` and ``y`` of a group ``g`` (the dishonest casino's faces 1 to 5),
reading ``x`` or ``y`` moves every belief to the same place, and given the group the symbol is drawn
with the fixed probabilities ``w_x = c_x / sum_{y in g} c_y``, independently of the states and of every
other symbol.  So for the lumped process of the groups (``T'[g] = sum_{x in g} T[x]``, the same states)

    H[X_L | X_0..X_{L-1}, (S_0)] = H[G_L | G_0..G_{L-1}, (S_0)] + sum_g Pr(G_L = g) H(w_g),

exactly (the chain rule, with ``X_L`` a function of ``G_L`` and an independent draw).  The certified
entropy-rate bounds then build belief trees over the groups, not over the symbols: the dishonest casino's
tree has 2^L words, not 6^L with five of every six candidates a duplicate to confirm.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import flint

from ..models.hmm import HMM

__all__ = ["Lumping", "symbol_lumping"]


@dataclass(frozen=True)
class Lumping:
    """The lumped HMM (symbol ``g``: the ``g``-th group), the groups, and each symbol's weight in its group."""

    hmm: HMM
    groups: tuple  # tuples of symbol indices of the original HMM
    weights: tuple  # per group, the fmpq weights w_x of its symbols (summing to 1)
    M_int: tuple  # per group, sum_{x in g} M[x] as a flint fmpz_mat (M = D T, the integer form)
    D: int

    def group_entropies(self) -> list:
        """``H(w_g)`` in bits of each group, as arb balls (``flint.ctx.prec``)."""
        out = []
        for w in self.weights:
            total = flint.arb(0)
            for v in w:
                a = flint.arb(v)
                total -= a * a.log()
            out.append(total / flint.arb(2).log())
        return out

    def within(self, levels, start) -> list:
        """``sum_g Pr(G_l = g) H(w_g)`` (bits, arb balls) for each ``l`` in ``levels``, from ``start``."""
        n = self.hmm.n_states
        start_q = [flint.fmpq(int(v.numerator), int(v.denominator)) for v in self.hmm.kernel.start(start)]
        p = flint.fmpq_mat(1, n, start_q)
        step = flint.fmpq_mat(sum(self.M_int[1:], self.M_int[0])) / self.D
        emit = [flint.fmpq_mat(m) / self.D * flint.fmpq_mat(n, 1, [1] * n) for m in self.M_int]
        H = self.group_entropies()
        at, out = {}, []
        for level in range(max(levels, default=-1) + 1):
            at[level] = sum((flint.arb((p * e)[0, 0]) * h for e, h in zip(emit, H)), flint.arb(0))
            p = p * step
        for level in levels:
            out.append(at[level])
        return out


def _proportional(a, b) -> bool:
    """Whether the integer matrices ``a`` and ``b`` (nonzero sums) are proportional, exactly."""
    sa, sb = int(a.sum()), int(b.sum())
    return bool((a * sb == b * sa).all())


@functools.lru_cache(maxsize=32)
def symbol_lumping(hmm: HMM) -> Lumping | None:
    """The groups of symbols of a classical ``hmm`` with proportional ``T[x]``, or ``None`` when all differ.

    Examples
    --------
    >>> from compmech.processes import get
    >>> lump = symbol_lumping(get("dishonest_casino"))
    >>> lump.groups, lump.hmm.n_symbols
    (((0, 1, 2, 3, 4), (5,)), 2)
    >>> symbol_lumping(get("mess3")) is None
    True
    """
    if hmm.is_symbolic() or not hmm.is_classical():
        return None
    form = hmm.kernel.integer_form()
    M = form.M
    groups: list[list[int]] = []
    for x in range(M.shape[0]):
        for g in groups:
            if int(M[x].sum()) and _proportional(M[g[0]], M[x]):
                g.append(x)
                break
        else:
            groups.append([x])
    if len(groups) == M.shape[0]:
        return None
    T = list(hmm.matrices.values())
    lumped = HMM({i: sum((T[x] for x in g[1:]), T[g[0]]) for i, g in enumerate(groups)}, name=f"{hmm.name} lumped")
    weights = []
    for g in groups:  # a group of two or more has nonzero sums; one alone may never be emitted
        sums = [int(M[x].sum()) for x in g]
        weights.append(tuple(flint.fmpq(s, sum(sums)) for s in sums) if len(g) > 1 else (flint.fmpq(1),))
    n = M.shape[1]
    M_int = tuple(
        flint.fmpz_mat([[int(sum(M[x][i][j] for x in g)) for j in range(n)] for i in range(n)]) for g in groups
    )
    return Lumping(lumped, tuple(tuple(g) for g in groups), tuple(weights), M_int, int(form.D))
