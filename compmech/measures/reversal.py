"""The time-reversed process and the bidirectional machine.

``reverse(hmm)`` presents the reversed process with
``T~[x][i, j] = pi_j T[x][j, i] / pi_i`` (states with ``pi > 0``).  The reverse
epsilon-machine is ``epsilon_machine(reverse(hmm))``; its states are the
reverse causal states ``S-``.

For ``C_mu+- = H[S+, S-]``: the reverse epsilon-machine, reversed again, is a
forward-time presentation whose states are the ``S-``.  Because the past and
the future are independent given ``S+``, the belief over ``S-`` after a past
is a function of ``S+``; so the recurrent mixed states of that presentation
are the forward causal states, each carrying ``Pr(S- | S+)``, and their
stationary distribution is ``Pr(S+)``.  The joint distribution is exact and
so is its entropy.
"""

from __future__ import annotations

import sympy

from ..models.hmm import HMM
from ..presentations.machines import epsilon_machine, reverse
from ..presentations.msp import closed_msp
from ._chain import MSPChain
from ._dispatch import process_level
from ._logs import entropy_terms, to_expr
from .atoms import infinite_when_certified
from .nonergodic import weighted

__all__ = [
    "reverse",
    "reverse_statistical_complexity",
    "causal_irreversibility",
    "bidirectional_complexity",
]


def _C(em):
    return entropy_terms(em.kernel.stationary(), em.domain)


@process_level(weighted(entropy=True))
@infinite_when_certified("reverse")
def reverse_statistical_complexity(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """``C_mu-``: the statistical complexity of the time-reversed process.

    See Also
    --------
    causal_irreversibility
    bidirectional_complexity

    References
    ----------
    - J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> reverse_statistical_complexity(golden_mean())
    -2/3 + log(3)/log(2)
    """
    return to_expr(_C(epsilon_machine(reverse(hmm), max_states=max_states)))


@process_level(weighted())
def causal_irreversibility(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """``Xi = C_mu+ - C_mu-`` (zero for reversible-complexity processes).

    See Also
    --------
    reverse_statistical_complexity

    References
    ----------
    - J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> causal_irreversibility(golden_mean())
    0
    """
    fwd = _C(epsilon_machine(hmm, max_states=max_states))
    bwd = _C(epsilon_machine(reverse(hmm), max_states=max_states))
    return to_expr(fwd - bwd)


def _joint_forward_reverse(hmm: HMM, max_states: int):
    rev_em = epsilon_machine(reverse(hmm), max_states=max_states)
    what = f"the joint forward/reverse presentation of {hmm.name or 'this HMM'} (for C_mu+-)"
    msp = closed_msp(reverse(rev_em), max_states, what)
    chain = MSPChain(msp)
    K = chain.K
    joint = []
    for u, p in zip(chain.recurrent, chain.pi_r):
        for b in msp.exact.belief(u):
            if b != K.zero:
                joint.append(p * b)
    return joint, K


@process_level(weighted(entropy=True))
@infinite_when_certified("either", because="C_mu+- = H[S+, S-] >= C_mu+ and >= C_mu-, and one of them is +oo")
def bidirectional_complexity(hmm: HMM, max_states: int = 10_000) -> sympy.Expr:
    """``C_mu+- = H[S+, S-]``: the entropy of the joint forward/reverse causal state.

    See Also
    --------
    reverse_statistical_complexity
    excess_entropy

    References
    ----------
    - J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility, crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> from compmech.measures import excess_entropy, statistical_complexity
    >>> bidirectional_complexity(golden_mean())
    log(3)/log(2)

    The excess entropy is the mutual information of the two causal states:

    >>> g = golden_mean()
    >>> C_plus, C_minus = statistical_complexity(g), reverse_statistical_complexity(g)
    >>> from compmech.measures import exactly_equal
    >>> exactly_equal(C_plus + C_minus - bidirectional_complexity(g), excess_entropy(g))
    True
    """
    joint, K = _joint_forward_reverse(hmm, max_states)
    return to_expr(entropy_terms(joint, K))
