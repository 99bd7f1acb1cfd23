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
import math
import os
from typing import TYPE_CHECKING

import torch

from .._atomic import atomic_write
from ..errors import CheckpointError

if TYPE_CHECKING:
    from .model import Transformer, TransformerConfig

__all__ = ["config_from_transformerlens", "transformerlens_config", "save_transformerlens", "ACTIVATIONS"]

#: activation names of TransformerLens that compmech computes (``gelu`` is the exact erf form)
ACTIVATIONS = ("relu", "gelu", "silu", "gelu_new", "gelu_pytorch_tanh")

# fields copied to compmech's config (TransformerLens name -> ours)
_COPY = {
    "n_layers": "n_layers",
    "d_model": "d_model",
    "n_heads": "n_heads",
    "d_head": "d_head",
    "d_mlp": "d_mlp",
    "n_ctx": "n_ctx",
    "d_vocab": "d_vocab",
    "eps": "ln_eps",
    "act_fn": "act_fn",
    "use_attn_scale": "use_attn_scale",
}
# architecture fields that must hold these values (anything else changes the computation)
_REQUIRED = {
    "attention_dir": ("causal",),
    "normalization_type": ("LN",),
    "positional_embedding_type": ("standard",),
    "attn_only": (False,),
    "parallel_attn_mlp": (False,),
    "gated_mlp": (False,),
    "final_rms": (False,),
    "post_embedding_ln": (False,),
    "scale_attn_by_inverse_layer_idx": (False,),
    "use_local_attn": (False,),
    "load_in_4bit": (False,),
    "num_experts": (None,),
    "experts_per_token": (None,),
    "n_key_value_heads": (None,),
    "use_normalization_before_and_after": (False,),
    "attn_types": (None,),
    "window_size": (None,),
    "use_qk_norm": (False,),
}
# fields that do not change what the network computes (training metadata, hooks, devices, tokenizers)
_IGNORED = {
    "seed",
    "n_iters",
    "optimizer",
    "batch_size",
    "num_epochs",
    "learning_rate",
    "weight_decay",
    "init_weights",
    "initializer_range",
    "init_mode",
    "model_name",
    "original_architecture",
    "tokenizer_name",
    "device",
    "n_devices",
    "dtype",
    "use_hook_tokens",
    "use_split_qkv_input",
    "use_hook_mlp_in",
    "use_attn_in",
    "use_attn_result",
    "checkpoint_index",
    "checkpoint_label_type",
    "checkpoint_value",
    "from_checkpoint",
    "default_prepend_bos",
    "tokenizer_prepends_bos",
    "n_params",
    "trust_remote_code",
    "rotary_dim",
    "rotary_base",
    "rotary_adjacent_pairs",
    "use_NTK_by_parts_rope",
    "NTK_by_parts_low_freq_factor",
    "NTK_by_parts_high_freq_factor",
    "NTK_by_parts_factor",
    "NTK_original_ctx_len",
    "relative_attention_max_distance",
    "relative_attention_num_buckets",
    "decoder_start_token_id",
    "ungroup_grouped_query_attention",
    "d_vocab_out",
    "attn_scale",
    "output_logits_soft_cap",
    "attn_scores_soft_cap",
    "tie_word_embeddings",
    "post_init",
    "head_dim",
}


def _refuse(field: str, value, why: str):
    raise CheckpointError(f"TransformerLens config: {field} = {value!r} is not supported ({why})")


def config_from_transformerlens(d: dict) -> TransformerConfig:
    """compmech's :class:`~compmech.nn.model.TransformerConfig` from a TransformerLens configuration dict.

    Raises
    ------
    CheckpointError
        Naming the first field whose value compmech does not compute (for example
        ``attention_dir = 'bidirectional'`` or ``act_fn = 'solu_ln'``), or a field it does not know.

    Examples
    --------
    >>> cfg = config_from_transformerlens({"n_layers": 1, "d_model": 8, "n_ctx": 4, "d_head": 4, "n_heads": 2,
    ...                                    "d_vocab": 2, "act_fn": "gelu", "attention_dir": "causal"})
    >>> cfg.act_fn, cfg.d_mlp, cfg.use_attn_scale
    ('gelu', 32, True)
    >>> config_from_transformerlens({"d_model": 8, "attention_dir": "bidirectional"})
    Traceback (most recent call last):
    ...
    compmech.errors.CheckpointError: TransformerLens config: attention_dir = 'bidirectional' is not supported (compmech computes causal attention only)
    """
    from .model import TransformerConfig

    ours: dict = {}
    for field, value in d.items():
        if field in _COPY:
            if field == "act_fn" and value not in ACTIVATIONS:
                _refuse(field, value, f"compmech computes {', '.join(ACTIVATIONS)}")
            ours[_COPY[field]] = value
        elif field in _REQUIRED:
            if value not in _REQUIRED[field]:
                why = (
                    "compmech computes causal attention only"
                    if field == "attention_dir"
                    else (f"compmech needs {_REQUIRED[field][0]!r}")
                )
                _refuse(field, value, why)
        elif field not in _IGNORED:
            raise CheckpointError(
                f"TransformerLens config: unknown field {field!r} = {value!r}; compmech cannot tell "
                f"whether it changes the architecture"
            )
    if "d_mlp" not in ours and "d_model" in ours:
        ours["d_mlp"] = 4 * ours["d_model"]  # TransformerLens's default
    cfg = TransformerConfig(**ours).validate()
    d_vocab_out = d.get("d_vocab_out", -1)
    if d_vocab_out not in (-1, None, cfg.d_vocab):
        _refuse("d_vocab_out", d_vocab_out, f"compmech's unembedding has d_vocab = {cfg.d_vocab} outputs")
    scale = d.get("attn_scale")
    if scale is not None and cfg.use_attn_scale and not math.isclose(float(scale), math.sqrt(cfg.d_head)):
        _refuse("attn_scale", scale, f"compmech divides by sqrt(d_head) = {math.sqrt(cfg.d_head):g}")
    for cap in ("output_logits_soft_cap", "attn_scores_soft_cap"):
        if (d.get(cap) or -1) > 0:
            _refuse(cap, d[cap], "compmech applies no soft cap")
    return cfg


def transformerlens_config(cfg: TransformerConfig) -> dict:
    """A TransformerLens ``HookedTransformerConfig`` dict (its field names) for compmech's architecture.

    Examples
    --------
    >>> from compmech.nn.model import TransformerConfig
    >>> d = transformerlens_config(TransformerConfig())
    >>> d["eps"], d["normalization_type"], d["act_fn"], d["attention_dir"], d["positional_embedding_type"]
    (1e-05, 'LN', 'relu', 'causal', 'standard')
    """
    return {
        "n_layers": cfg.n_layers,
        "d_model": cfg.d_model,
        "n_ctx": cfg.n_ctx,
        "d_head": cfg.d_head,
        "n_heads": cfg.n_heads,
        "d_mlp": cfg.d_mlp,
        "d_vocab": cfg.d_vocab,
        "d_vocab_out": cfg.d_vocab,
        "act_fn": cfg.act_fn,
        "eps": cfg.ln_eps,
        "use_attn_scale": cfg.use_attn_scale,
        "normalization_type": "LN",
        "attention_dir": "causal",
        "positional_embedding_type": "standard",
        "attn_only": False,
        "original_architecture": "compmech",
    }


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
