"""The generalized HMMs of the post-quantum line: Bloch walk, FRDN and Moon, exactly.

Sources: simplexity ``generative_processes/transition_matrices.py`` (``tom_quantum``, ``fanizza``,
``post_quantum``); Riechers, Elliott and Shai, arXiv:2507.07432 (App. D.2-D.4, E.3); Fanizza,
Lumbreras and Winter, Commun. Math. Phys. 405, 50 (2024).  Conventions: row vectors,
``Pr(w) = eta T[w] tau``.  Re-exported from :mod:`compmech.processes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..kernel.exact import as_sympy, to_exact
from ..models.ghmm import GHMM
from ._common import HALF, catalog_label, integer
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = [
    "tom_quantum",
    "fanizza",
    "post_quantum",
    "post_quantum_point",
    "certified_value",
    "with_hidden_register",
    "fanizza_register",
    "golden_mean_ghmm",
    "odd_ghmm",
]


@register(family="quantum", aliases=("bloch_walk",))
def tom_quantum(alpha: Exact = 1, beta: Exact = 1) -> GHMM:
    """The Bloch walk: a qubit measured by four Kraus operators, as a 3-dimensional GHMM.

    Kraus operators ``gamma (alpha I +- beta sigma_z)`` and ``gamma (alpha I +- beta sigma_x)`` with
    ``gamma^2 = 1 / (4 (alpha^2 + beta^2))`` act on the Bloch coefficients ``[c, b_x, b_z]``; with
    ``m = (alpha^2 - beta^2) gamma^2`` and ``o = 2 alpha beta gamma^2``::

        T0 = [[1/4, 0, o], [0, m, 0], [o, 0, 1/4]]     T1 = T0 with -o
        T2 = [[1/4, o, 0], [o, 1/4, 0], [0, 0, m]]     T3 = T2 with -o

    and ``eta = tau = (1, 0, 0)``.  Rational for rational ``(alpha, beta)``; the default ``(1, 1)`` is
    simplexity's (its mixed-state presentation is finite); the paper's ``(1, sqrt(51))`` is exact too,
    over the field ``QQ(sqrt(51))``: ``tom_quantum(1, sympy.sqrt(51))``.  ``T0 T1 = T2 T3 = m^2 I``.

    References
    ----------
    - P. M. Riechers, T. J. Elliott and A. S. Shai, "Neural networks leverage nominally quantum and post-quantum representations", arXiv:2507.07432 (2025), App. D.2.
    - simplexity, ``generative_processes/transition_matrices.py``, ``tom_quantum``.

    Examples
    --------
    >>> g = tom_quantum()
    >>> g.matrices[0]
    Matrix([
    [1/4, 0, 1/4],
    [  0, 0,   0],
    [1/4, 0, 1/4]])
    >>> g.word_probability([0, 0]), g.word_probability([0, 1]), g.word_probability([0, 2])
    (1/8, 0, 1/16)
    """
    a, b = to_exact(alpha, "alpha"), to_exact(beta, "beta")
    if (a**2 + b**2).is_zero:
        raise InvalidArgumentError("tom_quantum needs alpha^2 + beta^2 != 0")
    g2 = sympy.Rational(1, 4) / (a**2 + b**2)
    m, o = sympy.simplify((a**2 - b**2) * g2), sympy.simplify(2 * a * b * g2)
    q = sympy.Rational(1, 4)
    T0 = [[q, 0, o], [0, m, 0], [o, 0, q]]
    T1 = [[q, 0, -o], [0, m, 0], [-o, 0, q]]
    T2 = [[q, o, 0], [o, q, 0], [0, 0, m]]
    T3 = [[q, -o, 0], [-o, q, 0], [0, 0, m]]
    e = (1, 0, 0)
    return GHMM(
        [T0, T1, T2, T3], eta=e, tau=e, states=("c", "bx", "bz"), name=catalog_label("tom_quantum", alpha=a, beta=b)
    )


#: (cos, sin) of the default FRDN angle: t = tan(angle / 2) = 3/2, within 0.02 rad of 2000 rad (mod 2 pi)
_FANIZZA_ANGLE = (sympy.Rational(-5, 13), sympy.Rational(12, 13))


_LAMBDA = sympy.Rational(49, 100)
_FANIZZA_REFERENCE = (
    'M. Fanizza, J. Lumbreras and A. Winter, "Quantum theory in finite dimension cannot explain every general '
    'process with finite memory", Commun. Math. Phys. 405, 50 (2024)'
)


@register(family="quantum", aliases=("frdn",))
def fanizza(lam: Exact = _LAMBDA, angle: tuple | None = None) -> GHMM:
    """FRDN: the Fanizza-Lumbreras-Winter 4-dimensional GHMM with no finite classical presentation.

    With ``c = cos(alpha)``, ``s = sin(alpha)`` and ``0 < lambda <= 1/2`` (symbols ``a = 0``, ``b = 1``)::

        c+- = (1 - lambda c +- lambda s) / (1 - 2 lambda c + lambda^2)
        pi0 = [1 - 1/(2(1-lambda)) + (c+ + c-)/4, 1/(2(1-lambda)), -c+/4, -c-/4]
        omega = [1, 1-lambda, 1 + lambda(s - c), 1 - lambda(s + c)]^T
        T(a) = omega pi0,   T(b) = lambda [[0,0,0,0],[0,1,0,0],[0,0,c,-s],[0,0,s,c]]

    with ``tau = (1, 1, 1, 1)`` and ``eta`` the stationary left vector (not ``pi0``).  The literature's
    angle is 2000 rad, whose cosine is transcendental.  Exactness needs a rational point ``(c, s)`` of
    the unit circle (a Pythagorean triple): ``angle=(c, s)``; the default ``(-5/13, 12/13)`` lies
    within 0.02 rad of 2000 rad (mod 2 pi) and, like it, is an irrational multiple of pi (Niven), so
    the rotation never closes.  ``lambda`` defaults to the literature's 49/100.  Outside
    ``0 < lambda <= 1/2`` some words get negative probabilities (:func:`compmech.verify_nonnegative`
    finds them).

    References
    ----------
    - M. Fanizza, J. Lumbreras and A. Winter, "Quantum theory in finite dimension cannot explain every general process with finite memory", Commun. Math. Phys. 405, 50 (2024) (its Eq. 27 has a sine sign error, fixed here as in simplexity).
    - P. M. Riechers, T. J. Elliott and A. S. Shai, arXiv:2507.07432 (2025), App. D.3 (FRDN).

    Examples
    --------
    >>> g = fanizza()
    >>> g.n_states, g.tau
    (4, (1, 1, 1, 1))
    >>> g.word_probability([1, 1])
    660607778600/2949282126149
    """
    lam = to_exact(lam, "lam")
    c, s = (to_exact(v, f"angle[{i}]") for i, v in enumerate(angle or _FANIZZA_ANGLE))
    if sympy.simplify(c**2 + s**2 - 1) != 0:
        raise InvalidArgumentError(f"angle must be a point (cos, sin) of the unit circle; got ({c}, {s})")
    if lam.is_number and not (0 < lam <= sympy.Rational(1, 2)):
        raise InvalidArgumentError(f"lam must lie in (0, 1/2] (the process is valid there); got {lam}")
    den = 1 - 2 * lam * c + lam**2
    cp, cm = (1 - lam * c + lam * s) / den, (1 - lam * c - lam * s) / den
    pi0 = [1 - 1 / (2 * (1 - lam)) + (cp + cm) / 4, 1 / (2 * (1 - lam)), -cp / 4, -cm / 4]
    omega = [1, 1 - lam, 1 + lam * (s - c), 1 - lam * (s + c)]
    Ta = [[sympy.simplify(w * p) for p in pi0] for w in omega]
    Tb = [[0, 0, 0, 0], [0, lam, 0, 0], [0, 0, lam * c, -lam * s], [0, 0, lam * s, lam * c]]
    return GHMM([Ta, Tb], tau=(1, 1, 1, 1), name=catalog_label("fanizza", lam=lam, cos=c, sin=s))


def with_hidden_register(process: GHMM, registers: dict | None = None) -> GHMM:
    """A larger presentation of the same process: ``process`` times a hidden register the symbols drive.

    An HMM stays an HMM (a nonunifilar one, usually with an infinite mixed-state presentation while
    its epsilon-machine is that of ``process``); a GHMM stays a GHMM.

    ``T'[x] = T[x] (x) Q[x]`` (Kronecker product) with row-stochastic register matrices ``Q[x]``,
    ``tau' = tau (x) 1`` and ``eta'`` the stationary vector.  Contracting the register with ``1``
    (``Q[x] 1 = 1``) gives back ``eta T[w] tau``, so every word keeps its probability; the register's
    posterior, part of the larger belief, depends on the past but never on the future.  The default
    register (2 states) resets to ``r0`` on the first symbol and, on any other, moves ``r0 -> r1`` with
    probability 1/2, so after ``x y^k`` it is in ``r0`` with probability ``2^-k``: a belief set larger
    than the process's own, linearly unrelated to it.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> from compmech import process_rank
    >>> big = with_hidden_register(golden_mean())
    >>> big.n_states, process_rank(big), big.word_probability("0100") == golden_mean().word_probability("0100")
    (4, 2, True)
    """
    from ..models.ghmm import GHMM as _GHMM

    half = sympy.Rational(1, 2)
    if registers is None:
        reset, drift = sympy.Matrix([[1, 0], [1, 0]]), sympy.Matrix([[half, half], [0, 1]])
        registers = {a: (reset if i == 0 else drift) for i, a in enumerate(process.alphabet)}
    Q = [sympy.Matrix(registers[a]) for a in process.alphabet]
    for a, q in zip(process.alphabet, Q):
        if any(v < 0 for v in q) or any(sum(q.row(i)) != 1 for i in range(q.rows)):
            raise InvalidArgumentError(f"register matrix for symbol {a!r} must be row-stochastic, got {q.tolist()}")
    mats = [sympy.kronecker_product(t, q) for t, q in zip(process.matrices.values(), Q)]
    tau = list(sympy.kronecker_product(sympy.Matrix(process.tau), sympy.ones(Q[0].rows, 1)))
    states = [f"{s}|r{j}" for s in process.states for j in range(Q[0].rows)]
    name = f"register({process.name})"
    if process.is_classical():  # nonnegative entries and tau = 1: a (nonunifilar) classical HMM
        from ..models.decompose import class_average_start
        from ..models.hmm import HMM

        big = HMM(mats, states=states, alphabet=process.alphabet, name=name)
        if big.is_ergodic():
            return big
        # a register that never mixes (a permutation, say) splits the states into classes that all generate
        # the process: any stationary distribution gives it back; the average of the classes' is canonical
        return HMM(mats, states=states, alphabet=process.alphabet, name=name, start=class_average_start(big))
    return _GHMM(mats, tau=tau, states=states, alphabet=process.alphabet, name=name)


@register(family="quantum", reference=_FANIZZA_REFERENCE)
def fanizza_register(lam: Exact = _LAMBDA) -> GHMM:
    """FRDN (fanizza, default angle) with a hidden register that the symbols drive: 8 coordinates, the same process.

    The register is the default of :func:`with_hidden_register`.

    An 8-dimensional presentation of the 4-dimensional process: used by the FRDN experiment as the
    larger presentation whose beliefs carry no prediction.

    Examples
    --------
    >>> fanizza_register().n_states
    8
    """
    return with_hidden_register(fanizza(lam))


_UPPER_1997 = (
    'D. R. Upper, "Theory and algorithms for hidden Markov models and generalized hidden Markov models", '
    "PhD thesis, University of California, Berkeley (1997)"
)


@register(
    family="quantum",
    aliases=(Alias("GoldenMeanGHMM", sofic="processes"), "golden_mean_signed"),
)
def golden_mean_ghmm() -> GHMM:
    """The golden mean process (no two 1s in a row, ``p = 1/2``) as a 2-dimensional GHMM with negative entries.

    ``T(1) = [[1, -1/2], [2, -1]]``, ``T(0) = [[1/2, 0], [0, 0]]``, ``tau = (1, 1)`` and the stationary
    ``eta = (4/3, -1/3)``: ``T(1) tau = (1/2, 1)`` and ``T(1)^2 tau = 0``, so no word has two 1s in a row,
    and every word has the probability ``golden_mean()`` gives it.

    sofic's ``GoldenMeanGHMM`` (CMPy's, with 0 and 1 exchanged) starts from the non-stationary vector
    ``(2/3, 1/3)``, so its ``words_of_length`` are not the stationary process's; compmech's GHMMs are
    stationary, and with the stationary ``eta`` the process is the golden mean.

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003) (the golden mean process).
    - D. R. Upper, "Theory and algorithms for hidden Markov models and generalized hidden Markov models", PhD thesis, University of California, Berkeley (1997) (GHMMs); the matrices are CMPy's, as ported by sofic 0.2.1.

    Examples
    --------
    >>> from compmech import same_process
    >>> from compmech.processes import golden_mean
    >>> g = golden_mean_ghmm()
    >>> g.eta, same_process(g, golden_mean())
    ((4/3, -1/3), True)
    """
    h = sympy.Rational(1, 2)
    return GHMM({0: [[h, 0], [0, 0]], 1: [[1, -h], [2, -1]]}, tau=(1, 1), states=("A", "B"), name="golden_mean_ghmm")


_H = sympy.Rational(1, 2)
_ODD_GHMM: dict[int, dict[int, list[list]]] = {
    1: {0: [[_H, 0, 0], [1, 0, 0], [1, 0, 0]], 1: [[_H, -_H, _H], [0, 0, 0], [_H, 0, -_H]]},
    2: {0: [[_H, _H, -_H], [1, 1, -1], [1, 1, -1]], 1: [[1, _H, -1], [0, 0, 0], [_H, _H, -1]]},
}


@register(family="quantum", reference=_UPPER_1997, aliases=(Alias("OddGHMM", sofic="processes"), "odd_signed"))
def odd_ghmm(variant: int = 1) -> GHMM:
    """The odd process (1s in blocks of odd length, all branchings 1/2) as a 3-dimensional GHMM with negative entries.

    Two presentations (``variant`` 1 or 2), both with ``tau = (1, 1, 1)``::

        1:  T(0) = [[1/2, 0, 0], [1, 0, 0], [1, 0, 0]],   T(1) = [[1/2, -1/2, 1/2], [0, 0, 0], [1/2, 0, -1/2]]
        2:  T(0) = [[1/2, 1/2, -1/2], [1, 1, -1], [1, 1, -1]],   T(1) = [[1, 1/2, -1], [0, 0, 0], [1/2, 1/2, -1]]

    with stationary ``eta = (6/5, -3/5, 2/5)`` and ``(6/5, 3/5, -4/5)``: both give exactly the words of
    the odd process (whose epsilon-machine is A -0-> A, A -1-> B, B -0-> A, B -1-> C, C -1-> B, each
    branching 1/2).  sofic's ``OddGHMM`` (CMPy's matrices) starts from the non-stationary ``(1, 0, 0)``;
    compmech's GHMMs are stationary.

    Examples
    --------
    >>> g = odd_ghmm()
    >>> g.eta, odd_ghmm(2).eta
    ((6/5, -3/5, 2/5), (6/5, 3/5, -4/5))
    >>> g.word_probability([0, 1, 0]), g.word_probability([0, 1, 1, 0])
    (1/10, 0)
    """
    v = integer(variant, "variant", 1, 2)
    return GHMM(_ODD_GHMM[v], tau=(1, 1, 1), states=("A", "B", "C"), name=f"odd_ghmm(variant={v})")


_PQ = sympy.symbols("alpha beta l_alpha r")


def post_quantum(alpha: Exact | None = None, beta: Exact | None = None) -> GHMM:
    """Moon: the post-quantum 3-dimensional GHMM, exact as a rational family in its transcendentals.

    Symbols ``a, b, c = 0, 1, 2``, ``m0 = [1, 1, 0]^T``, ``mu0 = [1, -1, -1]``::

        T(a) = nu m0 mu0,  T(b) = nu [[alpha,0,0],[0,1,0],[0,ln alpha,1]],  T(c) = nu [[beta,0,0],[0,1,0],[0,ln beta,1]]

    with ``1/nu = r`` the largest root of ``x^3 - (4+s) x^2 + (6 + 3s + l) x - (4 + 2s + l s)``,
    ``s = alpha + beta``, ``l = ln(alpha beta)``, and ``alpha > 1 > beta > 0``.  At every admissible
    point the entries are transcendental (Lindemann-Weierstrass), so no rational or algebraic
    presentation exists.  compmech makes it exact the one way that is honest: as a *family*.  The
    entries are rational functions of four symbols ``alpha, beta, l_alpha`` (= ln alpha) and ``r``
    (= 1/nu), with ``ln beta`` eliminated through the cubic, which is linear in ``l``::

        ln beta = -(r^3 - (4+s) r^2 + (6+3s) r - (4+2s)) / (r - s) - l_alpha

    so ``T tau = tau`` holds identically and every identity computed on the family (word
    probabilities, beliefs, ranks, ``T(a)^2 = 0``, ``T(b) T(c) = T(c) T(b)``) is exact.  A number at
    the literature point (``alpha = e``, ``beta = 1/2``) is the family's rational function evaluated
    on the certified balls of :func:`post_quantum_point`: certified, not exact.  Passing ``alpha`` and
    ``beta`` substitutes them (``l_alpha`` and ``r`` stay symbols, as they must).

    References
    ----------
    - M. Fanizza, J. Lumbreras and A. Winter, Commun. Math. Phys. 405, 50 (2024) (the Moon process).
    - P. M. Riechers, T. J. Elliott and A. S. Shai, arXiv:2507.07432 (2025), App. D.4.

    Examples
    --------
    >>> g = post_quantum()
    >>> sorted(map(str, g.parameters))
    ['alpha', 'beta', 'l_alpha', 'r']
    >>> (g.matrices[0] ** 2).is_zero_matrix
    True
    """
    a, b, la, r = _PQ
    s = a + b
    lb = -(r**3 - (4 + s) * r**2 + (6 + 3 * s) * r - (4 + 2 * s)) / (r - s) - la
    nu = 1 / r
    Ta = [[nu, -nu, -nu], [nu, -nu, -nu], [0, 0, 0]]
    Tb = [[nu * a, 0, 0], [0, nu, 0], [0, nu * la, nu]]
    Tc = [[nu * b, 0, 0], [0, nu, 0], [0, nu * lb, nu]]
    g = GHMM([Ta, Tb, Tc], name="post_quantum(alpha, beta, l_alpha, r)")
    values = {k: to_exact(v, k.name) for k, v in ((a, alpha), (b, beta)) if v is not None}
    return g.subs(values) if values else g


def post_quantum_point(alpha: Exact = sympy.E, beta: Exact = HALF, prec: int = 128) -> dict:
    """Certified values of the four symbols of :func:`post_quantum` at a point, as python-flint ``arb`` balls.

    ``l_alpha = ln alpha`` and ``r`` = the largest real root of the cubic, isolated by
    ``acb_poly.roots`` at ``prec`` bits; every ball contains the true value.

    Examples
    --------
    >>> pt = post_quantum_point()
    >>> pt["l_alpha"].contains(1), round(float(pt["r"].mid()), 9), float(pt["r"].rad()) < 1e-18
    (True, 3.828536505, True)
    """
    import flint

    ctx = flint.ctx
    old = ctx.prec
    ctx.prec = prec
    try:
        a, b = _arb(to_exact(alpha, "alpha")), _arb(to_exact(beta, "beta"))
        if not (a > 1 and b < 1 and b > 0):
            raise InvalidArgumentError("post_quantum needs alpha > 1 > beta > 0 (certified)")
        s, ell = a + b, (a * b).log()
        coeffs = [-(4 + 2 * s + ell * s), 6 + 3 * s + ell, -(4 + s), flint.arb(1)]
        tol = flint.arb(2) ** (-(prec // 2))
        # a root isolated in a ball that meets the real axis is real (its conjugate would be a second root there)
        roots = [z.real for z in flint.acb_poly(coeffs).roots(tol=tol) if z.imag.contains(0)]
        r = max(roots, key=lambda z: z.mid())
        return {"alpha": a, "beta": b, "l_alpha": a.log(), "r": r}
    finally:
        ctx.prec = old


def certified_value(expr, point: dict, prec: int = 128):
    """A python-flint ``arb`` ball containing the value of an exact rational expression at a certified point.

    ``expr`` is a rational function with rational coefficients (a word probability or a belief
    coordinate of :func:`post_quantum`, say); ``point`` maps symbol names to ``arb`` balls (as from
    :func:`post_quantum_point`).  Coefficients enter as exact rationals, so the ball is rigorous.

    Examples
    --------
    >>> g = post_quantum()
    >>> p = certified_value(g.word_probability([1]), post_quantum_point())
    >>> round(float(p.mid()), 12), float(p.rad()) < 1e-15
    (0.754263958321, True)
    """
    import flint

    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        num, den = sympy.fraction(sympy.together(as_sympy(expr, "certified_value: expr")))  # text never evaluated
        return _poly_value(num, point) / _poly_value(den, point)
    finally:
        flint.ctx.prec = old


def _poly_value(expr, point):
    import flint

    syms = sorted(expr.free_symbols, key=str)
    missing = [str(x) for x in syms if str(x) not in point]
    if missing:
        raise InvalidArgumentError(f"certified_value: no value for {', '.join(missing)}")
    if not syms:
        return _arb(sympy.nsimplify(expr)) if not isinstance(expr, sympy.Rational) else _arb(expr)
    poly = sympy.Poly(expr, *syms, domain="QQ")
    vals = [point[str(x)] for x in syms]
    total = flint.arb(0)
    for monom, coeff in poly.terms():
        term = _arb(sympy.Rational(coeff))
        for v, e in zip(vals, monom):
            if e:
                term *= v**e
        total += term
    return total


def _arb(value):
    import flint

    if value == sympy.E:
        return flint.arb(1).exp()
    if isinstance(value, sympy.Rational):
        return flint.arb(flint.fmpq(int(value.p), int(value.q)))
    raise InvalidArgumentError(f"post_quantum_point takes rational values or E, got {value}")
