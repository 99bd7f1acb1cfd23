"""Excess entropy, transient information, synchronization information, crypticity.

All four are computed in closed form from the Markov chain on the mixed
states of the epsilon-machine (see :mod:`compmech.measures._chain`): with
``e0`` the start node, ``H`` the next-symbol entropies of the nodes, ``sigma``
the entropies of the beliefs over causal states, ``W`` the transition matrix,
``D`` the group inverse of ``I - W`` and ``N`` the fundamental matrix of the
transient part,

- ``E = sum_{L>=1} (h(L) - h_mu) = e0 D H``
- ``T = sum_{L>=1} L (h(L) - h_mu) = e0 (D + W D^2) H``
- ``S = sum_{L>=0} H[S_L | X_0..X_{L-1}] = e0 N sigma``
- ``chi = C_mu - E``.

Every coefficient is an exact rational, so each value is a finite sum of
rational x log2(rational).
"""

from __future__ import annotations

import sympy

from ..models.hmm import HMM
from ._chain import synchronization_chain
from ._dispatch import process_level
from ._logs import entropy_terms, to_expr
from ._products import summed
from .atoms import infinite_when_certified
from .nonergodic import weighted, with_identification

__all__ = ["excess_entropy", "transient_information", "synchronization_information", "crypticity"]


def _excess(chain):
    H = chain.node_values(chain.next_symbol_entropy)
    return chain.pair(chain.left_D(chain.root()), H), H


@process_level(weighted(entropy=True), summed())
def excess_entropy(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """Excess entropy ``E = sum_{L>=1} (h(L) - h_mu)`` in bits, exactly.

    Raises
    ------
    InfiniteStatesError
        When the mixed states of the epsilon-machine do not close within
        ``max_states`` (no finite closed form; use :func:`myopic_entropies`).

    See Also
    --------
    statistical_complexity
    transient_information
    block_entropies

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
    - P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem: spectrally decomposing arbitrary functions of nondiagonalizable operators", AIP Advances 8, 065305 (2018).

    Examples
    --------
    >>> from compmech.processes import golden_mean, even
    >>> excess_entropy(golden_mean())
    -4/3 + log(3)/log(2)
    >>> excess_entropy(even())
    -2/3 + log(3)/log(2)
    """
    _, chain = synchronization_chain(hmm, max_states)
    return to_expr(_excess(chain)[0])


@process_level(with_identification())
def transient_information(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """Transient information ``T = sum_{L>=0} (E + L h_mu - H(L))`` in bits, exactly.

    See Also
    --------
    excess_entropy
    synchronization_information

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
    - P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem: spectrally decomposing arbitrary functions of nondiagonalizable operators", AIP Advances 8, 065305 (2018).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> transient_information(golden_mean()) == excess_entropy(golden_mean())
    True
    """
    _, chain = synchronization_chain(hmm, max_states)
    E, H = _excess(chain)
    y = chain.left_D(chain.left_D(chain.left_W(chain.root())))
    return to_expr(E + chain.pair(y, H))


def _is_zero(v) -> bool:
    """Exact zero test of an entropy value: a Log2Sum (rational HMMs) or a sympy expression (parametric ones)."""
    method = getattr(v, "is_zero", None)
    if callable(method):
        return bool(method())
    return sympy.simplify(v) == 0


@process_level(with_identification())
@infinite_when_certified("forward", because="S >= C_mu (its L = 0 term is C_mu), and C_mu = +oo")
def synchronization_information(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """Synchronization information ``S = sum_{L>=0} H[S_L | X_0..X_{L-1}]`` (causal states), exactly.

    The ``L = 0`` term is ``C_mu``.

    See Also
    --------
    transient_information
    state_entropies

    References
    ----------
    - J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
    - N. F. Travers and J. P. Crutchfield, "Exact synchronization for finite-state sources", J. Stat. Phys. 145, 1181 (2011).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> synchronization_information(golden_mean())
    -2/3 + log(3)/log(2)
    """
    _, chain = synchronization_chain(hmm, max_states)
    K = chain.K
    sigma_R = [chain.belief_entropy(u) for u in chain.recurrent]
    if not all(_is_zero(v) for v in sigma_R):
        raise AssertionError("recurrent mixed states of an epsilon-machine must be synchronized")
    yT, _ = chain.root()
    if not chain.transient:
        return to_expr(entropy_terms([K.one], K))
    yN = chain.left_N(yT)
    sigma_T = [chain.belief_entropy(u) for u in chain.transient]
    from ._logs import combine

    return to_expr(combine(yN, sigma_T, K))


@process_level(weighted())
@infinite_when_certified("forward", because="chi = C_mu - E with E <= H(pi) finite, and C_mu = +oo")
def crypticity(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """Crypticity ``chi = C_mu - E`` in bits, exactly (``>= 0``).

    See Also
    --------
    cryptic_order
    excess_entropy

    References
    ----------
    - J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
    - J. R. Mahoney, C. J. Ellison, R. G. James and J. P. Crutchfield, "How hidden are hidden processes? A primer on crypticity and entropy convergence", Chaos 21, 037112 (2011).

    Examples
    --------
    >>> from compmech.processes import golden_mean, rrxor
    >>> crypticity(golden_mean()), crypticity(rrxor())
    (2/3, 0)
    """
    em, chain = synchronization_chain(hmm, max_states)
    C = entropy_terms(em.kernel.stationary(), em.domain)
    return to_expr(C - _excess(chain)[0])
