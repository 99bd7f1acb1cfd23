"""The autocorrelation of a process's symbol values: exact at any lag, and in closed form in ``L``.

Each symbol ``x`` carries a number ``v(x)`` (default: its index in ``hmm.alphabet``).  For the stationary
process of a presentation ``(eta, T[x], tau)`` (an HMM: ``eta = pi``, ``tau = 1``),

    ``gamma(L) = E[X_t X_(t+L)] = eta T^(v) T^(L-1) T^(v) tau``  for ``L >= 1``,
    ``gamma(0) = E[X_t^2] = eta T^(v^2) tau``,

with ``T^(v) = sum_x v(x) T[x]`` and ``T = sum_x T[x]``; the mean is ``<X> = eta T^(v) tau``.  A GHMM is
used as given (its ``eta``, ``tau`` and matrices), so that the formulas are the same.

The closed form is the exponential polynomial of :mod:`compmech.kernel.expoly`: one term per eigenvalue
``lambda`` of ``T`` that the values see, ``p_lambda(L) lambda^L`` with a polynomial ``p_lambda`` (of degree
below the size of the eigenvalue's largest Jordan block), exact for ``L >= valid_from``.

References
----------
- P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem: spectrally decomposing arbitrary
  functions of nondiagonalizable operators", AIP Advances 8, 065305 (2018).
- P. M. Riechers and J. P. Crutchfield, "Spectral simplicity of apparent complexity, Part II: exact
  complexities and complexity spectra", Chaos 28, 033116 (2018).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from ..errors import BudgetExceededError, InvalidArgumentError, UnknownSymbolError
from ..kernel.exact import to_exact
from ..kernel.expoly import ExpPoly, closed_forms, nth_term, to_sympy
from ..models.ghmm import GHMM

__all__ = ["autocorrelation", "autocorrelation_function", "AutocorrelationFunction", "symbol_values"]

#: the lag variable of every closed form
L = sympy.Symbol("L")

#: largest lag evaluated for a presentation with free parameters (the values are polynomials in the
#: parameters whose degree grows with the lag)
MAX_SYMBOLIC_LAG = 2_000


def symbol_values(hmm: GHMM, values: Mapping | None = None) -> list:
    """The value ``v(x)`` of each symbol, in alphabet order, as elements of ``hmm.domain``.

    Parameters
    ----------
    values : mapping, optional
        ``symbol -> number`` for every symbol of ``hmm.alphabet`` (exact numbers: int, Fraction, sympy,
        text such as ``"1/2"``).  Default: the symbol's index in ``hmm.alphabet``.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> symbol_values(golden_mean()), symbol_values(golden_mean(), {0: -1, 1: "1/2"})
    ([0, 1], [-1, 1/2])
    """
    K = hmm.domain
    if values is None:
        return [K(i) for i in range(hmm.n_symbols)]
    if not isinstance(values, Mapping):
        raise InvalidArgumentError(f"values must map each symbol to a number, got {type(values).__name__}")
    index = {a: i for i, a in enumerate(hmm.alphabet)}
    by_str = {str(a): i for i, a in enumerate(hmm.alphabet)}
    out: list = [None] * hmm.n_symbols
    for key, v in values.items():
        i = index.get(key, by_str.get(str(key)))
        if i is None:
            raise UnknownSymbolError(f"values: {key!r} is not a symbol of {hmm.name or 'the HMM'} {hmm.alphabet}")
        expr = to_exact(v, f"values[{key!r}]")
        try:
            out[i] = K.from_sympy(expr)
        except Exception:
            raise InvalidArgumentError(
                f"values[{key!r}] = {expr} is not in the domain {K} of the matrices; give values in that domain"
            ) from None
    missing = [hmm.alphabet[i] for i, v in enumerate(out) if v is None]
    if missing:
        raise InvalidArgumentError(f"values: no value for the symbols {missing} (every symbol needs one)")
    return out


@dataclass(frozen=True)
class _Correlation:
    """``a = eta T^(v)``, ``T``, ``b = T^(v) tau`` and the moments, as domain elements."""

    K: Any
    a: list
    rows: list
    b: list
    mean: object
    second: object


def _data(hmm: GHMM, values) -> _Correlation:
    if not isinstance(hmm, GHMM):
        raise InvalidArgumentError(f"expected an HMM or a GHMM, got {type(hmm).__name__}")
    kern = hmm.kernel
    K: Any = kern.domain
    n = kern.n_states
    v = symbol_values(hmm, values)
    eta, tau = kern.stationary(), kern.tau()
    mats = kern.matrices
    rows = [[sum((m[i][j] for m in mats), K.zero) for j in range(n)] for i in range(n)]
    Tv = [
        [sum((v[x] * mats[x][i][j] for x in range(len(mats)) if v[x] != K.zero), K.zero) for j in range(n)]
        for i in range(n)
    ]
    a = [sum((eta[i] * Tv[i][j] for i in range(n)), K.zero) for j in range(n)]
    b = [sum((Tv[i][j] * tau[j] for j in range(n)), K.zero) for i in range(n)]
    mean = sum((a[j] * tau[j] for j in range(n)), K.zero)
    second = K.zero
    for x, m in enumerate(mats):
        if v[x] != K.zero:
            second += v[x] * v[x] * sum((eta[i] * m[i][j] * tau[j] for i in range(n) for j in range(n)), K.zero)
    return _Correlation(K, a, rows, b, mean, second)


def _check_lag(lag) -> int:
    if isinstance(lag, bool) or not isinstance(lag, int) or lag < 0:
        raise InvalidArgumentError(f"L must be a whole number >= 0, got {lag!r}")
    return lag


def autocorrelation(hmm: GHMM, L: int, values: Mapping | None = None) -> sympy.Expr:
    """``gamma(L) = E[X_t X_(t+L)]`` of the stationary process, exactly, at any lag ``L``.

    ``gamma(L) = eta T^(v) T^(L-1) T^(v) tau`` for ``L >= 1`` with ``T^(v) = sum_x v(x) T[x]``, and
    ``gamma(0) = E[X^2]`` (module docstring).  The power ``T^(L-1)`` is never formed: ``x^(L-1)`` modulo the
    characteristic polynomial of ``T`` takes ``log2 L`` squarings of a polynomial of degree below
    ``n_states`` (over the integers, for a rational presentation), so ``L = 10**6`` takes well under a
    second even though the exact value may have a million digits.

    Parameters
    ----------
    hmm : HMM or GHMM
    L : int
        The lag, ``>= 0``.
    values : mapping, optional
        ``symbol -> number`` (default: the symbol's index in ``hmm.alphabet``).

    Returns
    -------
    sympy.Expr
        A ``Rational`` for a rational presentation.

    Raises
    ------
    BudgetExceededError
        For a presentation with free parameters and ``L > MAX_SYMBOLIC_LAG`` (the exact value is a
        polynomial whose degree grows with ``L``): substitute values, or use
        :func:`autocorrelation_function`.

    See Also
    --------
    autocorrelation_function
    power_spectrum

    Examples
    --------
    >>> from compmech.processes import golden_mean, period
    >>> [autocorrelation(golden_mean(), L) for L in range(5)]
    [1/3, 0, 1/6, 1/12, 1/8]
    >>> autocorrelation(period("0011"), 10**6), autocorrelation(period("0011"), 10**6 + 2)
    (1/2, 0)
    """
    L = _check_lag(L)
    d = _data(hmm, values)
    if L == 0:
        return d.K.to_sympy(d.second)
    if hmm.is_symbolic() and L > MAX_SYMBOLIC_LAG:
        raise BudgetExceededError(
            f"autocorrelation at L = {L} of a presentation with parameters {sorted(map(str, hmm.parameters))}: the "
            f"exact value is a polynomial of degree about L in them; the budget is L <= {MAX_SYMBOLIC_LAG}. "
            "Substitute values (hmm.subs) or use autocorrelation_function(hmm)"
        )
    return to_sympy(nth_term(d.a, d.rows, d.b, d.K, L - 1), d.K)


@dataclass(frozen=True)
class AutocorrelationFunction:
    """``gamma(L)`` in closed form: a sum of ``p_lambda(L) lambda^L`` over eigenvalues, exact for ``L >= valid_from``.

    Attributes
    ----------
    expr : sympy.Expr
        The closed form in the symbol :attr:`L` (``RootSum`` over the roots of an irreducible factor of
        degree 3 or more; roots of unity as ``exp(2 I pi k/n)``).
    valid_from : int
        The closed form equals ``gamma(L)`` for every ``L >= valid_from`` (the index of the eigenvalue 0 of
        ``T`` as the values see it, lowered where the closed form happens to hold).
    initial : tuple
        ``gamma(0) .. gamma(valid_from - 1)``, where the closed form does not hold.
    mean, second_moment : sympy.Expr
        ``<X>`` and ``gamma(0) = <X^2>``.
    sequence : ExpPoly
        The exact exponential polynomial (:mod:`compmech.kernel.expoly`) behind :attr:`expr`.

    Calling the object with an integer ``L`` gives ``gamma(L)`` exactly (a sum of traces of
    ``lambda^L`` over each factor: no root is approximated).
    """

    sequence: ExpPoly
    mean: sympy.Expr
    second_moment: sympy.Expr
    name: str = ""
    L: sympy.Symbol = field(default=L)

    @property
    def valid_from(self) -> int:
        return self.sequence.start

    @property
    def initial(self) -> tuple:
        return tuple(self.sequence.K.to_sympy(v) for v in self.sequence.initial)

    @property
    def variance(self) -> sympy.Expr:
        """``gamma(0) - <X>^2``."""
        return self.second_moment - self.mean**2

    @property
    def expr(self) -> sympy.Expr:
        return self.sequence.expr(self.L)

    def __call__(self, lag: int) -> sympy.Expr:
        return to_sympy(self.sequence(_check_lag(lag)), self.sequence.K)

    def eigenvalues(self) -> list:
        """``[(lambda, multiplicity), ...]``: the nonzero eigenvalues of ``T`` that ``gamma`` sees, exact.

        ``multiplicity`` is the size of the Jordan block seen (``p_lambda`` has degree ``multiplicity - 1``).
        Rational numbers, quadratic surds, ``exp(2 I pi k/n)`` for roots of unity, ``CRootOf`` otherwise.
        """
        return [(r, c.multiplicity) for c in self.sequence.components for r in c.roots()]

    def __repr__(self) -> str:
        where = f" for L >= {self.valid_from}" if self.valid_from else ""
        return f"AutocorrelationFunction({self.name}: gamma(L) = {self.expr}{where})"


def autocorrelation_function(hmm: GHMM, values: Mapping | None = None) -> AutocorrelationFunction:
    """The autocorrelation ``gamma(L) = E[X_t X_(t+L)]`` in closed form in ``L``.

    The generating function ``sum_(L>=1) gamma(L) x^(-L) = eta T^(v) (xI - T)^-1 T^(v) tau`` is an exact
    rational function of ``x`` (its numerator from ``gamma(1..n)``, its denominator the characteristic
    polynomial of ``T``, reduced); partial fractions over the irreducible factors of the denominator give
    one term ``sum_(f(lambda)=0) p_f(lambda, L) lambda^L`` per factor ``f``, with exact coefficients and no
    eigenvector (:mod:`compmech.kernel.expoly`).  A nondiagonalizable ``T`` gives polynomial-times-power
    terms; the eigenvalue 0 only changes the first values, listed in :attr:`~AutocorrelationFunction.initial`.

    Parameters
    ----------
    hmm : HMM or GHMM
        Rational, or with parameters (then the eigenvalues are those of factors of degree <= 2 over
        ``QQ(parameters)``, and larger factors appear as ``RootSum``).
    values : mapping, optional
        ``symbol -> number`` (default: the symbol's index in ``hmm.alphabet``).

    Returns
    -------
    AutocorrelationFunction

    See Also
    --------
    autocorrelation
    power_spectrum

    Examples
    --------
    >>> from compmech.processes import golden_mean, period
    >>> g = autocorrelation_function(golden_mean())
    >>> g.expr, g.valid_from
    (2*(-1/2)**L/9 + 1/9, 0)
    >>> g(10**3) == autocorrelation(golden_mean(), 10**3)
    True
    >>> autocorrelation_function(period("0011")).expr
    I**L/8 + (-I)**L/8 + 1/4
    """
    d = _data(hmm, values)
    K = d.K
    seq = closed_forms(d.a, d.rows, [d.b], K)[0].delayed([d.second])  # gamma(L) = a T^(L-1) b for L >= 1
    return AutocorrelationFunction(seq, K.to_sympy(d.mean), K.to_sympy(d.second), hmm.name or "")
