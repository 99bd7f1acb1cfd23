"""Closed forms of linear recurrence sequences: exponential polynomials with exact algebraic eigenvalues.

A sequence ``a_n = u M^n v`` (``n >= 0``) of a square matrix ``M`` over an exact field ``K`` is, from some
index on, an *exponential polynomial*

    ``a_n = sum_f sum_{f(lambda) = 0} sum_k E_{f,k}(lambda) n^k lambda^n``,

one term per monic irreducible factor ``f`` of its minimal polynomial other than ``x`` (a Jordan block of
size ``m`` gives the powers ``n^k``, ``k < m``).  The coefficient ``E_{f,k}`` is a polynomial of degree
``< deg f`` over ``K``, the same for every conjugate root: so the sum over the roots of ``f`` is one exact
trace in ``K[x]/(f)`` and no eigenvector, and no approximate root, is ever computed.  The eigenvalue 0
(a nilpotent part) only changes the first terms; they are listed (``start`` and ``initial``).

The construction is fraction-free in spirit: the generating function ``sum_n a_n x^(-n-1) =
u (xI - M)^-1 v = P(x) / chi(x)`` is an exact rational function (``chi`` the characteristic polynomial, ``P``
from the first ``deg chi`` terms), reduced by ``gcd(P, chi)``; its partial fractions over the factors of
the denominator (python-flint factors over ``QQ``) give each component's own sequence, and ``deg f * m``
of its terms fix the coefficients ``E`` through a linear system in the power sums of the roots.

References
----------
- P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem: spectrally decomposing arbitrary
  functions of nondiagonalizable operators", AIP Advances 8, 065305 (2018).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from math import comb

import flint
import sympy
from sympy import Poly
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

from .polys import (
    GEN,
    coeffs,
    cyclotomic_order,
    factor_monic,
    numerator_over,
    power_mod,
    power_sums,
    recurrence_term,
    series_at_infinity,
    trace,
    unit_circle,
)

__all__ = [
    "Component",
    "ExpPoly",
    "closed_forms",
    "charpoly",
    "factor_expr",
    "factor_roots",
    "matrix_terms",
    "nth_term",
    "to_sympy",
]


def to_sympy(value, K) -> sympy.Expr:
    """A domain element as a sympy value; a rational is built from its coprime parts without a second gcd.

    (sympy's own conversion recomputes the gcd, which takes a second for a million-digit fraction.)

    Examples
    --------
    >>> to_sympy(QQ(6, 4), QQ)
    3/2
    """
    if K.is_QQ:
        make = getattr(sympy.Rational, "from_coprime_ints", None)
        p, q = int(value.numerator), int(value.denominator)
        return make(p, q) if make is not None else sympy.Rational(p, q)
    return K.to_sympy(value)


@dataclass(frozen=True)
class Component:
    """The part of an exponential polynomial that belongs to one irreducible factor ``f``.

    ``term(n) = sum_{f(lambda) = 0} sum_k E_k(lambda) n^k lambda^n`` with ``E_k = coefficients[k]``.

    Examples
    --------
    >>> f = Poly(GEN**2 - GEN - 1, GEN, domain=QQ)  # Fibonacci: F_n = (phi^n - psi^n) / sqrt(5)
    >>> c = Component(f, (Poly(2 * GEN - 1, GEN, domain=QQ) * Poly(QQ(1, 5), GEN, domain=QQ),))
    >>> [c.value(n) for n in range(8)]
    [0, 1, 1, 2, 3, 5, 8, 13]
    """

    factor: Poly
    coefficients: tuple

    @property
    def multiplicity(self) -> int:
        """The size of the largest Jordan block of the roots of ``f`` that the sequence sees."""
        return len(self.coefficients)

    @cached_property
    def _sums(self) -> list:
        return power_sums(self.factor, self.factor.degree())

    @cached_property
    def _first(self) -> list:
        """``[Tr(E_k x^j mod f) for j < deg f]`` per ``k``: the first terms of each power's own recurrence."""
        f = self.factor
        xs = [power_mod(j, f) for j in range(f.degree())]
        return [[trace((E * xj).rem(f), self._sums) for xj in xs] for E in self.coefficients]

    def value(self, n: int):
        """The exact value of this component at ``n >= 0`` (a domain element)."""
        K = self.factor.get_domain()
        total = K.zero
        for k, first in enumerate(self._first):
            if any(v != K.zero for v in first):
                total += _pow(K, n, k) * recurrence_term(first, self.factor, n)
        return total

    def shifted(self, s: int) -> Component:
        """The component of ``n -> term(n + s)`` (``s`` may be negative: the roots are nonzero)."""
        f = self.factor
        K = f.get_domain()
        xs = power_mod(s, f)
        out = []
        for k in range(self.multiplicity):
            acc = Poly(K.zero, GEN, domain=K)
            for j in range(k, self.multiplicity):
                acc += self.coefficients[j] * Poly(K(comb(j, k)) * K(s) ** (j - k), GEN, domain=K)
            out.append((acc * xs).rem(f))
        return Component(f, _trimmed(out))

    def __add__(self, other: Component) -> Component:
        K = self.factor.get_domain()
        zero = Poly(K.zero, GEN, domain=K)
        m = max(self.multiplicity, other.multiplicity)
        a = list(self.coefficients) + [zero] * (m - self.multiplicity)
        b = list(other.coefficients) + [zero] * (m - other.multiplicity)
        return Component(self.factor, _trimmed([x + y for x, y in zip(a, b)]))

    def roots(self) -> list:
        """The roots of ``f`` as sympy numbers: rational, quadratic surds, ``exp(2 pi i k/n)`` for roots of
        unity, ``CRootOf`` otherwise (raises for parametric factors of degree 3 or more)."""
        return factor_roots(self.factor)

    def expr(self, n: sympy.Symbol) -> sympy.Expr:
        """This component as a sympy expression in ``n`` (a ``RootSum`` over the roots of a factor of degree >= 3)."""
        return factor_expr(self.factor, [(sympy.Integer(1), self.coefficients)], n)


def factor_expr(f: Poly, weighted: list, n: sympy.Symbol) -> sympy.Expr:
    """``sum_(f(lambda)=0) (sum_i w_i sum_k E_(i,k)(lambda) n^k) lambda^n`` for ``weighted = [(w_i, (E_(i,k))_k)]``.

    Explicit roots for factors of degree <= 2 and roots of unity, a ``RootSum`` otherwise.
    """
    K = f.get_domain()

    def coefficient(lam):
        return sum(
            (w * _at(E, lam, K) * n**k for w, Es in weighted for k, E in enumerate(Es) if not E.is_zero),
            sympy.Integer(0),
        )

    if f.degree() <= 2 or cyclotomic_order(f):
        return sympy.Add(*[coefficient(r) * r**n for r in factor_roots(f)])
    lam = sympy.Dummy("lamda")
    poly = Poly(f.as_expr().subs(GEN, lam), lam)
    return sympy.RootSum(poly, sympy.Lambda(lam, coefficient(lam) * lam**n))


def _pow(K, n: int, k: int):
    """``n^k`` in ``K`` with ``0^0 = 1`` (sympy's rational-function fields refuse ``0**0``)."""
    return K.one if k == 0 else K(n) ** k


def _trimmed(polys: list) -> tuple:
    while polys and polys[-1].is_zero:
        polys.pop()
    return tuple(polys)


def _at(E: Poly, root, K) -> sympy.Expr:
    """``E(root)`` as a sympy expression."""
    value = sympy.Integer(0)
    for j, c in enumerate(coeffs(E)):
        if c != K.zero:
            value += K.to_sympy(c) * root**j
    if K.is_QQ:
        return sympy.expand(value)
    return sympy.factor(value)


def factor_roots(f: Poly) -> list:
    """The roots of a monic irreducible ``f`` as sympy numbers, each once.

    Rational numbers, ``exp(2 pi i k/n)`` for roots of unity, quadratic surds, ``CRootOf`` otherwise
    (raises :class:`~compmech.errors.SymbolicParameterError` for parametric factors of degree 3 or more).

    Examples
    --------
    >>> factor_roots(Poly(GEN**2 + GEN + 1, GEN, domain=QQ))
    [exp(2*I*pi/3), exp(-2*I*pi/3)]
    """
    K = f.get_domain()
    c = coeffs(f)
    d = f.degree()
    if d == 1:
        return [K.to_sympy(-c[0])]
    n = cyclotomic_order(f)
    if n:
        return [sympy.exp(2 * sympy.pi * sympy.I * k / n) for k in range(1, n) if sympy.gcd(k, n) == 1]
    if d == 2:
        b, a0 = K.to_sympy(c[1]), K.to_sympy(c[0])
        s = sympy.sqrt(b * b - 4 * a0)
        return [(-b - s) / 2, (-b + s) / 2]
    if not K.is_QQ:
        from ..errors import SymbolicParameterError

        raise SymbolicParameterError(
            f"the roots of {f.as_expr()} (degree {d}, with parameters) have no explicit form; substitute values first"
        )
    return list(sympy.Poly(f.as_expr(), GEN).all_roots())


class ExpPoly:
    """An exact sequence ``a_n`` (``n >= 0``): listed values below ``start``, an exponential polynomial from there.

    Parameters
    ----------
    K : sympy domain
        The exact field of the values.
    components : sequence of Component
    start : int
        The closed form holds for ``n >= start``.
    initial : sequence
        ``a_0 .. a_{start-1}`` (domain elements).

    Examples
    --------
    >>> rows = [[QQ(1), QQ(1)], [QQ(1), QQ(0)]]
    >>> fib = closed_forms([QQ(0), QQ(1)], rows, [[QQ(1), QQ(0)]], QQ)[0]  # (0, 1) M^n (1, 0)^T = F_n
    >>> fib(100)
    354224848179261915075
    >>> fib.start, [c.factor.as_expr() for c in fib.components]
    (0, [_x**2 - _x - 1])
    """

    def __init__(self, K, components=(), start: int = 0, initial=()):
        self.K = K
        self.components = tuple(c for c in components if any(not E.is_zero for E in c.coefficients))
        self.start = int(start)
        self.initial = tuple(initial)
        if len(self.initial) != self.start:
            raise ValueError("initial must list the values below start")

    @classmethod
    def constant(cls, K, value) -> ExpPoly:
        """The constant sequence ``a_n = value``."""
        return cls(K, [Component(Poly(GEN - 1, GEN, domain=K), (Poly(value, GEN, domain=K),))])

    def closed(self, n: int):
        """The closed form at ``n`` (equal to ``a_n`` for ``n >= start``)."""
        return sum((c.value(n) for c in self.components), self.K.zero)

    def __call__(self, n: int):
        """``a_n`` exactly (a domain element)."""
        return self.initial[n] if n < self.start else self.closed(n)

    def _merged(self, components) -> tuple:
        by: dict = {}
        for c in components:
            by[c.factor] = by[c.factor] + c if c.factor in by else c
        return tuple(by.values())

    def __add__(self, other: ExpPoly) -> ExpPoly:
        start = max(self.start, other.start)
        initial = [self(n) + other(n) for n in range(start)]
        return ExpPoly(self.K, self._merged(self.components + other.components), start, initial).tightened()

    def delayed(self, head) -> ExpPoly:
        """``b_n = head[n]`` for ``n < len(head)``, then ``b_n = a_(n - len(head))``."""
        h = len(head)
        comps = [c.shifted(-h) for c in self.components]
        return ExpPoly(self.K, comps, self.start + h, list(head) + list(self.initial)).tightened()

    def advanced(self, h: int) -> ExpPoly:
        """``b_n = a_(n + h)`` for ``h >= 0``."""
        start = max(self.start - h, 0)
        return ExpPoly(self.K, [c.shifted(h) for c in self.components], start, [self(n + h) for n in range(start)])

    def tightened(self) -> ExpPoly:
        """The same sequence with ``start`` lowered as far as the closed form agrees with the listed values."""
        start = self.start
        while start > 0 and self.closed(start - 1) == self.initial[start - 1]:
            start -= 1
        return ExpPoly(self.K, self.components, start, self.initial[:start])

    def split(self, keep) -> tuple[ExpPoly, ExpPoly]:
        """``(kept, rest)``: the components for which ``keep(component)`` holds, and the others with the listed values.

        ``kept`` is a pure exponential polynomial (``start = 0``); ``kept + rest`` is this sequence.
        """
        kept = [c for c in self.components if keep(c)]
        rest = [c for c in self.components if not keep(c)]
        k = ExpPoly(self.K, kept)
        initial = [v - k.closed(n) for n, v in enumerate(self.initial)]
        return k, ExpPoly(self.K, rest, self.start, initial).tightened()

    def generating_function(self) -> tuple[Poly, Poly]:
        """``(P, Q)`` with ``sum_n a_n x^(-n-1) = P(x) / Q(x)``, ``Q = x^start prod f^m`` (not reduced)."""
        K = self.K
        Q = Poly(GEN**self.start, GEN, domain=K)
        for c in self.components:
            Q *= c.factor**c.multiplicity
        return numerator_over([self(n) for n in range(Q.degree())], Q), Q

    def moment(self, q: int = 0, first: int = 0):
        """``sum_{n >= first} n^q a_n`` exactly, for a sequence whose roots lie inside the unit circle.

        Raises
        ------
        ValueError
            When a component has a root on the unit circle (over ``QQ``; the sum diverges).
        """
        K = self.K
        total = K.zero
        for n in range(first, self.start):
            total += _pow(K, n, q) * self.initial[n]
        n1 = max(first, self.start)
        for c in self.components:
            f = c.factor
            if K.is_QQ and unit_circle(f) is not None:
                raise ValueError(f"the sum diverges: the roots of {f.as_expr()} lie on the unit circle")
            xn1 = power_mod(n1, f)
            for k, E in enumerate(c.coefficients):
                if E.is_zero:
                    continue
                M, r = _geometric_moment(q + k, n1, K)
                inv = Poly((1 - GEN) ** (r + 1), GEN, domain=K).rem(f).invert(f)
                total += trace((E * xn1 * M * inv).rem(f), c._sums)
        return total

    def expr(self, n: sympy.Symbol) -> sympy.Expr:
        """The closed form as a sympy expression in ``n`` (valid for ``n >= start``)."""
        return sympy.Add(*[c.expr(n) for c in self.components])


def _geometric_moment(r: int, n1: int, K) -> tuple[Poly, int]:
    """``(M, r)`` with ``sum_{n >= n1} n^r lambda^n = lambda^n1 M(lambda) / (1 - lambda)^(r + 1)``.

    ``M_0 = 1`` and ``M_{r+1} = (n1 + lambda d/dlambda) M_r * (1 - lambda) + (r + 1) lambda M_r`` (apply
    ``lambda d/dlambda`` to the sum).
    """
    x = Poly(GEN, GEN, domain=K)
    one_minus = Poly(1 - GEN, GEN, domain=K)
    M = Poly(K.one, GEN, domain=K)
    for j in range(r):
        M = (Poly(K(n1), GEN, domain=K) * M + x * M.diff(GEN)) * one_minus + Poly(K(j + 1), GEN, domain=K) * x * M
    return M, r


# ---------------------------------------------------------------- from a matrix


def charpoly(rows: list, K) -> Poly:
    """The characteristic polynomial ``det(xI - M)`` of a square matrix given by rows of domain elements.

    Examples
    --------
    >>> charpoly([[QQ(0), QQ(1)], [QQ(1), QQ(0)]], QQ).as_expr()
    _x**2 - 1
    """
    n = len(rows)
    if K.is_QQ:
        c = flint.fmpq_mat(n, n, [v for row in rows for v in row]).charpoly().coeffs()
        return Poly.from_list([QQ(int(v.p), int(v.q)) for v in reversed(c)], GEN, domain=K)
    c = DomainMatrix([list(r) for r in rows], (n, n), K).charpoly()
    return Poly.from_list(list(c), GEN, domain=K)


def matrix_terms(u: list, rows: list, K, count: int) -> list:
    """The row vectors ``u M^j`` for ``j < count`` (sparse products along the nonzero entries)."""
    n = len(rows)
    nz = [[(j, v) for j, v in enumerate(row) if v != K.zero] for row in rows]
    out = [list(u)]
    for _ in range(count - 1):
        w = out[-1]
        nxt = [K.zero] * n
        for i, wi in enumerate(w):
            if wi != K.zero:
                for j, v in nz[i]:
                    nxt[j] += wi * v
        out.append(nxt)
    return out[:count]


def _dot(a, b, K):
    total = K.zero
    for x, y in zip(a, b):
        if x != K.zero and y != K.zero:
            total += x * y
    return total


def closed_forms(u: list, rows: list, vs: list, K) -> list[ExpPoly]:
    """The closed forms of ``n -> u M^n v`` for each right vector ``v`` of ``vs`` (one factorization shared).

    Examples
    --------
    >>> J = [[QQ(1, 2), QQ(1)], [QQ(0), QQ(1, 2)]]  # a Jordan block: a_n = n (1/2)^(n-1)
    >>> a = closed_forms([QQ(1), QQ(0)], J, [[QQ(0), QQ(1)]], QQ)[0]
    >>> [a(n) for n in range(5)], a.components[0].multiplicity
    ([0, 1, 1, 3/4, 1/2], 2)
    """
    chi = charpoly(rows, K)
    N = chi.degree()
    W = matrix_terms(u, rows, K, N)
    return [from_terms([_dot(w, v, K) for w in W], chi) for v in vs]


def from_terms(terms: list, chi: Poly) -> ExpPoly:
    """The closed form of the sequence obeying the recurrence of ``chi``, from its first ``deg chi`` terms.

    Examples
    --------
    >>> from_terms([QQ(2), QQ(1)], Poly(GEN**2 - GEN - 1, GEN, domain=QQ))(10)  # Lucas
    123
    """
    K = chi.get_domain()
    P = numerator_over(terms, chi)
    if P.is_zero:
        return ExpPoly(K)
    g = P.gcd(chi)
    P, Q = P.quo(g), chi.quo(g)
    lc = Q.LC()
    P, Q = P.quo_ground(lc), Q.quo_ground(lc)
    Q0 = _strip_x(Q)  # the part of the denominator prime to x
    m0 = Q.degree() - Q0.degree()  # the index of the eigenvalue 0
    components = []
    for f, e in factor_monic(Q0) if Q0.degree() > 0 else ():
        F = f**e
        G = Q.quo(F)
        Pi = (P * G.invert(F)).rem(F)
        components.append(_component(f, e, series_at_infinity(Pi, F, e * f.degree())))
    initial = terms[:m0]  # (m0 <= deg chi = len(terms))
    return ExpPoly(K, components, m0, initial).tightened()


def _strip_x(Q: Poly) -> Poly:
    K = Q.get_domain()
    while Q.degree() > 0 and coeffs(Q)[0] == K.zero:
        Q = Q.quo(Poly(GEN, GEN, domain=K))
    return Q


def _component(f: Poly, m: int, b: list) -> Component:
    """The coefficients ``E_k`` (``k < m``) with ``b_n = sum_roots sum_k E_k(lambda) n^k lambda^n`` for ``n < m deg f``.

    The unknowns are the coefficients ``c_{k,t}`` of ``E_k = sum_t c_{k,t} x^t``; the equation for ``n`` is
    ``sum_k n^k sum_t c_{k,t} p_{t+n} = b_n`` with ``p`` the power sums of the roots (a nonsingular system:
    the functions ``n^k lambda^n`` of distinct roots are independent).
    """
    K = f.get_domain()
    d = f.degree()
    size = m * d
    p = power_sums(f, d + size)
    rows = [[_pow(K, n, k) * p[t + n] for k in range(m) for t in range(d)] for n in range(size)]
    rhs = DomainMatrix([[v] for v in b], (size, 1), K)
    sol = DomainMatrix(rows, (size, size), K).to_dense().lu_solve(rhs.to_dense())
    flat = [sol[i, 0].element for i in range(size)]
    E = [Poly.from_list(flat[k * d : (k + 1) * d][::-1], GEN, domain=K) for k in range(m)]
    return Component(f, _trimmed(E))


def nth_term(u: list, rows: list, v: list, K, n: int):
    """``u M^n v`` exactly, through ``x^n mod chi(x)`` (``log n`` squarings of a polynomial of degree ``< dim M``).

    Over ``QQ`` every squaring is one python-flint ``fmpz_poly`` product and remainder by a monic integer
    polynomial (:func:`compmech.kernel.polys.power_mod`): no fraction is reduced until the end.

    Examples
    --------
    >>> nth_term([QQ(0), QQ(1)], [[QQ(1), QQ(1)], [QQ(1), QQ(0)]], [QQ(1), QQ(0)], QQ, 90)
    2880067194370816120
    """
    chi = charpoly(rows, K)
    W = matrix_terms(u, rows, K, chi.degree())
    return recurrence_term([_dot(w, v, K) for w in W], chi, n)
