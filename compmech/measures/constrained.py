"""Constrained belief updates: what the first attention layer of a transformer can compute, predicted exactly.

Piotrowski, Riechers, Filan & Shai (ICML 2025, arXiv:2502.01954) explain the first layer of a
transformer trained on a hidden Markov process as a *constrained*, parallel version of Bayes' rule.
The exact belief after ``w = x_1 .. x_n`` is the recursion ``eta_s = eta_(s-1) T^(x_s) / (eta_(s-1)
T^(x_s) tau)`` from the stationary ``pi``; one attention layer cannot run a recursion, only a weighted
sum over positions of vectors that each depend on one token.  Keeping of Bayes' rule what such a sum
can hold, each token is read *alone*, from the stationary state, and its update is carried forward by
the token-free dynamics ``T = sum_x T^(x)``:

    ``b(w) = pi + sum_(s=1..n) delta_(x_s) T^(n-s)``,  ``delta_x = pi T^(x) / (pi T^(x) tau) - pi``.

The spectral decomposition ``T^d = tau pi + sum_(lambda != 1) lambda^d Pi_lambda`` (diagonalizable part;
``delta tau = 0`` removes the stationary term) turns it into attention:

    ``b(w) = pi + sum_lambda sum_(d=0..n-1) lambda^d  delta_(x_(n-d)) Pi_lambda``,

weights decaying like ``lambda^d`` with the distance ``d = n - s`` and, for each token, the vector
``delta_x Pi_lambda`` (the OV vector) in belief coordinates.  Softmax weights are positive and sum to
one, which shapes the heads: eigenvalues of one modulus ``r`` share a head when all are positive; a
negative one (``lambda^d`` alternates) needs two heads, one on the even and one on the odd distances,
with opposite OV vectors; in general a modulus whose eigenvalues are ``r e^(2 pi i k / q)`` needs
``lcm(q)`` heads, one per residue of ``d`` modulo it (a complex pair's rotation is then a fixed phase per
head).  An eigenvalue whose angle is not a rational multiple of ``2 pi`` cannot be carried by a finite
number of such heads.  Eigenvalue 0 acts only at ``d = 0`` (the current token's embedding).

Assumptions (stated, not hidden): the first layer is a sum over positions of one-token vectors (no
token-token interaction); each token's update is taken from the stationary state (first order in
the other tokens); the weights are exactly ``lambda^d``.  The softmax normalization ``1 / sum_d r^d`` is a
second constraint: ``beliefs(word, normalized=True)`` is the geometry the normalized heads give.
For a context of one token both equal the exact belief.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import flint
import mpmath
import sympy
from sympy import Poly
from sympy.polys.domains import QQ

from ..errors import BudgetExceededError, InvalidArgumentError
from ..kernel.expoly import charpoly, factor_roots
from ..kernel.polys import GEN, coeffs, cyclotomic_order, factor_monic
from ..models.ghmm import GHMM

__all__ = ["constrained_update", "ConstrainedUpdate", "HeadGroup"]

#: digits of the numeric checks used only for eigenvalues of degree >= 3 (flagged where used)
_DIGITS = 60
#: largest degree of an irreducible factor of ``T``'s characteristic polynomial whose roots are isolated
#: exactly (sympy's ``CRootOf``): about 10 s at degree 30, 99 s at 49 on a shared 2-core machine
MAX_EXACT_DEGREE = 30
_LAM = sympy.Symbol("lamda")


@dataclass(frozen=True)
class HeadGroup:
    """The eigenvalues of one modulus that the update uses, and the softmax heads they need.

    Attributes
    ----------
    modulus : sympy.Expr
        ``|lambda|``, the decay rate of the attention weights ``|lambda|^d``.
    eigenvalues : tuple
        The distinct eigenvalues of this modulus (exact), over all factors of a product.
    period : int or None
        ``q``: ``(lambda / |lambda|)^q = 1`` for every eigenvalue here (1: all positive, 2: a negative one,
        ``k``: roots of unity of order ``k``); ``None`` when an angle is not a rational multiple of ``2 pi``.
    index : int
        The size of the largest Jordan block (1: diagonalizable).
    n_heads : int or None
        Softmax heads needed: ``period * index`` (``index - 1`` hard heads for the eigenvalue 0);
        ``None`` when no finite number of heads with token-only OV vectors carries it.
    exact : bool
        False when the modulus or the period was decided with 60-digit arithmetic (eigenvalues of degree >= 3).
    note : str
        What a head can and cannot do here.
    """

    modulus: sympy.Expr
    eigenvalues: tuple
    period: int | None
    index: int
    n_heads: int | None
    exact: bool
    note: str


class _Root:
    """One eigenvalue: exact value (computed on demand for factors of degree >= 3), numeric value, modulus, period."""

    def __init__(self, fac, f: Poly, i: int, num, multiplicity: int, index: int):
        self.fac, self.factor, self.f, self.i, self.num = fac, fac.k, f, i, num
        self.multiplicity, self.index = multiplicity, index
        self.small = f.degree() <= 2 or bool(cyclotomic_order(f))
        self.real = mpmath.im(num) == 0
        self.zero = num == 0
        self.period, exact = _angle_period(self)
        self.exact = exact and self.small  # moduli of larger factors are compared at 60 digits

    @cached_property
    def value(self) -> sympy.Expr:
        if self.small:
            return self.fac.exact_roots(self.f)[self.i]
        return self.fac.crootof(self.f, self.num)

    @cached_property
    def key(self):
        """``|lambda|^2``: exact for degree <= 2 and roots of unity, 60 digits otherwise."""
        if not self.small:
            return abs(self.num) ** 2
        lam = self.value
        return sympy.radsimp(sympy.expand(lam**2 if self.real else lam * sympy.conjugate(lam)))

    @cached_property
    def modulus(self) -> sympy.Expr:
        if self.small:
            return sympy.radsimp(sympy.sqrt(self.key))
        return sympy.Abs(self.value)

    @property
    def sort_key(self) -> tuple:
        return (-float(abs(self.num)), float(mpmath.arg(self.num)) % (2 * math.pi), float(mpmath.re(self.num)))


def _fmpq(v) -> flint.fmpq:
    return flint.fmpq(int(QQ.numer(v)), int(QQ.denom(v)))


def _zero(v: flint.fmpq_mat) -> bool:
    return all(v[0, j] == 0 for j in range(v.ncols()))


def _sym(v) -> sympy.Rational:
    return sympy.Rational(int(v.p), int(v.q))


def _poly(c) -> Poly:
    """A flint ``fmpq_poly`` as a sympy Poly over ``QQ`` in the internal generator."""
    return Poly.from_list([QQ(int(v.p), int(v.q)) for v in reversed(c.coeffs())], GEN, domain=QQ)


class _Factor:
    """One process: its exact data, update directions and spectral pieces (flint rationals)."""

    def __init__(self, hmm: GHMM, k: int, max_degree: int | None = MAX_EXACT_DEGREE):
        self.max_degree = max_degree
        hmm.require_numeric("constrained_update")
        if not hmm.domain.is_QQ:
            raise InvalidArgumentError(
                f"constrained_update needs rational entries; the domain of {hmm.name or 'this process'} is {hmm.domain}"
            )
        self.hmm, self.k, n = hmm, k, hmm.n_states
        ker = hmm.kernel
        self.T = flint.fmpq_mat(n, n)
        for m in ker.matrices:
            self.T += flint.fmpq_mat(n, n, [_fmpq(v) for row in m for v in row])
        self.pi = flint.fmpq_mat(1, n, [_fmpq(v) for v in ker.stationary()])
        self.delta: list = []  # per symbol: eta^(x) - pi, or None for a symbol of probability 0
        for x in range(hmm.n_symbols):
            v = ker.step(ker.stationary(), x)
            total = ker.normalizer(v)
            self.delta.append(
                None if total == QQ.zero else flint.fmpq_mat(1, n, [_fmpq(QQ.quo(a, total)) for a in v]) - self.pi
            )
        rows = [[QQ(int(self.T[i, j].p), int(self.T[i, j].q)) for j in range(n)] for i in range(n)]
        self.chi = charpoly(rows, QQ)
        self.mu = _poly(self.T.minpoly())
        self._krylov = [self._powers(d) for d in self.delta]
        self._exact: dict = {}

    def exact_roots(self, f: Poly) -> list:
        """The roots of a factor of degree <= 2 or cyclotomic: rational, surds, ``exp(2 pi i k/n)``."""
        if f not in self._exact:
            self._exact[f] = [sympy.nsimplify(v) if f.degree() == 1 else v for v in factor_roots(f)]
        return self._exact[f]

    def crootof(self, f: Poly, num) -> sympy.Expr:
        """The ``CRootOf`` of ``f`` whose isolating interval holds the numeric root ``num`` (sympy's isolation: slow
        for large degrees, so done only when an exact value is asked for)."""
        if f not in self._exact:
            if self.max_degree is not None and f.degree() > self.max_degree:
                raise BudgetExceededError(
                    f"the exact eigenvalues of T include the roots of an irreducible factor of degree {f.degree()}: "
                    f"isolating them exactly (CRootOf) is refused beyond degree max_degree={self.max_degree} "
                    "(minutes); .heads (certified numerically) does not need them; "
                    "pass max_degree=None to compute anyway"
                )
            self._exact[f] = sympy.Poly(f.as_expr(), GEN).all_roots(radicals=False)
        z = complex(num)
        return min(self._exact[f], key=lambda r: abs(complex(r.evalf(30)) - z))  # the root at 30 digits nearest

    def _powers(self, v):
        if v is None:
            return None
        out = [v]
        for _ in range(self.mu.degree() - 1):
            out.append(out[-1] * self.T)
        return out

    def index(self, f: Poly) -> int:
        return dict(factor_monic(self.mu)).get(f, 0)

    def projected(self, f: Poly) -> list:
        """``delta_x Pi_f`` per symbol (``Pi_f`` the spectral projector on the roots of ``f``), via ``e_f(T)``."""
        F = f ** self.index(f)
        G = self.mu.quo(F)
        e = coeffs((G * G.invert(F)).rem(self.mu))
        out: list = []
        for kr in self._krylov:
            if kr is None:
                out.append(None)
                continue
            acc = kr[0] * 0
            for c, row in zip(e, kr):
                if c != QQ.zero:
                    acc += row * _fmpq(c)
            out.append(acc)
        return out

    def step(self, v, d: int):
        for _ in range(d):
            v = v * self.T
        return v


def _angle_period(r: _Root) -> tuple[int | None, bool]:
    """``(q, exact)``: the least ``q`` with ``(lambda/|lambda|)^q = 1`` (None when there is none)."""
    if r.zero:
        return 1, True
    if r.real:
        return (1 if mpmath.re(r.num) > 0 else 2), True
    n = cyclotomic_order(r.f)
    if n:
        return n, True
    if r.f.degree() == 2:  # a complex pair of Q(sqrt(-D)): the only roots of unity there have order 3, 4 or 6
        lam = r.value
        for q in (3, 4, 6):
            p = sympy.expand(lam**q)
            if sympy.im(p) == 0 and sympy.re(p) > 0:
                return q, True
        return None, True
    # degree >= 3: 60 digits (flagged): phi(q) <= deg(lambda / conj(lambda)) <= deg f (deg f - 1)
    bound = r.f.degree() * (r.f.degree() - 1)
    with mpmath.workdps(_DIGITS):
        t = mpmath.arg(r.num) / (2 * mpmath.pi)
        frac = Fraction(mpmath.nstr(t, _DIGITS - 5)).limit_denominator(2 * bound * bound + 2)
        close = abs(t - mpmath.mpf(frac.numerator) / frac.denominator) < mpmath.mpf(10) ** -40
        if close and frac.denominator > 1 and int(sympy.totient(frac.denominator)) <= bound:
            return frac.denominator, False
    return None, False


def _numeric_roots(f: Poly) -> list:
    """The roots of ``f`` at 60 digits, in the order of :func:`_exact_roots` (python-flint's certified isolation)."""
    c = coeffs(f)
    den = math.lcm(*(int(QQ.denom(v)) for v in c))
    old = flint.ctx.prec
    flint.ctx.prec = 4 * _DIGITS
    try:
        balls: list = flint.fmpz_poly([int(QQ.numer(v * den)) for v in c]).complex_roots()
    finally:
        flint.ctx.prec = old
    out = []
    with mpmath.workdps(_DIGITS):
        for z, _ in balls:
            re = mpmath.mpf(z.real.mid().str(_DIGITS, radius=False))
            im = mpmath.mpf(0) if z.imag.is_zero() else mpmath.mpf(z.imag.mid().str(_DIGITS, radius=False))
            out.append(mpmath.mpc(re, im))
    return out


def _roots(fac: _Factor) -> list[_Root]:
    """The eigenvalues of ``T`` with multiplicities, one stationary 1 removed."""
    out = []
    for f, e in factor_monic(fac.chi):
        if f.degree() == 1 and coeffs(f)[0] == -QQ.one:
            e -= 1  # the stationary eigenvalue
            if e == 0:
                continue
        m = fac.index(f)
        if f.degree() <= 2 or cyclotomic_order(f):
            nums = [mpmath.mpmathify(complex(sympy.N(v, 30))) for v in fac.exact_roots(f)]
            nums = [
                mpmath.mpc(mpmath.re(z), 0) if f.degree() == 1 or v.is_real else z
                for z, v in zip(nums, fac.exact_roots(f))
            ]
        else:
            nums = sorted(_numeric_roots(f), key=lambda z: (mpmath.im(z) != 0, mpmath.re(z), mpmath.im(z)))
        out += [_Root(fac, f, i, z, e, m) for i, z in enumerate(nums)]
    return out


def _same_modulus(a: _Root, b: _Root) -> bool:
    if not (a.small and b.small):
        return abs(abs(a.num) - abs(b.num)) < mpmath.mpf(10) ** -40
    return sympy.expand(a.key - b.key) == 0


def _count(g: list[_Root]) -> tuple:
    """``(period, index, n_heads)`` of a group of eigenvalues of one modulus."""
    index = max(r.index for r in g)
    if g[0].zero:
        return 1, index, index - 1
    periods = [r.period for r in g if r.period is not None]
    if len(periods) < len(g):
        return None, index, None
    period = math.lcm(*periods)
    return period, index, period * index


def _note(g: list[_Root], period: int | None, index: int) -> str:
    if g[0].zero:
        if index == 1:
            return "eigenvalue 0: acts at d = 0 only (the current token's embedding)"
        return f"eigenvalue 0 with a Jordan block of size {index}: {index - 1} hard head(s) at d = 1..{index - 1}"
    if period is None:
        note = (
            "an angle that is no rational multiple of 2 pi: a head can carry the envelope |lambda|^d, "
            "not the rotation (it needs values that depend on the query's position)"
        )
    elif period == 1:
        note = "all positive: one head with weights |lambda|^d"
    elif period == 2 and all(r.real for r in g):
        note = "a negative eigenvalue: lambda^d alternates in sign; two heads, even and odd distances"
    else:
        note = f"phases repeat every {period} steps: one head per residue of d modulo {period}"
    if index > 1:
        note += f"; a Jordan block of size {index} multiplies the heads by {index} (weights d^k |lambda|^d)"
    return note


class ConstrainedUpdate:
    """The first-order, attention-shaped belief update of a process (built by :func:`constrained_update`).

    Attributes
    ----------
    factors : tuple of GHMM
        The processes (one, or the factors of a product read jointly).
    tokens : tuple
        The tokens, in order: the process's alphabet, or the tuples of a product's alphabet.
    coordinates : tuple of str
        The belief coordinates: the states (for a product, ``"k:state"``: each factor's own belief).
    stationary : tuple
        ``pi`` in these coordinates.
    decay : tuple of (eigenvalue, multiplicity)
        The eigenvalues of ``T`` other than (one) 1, exact, with algebraic multiplicities, by decreasing
        modulus; for a product, the factors' own (merged), not their products.
    groups : tuple of HeadGroup
        The used eigenvalues grouped by modulus, with the heads each group needs.
    heads : int or None
        Softmax heads the first layer needs (the sum over :attr:`groups`; None if a group cannot be carried).
    """

    def __init__(self, factors: Sequence[GHMM], max_degree: int | None = MAX_EXACT_DEGREE):
        self._f = [_Factor(p, k, max_degree) for k, p in enumerate(factors)]
        self.factors = tuple(factors)
        self._roots = [r for fac in self._f for r in _roots(fac)]
        self._proj = {(fac.k, f): fac.projected(f) for fac in self._f for f, _ in factor_monic(fac.chi)}

    # ------------------------------------------------------------------ structure
    @cached_property
    def tokens(self) -> tuple:
        if len(self.factors) == 1:
            return tuple(self.factors[0].alphabet)
        import itertools

        return tuple(itertools.product(*(p.alphabet for p in self.factors)))

    @cached_property
    def coordinates(self) -> tuple:
        if len(self.factors) == 1:
            return tuple(str(s) for s in self.factors[0].states)
        return tuple(f"{k}:{s}" for k, p in enumerate(self.factors) for s in p.states)

    @cached_property
    def stationary(self) -> tuple:
        return tuple(_sym(fac.pi[0, j]) for fac in self._f for j in range(fac.pi.ncols()))

    @cached_property
    def decay(self) -> tuple:
        merged: dict = {}
        for r in sorted(self._roots, key=lambda r: r.sort_key):
            merged[r.value] = merged.get(r.value, 0) + r.multiplicity
        return tuple(merged.items())

    def _used(self, r: _Root) -> bool:
        return any(v is not None and not _zero(v) for v in self._proj[(r.factor, r.f)])

    @cached_property
    def _grouped(self) -> list[list[_Root]]:
        groups: list[list[_Root]] = []
        for r in sorted((r for r in self._roots if self._used(r)), key=lambda r: r.sort_key):
            for g in groups:
                if _same_modulus(g[0], r):
                    g.append(r)
                    break
            else:
                groups.append([r])
        return groups

    @cached_property
    def groups(self) -> tuple:
        out = []
        for g in self._grouped:
            period, index, n_heads = _count(g)
            values = tuple(dict.fromkeys(r.value for r in g))
            modulus = sympy.Integer(0) if g[0].zero else g[0].modulus
            out.append(
                HeadGroup(modulus, values, period, index, n_heads, all(r.exact for r in g), _note(g, period, index))
            )
        return tuple(out)

    @cached_property
    def heads(self) -> int | None:
        counts = [_count(g)[2] for g in self._grouped]  # no exact root needed: fast for large factors
        return None if None in counts else sum(c for c in counts if c is not None)

    # ------------------------------------------------------------------ vectors
    def _block(self, fac: _Factor, v) -> list:
        """A factor's row vector placed in the joint coordinates (zeros elsewhere)."""
        out = [sympy.Integer(0)] * len(self.coordinates)
        start = sum(f.hmm.n_states for f in self._f[: fac.k])
        for j in range(fac.hmm.n_states):
            out[start + j] = _sym(v[0, j])
        return out

    def _token_parts(self, token) -> list[int]:
        """The symbol index of each factor in a (joint) token."""
        if len(self._f) == 1:
            return self.factors[0].symbol_indices([token])
        if not isinstance(token, tuple) or len(token) != len(self._f):
            raise InvalidArgumentError(f"a token of this product is a tuple of {len(self._f)} symbols, got {token!r}")
        return [p.symbol_indices([t])[0] for p, t in zip(self.factors, token)]

    def _plan(self) -> list[tuple]:
        """``(group, residue, kind)`` per head: ``kind`` is ``"decay"`` or ``("lag", d)`` for nilpotent parts."""
        plan: list[tuple] = []
        for G, g in zip(self.groups, self._grouped):
            if G.n_heads is None:
                continue
            if G.modulus == 0:
                plan += [(g, 0, ("lag", d)) for d in range(1, G.index)]
                continue
            if G.index > 1:
                raise InvalidArgumentError(
                    f"the eigenvalues {list(G.eigenvalues)} have a Jordan block of size {G.index}: OV vectors and weights "
                    "of nondiagonalizable parts are not implemented (decay, heads and beliefs are)"
                )
            plan += [(g, c, "decay") for c in range(G.period or 1)]
        return plan

    @cached_property
    def head_labels(self) -> tuple:
        """One line per head: its decay rate and which distances it attends."""
        out = []
        for g, c, kind in self._plan():
            if kind != "decay":
                out.append(f"lag {kind[1]}: attends d = {kind[1]} only")
                continue
            G = next(G for G, gg in zip(self.groups, self._grouped) if gg is g)
            where = "every d" if G.period == 1 else f"d = {c} mod {G.period}"
            out.append(f"|lambda| = {G.modulus}: weights |lambda|^d on {where}")
        return tuple(out)

    def _head_vector(self, g: list[_Root], c: int, kind, parts: list[int]) -> list:
        total = [sympy.Integer(0)] * len(self.coordinates)
        seen = set()
        for r in g:
            fac = self._f[r.factor]
            d = self._proj[(r.factor, r.f)][parts[r.factor]]
            if d is None or _zero(d):
                continue
            if kind != "decay":
                vec = (
                    [sympy.Integer(0)] * len(self.coordinates)
                    if (r.factor, r.f) in seen
                    else self._block(fac, fac.step(d, kind[1]))
                )
                seen.add((r.factor, r.f))
            elif all(any(rr is r2 for rr in g) for r2 in self._roots if r2.factor == r.factor and r2.f == r.f):
                if (r.factor, r.f) in seen:
                    continue
                seen.add((r.factor, r.f))
                vec = [v / r.modulus**c for v in self._block(fac, fac.step(d, c))]  # r^-c delta Pi_f T^c
            elif r.f.degree() == 2:  # one root of a quadratic whose other root has another modulus
                other = next(x for x in factor_roots(r.f) if x != r.value)
                a, b = self._block(fac, d * fac.T), self._block(fac, d)  # delta Pi_f (T - other) / (lambda - other)
                base = [(x - other * y) / (r.value - other) for x, y in zip(a, b)]
                vec = [sympy.radsimp(sympy.expand(v * (r.value / r.modulus) ** c)) for v in base]
            else:
                raise InvalidArgumentError(
                    f"the roots of {r.f.as_expr()} have different moduli: per-root OV vectors of factors of degree "
                    f"{r.f.degree()} are not implemented"
                )
            total = [sympy.expand(t + v) for t, v in zip(total, vec)]
        return [sympy.nsimplify(v) if v.is_Rational else sympy.radsimp(v) for v in total]

    @cached_property
    def ov(self) -> tuple:
        """The predicted OV vector of each head for each token, exact, in belief coordinates.

        ``ov[h][i]`` is the vector head ``h`` writes for :attr:`tokens` ``[i]``; with the weights
        ``|lambda|^d`` of :meth:`weights` (unnormalized) the heads sum to ``b(w) - pi`` less the
        eigenvalue-0 part at ``d = 0``.
        """
        plan = self._plan()
        return tuple(
            tuple(tuple(self._head_vector(g, c, kind, self._token_parts(t))) for t in self.tokens)
            for g, c, kind in plan
        )

    def weights(self, n: int, normalized: bool = True) -> tuple:
        """The predicted attention weights of each head over the ``n`` positions of a context.

        ``weights(n)[h][s - 1]`` is head ``h``'s weight on position ``s`` (``1 <= s <= n``) from the query at
        position ``n``: ``|lambda|^(n-s)`` on the distances the head attends, divided by their sum
        (softmax weights sum to one); a head with no position to attend (the odd head at ``n = 1``) has
        zero weights.  ``normalized=False`` gives ``|lambda|^(n-s)`` itself.

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> constrained_update(mess3(sympy.Rational(1, 2), sympy.Rational(3, 5))).weights(3)
        ((1/5, 0, 4/5), (0, 1, 0))
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InvalidArgumentError(f"n must be a positive whole number, got {n!r}")
        out = []
        for g, c, kind in self._plan():
            if kind != "decay":
                w = [sympy.Integer(1 if n - s == kind[1] else 0) for s in range(1, n + 1)]
            else:
                G = next(G for G, gg in zip(self.groups, self._grouped) if gg is g)
                q = G.period or 1
                w = [G.modulus ** (n - s) if (n - s) % q == c else sympy.Integer(0) for s in range(1, n + 1)]
                z = sum(w, sympy.Integer(0))
                if normalized and z != 0:
                    w = [sympy.radsimp(v / z) for v in w]
            out.append(tuple(w))
        return tuple(out)

    # ------------------------------------------------------------------ geometry
    def _split(self, word) -> list[list[int]]:
        idx = [self._token_parts(t) for t in word]
        return [[p[k] for p in idx] for k in range(len(self._f))]

    def beliefs(self, word: Sequence, normalized: bool = False) -> tuple:
        """The constrained belief ``b(w) = pi + sum_s delta_(x_s) T^(n-s)`` of a word, exact.

        With ``normalized=True``: the geometry of softmax heads, ``pi + delta_(x_n) Pi_0 + sum_h sum_s
        weights(n)[h][s] ov[h][x_s]`` (each head's weights summing to one).  Both equal the exact belief
        for a word of one token.  For a product, each factor's constrained belief, side by side.

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> cu = constrained_update(mess3())
        >>> cu.beliefs("0") == mess3().belief("0")
        True
        >>> cu.beliefs("00")  # 1 + 17/20 times the update of one 0: outside the simplex
        (1547/1200, -347/2400, -347/2400)
        """
        word = list(word)
        if not word:
            return self.stationary
        if normalized:
            return self._normalized(word)
        out: list = []
        for fac, syms in zip(self._f, self._split(word)):
            acc = fac.pi
            n = len(syms)
            for s, x in enumerate(syms):
                if fac.delta[x] is None:
                    raise InvalidArgumentError(f"token {word[s]!r} has probability 0 from the stationary state")
                acc = acc + fac.step(fac.delta[x], n - 1 - s)
            out += [_sym(acc[0, j]) for j in range(acc.ncols())]
        return tuple(out)

    def _normalized(self, word: list) -> tuple:
        n = len(word)
        total = list(self.stationary)
        parts = [self._token_parts(t) for t in word]
        for fac in self._f:  # the eigenvalue-0 part at d = 0 lives in the embedding
            for f, _ in factor_monic(fac.chi):
                if f.degree() == 1 and coeffs(f)[0] == QQ.zero:
                    d = self._proj[(fac.k, f)][parts[-1][fac.k]]
                    total = [t + v for t, v in zip(total, self._block(fac, d))]
        ws = self.weights(n)
        ov = self.ov
        index = {t: i for i, t in enumerate(self.tokens)}
        for h, w in enumerate(ws):
            for s, t in enumerate(word):
                if w[s] != 0:
                    vec = ov[h][index[self._canonical(t)]]
                    total = [a + w[s] * b for a, b in zip(total, vec)]
        return tuple(sympy.radsimp(sympy.expand(v)) for v in total)

    def _canonical(self, t):
        if len(self._f) == 1:
            return self.factors[0].alphabet[self.factors[0].symbol_indices([t])[0]]
        return tuple(p.alphabet[i] for p, i in zip(self.factors, self._token_parts(t)))

    def exact_belief(self, word: Sequence) -> tuple:
        """The exact (Bayesian) belief in the same coordinates (a product: each factor's belief, side by side).

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> constrained_update(mess3()).exact_belief("01") == mess3().belief("01")
        True
        """
        word = list(word)
        out: list = []
        for p, syms in zip(self.factors, self._split(word)):
            out += list(p.belief([p.alphabet[i] for i in syms]))
        return tuple(out)

    def __repr__(self) -> str:
        names = ", ".join(p.name or "?" for p in self.factors)
        return f"ConstrainedUpdate({names}: decay {[(str(v), m) for v, m in self.decay]}, heads {self.heads})"


def constrained_update(process: GHMM, *more: GHMM, max_degree: int | None = MAX_EXACT_DEGREE) -> ConstrainedUpdate:
    """The constrained belief update of the first attention layer (Piotrowski et al., ICML 2025), exact.

    From Bayes' rule ``eta_n = eta_(n-1) T^(x_n) / (eta_(n-1) T^(x_n) tau)``, keep what one attention
    layer can compute, a sum over positions of one-token vectors: every token is read alone from the
    stationary ``pi`` and carried forward by ``T = sum_x T^(x)``,

        ``b(x_1 .. x_n) = pi + sum_(s=1..n) delta_(x_s) T^(n-s)``,  ``delta_x = pi T^(x) / (pi T^(x) tau) - pi``,

    and decompose ``T^d`` spectrally: the attention weights decay like ``lambda^d`` (the eigenvalues of ``T``
    other than 1), the OV vectors are ``delta_x Pi_lambda``.  Assumptions: no token-token interaction
    in the layer (first order around ``pi``); for a product, each factor separately (its own eigenvalues,
    not the products that the joint ``T`` also has: those are second-order terms).  See the module
    docstring and ``docs/theory_attention.md``.

    Parameters
    ----------
    process : HMM or GHMM
        With rational entries (a GHMM: ``pi`` its stationary ``eta``, ``1`` its ``tau``).
    *more : HMM or GHMM
        Further processes: the update of their independent product (:func:`compmech.product`) read
        jointly, factor by factor.  Pass the factors, not the product's HMM: the HMM alone does not
        know it is a product, and its ``T`` has the products of the factors' eigenvalues.
    max_degree : int or None
        Budget of the exact eigenvalues: an irreducible factor of ``T``'s characteristic polynomial of
        higher degree (a dense random HMM's, of degree ``n - 1``) has its roots isolated exactly
        (``CRootOf``, minutes at degree 50) only with ``None``; ``.decay``, ``.groups`` and ``.ov`` then raise
        :class:`~compmech.errors.BudgetExceededError`, while ``.heads`` needs no exact root.

    Returns
    -------
    ConstrainedUpdate
        ``.decay``, ``.groups``, ``.heads``, ``.ov``, ``.weights(n)``, ``.beliefs(word)``.

    Raises
    ------
    InvalidArgumentError
        For a presentation with non-rational entries.
    BudgetExceededError
        From ``.decay``, ``.groups`` and ``.ov``, for eigenvalues beyond ``max_degree``.
    SymbolicParameterError
        For one with free parameters.

    References
    ----------
    - M. Piotrowski, P. M. Riechers, D. Filan and A. S. Shai, "Constrained belief updates explain geometric
      structures in transformer representations", ICML 2025, PMLR 267:49399-49419 (arXiv:2502.01954).

    Examples
    --------
    >>> from sympy import Rational as R
    >>> from compmech.processes import mess3
    >>> cu = constrained_update(mess3(R(1, 20), R(17, 20)))
    >>> cu.decay, cu.heads
    (((17/20, 2),), 1)
    >>> constrained_update(mess3(R(1, 2), R(3, 5))).heads  # lambda = -1/2: sign alternation
    2
    >>> constrained_update(mess3(R(1, 10)), mess3(R(7, 15))).heads  # lambda = (7/10, -2/5)
    3
    """
    procs = (process, *more)
    for p in procs:
        if not isinstance(p, GHMM):
            raise InvalidArgumentError(f"constrained_update takes HMMs or GHMMs, got {type(p).__name__}")
    return ConstrainedUpdate(procs, max_degree)
