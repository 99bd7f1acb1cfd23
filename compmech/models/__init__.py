"""The models: HMMs and generalized HMMs, their validity, process rank and minimal presentations,
ergodic decomposition, and sampling.

Layer 2 of compmech (see ``docs/architecture.md``): built on the exact kernel only.
"""
