"""compmech: exact computational mechanics.

Exact (rational and symbolic) hidden Markov models, mixed-state
presentations, epsilon-machines and information measures, with ground-truth
fixtures and a small torch pipeline that probes transformers for belief
geometry.
"""

from . import algebra, errors, inference, io, measures, plot, processes
from .algebra import Mixture, binary_symmetric, channel, mixture, product
from .io import load_fixture, load_hmm, save_fixture, save_hmm
from .kernel.version import __version__ as __version__
from .measures import (
    Anatomy,
    Estimate,
    Interval,
    anatomy,
    autocorrelation,
    autocorrelation_function,
    bidirectional_complexity,
    blackwell_measure,
    block_anatomy,
    block_entropies,
    block_entropy,
    causal_irreversibility,
    certify_nonatomic,
    constrained_update,
    cryptic_order,
    crypticity,
    entropy_rate,
    entropy_rate_bounds,
    excess_entropy,
    excess_entropy_bounds,
    lyapunov_spectrum,
    markov_order,
    myopic_entropies,
    myopic_entropy_function,
    power_spectrum,
    reverse_statistical_complexity,
    state_entropies,
    statistical_complexity,
    statistical_complexity_dimension,
    synchronization_information,
    transient_information,
)
from .models.decompose import ErgodicComponent, ergodic_decomposition, same_process
from .models.ghmm import GHMM
from .models.hmm import HMM
from .models.minimal import MinimalPresentation, minimal_presentation, process_rank
from .models.sampling import sample
from .models.validity import NonnegativityCertificate, verify_nonnegative
from .plot import draw  # importing compmech.plot registers the SVG displays (docs/architecture.md)
from .presentations.bidirectional import BidirectionalMachine, bidirectional_machine
from .presentations.ground_truth import GroundTruth, ground_truth
from .presentations.machines import epsilon_machine, is_isomorphic, minimize, restrict, reverse
from .presentations.msp import MixedStatePresentation, mixed_state_presentation

__all__ = [
    "algebra",
    "io",
    "Mixture",
    "binary_symmetric",
    "channel",
    "mixture",
    "product",
    "ErgodicComponent",
    "ergodic_decomposition",
    "same_process",
    "GroundTruth",
    "ground_truth",
    "load_fixture",
    "load_hmm",
    "sample",
    "save_fixture",
    "save_hmm",
    "GHMM",
    "MinimalPresentation",
    "NonnegativityCertificate",
    "minimal_presentation",
    "process_rank",
    "verify_nonnegative",
    "HMM",
    "Estimate",
    "Interval",
    "blackwell_measure",
    "certify_nonatomic",
    "excess_entropy_bounds",
    "lyapunov_spectrum",
    "statistical_complexity_dimension",
    "bidirectional_complexity",
    "block_entropies",
    "block_entropy",
    "causal_irreversibility",
    "cryptic_order",
    "crypticity",
    "entropy_rate",
    "entropy_rate_bounds",
    "excess_entropy",
    "markov_order",
    "inference",
    "measures",
    "constrained_update",
    "myopic_entropies",
    "reverse",
    "reverse_statistical_complexity",
    "state_entropies",
    "statistical_complexity",
    "synchronization_information",
    "transient_information",
    "MixedStatePresentation",
    "epsilon_machine",
    "errors",
    "draw",
    "plot",
    "is_isomorphic",
    "minimize",
    "mixed_state_presentation",
    "processes",
    "restrict",
    "BidirectionalMachine",
    "bidirectional_machine",
    "Anatomy",
    "anatomy",
    "block_anatomy",
    "autocorrelation",
    "autocorrelation_function",
    "myopic_entropy_function",
    "power_spectrum",
]
