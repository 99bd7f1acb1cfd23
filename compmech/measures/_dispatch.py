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
from ..models.ghmm import GHMM
from ..models.hmm import HMM
from ..presentations.machines import epsilon_machine
from ._products import independent_factors

__all__ = ["process_level", "require_classical"]


def process_level(mixture, product=None):
    """Let a measure of the process accept a GHMM (through its epsilon-machine) or a nonergodic HMM (a mixture).

    ``mixture`` is the measure's rule for a nonergodic HMM, one of the rules of
    :mod:`compmech.measures.nonergodic` (``weighted``, ``with_identification``, ``ergodic_only``): it
    receives the measure itself and computes the mixture's value from the ergodic components by the
    exact identities proved there.  ``product`` (optional) is its rule for independent factors read
    jointly (:func:`compmech.measures._products.summed`), applied first.
    """

    def decorate(fn):
        params = inspect.signature(fn).parameters
        default = params["max_states"].default if "max_states" in params else None

        @functools.wraps(fn)
        def wrapper(hmm, *args, **kwargs):
            parts = None if product is None else independent_factors(hmm)
            if parts is not None:
                return product(wrapper, parts, *args, **kwargs)
            if isinstance(hmm, HMM) and not hmm.is_ergodic():  # a mixture: from its ergodic components
                return mixture(wrapper)(hmm, *args, **kwargs)
            if isinstance(hmm, GHMM) and not hmm.is_classical():
                budget = kwargs.get("max_states", default)  # the measure's own budget, not epsilon_machine's
                hmm = epsilon_machine(hmm, **({} if budget is None else {"max_states": budget}))
            return fn(hmm, *args, **kwargs)

        return wrapper

    return decorate


def require_classical(hmm, what: str) -> None:
    """Refuse a GHMM where ``what`` is defined on the probabilities of hidden states."""
    if isinstance(hmm, GHMM) and not hmm.is_classical():
        raise InvalidArgumentError(
            f"{what} is defined on the hidden states of a classical HMM; a GHMM's coordinates are not "
            f"probabilities. Use epsilon_machine(ghmm) (or minimal_presentation) and compute it there"
        )
