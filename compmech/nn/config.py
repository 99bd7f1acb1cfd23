"""The architecture of the model as data: compmech's configuration, and TransformerLens's read field by field.

No torch here: a configuration can be read, checked and written without it.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields

from ..errors import CheckpointError, InvalidArgumentError
from ..kernel.atomic import read_json
from ._options import check_fields

__all__ = ["TransformerConfig", "config_from_transformerlens", "transformerlens_config", "ACTIVATIONS"]

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


@dataclass
class TransformerConfig:
    """Architecture of the model (the published Mess3 model by default).

    Examples
    --------
    >>> TransformerConfig().n_params()
    143075
    """

    n_layers: int = 4
    d_model: int = 64
    n_heads: int = 1
    d_head: int = 8
    d_mlp: int = 256
    n_ctx: int = 10
    d_vocab: int = 3
    ln_eps: float = 1e-5
    act_fn: str = "relu"  # relu, gelu (exact), silu, gelu_new / gelu_pytorch_tanh (tanh approximation)
    use_attn_scale: bool = True  # divide attention scores by sqrt(d_head)

    @classmethod
    def from_dict(cls, d: dict) -> TransformerConfig:
        """Read our own config, or a TransformerLens config / ``train_config.json`` field by field.

        A dict whose keys are all compmech's fields is ours; anything else is read by
        :func:`compmech.nn.transformerlens.config_from_transformerlens`, which honours or refuses every
        architecture field by name.
        """
        names = {f.name for f in fields(cls)}
        if set(d) <= names:
            kwargs = dict(d)
            if "d_mlp" not in kwargs and "d_model" in kwargs:
                kwargs["d_mlp"] = 4 * kwargs["d_model"]  # TransformerLens' default
            return cls(**kwargs).validate()
        return config_from_transformerlens(d)

    @classmethod
    def from_json(cls, path: str | os.PathLike) -> TransformerConfig:
        data = read_json(path, "model configuration", CheckpointError, max_bytes=2**20)
        if not isinstance(data, dict):
            raise CheckpointError(f"model configuration {path}: not a JSON object")
        return cls.from_dict(data)

    def validate(self) -> TransformerConfig:
        """Raise :class:`~compmech.errors.InvalidArgumentError` naming the first field out of range."""
        check_fields(
            self,
            {
                "n_layers": (1, 256),
                "d_model": (1, 65536),
                "n_heads": (1, 1024),
                "d_head": (1, 65536),
                "d_mlp": (1, 2**20),
                "n_ctx": (1, 4096),
                "d_vocab": (1, 2**20),
                "ln_eps": (1e-12, 1.0),
            },
            choices={"act_fn": ACTIVATIONS},
            what="model option",
        )
        if self.n_params() > 2 * 10**9:
            raise InvalidArgumentError(f"a model of {self.n_params():,} parameters is beyond this package's scope")
        return self

    def n_params(self) -> int:
        d, h, e, m, v, c = self.d_model, self.n_heads, self.d_head, self.d_mlp, self.d_vocab, self.n_ctx
        per_block = 4 * d + 3 * (h * d * e + h * e) + h * e * d + d + d * m + m + m * d + d
        return v * d + c * d + self.n_layers * per_block + 2 * d + d * v + v
