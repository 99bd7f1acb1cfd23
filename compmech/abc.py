"""Paper notation for the measures (``from compmech.abc import h_mu, C_mu, E``).

The canonical names stay the long ones in :mod:`compmech.measures`.

Examples
--------
>>> from compmech.abc import E, C_mu, chi
>>> from compmech.processes import golden_mean
>>> chi(golden_mean()) == C_mu(golden_mean()) - E(golden_mean())
True
"""

from .measures import (
    bidirectional_complexity as C_mu_pm,
    block_entropy as H,
    crypticity as chi,
    entropy_rate as h_mu,
    excess_entropy as E,
    reverse_statistical_complexity as C_mu_minus,
    statistical_complexity as C_mu,
    synchronization_information as S,
    transient_information as T,
    causal_irreversibility as Xi,
)

__all__ = ["h_mu", "C_mu", "C_mu_minus", "C_mu_pm", "E", "T", "S", "H", "chi", "Xi"]
