"""Belief geometry in the residual stream, validated against certified ground truth.

For every word of length ``n_ctx`` with positive probability and every
position, the target is the *exact* belief after the prefix (float64 view of
the exact rational, never rounded).  For each hooked residual stream and for
concatenations of streams, a least-squares probe is fitted and reported with
the published protocol (ordinary least squares with intercept, unweighted,
in-sample) next to the probability-weighted fit, a held-out split by
sequence, and the controls (shuffled targets, the embedding-only stream, a
probe onto the next-token distribution).  Beyond next-token prediction: the
classes of beliefs with identical exact next-token distributions, distance
correlations over pairs of inputs, and a permutation test that probe
predictions of different beliefs within one class are separated.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import torch

from ..errors import InvalidArgumentError, UnknownNameError
from ..kernel.atomic import atomic_write
from ..presentations.ground_truth import GroundTruth, ground_truth
from .prefixes import PrefixGroups, prefix_groups
from .probe import LinearProbe, mse, r2

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence
    from typing import Any

    from numpy.typing import ArrayLike

    from ..models.hmm import HMM
    from .model import Transformer

__all__ = [
    "default_streams",
    "activations",
    "prefix_activations",
    "belief_geometry",
    "GeometryReport",
    "next_token_classes",
    "heldout_streams",
]


def default_streams(n_layers: int) -> list[str]:
    """The six streams of the seed paper (for 4 layers): embedding, each block's output, final LayerNorm."""
    return (
        ["blocks.0.hook_resid_pre"]
        + [f"blocks.{layer}.hook_resid_post" for layer in range(n_layers)]
        + ["ln_final.hook_normalized"]
    )


@torch.no_grad()
def activations(
    model: Transformer, tokens: ArrayLike, hooks: Sequence[str], batch_size: int = 4096, rows: ArrayLike | None = None
) -> dict:
    """``{hook: (N, L, d) float64 array}`` for all ``tokens`` (N, L); with ``rows``, only those rows.

    ``rows``: increasing flat indices ``n L + t`` (word ``n``, position ``t``); the arrays are then ``(len(rows),
    d)``, in that order (:func:`~compmech.nn.prefixes.prefix_groups`' ``first``: one row per distinct prefix).

    Examples
    --------
    >>> from compmech.nn import Transformer, TransformerConfig
    >>> m = Transformer(TransformerConfig(n_layers=1, d_model=8, n_heads=1, d_head=4, d_mlp=16, n_ctx=3, d_vocab=2), seed=0)
    >>> tok = np.array([[0, 1, 1], [1, 0, 0]])
    >>> full = activations(m, tok, ["blocks.0.hook_resid_post"])["blocks.0.hook_resid_post"]
    >>> some = activations(m, tok, ["blocks.0.hook_resid_post"], rows=[1, 3])["blocks.0.hook_resid_post"]
    >>> full.shape, some.shape, bool(np.array_equal(some, full.reshape(6, 8)[[1, 3]]))
    ((2, 3, 8), (2, 8), True)
    """
    tokens = torch.as_tensor(tokens, dtype=torch.long)
    n, L = tokens.shape
    sel = None if rows is None else np.asarray(rows, dtype=np.int64).reshape(-1)
    if sel is not None and sel.size and (np.any(np.diff(sel) <= 0) or sel[0] < 0 or sel[-1] >= n * L):
        raise InvalidArgumentError(f"rows must be increasing indices of the {n} x {L} rows")
    out: dict[str, np.ndarray] = {}
    fast = set(hooks) <= set(default_streams(model.cfg.n_layers)) | {
        f"blocks.{i}.hook_resid_pre" for i in range(model.cfg.n_layers)
    }
    for i in range(0, n, batch_size):
        batch = tokens[i : i + batch_size]
        if sel is not None:
            lo, hi = np.searchsorted(sel, [i * L, (i + batch.shape[0]) * L])
            if lo == hi:
                continue
        cache = model.residual_streams(batch) if fast else model.run_with_cache(batch, names_filter=list(hooks))[1]
        for h in hooks:
            a = cache[h]
            if sel is not None:
                if a.dim() != 3 or a.shape[1] != L:
                    raise InvalidArgumentError(
                        f"rows select positions: hook {h} is {tuple(a.shape)}, not (words, {L}, d)"
                    )
                a = a.reshape(-1, a.shape[-1])[torch.from_numpy(sel[lo:hi] - i * L)]
            a = a.cpu().numpy()
            if h not in out:  # filled batch by batch: no list of pieces to concatenate
                out[h] = np.empty((n, *a.shape[1:]) if sel is None else (sel.size, a.shape[-1]))
            if sel is None:
                out[h][i : i + a.shape[0]] = a  # float32 to float64, exactly
            else:
                out[h][lo:hi] = a
    return out


def prefix_activations(model: Transformer, tokens: ArrayLike, hooks: Sequence[str], groups: PrefixGroups) -> dict:
    """``{hook: (G, d) float64 array}``: the activations of each prefix group of ``tokens`` (rows in group order).

    The full forward over the words, one row per group kept (a causal model computes a prefix's row alike
    in every word).  Not :func:`~compmech.nn.tree_forward.tree_forward`, though it agrees to float32
    rounding: a probe of the final LayerNorm's output, whose exact rank is one less than its width, fits
    that rounding under the published rank cutoff, and the published numbers are those of the full forward
    (the 640k-token Mess3 checkpoint: 0.008394 by the full forward, 0.008381 by the tree).

    Examples
    --------
    >>> from compmech.nn import Transformer, TransformerConfig
    >>> from compmech.nn.prefixes import prefix_groups
    >>> m = Transformer(TransformerConfig(n_layers=1, d_model=8, n_heads=1, d_head=4, d_mlp=16, n_ctx=3, d_vocab=2), seed=0)
    >>> tok = np.array([[0, 1, 1], [0, 1, 0]])
    >>> g = prefix_groups(tok)
    >>> some = prefix_activations(m, tok, ["blocks.0.hook_resid_post"], g)["blocks.0.hook_resid_post"]
    >>> full = activations(m, tok, ["blocks.0.hook_resid_post"])["blocks.0.hook_resid_post"].reshape(6, 8)
    >>> some.shape, bool(np.array_equal(some[g.of_row], full))
    ((4, 8), True)
    """
    order = np.argsort(groups.first)
    acts = activations(model, tokens, hooks, rows=groups.first[order])
    out = {}
    for h, a in acts.items():
        out[h] = np.empty_like(a)
        out[h][order] = a
    return out


@dataclass
class StreamResult:
    name: str
    n_features: int
    mse: float  # published protocol: OLS with intercept, unweighted, in-sample
    r2: float
    mse_weighted: float
    r2_weighted: float
    mse_heldout: float
    mse_shuffled: float
    mse_next_token: float
    rank: int


@dataclass
class GeometryReport:
    process: str
    n_words: int
    n_positions: int
    streams: list = field(default_factory=list)
    classes: dict = field(default_factory=dict)
    distances: dict = field(default_factory=dict)
    separation: dict = field(default_factory=dict)
    predictions: dict = field(default_factory=dict, repr=False)

    def stream(self, name: str) -> StreamResult:
        for s in self.streams:
            if s.name == name:
                return s
        raise UnknownNameError(f"no stream {name!r}; have {[s.name for s in self.streams]}")

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "predictions"}

    def save_json(self, path: str | os.PathLike) -> None:
        with atomic_write(path) as f:
            json.dump(self.to_dict(), f, indent=1)

    def table(self) -> str:
        lines = [f"{'stream':<34} {'MSE':>9} {'R2':>7} {'MSE(w)':>9} {'held-out':>9} {'shuffled':>9} {'next-tok':>9}"]
        for s in self.streams:
            lines.append(
                f"{s.name:<34} {s.mse:>9.6f} {s.r2:>7.4f} {s.mse_weighted:>9.6f} {s.mse_heldout:>9.6f} "
                f"{s.mse_shuffled:>9.5f} {s.mse_next_token:>9.6f}"
            )
        return "\n".join(lines)


def next_token_classes(gt: GroundTruth) -> dict:
    """Group the distinct beliefs by identical exact next-token distribution.

    Returns ``{"n_beliefs", "n_classes", "sizes", "distributions", "class_of_belief"}``
    (:attr:`GroundTruth.next_token_classes <compmech.presentations.ground_truth.GroundTruth.next_token_classes>`,
    computed once per ground truth).
    """
    return dict(gt.next_token_classes)


def _pair_r2(pred, true_b, next_t, rng, n_pairs):
    n = pred.shape[0]
    if n * (n - 1) // 2 <= n_pairs:
        i, j = np.triu_indices(n, 1)
    else:
        i = rng.integers(0, n, n_pairs)
        j = rng.integers(0, n, n_pairs)
        keep = i != j
        i, j = i[keep], j[keep]
    out = {}
    chunk = 2_000_000
    dp, db, dn = [], [], []
    for s in range(0, i.size, chunk):
        a, b = i[s : s + chunk], j[s : s + chunk]
        dp.append(np.linalg.norm(pred[a] - pred[b], axis=1))
        db.append(np.linalg.norm(true_b[a] - true_b[b], axis=1))
        dn.append(np.linalg.norm(next_t[a] - next_t[b], axis=1))
    dp, db, dn = map(np.concatenate, (dp, db, dn))
    out["n_pairs"] = int(dp.size)
    out["r2_vs_belief_distance"] = float(np.corrcoef(dp, db)[0, 1] ** 2)
    out["r2_vs_next_token_distance"] = float(np.corrcoef(dp, dn)[0, 1] ** 2)
    return out


def _separation(pred, belief_id, class_of, rng, n_perm):
    """Within each next-token class: share of probe-prediction variance explained by the belief (eta^2)."""
    classes = class_of[belief_id]
    stats = []
    total_between = total_ss = 0.0
    perm_between = np.zeros(n_perm)
    # only classes that hold at least two distinct beliefs can be tested
    n_beliefs_per_class = np.bincount(class_of)
    order = np.argsort(classes, kind="stable")
    bounds = np.searchsorted(classes[order], np.arange(n_beliefs_per_class.size + 1))
    for c in np.flatnonzero(n_beliefs_per_class >= 2):
        idx = order[bounds[c] : bounds[c + 1]]
        labels = belief_id[idx]
        if np.unique(labels).size < 2:
            continue
        X = pred[idx]
        centred = X - X.mean(0)
        ss_tot = float((centred**2).sum())

        def between(lab, centred=centred):
            _, inv, counts = np.unique(lab, return_inverse=True, return_counts=True)
            sums = np.zeros((counts.size, centred.shape[1]))
            np.add.at(sums, inv, centred)
            return float(((sums**2).sum(1) / counts).sum())

        b = between(labels)
        perms = np.array([between(rng.permutation(labels)) for _ in range(n_perm)])
        stats.append(
            {
                "class": int(c),
                "n_points": int(idx.size),
                "n_beliefs": int(np.unique(labels).size),
                "eta2": b / ss_tot if ss_tot > 0 else float("nan"),
                "p_value": float((1 + (perms >= b).sum()) / (1 + n_perm)),
            }
        )
        total_between += b
        total_ss += ss_tot
        perm_between += perms
    if not stats:
        return {"classes": [], "eta2": float("nan"), "p_value": float("nan")}
    return {
        "classes": stats,
        "eta2": total_between / total_ss,
        "p_value": float((1 + (perm_between >= total_between).sum()) / (1 + n_perm)),
        "n_permutations": n_perm,
    }


def belief_geometry(
    model: Transformer,
    hmm: HMM,
    context_length: int | None = None,
    hooks: Sequence[str] | None = None,
    concat: Any = "default",
    seed: int = 0,
    heldout_fraction: float = 0.2,
    gt: GroundTruth | None = None,
    n_pairs: int = 2_000_000,
    n_perm: int = 200,
    distance_stream: str | None = None,
    quick: bool = False,
) -> GeometryReport:
    """Probe every stream (and concatenations) for the exact beliefs; controls; beyond next-token checks.

    Parameters
    ----------
    model : Transformer
    hmm : HMM
    context_length : int, optional
        Default ``model.cfg.n_ctx``.
    hooks : list of str, optional
        Streams to probe (default :func:`default_streams`).
    concat : "default", list of lists of str, or None
        Concatenations to probe; ``"default"`` concatenates all ``hooks``.
    distance_stream : str, optional
        Stream (or ``"concat"``) whose probe predictions feed the pair-distance and separation analyses.
    quick : bool
        Only the published protocol (in-sample OLS), its shuffled control and
        the next-token probe; the weighted and held-out columns are NaN.

    See Also
    --------
    compmech.ground_truth

    References
    ----------
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.
    """
    L = context_length or model.cfg.n_ctx
    gt = gt or ground_truth(hmm, L)
    hooks = list(hooks or default_streams(model.cfg.n_layers))
    concats = [hooks] if concat == "default" else (concat or [])
    # the model is causal: a row's activations, belief and next-token law are those of its prefix, so each
    # probe is fitted to the distinct prefixes weighted by their rows (the same least-squares problem)
    groups = prefix_groups(gt.tokens)
    first = groups.first
    acts = prefix_activations(model, gt.tokens, sorted(set(hooks) | {h for c in concats for h in c}), groups)
    N = gt.n_words
    Y = gt.beliefs_float.reshape(N * L, -1)
    NT = gt.next_token_distributions_float.reshape(N * L, -1)
    w = np.repeat(gt.probabilities_float, L)
    rng = np.random.default_rng(seed)
    test_words = rng.permutation(N)[: int(round(heldout_fraction * N))]
    is_test = np.zeros(N, dtype=bool)
    is_test[test_words] = True
    is_test = np.repeat(is_test, L)
    perm = rng.permutation(N * L)
    report = GeometryReport(process=hmm.name or "", n_words=N, n_positions=L)
    # a concatenation stays a list of column blocks: the probes read it as one matrix without copying it
    feature_sets = [(h, acts[h]) for h in hooks] + [
        ("concat(" + ",".join(c) + ")" if c != hooks else "concat", [acts[h] for h in c]) for c in concats
    ]
    shuffled = Y[perm]

    def part(rows):
        """Targets per prefix over the rows of a part: belief, mean shuffled belief, next-token law; row counts."""
        mean_shuffled, counts = groups.means(shuffled, rows)
        return np.hstack([Y[first], mean_shuffled, NT[first]]), counts, int(counts.sum())

    parts = [part(None)] if quick else [part(~is_test), part(is_test)]
    w_prefix = np.bincount(groups.of_row, weights=w, minlength=groups.n_groups)  # the weighted fit's weights
    rows = _Rows(Y, NT, w, w_prefix, is_test, groups, parts, quick)
    predictions = {}
    for name, X in feature_sets:
        result, predictions[name] = _probe_stream(name, X, rows)
        report.streams.append(result)
    report.predictions = predictions  # in-sample probe predictions, (N * L, n_states) per stream (not serialized)
    report.classes = next_token_classes(gt)
    key = distance_stream or ("concat" if "concat" in predictions else hooks[-1])
    pred = predictions[key]
    report.distances = {"stream": key, **_pair_r2(pred, Y, NT, rng, n_pairs)}
    belief_id = gt.belief_index[:, 1:].reshape(-1)
    report.separation = {
        "stream": key,
        **_separation(pred, belief_id, np.array(report.classes["class_of_belief"]), rng, n_perm),
    }
    return report


@dataclass
class _Rows:
    """What the probes of :func:`belief_geometry` fit and score: per row (word, position) the belief ``Y``, the
    next-token law ``NT``, the word's probability ``w`` (summed per prefix: ``w_prefix``) and the held-out
    mask; the prefix groups; the targets per prefix of each part (all rows, or the kept and held-out rows:
    ``(targets, counts, rows)``)."""

    Y: np.ndarray
    NT: np.ndarray
    w: np.ndarray
    w_prefix: np.ndarray
    is_test: np.ndarray
    groups: PrefixGroups
    parts: list
    quick: bool


def _probe_stream(name: str, X, rows: _Rows) -> tuple[StreamResult, np.ndarray]:
    """One stream's probes, fitted to the distinct prefixes and scored on every row; its belief predictions."""
    Y, NT, w, g = rows.Y, rows.NT, rows.w, rows.groups
    n, k = Y.shape
    # one QR serves the belief probe, the shuffled control and the next-token probe (and the held-out fit)
    both = LinearProbe()
    if rows.quick:
        both.fit(X, rows.parts[0][0], sample_weight=rows.parts[0][1], n_samples=n)
    else:
        both.fit_parts(X, *rows.parts)
    out = both.predict(X)[g.of_row]
    pred, pred_sh, pred_nt = out[:, :k], out[:, k : 2 * k], out[:, 2 * k :]
    mw = r2w = mh = float("nan")
    if not rows.quick:
        pw = LinearProbe().fit(X, Y[g.first], sample_weight=rows.w_prefix, n_samples=n).predict(X)[g.of_row]
        mw, r2w = mse(Y, pw, w), r2(Y, pw, w)
        mh = mse(Y[rows.is_test], both.heldout_.predict(X)[g.of_row][rows.is_test, :k])
    result = StreamResult(
        name=name,
        n_features=sum(b.shape[1] for b in X) if isinstance(X, list) else X.shape[1],
        mse=mse(Y, pred),
        r2=r2(Y, pred),
        mse_weighted=mw,
        r2_weighted=r2w,
        mse_heldout=mh,
        mse_shuffled=mse(Y, pred_sh),
        mse_next_token=mse(NT, pred_nt),
        rank=both.rank_,
    )
    return result, pred


def _final_and_concat(model: Transformer, gt: GroundTruth) -> tuple[dict, int]:
    """Features of the last block's residual stream and of all streams concatenated, one row per (word, position)."""
    hooks = default_streams(model.cfg.n_layers)
    acts = activations(model, gt.tokens, hooks)
    rows = gt.n_words * gt.context_length
    feats = {
        "final": acts[hooks[-2]].reshape(rows, -1),  # the last resid_post (ln_final comes after it)
        "concat": np.concatenate([acts[h] for h in hooks], axis=-1).reshape(rows, -1),
    }
    return feats, rows


def heldout_streams(model: Transformer, gt: GroundTruth, n_splits: int = 5, alpha: float = 3.0) -> dict:
    """Held-out probe error of the final stream and of the six-stream concatenation, OLS and standardized ridge.

    Half of the words fit, the other half score, ``n_splits`` random splits (see
    :func:`compmech.nn.probe.heldout_comparison`).  Returns ``{"n_splits", "alpha", "streams": {"final":
    {"ols": (mean, sd), "ridge": (mean, sd)}, "concat": {...}}}``.
    """
    from .probe import heldout_comparison

    feats, rows = _final_and_concat(model, gt)
    result = heldout_comparison(feats, gt.beliefs_float.reshape(rows, -1), gt.n_words, n_splits=n_splits, alpha=alpha)
    return {"n_splits": n_splits, "alpha": alpha, "streams": result}


def unseen_belief_streams(model: Transformer, gt: GroundTruth, n_splits: int = 5, alpha: float = 3.0) -> dict:
    """Fraction of variance unexplained on held-out *beliefs* (see :func:`compmech.nn.probe.unseen_beliefs`).

    For the final stream and the concatenation of all streams; returns ``{"final": (mean, sd), "concat": ...}``.
    """
    from .probe import unseen_beliefs

    feats, rows = _final_and_concat(model, gt)
    ids = gt.belief_index[:, 1:].reshape(-1)
    return unseen_beliefs(feats, gt.beliefs_float.reshape(rows, -1), ids, n_splits=n_splits, alpha=alpha)
