"""In-context inference of the component: probes of a model trained on a mixture of processes (float64, numeric).

A mixture's belief is a distribution over (component, state).  Three probe targets come from it:

- ``joint``: the belief itself (``n_states`` coordinates);
- ``posterior``: ``Pr(component | prefix)``, the block sums of the belief -- a *linear* image of the
  joint belief, so a stream that holds the joint belief linearly holds the posterior too;
- ``within``: the belief over each component's states given that component, block by block (a
  *nonlinear* function of the joint belief: a division by the posterior).

Each is fitted by least squares over every (word, position) pair, like the published protocol, with
a shuffled-target control (the same fit to permuted targets); the token-and-position embedding
(``blocks.0.hook_resid_pre``) is the embedding-only control.  By position, the exact mean posterior
entropy ``H[W | X_0..X_t]`` (word-probability weighted, float64 of the exact posteriors) sits next to
the entropy of the probe's posterior (clipped at 0 and renormalized) and the probes' R^2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidArgumentError
from .geometry import activations, default_streams
from .probe import LinearProbe, mse, r2

if TYPE_CHECKING:
    from ..presentations.ground_truth import GroundTruth
    from .model import Transformer

__all__ = ["mixture_targets", "mixture_geometry", "posterior_entropy_bits"]

TARGETS = ("joint", "posterior", "within")


def mixture_targets(gt: GroundTruth) -> dict:
    """``{"joint", "posterior", "within"}``: ``(N, L, dim)`` float64 targets after tokens ``0..t``.

    Examples
    --------
    >>> from compmech import ground_truth, mixture
    >>> from compmech.processes import period
    >>> gt = ground_truth(mixture([period([0, 1]), period([0, 0, 1])], ["1/2", "1/2"]), 3)
    >>> {k: v.shape for k, v in mixture_targets(gt).items()}     # 4 words: 010, 101 (period 2), 001, 100
    {'joint': (4, 3, 5), 'posterior': (4, 3, 2), 'within': (4, 3, 5)}
    """
    if gt.component_blocks is None:
        raise InvalidArgumentError("mixture_targets needs the ground truth of a mixture (compmech.mixture)")
    idx = gt.belief_index[:, 1:]
    post, within = gt.component_posteriors_float, gt.within_component_float
    assert post is not None and within is not None
    return {"joint": gt.beliefs_float, "posterior": post[idx], "within": within[idx]}


def posterior_entropy_bits(p: np.ndarray) -> np.ndarray:
    """Entropy (bits) of each row of (possibly unnormalized, slightly negative) posteriors: clipped at 0, renormalized.

    Examples
    --------
    >>> posterior_entropy_bits(np.array([[0.5, 0.5], [1.2, -0.2]])).tolist()
    [1.0, 0.0]
    """
    q = np.clip(p, 0.0, None)
    s = q.sum(axis=-1, keepdims=True)
    q = np.divide(q, s, out=np.full_like(q, 1.0 / q.shape[-1]), where=s > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q > 0, -q * np.log2(q), 0.0)
    return terms.sum(axis=-1)


def _weighted_mean_by_position(values: np.ndarray, w: np.ndarray) -> list:
    """``values`` (N, L) averaged over words with weights ``w`` (N,), one number per position."""
    return [float(v) for v in (w[:, None] * values).sum(axis=0) / w.sum()]


def _r2_by_position(Y: np.ndarray, P: np.ndarray, w: np.ndarray) -> list:
    """Word-probability weighted R^2 at each position of ``(N, L, d)`` targets and predictions."""
    return [r2(Y[:, t], P[:, t], w) for t in range(Y.shape[1])]


def mixture_geometry(
    model: Transformer, gt: GroundTruth, hooks=None, seed: int = 0, predictions: dict | None = None
) -> dict:
    """Probe every stream for the joint belief, the component posterior and the within-component belief.

    Returns a JSON-ready dict: ``streams[stream][target] = {"mse", "r2", "shuffled"}`` (in sample, all
    (word, position) pairs), and ``by_position`` with the exact mean posterior entropy per position, the
    entropy of each stream's probed posterior, and the weighted R^2 and MSE of each target per position.
    ``predictions``, when given, receives each stream's in-sample probe predictions of the posterior,
    ``(N * L, n_components)`` (not part of the JSON result).  A probe's entropy alone can mislead (a confident wrong posterior has a low entropy): read it next to
    the MSE.  ``mse_fit_per_position`` refits a probe at each position alone: where it is much lower
    than the pooled probe's error, the geometry is linear at that position but its linear map moves
    with position.

    See Also
    --------
    compmech.nn.geometry.belief_geometry
    """
    targets = mixture_targets(gt)
    N, L = gt.n_words, gt.context_length
    hooks = list(hooks or default_streams(model.cfg.n_layers))
    acts = activations(model, gt.tokens, hooks)
    w = gt.probabilities_float
    perm = np.random.default_rng(seed).permutation(N * L)
    exact_H = posterior_entropy_bits(targets["posterior"])
    out: dict = {
        "targets": {k: int(v.shape[-1]) for k, v in targets.items()},
        "n_components": int(targets["posterior"].shape[-1]),
        "streams": {},
        "by_position": {
            "exact_posterior_entropy_bits": _weighted_mean_by_position(exact_H, w),
            "probe_posterior_entropy_bits": {},
            "r2": {k: {} for k in TARGETS},
            "mse": {k: {} for k in TARGETS},
            "mse_fit_per_position": {k: {} for k in TARGETS},
        },
    }
    flat = {k: v.reshape(N * L, -1) for k, v in targets.items()}
    Y = np.hstack([flat[k] for k in TARGETS])
    cuts = np.cumsum([0] + [flat[k].shape[1] for k in TARGETS])
    for name in hooks:
        X = acts[name].reshape(N * L, -1)
        pred = LinearProbe().fit(X, np.hstack([Y, Y[perm]])).predict(X)  # one QR: every target and its control
        own, shuffled = pred[:, : Y.shape[1]], pred[:, Y.shape[1] :]
        row = {}
        for k, a, b in zip(TARGETS, cuts[:-1], cuts[1:]):
            P = own[:, a:b]
            if k == "posterior" and predictions is not None:
                predictions[name] = P
            row[k] = {"mse": mse(flat[k], P), "r2": r2(flat[k], P), "shuffled": mse(flat[k], shuffled[:, a:b])}
            out["by_position"]["r2"][k][name] = _r2_by_position(targets[k], P.reshape(N, L, -1), w)
            err = ((targets[k] - P.reshape(N, L, -1)) ** 2).mean(axis=-1)
            out["by_position"]["mse"][k][name] = _weighted_mean_by_position(err, w)
            if k == "posterior":
                H = posterior_entropy_bits(P.reshape(N, L, -1))
                out["by_position"]["probe_posterior_entropy_bits"][name] = _weighted_mean_by_position(H, w)
        out["streams"][name] = row
        _fit_per_position(out["by_position"]["mse_fit_per_position"], name, acts[name], targets, w)
    return out


def _fit_per_position(table: dict, name: str, A: np.ndarray, targets: dict, w: np.ndarray) -> None:
    """A separate probe at each position (the same stream), weighted by word probability like the score.

    At most the pooled probe's weighted error at that position: where it is much lower, the geometry is
    linear at that position but its map moves with position.  Early positions have few distinct prefixes
    (``k^t``), fewer than the stream's features, so a probe fitted there alone interpolates them.
    """
    L = A.shape[1]
    Y = np.concatenate([targets[k] for k in TARGETS], axis=-1)
    cuts = np.cumsum([0] + [targets[k].shape[-1] for k in TARGETS])
    per: dict[str, list] = {k: [] for k in TARGETS}
    for t in range(L):
        P = LinearProbe().fit(A[:, t], Y[:, t], sample_weight=w).predict(A[:, t])  # the best weighted fit
        for k, a, b in zip(TARGETS, cuts[:-1], cuts[1:]):
            err = ((Y[:, t, a:b] - P[:, a:b]) ** 2).mean(axis=-1)
            per[k].append(float((w * err).sum() / w.sum()))
    for k in TARGETS:
        table[k][name] = per[k]


def mixture_quantities(result: dict, n_layers: int) -> dict[str, float]:
    """Named quantities for recipe checks: ``{posterior,within,joint}_{mse,shuffled,r2}:{stream,final,embed}``."""
    aliases = {"final": f"blocks.{n_layers - 1}.hook_resid_post", "embed": "blocks.0.hook_resid_pre"}
    q: dict[str, float] = {}
    for stream, row in result["streams"].items():
        names = [stream] + [a for a, s in aliases.items() if s == stream]
        for target, vals in row.items():
            for kind, v in vals.items():
                for nm in names:
                    q[f"{target}_{kind}:{nm}"] = float(v)
    return q
