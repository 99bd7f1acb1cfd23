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
    "TransformerConfig": "config",
    "load_transformerlens": "model",
    "TrainConfig": "train",
    "expected_loss": "train",
    "EvalSet": "train",
    "LinearProbe": "probe",
    "belief_geometry": "geometry",
    "GeometryReport": "geometry",
}


NEEDS_TORCH = (
    "the torch layer of compmech needs torch: pip install torch==2.13.0 (the CPU build), then "
    "pip install 'compmech-exact[nn]'"
)


def __getattr__(name):
    if name in _WHERE:
        import importlib

        try:
            module = importlib.import_module(f"{__name__}.{_WHERE[name]}")
        except ModuleNotFoundError as exc:
            if exc.name in ("torch", "filelock"):
                raise ModuleNotFoundError(NEEDS_TORCH, name=exc.name) from None
            raise
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
