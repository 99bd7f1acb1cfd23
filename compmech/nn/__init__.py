"""The torch layer: a TransformerLens-compatible GPT, training, probes and validation.

Imported lazily: ``import compmech`` never imports torch, and neither does
``import compmech.nn`` until one of its names is used.  Everything here is
explicitly numeric (float32/float64 tensors).  Training: ``compmech.nn.train.train``.
"""

__all__ = [
    "Transformer",
    "TransformerConfig",
    "load_transformerlens",
    "TrainConfig",
    "expected_loss",
    "EvalSet",
    "LinearProbe",
    "belief_geometry",
    "GeometryReport",
]

_WHERE = {
    "Transformer": "model",
    "TransformerConfig": "model",
    "load_transformerlens": "model",
    "TrainConfig": "train",
    "expected_loss": "train",
    "EvalSet": "train",
    "LinearProbe": "probe",
    "belief_geometry": "geometry",
    "GeometryReport": "geometry",
}


def __getattr__(name):
    if name in _WHERE:
        import importlib

        module = importlib.import_module(f"{__name__}.{_WHERE[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
