"""Information measures: exact closed forms and certified bounds (bits)."""

from ..machines import reverse  # noqa: F401  (a transformation, not a measure: kept importable from here)
from .blocks import block_entropies, block_entropy, myopic_entropies, state_entropies
from .equality import exactly_equal
from .interval import Interval
from .memory import crypticity, excess_entropy, synchronization_information, transient_information
from .orders import cryptic_order, markov_order
from .rates import entropy_rate, entropy_rate_bounds, statistical_complexity
from .reversal import bidirectional_complexity, causal_irreversibility, reverse_statistical_complexity

__all__ = [
    "Interval",
    "block_entropies",
    "block_entropy",
    "myopic_entropies",
    "state_entropies",
    "bidirectional_complexity",
    "causal_irreversibility",
    "cryptic_order",
    "crypticity",
    "markov_order",
    "reverse_statistical_complexity",
    "entropy_rate",
    "exactly_equal",
    "entropy_rate_bounds",
    "excess_entropy",
    "statistical_complexity",
    "synchronization_information",
    "transient_information",
]
