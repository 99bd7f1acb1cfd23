"""Entropy convergence in closed form: the myopic entropy ``h(L)`` as a function of ``L``.

For a process whose mixed-state presentation (MSP) is finite, ``h(L) = H[X_(L-1) | X_0 .. X_(L-2)] =
delta_pi W^(L-1) H`` (``L >= 1``), with ``W`` the transition matrix of the Markov chain on mixed states,
``delta_pi`` the start node and ``H`` the next-symbol entropies of the nodes.  Every entropy is an exact
``c_0 + sum_b c_b log2(b)`` (rational ``c``), so ``h(L)`` is one rational linear-recurrence sequence per
logarithm, each with the closed form of :mod:`compmech.kernel.expoly`: a sum over the eigenvalues of
``W`` (the MSP's spectrum) of ``p_lambda(L) lambda^L``.

References
----------
- J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy
  convergence", Chaos 13, 25 (2003).
- P. M. Riechers and J. P. Crutchfield, "Spectral simplicity of apparent complexity, Part II: exact
  complexities and complexity spectra", Chaos 28, 033116 (2018).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import comb

import sympy
from sympy.polys.domains import QQ

from ..errors import InvalidArgumentError
from ..kernel.expoly import ExpPoly, closed_forms, factor_expr
from ..models.ghmm import GHMM
from ..presentations.msp import closed_msp
from ._logs import Log2Sum, entropy_terms, to_expr
from .correlation import L

__all__ = ["myopic_entropy_function", "MyopicEntropyFunction"]


def _basis_expr(base) -> sympy.Expr:
    return sympy.Integer(1) if base is None else sympy.log(sympy.Integer(base)) / sympy.log(2)


@dataclass(frozen=True)
class MyopicEntropyFunction:
    """``h(L)`` in closed form in ``L`` (bits): exact for ``L >= valid_from``, listed below.

    ``parts`` maps each logarithm's base (``None`` for the rational part) to the exact sequence of its
    coefficient, indexed by ``n = L - 1``: ``h(L) = sum_b parts[b](L - 1) log2(b)``.
    """

    parts: dict
    name: str = ""
    L: sympy.Symbol = L

    @property
    def valid_from(self) -> int:
        """The closed form equals ``h(L)`` for every ``L >= valid_from`` (at least 1)."""
        return 1 + max((p.start for p in self.parts.values()), default=0)

    def _value(self, n: int) -> Log2Sum:
        rational = self.parts[None](n) if None in self.parts else QQ.zero
        logs = {b: p(n) for b, p in self.parts.items() if b is not None}
        return Log2Sum(_fraction(rational), {b: _fraction(v) for b, v in logs.items()})

    def __call__(self, lag: int) -> sympy.Expr:
        """``h(L)`` exactly (bits), for any ``L >= 1``."""
        if isinstance(lag, bool) or not isinstance(lag, int) or lag < 1:
            raise InvalidArgumentError(f"the myopic entropy is defined for L >= 1, got {lag!r}")
        return to_expr(self._value(lag - 1))

    @property
    def initial(self) -> tuple:
        """``h(1) .. h(valid_from - 1)``, where the closed form does not hold."""
        return tuple(self(k) for k in range(1, self.valid_from))

    @property
    def expr(self) -> sympy.Expr:
        """The closed form in :attr:`L`: one term per eigenvalue of the MSP that ``h`` sees."""
        by_factor: dict = {}
        for base, seq in self.parts.items():
            for c in seq.components:
                by_factor.setdefault(c.factor, []).append((_basis_expr(base), c.shifted(-1).coefficients))
        return sympy.Add(*[factor_expr(f, weighted, self.L) for f, weighted in by_factor.items()])

    def _limits(self) -> dict:
        out = {}
        for base, seq in self.parts.items():
            out[base] = next(
                (c.coefficients[0].LC() for c in seq.components if c.factor.degree() == 1 and c.factor.TC() == -1),
                QQ.zero,
            )
        return out

    @property
    def entropy_rate(self) -> sympy.Expr:
        """``h_mu = lim h(L)``, the constant term of the closed form (bits)."""
        lim = self._limits()
        return to_expr(Log2Sum(_fraction(lim.pop(None, QQ.zero)), {b: _fraction(v) for b, v in lim.items()}))

    def moment(self, q: int = 0) -> sympy.Expr:
        """``sum_(L >= 1) L^q (h(L) - h_mu)`` exactly (bits), summed in closed form over the MSP's spectrum.

        ``q = 0`` gives the excess entropy ``E``, ``q = 1`` the transient information ``T``.
        """
        if isinstance(q, bool) or not isinstance(q, int) or q < 0:
            raise InvalidArgumentError(f"q must be a whole number >= 0, got {q!r}")
        lim = self._limits()
        out = {}
        for base, seq in self.parts.items():
            rest = seq + ExpPoly.constant(seq.K, -lim[base])  # decays: h(L) - h_mu
            out[base] = sum((QQ(comb(q, j)) * rest.moment(j) for j in range(q + 1)), QQ.zero)  # L^q = (n + 1)^q
        return to_expr(Log2Sum(_fraction(out.pop(None, QQ.zero)), {b: _fraction(v) for b, v in out.items()}))

    def excess_entropy(self) -> sympy.Expr:
        """``E = sum_(L >= 1) (h(L) - h_mu)`` (bits)."""
        return self.moment(0)

    def transient_information(self) -> sympy.Expr:
        """``T = sum_(L >= 1) L (h(L) - h_mu)`` (bits)."""
        return self.moment(1)

    def __repr__(self) -> str:
        where = f" for L >= {self.valid_from}" if self.valid_from > 1 else ""
        return f"MyopicEntropyFunction({self.name}: h(L) = {self.expr}{where})"


def _fraction(q) -> Fraction:
    return Fraction(int(q.numerator), int(q.denominator))


def myopic_entropy_function(hmm: GHMM, max_states: int = 10_000) -> MyopicEntropyFunction:
    """The myopic entropy ``h(L) = H(L) - H(L-1)`` in closed form in ``L`` (bits), for a finite MSP.

    ``h(L) = delta_pi W^(L-1) H`` on the Markov chain of the mixed states (module docstring): the closed
    form is a sum over the spectrum of ``W`` with exact algebraic eigenvalues, one exact rational
    sequence per logarithm ``log2(b)``.  It equals :func:`myopic_entropies` at every ``L``; its sum
    ``sum (h(L) - h_mu)`` is the excess entropy and its first moment the transient information, both
    summed in closed form (:meth:`MyopicEntropyFunction.moment`).

    Parameters
    ----------
    hmm : HMM or GHMM
        With rational entries.
    max_states : int
        Budget of mixed states.

    Raises
    ------
    InfiniteStatesError
        When the MSP does not close within ``max_states`` (Mess3, the SNS: ``h(L)`` then has no finite
        closed form; :func:`myopic_entropies` gives exact values for each ``L``).

    See Also
    --------
    myopic_entropies
    excess_entropy
    transient_information

    Examples
    --------
    >>> from compmech.processes import even, golden_mean
    >>> h = myopic_entropy_function(golden_mean())
    >>> h.expr, h.valid_from, h.initial
    (2/3, 2, (-2/3 + log(3)/log(2),))
    >>> h.excess_entropy()
    -4/3 + log(3)/log(2)
    >>> from compmech.measures import transient_information
    >>> myopic_entropy_function(even()).transient_information() == transient_information(even())
    True
    """
    hmm.require_numeric("myopic_entropy_function")
    if not hmm.domain.is_QQ:
        raise InvalidArgumentError(
            f"myopic_entropy_function needs rational entries; the domain of {hmm.name or 'this HMM'} is {hmm.domain}"
        )
    what = f"the mixed-state presentation of {hmm.name or 'this HMM'} (h(L) has a finite closed form only when it is finite)"
    msp = closed_msp(hmm, max_states, what)
    n = msp.n_nodes
    W = [[QQ.zero] * n for _ in range(n)]
    probs: list[list] = [[] for _ in range(n)]
    src, _, dst = msp.edges
    for u, v, p in zip(src.tolist(), dst.tolist(), msp.exact.edge_probabilities):
        W[u][v] += p
        probs[u].append(p)
    H = [entropy_terms(ps, QQ) for ps in probs]
    bases = sorted({b for h in H for b in h.logs})
    vectors = [[QQ(h.rational.numerator, h.rational.denominator) for h in H]]
    vectors += [
        [QQ(h.logs.get(b, 0).numerator, h.logs.get(b, 0).denominator) if b in h.logs else QQ.zero for h in H]
        for b in bases
    ]
    start = [QQ.one if u == 0 else QQ.zero for u in range(n)]
    seqs = closed_forms(start, W, vectors, QQ)
    return MyopicEntropyFunction(dict(zip([None, *bases], seqs)), hmm.name or "")
