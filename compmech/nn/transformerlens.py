"""TransformerLens both ways: read every architecture field of its configuration, write files it loads strictly.

compmech's :class:`~compmech.nn.model.Transformer` uses TransformerLens's parameter and hook names, so a
``HookedTransformer`` state dict loads into it directly -- provided the architecture is one compmech
computes.  :func:`config_from_transformerlens` reads a TransformerLens configuration (the ``cfg`` of a
``HookedTransformer``, or the seed paper's ``train_config.json``) field by field: what compmech supports is
honoured (activation ``relu``, ``gelu``, ``silu``, ``gelu_new``; the attention scale on or off), what it
does not is refused with an error naming the field and its value, training metadata is ignored, and an
unknown field is refused rather than guessed.  :func:`save_transformerlens` writes a state dict with the
buffers TransformerLens expects (``blocks.{l}.attn.mask``, ``blocks.{l}.attn.IGNORE``) and a config dict
with TransformerLens's own field names.

Compatibility: the files load into TransformerLens 2.x ``HookedTransformer(cfg)`` with
``load_state_dict(..., strict=True)``; TransformerLens 3.x reads the same state dicts.  TransformerLens 4
no longer has ``HookedTransformer``.  Hook convention: compmech's ``hook_normalized`` is TransformerLens
2.x's (after the LayerNorm weight and bias); TransformerLens 3.x's ``hook_normalized`` (before them,
``x / scale``) is compmech's ``hook_normalized_pre_affine``.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import torch

from ..kernel.atomic import atomic_write
from .config import ACTIVATIONS, config_from_transformerlens, transformerlens_config

if TYPE_CHECKING:
    from .model import Transformer

__all__ = ["config_from_transformerlens", "transformerlens_config", "save_transformerlens", "ACTIVATIONS"]


def transformerlens_state_dict(model: Transformer) -> dict:
    """The model's parameters plus the buffers a ``HookedTransformer`` registers (its ``strict=True`` keys)."""
    sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
    n = model.cfg.n_ctx
    for layer in range(model.cfg.n_layers):
        sd[f"blocks.{layer}.attn.mask"] = torch.tril(torch.ones((n, n), dtype=torch.bool))
        sd[f"blocks.{layer}.attn.IGNORE"] = torch.tensor(-torch.inf)
    return sd


def save_transformerlens(model: Transformer, path, config_path=None) -> dict:
    """Write ``model`` as TransformerLens files: a state dict at ``path`` and its config as JSON.

    The config goes to ``config_path`` (default ``train_config.json`` beside ``path``, where
    :func:`~compmech.nn.model.load_transformerlens` looks for it, as in the seed paper's folders).
    Load it in TransformerLens 2.x with ``HookedTransformer(HookedTransformerConfig(**cfg))`` and
    ``load_state_dict(torch.load(path), strict=True)``.  Returns the config dict.

    Examples
    --------
    >>> import os, tempfile
    >>> from compmech.nn.model import Transformer, TransformerConfig, load_transformerlens
    >>> m = Transformer(TransformerConfig(n_layers=1, d_model=8, d_head=4, d_mlp=8, n_ctx=4), seed=0)
    >>> path = os.path.join(tempfile.mkdtemp(), "model.pt")
    >>> cfg = save_transformerlens(m, path)
    >>> x = torch.zeros(1, 4, dtype=torch.long)
    >>> bool(torch.equal(load_transformerlens(path)(x), m(x)))
    True
    """
    cfg = transformerlens_config(model.cfg)
    config_path = config_path or os.path.join(os.path.dirname(os.path.abspath(os.fspath(path))), "train_config.json")
    with atomic_write(path, "wb") as f:
        torch.save(transformerlens_state_dict(model), f)
    with atomic_write(config_path) as f:
        json.dump(cfg, f, indent=1)
    return cfg
