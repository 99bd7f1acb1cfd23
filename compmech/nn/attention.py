"""A trained first layer against the constrained belief update (numeric, float64).

:func:`compmech.constrained_update` predicts, exactly, what the first attention layer of a transformer
trained on a process computes (Piotrowski et al., ICML 2025): attention weights ``|lambda|^d`` over the
distance ``d``, per-token OV vectors in belief coordinates, and the constrained geometry of the stream
after attention.  This module measures a model against those predictions:

- :func:`attention_fit`: each head's attention pattern (mean over all words) against the predicted
  weights of every predicted head: ``R^2`` of the best match, and the decay ``|lambda|`` fitted to it;
- :func:`ov_cosines`: each head's OV vectors, read through the probe's linear map into belief
  coordinates, against the predicted ones (cosine, tokens centred);
- :func:`stream_geometry`: the probe MSE of a stream to the constrained beliefs and to the exact ones
  (and the fraction of variance unexplained, comparable across targets of different spread);
- :func:`validate_first_layer`: all of the above in one dict.
"""

from __future__ import annotations

import numpy as np
import torch

from ..errors import InvalidArgumentError
from .probe import LinearProbe, mse

__all__ = [
    "constrained_targets",
    "attention_fit",
    "ov_vectors",
    "ov_cosines",
    "stream_geometry",
    "validate_first_layer",
    "implement_prediction",
]


def _f(values) -> np.ndarray:
    return np.array([[complex(v).real for v in row] for row in values], dtype=np.float64)


def _numeric_T(cu) -> np.ndarray:
    blocks = [p.to_numpy().sum(0) for p in cu.factors]
    n = sum(b.shape[0] for b in blocks)
    T = np.zeros((n, n))
    i = 0
    for b in blocks:
        T[i : i + b.shape[0], i : i + b.shape[0]] = b
        i += b.shape[0]
    return T


def constrained_targets(cu, tokens: np.ndarray, normalized: bool = False) -> np.ndarray:
    """The constrained beliefs after every prefix of every word, ``(n_words, n_ctx, n_coordinates)``.

    ``tokens`` holds indices into ``cu.tokens``.  Unnormalized: the recursion ``b_n = pi + (b_(n-1) - pi) T
    + delta_(x_n)`` of ``pi + sum_s delta_(x_s) T^(n-s)``; normalized: ``pi + sum_h sum_s weights(n)[h][s]
    ov[h][x_s]`` (checked against the exact :meth:`~compmech.measures.constrained.ConstrainedUpdate.beliefs`
    in the tests).

    Examples
    --------
    >>> from sympy import Rational as R
    >>> from compmech import constrained_update
    >>> from compmech.processes import mess3
    >>> cu = constrained_update(mess3(R(1, 2), R(3, 5)))
    >>> b = constrained_targets(cu, np.array([[0, 1, 1]]), normalized=True)
    >>> bool(np.allclose(b[0, 2], [float(v) for v in cu.beliefs([0, 1, 1], normalized=True)]))
    True
    """
    tokens = np.asarray(tokens)
    pi = np.array([float(v) for v in cu.stationary])
    if normalized:
        ov = np.array([_f(h) for h in cu.ov]) if cu.ov else np.zeros((0, len(cu.tokens), pi.size))
        out = np.zeros(tokens.shape + (pi.size,))
        for n in range(1, tokens.shape[1] + 1):
            w = _f(cu.weights(n)) if cu.ov else np.zeros((0, n))
            vec = ov[:, tokens[:, :n], :]  # (H, N, n, S)
            out[:, n - 1] = pi + np.einsum("hs,hnsc->nc", w, vec)
        return out
    delta = _f([[a - b for a, b in zip(cu.beliefs([t]), cu.stationary)] for t in cu.tokens])
    T = _numeric_T(cu)
    out = np.zeros(tokens.shape + (pi.size,))
    b = np.zeros((tokens.shape[0], pi.size))
    for n in range(tokens.shape[1]):
        b = b @ T + delta[tokens[:, n]]
        out[:, n] = pi + b
    return out


def _patterns(model, tokens: torch.Tensor, weights=None) -> np.ndarray:
    """The first layer's attention pattern, mean over the words (probability-weighted): ``(H, T, T)``."""
    _, cache = model.run_with_cache(tokens, names_filter="blocks.0.attn.hook_pattern")
    p = cache["blocks.0.attn.hook_pattern"].double().numpy()  # (B, H, T, T)
    w = np.full(p.shape[0], 1.0 / p.shape[0]) if weights is None else np.asarray(weights) / np.sum(weights)
    return np.einsum("b,bhqk->hqk", w, p)


def _fit_decay(A: np.ndarray, mask: np.ndarray) -> float:
    """The ``r`` whose weights ``r^d`` (on ``mask``, normalized per query) best fit the pattern ``A`` (least squares)."""
    T = A.shape[0]
    d = np.subtract.outer(np.arange(T), np.arange(T)).astype(float)

    def loss(r):
        W = np.where(mask, r**d, 0.0)
        W = W / np.maximum(W.sum(1, keepdims=True), 1e-300)
        return float(((A - W)[mask.any(1)] ** 2).sum())

    grid = np.linspace(0.005, 1.5, 600)
    r = grid[int(np.argmin([loss(g) for g in grid]))]
    lo, hi = max(r - 0.005, 1e-4), r + 0.005
    for _ in range(60):  # golden-section refinement
        a, b = hi - (hi - lo) / 1.618, lo + (hi - lo) / 1.618
        lo, hi = (lo, b) if loss(a) < loss(b) else (a, hi)
    return float((lo + hi) / 2)


def attention_fit(model, cu, tokens: torch.Tensor, weights=None) -> list[dict]:
    """Each head of the first layer against the predicted weights: best-matching predicted head, ``R^2``, decay.

    ``R^2`` is pooled over every (query, key) entry on or below the diagonal of the mean pattern (queries
    where the predicted head has no position to attend are left out: softmax must put its weight somewhere); the
    fitted decay is the ``r`` of normalized ``r^d`` weights (on the distances the matched predicted head
    attends) that fits the measured pattern best.

    Examples
    --------
    >>> from sympy import Rational as R
    >>> from compmech import constrained_update
    >>> from compmech.processes import mess3
    >>> cu = constrained_update(mess3(R(3, 20), R(3, 5)))
    >>> model = implement_prediction(cu, n_ctx=6)
    >>> fit = attention_fit(model, cu, torch.randint(0, 3, (50, 6)))
    >>> round(fit[0]["r2"], 6), round(fit[0]["fitted_decay"], 4), fit[0]["predicted_decay"]
    (1.0, 0.55, 0.55)
    """
    P = _patterns(model, tokens, weights)
    H, T, _ = P.shape
    preds = []
    for n in range(1, T + 1):
        preds.append(_f(cu.weights(n)) if cu.ov else np.zeros((0, n)))
    n_pred = preds[0].shape[0]
    tri = np.tril(np.ones((T, T), dtype=bool))
    out = []
    moduli = [float(abs(complex(g.modulus))) for g in cu.groups for _ in range(g.n_heads or 0) if g.modulus != 0]
    for h in range(H):
        best: dict = {"head": h, "predicted_head": None, "r2": float("nan"), "fitted_decay": float("nan")}
        for p in range(n_pred):
            W = np.zeros((T, T))
            for n in range(1, T + 1):
                W[n - 1, :n] = preds[n - 1][p]
            rows = tri & (W.sum(1, keepdims=True) > 0)  # a query with nothing to attend (odd head, n = 1): left out
            y, yhat = P[h][rows], W[rows]
            ss_tot = ((y - y.mean()) ** 2).sum()
            r2 = 1 - ((y - yhat) ** 2).sum() / ss_tot if ss_tot > 0 else float("nan")
            if best["predicted_head"] is None or r2 > best["r2"]:
                mask = tri & (W > 0) if (W > 0).any() else tri
                best.update(predicted_head=p, r2=float(r2), mask=mask)
        if best["predicted_head"] is not None:
            best["fitted_decay"] = float(_fit_decay(P[h], best.pop("mask")))
            best["predicted_decay"] = moduli[best["predicted_head"]] if best["predicted_head"] < len(moduli) else None
            best["label"] = cu.head_labels[best["predicted_head"]]
        out.append(best)
    return out


def ov_vectors(model) -> np.ndarray:
    """Each head's OV vector for each token, ``(H, vocab, d_model)``, averaged over the source positions."""
    blk = model.blocks[0]
    with torch.no_grad():
        x = model.embed.W_E[:, None, :] + model.pos_embed.W_pos[None, :, :]  # (V, P, d)
        v = torch.einsum("vpd,hde->hvpe", blk.ln1(x), blk.attn.W_V) + blk.attn.b_V[:, None, None, :]
        o = torch.einsum("hvpe,hed->hvpd", v, blk.attn.W_O)
    return o.mean(2).double().numpy()


def ov_cosines(model, cu, probe: LinearProbe, matches: list[dict] | None = None) -> list[float]:
    """Cosine between each head's OV vectors mapped into belief coordinates and the predicted ``cu.ov``.

    A vector ``v`` added to the stream moves the probe's output by ``v @ probe.coef_``; the vectors of all
    tokens are centred (their mean over tokens removed: a constant moves every belief alike) and
    flattened.  ``matches`` (from :func:`attention_fit`) pairs each head with its predicted head; by default
    head ``h`` with predicted head ``h``.
    """
    learned = ov_vectors(model) @ probe.coef_  # (H, V, S)
    pred = np.array([_f(h) for h in cu.ov]) if cu.ov else np.zeros((0,) + learned.shape[1:])
    out = []
    for h in range(learned.shape[0]):
        p = h if matches is None else matches[h].get("predicted_head")
        if p is None or p >= pred.shape[0]:
            out.append(float("nan"))
            continue
        a = learned[h] - learned[h].mean(0)
        b = pred[p] - pred[p].mean(0)
        na, nb = np.linalg.norm(a), np.linalg.norm(b)
        out.append(float((a * b).sum() / (na * nb)) if na > 0 and nb > 0 else float("nan"))
    return out


def stream_geometry(X: np.ndarray, targets: dict, sample_weight=None) -> dict:
    """Probe MSE (and fraction of variance unexplained) of one stream ``X`` to each named target."""
    out = {}
    for name, Y in targets.items():
        Y = Y.reshape(X.shape[0], -1)
        pred = LinearProbe().fit(X, Y, sample_weight).predict(X)
        m = mse(Y, pred, sample_weight)
        var = mse(Y, np.broadcast_to(np.average(Y, axis=0, weights=sample_weight), Y.shape), sample_weight)
        out[name] = {"mse": m, "fvu": m / var if var > 0 else float("nan")}
    return out


def validate_first_layer(model, cu, tokens: np.ndarray, exact_beliefs: np.ndarray, probabilities=None) -> dict:
    """The first layer of ``model`` against ``cu``: attention fits, OV cosines, and the stream geometry.

    ``tokens`` (all words, indices into ``cu.tokens``) and ``exact_beliefs`` ``(n_words, n_ctx, S)`` come from
    :func:`compmech.ground_truth`; ``probabilities`` weights the attention means and the probes (default
    uniform over the words).  Streams: ``blocks.0.hook_resid_mid`` (after attention) and
    ``blocks.0.hook_resid_post`` (after the MLP), each probed to the exact beliefs and to the constrained
    ones (unnormalized and softmax-normalized).
    """
    tok = torch.as_tensor(np.asarray(tokens), dtype=torch.long)
    if tok.ndim != 2:
        raise InvalidArgumentError(f"tokens must be (n_words, n_ctx), got shape {tuple(tok.shape)}")
    fits = attention_fit(model, cu, tok, probabilities)
    _, cache = model.run_with_cache(tok, names_filter=["blocks.0.hook_resid_mid", "blocks.0.hook_resid_post"])
    sw = None if probabilities is None else np.repeat(np.asarray(probabilities, dtype=np.float64), tok.shape[1])
    targets = {
        "exact": exact_beliefs,
        "constrained": constrained_targets(cu, tokens),
        "constrained_normalized": constrained_targets(cu, tokens, normalized=True),
    }
    streams = {}
    for name in ("blocks.0.hook_resid_mid", "blocks.0.hook_resid_post"):
        X = cache[name].double().numpy().reshape(-1, model.cfg.d_model)
        streams[name] = stream_geometry(X, targets, sw)
    X = cache["blocks.0.hook_resid_mid"].double().numpy().reshape(-1, model.cfg.d_model)
    probe = LinearProbe().fit(X, targets["constrained_normalized"].reshape(X.shape[0], -1), sw)
    cos = ov_cosines(model, cu, probe, fits)
    for f, c in zip(fits, cos):
        f["ov_cosine"] = c
    return {"heads": fits, "streams": streams, "predicted_heads": cu.heads, "head_labels": list(cu.head_labels)}


def implement_prediction(cu, n_ctx: int):
    """A one-layer model whose attention implements the predicted heads exactly (for tests and pictures).

    For decaying heads of real eigenvalues (period 1 or 2).  The embedding is ``B e_x + B e_(V + S + p)``
    (token ``x``, position ``p``); LayerNorm maps it to ``a e_x + a e_pos + kappa 1`` with the same ``a`` and
    ``kappa`` for every token and position, and the biases cancel ``kappa``.  Head ``h`` (decay ``r``,
    residue ``c`` of the distance modulo ``q``) has the query ``e_(p mod q)`` and the key of position ``s``
    ``s ln(1/r) - 200 [ (j - s) mod q != c ]`` in slot ``j``: its softmax weights are ``r^(n-s)`` on the
    distances ``= c (mod q)``, normalized.  The value is the token's one-hot and the OV map writes the
    predicted vector ``cu.ov[h][x]`` into the coordinates ``V .. V+S-1``.  (A head with no position to
    attend, the odd head at ``n = 1``, spreads its weight instead of having none.)
    """
    from .model import Transformer, TransformerConfig

    V, S, H = len(cu.tokens), len(cu.coordinates), len(cu.ov)
    if H == 0:
        raise InvalidArgumentError("this process's update needs no head")
    plan = [(g, c) for g in cu.groups if g.modulus != 0 for c in range(g.n_heads or 0)]
    if any(g.period not in (1, 2) or g.index != 1 for g, _ in plan):
        raise InvalidArgumentError("implement_prediction builds heads of real, diagonalizable eigenvalues only")
    d_model = V + S + n_ctx
    d_head = max(V, 2)
    cfg = TransformerConfig(
        n_layers=1, d_model=d_model, n_heads=H, d_head=d_head, d_mlp=4, n_ctx=n_ctx, d_vocab=V, use_attn_scale=False
    )
    model = Transformer(cfg, seed=0)
    sd = {k: torch.zeros_like(v) for k, v in model.state_dict().items()}
    B = 10.0
    for x in range(V):
        sd["embed.W_E"][x, x] = B
    for p in range(n_ctx):
        sd["pos_embed.W_pos"][p, V + S + p] = B
    for name in ("blocks.0.ln1.w", "blocks.0.ln2.w", "ln_final.w"):
        sd[name][:] = 1.0
    e = torch.zeros(d_model)
    e[0], e[V + S] = B, B
    centred = e - e.mean()
    scale = float(centred.pow(2).mean().add(cfg.ln_eps).sqrt())
    a, kappa = float(centred[0]) / scale, float(centred[1]) / scale  # ln1 = a e_x + a e_pos + kappa (elsewhere)
    a = a - kappa  # ln1 = (a - kappa) (e_x + e_pos) + kappa 1
    ov = np.array([_f(h) for h in cu.ov])
    for h, (g, c) in enumerate(plan):
        r, q = float(abs(complex(g.modulus))), g.period or 1
        for p in range(n_ctx):
            sd["blocks.0.attn.W_Q"][h, V + S + p, p % q] = 1 / a
            for j in range(q):
                score = p * np.log(1 / r) - (0.0 if (j - p) % q == c else 200.0)
                sd["blocks.0.attn.W_K"][h, V + S + p, j] = score / a
        for j in range(q):  # cancel kappa times the column sums
            sd["blocks.0.attn.b_Q"][h, j] = -kappa * float(sd["blocks.0.attn.W_Q"][h, :, j].sum())
        sd["blocks.0.attn.W_V"][h, :V, :V] = torch.eye(V) / a
        sd["blocks.0.attn.b_V"][h, :V] = -kappa / a
        sd["blocks.0.attn.W_O"][h, :V, V : V + S] = torch.as_tensor(ov[h], dtype=torch.float32)
    model.load_state_dict(sd)
    return model.eval()
