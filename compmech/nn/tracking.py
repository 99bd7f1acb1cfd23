"""What a training run writes at each evaluation: metrics, optional belief-geometry tracking, TensorBoard.

With ``track_geometry=True`` every evaluation also fits a linear probe per residual stream from the
activations to the exact beliefs, on a fixed split of the exact ground truth (words drawn once, by
the run's seed: ``n_fit`` words fit, ``n_test`` other words score), and logs per stream

- ``mse``: the held-out mean squared error over all belief coordinates and positions,
- ``r2``: the held-out coefficient of determination,
- ``cev``: the cumulative explained variance of the stream's first ``k`` principal components, with
  ``k`` the dimension of the belief set (2 for Mess3's simplex): how much of the stream lives in a
  space as small as the beliefs.

For a factored process (the ground truth a :class:`compmech.nn.factored.SampledTruth`) each stream also gets
the per-factor probes, their subspace overlaps and the 90/95/99 % variance dimensions
(:func:`compmech.nn.factored.factored_stream_measures`).

It also keeps the final block's probe predictions of the first ``n_keep`` held-out points
(``geometry/predictions_STEP.npz``, next to ``geometry/truth.npz``) for the strip of pictures of
:func:`compmech.nn.figures.geometry_strip`.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import asdict

import numpy as np

from ..errors import InvalidArgumentError
from ..kernel.atomic import atomic_write

__all__ = ["GeometryTracker", "RunLog"]


def _write_npz(path: str, **arrays) -> None:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    with atomic_write(path, "wb") as f:
        f.write(buf.getvalue())


class GeometryTracker:
    """Per-stream belief probes on a fixed held-out split of the exact ground truth."""

    def __init__(self, gt, n_layers: int, seed: int = 0, n_fit: int = 4096, n_test: int = 2048, n_keep: int = 2000):
        from .geometry import default_streams

        N, L = gt.n_words, gt.context_length
        n_test = max(1, min(n_test, N // 3))
        n_fit = max(1, min(n_fit, N - n_test))
        perm = np.random.default_rng([seed, 20_241]).permutation(N)
        self.fit_words, self.test_words = perm[n_test : n_test + n_fit], perm[:n_test]
        self.tokens = gt.tokens[np.concatenate([self.fit_words, self.test_words])]
        B = gt.beliefs_float
        self.Y_fit = B[self.fit_words].reshape(len(self.fit_words) * L, -1)
        self.Y_test = B[self.test_words].reshape(len(self.test_words) * L, -1)
        centred = self.Y_fit - self.Y_fit.mean(axis=0)
        self.k = max(1, int(np.linalg.matrix_rank(centred, tol=1e-9)))  # dimension of the belief set
        self.streams = default_streams(n_layers)
        self.final = self.streams[-2]  # the last block's resid_post
        self.n_keep = min(n_keep, len(self.Y_test))
        # a factored process (compmech.nn.factored.SampledTruth): each factor's marginal belief is probed too
        marg = getattr(gt, "marginals", None)
        self.marg_fit = None if marg is None else [m[self.fit_words].reshape(len(self.fit_words) * L, -1) for m in marg]
        self.marg_test = (
            None if marg is None else [m[self.test_words].reshape(len(self.test_words) * L, -1) for m in marg]
        )

    def measure(self, model) -> tuple[dict, np.ndarray]:
        """``({stream: {"mse", "r2", "cev"}}, final-stream predictions of the first n_keep test points)``."""
        from .geometry import activations
        from .probe import LinearProbe, mse, r2

        acts = activations(model, self.tokens, self.streams)
        n_fit_rows = self.Y_fit.shape[0]
        out: dict = {}
        keep = np.zeros((0, self.Y_fit.shape[1]), dtype=np.float32)
        for name in self.streams:
            A = acts[name]
            X = A.reshape(A.shape[0] * A.shape[1], -1)
            X_fit, X_test = X[:n_fit_rows], X[n_fit_rows:]
            pred = LinearProbe().fit(X_fit, self.Y_fit).predict(X_test)
            ev = np.linalg.eigvalsh(np.cov(X_fit, rowvar=False))[::-1]
            cev = float(ev[: self.k].sum() / ev.sum()) if ev.sum() > 0 else 1.0
            out[name] = {"mse": mse(self.Y_test, pred), "r2": r2(self.Y_test, pred), "cev": cev}
            if self.marg_fit is not None and self.marg_test is not None:
                from .factored import factored_stream_measures

                out[name].update(
                    factored_stream_measures(X_fit, X_test, self.marg_fit, self.marg_test, self.Y_fit, self.Y_test)
                )
            if name == self.final:
                keep = pred[: self.n_keep].astype(np.float32)
        return out, keep


class RunLog:
    """config.json, metrics.jsonl, geometry snapshots and TensorBoard of one run (rank 0 only)."""

    def __init__(self, out_dir: str | None, tc, gt, mc, active: bool = True):
        self.out_dir, self.tc, self.active = out_dir, tc, active
        self.tracker = GeometryTracker(gt, mc.n_layers, seed=tc.seed) if tc.track_geometry and active else None
        self.writer = None
        if tc.tensorboard and active and out_dir is not None:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:
                raise InvalidArgumentError(
                    "training option tensorboard = true needs the tensorboard package (pip install tensorboard)"
                ) from None
            self.writer = SummaryWriter(os.path.join(out_dir, "tensorboard"))
        if self.tracker is not None and out_dir is not None:
            os.makedirs(os.path.join(out_dir, "geometry"), exist_ok=True)
            _write_npz(
                os.path.join(out_dir, "geometry", "truth.npz"), beliefs=self.tracker.Y_test[: self.tracker.n_keep]
            )

    def _path(self, *names: str) -> str | None:
        return None if self.out_dir is None or not self.active else os.path.join(self.out_dir, *names)

    def write_config(self, hmm, mc, tc, total_steps: int, fingerprint: dict, threads: dict | None = None) -> None:
        path = self._path("config.json")
        if path:
            config = {"process": hmm.name, "model": asdict(mc), "train": asdict(tc), "total_steps": total_steps}
            if threads is not None:  # the intra-op threads used, and why (compmech.nn.threads)
                config["threads"] = threads
            with atomic_write(path) as f:
                json.dump({**config, "run": fingerprint}, f, indent=1)

    def record(self, rec: dict, model, metrics: list) -> None:
        """Add the geometry to ``rec`` (when tracked), then write every record so far and log TensorBoard."""
        if self.tracker is not None:
            rec["geometry"], keep = self.tracker.measure(model)
            path = self._path("geometry", f"predictions_{rec['step']:09d}.npz")
            if path:
                _write_npz(path, predictions=keep, step=np.array(rec["step"]), tokens=np.array(rec["tokens"]))
        path = self._path("metrics.jsonl")
        if path:
            with atomic_write(path) as f:
                for r in metrics:
                    f.write(json.dumps(r) + "\n")
        if self.writer is not None:
            self._tensorboard(rec)

    def _tensorboard(self, rec: dict) -> None:
        assert self.writer is not None
        t = rec["tokens"]
        self.writer.add_scalar("loss/expected_nats", rec["loss_nats"], t)
        self.writer.add_scalar("loss/relative", rec["relative_loss"], t)
        for stream, vals in rec.get("geometry", {}).items():
            for key, v in vals.items():
                self.writer.add_scalar(f"geometry/{key}/{stream}", v, t)
        self.writer.flush()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
