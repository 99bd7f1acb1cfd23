"""The torch layer: a TransformerLens-compatible GPT, training, probes and validation.

Imported lazily: ``import compmech`` never imports torch.  Everything here is
explicitly numeric (float32/float64 tensors).
"""

from .model import Transformer, TransformerConfig, load_transformerlens

__all__ = ["Transformer", "TransformerConfig", "load_transformerlens"]


def __getattr__(name):  # lazy access to the heavier submodules
    if name in ("train", "TrainConfig", "expected_loss", "EvalSet"):
        from . import train as _train

        return getattr(_train, name)
    if name in ("LinearProbe", "belief_geometry", "ProbeReport"):
        from . import probe as _probe

        return getattr(_probe, name)
    raise AttributeError(name)
