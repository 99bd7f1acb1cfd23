"""Certified bounds (and labelled estimates) for processes whose causal states do not close.

Everything certified here comes from exact block entropies, evaluated as certified balls (exact integer
probabilities; float64 with a proven error bound or 128-bit arb, see :mod:`._floatsum`), and the certified
entropy-rate interval:

- ``E(L) = H(L) - L h_mu`` is non-decreasing in ``L`` and tends to ``E``, so
  ``E >= max_L [H(L) - L * upper(h_mu)]``.
- For an HMM, the past and the future are independent given the hidden state, so
  ``E = I[past; future] <= H[S_0] = H(pi)``: a certified upper bound (often loose).
- ``T = sum_L [E + L h_mu - H(L)]`` has non-negative terms ``E - E(L)``, each at least
  ``lower(E) + L lower(h_mu) - upper(H(L))``: a certified lower bound.
- ``C_mu >= E``; ``C_mu = +inf`` where :func:`certify_nonatomic` proves it.

Estimates extrapolate the geometric approach of ``E(L)`` and the terms of ``T``; their ``stderr`` is
the size of the extrapolated tail plus the effect of the entropy-rate interval's width (a
deterministic error estimate, not a sampling error).
"""

from __future__ import annotations

import functools

import flint
import sympy

from ..errors import CompmechError, InvalidArgumentError
from ._logs import Log2Sum, entropy_terms, from_sympy
from ._products import independent_factors
from .estimate import BoundedEstimate, Estimate
from .interval import Interval

__all__ = [
    "excess_entropy_bounds",
    "transient_information_bounds",
    "statistical_complexity_bounds",
    "memory_lower_bounds",
]


def _ball(value):
    """A certified arb enclosure of an exact measure value or of an :class:`Interval`."""
    if isinstance(value, Interval):
        lo = flint.arb(flint.fmpq(int(value.lower.p), int(value.lower.q)))
        hi = flint.arb(flint.fmpq(int(value.upper.p), int(value.upper.q)))
        return lo.union(hi)
    return from_sympy(value).to_arb()


@functools.lru_cache(maxsize=16)
def _certified_inputs(hmm, L, tol, max_states):
    """``(h ball, [H(0) .. H(L)] balls, depth)`` for the process of ``hmm`` (bits)."""
    from .rates import entropy_rate, level_entropies

    hv = entropy_rate(hmm, tol=tol, max_states=max_states)
    if L is None:
        L = hv.depth if isinstance(hv, Interval) and hv.depth else 12
    parts = independent_factors(hmm)
    if parts is not None:  # independent factors: h and every H(l) are the sums of the factors' (exact)
        each = [_certified_inputs(f, L, tol / len(parts), max_states) for f in parts]
        return _ball(hv), [sum((H[j] for _, H, _ in each), flint.arb(0)) for j in range(L + 1)], L
    h = _ball(hv)
    levels = level_entropies(hmm, max(L - 1, 0), None, 4_000_000, list(range(L)))
    H = [flint.arb(0)]
    for v in levels:
        H.append(H[-1] + v)
    return h, H, L


def _check(L, tol):
    if L is not None and (isinstance(L, bool) or not isinstance(L, int) or L < 1):
        raise InvalidArgumentError(f"L must be an int >= 1 or None, got {L!r}")
    if not (isinstance(tol, (int, float)) and 0 < tol < 1):
        raise InvalidArgumentError(f"tol must be a number in (0, 1), got {tol!r}")


def _geometric_tail(terms: list) -> float:
    """``sum_(l > L) t_l`` for terms ``t_0..t_L`` that shrink geometrically (0 when they do not)."""
    if len(terms) < 2 or terms[-2] <= 0 or terms[-1] <= 0:
        return 0.0
    r = terms[-1] / terms[-2]
    return terms[-1] * r / (1 - r) if 0 < r < 1 else 0.0


def _excess_parts(hmm, L, tol, max_states):
    """Certified ``E`` lower ball, and the float estimate of ``E`` with its error."""
    h, H, L = _certified_inputs(hmm, L, tol, max_states)
    lower = max((H[j] - j * h for j in range(L + 1)), key=lambda b: float(b.lower()))
    h_mid, h_rad = float(h.mid()), float(h.rad())
    E_l = [float((H[j] - j * h).mid()) for j in range(L + 1)]
    steps = [E_l[j] - E_l[j - 1] for j in range(1, L + 1)]
    tail = _geometric_tail(steps)
    est = Estimate(
        E_l[-1] + tail,
        abs(tail) + L * h_rad,
        L,
        None,
        f"E(L) = H(L) - L h_mu at L = {L}, plus the geometric tail of its increments (h_mu = {h_mid:.10g})",
    )
    return lower, est, L


def _state_entropy_ball(hmm):
    """``H(pi)`` as an arb ball (None outside the rationals)."""
    value = entropy_terms(hmm.kernel.stationary(), hmm.domain)
    return value.to_arb() if isinstance(value, Log2Sum) else None


def _exact_or_none(fn, hmm, max_states):
    try:
        return fn(hmm, max_states=max_states)
    except CompmechError:
        return None


def _enclosed_exact(fn, hmm, max_states, name):
    """The exact value as degenerate bounds (an arb enclosure), or None where it is not finite-machine."""
    exact = _exact_or_none(fn, hmm, max_states)
    if exact is None or exact == sympy.oo:
        return None
    ball = _ball(exact)
    return BoundedEstimate(Interval.from_arb(ball, ball, None, f"{name}: the exact value, enclosed"))


def excess_entropy_bounds(hmm, L: int | None = None, tol: float = 1e-6, max_states: int = 10_000) -> BoundedEstimate:
    """Certified bounds on the excess entropy ``E`` (bits), and an estimate where they are not tight.

    ``lower = max_(l <= L) [H(l) - l * upper(h_mu)]`` (``E(l)`` is non-decreasing), ``upper = H(pi)``
    (past and future are independent given the hidden state).  When the epsilon-machine closes within
    ``max_states``, the bounds enclose the exact value instead (width ~ 1e-35) and there is no estimate.

    Parameters
    ----------
    hmm : HMM
    L : int, optional
        Block length (default: the depth at which :func:`entropy_rate` reached ``tol``).
    tol : float
        Width asked of the entropy-rate interval.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> b = excess_entropy_bounds(mess3())
    >>> float(b.bounds.lower) > 0.49, b.bounds.upper < 1.585, b.estimate.within(float(b.bounds.lower), 50)
    (True, True, True)
    """
    from .memory import excess_entropy

    _check(L, tol)
    exact = _enclosed_exact(excess_entropy, hmm, max_states, "E")
    if exact is not None:
        return exact
    lower, est, L = _excess_parts(hmm, L, tol, max_states)
    upper = _state_entropy_ball(hmm)
    what = f"E: max_l [H(l) - l upper(h_mu)] for l <= {L} (certified) and H(pi) (certified, past and future meet in the state)"
    return BoundedEstimate(Interval.from_arb(lower, upper, L, what), est)


def transient_information_bounds(
    hmm, L: int | None = None, tol: float = 1e-6, max_states: int = 10_000
) -> BoundedEstimate:
    """A certified lower bound on the transient information ``T`` (bits) and an estimate of it.

    ``T = sum_l [E + l h_mu - H(l)]`` with every term ``E - E(l) >= 0``, so
    ``T >= sum_(l <= L) max(0, lower(E) + l lower(h_mu) - upper(H(l)))``.  No upper bound is proven
    (``upper = oo``).  The estimate sums the terms with the estimated ``E`` and extrapolates their
    geometric tail.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> b = transient_information_bounds(mess3())
    >>> float(b.bounds.lower) > 0, b.bounds.upper
    (True, oo)
    """
    from .memory import transient_information

    _check(L, tol)
    exact = _enclosed_exact(transient_information, hmm, max_states, "T")
    if exact is not None:
        return exact
    E_lower, E_est, L = _excess_parts(hmm, L, tol, max_states)
    h, H, _ = _certified_inputs(hmm, L, tol, max_states)
    h_lo = flint.arb(h.lower())
    total = flint.arb(0)
    terms = []
    for j in range(L + 1):
        term = flint.arb(E_lower.lower()) + j * h_lo - flint.arb(H[j].upper())
        if term > 0:
            total += term
        terms.append(E_est.value + j * float(h.mid()) - float(H[j].mid()))
    tail = _geometric_tail(terms)
    est = Estimate(
        sum(terms) + tail,
        abs(tail) + len(terms) * E_est.stderr,
        L,
        None,
        f"sum over l <= {L} of E_est + l h_mu - H(l), plus the geometric tail",
    )
    what = f"T: sum over l <= {L} of lower(E) + l lower(h_mu) - upper(H(l)) (certified); no upper bound"
    return BoundedEstimate(Interval.from_arb(total, None, L, what), est)


def statistical_complexity_bounds(
    hmm, L: int | None = None, tol: float = 1e-6, max_states: int = 10_000
) -> BoundedEstimate:
    """Certified bounds on ``C_mu`` (bits): exact, ``+oo`` when proven, else ``[lower(E), oo)``.

    ``C_mu >= E`` always.  When :func:`certify_nonatomic` proves that the Blackwell measure has no
    atoms, ``C_mu = +oo`` and the interval is ``[oo, oo]`` (its ``what`` gives the proof).  When the
    causal states may be countable with finite entropy (the simple nonunifilar source), only the lower
    bound is certified.

    Examples
    --------
    >>> from compmech.processes import mess3, sns
    >>> statistical_complexity_bounds(mess3()).bounds.lower
    oo
    >>> float(statistical_complexity_bounds(sns()).bounds.lower) > 0
    True
    """
    from .atoms import certify_nonatomic
    from .rates import statistical_complexity

    _check(L, tol)
    exact = _enclosed_exact(statistical_complexity, hmm, max_states, "C_mu")
    if exact is not None:
        return exact
    cert = certify_nonatomic(hmm)
    if cert.holds:
        return BoundedEstimate(Interval(sympy.oo, sympy.oo, None, cert.reason))
    lower, _, L = _excess_parts(hmm, L, tol, max_states)
    what = f"C_mu >= E >= {float(lower.lower()):.6g} (certified); not proven infinite: {cert.reason}"
    return BoundedEstimate(Interval.from_arb(lower, None, L, what))


def memory_lower_bounds(hmm, L: int | None = None, tol: float = 1e-6, max_states: int = 10_000) -> dict:
    """Certified lower bounds for the memory measures of a process whose causal states do not close.

    - ``S >= C_mu >= E``: the first term of the synchronization information is ``H[S_0] = C_mu``.
    - ``C_mu^- >= E`` and ``C_mu^+- >= C_mu >= E``: excess entropy is the same in both directions of time,
      and no presentation stores less.
    - ``R >= j`` for the largest ``j`` with ``h(j) > h_mu`` certified: a process of Markov order ``R`` has
      ``h(L) = h_mu`` for every ``L > R``.

    Returns ``{"excess_lower": Interval, "markov_order_lower": int}`` (bits for the first).

    Examples
    --------
    >>> from compmech.processes import sns
    >>> b = memory_lower_bounds(sns())
    >>> b["markov_order_lower"] >= 10, float(b["excess_lower"].lower) > 0.147
    (True, True)
    """
    _check(L, tol)
    lower, _, L = _excess_parts(hmm, L, tol, max_states)
    h, H, _ = _certified_inputs(hmm, L, tol, max_states)
    order = 0
    for j in range(1, L + 1):
        if (H[j] - H[j - 1]).lower() > h.upper():
            order = j
    what = f"E >= {float(lower.lower()):.6g} (certified, blocks of length <= {L})"
    return {"excess_lower": Interval.from_arb(lower, None, L, what), "markov_order_lower": order}
