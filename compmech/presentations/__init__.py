"""Presentations derived from a model: mixed-state presentations, epsilon-machines, and the certified
ground truth of every word (its probability and exact beliefs).

Layer 3 of compmech (see ``docs/architecture.md``): built on the models and the kernel.
"""
