"""Linear probes from residual-stream activations to exact beliefs (float64, numeric).

``LinearProbe`` is ordinary (optionally weighted) least squares solved by a
chunked Householder QR of ``[X 1 | Y]`` (TSQR, float64), then a truncated SVD
of the small triangular factor, so it is backward stable and gives the
minimum-norm solution for rank-deficient inputs (concatenated streams)
without ever forming ``X^T X``.

The rank cutoff matters for rank-deficient inputs: by default singular values
below ``eps * max(n_samples, n_features) * s_max`` are dropped, LAPACK's
``gelsd`` default (what ``numpy.linalg.lstsq`` and ``torch.linalg.lstsq``
do); this is what reproduces published probe numbers.  A smaller ``rcond``
keeps more directions and can fit better in-sample (for the concatenated
Mess3 streams at 640 k tokens: 0.003893 with ``rcond=1e-12`` against 0.004043
with the default).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidArgumentError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["unseen_beliefs", "LinearProbe", "RidgeProbe", "ProbeScore", "heldout_comparison", "mse", "r2"]


@dataclass(frozen=True)
class ProbeScore:
    mse: float
    r2: float


def _weights(n, sample_weight):
    if sample_weight is None:
        return None
    w = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
    if w.shape[0] != n or np.any(w < 0) or not np.isfinite(w).all():
        raise InvalidArgumentError(f"sample_weight must be {n} non-negative finite numbers")
    return w


def mse(Y: ArrayLike, Yhat, sample_weight: ArrayLike | None = None) -> float:
    """Mean squared error over samples and all coordinates (weighted over samples)."""
    err = ((np.asarray(Y, dtype=np.float64) - Yhat) ** 2).mean(axis=1)
    w = _weights(err.shape[0], sample_weight)
    return float(err.mean() if w is None else (w * err).sum() / w.sum())


def r2(Y: ArrayLike, Yhat, sample_weight: ArrayLike | None = None) -> float:
    """Coefficient of determination, pooled over coordinates (weighted over samples)."""
    Y = np.asarray(Y, dtype=np.float64)
    w = _weights(Y.shape[0], sample_weight)
    if w is None:
        w = np.ones(Y.shape[0])
    mean = (w[:, None] * Y).sum(0) / w.sum()
    ss_res = (w[:, None] * (Y - Yhat) ** 2).sum()
    ss_tot = (w[:, None] * (Y - mean) ** 2).sum()
    return float(1.0 - ss_res / ss_tot) if ss_tot > 0 else float("nan")


def _torch():
    import torch

    return torch


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` in float64 with torch's threads: numpy's own BLAS threads cost 3x the CPU on a busy machine."""
    torch = _torch()
    return (torch.from_numpy(np.ascontiguousarray(a)) @ torch.from_numpy(np.ascontiguousarray(b))).numpy()


def _n_rows(X) -> int:
    return X[0].shape[0] if isinstance(X, (list, tuple)) else X.shape[0]


def _design_rows(X, lo: int, hi: int):
    """Rows ``lo:hi`` of ``X``: an array, or a list of column blocks read as if concatenated."""
    return np.concatenate([b[lo:hi] for b in X], axis=1) if isinstance(X, (list, tuple)) else X[lo:hi]


def _as_design(X):
    """``X`` as a float64 array, or a list of float64 column blocks with as many rows each."""
    if isinstance(X, (list, tuple)):
        blocks = [np.asarray(b, dtype=np.float64) for b in X]
        if not blocks or any(b.ndim != 2 or b.shape[0] != blocks[0].shape[0] for b in blocks):
            raise InvalidArgumentError("X given as column blocks needs 2-D blocks with equal numbers of rows")
        return blocks
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise InvalidArgumentError(f"X must be 2-D, got shape {X.shape}")
    return X


def _tsqr_r(X, Y, w, intercept, chunk, rows=None):
    """Triangular factor of the QR decomposition of ``[X (1) | Y]`` (rows scaled by sqrt(w)), chunk by chunk.

    ``X`` may be a list of column blocks; ``rows`` (a boolean mask) keeps only those rows.  One buffer holds
    the previous factor above each chunk, so no chunk allocates afresh.
    """
    import torch

    n = _n_rows(X)
    cols = sum(b.shape[1] for b in X) if isinstance(X, (list, tuple)) else X.shape[1]
    p = cols + (1 if intercept else 0)
    q = p + Y.shape[1]
    buf = np.empty((q + chunk, q))
    top = 0  # rows of the factor so far, at the top of buf
    for i in range(0, n, chunk):
        j = min(i + chunk, n)
        keep = None if rows is None else rows[i:j]
        m = j - i if keep is None else int(keep.sum())
        if m == 0:
            continue
        A = buf[top : top + m]
        if keep is None and isinstance(X, (list, tuple)):
            np.concatenate([b[i:j] for b in X], axis=1, out=A[:, :cols])
        else:
            A[:, :cols] = X[i:j] if keep is None else _design_rows(X, i, j)[keep]
        A[:, p:] = Y[i:j] if keep is None else Y[i:j][keep]
        if intercept:
            A[:, cols] = 1.0
        if w is not None:
            A *= np.sqrt(w[i:j] if keep is None else w[i:j][keep])[:, None]
        R = torch.linalg.qr(torch.from_numpy(buf[: top + m]), mode="r")[1]  # MKL's Householder QR
        top = R.shape[0]
        buf[:top] = R.numpy()
    return _square(buf[:top], q)  # no rows at all: the zero factor


def _square(R, q):
    """An upper-triangular ``(q, q)`` factor (zero rows added when fewer than ``q`` rows were fitted)."""
    if R.shape[0] >= q:
        return R[:q].copy()
    out = np.zeros((q, q))
    out[: R.shape[0]] = R
    return out


class LinearProbe:
    """Least-squares linear map ``Y ~ X W + b`` (scikit-learn style).

    Parameters
    ----------
    fit_intercept : bool
    rcond : float or None
        Singular values of the triangular factor below ``rcond * max`` are
        treated as zero (minimum-norm solution on rank-deficient inputs);
        ``None``: ``eps * max(n_samples, n_features)``, as LAPACK.
    chunk : int
        Rows per QR step.  Small steps stay in cache and under the allocator's mmap threshold: the Mess3
        concatenation (590 490 x 403) takes 8.5 s of CPU in steps of 4096 rows, 11.7 s in steps of 65536.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3)); W = np.array([[1.0], [2.0], [0.0]])
    >>> p = LinearProbe().fit(np.hstack([X, X[:, :1]]), X @ W + 0.5)   # a duplicated column
    >>> bool(abs(p.intercept_[0] - 0.5) < 1e-10), round(p.score(np.hstack([X, X[:, :1]]), X @ W + 0.5).r2, 12)
    (True, 1.0)
    """

    def __init__(self, fit_intercept: bool = True, rcond: float | None = None, chunk: int = 4096):
        self.fit_intercept = fit_intercept
        self.rcond = rcond
        self.chunk = chunk

    def fit(
        self, X: ArrayLike | list, Y: ArrayLike, sample_weight: ArrayLike | None = None, n_samples: int | None = None
    ) -> LinearProbe:
        """Fit to ``X`` -- an array, or a list of column blocks fitted as if concatenated (no copy made).

        ``n_samples``: the number of rows the (weighted) rows stand for, in the default rank cutoff
        (default: the number of rows).  Rows that stand for identical rows are fitted as those rows when
        their multiplicities are the ``sample_weight`` and their total is ``n_samples``: the same normal
        equations, the same cutoff (:func:`compmech.nn.geometry.belief_geometry` probes the distinct
        prefixes of a causal model so).

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
        >>> reps = np.array([3, 1, 2, 1, 4])
        >>> a = LinearProbe().fit(np.repeat(X, reps, axis=0), np.repeat(Y, reps, axis=0))
        >>> b = LinearProbe().fit(X, Y, sample_weight=reps, n_samples=int(reps.sum()))
        >>> bool(np.allclose(a.coef_, b.coef_) and np.allclose(a.intercept_, b.intercept_))
        True
        """
        design, targets, w = self._inputs(X, Y, sample_weight)
        rows = None if w is None or w.all() else w > 0  # rows of weight 0 are not fitted (their targets may be NaN)
        R = _tsqr_r(design, targets, w, self.fit_intercept, self.chunk, rows=rows)
        return self._solve(R, _n_rows(design) if n_samples is None else n_samples, targets.shape[1])

    def _inputs(self, X, Y, sample_weight):
        X = _as_design(X)
        Y = np.asarray(Y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[:, None]
        n = _n_rows(X)
        if Y.shape[0] != n:
            raise InvalidArgumentError(f"X has {n} rows but Y has {Y.shape[0]}")
        return X, Y, _weights(n, sample_weight)

    def _solve(self, R: np.ndarray, n: int, k: int) -> LinearProbe:
        """The coefficients from the triangular factor ``R`` of ``[X 1 | Y]`` (``n`` rows, ``k`` targets)."""
        p = R.shape[0] - k
        Rxx, Rxy = R[:p, :p], R[:p, p:]
        U, s, Vt = (t.numpy() for t in _torch().linalg.svd(_torch().from_numpy(Rxx), full_matrices=False))
        rcond = np.finfo(np.float64).eps * max(n, p) if self.rcond is None else self.rcond
        keep = s > rcond * (s[0] if s.size else 0)
        coef = Vt[keep].T @ ((U[:, keep].T @ Rxy) / s[keep, None])
        self.rank_ = int(keep.sum())
        self.singular_values_ = s
        if self.fit_intercept:
            self.coef_, self.intercept_ = coef[:-1], coef[-1]
        else:
            self.coef_, self.intercept_ = coef, np.zeros(k)
        return self

    def fit_with_heldout(self, X: ArrayLike | list, Y: ArrayLike, heldout: ArrayLike) -> LinearProbe:
        """Fit to all rows, and set ``self.heldout_`` to the same probe fitted without the ``heldout`` rows.

        One pass over ``X``: the factor of all rows is that of the two factors of the kept and the held-out
        rows stacked, so the second fit costs no more than a small QR.  ``heldout`` is a boolean mask.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(300, 4)); Y = X @ rng.normal(size=(4, 2)) + 0.1 * rng.normal(size=(300, 2))
        >>> out = rng.random(300) < 0.2
        >>> p = LinearProbe().fit_with_heldout(X, Y, out)
        >>> bool(np.allclose(p.coef_, LinearProbe().fit(X, Y).coef_))
        True
        >>> bool(np.allclose(p.heldout_.coef_, LinearProbe().fit(X[~out], Y[~out]).coef_))
        True
        """
        design, targets, _ = self._inputs(X, Y, None)
        n, k = targets.shape
        out = np.asarray(heldout, dtype=bool).reshape(-1)
        if out.shape[0] != n:
            raise InvalidArgumentError(f"heldout has {out.shape[0]} entries for {n} rows")
        R_kept = _tsqr_r(design, targets, None, self.fit_intercept, self.chunk, rows=~out)
        R_out = _tsqr_r(design, targets, None, self.fit_intercept, self.chunk, rows=out)
        return self._fit_two(R_kept, R_out, int((~out).sum()), n, k)

    def fit_parts(self, X: ArrayLike | list, kept: tuple, heldout: tuple) -> LinearProbe:
        """:meth:`fit_with_heldout` for rows that stand for several rows each, split between two parts.

        ``kept`` and ``heldout`` are ``(Y, weights, n_samples)``: the targets of the rows of ``X`` in that
        part (the mean over the rows each one stands for), how many rows of the part each stands for (0:
        none; its targets are then ignored), and their total.  The fit to both parts is ``self``, the fit to
        ``kept`` alone ``self.heldout_``.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X, Y = rng.normal(size=(300, 4)), rng.normal(size=(300, 2))
        >>> out = rng.random(300) < 0.2
        >>> w_in, w_out = (~out).astype(float), out.astype(float)
        >>> p = LinearProbe().fit_parts(X, (Y, w_in, int(w_in.sum())), (Y, w_out, int(w_out.sum())))
        >>> q = LinearProbe().fit_with_heldout(X, Y, out)
        >>> bool(np.allclose(p.coef_, q.coef_) and np.allclose(p.heldout_.coef_, q.heldout_.coef_))
        True
        """
        design = _as_design(X)
        factors = []
        for Y, weights, _ in (kept, heldout):
            _, targets, w = self._inputs(design, Y, weights)
            factors.append(_tsqr_r(design, targets, w, self.fit_intercept, self.chunk, rows=w > 0))
        return self._fit_two(factors[0], factors[1], kept[2], kept[2] + heldout[2], targets.shape[1])

    def _fit_two(self, R_kept: np.ndarray, R_out: np.ndarray, n_kept: int, n: int, k: int) -> LinearProbe:
        """``self`` from the factors of the two parts stacked; ``self.heldout_`` from the kept part's."""
        torch = _torch()
        R = torch.linalg.qr(torch.from_numpy(np.vstack([R_kept, R_out])), mode="r")[1].numpy()
        self._solve(_square(R, R.shape[1]), n, k)
        self.heldout_ = LinearProbe(self.fit_intercept, self.rcond, self.chunk)._solve(R_kept, n_kept, k)
        return self

    def predict(self, X: ArrayLike | list) -> np.ndarray:
        """``X W + b``; ``X`` an array or a list of column blocks, as in :meth:`fit`."""
        design = _as_design(X)
        blocks = design if isinstance(design, list) else [design]
        out = np.tile(self.intercept_, (blocks[0].shape[0], 1))
        col = 0
        for b in blocks:
            out += _matmul(b, self.coef_[col : col + b.shape[1]])
            col += b.shape[1]
        return out

    def score(self, X: ArrayLike, Y: ArrayLike, sample_weight: ArrayLike | None = None) -> ProbeScore:
        """Weighted (or uniform) MSE over all coordinates, and pooled R^2."""
        Y = np.asarray(Y, dtype=np.float64)
        Yhat = self.predict(X)
        return ProbeScore(mse(Y, Yhat, sample_weight), r2(Y, Yhat, sample_weight))


class RidgeProbe:
    """Standardized ridge regression ``Y ~ X W + b``: a regularized probe for held-out comparisons.

    Features are centred and scaled to unit variance on the training rows (constant features get a
    zero weight); the penalty is ``alpha * ||W||^2`` on the standardized weights; the intercept is not
    penalized.  With many nearly dependent features (the 768 of RRXOR's six concatenated streams on
    436 words) ordinary least squares interpolates its training words; ridge keeps what generalizes.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 4))
    >>> Y = X @ np.array([[1.0], [-2.0], [0.0], [0.5]]) + 3.0
    >>> p = RidgeProbe(alpha=1e-9).fit(X, Y)
    >>> bool(np.allclose(p.coef_.ravel(), [1.0, -2.0, 0.0, 0.5], atol=1e-6)), round(float(p.intercept_[0]), 6)
    (True, 3.0)
    """

    def __init__(self, alpha: float = 3.0, chunk: int = 4096):
        if not alpha >= 0:
            raise InvalidArgumentError(f"alpha must be >= 0, got {alpha!r}")
        self.alpha = float(alpha)
        self.chunk = chunk

    def fit(self, X: ArrayLike, Y: ArrayLike) -> RidgeProbe:
        X = np.asarray(X, dtype=np.float64)
        Y = np.asarray(Y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[:, None]
        if X.ndim != 2 or Y.shape[0] != X.shape[0]:
            raise InvalidArgumentError(f"X must be 2-D with as many rows as Y, got {X.shape} and {Y.shape}")
        mean, std = X.mean(0), X.std(0)
        keep = std > 1e-12 * (std.max() if std.size else 0)
        Xs = (X[:, keep] - mean[keep]) / std[keep]
        y_mean = Y.mean(0)
        p = Xs.shape[1]
        R = _tsqr_r(Xs, Y - y_mean, None, False, self.chunk)
        U, s, Vt = np.linalg.svd(R[:p, :p], full_matrices=False)
        beta = Vt.T @ ((s / (s**2 + self.alpha))[:, None] * (U.T @ R[:p, p:]))
        self.coef_ = np.zeros((X.shape[1], Y.shape[1]))
        self.coef_[keep] = beta / std[keep, None]
        self.intercept_ = y_mean - mean @ self.coef_
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        return self.intercept_ + np.asarray(X, dtype=np.float64) @ self.coef_


def heldout_comparison(
    features: dict, Y: np.ndarray, n_words: int, n_splits: int = 5, alpha: float = 3.0, seed: int = 0
) -> dict:
    """Held-out probe error of each feature set: half of the words fit, the other half score, ``n_splits`` times.

    ``features[name]`` has one row per (word, position), words in blocks of equal length; ``Y`` likewise.
    Returns ``{name: {"ols": (mean, sd), "ridge": (mean, sd)}}`` of the held-out MSE over the splits, for
    ordinary least squares and :class:`RidgeProbe` with ``alpha``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(400, 3)); Y = X @ np.ones((3, 2))
    >>> r = heldout_comparison({"x": X}, Y, n_words=40, n_splits=2)
    >>> r["x"]["ols"][0] < 1e-20
    True
    """
    rng = np.random.default_rng(seed)
    rows_per_word = Y.shape[0] // n_words
    out: dict = {name: {"ols": [], "ridge": []} for name in features}
    for _ in range(n_splits):
        train_words = rng.permutation(n_words)[: n_words // 2]
        train = np.zeros(n_words, dtype=bool)
        train[train_words] = True
        train = np.repeat(train, rows_per_word)
        for name, X in features.items():
            for kind, probe in (("ols", LinearProbe()), ("ridge", RidgeProbe(alpha))):
                pred = probe.fit(X[train], Y[train]).predict(X[~train])
                out[name][kind].append(mse(Y[~train], pred))
    return {name: {k: (float(np.mean(v)), float(np.std(v))) for k, v in d.items()} for name, d in out.items()}


def unseen_beliefs(
    features: dict, Y: np.ndarray, belief_id: np.ndarray, n_splits: int = 5, alpha: float = 3.0, seed: int = 0
) -> dict:
    """Probe error on beliefs never seen in fitting: half of the *distinct* beliefs fit, the other half score.

    Held-out words share their beliefs with the fitting words when the belief set is small (FRDN has
    21 beliefs in words of length 10), so a probe can memorize one point per belief.  Holding out whole
    beliefs asks whether the representation is *linear* in the belief coordinates: the probe must
    interpolate to points it never saw.  Returns ``{name: (mean, sd)}`` over ``n_splits`` splits of the
    fraction of variance unexplained, ``mse / mean((Y - mean Y)^2)`` on the held-out rows, with
    :class:`RidgeProbe` (``alpha``): comparable across presentations of different dimension and scale.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ids = rng.integers(0, 30, size=600)
    >>> t = rng.normal(size=(30, 2))
    >>> X = np.hstack([t[ids], rng.normal(size=(600, 3)) * 0.01])
    >>> fvu, sd = unseen_beliefs({"x": X}, t[ids] @ np.array([[1.0, 2.0], [0.5, -1.0]]), ids, alpha=1e-6)["x"]
    >>> fvu < 1e-3
    True
    """
    rng = np.random.default_rng(seed)
    distinct = np.unique(belief_id)
    out: dict = {name: [] for name in features}
    for _ in range(n_splits):
        fit_ids = rng.permutation(distinct)[: distinct.size // 2]
        fit = np.isin(belief_id, fit_ids)
        scale = float(np.mean((Y[~fit] - Y[~fit].mean(axis=0)) ** 2))
        for name, X in features.items():
            pred = RidgeProbe(alpha).fit(X[fit], Y[fit]).predict(X[~fit])
            out[name].append(mse(Y[~fit], pred) / scale if scale > 0 else float("nan"))
    return {name: (float(np.mean(v)), float(np.std(v))) for name, v in out.items()}
