"""The forward pass of a causal transformer over a prefix tree: each distinct prefix computed once.

All ``N`` words of length ``L`` hold ``N L`` (word, position) rows but far fewer distinct prefixes (Mess3
at ``L = 10``: 88,572 of 590,490).  The model's outputs at a position depend on the prefix only, so the
tree is run level by level, as decoding with a key-value cache: the prefixes of length ``t + 1`` attend to
the keys and values of their ancestors, gathered from the levels before.  The arithmetic per prefix is that
of :meth:`Transformer.forward <compmech.nn.model.Transformer.forward>` at its last position (float32, the
same fused kernels); the results agree with it to float32 rounding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F

from ..errors import InvalidArgumentError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .model import Block, Transformer
    from .prefixes import PrefixGroups

__all__ = ["tree_forward", "tree_hooks"]

#: Rows of one level computed at a time (the MLP's hidden layer of a chunk stays a few MB).
_CHUNK = 16384


def tree_hooks(n_layers: int) -> set[str]:
    """The hooks :func:`tree_forward` records: every block's ``hook_resid_pre`` and ``hook_resid_post``, and
    ``ln_final.hook_normalized``."""
    return (
        {f"blocks.{i}.hook_resid_pre" for i in range(n_layers)}
        | {f"blocks.{i}.hook_resid_post" for i in range(n_layers)}
        | {"ln_final.hook_normalized"}
    )


def _qkv_weights(attn):
    H, e = attn.b_Q.shape
    d = attn.W_Q.shape[1]
    W = torch.cat([attn.W_Q, attn.W_K, attn.W_V], dim=0).permute(1, 0, 2).reshape(d, 3 * H * e)
    b = torch.cat([attn.b_Q, attn.b_K, attn.b_V], dim=0).reshape(3 * H * e)
    return W, b, attn.W_O.reshape(H * e, d)


@torch.no_grad()
def tree_forward(
    model: Transformer, groups: PrefixGroups, hooks: Sequence[str] = (), logits: bool = True
) -> tuple[torch.Tensor | None, dict]:
    """``(logits (G, d_vocab) or None, {hook: (G, d_model)})`` of every prefix group, each computed once.

    ``hooks`` among :func:`tree_hooks`; float32 tensors on the model's device, rows in group order.

    Examples
    --------
    >>> import numpy as np
    >>> from compmech.nn import Transformer, TransformerConfig
    >>> from compmech.nn.prefixes import prefix_groups
    >>> m = Transformer(TransformerConfig(n_layers=2, d_model=16, d_head=4, d_mlp=32, n_ctx=4), seed=0)
    >>> tokens = np.array([[0, 1, 2, 2], [0, 1, 0, 1], [2, 2, 2, 2]])
    >>> g = prefix_groups(tokens)
    >>> lg, acts = tree_forward(m, g, ["blocks.1.hook_resid_post"])
    >>> full = m(torch.as_tensor(tokens)).reshape(12, -1)
    >>> g.n_groups, bool(torch.allclose(lg[torch.as_tensor(g.of_row)], full, atol=1e-5))
    (10, True)
    """
    cfg = model.cfg
    hooks = list(hooks)
    unknown = set(hooks) - tree_hooks(cfg.n_layers)
    if unknown:
        raise InvalidArgumentError(f"tree_forward records {sorted(tree_hooks(cfg.n_layers))}, not {sorted(unknown)}")
    starts = [int(s) for s in groups.level_starts]
    L = len(starts) - 1
    if cfg.n_ctx < L:
        raise InvalidArgumentError(f"prefixes of length {L} exceed n_ctx = {cfg.n_ctx}")
    W_E, W_pos = model.embed.W_E, model.pos_embed.W_pos
    dev = W_E.device
    G, d = starts[-1], cfg.d_model
    H, e = cfg.n_heads, cfg.d_head
    out = {h: torch.empty(G, d, dtype=W_E.dtype, device=dev) for h in hooks}
    lg = torch.empty(G, cfg.d_vocab, dtype=W_E.dtype, device=dev) if logits else None
    token = torch.as_tensor(groups.token, dtype=torch.long, device=dev)
    parent = torch.as_tensor(groups.parent, dtype=torch.long, device=dev)
    blocks: list[Block] = list(model.blocks)  # type: ignore[arg-type]
    weights = [_qkv_weights(block.attn) for block in blocks]
    keys: list[list[torch.Tensor]] = [[] for _ in blocks]  # per block, per level: (G_t, H, e)
    values: list[list[torch.Tensor]] = [[] for _ in blocks]
    ancestors: list[torch.Tensor] = []  # per level s < t: the index within level s of each node's ancestor
    for t in range(L):
        a, b = starts[t], starts[t + 1]
        here = torch.arange(b - a, device=dev)
        if t:
            up = parent[a:b] - starts[t - 1]  # the parent's index within level t - 1
            ancestors = [anc[up] for anc in ancestors] + [here]
        else:
            ancestors = [here]
        for blk in keys:
            blk.append(torch.empty(b - a, H, e, dtype=W_E.dtype, device=dev))
        for blk in values:
            blk.append(torch.empty(b - a, H, e, dtype=W_E.dtype, device=dev))
        for c0 in range(0, b - a, _CHUNK):
            c1 = min(b - a, c0 + _CHUNK)
            rows = slice(a + c0, a + c1)
            x = W_E[token[rows]] + W_pos[t]
            anc = [idx[c0:c1] for idx in ancestors]
            for i, block in enumerate(blocks):
                if f"blocks.{i}.hook_resid_pre" in out:
                    out[f"blocks.{i}.hook_resid_pre"][rows] = x
                W, bias, W_O = weights[i]
                qkv = torch.addmm(bias, block.ln1(x, False), W).reshape(-1, 3, H, e)
                keys[i][t][c0:c1], values[i][t][c0:c1] = qkv[:, 1], qkv[:, 2]
                K = torch.stack([keys[i][s][anc[s]] for s in range(t + 1)], dim=2)  # (c, H, t + 1, e)
                V = torch.stack([values[i][s][anc[s]] for s in range(t + 1)], dim=2)
                z = F.scaled_dot_product_attention(qkv[:, 0].unsqueeze(2), K, V, scale=block.attn.scale)
                x = x + torch.addmm(block.attn.b_O, z.reshape(-1, H * e), W_O)
                x = x + block.mlp(block.ln2(x, False), False)
                if f"blocks.{i}.hook_resid_post" in out:
                    out[f"blocks.{i}.hook_resid_post"][rows] = x
            if logits or "ln_final.hook_normalized" in out:
                normalized = model.ln_final(x, True)  # the formula run_with_cache records (its float32 rounding)
                if "ln_final.hook_normalized" in out:
                    out["ln_final.hook_normalized"][rows] = normalized
                if lg is not None:
                    lg[rows] = normalized @ model.unembed.W_U + model.unembed.b_U
    return lg, out
