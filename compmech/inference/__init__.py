"""Inferring epsilon-machines from data, and measuring the result against exact truth.

- :func:`cssr`: Causal-State Splitting Reconstruction (Shalizi and Klinkner 2004).
- :func:`bayesian_structural_inference`: posterior over topological epsilon-machines (Strelioff and
  Crutchfield 2014).
- :func:`same_topology`: whether an inferred machine has the exact machine's causal-state structure.
"""

from .bsi import BSIResult, bayesian_structural_inference
from .compare import same_topology
from .cssr import CSSRResult, cssr

__all__ = ["BSIResult", "CSSRResult", "bayesian_structural_inference", "cssr", "same_topology"]
