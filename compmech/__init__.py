"""compmech: exact computational mechanics.

Exact (rational and symbolic) hidden Markov models, mixed-state
presentations, epsilon-machines and information measures, with ground-truth
fixtures and a small torch pipeline that probes transformers for belief
geometry.
"""

from . import errors, processes
from .hmm import HMM
from .machines import epsilon_machine, is_isomorphic, minimize, restrict
from .msp import MixedStatePresentation, mixed_state_presentation

__version__ = "0.1.0"

__all__ = [
    "HMM",
    "MixedStatePresentation",
    "epsilon_machine",
    "errors",
    "is_isomorphic",
    "minimize",
    "mixed_state_presentation",
    "processes",
    "restrict",
]
