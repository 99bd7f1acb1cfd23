"""The anatomy of a bit: how the present symbol splits between the past and the future.

With past ``X_{:0}``, present ``X_0`` and future ``X_{1:}`` (James, Ellison & Crutchfield 2011), in bits:

- ``H = H[X_0]``, ``h = h_mu = H[X_0 | past]``, ``rho = I[X_0; past] = H - h``;
- ``r = H[X_0 | past, future]`` (ephemeral: in the present only), ``b = I[X_0; future | past]`` (bound:
  carried into the future), ``q = I[past; X_0; future]`` (enigmatic: the co-information, may be negative),
  ``sigma = I[past; future | X_0]`` (elusive: shared by past and future outside the present), and the
  excess entropy ``E = I[past; X_0, future]``;

so that ``h = r + b``, ``rho = b + q``, ``H = r + 2b + q`` and ``E = b + q + sigma``.

For a process with a finite bidirectional machine (:func:`~compmech.bidirectional_machine`) every term is
exact.  Let ``S+_0`` be the forward causal state (a function of the past) and ``S-_1`` the reverse causal
state of the future ``X_{1:}``.  The past is independent of ``(X_0, future)`` given ``S+_0`` and
``(past, X_0)`` is independent of the future given ``S-_1`` (shielding), so every atom of the I-diagram of
(past, ``X_0``, future) that does not count the entropy of the past or of the future alone equals the same
atom for ``(S+_0, X_0, S-_1)``: ``h = H[X_0 | S+_0]``, ``r = H[X_0 | S+_0, S-_1]``,
``sigma = I[S+_0; S-_1 | X_0]`` and ``E = I[S+_0; X_0, S-_1]``.  The joint law of ``(S+_0, X_0, S-_1)``
is the distribution of the bidirectional machine's edges (:mod:`compmech.presentations.bidirectional`),
so each term is a finite sum of rational x log2(rational).  ``docs/anatomy.md`` has the derivations.

Where the machine does not close (Mess3, the simple nonunifilar source) the terms are certified
intervals (:mod:`compmech.measures._anatomy_bounds`).
"""

from __future__ import annotations

from typing import Any

from ..errors import InfiniteStatesError, InvalidArgumentError, SymbolicParameterError
from ..presentations.bidirectional import bidirectional_machine
from ._anatomy_bounds import certified_anatomy
from ._anatomy_core import NAMES, Anatomy, symbol_entropy
from ._dispatch import process_level
from ._logs import entropy_terms, from_sympy, to_expr
from .interval import Interval

__all__ = ["Anatomy", "anatomy", "NAMES", "symbol_entropy"]


def _entropy(masses: dict, K):
    return entropy_terms(list(masses.values()), K)


def _marginal(triples: dict, keep) -> dict:
    out: dict = {}
    for key, p in triples.items():
        k = tuple(key[i] for i in keep)
        out[k] = out[k] + p if k in out else p
    return out


def exact_terms(hmm, max_states: int = 10_000) -> dict:
    """The anatomy's terms as :class:`Log2Sum` values (sympy expressions for parametric HMMs).

    The joint law of ``(S+_0, X_0, S-_1)`` is the edge distribution of the bidirectional machine: the
    edge from ``(s, a)`` on ``x`` to ``(s', a')`` has mass ``Pr(S+_0 = s, S-_0 = a) Pr(x, a' | a)``, and
    ``a = g(x, a')`` is fixed by ``(x, a')`` (the reverse machine is unifilar), so the triples
    ``(s, x, a')`` of distinct edges are distinct.
    """
    bm = bidirectional_machine(hmm, max_states=max_states)
    kern = bm.kernel
    K = kern.domain
    triples: dict = {}
    for u, x, v, p in kern.edges:
        key = (kern.pairs[u][0], x, kern.pairs[v][1])
        if key in triples:  # (s, x, a') fixes the edge: a repeat would be a bug
            raise AssertionError(f"two edges of the bidirectional machine give the triple {key}")
        triples[key] = kern.joint[u] * p
    H = {keep: _entropy(_marginal(triples, keep), K) for keep in [(0,), (1,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]}
    h = H[(0, 1)] - H[(0,)]  # H[X0 | S+0]
    r = H[(0, 1, 2)] - H[(0, 2)]  # H[X0 | S+0, S-1]
    E = H[(0,)] + H[(1, 2)] - H[(0, 1, 2)]  # I[S+0; X0, S-1]
    Hx = H[(1,)]
    b = h - r
    rho = Hx - h
    q = rho - b
    return {"H": Hx, "h": h, "rho": rho, "r": r, "b": b, "q": q, "sigma": E - rho, "E": E}


def _of_mixture(measure):
    """The anatomy of a mixture of distinct ergodic components ``i`` with weights ``w_i``.

    The component ``W`` is a function of the past and of the future (``compmech.measures.nonergodic``), so
    conditioning on the past conditions on ``W``: ``h = sum_i w_i h_i`` and ``r = sum_i w_i r_i``, while
    ``E = H(w) + sum_i w_i E_i``.  ``H[X_0]`` is the mixture's own, and the identities give the rest.
    """

    def mixed(hmm, max_states: int = 10_000, depth=None, tol: float = 1e-6, max_entries=None):
        from .nonergodic import _distinct, _weight_entropy, weighted_sum

        parts = _distinct(hmm)
        weights = [w for w, _ in parts]
        comps = [measure(h, max_states, depth, tol, max_entries) for _, h in parts]
        terms = {"H": to_expr(symbol_entropy(hmm))}
        for name in ("h", "r"):
            terms[name] = weighted_sum([getattr(c, name) for c in comps], weights)
        terms["E"] = weighted_sum([c.E for c in comps], weights, _weight_entropy(weights))
        return _from_hrE(terms, comps)

    return mixed


def _from_hrE(terms: dict, comps) -> Anatomy:
    """The anatomy from ``H``, ``h``, ``r`` and ``E`` by the identities (exactly, or in interval arithmetic)."""
    from .bounds import _ball

    if not any(isinstance(v, Interval) for v in terms.values()):
        try:
            H, h, r, E = (from_sympy(terms[n]) for n in ("H", "h", "r", "E"))
        except InvalidArgumentError:  # parametric: sympy arithmetic
            H, h, r, E = (terms[n] for n in ("H", "h", "r", "E"))
        values = _identities(H, h, r, E)
        return Anatomy(**{n: to_expr(v) for n, v in values.items()})
    H, h, r, E = (_ball(terms[n]) for n in ("H", "h", "r", "E"))
    values = _identities(H, h, r, E)
    depth = max((c.depth or 0 for c in comps), default=0) or None
    what = "from the components' certified anatomies (interval arithmetic)"
    out: dict[str, Any] = {n: Interval.from_arb(v, v, depth, what) for n, v in values.items() if n != "H"}
    return Anatomy(H=terms["H"], **out, kind="certified bound", depth=depth)


def _identities(H, h, r, E) -> dict:
    b = h - r
    rho = H - h
    return {"H": H, "h": h, "rho": rho, "r": r, "b": b, "q": rho - b, "sigma": E - rho, "E": E}


@process_level(_of_mixture)
def anatomy(
    hmm, max_states: int = 10_000, depth: int | None = None, tol: float = 1e-6, max_entries: int | None = None
) -> Anatomy:
    """The anatomy of a bit: ``H[X0]`` split between the past and the future, exactly or certified.

    Exact (sympy expressions, finite sums of rational x log2(rational), or expressions in the
    parameters) when the forward and reverse epsilon-machines close within ``max_states``; the identities
    ``h = r + b``, ``rho = b + q``, ``H = r + 2b + q`` and ``E = b + q + sigma`` then hold exactly.

    Otherwise, for a classical HMM with rational entries (Mess3, the simple nonunifilar source), every
    term but ``H`` is a certified :class:`Interval`: ``h`` from :func:`entropy_rate` (width ``tol``), ``r``
    between its window values ``H[X0 | X_{-L:0}, X_{1:L+1}, S_{-L}, S_{L+1}] <= r <= H[X0 | X_{-L:0},
    X_{1:L+1}]``, ``sigma`` and ``E`` between their window values and the same with the hidden states at
    both ends, and the others by the identities (``notes`` says which bound came from where).  ``depth``
    is the window ``L`` (default: the largest with at most ``max_entries`` joint probabilities, 2.5
    million by default: ``L = 5`` for Mess3, ``L = 9`` for the SNS).

    A mixture of distinct ergodic processes gets the anatomy of its components combined: the component
    is a function of the past and of the future, so ``h``, ``r`` and ``b`` are the components' weighted
    means and ``E = H(w) + sum_i w_i E_i``.

    Raises
    ------
    InfiniteStatesError
        For a GHMM whose causal states do not close (its hidden coordinates are not states: no bound).
    SymbolicParameterError
        For a parametric HMM whose causal states do not close (bounds need numbers).

    See Also
    --------
    block_anatomy
    compmech.bidirectional_machine

    References
    ----------
    - R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit: information in a time series observation", Chaos 21, 037109 (2011).

    Examples
    --------
    >>> from compmech.processes import golden_mean, even
    >>> a = anatomy(golden_mean())
    >>> a.r, a.b, a.sigma
    (-1/3 + log(3)/(2*log(2)), -log(3)/(2*log(2)) + 1, 0)
    >>> from compmech.measures import exactly_equal
    >>> exactly_equal(a.H, a.r + 2 * a.b + a.q)
    True
    >>> anatomy(even()).sigma
    2/3
    """
    try:
        terms = exact_terms(hmm, max_states)
    except InfiniteStatesError:
        if not hmm.is_classical():
            raise
        if hmm.is_symbolic():
            raise SymbolicParameterError(
                "the causal states of this parametric HMM do not close, and certified bounds on its anatomy "
                "need numbers: call .subs({...}) first"
            ) from None
        budget = {} if max_entries is None else {"max_entries": max_entries}
        return certified_anatomy(hmm, depth=depth, tol=tol, max_states=max_states, **budget)
    return Anatomy(**{name: to_expr(v) for name, v in terms.items()})
