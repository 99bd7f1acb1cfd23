"""The power spectrum of a process's symbol values: an exact continuous part and exact spectral lines.

With the covariance ``C(L) = gamma(L) - <X>^2`` (``C(-L) = C(L)``), the power spectrum is the Fourier
series ``P(omega) = sum_(L in Z) C(L) e^(-i omega L)``, so that ``C(L) = (1/2 pi) int_0^(2 pi) P(omega)
e^(i omega L) d omega``.  The eigenvalues ``lambda = e^(i omega_k)`` of ``T`` on the unit circle give lines
(Dirac deltas) of weight ``w_k`` at ``omega_k``: ``C(L)`` holds ``w_k e^(i omega_k L)``.  The rest decays
and gives the continuous part, the real part of the resolvent on the unit circle (Riechers &
Crutchfield):

    ``P_c(omega) = C_d(0) + A_d(e^(i omega)) + A_d(e^(-i omega))``,  ``A_d(x) = sum_(L>=1) C_d(L) x^(-L)``,

where ``C_d = C - lines``; ``A_d`` is the exact rational function ``eta T^(v) (xI - T)^-1 T^(v) tau`` less the
partial fractions of the unit-circle factors.  ``P_c`` is invariant under ``omega -> -omega``, so it is a
rational function of ``cos omega`` with rational coefficients.  Parseval's identity reads
``C(0) = (1/2 pi) int_0^(2 pi) P_c + sum_k w_k``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import lcm

import flint
import numpy as np
import sympy
from sympy import Poly

from ..errors import InvalidArgumentError, InvalidHMMError
from ..kernel.expoly import ExpPoly
from ..kernel.polys import GEN, coeffs, factor_monic, poly_from_coeffs, symmetric_to_dickson, unit_circle
from ..models.ghmm import GHMM
from .correlation import autocorrelation_function

__all__ = ["power_spectrum", "PowerSpectrum"]

#: the frequency variable of every spectrum: real, in radians per symbol
OMEGA = sympy.Symbol("omega", real=True)


@dataclass(frozen=True)
class PowerSpectrum:
    """The exact power spectrum of the mean-removed process: a continuous part and lines.

    Attributes
    ----------
    continuous : sympy.Expr
        ``P_c(omega)``, a rational function of ``cos(omega)`` in the real symbol :attr:`omega`
        (denominator monic in ``cos(omega)`` up to the sign that makes it positive); ``0`` when the covariance does not decay at all.
    deltas : list of (omega_k, w_k)
        The lines, angles in ``[0, 2 pi)`` in increasing order, exact weights (``w_k > 0`` for a valid process).
    mean, variance : sympy.Expr
        ``<X>`` and ``C(0) = gamma(0) - <X>^2``.
    numerator, denominator : tuple
        The coefficients (rationals, lowest degree first) of the continuous part's numerator and
        denominator as polynomials in ``cos(omega)``.
    """

    continuous: sympy.Expr
    deltas: list
    mean: sympy.Expr
    variance: sympy.Expr
    numerator: tuple
    denominator: tuple
    omega: sympy.Symbol = OMEGA

    def continuous_power(self) -> sympy.Expr:
        """``(1/2 pi) int_0^(2 pi) P_c(omega) d omega`` exactly, by residues.

        With ``z = e^(i omega)`` the integral is ``(1/2 pi i)`` times the contour integral of
        ``P_c((z + 1/z)/2) / z`` over the unit circle: the sum of the residues at the poles inside it.
        The denominator's irreducible factors over ``QQ`` each have all their roots inside or all outside
        (certified with python-flint's root isolation), and the residues at the roots of one factor sum
        to one rational number (partial fractions).  Computed from :attr:`numerator` and
        :attr:`denominator` alone, so that Parseval's identity ``continuous_power() + sum(w_k) ==
        variance`` is a check.

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> power_spectrum(golden_mean()).continuous_power()
        2/9
        """
        from sympy.polys.domains import QQ

        num = [QQ.from_sympy(c) for c in self.numerator]
        den = [QQ.from_sympy(c) for c in self.denominator]
        if not any(num):
            return sympy.Integer(0)
        U, e_u = _in_z(num)  # P_c = z^(-e_u) U(z) / (z^(-e_v) V(z)), cos = (z + 1/z)/2
        V, e_v = _in_z(den)
        shift = e_v - e_u - 1  # the integrand P_c / z = z^shift U / V
        if shift >= 0:
            U = U * Poly(GEN**shift, GEN, domain=QQ)
            V_full = V
        else:
            V_full = V * Poly(GEN ** (-shift), GEN, domain=QQ)
        total = QQ.zero
        for h, e in factor_monic(V_full):
            if not _inside(h):
                continue
            F = h**e
            S = (U * V_full.quo(F).invert(F)).rem(F)  # the partial fraction S / F
            if S.degree() == F.degree() - 1:
                total += S.LC() / F.LC()  # the sum of the residues of a proper S/F is lc(S)/lc(F) or 0
        return QQ.to_sympy(total)

    def continuous_values(self, omegas) -> np.ndarray:
        """``P_c`` at the given angles in float64 (an explicitly numeric view, for pictures).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> power_spectrum(golden_mean()).continuous_values([0.0]).round(6)  # (1/6) / (5/4 + 1)
        array([0.074074])
        """
        c = np.cos(np.asarray(omegas, dtype=np.float64))
        num = np.polynomial.polynomial.polyval(c, [float(v) for v in self.numerator])
        den = np.polynomial.polynomial.polyval(c, [float(v) for v in self.denominator])
        return num / den


def _in_z(cpoly: list) -> tuple[Poly, int]:
    """``(W, e)`` with ``R(cos omega) = z^(-e) W(z)`` for ``z = e^(i omega)`` (``R`` by coefficients in ``cos``)."""
    from sympy.polys.domains import QQ

    e = len(cpoly) - 1
    z = Poly(GEN, GEN, domain=QQ)
    half = Poly(QQ(1, 2), GEN, domain=QQ)
    W = Poly(QQ.zero, GEN, domain=QQ)
    for k, c in enumerate(cpoly):  # c cos^k = c ((z^2 + 1) / (2 z))^k
        if c != QQ.zero:
            W += Poly(c, GEN, domain=QQ) * (half * (z**2 + 1)) ** k * z ** (e - k)
    return W, e


def _inside(h: Poly) -> bool:
    """True when every root of the irreducible ``h`` lies inside the unit circle, False when every one lies outside."""
    if h.degree() == 1 and coeffs(h)[0] == 0:
        return True  # h = z
    c = coeffs(h)
    den = lcm(*(int(v.q) for v in c))
    roots: list = flint.fmpz_poly([int(v * den) for v in c]).complex_roots()
    inside = [abs(r) < 1 for r, _ in roots]
    outside = [abs(r) > 1 for r, _ in roots]
    if all(inside):
        return True
    if all(outside):
        return False
    raise InvalidArgumentError(f"cannot place the roots of {h.as_expr()} with respect to the unit circle")


def _line_weights(component) -> list:
    """``[(omega, weight), ...]`` of a component whose roots lie on the unit circle."""
    from sympy.polys.domains import QQ

    f = component.factor
    circle = unit_circle(f)
    if circle is None:
        raise AssertionError(f"the roots of {f.as_expr()} are not on the unit circle")
    if component.multiplicity > 1:
        raise InvalidHMMError(
            f"the covariance grows without bound (a Jordan block of the eigenvalues {f.as_expr()} on the unit circle): "
            "not a valid process; check the presentation with compmech.verify_nonnegative"
        )
    E = component.coefficients[0]
    if circle.cosine_poly is None:  # x = 1 or x = -1
        return [(circle.angles[0], QQ.to_sympy(coeffs(E)[0] if not E.is_zero else QQ.zero))]
    # the weight at lambda is E(lambda); real when E(x) = E(1/x) modulo f (complex conjugation on the circle)
    inv = sum(
        (Poly(c, GEN, domain=QQ) * Poly(GEN, GEN, domain=QQ).invert(f) ** t for t, c in enumerate(coeffs(E))),
        Poly(QQ.zero, GEN, domain=QQ),
    ).rem(f)
    if not (E - inv).rem(f).is_zero:
        raise InvalidHMMError(
            f"complex line weights at the roots of {f.as_expr()}: the covariance is not that of a real stationary "
            "process; check the presentation with compmech.verify_nonnegative"
        )
    e = coeffs(E)
    W = symmetric_to_dickson([e[0], *[c / 2 for c in e[1:]]], QQ).rem(circle.cosine_poly)
    out = []
    for angle, cv in zip(circle.angles, circle.cosines):
        w = sympy.Integer(0)
        for j, c in enumerate(coeffs(W)):
            w += QQ.to_sympy(c) * cv**j
        out.append((angle, sympy.expand(w)))
    return out


def _continuous(decaying: ExpPoly, c0) -> tuple[list, list]:
    """The continuous part ``c0 + A(x) + A(1/x)`` as (numerator, denominator) coefficients in ``cos(omega)``."""
    K = decaying.K
    P, Q = decaying.generating_function()  # sum_n C_d(n + 1) x^(-n-1) = P/Q
    q = Q.degree()
    Pc, Qc = coeffs(P, q), coeffs(Q, q + 1)
    Prev = poly_from_coeffs(Pc[::-1], K)  # x^(q-1) P(1/x)
    Qrev = poly_from_coeffs(Qc[::-1], K)  # x^q Q(1/x)
    x = Poly(GEN, GEN, domain=K)
    # c0 + P/Q + x Prev/Qrev over the common denominator Q Qrev = x^q Q(x) Q(1/x): both symmetric around x^q
    N = Poly(c0, GEN, domain=K) * Q * Qrev + P * Qrev + x * Prev * Q
    D = Q * Qrev
    sym_N = coeffs(N, 2 * q + 1)[q:]
    sym_D = coeffs(D, 2 * q + 1)[q:]
    Rn, Rd = symmetric_to_dickson(sym_N, K), symmetric_to_dickson(sym_D, K)  # in c = 2 cos(omega)
    g = Rn.gcd(Rd)
    if not g.is_zero and g.degree() > 0:
        Rn, Rd = Rn.quo(g), Rd.quo(g)
    Rn, Rd = Rn.compose(Poly(2 * GEN, GEN, domain=K)), Rd.compose(Poly(2 * GEN, GEN, domain=K))  # in cos(omega)
    scale = abs(Rd.LC())  # monic up to sign; the sign makes the denominator positive (no zero on [-1, 1])
    if coeffs(Rd)[0] < 0:
        scale = -scale
    return [v / scale for v in coeffs(Rn)], [v / scale for v in coeffs(Rd)]


def power_spectrum(hmm: GHMM, values: Mapping | None = None) -> PowerSpectrum:
    """The exact power spectrum of the mean-removed process ``X_t - <X>``.

    ``P(omega) = sum_(L in Z) (gamma(|L|) - <X>^2) e^(-i omega L) = P_c(omega) + sum_k w_k 2 pi delta(omega - omega_k)``
    on ``[0, 2 pi)`` (module docstring).  The continuous part is an exact rational function of
    ``cos(omega)``; the lines come from the eigenvalues of ``T`` on the unit circle (roots of unity for an
    HMM) that the values see, with exact weights.  The eigenvalue 1 gives a line at ``omega = 0`` only for a
    nonergodic process (``lim gamma(L) != <X>^2``).

    Parameters
    ----------
    hmm : HMM or GHMM
        With rational entries.
    values : mapping, optional
        ``symbol -> number`` (default: the symbol's index in ``hmm.alphabet``).

    Returns
    -------
    PowerSpectrum
        With Parseval's identity ``variance == (1/2 pi) int_0^(2 pi) continuous + sum of the weights``
        (:meth:`PowerSpectrum.continuous_power` computes the integral by residues).

    Raises
    ------
    SymbolicParameterError
        For a presentation with free parameters (where an eigenvalue lies depends on them).
    InvalidHMMError
        When the covariance is not that of a valid process (growing, or complex line weights).

    See Also
    --------
    autocorrelation_function

    References
    ----------
    - P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem: spectrally decomposing arbitrary
      functions of nondiagonalizable operators", AIP Advances 8, 065305 (2018).
    - P. M. Riechers and J. P. Crutchfield, "Fraudulent white noise: flat power spectra belie arbitrarily
      complex processes", Phys. Rev. Research 3, 013170 (2021).

    Examples
    --------
    >>> from compmech.processes import golden_mean, period
    >>> power_spectrum(golden_mean()).continuous
    1/(6*(cos(omega) + 5/4))
    >>> s = power_spectrum(period("0011"))
    >>> s.continuous, s.deltas
    (0, [(pi/2, 1/8), (3*pi/2, 1/8)])
    """
    hmm.require_numeric("power_spectrum")
    if not hmm.domain.is_QQ:
        raise InvalidArgumentError(
            f"power_spectrum needs rational entries; the domain of {hmm.name or 'this HMM'} is {hmm.domain}"
        )
    acf = autocorrelation_function(hmm, values)
    K = acf.sequence.K
    mean = K.from_sympy(acf.mean)
    cov = acf.sequence + ExpPoly.constant(K, -mean * mean)  # C(L) for L >= 0
    lines, decaying = cov.split(lambda c: unit_circle(c.factor) is not None)
    deltas = [pair for comp in lines.components for pair in _line_weights(comp)]
    deltas = [(a, w) for a, w in deltas if w != 0]
    deltas.sort(key=lambda aw: float(aw[0]))
    num, den = _continuous(decaying.advanced(1), decaying(0))
    poly_expr = lambda cs: sum((K.to_sympy(c) * sympy.cos(OMEGA) ** k for k, c in enumerate(cs)), sympy.Integer(0))  # noqa: E731
    continuous = poly_expr(num) / poly_expr(den) if any(num) else sympy.Integer(0)
    return PowerSpectrum(
        continuous,
        deltas,
        acf.mean,
        acf.variance,
        tuple(K.to_sympy(c) for c in num) if any(num) else (sympy.Integer(0),),
        tuple(K.to_sympy(c) for c in den) if any(num) else (sympy.Integer(1),),
    )
