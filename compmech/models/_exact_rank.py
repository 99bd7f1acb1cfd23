"""Hankel bases of a rational presentation chosen modulo a prime, then certified exactly (python-flint).

Exact elimination on the vectors ``eta T[u]`` of a dense rational presentation is slow: their entries
grow by the digits of every matrix entry at each symbol (a 20-state HMM with 30-digit entries reaches
3,600-digit integers, and a rank over them takes seconds).  The shortlex-greedy choice of words
(:func:`compmech.models.minimal._shortlex_greedy`) is therefore made on the images of the integer form
``T[x] = M[x] / D`` modulo a 62-bit prime (flint's ``nmod_mat``, no growth), and certified:

- the words found are independent over ``QQ``: a nonzero minor modulo ``p`` is a nonzero integer, so
  the rank is *at least* the modular one;
- when that rank is the dimension ``n`` of the presentation it is exact (the rank is at most ``n``);
- otherwise (and whenever the chosen words themselves matter, as for the canonical minimal
  presentation) every word the modular greedy skipped is checked, exactly, to lie in the span of the
  words chosen before it (one exact solve per length, with flint's ``fmpz_mat.solve``).  Then the
  modular choice is the greedy choice over ``QQ``: the spans, the rank and the canonical words are
  exact.  A prime for which a check fails (it divides a minor that matters) is replaced by the next.

The exact work is bounded in advance by the digits it would handle (:func:`estimated_digits`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import flint
import sympy

from ..errors import BudgetExceededError, count_text

__all__ = [
    "PRIMES",
    "Words",
    "IntegerOperators",
    "estimated_digits",
    "check_budget",
    "flint_pivots",
    "verify_greedy_choice",
    "exact_minimal",
]

#: Primes below 2^62 (flint's word-size moduli): the modular choices are made with the first that certifies.
PRIMES = (4611686018427387847, 4611686018427387817, 4611686018427387787, 4611686018427387733)


@dataclass
class Words:
    """The words of a modular shortlex-greedy choice, and the candidates of every length (for certification).

    ``past`` (rows ``eta T[u]``), ``future`` (columns ``T[v] tau``) and ``U`` (the past words whose
    Hankel rows are independent on ``future``) are tuples of symbol indices; ``levels`` maps ``"past"`` and
    ``"future"`` to ``[(candidate words, indices chosen among them)]``, one entry per length.
    """

    past: list
    future: list
    U: list
    prime: int
    levels: dict = field(default_factory=dict)


class IntegerOperators:
    """The integer form ``T[x] = M[x] / D``, ``eta = pi / d_eta``, ``tau = t / d_tau`` as flint matrices.

    Word vectors are kept as integers, ``pi M[u]`` (rows) and ``M[v] t`` (columns): positive multiples
    of ``eta T[u]`` and ``T[v] tau`` (``D^|u| d_eta`` and ``D^|v| d_tau``), which have the same spans.
    """

    def __init__(self, process):
        form = process.kernel.integer_form()
        n = process.n_states
        self.n, self.k, self.D = n, process.n_symbols, int(form.D)
        self.M = [flint.fmpz_mat([[int(v) for v in row] for row in m]) for m in form.M]
        self.pi = flint.fmpz_mat(1, n, [int(v) for v in form.pi])
        self.tau = flint.fmpz_mat(n, 1, [int(v) for v in form.tau])
        self.d_eta = math.lcm(*[int(v.denominator) for v in process.kernel.stationary()])
        self.d_tau = int(form.tau_den)
        self._rows: dict = {(): self.pi}
        self._cols: dict = {(): self.tau}

    def row(self, word: tuple):
        """``pi M[word]`` (1 x n), built from its parent word (memoized)."""
        if word not in self._rows:
            self._rows[word] = self.row(word[:-1]) * self.M[word[-1]]
        return self._rows[word]

    def col(self, word: tuple):
        """``M[word] t`` (n x 1), built from its suffix (memoized)."""
        if word not in self._cols:
            self._cols[word] = self.M[word[0]] * self.col(word[1:])
        return self._cols[word]

    def step_bits(self) -> int:
        """Bits that one symbol adds at most to a word vector's entries (the largest absolute row sum of any ``M[x]``)."""
        worst = max((sum(abs(int(v)) for v in row) for m in self.M for row in m.tolist()), default=1)
        return max(1, worst.bit_length())


def estimated_digits(ops: IntegerOperators, words: Words) -> int:
    """Decimal digits of the exact work on ``words``: the Hadamard bound of the Hankel block, times its entries.

    Word vectors of length ``l`` have entries of at most ``b0 + l * step`` bits; a Hankel entry adds a
    past and a future one; an exact solve produces ``k d^2`` numbers of up to the Hadamard bound of the
    ``d x d`` block (``d`` = the rank).  An upper estimate: what exact elimination on them would hold.
    """
    step = ops.step_bits()
    b_pi = max((abs(int(v)).bit_length() for v in ops.pi.entries()), default=1)
    b_tau = max((abs(int(v)).bit_length() for v in ops.tau.entries()), default=1)
    d = max(1, len(words.future))
    logn = max(1, ops.n.bit_length())
    det_bits = sum(b_pi + len(u) * step + logn for u in words.U) + sum(b_tau + len(v) * step for v in words.future)
    return int(ops.k * d * d * det_bits * math.log10(2)) + 1


def check_budget(ops: IntegerOperators, words: Words, max_digits: int | None, what: str) -> None:
    """Refuse, before any exact elimination, work beyond ``max_digits`` (see :func:`estimated_digits`)."""
    if max_digits is None:
        return
    need = estimated_digits(ops, words)
    if need > max_digits:
        raise BudgetExceededError(
            f"{what} of this {ops.n}-dimensional presentation needs exact elimination on about {count_text(need)} "
            f"digits (rank {len(words.future)}, entries of {count_text(ops.D.bit_length() * 3 // 10 + 1)} digits "
            f"over a common denominator), more than max_digits={max_digits:,}; pass max_digits=None to compute anyway"
        )


def flint_pivots(reduced) -> list[int]:
    """The pivot columns of a flint reduced row echelon form ``(R, rank)`` (``fmpq_mat`` or ``nmod_mat``)."""
    R, rank = reduced
    pivots, j = [], 0
    for i in range(rank):
        while R[i, j] == 0:
            j += 1
        pivots.append(j)
    return pivots


def _independent_columns(A, prime: int) -> list[int]:
    """Columns of the integer matrix ``A`` (full row rank) whose square block is invertible, found modulo ``prime``."""
    return flint_pivots(flint.nmod_mat([[int(v) % prime for v in row] for row in A.tolist()], prime).rref())


def _in_span_of_earlier(rows: list, chosen: list[int], prime: int) -> bool:
    """Whether every row not in ``chosen`` lies, exactly, in the span of the chosen rows before it.

    ``rows`` are 1 x n integer matrices; the chosen ones are independent (certified modulo ``prime``).  The
    coefficients of each other row on the chosen ones are solved exactly on a square block of
    independent columns; the row must then be reproduced in full, with zero coefficients on the chosen
    rows that come after it.
    """
    others = [i for i in range(len(rows)) if i not in set(chosen)]
    if not others:
        return True
    B = flint.fmpz_mat([[int(v) for v in rows[i].entries()] for i in chosen])
    C = flint.fmpz_mat([[int(v) for v in rows[i].entries()] for i in others])
    if len(chosen) == 0:
        return C.is_zero()
    J = _independent_columns(B, prime)
    if len(J) != len(chosen):
        return False
    BJ = flint.fmpz_mat([[B[i, j] for j in J] for i in range(len(chosen))])
    CJ = flint.fmpz_mat([[C[i, j] for j in J] for i in range(len(others))])
    solution: Any = BJ.transpose().solve(CJ.transpose())  # an fmpq_mat: (chosen x others), exact rationals
    coeffs = solution.transpose()
    if coeffs * flint.fmpq_mat(B) != flint.fmpq_mat(C):
        return False
    return all(coeffs[a, b] == 0 for a, i in enumerate(others) for b, j in enumerate(chosen) if j > i)


def verify_greedy_choice(ops: IntegerOperators, words: Words) -> bool:
    """Whether the modular shortlex-greedy choice of ``words`` is the greedy choice over ``QQ`` (exactly).

    Past side: at every length, each candidate word the modular greedy skipped must lie in the span of the
    vectors ``eta T[u]`` chosen before it.  Future side: the same for the columns ``R T[v] tau`` with ``R``
    the chosen past rows; and ``U``: the same for the rows of the Hankel block.
    """
    p = words.prime
    chosen_rows: list = []
    for cand, new in words.levels["past"]:
        rows = [ops.row(u) for u in chosen_rows] + [ops.row(w) for w in cand]
        if not _in_span_of_earlier(rows, list(range(len(chosen_rows))) + [len(chosen_rows) + i for i in new], p):
            return False
        chosen_rows += [cand[i] for i in new]
    R = flint.fmpz_mat([[int(v) for v in ops.row(u).entries()] for u in words.past])
    chosen_cols: list = []
    for cand, new in words.levels["future"]:
        cols = [(R * ops.col(v)).transpose() for v in chosen_cols + list(cand)]
        if not _in_span_of_earlier(cols, list(range(len(chosen_cols))) + [len(chosen_cols) + i for i in new], p):
            return False
        chosen_cols += [cand[i] for i in new]
    F = flint.fmpz_mat([[int(v) for v in ops.col(v).entries()] for v in words.future]).transpose()
    G = R * F  # Hankel rows of the past words (up to positive scales)
    rows = [flint.fmpz_mat(1, G.ncols(), [G[i, j] for j in range(G.ncols())]) for i in range(G.nrows())]
    index = {u: i for i, u in enumerate(words.past)}
    return _in_span_of_earlier(rows, [index[u] for u in words.U], p)


def exact_minimal(ops: IntegerOperators, words: Words) -> tuple[list, list, list]:
    """The canonical minimal presentation from certified words: ``(matrices, eta, belief_map)`` as sympy values.

    With integer vectors ``R_U`` (rows ``pi M[u]``) and ``F`` (columns ``M[v] t``), ``H = R_U F`` and
    ``X[x] = H^-1 R_U M[x] F`` (``F^-1 M[x] F`` when the rank is ``n``); undoing the positive scales,
    ``T_min[x][i, j] = X[x][i, j] D^(|v_i| - |v_j| - 1)``, ``eta_min[j] = (pi F)[j] / (d_eta D^|v_j| d_tau)``
    and ``belief_map[:, j] = F[:, j] / (D^|v_j| d_tau)``.
    """
    n, d, D = ops.n, len(words.future), ops.D
    F = flint.fmpz_mat([[int(v) for v in ops.col(v).entries()] for v in words.future]).transpose()  # n x d
    if d == n:
        X = [F.solve(ops.M[x] * F) for x in range(ops.k)]
    else:
        RU = flint.fmpz_mat([[int(v) for v in ops.row(u).entries()] for u in words.U])
        H = RU * F
        X = [H.solve(RU * ops.M[x] * F) for x in range(ops.k)]
    lens = [len(v) for v in words.future]

    def rational(q, shift: int):  # q * D^shift as a sympy Rational
        num, den = int(q.p), int(q.q)
        return sympy.Rational(num * D**shift, den) if shift >= 0 else sympy.Rational(num, den * D ** (-shift))

    mats = [[[rational(Xx[i, j], lens[i] - lens[j] - 1) for j in range(d)] for i in range(d)] for Xx in X]
    piF = ops.pi * F
    scale = [ops.d_eta * D ** lens[j] * ops.d_tau for j in range(d)]
    eta = [sympy.Rational(int(piF[0, j]), scale[j]) for j in range(d)]
    belief_map = [[sympy.Rational(int(F[i, j]), D ** lens[j] * ops.d_tau) for j in range(d)] for i in range(n)]
    return mats, eta, belief_map
