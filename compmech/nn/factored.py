"""Factored worlds in the residual stream: per-factor probes, subspace overlaps, variance dimension (float64).

For a factored process (:func:`compmech.algebra.factored`) the two hypotheses of Shai et al. (ICML 2026)
make different predictions about a trained transformer's residual stream:

- *joint*: the stream holds the joint belief, an affine image of dimension ``prod(d_i) - 1``;
- *factored*: it holds one marginal belief per factor, ``sum(d_i - 1)`` dimensions, in subspaces that
  do not overlap.

With 27 joint tokens the words of a useful context are too many to enumerate, so the probes here use
sampled sequences with their *exact* beliefs (a float64 forward filter of the exact presentation):
:class:`SampledTruth` holds them in the shape of :class:`~compmech.presentations.ground_truth.GroundTruth`
so that training (:class:`~compmech.nn.train.EvalSet`) and the geometry tracking use them unchanged;
the evaluation loss is then an unbiased Monte-Carlo estimate of the expected loss with exact
next-token targets.  For each stream :func:`factored_geometry` reports the joint probe, one probe per
factor (to that factor's marginal belief), the principal angles between the per-factor probe subspaces
(``overlap``: the mean squared cosine, 0 for orthogonal subspaces, 1 for identical ones) and the number
of principal components that reach 90/95/99 % of the probability-weighted variance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidArgumentError
from ..models.sampling import sample
from .probe import LinearProbe, mse, r2

if TYPE_CHECKING:
    from ..algebra.factored import Factored
    from .model import Transformer

__all__ = [
    "SampledTruth",
    "sampled_truth",
    "filter_beliefs",
    "marginal_targets",
    "principal_angles",
    "subspace_overlap",
    "variance_dimensions",
    "factored_stream_measures",
    "factored_geometry",
    "factoring_cost_sampled",
]

#: the variance fractions whose principal-component counts are reported
LEVELS = (0.90, 0.95, 0.99)


def _numeric(process: Factored):
    """float64 ``(T, eta, tau, [P_i])`` of a factored process (an explicitly numeric view)."""
    if not hasattr(process, "marginal_maps"):
        raise InvalidArgumentError(f"need a factored process (compmech.algebra.factored), got {type(process).__name__}")
    T = process.to_numpy()
    eta, tau = process.vectors_numpy()
    maps = [np.array([[float(v) for v in row] for row in P]) for P in process.marginal_maps()]
    return T, eta, tau, maps


def filter_beliefs(process: Factored, tokens: np.ndarray) -> np.ndarray:
    """Exact-model float64 beliefs after each prefix: ``(N, L + 1, n)``, index 0 the stationary one.

    Examples
    --------
    >>> from compmech.algebra import factored
    >>> from compmech.processes import golden_mean, even
    >>> f = factored([golden_mean(), even()])
    >>> filter_beliefs(f, np.array([[3]]))[0, 1].tolist()    # after (1, 1): golden mean in B, even in A or B
    [0.0, 0.0, 0.5, 0.5]
    """
    T, eta, tau, _ = _numeric(process)
    N, L = tokens.shape
    out = np.empty((N, L + 1, T.shape[1]))
    b = np.tile(eta, (N, 1))
    out[:, 0] = b
    for t in range(L):
        v = np.einsum("ni,nij->nj", b, T[tokens[:, t]])
        b = v / (v @ tau)[:, None]
        out[:, t + 1] = b
    return out


def marginal_targets(process: Factored, beliefs: np.ndarray) -> list:
    """Each factor's marginal belief, ``(..., n_i)`` arrays, from joint beliefs ``(..., n)``.

    Examples
    --------
    >>> from compmech.algebra import factored
    >>> from compmech.processes import golden_mean, even
    >>> f = factored([golden_mean(), even()])
    >>> [m.tolist() for m in marginal_targets(f, np.array([0.25, 0.25, 0.5, 0.0]))]
    [[0.5, 0.5], [0.75, 0.25]]
    """
    return [beliefs @ P for P in _numeric(process)[3]]


def _kl_bits(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log2(np.where(p > 0, p, 1.0) / np.where(q > 0, q, np.nan)), 0.0)
    return np.nan_to_num(terms, nan=np.inf).sum(axis=-1)


def factoring_cost_sampled(process: Factored, beliefs: np.ndarray) -> np.ndarray:
    """Monte-Carlo estimate of :func:`compmech.measures.factoring_cost` at every context length (float64, bits).

    ``beliefs`` are :func:`filter_beliefs` of sequences drawn from the process: ``out[L]`` averages the
    KL of ``L``-token prefixes; exact for ``L = 0`` and unbiased for the others.

    Examples
    --------
    >>> from compmech.algebra import factored
    >>> from compmech.processes import mess3
    >>> f = factored([mess3(), mess3("1/10", "3/5")])
    >>> toks = np.zeros((2, 3), dtype=int)
    >>> factoring_cost_sampled(f, filter_beliefs(f, toks)).tolist()
    [0.0, 0.0, 0.0, 0.0]
    """
    T, _, tau, maps = _numeric(process)
    R = np.einsum("xij,j->ix", T, tau)
    margs = [beliefs @ P for P in maps]
    bh = margs[0]
    for m in margs[1:]:
        bh = np.einsum("...i,...j->...ij", bh, m).reshape(*bh.shape[:-1], -1)
    kl = np.clip(_kl_bits(beliefs @ R, bh @ R), 0.0, None)  # KL >= 0: rounding below 0 is cut off
    return kl.reshape(-1, kl.shape[-1]).mean(axis=0)


class SampledTruth:
    """Sampled sequences with exact-model beliefs, in the shape of a ``GroundTruth`` (for training and probes).

    Attributes
    ----------
    tokens : (N, L) int array
    beliefs_float : (N, L, n) float64: the joint belief after tokens ``0..t``
    marginals : list of (N, L, n_i) float64: each factor's marginal belief
    next_token_distributions_float : (N, L, k) float64: the exact next-token law after tokens ``0..t``
    probabilities_float : (N,) uniform weights ``1/N`` (the sequences are drawn from the process)
    optimal_loss_nats : (L,) the mean entropy (nats) of the exact next-token law per position
    cost_bits : (L + 1,) :func:`factoring_cost_sampled` of the sequences (index ``L``: after ``L`` tokens)
    """

    def __init__(self, process: Factored, tokens: np.ndarray):
        T, _, tau, _ = _numeric(process)
        self.process_name = process.name
        self.tokens = np.asarray(tokens, dtype=np.int64)
        self.n_words, self.context_length = self.tokens.shape
        full = filter_beliefs(process, self.tokens)
        self.beliefs_float = full[:, 1:]
        self.marginals = marginal_targets(process, self.beliefs_float)
        R = np.einsum("xij,j->ix", T, tau)
        self.next_token_distributions_float = np.clip(self.beliefs_float @ R, 0.0, None)
        self.probabilities_float = np.full(self.n_words, 1.0 / self.n_words)
        p = self.next_token_distributions_float
        with np.errstate(divide="ignore", invalid="ignore"):
            ent = -np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0).sum(-1)
        self.optimal_loss_nats = ent.mean(axis=0)
        self.cost_bits = factoring_cost_sampled(process, full)
        self.component_blocks = None  # not a mixture

    def __repr__(self):
        return f"SampledTruth({self.process_name!r}, {self.n_words} sequences of {self.context_length} tokens)"


def sampled_truth(process: Factored, n_sequences: int, length: int, seed: int = 0) -> SampledTruth:
    """``n_sequences`` sequences of ``length`` tokens drawn from ``process`` (seeded), with exact beliefs.

    Examples
    --------
    >>> from compmech.algebra import factored
    >>> from compmech.processes import mess3
    >>> st = sampled_truth(factored([mess3(), mess3("1/10", "3/5")]), 64, 5)
    >>> st.beliefs_float.shape, [m.shape[-1] for m in st.marginals], bool(st.cost_bits.max() < 1e-12)
    ((64, 5, 9), [3, 3], True)
    """
    rng = np.random.default_rng([seed, 38])
    tokens = sample(process, n_sequences, length, seed=rng)  # type: ignore[arg-type]  # GHMMs: through beliefs
    assert isinstance(tokens, np.ndarray)
    return SampledTruth(process, tokens)


# ------------------------------------------------------------------ subspaces
def _basis(W: np.ndarray, k: int) -> np.ndarray:
    """Orthonormal basis (columns) of the top ``k`` left singular directions of ``W`` (d x m)."""
    U, s, _ = np.linalg.svd(W, full_matrices=False)
    return U[:, : max(0, min(k, int((s > 1e-12 * (s[0] if s.size else 0)).sum())))]


def principal_angles(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Principal angles (radians, ascending) between the column spaces of ``A`` and ``B``.

    Examples
    --------
    >>> e = np.eye(3)
    >>> np.round(principal_angles(e[:, :1], e[:, 1:]), 6).tolist()
    [1.570796]
    """
    qa, _ = np.linalg.qr(A)
    qb, _ = np.linalg.qr(B)
    s = np.clip(np.linalg.svd(qa.T @ qb, compute_uv=False), -1.0, 1.0)
    return np.arccos(s)


def subspace_overlap(A: np.ndarray, B: np.ndarray) -> float:
    """The mean squared cosine of the principal angles: 0 for orthogonal subspaces, 1 for nested ones.

    Examples
    --------
    >>> e = np.eye(4)
    >>> round(subspace_overlap(e[:, :2], e[:, 2:]), 12), round(subspace_overlap(e[:, :2], e[:, :2] @ [[1, 1], [1, -1]]), 12)
    (0.0, 1.0)
    """
    return float(np.mean(np.cos(principal_angles(A, B)) ** 2))


def variance_dimensions(X: np.ndarray, weights: np.ndarray | None = None, levels=LEVELS) -> dict:
    """The number of principal components that reach each fraction of the (weighted) variance of ``X``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 2)) @ rng.normal(size=(2, 10))     # a plane in 10 dimensions
    >>> variance_dimensions(X)
    {'dim90': 2, 'dim95': 2, 'dim99': 2}
    """
    X = np.asarray(X, dtype=np.float64)
    w = np.full(X.shape[0], 1.0 / X.shape[0]) if weights is None else np.asarray(weights, float) / np.sum(weights)
    centred = X - w @ X
    ev = np.clip(np.linalg.eigvalsh((centred * w[:, None]).T @ centred)[::-1], 0.0, None)
    cum = np.cumsum(ev) / ev.sum() if ev.sum() > 0 else np.ones_like(ev)
    return {f"dim{round(100 * a)}": int(np.searchsorted(cum, a - 1e-12) + 1) for a in levels}


def factored_stream_measures(X_fit, X_test, Y_fit: list, Y_test: list, joint_fit, joint_test) -> dict:
    """One stream: the joint probe, each factor's probe, their subspace overlaps and the variance dimensions.

    ``X_*`` are ``(rows, d)`` activations; ``Y_*`` lists of each factor's marginal targets; ``joint_*`` the
    joint beliefs.  MSE and R^2 are held out (fitted on ``*_fit``, scored on ``*_test``).
    """
    out: dict = {}
    jp = LinearProbe().fit(X_fit, joint_fit)
    out["joint_mse"], out["joint_r2"] = mse(joint_test, jp.predict(X_test)), r2(joint_test, jp.predict(X_test))
    bases = []
    for i, (yf, yt) in enumerate(zip(Y_fit, Y_test)):
        p = LinearProbe().fit(X_fit, yf)
        pred = p.predict(X_test)
        out[f"factor{i}_mse"], out[f"factor{i}_r2"] = mse(yt, pred), r2(yt, pred)
        bases.append(_basis(p.coef_, yf.shape[1] - 1))  # the marginal sums to 1: d_i - 1 directions
    pairs = [(i, j) for i in range(len(bases)) for j in range(i + 1, len(bases))]
    overlaps = [subspace_overlap(bases[i], bases[j]) for i, j in pairs if bases[i].size and bases[j].size]
    for (i, j), v in zip(pairs, overlaps):
        out[f"overlap{i}{j}"] = v
    out["overlap"] = float(np.mean(overlaps)) if overlaps else 0.0
    out.update(variance_dimensions(X_fit))
    return out


def factored_geometry(model: Transformer, truth: SampledTruth, hooks=None, fit_fraction: float = 0.5) -> dict:
    """Every stream's :func:`factored_stream_measures`, the first ``fit_fraction`` of sequences fitting the probes.

    Returns ``{stream: {joint_mse, joint_r2, factor{i}_mse, factor{i}_r2, overlap{ij}, overlap, dim90, dim95,
    dim99}}`` (JSON-ready).
    """
    from .geometry import activations, default_streams

    hooks = list(hooks or default_streams(model.cfg.n_layers))
    acts = activations(model, truth.tokens, hooks)
    N, L = truth.n_words, truth.context_length
    cut = max(1, int(N * fit_fraction)) * L
    flat = lambda a: a.reshape(N * L, -1)  # noqa: E731
    Y = [flat(m) for m in truth.marginals]
    J = flat(truth.beliefs_float)
    out = {}
    for h in hooks:
        X = flat(acts[h])
        out[h] = factored_stream_measures(
            X[:cut], X[cut:], [y[:cut] for y in Y], [y[cut:] for y in Y], J[:cut], J[cut:]
        )
    return out
