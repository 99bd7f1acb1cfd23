"""Block entropies, myopic entropies and state (synchronization) entropies per block length.

They are computed on the deduplicated mixed-state presentation: the exact
distribution over mixed states after ``L`` symbols is propagated along its
edges, so the cost grows with the number of distinct beliefs, not with
``|A|^L`` (for a finite MSP it is linear in ``L``).
"""

from __future__ import annotations

import sympy

from ..errors import InvalidArgumentError
from ..models.hmm import HMM
from ..presentations.msp import mixed_state_presentation
from ._dispatch import require_classical
from ._logs import combine, entropy_terms, to_expr

__all__ = ["block_entropy", "block_entropies", "myopic_entropies", "state_entropies"]


def _check_L(L, name="L_max"):
    if not isinstance(L, int) or isinstance(L, bool) or L < 0:
        raise InvalidArgumentError(f"{name} must be a non-negative int, got {L!r}")


def _distributions(hmm: HMM, L_max: int, max_states, start=None):
    """MSP to depth ``L_max`` and the exact node distributions after 0..L_max symbols (from ``start``)."""
    msp = mixed_state_presentation(hmm, max_depth=L_max, max_states=max_states, start=start)
    K = hmm.domain
    out: dict = {}
    for (u, v), p in zip(zip(msp.edges[0].tolist(), msp.edges[2].tolist()), msp.exact.edge_probabilities):
        out.setdefault(u, []).append((v, p))
    dist = {0: K.one}
    dists = [dist]
    for _ in range(L_max):
        nxt: dict = {}
        for u, pu in dist.items():
            for v, p in out[u]:
                nxt[v] = nxt.get(v, K.zero) + pu * p
        dist = nxt
        dists.append(dist)
    return msp, dists


def _myopic_raw(hmm, L_max, max_states, start=None):
    """``[H[X_{L-1} | X_0..X_{L-2}] for L = 1..L_max]`` for the observer starting from ``start`` (exact)."""
    msp, dists = _distributions(hmm, max(L_max - 1, 0), max_states, start)
    K = hmm.domain
    k = hmm.n_symbols
    nxt = {}
    src, sym, _ = msp.edges
    for u, x, p in zip(src.tolist(), sym.tolist(), msp.exact.edge_probabilities):
        nxt.setdefault(u, [K.zero] * k)[x] = p
    cache = {}

    def H(u):
        if u not in cache:
            if u in nxt:
                cache[u] = entropy_terms(nxt[u], K)
            else:  # frontier node: next-symbol distribution from its belief
                belief = msp.exact.belief(u)
                probs = [hmm.kernel.normalizer(hmm.kernel.step(belief, x)) for x in range(k)]
                cache[u] = entropy_terms(probs, K)
        return cache[u]

    out = []
    for L in range(1, L_max + 1):
        d = dists[L - 1]
        nodes = list(d)
        out.append(combine([d[u] for u in nodes], [H(u) for u in nodes], K))
    return out


def myopic_entropies(hmm: HMM, L_max: int, max_states: int | None = 1_000_000) -> list:
    """Myopic entropies ``h(L) = H[X_{L-1} | X_0..X_{L-2}]`` for ``L = 1 .. L_max``, exactly (bits).

    See Also
    --------
    block_entropies
    entropy_rate

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> myopic_entropies(golden_mean(), 3)
    [-2/3 + log(3)/log(2), 2/3, 2/3]
    """
    _check_L(L_max)
    return [to_expr(v) for v in _myopic_raw(hmm, L_max, max_states)]


def block_entropies(hmm: HMM, L_max: int, max_states: int | None = 1_000_000) -> list:
    """Block entropies ``H(L)`` for ``L = 0 .. L_max``, exactly (bits).

    See Also
    --------
    myopic_entropies
    excess_entropy

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).

    Examples
    --------
    >>> from compmech.processes import period
    >>> block_entropies(period("0011"), 3)
    [0, 1, 2, 2]
    """
    _check_L(L_max)
    total = entropy_terms([], hmm.domain)
    out = [to_expr(total)]
    for h in _myopic_raw(hmm, L_max, max_states):
        total = total + h
        out.append(to_expr(total))
    return out


def block_entropy(hmm: HMM, L: int, max_states: int | None = 1_000_000) -> sympy.Expr:
    """Block entropy ``H(L) = -sum_{|w|=L} Pr(w) log2 Pr(w)``, exactly.

    Examples
    --------
    >>> from compmech.processes import biased_coin
    >>> block_entropy(biased_coin(), 5)
    5
    """
    _check_L(L, "L")
    return block_entropies(hmm, L, max_states)[-1]


def state_entropies(hmm: HMM, L_max: int, max_states: int | None = 1_000_000) -> list:
    """Mean belief entropy ``H[S_L | X_0..X_{L-1}]`` for ``L = 0 .. L_max`` (bits), exactly.

    The states are those of the presentation given; pass
    ``epsilon_machine(hmm)`` for causal states, whose sum over ``L`` is the
    synchronization information.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> state_entropies(golden_mean(), 2)
    [-2/3 + log(3)/log(2), 0, 0]
    """
    _check_L(L_max)
    require_classical(hmm, "state_entropies")
    msp, dists = _distributions(hmm, L_max, max_states)
    K = hmm.domain
    cache = {}

    def sigma(u):
        if u not in cache:
            cache[u] = entropy_terms(msp.exact.belief(u), K)
        return cache[u]

    return [to_expr(combine(list(d.values()), [sigma(u) for u in d], K)) for d in dists]


def mixed_state_entropies(hmm: HMM, L_max: int, max_states: int | None = 1_000_000) -> list:
    """``C_mu(L)``: the entropy of the distribution over distinct beliefs after ``L`` symbols, exactly (bits).

    The observer starts from the stationary belief; after ``L`` symbols its belief is one of the
    depth-``L`` mixed states, with the total probability of the words that lead to it.  For a finite
    epsilon-machine whose MSP synchronizes, ``C_mu(L)`` tends to ``C_mu``.  For a process whose
    Blackwell measure has no atoms (Mess3: :func:`certify_nonatomic`) it grows without bound, about
    linearly while every word leads to its own belief (then ``C_mu(L) = H(L)``), as
    ``C_mu = +inf`` says.

    Examples
    --------
    >>> from compmech.processes import even, mess3
    >>> [round(float(v), 6) for v in mixed_state_entropies(even(), 4)]
    [0.0, 0.918296, 1.459148, 1.459148, 1.5]
    >>> mixed_state_entropies(mess3(), 3) == block_entropies(mess3(), 3)  # a tree: one belief per word
    True
    """
    _check_L(L_max)
    msp, dists = _distributions(hmm, L_max, max_states)
    return [to_expr(entropy_terms(list(d.values()), hmm.domain)) for d in dists]
