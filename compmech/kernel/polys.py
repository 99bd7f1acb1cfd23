"""Exact univariate polynomials over a field, for closed forms of linear recurrences.

Polynomials are sympy ``Poly`` objects in one internal generator over an exact field ``K`` (``QQ``, whose
arithmetic python-flint runs, or a rational-function field such as ``QQ(p)``).  Everything here is
generic linear algebra: the traces of ``K[x]/(f)`` (power sums of the roots, so that a sum over the
conjugate roots of ``f`` is one exact element of ``K``), powers modulo ``f``, expansions at infinity,
and the classification of an irreducible factor by where its roots lie with respect to the unit circle.
"""

from __future__ import annotations

from functools import lru_cache
from math import gcd, lcm

import flint
import sympy
from sympy import Poly
from sympy.polys.domains import QQ

from ..errors import InvalidArgumentError
from .budget import check_memory

__all__ = [
    "GEN",
    "poly_from_coeffs",
    "coeffs",
    "power_sums",
    "trace",
    "power_mod",
    "recurrence_term",
    "series_at_infinity",
    "numerator_over",
    "factor_monic",
    "dickson",
    "symmetric_to_dickson",
    "palindromic_cosine_poly",
    "cyclotomic_order",
    "CircleFactor",
    "unit_circle",
    "real_roots_of",
]

#: the generator of every internal polynomial (a Dummy: it never clashes with a parameter's name)
GEN = sympy.Dummy("x")


def poly_from_coeffs(low_to_high, K, gen=GEN) -> Poly:
    """The polynomial ``sum_j c_j x^j`` from its coefficients (domain elements), lowest degree first.

    Examples
    --------
    >>> poly_from_coeffs([QQ(1), QQ(0), QQ(2)], QQ).as_expr().subs(GEN, 3)
    19
    """
    c = list(low_to_high)
    while c and c[-1] == K.zero:
        c.pop()
    return Poly.from_list(c[::-1] or [K.zero], gen, domain=K)


def coeffs(f: Poly, length: int | None = None) -> list:
    """The coefficients of ``f`` as domain elements, lowest degree first (padded with zeros to ``length``).

    Examples
    --------
    >>> coeffs(Poly(GEN**2 + 3, GEN, domain=QQ), 4)
    [3, 0, 1, 0]
    """
    K = f.get_domain()
    out = list(reversed(f.rep.to_list())) if not f.is_zero else []
    if length is not None:
        out += [K.zero] * (length - len(out))
    return out


def power_sums(f: Poly, count: int) -> list:
    """``p_0 .. p_{count-1}``: the sums of the ``j``-th powers of the roots of the monic ``f`` (Newton's identities).

    Examples
    --------
    >>> power_sums(Poly(GEN**2 - GEN - 1, GEN, domain=QQ), 5)  # Lucas numbers
    [2, 1, 3, 4, 7]
    """
    K = f.get_domain()
    d = f.degree()
    c = coeffs(f)  # c[d] == 1
    p = [K(d)]
    for j in range(1, count):
        s = K.zero
        for i in range(1, min(j, d) + 1):
            s += (K(j) if i == j else p[j - i]) * c[d - i]  # p_j + sum a_{d-i} p_{j-i} (+ j a_{d-j} for j <= d) = 0
        p.append(-s)
    return p[:count]


def trace(g: Poly, sums: list):
    """``Tr(g)`` in ``K[x]/(f)``: the sum of ``g(lambda)`` over the roots of ``f``, for ``deg g < deg f``.

    ``sums`` are the power sums of ``f`` (:func:`power_sums`, at least ``deg f`` of them).

    Examples
    --------
    >>> f = Poly(GEN**2 - 2, GEN, domain=QQ)
    >>> trace(Poly(GEN + 3, GEN, domain=QQ), power_sums(f, 2))  # (sqrt2 + 3) + (-sqrt2 + 3)
    6
    """
    K = g.get_domain()
    total = K.zero
    for c, p in zip(coeffs(g), sums):
        if c != K.zero:
            total += c * p
    return total


def power_mod(n: int, f: Poly) -> Poly:
    """``x^n mod f`` by binary powering (``n < 0``: the inverse of ``x`` modulo ``f``, which needs ``f(0) != 0``).

    Examples
    --------
    >>> power_mod(10, Poly(GEN**2 - GEN - 1, GEN, domain=QQ)).as_expr()  # x^10 = F_10 x + F_9 modulo x^2 - x - 1
    55*_x + 34
    """
    K = f.get_domain()
    base = Poly(GEN, GEN, domain=K)
    if n < 0:
        base = base.invert(f)
        n = -n
    result = Poly(K.one, GEN, domain=K).rem(f)
    base = base.rem(f)
    while n:
        if n & 1:
            result = (result * base).rem(f)
        n >>= 1
        if n:
            base = (base * base).rem(f)
    return result


def recurrence_term(terms: list, f: Poly, n: int):
    """``s_n`` of a sequence obeying the recurrence of the monic ``f``, from its first ``deg f`` terms.

    ``x^n mod f = sum_j r_j x^j`` gives ``s_n = sum_j r_j s_j``.  Over ``QQ`` the powering runs in integers:
    with ``D`` the common denominator of ``f``, ``g(y) = D^d f(y / D)`` is monic with integer coefficients,
    ``y^n mod g = sum_j r'_j y^j`` takes ``log2 n`` python-flint ``fmpz_poly`` squarings, and
    ``s_n = D^-n sum_j r'_j D^j s_j``: one fraction is reduced, at the end.

    Examples
    --------
    >>> int(recurrence_term([QQ(0), QQ(1)], Poly(GEN**2 - GEN - 1, GEN, domain=QQ), 300)) % 10**9  # F_300
    990979600
    """
    K = f.get_domain()
    d = f.degree()
    if n < d:
        return terms[n]
    if not K.is_QQ:
        return sum((c * t for c, t in zip(coeffs(power_mod(n, f)), terms) if c != K.zero), K.zero)
    c = coeffs(f)
    D = lcm(*(int(v.q) for v in c))
    bits = n * (D.bit_length() + max(int(abs(v)).bit_length() for v in c) + 1)  # size of one coefficient of y^n mod g
    check_memory(
        6 * d * bits // 8,
        f"the exact term n = {n:,} of a recurrence of order {d} (about {bits * 0.30103:,.0f} digits per coefficient)",
        "ask for a smaller n",
    )
    g = flint.fmpz_poly([int(v.p) * (D ** (d - j) // int(v.q)) for j, v in enumerate(c)])
    r = flint.fmpz_poly([1]) % g
    base = flint.fmpz_poly([0, 1]) % g
    m = n
    while m:
        if m & 1:
            r = (r * base) % g
        m >>= 1
        if m:
            base = (base * base) % g
    acc = flint.fmpq(0)
    for j, rj in enumerate(r.coeffs()):
        if rj and terms[j]:
            acc += rj * D**j * terms[j]
    return acc / flint.fmpz(D) ** n


def series_at_infinity(P: Poly, F: Poly, count: int) -> list:
    """``b_0 .. b_{count-1}`` with ``P(x)/F(x) = sum_n b_n x^(-n-1)`` (``deg P < deg F``).

    These are the terms of the linear recurrence whose characteristic polynomial is ``F``, the
    sequence whose generating function the proper fraction ``P/F`` is.

    Examples
    --------
    >>> series_at_infinity(Poly(1, GEN, domain=QQ), Poly(GEN**2 - GEN - 1, GEN, domain=QQ), 6)
    [0, 1, 1, 2, 3, 5]
    """
    K = F.get_domain()
    D = F.degree()
    rF = coeffs(F)[::-1]  # reversed: rF[0] = leading coefficient
    rP = coeffs(P, D)[::-1]  # in y = 1/x: P/F = y * rP(y) / rF(y)
    b: list = []
    for n in range(count):
        s = rP[n] if n < len(rP) else K.zero
        for j in range(1, min(n, D) + 1):
            s -= rF[j] * b[n - j]
        b.append(K.quo(s, rF[0]))
    return b


def numerator_over(terms: list, Q: Poly) -> Poly:
    """``P`` with ``P/Q = sum_n terms[n] x^(-n-1)`` for a sequence obeying the recurrence of ``Q``.

    ``terms`` holds at least ``deg Q`` terms; the inverse of :func:`series_at_infinity`.

    Examples
    --------
    >>> numerator_over([QQ(0), QQ(1)], Poly(GEN**2 - GEN - 1, GEN, domain=QQ)).as_expr()
    1
    """
    K = Q.get_domain()
    D = Q.degree()
    q = coeffs(Q)
    out = []
    for j in range(D):
        s = K.zero
        for n in range(D - j):
            s += q[j + n + 1] * terms[n]
        out.append(s)
    return poly_from_coeffs(out, K)


@lru_cache(maxsize=256)
def factor_monic(Q: Poly) -> tuple:
    """The monic irreducible factors of ``Q`` over its domain with their multiplicities (cached).

    Over ``QQ`` python-flint factors (a degree-50 polynomial in milliseconds).

    Examples
    --------
    >>> [(f.as_expr(), e) for f, e in factor_monic(Poly((GEN - 1) ** 2 * (GEN**2 + 1), GEN, domain=QQ))]
    [(_x - 1, 2), (_x**2 + 1, 1)]
    """
    _, pairs = Q.factor_list()
    out = [(f.monic(), e) for f, e in pairs if f.degree() > 0]
    return tuple(sorted(out, key=lambda fe: (fe[0].degree(), str(fe[0].as_expr()))))


def dickson(j: int, K) -> Poly:
    """``D_j(c)`` with ``D_j(x + 1/x) = x^j + x^-j`` (``D_0 = 2``, ``D_1 = c``, ``D_{j+1} = c D_j - D_{j-1}``).

    Examples
    --------
    >>> dickson(3, QQ).as_expr()
    _x**3 - 3*_x
    """
    prev, cur = Poly(2, GEN, domain=K), Poly(GEN, GEN, domain=K)
    if j == 0:
        return prev
    for _ in range(j - 1):
        prev, cur = cur, Poly(GEN, GEN, domain=K) * cur - prev
    return cur


def symmetric_to_dickson(sym: list, K) -> Poly:
    """The polynomial ``R(c)`` with ``sum_j s_j (x^j + x^-j) / (1 + [j = 0]) = R(x + 1/x)``.

    ``sym[j]`` is the coefficient of ``x^j`` (and of ``x^-j``) of a Laurent polynomial invariant under
    ``x -> 1/x``: the constant ``sym[0]`` is counted once.

    Examples
    --------
    >>> symmetric_to_dickson([QQ(5, 4), QQ(1, 2)], QQ).as_expr()  # 5/4 + (x + 1/x)/2
    _x/2 + 5/4
    """
    out = Poly(sym[0] if sym else K.zero, GEN, domain=K)
    for j in range(1, len(sym)):
        if sym[j] != K.zero:
            out += dickson(j, K) * Poly(sym[j], GEN, domain=K)
    return out


def palindromic_cosine_poly(f: Poly) -> Poly | None:
    """``g`` with ``f(x) = x^m g(x + 1/x)`` when the monic ``f`` of even degree ``2m`` is palindromic, else None.

    Examples
    --------
    >>> palindromic_cosine_poly(Poly(GEN**2 + GEN + 1, GEN, domain=QQ)).as_expr()
    _x + 1
    >>> palindromic_cosine_poly(Poly(GEN**2 + GEN + 2, GEN, domain=QQ)) is None
    True
    """
    K = f.get_domain()
    d = f.degree()
    c = coeffs(f)
    if d < 2 or d % 2 or any(c[j] != c[d - j] for j in range(d + 1)):
        return None
    m = d // 2
    return symmetric_to_dickson([c[m], *c[m + 1 :]], K)


def cyclotomic_order(f: Poly) -> int:
    """``n`` when the monic ``f`` over ``QQ`` is the cyclotomic polynomial ``Phi_n``, else 0.

    Examples
    --------
    >>> cyclotomic_order(Poly(GEN**4 + GEN**3 + GEN**2 + GEN + 1, GEN, domain=QQ))
    5
    """
    if f.get_domain() != QQ:
        return 0
    c = coeffs(f)
    if any(v.q != 1 for v in c):
        return 0
    return int(flint.fmpz_poly([int(v.p) for v in c]).is_cyclotomic())


class CircleFactor:
    """The roots of a monic irreducible factor that lie on the unit circle, with their angles.

    ``angles`` are sympy values in ``[0, 2 pi)``, ``roots`` the matching ``e^(i omega)``, and
    ``cosines`` the values ``x + 1/x = 2 cos(omega)`` (``None`` for ``x = 1`` and ``x = -1``); ``cosine_poly``
    is the polynomial ``g`` of :func:`palindromic_cosine_poly` whose roots the ``cosines`` are.
    """

    def __init__(self, angles, roots, cosines, cosine_poly):
        self.angles, self.roots, self.cosines, self.cosine_poly = angles, roots, cosines, cosine_poly


def _quadratic_roots(g: Poly) -> list:
    a, b, c = (g.get_domain().to_sympy(v) for v in coeffs(g)[::-1])
    s = sympy.sqrt(b * b - 4 * a * c)
    return sorted([(-b - s) / (2 * a), (-b + s) / (2 * a)], key=lambda r: complex(sympy.N(r, 30)).real)


def real_roots_of(g: Poly) -> list:
    """The real roots of an irreducible ``g`` over ``QQ`` in increasing order: rational, radicals or ``CRootOf``.

    Examples
    --------
    >>> real_roots_of(Poly(GEN**2 - 2, GEN, domain=QQ))
    [-sqrt(2), sqrt(2)]
    """
    d = g.degree()
    if d == 1:
        c = coeffs(g)
        return [QQ.to_sympy(-c[0] / c[1])]
    if d == 2:
        return _quadratic_roots(g)
    expr = g.as_expr()
    return [sympy.CRootOf(expr, i) for i in range(sympy.Poly(expr, GEN).count_roots())]


def unit_circle(f: Poly) -> CircleFactor | None:
    """Where the roots of the monic irreducible ``f`` over ``QQ`` lie: all on the unit circle, or none.

    Returns the :class:`CircleFactor` when every root has modulus 1, None when none has.  A root on
    the circle makes its inverse (its complex conjugate) a root too, so an irreducible ``f`` with one
    root on the circle is palindromic; its roots on the circle are the ``x = e^(+-i omega)`` with
    ``g(2 cos omega) = 0`` for ``f(x) = x^m g(x + 1/x)``, counted exactly by Sturm's theorem.

    Raises
    ------
    InvalidArgumentError
        When only some roots lie on the circle (the others then lie on both sides of it: the
        sequence grows without bound, which no process's correlations do).

    Examples
    --------
    >>> unit_circle(Poly(GEN**2 + 1, GEN, domain=QQ)).angles
    [pi/2, 3*pi/2]
    >>> unit_circle(Poly(GEN + QQ(1, 2), GEN, domain=QQ)) is None
    True
    >>> unit_circle(Poly(5 * GEN**2 - 6 * GEN + 5, GEN, domain=QQ).monic()).angles  # (3 +- 4i)/5
    [acos(3/5), -acos(3/5) + 2*pi]
    """
    d = f.degree()
    c = coeffs(f)
    if d == 1:
        root = QQ.to_sympy(-c[0])
        if root == 1:
            return CircleFactor([sympy.Integer(0)], [sympy.Integer(1)], [None], None)
        if root == -1:
            return CircleFactor([sympy.pi], [sympy.Integer(-1)], [None], None)
        return None
    g = palindromic_cosine_poly(f)
    if g is None:
        return None
    m = g.degree()
    inside = g.count_roots(-2, 2)  # the endpoints are roots only of x -+ 1, not of an irreducible f of degree >= 2
    if inside == 0:
        return None
    if inside != m:
        raise InvalidArgumentError(
            f"the factor {f.as_expr()} of the recurrence has {2 * inside} of its {d} roots on the unit circle and "
            "the others off it (some outside): such a sequence grows without bound"
        )
    n = cyclotomic_order(f)
    if n:
        ks = [k for k in range(1, (n + 1) // 2) if gcd(k, n) == 1]
        half = [2 * sympy.pi * k / n for k in ks]
        cosines = [2 * sympy.cos(a) for a in half]
    else:
        cosines = real_roots_of(g)[::-1]  # decreasing cosine: increasing angle
        half = [sympy.acos(cv / 2) for cv in cosines]
    angles = half + [2 * sympy.pi - a for a in reversed(half)]
    cos_all = cosines + cosines[::-1]
    roots = [
        sympy.exp(sympy.I * a) if n else cv / 2 + sympy.I * sympy.sqrt(1 - cv**2 / 4) for a, cv in zip(half, cosines)
    ]
    roots = roots + [sympy.conjugate(r) for r in reversed(roots)]
    return CircleFactor(angles, roots, cos_all, g)
