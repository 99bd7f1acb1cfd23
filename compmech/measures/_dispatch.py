"""Measures of a generalized HMM: through its epsilon-machine, where the process-level definition lives.

Every measure of the process (``h_mu``, ``C_mu``, ``E``, ``T``, ``S``, ``chi``, the orders, the reverse-time
measures) is a function of the process alone, and the epsilon-machine of a GHMM whose mixed-state
presentation closes is a classical unifilar HMM of the same process.  Measures defined on a
presentation's hidden states (``state_entropies``) have no meaning for a GHMM and say so.
"""

from __future__ import annotations

import functools
import inspect

from ..errors import InvalidArgumentError
from ..ghmm import GHMM
from ..hmm import HMM

__all__ = ["process_level", "require_classical"]


def process_level(fn):
    """Let a measure of the process accept a GHMM (through its epsilon-machine) or a nonergodic HMM (a mixture).

    A nonergodic HMM's measure comes from its ergodic components by the exact identities of
    :mod:`compmech.measures.nonergodic`.
    """

    params = inspect.signature(fn).parameters
    default = params["max_states"].default if "max_states" in params else None

    @functools.wraps(fn)
    def wrapper(hmm, *args, **kwargs):
        if isinstance(hmm, HMM) and not hmm.is_ergodic():  # a mixture: from its ergodic components
            from .nonergodic import nonergodic_measure

            return nonergodic_measure(fn.__name__)(hmm, *args, **kwargs)
        if isinstance(hmm, GHMM) and not hmm.is_classical():
            from ..machines import epsilon_machine

            budget = kwargs.get("max_states", default)  # the measure's own budget, not epsilon_machine's
            hmm = epsilon_machine(hmm, **({} if budget is None else {"max_states": budget}))
        return fn(hmm, *args, **kwargs)

    return wrapper


def require_classical(hmm, what: str) -> None:
    """Refuse a GHMM where ``what`` is defined on the probabilities of hidden states."""
    if isinstance(hmm, GHMM) and not hmm.is_classical():
        raise InvalidArgumentError(
            f"{what} is defined on the hidden states of a classical HMM; a GHMM's coordinates are not "
            f"probabilities. Use epsilon_machine(ghmm) (or minimal_presentation) and compute it there"
        )
