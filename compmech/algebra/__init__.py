"""Process algebra: finite mixtures, independent products and memoryless channels, exactly.

Layer 4 of compmech (see ``docs/architecture.md``).  The operations live in
:mod:`compmech.algebra.operations`; their names are re-exported here.
"""

from .operations import Mixture, binary_symmetric, channel, mixture, product

__all__ = ["Mixture", "mixture", "product", "channel", "binary_symmetric"]
