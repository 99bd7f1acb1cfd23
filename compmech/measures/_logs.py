"""Exact sums of rational multiples of base-2 logarithms.

Every finite-MSP measure is ``c_0 + sum_b c_b log2(b)`` with rational ``c``.
:class:`Log2Sum` keeps that form canonical by writing each rational through
its prime factorization (powers of 2 go to the rational part, since
``log2(2) = 1``), so equal quantities compare equal exactly.  Numbers whose
factorization would be too slow keep a composite cofactor as a base; values
stay exact, only the comparison may then miss an equality.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import flint
import sympy
from sympy.polys.domains import QQ

from ..errors import InvalidArgumentError
from ..kernel.exact import as_sympy

__all__ = ["Log2Sum", "entropy_terms", "from_sympy", "to_expr", "log2_of"]

#: numbers up to this many bits are factored completely (python-flint, milliseconds); larger ones
#: into their prime factors below 2^_SMOOTH_BITS and one cofactor (exact either way)
_FULL_FACTOR_BITS = 256
_SMOOTH_BITS = 40


@lru_cache(maxsize=200_000)
def _odd_factors(n: int) -> tuple:
    """Factors (base, exponent) of ``n``: prime, except one cofactor of a number beyond 256 bits.

    python-flint's ``fmpz.factor`` is about 75x faster than sympy's ``factorint`` on the denominators
    of random machines (24 digits: 3.5 ms against 0.27 s for 100 numbers).  Above 256 bits a complete
    factorization can take arbitrarily long, so ``factor_smooth`` stops at 40-bit factors and keeps the
    rest as one base: the logarithm stays exact, only its base is not prime.

    Examples
    --------
    >>> _odd_factors(3**4 * 5 * 7919)
    ((3, 4), (5, 1), (7919, 1))
    """
    if n <= 1:
        return ()
    z = flint.fmpz(n)
    pairs = z.factor() if n.bit_length() <= _FULL_FACTOR_BITS else z.factor_smooth(_SMOOTH_BITS)
    out: dict = {}
    for b, e in pairs:
        out[int(b)] = out.get(int(b), 0) + int(e)
    return tuple(sorted(out.items()))


class Log2Sum:
    """``rational + sum_b coeff_b * log2(b)`` with exact rational coefficients.

    Examples
    --------
    >>> h = Log2Sum.log2(Fraction(1, 3)) * Fraction(-1, 3) + Log2Sum.log2(Fraction(2, 3)) * Fraction(-2, 3)
    >>> h.to_sympy()
    -2/3 + log(3)/log(2)
    >>> round(float(h), 12)
    0.918295834054
    """

    __slots__ = ("rational", "logs")

    def __init__(self, rational=Fraction(0), logs=None):
        self.rational = Fraction(rational)
        self.logs = {b: c for b, c in (logs or {}).items() if c != 0}

    @classmethod
    def log2(cls, q, factors=None) -> Log2Sum:
        """Exact ``log2(q)`` for a positive rational ``q`` (``factors(n)``: the odd part's (base, exponent) pairs)."""
        factors = factors or _odd_factors
        q = Fraction(q)
        if q <= 0:
            raise InvalidArgumentError(f"log2 of a non-positive number {q}")
        rational = Fraction(0)
        logs: dict = {}
        for part, sign in ((q.numerator, 1), (q.denominator, -1)):
            tz = (part & -part).bit_length() - 1
            rational += sign * tz
            for b, e in factors(part >> tz):
                logs[b] = logs.get(b, 0) + sign * e
        return cls(rational, logs)

    def __add__(self, other):
        if not isinstance(other, Log2Sum):
            other = Log2Sum(Fraction(other))
        logs = dict(self.logs)
        for b, c in other.logs.items():
            logs[b] = logs.get(b, 0) + c
        return Log2Sum(self.rational + other.rational, logs)

    __radd__ = __add__

    def __neg__(self):
        return Log2Sum(-self.rational, {b: -c for b, c in self.logs.items()})

    def __sub__(self, other):
        return self + (-other if isinstance(other, Log2Sum) else -Fraction(other))

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, k):
        k = Fraction(k)
        return Log2Sum(self.rational * k, {b: c * k for b, c in self.logs.items()})

    __rmul__ = __mul__

    def __eq__(self, other):
        if not isinstance(other, Log2Sum):
            try:
                other = Log2Sum(Fraction(other))
            except (TypeError, ValueError):
                return NotImplemented
        return self.rational == other.rational and self.logs == other.logs

    def __hash__(self):
        return hash((self.rational, tuple(sorted(self.logs.items()))))

    def is_zero(self) -> bool:
        return self.rational == 0 and not self.logs

    def to_sympy(self) -> sympy.Expr:
        """The value as a sympy expression in natural logs (``log(3)/log(2)``)."""
        terms = [sympy.Rational(self.rational.numerator, self.rational.denominator)]
        log2 = sympy.log(2)
        for b in sorted(self.logs):
            c = self.logs[b]
            # a base is a prime (or a cofactor no smaller log would simplify): log's evaluation has nothing to
            # do but costs milliseconds per base, minutes for the thousands of a long block's entropy
            log_b = sympy.log(sympy.Integer(b), evaluate=False)
            terms.append(sympy.Rational(c.numerator, c.denominator) * log_b / log2)
        return sympy.Add(*terms)  # one flattening, not one per term

    def __float__(self):
        import mpmath

        with mpmath.workdps(30):
            total = mpmath.mpf(self.rational.numerator) / self.rational.denominator
            for b, c in self.logs.items():
                total += mpmath.mpf(c.numerator) / c.denominator * mpmath.log(b, 2)
            return float(total)

    def to_arb(self):
        """The value as a flint arb ball (128 bits), a certified enclosure."""
        import flint

        flint.ctx.prec = 128
        arb = flint.arb
        total = arb(flint.fmpq(self.rational.numerator, self.rational.denominator))
        for b, c in self.logs.items():
            total += arb(flint.fmpq(c.numerator, c.denominator)) * arb(b).log() / arb(2).log()
        return total

    def __repr__(self):
        return f"Log2Sum({self.to_sympy()})"


def from_sympy(expr) -> Log2Sum:
    """Read ``c0 + sum_b c_b log(b)/log(2)`` (rational ``c``, integer ``b``) back into a :class:`Log2Sum`.

    Raises ``ValueError`` for expressions of any other form (symbols, irrational coefficients).

    Examples
    --------
    >>> from_sympy(sympy.log(9) / sympy.log(2) - sympy.Rational(4, 3)) == Log2Sum.log2(9) - Fraction(4, 3)
    True
    """
    expr = as_sympy(expr, "measure value")
    known = _PRODUCED.get(expr)
    if known is not None:  # a value compmech produced: read back without expanding
        return known
    total = Log2Sum()
    for term, coeff in sympy.expand(expr * sympy.log(2)).as_coefficients_dict().items():
        if not isinstance(coeff, sympy.Rational):
            raise InvalidArgumentError(f"not a rational combination of logs: {expr}")
        c = Fraction(int(coeff.p), int(coeff.q))
        if c == 0:
            continue
        if isinstance(term, sympy.log) and isinstance(term.args[0], sympy.Rational):
            a = term.args[0]
            total = total + Log2Sum.log2(Fraction(int(a.p), int(a.q))) * c
        elif term == 1:
            raise InvalidArgumentError(f"{expr} has a term not multiplied by log(2)")
        else:
            raise InvalidArgumentError(f"not a rational combination of logs: {expr}")
    return total


def log2_of(q, K):
    """``log2(q)`` for a domain element: a :class:`Log2Sum` over ``QQ``, else a sympy expression."""
    if K == QQ:
        return Log2Sum.log2(Fraction(int(q.numerator), int(q.denominator)))
    return sympy.log(K.to_sympy(q)) / sympy.log(2)


def _coeff(q, K):
    if K == QQ:
        return Fraction(int(q.numerator), int(q.denominator))
    return K.to_sympy(q)


def _fmpq(x):
    """A Fraction or an int as a python-flint rational (about 10x faster to add and multiply)."""
    return flint.fmpq(x.numerator, x.denominator) if isinstance(x, Fraction) else flint.fmpq(int(x))


def _accumulate(pairs) -> Log2Sum:
    """``sum c * s`` over ``(Fraction c, Log2Sum s)`` pairs, in place (linear in the number of terms).

    The sums run in python-flint rationals (exact, like Fraction, and faster) and come back as Fractions.
    """
    rational = flint.fmpq(0)
    logs: dict = {}
    zero = flint.fmpq(0)
    for c, s in pairs:
        cq = _fmpq(c)
        if s.rational:
            rational += cq * _fmpq(s.rational)
        for b, e in s.logs.items():
            logs[b] = logs.get(b, zero) + cq * (e if isinstance(e, int) else _fmpq(e))
    as_fraction = lambda q: Fraction(int(q.p), int(q.q))  # noqa: E731
    return Log2Sum(as_fraction(rational), {b: as_fraction(v) for b, v in logs.items()})


def entropy_terms(probs, K):
    """``-sum p log2 p`` over the non-zero domain elements ``probs``."""
    if K == QQ:
        return _accumulate((-_coeff(p, K), log2_of(p, K)) for p in probs if p != K.zero)
    total = sympy.Integer(0)
    for p in probs:
        if p != K.zero:
            total = total + log2_of(p, K) * (-_coeff(p, K))
    return total


def combine(coeffs, values, K):
    """``sum_i coeffs[i] * values[i]`` with domain-element coefficients."""
    coeffs, values = list(coeffs), list(values)
    if K == QQ and all(isinstance(v, Log2Sum) for v in values):
        return _accumulate((_coeff(c, K), v) for c, v in zip(coeffs, values) if c != K.zero)
    total = Log2Sum() if K == QQ else sympy.Integer(0)
    for c, v in zip(coeffs, values):
        if c != K.zero:
            total = total + v * _coeff(c, K)
    return total


#: sympy expression -> the Log2Sum it was written from (bounded): combining measure values (a mixture's
#: identities) reads them back by lookup; equal expressions are equal values, so the lookup is exact
_PRODUCED: dict = {}


def to_expr(value) -> sympy.Expr:
    """Public form: a sympy expression (simplified for parametric values)."""
    if isinstance(value, Log2Sum):
        expr = value.to_sympy()
        if len(_PRODUCED) >= 4096:
            _PRODUCED.clear()
        _PRODUCED[expr] = value
        return expr
    return sympy.simplify(value) if isinstance(value, sympy.Expr) and value.free_symbols else value
