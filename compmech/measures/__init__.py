"""Information measures: exact closed forms and certified bounds (bits)."""

from ..presentations.machines import reverse  # noqa: F401  (a transformation, not a measure: kept importable from here)
from .anatomy import Anatomy, anatomy
from .atoms import NonatomicCertificate, certify_nonatomic
from .block_anatomy import BlockAnatomy, block_anatomy
from .blocks import block_entropies, block_entropy, mixed_state_entropies, myopic_entropies, state_entropies
from .bounds import (
    excess_entropy_bounds,
    memory_lower_bounds,
    statistical_complexity_bounds,
    transient_information_bounds,
)
from .closed_forms import closed_form_table
from .constrained import ConstrainedUpdate, HeadGroup, constrained_update
from .convergence import MyopicEntropyFunction, myopic_entropy_function
from .correlation import AutocorrelationFunction, autocorrelation, autocorrelation_function
from .equality import exactly_equal
from .estimate import BoundedEstimate, DimensionFit, Estimate
from .factoring import factoring_cost
from .fractal import (
    blackwell_measure,
    box_counting_dimension,
    entropy_rate_estimate,
    information_dimension,
    lyapunov_spectrum,
    statistical_complexity_dimension,
)
from .interval import Interval
from .memory import crypticity, excess_entropy, synchronization_information, transient_information
from .nonergodic import component_identification_information
from .orders import cryptic_order, markov_order
from .rates import entropy_rate, entropy_rate_bounds, statistical_complexity
from .reversal import bidirectional_complexity, causal_irreversibility, reverse_statistical_complexity
from .spectrum import PowerSpectrum, power_spectrum
from .table import MeasureRow, MeasureTable, measure_table

__all__ = [
    "ConstrainedUpdate",
    "HeadGroup",
    "constrained_update",
    "factoring_cost",
    "BoundedEstimate",
    "DimensionFit",
    "Estimate",
    "Interval",
    "MeasureRow",
    "MeasureTable",
    "NonatomicCertificate",
    "blackwell_measure",
    "box_counting_dimension",
    "certify_nonatomic",
    "component_identification_information",
    "entropy_rate_estimate",
    "excess_entropy_bounds",
    "information_dimension",
    "lyapunov_spectrum",
    "measure_table",
    "memory_lower_bounds",
    "mixed_state_entropies",
    "statistical_complexity_bounds",
    "statistical_complexity_dimension",
    "transient_information_bounds",
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
    "Anatomy",
    "BlockAnatomy",
    "anatomy",
    "block_anatomy",
    "AutocorrelationFunction",
    "MyopicEntropyFunction",
    "PowerSpectrum",
    "autocorrelation",
    "autocorrelation_function",
    "closed_form_table",
    "myopic_entropy_function",
    "power_spectrum",
]
