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
)
from .measures import (
    block_entropy as H,
)
from .measures import (
    causal_irreversibility as Xi,
)
from .measures import (
    crypticity as chi,
)
from .measures import (
    entropy_rate as h_mu,
)
from .measures import (
    excess_entropy as E,
)
from .measures import (
    reverse_statistical_complexity as C_mu_minus,
)
from .measures import (
    statistical_complexity as C_mu,
)
from .measures import (
    synchronization_information as S,
)
from .measures import (
    transient_information as T,
)

__all__ = ["h_mu", "C_mu", "C_mu_minus", "C_mu_pm", "E", "T", "S", "H", "chi", "Xi"]
