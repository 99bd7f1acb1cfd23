"""compmech: exact computational mechanics.

Exact (rational and symbolic) hidden Markov models, mixed-state
presentations, epsilon-machines and information measures, with ground-truth
fixtures and a small torch pipeline that probes transformers for belief
geometry.
"""

from importlib import metadata as _metadata

from . import errors, inference, measures, processes
from .algebra import Mixture, binary_symmetric, channel, mixture, product
from .decompose import ErgodicComponent, ergodic_decomposition, same_process
from .fixtures import load_fixture, save_fixture
from .ghmm import GHMM
from .ground_truth import GroundTruth, ground_truth
from .hmm import HMM
from .io import load_hmm, save_hmm
from .machines import epsilon_machine, is_isomorphic, minimize, restrict, reverse
from .measures import (
    Estimate,
    Interval,
    bidirectional_complexity,
    blackwell_measure,
    block_entropies,
    block_entropy,
    causal_irreversibility,
    certify_nonatomic,
    cryptic_order,
    crypticity,
    entropy_rate,
    entropy_rate_bounds,
    excess_entropy,
    excess_entropy_bounds,
    lyapunov_spectrum,
    markov_order,
    myopic_entropies,
    reverse_statistical_complexity,
    state_entropies,
    statistical_complexity,
    statistical_complexity_dimension,
    synchronization_information,
    transient_information,
)
from .minimal import MinimalPresentation, minimal_presentation, process_rank
from .msp import MixedStatePresentation, mixed_state_presentation
from .sampling import sample
from .validity import NonnegativityCertificate, verify_nonnegative

try:  # the version is written once, in pyproject.toml; the distribution is compmech-exact
    __version__ = _metadata.version("compmech-exact")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
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
    "is_isomorphic",
    "minimize",
    "mixed_state_presentation",
    "processes",
    "restrict",
]
