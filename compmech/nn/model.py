"""A small GPT in the TransformerLens layout (pre-LayerNorm, ReLU MLP, learned positions).

Parameter names and shapes follow TransformerLens' ``HookedTransformer`` so its
state dicts load directly, and every activation passes through a named hook
point (``blocks.{l}.hook_resid_pre``, ``blocks.{l}.hook_resid_mid``,
``blocks.{l}.hook_resid_post``, ``ln_final.hook_normalized``, ...).
``run_with_cache(tokens)`` returns ``(logits, cache)``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..errors import CheckpointError, InvalidArgumentError, UnknownNameError
from .config import TransformerConfig

if TYPE_CHECKING:
    from typing import Any


_ACT: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "relu": F.relu,
    "gelu": F.gelu,
    "silu": F.silu,
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
}

__all__ = ["TransformerConfig", "Transformer", "load_transformerlens", "load_torch_file"]

MAX_CHECKPOINT_BYTES = 2**32  # 4 GiB


def load_torch_file(path: str | os.PathLike, what: str = "checkpoint", map_location: str = "cpu"):
    """``torch.load`` of a file that may come from anyone: regular files only, ``weights_only=True``.

    Tensors, numbers, text, lists and dicts load; anything that would need
    unpickling arbitrary objects is refused by torch.  Every failure (missing,
    empty, truncated, not a torch file, too large) is one
    :class:`~compmech.errors.CheckpointError` naming the file.
    """
    import stat

    path = os.fspath(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise CheckpointError(f"{what} {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise CheckpointError(f"{what} {path}: not a regular file")
    if st.st_size == 0:
        raise CheckpointError(f"{what} {path}: the file is empty (an interrupted copy?)")
    if st.st_size > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(f"{what} {path}: {st.st_size:,} bytes is larger than any model of this package")
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except Exception as exc:  # truncated zip, pickle refused by weights_only, not a torch file at all
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckpointError(f"{what} {path}: cannot be read safely ({first[:200]})") from None


class HookPoint(nn.Module):
    """Identity whose output can be recorded under its name."""

    def __init__(self):
        super().__init__()
        self.name = ""
        self.cache = None

    def forward(self, x: torch.Tensor):
        if self.cache is not None:
            self.cache[self.name] = x.detach()  # as TransformerLens caches: no autograd history
        return x


class LayerNorm(nn.Module):
    def __init__(self, d: int, eps: float):
        super().__init__()
        self.w = nn.Parameter(torch.ones(d))
        self.b = nn.Parameter(torch.zeros(d))
        self.eps = eps
        self.hook_scale = HookPoint()
        self.hook_normalized_pre_affine = HookPoint()  # x / scale: TransformerLens 3.x's hook_normalized
        self.hook_normalized = HookPoint()  # after weight and bias: TransformerLens 2.x's hook_normalized

    def forward(self, x: torch.Tensor, caching: bool = False):  # (B, T, d)
        if not caching:  # fused kernel, same formula (biased variance, eps inside the root)
            return F.layer_norm(x, (x.shape[-1],), self.w, self.b, self.eps)
        x = x - x.mean(-1, keepdim=True)
        scale = self.hook_scale((x.pow(2).mean(-1, keepdim=True) + self.eps).sqrt())
        return self.hook_normalized(self.hook_normalized_pre_affine(x / scale) * self.w + self.b)


class Attention(nn.Module):
    hook_q: HookPoint
    hook_k: HookPoint
    hook_v: HookPoint
    hook_attn_scores: HookPoint
    hook_pattern: HookPoint
    hook_z: HookPoint

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        h, d, e = cfg.n_heads, cfg.d_model, cfg.d_head
        self.W_Q = nn.Parameter(torch.empty(h, d, e))
        self.W_K = nn.Parameter(torch.empty(h, d, e))
        self.W_V = nn.Parameter(torch.empty(h, d, e))
        self.W_O = nn.Parameter(torch.empty(h, e, d))
        self.b_Q = nn.Parameter(torch.zeros(h, e))
        self.b_K = nn.Parameter(torch.zeros(h, e))
        self.b_V = nn.Parameter(torch.zeros(h, e))
        self.b_O = nn.Parameter(torch.zeros(d))
        self.scale = 1.0 / math.sqrt(e) if cfg.use_attn_scale else 1.0
        for hp in ("hook_q", "hook_k", "hook_v", "hook_attn_scores", "hook_pattern", "hook_z"):
            setattr(self, hp, HookPoint())

    def forward(self, x: torch.Tensor, caching: bool):  # x: (B, T, d)
        B, T, d = x.shape
        H, e = self.b_Q.shape
        if not caching:  # one matmul for q, k, v; flash attention; one matmul out
            W = torch.cat([self.W_Q, self.W_K, self.W_V], dim=0).permute(1, 0, 2).reshape(d, 3 * H * e)
            b = torch.cat([self.b_Q, self.b_K, self.b_V], dim=0).reshape(3 * H * e)
            qkv = torch.addmm(b, x.reshape(B * T, d), W).reshape(B, T, 3, H, e).permute(2, 0, 3, 1, 4)
            z = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], is_causal=True, scale=self.scale)
            z = z.transpose(1, 2).reshape(B * T, H * e)  # (B*T, H*e)
            return torch.addmm(self.b_O, z, self.W_O.reshape(H * e, d)).reshape(B, T, d)
        q = self.hook_q(torch.einsum("btd,hde->bthe", x, self.W_Q) + self.b_Q)  # (B, T, H, e)
        k = self.hook_k(torch.einsum("btd,hde->bthe", x, self.W_K) + self.b_K)
        v = self.hook_v(torch.einsum("btd,hde->bthe", x, self.W_V) + self.b_V)
        if caching:
            T = x.shape[1]
            scores = torch.einsum("bqhe,bkhe->bhqk", q, k) * self.scale
            mask = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
            scores = self.hook_attn_scores(scores.masked_fill(~mask, float("-inf")))
            pattern = self.hook_pattern(scores.softmax(-1))
            z = torch.einsum("bhqk,bkhe->bqhe", pattern, v)
        else:
            z = F.scaled_dot_product_attention(
                q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), is_causal=True, scale=self.scale
            ).transpose(1, 2)
        z = self.hook_z(z)  # (B, T, H, e)
        return torch.einsum("bthe,hed->btd", z, self.W_O) + self.b_O


class MLP(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.W_in = nn.Parameter(torch.empty(cfg.d_model, cfg.d_mlp))
        self.b_in = nn.Parameter(torch.zeros(cfg.d_mlp))
        self.W_out = nn.Parameter(torch.empty(cfg.d_mlp, cfg.d_model))
        self.b_out = nn.Parameter(torch.zeros(cfg.d_model))
        self.hook_pre = HookPoint()
        self.hook_post = HookPoint()
        self.act = _ACT[cfg.act_fn]

    def forward(self, x: torch.Tensor, caching: bool = False):
        if not caching:
            shape = x.shape
            pre = torch.addmm(self.b_in, x.reshape(-1, shape[-1]), self.W_in)
            h = torch.relu_(pre) if self.act is F.relu else self.act(pre)
            return torch.addmm(self.b_out, h, self.W_out).reshape(shape)
        pre = self.hook_pre(x @ self.W_in + self.b_in)
        return self.hook_post(self.act(pre)) @ self.W_out + self.b_out


class Block(nn.Module):
    hook_resid_pre: HookPoint
    hook_attn_out: HookPoint
    hook_resid_mid: HookPoint
    hook_mlp_out: HookPoint
    hook_resid_post: HookPoint

    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.ln1 = LayerNorm(cfg.d_model, cfg.ln_eps)
        self.attn = Attention(cfg)
        self.ln2 = LayerNorm(cfg.d_model, cfg.ln_eps)
        self.mlp = MLP(cfg)
        for hp in ("hook_resid_pre", "hook_attn_out", "hook_resid_mid", "hook_mlp_out", "hook_resid_post"):
            setattr(self, hp, HookPoint())

    def forward(self, x: torch.Tensor, caching: bool):
        if not caching:
            x = x + self.attn(self.ln1(x), False)
            return x + self.mlp(self.ln2(x), False)
        x = self.hook_resid_pre(x)
        x = self.hook_resid_mid(x + self.hook_attn_out(self.attn(self.ln1(x, True), True)))
        return self.hook_resid_post(x + self.hook_mlp_out(self.mlp(self.ln2(x, True), True)))


class Embed(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.W_E = nn.Parameter(torch.empty(cfg.d_vocab, cfg.d_model))


class PosEmbed(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.W_pos = nn.Parameter(torch.empty(cfg.n_ctx, cfg.d_model))


class Unembed(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.W_U = nn.Parameter(torch.empty(cfg.d_model, cfg.d_vocab))
        self.b_U = nn.Parameter(torch.zeros(cfg.d_vocab))


class Transformer(nn.Module):
    """Decoder-only transformer with TransformerLens names; ``forward(tokens) -> logits``.

    Examples
    --------
    >>> torch.manual_seed(0) and None
    >>> model = Transformer(TransformerConfig(n_layers=2, d_model=16, d_head=4, d_mlp=32))
    >>> logits, cache = model.run_with_cache(torch.zeros(5, 10, dtype=torch.long))
    >>> logits.shape, cache["blocks.1.hook_resid_post"].shape, cache["ln_final.hook_normalized"].shape
    (torch.Size([5, 10, 3]), torch.Size([5, 10, 16]), torch.Size([5, 10, 16]))
    """

    def __init__(self, cfg: TransformerConfig, seed: int | None = None):
        super().__init__()
        self.cfg = cfg
        self.embed = Embed(cfg)
        self.pos_embed = PosEmbed(cfg)
        self.hook_embed = HookPoint()
        self.hook_pos_embed = HookPoint()
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.ln_final = LayerNorm(cfg.d_model, cfg.ln_eps)
        self.unembed = Unembed(cfg)
        for name, mod in self.named_modules():
            if isinstance(mod, HookPoint):
                mod.name = name
        self.hook_dict = {m.name: m for m in self.modules() if isinstance(m, HookPoint)}
        self.reset_parameters(seed)

    def reset_parameters(self, seed: int | None = None) -> None:
        """Initialize like TransformerLens: normal weights of std ``0.8 / sqrt(d_model)`` (its default
        ``initializer_range``), biases 0, LayerNorm weights 1."""
        gen = torch.Generator().manual_seed(seed) if seed is not None else None
        std = 0.8 / math.sqrt(self.cfg.d_model)
        for name, p in self.named_parameters():
            if name.endswith((".w",)) and "ln" in name:
                nn.init.ones_(p)
            elif name.split(".")[-1].startswith("b"):
                nn.init.zeros_(p)
            else:
                with torch.no_grad():
                    p.copy_(torch.randn(p.shape, generator=gen) * std)

    def forward(self, tokens: torch.Tensor, caching: bool = False) -> torch.Tensor:
        T = tokens.shape[1]
        if self.cfg.n_ctx < T:
            raise InvalidArgumentError(f"sequence length {T} exceeds n_ctx = {self.cfg.n_ctx}")
        pos = self.pos_embed.W_pos[:T]  # (T, d)
        if caching:  # TransformerLens caches it per sequence: (B, T, d)
            pos = pos.expand(tokens.shape[0], T, pos.shape[-1])
        x = self.hook_embed(self.embed.W_E[tokens]) + self.hook_pos_embed(pos)  # (B, T, d)
        for block in self.blocks:
            x = block(x, caching)
        return self.ln_final(x, caching) @ self.unembed.W_U + self.unembed.b_U  # (B, T, vocab)

    @torch.no_grad()
    def residual_streams(self, tokens: torch.Tensor) -> dict:
        """The residual streams alone, by the fused forward: ``{hook name: (B, T, d_model)}``.

        Every ``blocks.i.hook_resid_pre``, ``blocks.i.hook_resid_post`` and ``ln_final.hook_normalized``:
        the values :meth:`run_with_cache` records, up to float32 rounding, for a third of its CPU time
        (the belief probes read these streams only).

        Examples
        --------
        >>> model = Transformer(TransformerConfig(n_layers=2, d_model=16, d_head=4, d_mlp=32), seed=0)
        >>> tokens = torch.randint(0, 3, (7, 10), generator=torch.Generator().manual_seed(0))
        >>> fast, (_, cache) = model.residual_streams(tokens), model.run_with_cache(tokens)
        >>> sorted(fast) == sorted(k for k in cache if "resid_p" in k or k == "ln_final.hook_normalized")
        True
        >>> all(torch.allclose(fast[k], cache[k], atol=1e-5) for k in fast)
        True
        """
        T = tokens.shape[1]
        if self.cfg.n_ctx < T:
            raise InvalidArgumentError(f"sequence length {T} exceeds n_ctx = {self.cfg.n_ctx}")
        x = self.embed.W_E[tokens] + self.pos_embed.W_pos[:T]
        out = {}
        for i, block in enumerate(self.blocks):
            out[f"blocks.{i}.hook_resid_pre"] = x
            x = block(x, False)
            out[f"blocks.{i}.hook_resid_post"] = x
        out["ln_final.hook_normalized"] = self.ln_final(x, True)  # its hooks record nothing outside run_with_cache
        return out

    @torch.no_grad()
    def run_with_cache(self, tokens: torch.Tensor, names_filter: Any = None) -> tuple[torch.Tensor, dict]:
        """``(logits, cache)``: every hooked activation (or those ``names_filter`` selects).

        ``names_filter`` is None, a name, a list of names or a predicate on names.
        """
        if names_filter is None:
            keep = set(self.hook_dict)
        elif isinstance(names_filter, str):
            keep = {names_filter}
        elif callable(names_filter):
            keep = {n for n in self.hook_dict if names_filter(n)}
        else:
            keep = set(names_filter)
        unknown = keep - set(self.hook_dict)
        if unknown:
            raise UnknownNameError(f"unknown hook names {sorted(unknown)}; known: {sorted(self.hook_dict)}")
        cache: dict = {}
        for n in keep:
            self.hook_dict[n].cache = cache
        try:
            logits = self.forward(tokens, caching=True)
        finally:
            for n in keep:
                self.hook_dict[n].cache = None
        return logits, cache

    def save(self, path: str | os.PathLike) -> None:
        """Save config and weights atomically (a dict with ``config`` and ``state_dict``)."""
        from ..kernel.atomic import atomic_write

        with atomic_write(path, "wb") as f:
            torch.save({"config": asdict(self.cfg), "state_dict": self.state_dict()}, f)

    @classmethod
    def load(cls, path: str | os.PathLike, map_location: str = "cpu") -> Transformer:
        blob = load_torch_file(path, "model", map_location)
        if not isinstance(blob, dict) or not isinstance(blob.get("config"), dict) or "state_dict" not in blob:
            raise CheckpointError(f"model {path}: not a compmech model file (expected config and state_dict)")
        model = cls(TransformerConfig.from_dict(blob["config"]))
        _load_state(model, blob["state_dict"], path)
        return model


def load_transformerlens(
    path: str | os.PathLike, config: TransformerConfig | dict | str | None = None, map_location: str = "cpu"
) -> Transformer:
    """Load a TransformerLens ``HookedTransformer`` state dict (e.g. the seed paper's checkpoints).

    Parameters
    ----------
    path : str or path
        The ``.pt`` file (a state dict saved with ``torch.save``).
    config : TransformerConfig, dict, path or None
        The architecture; by default ``train_config.json`` next to ``path``.

    Raises
    ------
    CheckpointError
        When the file cannot be read safely, or a parameter is missing, has an
        unexpected shape or holds NaN (the message names it).
    """
    if config is None:
        config = os.path.join(os.path.dirname(os.fspath(path)), "train_config.json")
    if isinstance(config, (str, os.PathLike)):
        config = TransformerConfig.from_json(config)
    elif isinstance(config, dict):
        config = TransformerConfig.from_dict(config)
    sd = load_torch_file(path, "TransformerLens checkpoint", map_location)
    model = Transformer(config)
    _load_state(model, sd, path)
    return model.eval()


def _load_state(model: Transformer, sd, path) -> None:
    """Copy a state dict into ``model``, naming the first missing, misshapen or non-finite tensor."""
    if not isinstance(sd, dict):
        raise CheckpointError(f"{path}: not a state dict")
    own = model.state_dict()
    missing = [k for k in own if k not in sd]
    if missing:
        raise CheckpointError(f"{path}: parameters missing from the checkpoint: {missing[:5]}")
    for k in own:
        if not isinstance(sd[k], torch.Tensor) or tuple(sd[k].shape) != tuple(own[k].shape):
            shape = tuple(sd[k].shape) if isinstance(sd[k], torch.Tensor) else type(sd[k]).__name__
            raise CheckpointError(f"{path}: {k} has shape {shape}, expected {tuple(own[k].shape)}")
        if sd[k].is_floating_point() and not torch.isfinite(sd[k]).all():
            raise CheckpointError(f"{path}: {k} holds NaN or infinite values")
    model.load_state_dict({k: sd[k].to(own[k].dtype) for k in own})
