"""Process algebra: finite mixtures, independent products, memoryless channels and factored processes.

Layer 4 of compmech (see ``docs/architecture.md``).  The operations live in
:mod:`compmech.algebra.operations` and :mod:`compmech.algebra.factored`; their names are re-exported here.
"""

from .factored import Factored, FactoredGHMM, FactoredHMM, factored
from .operations import Mixture, binary_symmetric, channel, mixture, product

__all__ = [
    "Mixture",
    "mixture",
    "product",
    "channel",
    "binary_symmetric",
    "Factored",
    "FactoredHMM",
    "FactoredGHMM",
    "factored",
]
