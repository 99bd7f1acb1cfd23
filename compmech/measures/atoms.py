"""An exact certificate that the Blackwell measure has no atoms, hence ``C_mu = +inf``.

The causal states of a process presented by an HMM form a Markov chain on the belief simplex:
from belief ``c`` the symbol ``x`` comes with probability ``Pr(x | c) = c T[x] 1`` and the belief moves to
``f_x(c) = c T[x] / Pr(x | c)``.  Its stationary law ``mu`` is the Blackwell measure, and
``C_mu = H[mu]``.  Suppose every symbol map ``f_x`` of positive probability is injective (``T[x]``
invertible).  Then an atom ``b`` of ``mu`` receives mass only from the one preimage ``c_x = f_x^-1(b)``
of each symbol, so with ``m*`` the largest atom mass (it exists: the masses sum to at most 1),

``m* = mu(b) = sum_x Pr(x | c_x) mu(c_x) <= m* sum_{x : b in f_x(P)} Pr(x | f_x^-1(b))``,

for any closed set ``P`` with ``f_x(P) inside P`` that holds the support of ``mu``.  If the right-hand
sum is below 1 for every ``b``, then ``m* = 0``: ``mu`` has no atoms, so its Shannon entropy, the
statistical complexity, is infinite (and the process has infinitely many causal states).

The check is exact, in rational arithmetic, for 2- and 3-state HMMs (intervals and convex polygons):
``P`` is the simplex, refined to the convex hull of its images, ``P_(j+1) = conv(U_x f_x(P_j))``
(invariant, and it still holds the support).  For every set ``S`` of symbols whose images
``f_x(P)`` meet, ``Pr(x | f_x^-1(b)) = 1 / (b T[x]^-1 1)`` is maximised over the vertices of the
intersection (it is linear in ``c`` and ``f_x`` maps polygons to polygons), and the largest sum over
``S`` must be ``< 1``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import sympy

from ..errors import CompmechError, InfiniteStatesError
from ._infinity import proven_infinite

__all__ = ["NonatomicCertificate", "certify_nonatomic", "infinite_when_certified"]


@dataclass(frozen=True)
class NonatomicCertificate:
    """The outcome of :func:`certify_nonatomic`.

    Attributes
    ----------
    holds : bool
        True when the Blackwell measure is proven to have no atoms (so ``C_mu = +inf``).
    bound : fractions.Fraction or None
        The exact largest value of ``sum_x Pr(x | f_x^-1(b))`` over the invariant region found (``< 1``
        proves the claim).
    level : int or None
        Refinements of the invariant region used.
    reason : str
        Why it holds, or why no proof was found (which is not a proof of the contrary).
    """

    holds: bool
    bound: Fraction | None
    level: int | None
    reason: str


def _frac(v) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _hull(points: list) -> list:
    """Convex hull (counter-clockwise, no collinear points) of 1- or 2-dimensional exact points."""
    pts = sorted(set(points))
    if len(pts[0]) == 1 or len(pts) <= 2:
        return [pts[0], pts[-1]] if len(pts) > 1 else pts
    lower: list = []
    upper: list = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _clip(subject: list, clip: list) -> list:
    """Intersection of a convex point set with a convex polygon (closed), or of two intervals."""
    if not subject:
        return []
    if len(clip[0]) == 1:
        lo = max(min(subject)[0], min(clip)[0])
        hi = min(max(subject)[0], max(clip)[0])
        return [(lo,), (hi,)] if lo <= hi else []
    out = list(subject)
    for i in range(len(clip)):
        a, b = clip[i], clip[(i + 1) % len(clip)]
        pts, out = out, []
        for j in range(len(pts)):
            p, q = pts[j], pts[(j + 1) % len(pts)]
            sp, sq = _cross(a, b, p), _cross(a, b, q)
            if sp >= 0:
                out.append(p)
            if (sp > 0 > sq) or (sp < 0 < sq):
                t = sp / (sp - sq)
                out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
        if not out:
            return []
    return out


class _Maps:
    """Exact belief maps of an HMM with 2 or 3 states, in the coordinates ``(b_0, .., b_(n-2))``."""

    def __init__(self, hmm, symbols):
        self.n = hmm.n_states
        self.T = {x: [[_frac(v) for v in row] for row in sympy.Matrix(hmm.matrices[x]).tolist()] for x in symbols}
        self.Tinv = {
            x: [[_frac(v) for v in row] for row in sympy.Matrix(hmm.matrices[x]).inv().tolist()] for x in symbols
        }

    def full(self, p) -> list:
        return list(p) + [1 - sum(p)]

    def image(self, x, p) -> tuple:
        b = self.full(p)
        v = [sum(b[i] * self.T[x][i][j] for i in range(self.n)) for j in range(self.n)]
        s = sum(v)
        return tuple(c / s for c in v[:-1])

    def reach(self, x, p) -> Fraction:
        """``Pr(x | f_x^-1(b)) = 1 / (b T[x]^-1 1)``."""
        b = self.full(p)
        return 1 / sum(b[i] * self.Tinv[x][i][j] for i in range(self.n) for j in range(self.n))


def _worst_sum(maps: _Maps, region: list, symbols) -> Fraction:
    images = {x: _hull([maps.image(x, p) for p in region]) for x in symbols}
    worst = Fraction(0)
    for size in range(1, len(symbols) + 1):
        for S in combinations(symbols, size):
            R = images[S[0]]
            for x in S[1:]:
                R = _clip(R, images[x])
            if R:
                worst = max(worst, sum((max(maps.reach(x, v) for v in R) for x in S), Fraction(0)))
    return worst


def certify_nonatomic(hmm, max_level: int = 4) -> NonatomicCertificate:
    """Try to prove, exactly, that the Blackwell measure has no atoms (then ``C_mu = +inf``).

    See the module text for the argument.  A certificate that does not hold proves nothing (the simple
    nonunifilar source has atoms, Mess3 at other parameters may just need another region).

    Parameters
    ----------
    hmm : HMM
        A rational HMM with 2 or 3 states (other inputs get ``holds=False`` with the reason).
    max_level : int
        Refinements of the invariant region to try.

    Examples
    --------
    >>> from compmech.processes import mess3, sns
    >>> cert = certify_nonatomic(mess3())
    >>> cert.holds, cert.bound < 1
    (True, True)
    >>> certify_nonatomic(sns()).holds
    False
    """
    from ..models.ghmm import GHMM

    n = hmm.n_states
    if isinstance(hmm, GHMM) and not hmm.is_classical():
        return NonatomicCertificate(False, None, None, "only classical HMMs are certified (beliefs on the simplex)")
    if n not in (2, 3) or hmm.is_symbolic() or str(hmm.domain) != "QQ":
        return NonatomicCertificate(False, None, None, "the exact check covers rational HMMs with 2 or 3 states")
    try:
        symbols = [a for a in hmm.alphabet if hmm.word_probability([a]) != 0]
    except CompmechError as exc:
        return NonatomicCertificate(False, None, None, str(exc))
    for a in symbols:
        r = sympy.Matrix(hmm.matrices[a]).rank()
        if r < n:
            return NonatomicCertificate(
                False, None, None, f"the map of symbol {a!r} is not injective (rank {r} < {n}): atoms are possible"
            )
    maps = _Maps(hmm, symbols)
    region = [tuple(Fraction(int(i == j)) for j in range(n - 1)) for i in range(n)]
    region = _hull(region)
    worst = Fraction(0)
    for level in range(max_level + 1):
        worst = _worst_sum(maps, region, symbols)
        if worst < 1:
            return NonatomicCertificate(
                True,
                worst,
                level,
                f"every belief b has sum_x Pr(x | f_x^-1(b)) <= {float(worst):.6g} < 1 on an invariant region "
                f"(refinement {level}), and every symbol map is injective: no atoms, so C_mu = +inf",
            )
        region = _hull([maps.image(x, p) for x in symbols for p in region])
    return NonatomicCertificate(
        False, worst, max_level, f"the bound {float(worst):.6g} is not below 1 after {max_level} refinements"
    )


@functools.lru_cache(maxsize=64)
def _cached_certificate(hmm, reverse_time: bool) -> NonatomicCertificate:
    if reverse_time:
        from ..presentations.machines import reverse

        hmm = reverse(hmm)
    return certify_nonatomic(hmm)


def infinite_when_certified(direction: str, value=sympy.oo, because: str | None = None):
    """Let a measure that needs finitely many causal states return ``value`` where ``C_mu = +inf`` is proven.

    ``direction`` is ``"forward"`` (the process's causal states), ``"reverse"`` (the reverse process's)
    or ``"either"``.  ``because`` says how the measure follows from an infinite statistical complexity
    (``None``: the measure is that complexity); with the certificate's own reason it is recorded for
    :func:`~compmech.measures._infinity.infinity_reasons`.  Where no proof holds, the measure's own
    ``InfiniteStatesError`` is raised, with the reason the proof failed appended.
    """

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(hmm, *args, **kwargs):
            try:
                return fn(hmm, *args, **kwargs)
            except InfiniteStatesError as exc:
                dirs = {"forward": [False], "reverse": [True], "either": [False, True]}[direction]
                certs = [(d, _cached_certificate(hmm, d)) for d in dirs]
                for reverse_time, cert in certs:
                    if cert.holds:
                        return proven_infinite(value, _reason(reverse_time, cert, because))
                why = "; ".join(c.reason for _, c in certs)
                raise InfiniteStatesError(f"{exc}. C_mu = +inf is not proven either: {why}") from exc

        return wrapper

    return decorate


def _reason(reverse_time: bool, cert: NonatomicCertificate, because: str | None) -> str:
    whose = "the reverse process's" if reverse_time else "the"
    C = "C_mu-" if reverse_time else "C_mu"
    proof = f"{whose} Blackwell measure has no atoms ({cert.reason.replace('C_mu', C)})"
    return proof if because is None else f"{because}; {proof}"
