"""Measures of a nonergodic process (a finite mixture), from its ergodic components, exactly.

Let ``W`` be the component of a stationary mixture ``sum_i w_i P_i`` whose components are distinct
ergodic processes.  ``W`` is a function of the infinite past and of the infinite future (distinct
ergodic measures are mutually singular), so (proofs in ``docs/theory_algebra.md``):

- ``h_mu = sum_i w_i h_i`` (for any components, distinct or not);
- ``C_mu = H(w) + sum_i w_i C_i`` (the causal state is the pair (component, causal state));
- ``E = H(w) + sum_i w_i E_i`` (``I[past; future] = I[past; future, W] = H(W) + I[past; future | W]``);
- ``chi = sum_i w_i chi_i``; the reverse-time ``C_mu-``, ``Xi`` and ``C_mu+-`` likewise;
- ``S = sum_i w_i S_i + D_W`` and ``T = sum_i w_i T_i + D_W`` with ``D_W = sum_{L>=0} H[W | X_0..X_{L-1}]``,
  the information needed to identify the component, summed over time.

Components that generate the same process are merged first (their weights add), decided exactly by
:func:`compmech.same_process`.  ``D_W`` is computed on the mixed-state presentation of the
mixture of the components' epsilon-machines; it is exact when that presentation closes, and the
measures say so (InfiniteStatesError) when it does not.
"""

from __future__ import annotations

from functools import lru_cache

import sympy
from sympy.polys.domains import QQ

from ..algebra.operations import mixture
from ..errors import NotErgodicError
from ..kernel.exact import as_sympy
from ..kernel.linalg import solve_left
from ..models.decompose import distinct_components, ergodic_decomposition
from ..presentations.machines import epsilon_machine
from ..presentations.msp import closed_msp
from ._infinity import infinity_reasons, proven_infinite
from ._logs import Log2Sum, combine, entropy_terms, from_sympy, to_expr
from .interval import Interval

__all__ = ["weighted", "with_identification", "ergodic_only", "component_identification_information"]


@lru_cache(maxsize=32)
def _components(hmm) -> tuple:
    """``((weight, component HMM), ...)`` of the ergodic decomposition (remembered per presentation)."""
    return tuple(ergodic_decomposition(hmm))


@lru_cache(maxsize=32)
def _distinct(hmm) -> tuple:
    return tuple(distinct_components(list(_components(hmm))))


def weighted_sum(values, weights, constant=None):
    """``constant + sum_i w_i v_i`` exactly (``oo`` when some ``v_i`` is); intervals give an interval.

    Rational weights and values stay in :class:`Log2Sum` arithmetic; parametric ones (a mixture of
    parametric components, or weights in a parameter) go through sympy and are simplified.
    """
    if any(v is sympy.oo or v == sympy.oo for v in values if not isinstance(v, Interval)):
        return sympy.oo
    if any(isinstance(v, Interval) for v in values):
        return _weighted_interval(values, weights, constant)
    exprs = [as_sympy(v, "a component's measure") for v in values]
    ws = [as_sympy(w, "a component weight") for w in weights]
    if any(e.free_symbols for e in exprs + ws) or (constant is not None and not isinstance(constant, Log2Sum)):
        total = sum((w * e for w, e in zip(ws, exprs)), sympy.Integer(0))
        return to_expr(total + (to_expr(constant) if isinstance(constant, Log2Sum) else (constant or 0)))
    total = combine([QQ(int(w.p), int(w.q)) for w in ws], [from_sympy(e) for e in exprs], QQ)
    return to_expr(total if constant is None else total + constant)


def _weighted_interval(values, weights, constant):
    import flint

    lo = hi = flint.arb(0) if constant is None else constant.to_arb()
    for w, v in zip(weights, values):
        wq = flint.fmpq(int(sympy.Rational(w).p), int(sympy.Rational(w).q))
        if isinstance(v, Interval):
            lo += flint.arb(wq) * flint.arb(flint.fmpq(int(v.lower.p), int(v.lower.q)))
            hi += flint.arb(wq) * flint.arb(flint.fmpq(int(v.upper.p), int(v.upper.q)))
        else:
            a = flint.arb(wq) * from_sympy(as_sympy(v, "a component's measure")).to_arb()
            lo, hi = lo + a, hi + a
    depth = max((v.depth or 0 for v in values if isinstance(v, Interval)), default=None)
    return Interval.from_arb(lo, hi, depth, "sum_i w_i h_i over the ergodic components (certified)")


def _weight_entropy(weights):
    """``H(w)``: a :class:`Log2Sum` for rational weights, a sympy expression for parametric ones."""
    ws = [as_sympy(w, "a component weight") for w in weights]
    if any(w.free_symbols for w in ws):
        return sum((-w * sympy.log(w) / sympy.log(2) for w in ws), sympy.Integer(0))
    return entropy_terms([QQ(int(w.p), int(w.q)) for w in ws], QQ)


def component_values(fn, parts, *args, **kwargs) -> tuple[list, str | None]:
    """Each component's value of ``fn``, and the reason of the first infinite one (None if none is)."""
    values, why = [], None
    for w, h in parts:
        with infinity_reasons() as reasons:
            v = fn(h, *args, **kwargs)
        values.append(v)
        if why is None and not isinstance(v, Interval) and v == sympy.oo:
            inner = reasons[-1] if reasons else "no reason recorded"
            why = f"its component {h.name or 'HMM'} (weight {w}) has {fn.__name__} = +oo: {inner}"
    return values, why


def _by_formula(fn, with_entropy: bool, distinct: bool = True):
    def measure(hmm, *args, **kwargs):
        parts = _distinct(hmm) if distinct else tuple((c.weight, c.hmm) for c in _components(hmm))
        weights = [w for w, _ in parts]
        values, why = component_values(fn, parts, *args, **kwargs)
        value = weighted_sum(values, weights, _weight_entropy(weights) if with_entropy else None)
        if why is not None and value == sympy.oo:  # the weighted sum of the components is oo
            return proven_infinite(
                value, f"{fn.__name__} of a mixture is a weighted sum over its components, and {why}"
            )
        return value

    return measure


def _sync_measure(fn):
    def measure(hmm, max_states: int = 10_000):
        parts = _distinct(hmm)
        values, why = component_values(fn, parts, max_states=max_states)
        D = _identification(hmm, max_states)
        if D is sympy.oo:
            return proven_infinite(sympy.oo, f"{fn.__name__} of a mixture includes D_W, and {_D_INFINITE}")
        value = weighted_sum(values, [w for w, _ in parts], D)
        if why is not None and value == sympy.oo:
            return proven_infinite(
                value, f"{fn.__name__} of a mixture is D_W plus a weighted sum over its components, and {why}"
            )
        return value

    return measure


_D_INFINITE = (
    "the posterior over the components stays uncertain on a recurrent belief of the mixture's mixed-state "
    "presentation, so D_W = sum_L H[W | X^L] = +oo"
)


def component_identification_information(hmm, max_states: int = 10_000):
    """``D_W = sum_{L>=0} H[W | X_0..X_{L-1}]``: the bits spent identifying the component, summed over time.

    ``W`` is the ergodic component (after merging components that generate the same process).  Exact
    when the mixed-state presentation of the mixture of the components' epsilon-machines closes within
    ``max_states``; ``oo`` when the posterior over the components never becomes certain on a recurrent
    belief; ``0`` for an ergodic process.

    Raises
    ------
    InfiniteStatesError
        When that presentation does not close: the posterior keeps changing forever (two i.i.d. coins of
        different biases, say), and ``D_W`` has no finite exact form here.

    Examples
    --------
    >>> from compmech import mixture
    >>> from compmech.processes import period
    >>> D = component_identification_information(mixture([period([0, 1]), period([0, 0, 1])], ["1/2", "1/2"]))
    >>> D            # 1 + (7/12) H(3/7) + (5/3) H(3/5): words of length 0..3 leave the component uncertain
    -5*log(3)/(4*log(2)) - 1/3 + 7*log(7)/(12*log(2)) + 5*log(5)/(3*log(2))
    """
    D = _identification(hmm, max_states)
    return proven_infinite(D, _D_INFINITE) if D is sympy.oo else to_expr(D)


@lru_cache(maxsize=32)
def _identification(hmm, max_states):
    parts = _distinct(hmm)
    if len(parts) == 1:
        return Log2Sum()
    mix = mixture([epsilon_machine(h, max_states=max_states) for _, h in parts], [w for w, _ in parts])
    what = (
        f"the posterior over the {len(parts)} components of {hmm.name or 'this mixture'} (it may keep changing "
        f"forever; D_W = sum_L H[W | X^L])"
    )
    msp = closed_msp(mix, max_states, what)
    K = mix.domain
    post = [mix.component_posterior_k(msp.exact.belief(u)) for u in range(msp.n_nodes)]
    uncertain = [u for u in range(msp.n_nodes) if sum(1 for p in post[u] if p != K.zero) > 1]
    rec = set(msp.recurrent_states)
    if any(u in rec for u in uncertain):
        return sympy.oo
    pos = {u: i for i, u in enumerate(uncertain)}
    A: dict = {i: {i: K.one} for i in range(len(uncertain))}  # I - Q on the uncertain nodes
    src, _, dst = msp.edges
    for u, v, p in zip(src.tolist(), dst.tolist(), msp.exact.edge_probabilities):
        if u in pos and v in pos:
            A[pos[u]][pos[v]] = A[pos[u]].get(pos[v], K.zero) - p
    y = [K.zero] * len(uncertain)
    y[pos[0]] = K.one
    visits = solve_left(y, A, K)
    return combine(visits, [entropy_terms(post[u], K) for u in uncertain], K)


def _not_ergodic(name):
    def measure(hmm, *args, **kwargs):
        k = len(_distinct(hmm))
        raise NotErgodicError(
            f"{name} is computed for ergodic processes (it needs a unique stationary distribution); "
            f"{hmm.name or 'this HMM'} has {k} distinct ergodic components: compute it on each "
            f"(compmech.ergodic_decomposition)"
        )

    return measure


def weighted(entropy: bool = False, merge: bool = True):
    """The rule ``X = [H(w) +] sum_i w_i X_i`` over the ergodic components.

    ``entropy`` adds ``H(w)`` (the measures that count the component as part of the state); ``merge``
    first merges the components that generate the same process (their weights add).  The rule
    receives the measure and returns its nonergodic version.
    """
    return lambda measure: _by_formula(measure, entropy, merge)


def with_identification():
    """The rule ``X = sum_i w_i X_i + D_W`` of the synchronization measures ``S`` and ``T``."""
    return _sync_measure


def ergodic_only():
    """The rule of a measure defined for ergodic processes only: a :class:`NotErgodicError` naming it."""
    return lambda measure: _not_ergodic(measure.__name__)
