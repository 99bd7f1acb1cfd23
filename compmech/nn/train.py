"""Training on process data, with the exact optimal loss as the yardstick.

``targets="sampled"`` (the default, as in the published work): sequences of
``n_ctx + 1`` tokens sampled from the stationary process, cross-entropy
against the next token.  ``targets="exact"``: words of ``n_ctx`` tokens drawn
with their exact probabilities, each position trained against the exact
next-token distribution of its prefix (distillation from the Bayes-optimal
predictor; both come from :func:`compmech.ground_truth`).

Evaluation is the exact expected loss over *all* words of length ``n_ctx``
(probability-weighted, soft exact targets), per position, next to the optimum
``h(t+2)`` per position.  Runs are seeded and deterministic on CPU, write
atomic checkpoints, and resume to the same result as an uninterrupted run.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

from ..errors import CheckpointError, InvalidArgumentError
from ..kernel.atomic import atomic_write
from ..models.sampling import sample
from ..presentations.ground_truth import GroundTruth, ground_truth
from ._options import check_fields
from .distributed import DistContext, context_from_env
from .model import Transformer, TransformerConfig, load_torch_file
from .prefixes import prefix_groups
from .threads import choose_threads
from .tracking import RunLog
from .tree_forward import tree_forward

if TYPE_CHECKING:
    from ..models.hmm import HMM

__all__ = ["TrainConfig", "EvalSet", "expected_loss", "train", "TrainResult", "train_distributed", "load_run"]


@dataclass
class TrainConfig:
    """How to train (defaults: the CPU recipe that reaches the targets of the README).

    ``n_tokens`` counts input tokens (``batch_size * n_ctx`` per step).
    """

    targets: str = "sampled"  # "sampled" | "exact"
    optimizer: str = "adamw"  # "adamw" | "sgd"
    lr: float = 3e-3
    min_lr_fraction: float = 0.02
    warmup_fraction: float = 0.02
    schedule: str = "cosine"  # "cosine" | "constant"
    weight_decay: float = 0.0
    beta1: float = 0.9
    beta2: float = 0.99
    momentum: float = 0.0
    batch_size: int = 256
    n_tokens: int = 16_000_000
    seed: int = 0
    eval_every: int = 1000
    checkpoint_every: int = 1000
    device: str = "cpu"
    threads: int = 0  # 0: chosen to share the machine (compmech.nn.threads); N: exactly N intra-op threads
    max_seconds: float = 0.0  # 0: no wall-clock limit; else stop (cleanly) after this long
    progress: bool = True
    bf16: bool = False  # bfloat16 autocast of the forward pass (meant for CUDA; slow on most CPUs)
    track_geometry: bool = False  # fit the per-layer belief probes at every evaluation (see tracking.py)
    tensorboard: bool = False  # also log the evaluations to OUT/tensorboard (needs the tensorboard package)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise InvalidArgumentError(f"unknown training options {sorted(unknown)}; known: {sorted(names)}")
        return cls(**d)

    def validate(self) -> None:
        """Raise :class:`InvalidArgumentError` naming the first option out of its type or range."""
        check_fields(
            self,
            {
                "lr": (1e-12, 10.0),
                "min_lr_fraction": (0.0, 1.0),
                "warmup_fraction": (0.0, 1.0),
                "weight_decay": (0.0, 10.0),
                "beta1": (0.0, 0.999999),
                "beta2": (0.0, 0.999999),
                "momentum": (0.0, 1.0),
                "batch_size": (1, 2**20),
                "n_tokens": (1, 10**13),
                "seed": (0, 2**63 - 1),
                "eval_every": (1, None),
                "checkpoint_every": (1, None),
                "threads": (0, 4096),
                "max_seconds": (0.0, None),
            },
            {"targets": ("sampled", "exact"), "optimizer": ("adamw", "sgd"), "schedule": ("cosine", "constant")},
            what="training option",
        )
        if self.device != "cpu":
            kind = self.device.split(":")[0]
            if kind != "cuda":
                raise InvalidArgumentError(f"training option device = {self.device!r}; use cpu or cuda[:N]")
            if not torch.cuda.is_available():
                raise InvalidArgumentError(
                    f"training option device = {self.device!r}, but torch sees no CUDA device "
                    f"(torch {torch.__version__}); use device=cpu"
                )


class EvalSet:
    """All words of length ``n_ctx`` with their exact probabilities and next-token targets (torch tensors)."""

    def __init__(self, gt: GroundTruth, device="cpu"):
        self.gt = gt
        self.tokens = torch.as_tensor(gt.tokens, dtype=torch.long, device=device)  # (N, L)
        self.weights = torch.as_tensor(gt.probabilities_float, dtype=torch.float64, device=device)  # (N,)
        self.targets = torch.as_tensor(gt.next_token_distributions_float, dtype=torch.float64, device=device)
        self.optimum_nats = torch.as_tensor(gt.optimal_loss_nats, dtype=torch.float64)
        cum = np.cumsum(gt.probabilities_float)
        self._cum = cum / cum[-1]
        self._trees: dict = {}

    def prefix_tree(self, lo: int, hi: int) -> tuple:
        """``(groups, weights, targets, positions)`` of the prefixes of words ``lo:hi`` (cached).

        ``groups``: :func:`~compmech.nn.prefixes.prefix_groups` of those words; per group, the summed
        probability of its words, its exact next-token law and its position (tensors on the set's device).
        """
        if (lo, hi) not in self._trees:
            groups = prefix_groups(self.gt.tokens[lo:hi])
            L = self.tokens.shape[1]
            w = np.repeat(self.gt.probabilities_float[lo:hi], L)
            dev = self.tokens.device
            weights = torch.as_tensor(np.bincount(groups.of_row, weights=w, minlength=groups.n_groups), device=dev)
            targets = self.targets[lo:hi].reshape(-1, self.targets.shape[-1])[torch.as_tensor(groups.first, device=dev)]
            positions = torch.as_tensor(np.repeat(np.arange(L), np.diff(groups.level_starts)), device=dev)
            self._trees[(lo, hi)] = (groups, weights, targets, positions)
        return self._trees[(lo, hi)]

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Indices of ``n`` words drawn with their exact probabilities."""
        return np.minimum(np.searchsorted(self._cum, rng.random(n), side="right"), len(self._cum) - 1)


@torch.no_grad()
def expected_loss(
    model: Transformer, ev: EvalSet, batch_size: int = 512, shard: tuple[int, int] = (0, 1)
) -> np.ndarray:
    """Exact expected cross-entropy (nats) per position over all words of length ``n_ctx``.

    ``loss[t] = sum_w Pr(w) sum_x Pr(x | w_0..w_t) (-log q_t(x | w))``.  With ``shard = (r, W)`` only the
    ``r``-th of ``W`` contiguous slices of the words is summed (the data-parallel workers add theirs up).
    A :class:`~compmech.nn.model.Transformer` is run on the prefix tree of the words
    (:func:`~compmech.nn.tree_forward.tree_forward`: each distinct prefix once, Mess3 at ``n_ctx = 10``:
    88,572 prefixes instead of 590,490 positions); another model batch by batch (``batch_size`` words).
    """
    was_training = model.training
    model.eval()
    total = torch.zeros(ev.tokens.shape[1], dtype=torch.float64)
    n = ev.tokens.shape[0]
    lo, hi = n * shard[0] // shard[1], n * (shard[0] + 1) // shard[1]
    if isinstance(model, Transformer) and hi > lo:  # each distinct prefix once (compmech.nn.tree_forward)
        groups, weights, targets, positions = ev.prefix_tree(lo, hi)
        logits, _ = tree_forward(model, groups, logits=True)
        assert logits is not None
        ce = -(targets * F.log_softmax(logits.double(), dim=-1)).sum(-1)  # (G,), float64
        total.index_add_(0, positions.cpu(), (weights * ce).cpu())
        lo = hi  # nothing left for the batches below
    for i in range(lo, hi, batch_size):
        j = min(i + batch_size, hi)
        logp = F.log_softmax(model(ev.tokens[i:j]).double(), dim=-1)  # (B, L, k), float64
        ce = -(ev.targets[i:j] * logp).sum(-1)  # (B, L)
        total += (ev.weights[i:j, None] * ce).sum(0).cpu()
    model.train(was_training)
    return total.numpy()


def _lr_at(step: int, total: int, tc: TrainConfig) -> float:
    warm = max(1, int(tc.warmup_fraction * total))
    if step < warm:
        return tc.lr * (step + 1) / warm
    if tc.schedule == "constant":
        return tc.lr
    frac = min(1.0, (step - warm) / max(1, total - warm))
    lo = tc.lr * tc.min_lr_fraction
    return lo + 0.5 * (tc.lr - lo) * (1 + math.cos(math.pi * frac))


def _batch(hmm, ev: EvalSet, tc: TrainConfig, n_ctx: int, step: int, device):
    rng = np.random.default_rng([tc.seed, step])
    if tc.targets == "sampled":
        tokens = sample(hmm, tc.batch_size, n_ctx + 1, seed=rng)
        assert isinstance(tokens, np.ndarray)  # without return_states, sample returns the tokens alone
        seq = torch.as_tensor(tokens.astype(np.int64), device=device)
        return seq[:, :-1], seq[:, 1:]
    idx = torch.as_tensor(ev.draw(rng, tc.batch_size), device=ev.tokens.device)
    return ev.tokens[idx], ev.targets[idx].float()


@dataclass
class TrainResult:
    model: Transformer
    metrics: list
    out_dir: str | None

    @property
    def final(self) -> dict:
        return self.metrics[-1] if self.metrics else {}


def _make_optimizer(model, tc):
    if tc.optimizer == "adamw":
        # fused kernel: within noise of the default on the Mess3 model, about +11 % on the RRXOR model (2 threads)
        return torch.optim.AdamW(
            model.parameters(), lr=tc.lr, betas=(tc.beta1, tc.beta2), weight_decay=tc.weight_decay, fused=True
        )
    return torch.optim.SGD(model.parameters(), lr=tc.lr, momentum=tc.momentum, weight_decay=tc.weight_decay)


# options that may change when a run is resumed (they do not change the model that the run computes)
RESUMABLE = (
    "max_seconds",
    "progress",
    "threads",
    "eval_every",
    "checkpoint_every",
    "device",
    "track_geometry",
    "tensorboard",
)


def run_fingerprint(hmm: HMM, mc: TransformerConfig, tc: TrainConfig) -> dict:
    """What makes two runs the same run: the exact process, the architecture, the recipe (less :data:`RESUMABLE`)."""
    from ..io.readwrite import hmm_to_dict

    return {
        "process": hmm_to_dict(hmm),
        "model": asdict(mc),
        "train": {k: v for k, v in asdict(tc).items() if k not in RESUMABLE},
    }


def _differences(a: dict, b: dict, prefix: str = "") -> list[str]:
    out = []
    for k in sorted(set(a) | set(b), key=str):
        va, vb = a.get(k), b.get(k)
        if isinstance(va, dict) and isinstance(vb, dict) and k != "process":
            out += _differences(va, vb, f"{prefix}{k}.")
        elif va != vb:
            out.append(f"{prefix}{k}" + ("" if k == "process" else f" ({va!r} there, {vb!r} now)"))
    return out


def _claim_run_dir(out_dir, fingerprint: dict, resume: bool, restart: bool):
    """Lock ``out_dir`` for this process and check that what it holds is this run; return (lock, checkpoint blob)."""
    from filelock import FileLock, Timeout

    os.makedirs(out_dir, exist_ok=True)
    lock = FileLock(os.path.join(out_dir, ".compmech.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise CheckpointError(
            f"run directory {out_dir} is in use by another compmech run; wait for it or choose another --out"
        ) from None
    try:
        ckpt_path = os.path.join(out_dir, "checkpoint.pt")
        config_path = os.path.join(out_dir, "config.json")
        blob = None
        if os.path.lexists(ckpt_path) or os.path.lexists(config_path):
            if os.path.lexists(ckpt_path):
                blob = load_torch_file(ckpt_path, "checkpoint")
                theirs = blob.get("run") if isinstance(blob, dict) else None
            else:
                from ..kernel.atomic import read_json

                theirs = read_json(config_path, "run configuration", CheckpointError, 2**24).get("run")
            diff = (
                ["(made by an older compmech: no run record)"]
                if not isinstance(theirs, dict)
                else _differences(theirs, fingerprint)
            )
            if diff and not restart:
                raise CheckpointError(
                    f"run directory {out_dir} holds a different run: {'; '.join(diff)[:400]}; "
                    f"choose another --out, or pass restart=True (--restart) to discard it"
                )
            if diff or not resume:
                for name in ("checkpoint.pt", "metrics.jsonl", "model.pt"):
                    if os.path.isfile(os.path.join(out_dir, name)) and not os.path.islink(os.path.join(out_dir, name)):
                        os.unlink(os.path.join(out_dir, name))
                blob = None
        if blob is not None and not (isinstance(blob, dict) and {"model", "optimizer", "step", "metrics"} <= set(blob)):
            raise CheckpointError(f"checkpoint {ckpt_path}: not a compmech training checkpoint")
        return lock, blob
    except BaseException:
        lock.release()
        raise


def train(
    hmm: HMM,
    model_config: TransformerConfig | None = None,
    train_config: TrainConfig | None = None,
    out_dir: str | os.PathLike | None = None,
    resume: bool = True,
    eval_set: EvalSet | None = None,
    restart: bool = False,
) -> TrainResult:
    """Train a transformer on ``hmm`` and log the exact expected loss.

    Inside a worker started by ``compmech train --nproc N`` (or by ``torchrun``) the run is data
    parallel (see :mod:`compmech.nn.distributed`): the same global batch, schedule and data stream
    as one process, the batch split between the workers.

    Parameters
    ----------
    hmm : HMM
        The process (numeric).
    model_config, train_config : optional
        Architecture and recipe; ``model_config.d_vocab`` must equal the alphabet size.
    out_dir : path, optional
        Where ``config.json``, ``metrics.jsonl``, ``checkpoint.pt`` and
        ``model.pt`` go.  With ``resume=True`` an existing checkpoint there is
        continued (same data stream, same result as an uninterrupted run, with
        any number of workers) -- only if it is the same run (process,
        architecture and recipe; see :data:`RESUMABLE` for the options that may
        change).  A lock keeps a second process out of the directory while this
        one trains.
    restart : bool
        Discard a different run found in ``out_dir`` instead of refusing.

    Raises
    ------
    CheckpointError
        When ``out_dir`` holds another run (and ``restart`` is False), is in
        use by another process, or its checkpoint cannot be read safely
        (checkpoints are loaded with ``weights_only=True``).

    Returns
    -------
    TrainResult
        ``.model``, ``.metrics`` (one dict per evaluation), ``.final``.
    """
    mc = model_config or TransformerConfig(d_vocab=hmm.n_symbols)
    tc = train_config or TrainConfig()
    tc.validate()
    mc.validate()
    if mc.d_vocab != hmm.n_symbols:
        raise InvalidArgumentError(f"model d_vocab = {mc.d_vocab} but the process has {hmm.n_symbols} symbols")
    ctx, device = context_from_env(tc.device)
    if tc.batch_size % ctx.world_size:
        raise InvalidArgumentError(
            f"batch_size = {tc.batch_size} does not split evenly between {ctx.world_size} workers"
        )
    lock = blob = error = None
    if out_dir is not None and ctx.is_main:
        try:
            lock, blob = _claim_run_dir(out_dir, run_fingerprint(hmm, mc, tc), resume, restart)
        except Exception as exc:  # any failure here (a lock held, an unsafe path) reaches every worker
            error = exc
    ctx.agree_or_raise(error, device)
    if out_dir is not None and not ctx.is_main:  # rank 0 has checked it belongs to this run
        path = os.path.join(out_dir, "checkpoint.pt")
        blob = load_torch_file(path, "checkpoint") if os.path.isfile(path) else None
    try:
        return _Run(hmm, mc, tc, out_dir, eval_set, ctx, device).start(blob).loop()
    finally:
        if lock is not None:
            lock.release()


class _Run:
    """One training run: set up, evaluate exactly, checkpoint atomically, step; a flat loop over these."""

    def __init__(self, hmm, mc: TransformerConfig, tc: TrainConfig, out_dir, eval_set, ctx: DistContext, device):
        threads, why = choose_threads(tc.threads, mc, device, ctx)  # a worker keeps to its share of the cores
        if threads:
            torch.set_num_threads(threads)
        self.hmm, self.mc, self.tc, self.ctx = hmm, mc, tc, ctx
        self.device = torch.device(device)
        self.ev = eval_set or EvalSet(ground_truth(hmm, mc.n_ctx), device=self.device)
        self.optimum = self.ev.optimum_nats.numpy()
        self.total_steps = max(1, tc.n_tokens // (tc.batch_size * mc.n_ctx))
        torch.manual_seed(tc.seed)
        self.model = Transformer(mc, seed=tc.seed).to(self.device)
        self.net: torch.nn.Module = self.model
        if ctx.active:
            from torch.nn.parallel import DistributedDataParallel

            ids = [self.device.index] if self.device.type == "cuda" else None
            self.net = DistributedDataParallel(self.model, device_ids=ids)
        self.opt = _make_optimizer(self.model, tc)
        self.step, self.metrics = 0, []  # type: int, list
        self.fingerprint = run_fingerprint(hmm, mc, tc)
        self.out_dir = None if out_dir is None else os.fspath(out_dir)
        self.log = RunLog(self.out_dir, tc, self.ev.gt, mc, active=ctx.is_main)
        used = {"asked": tc.threads, "used": torch.get_num_threads(), "why": why}
        self.log.write_config(hmm, mc, tc, self.total_steps, self.fingerprint, threads=used)
        self.elapsed0 = 0.0
        self.t_start = time.perf_counter()

    def _path(self, name: str) -> str | None:
        return None if self.out_dir is None or not self.ctx.is_main else os.path.join(self.out_dir, name)

    def start(self, blob: dict | None) -> _Run:
        """Continue from a checkpoint (already checked to belong to this run), if any."""
        if blob is None:
            return self
        try:
            self.model.load_state_dict(blob["model"])
            self.opt.load_state_dict(blob["optimizer"])
        except (RuntimeError, ValueError, KeyError, TypeError) as exc:
            raise CheckpointError(
                f"checkpoint {self.out_dir}/checkpoint.pt: does not fit this model ({str(exc)[:200]})"
            ) from None
        self.step, self.metrics = int(blob["step"]), list(blob["metrics"])
        self.elapsed0 = self.metrics[-1]["seconds"] if self.metrics else 0.0
        return self

    def seconds(self) -> float:
        return time.perf_counter() - self.t_start + self.elapsed0

    def evaluate(self) -> dict:
        """Exact expected loss over every word (summed over the workers' shards), logged by rank 0."""
        shard = (self.ctx.rank, self.ctx.world_size)
        summed = self.ctx.all_sum(torch.as_tensor(expected_loss(self.model, self.ev, shard=shard), device=self.device))
        loss = summed.cpu().numpy()
        rec = {
            "step": self.step,
            "tokens": self.step * self.tc.batch_size * self.mc.n_ctx,
            "loss_nats": float(loss.mean()),
            "relative_loss": float(loss.mean() / self.optimum.mean()),
            "loss_per_position": loss.tolist(),
            # a position whose optimal loss is 0 (the process is determined there) has no ratio: None
            "relative_per_position": [float(a / b) if b > 0 else None for a, b in zip(loss, self.optimum)],
            "optimum_nats": float(self.optimum.mean()),
            "seconds": self.seconds(),
        }
        self.metrics.append(rec)
        if self.ctx.is_main:
            self.log.record(rec, self.model, self.metrics)
        return rec

    def checkpoint(self) -> None:
        path = self._path("checkpoint.pt")
        if path:
            blob = {
                "model": self.model.state_dict(),
                "optimizer": self.opt.state_dict(),
                "step": self.step,
                "metrics": self.metrics,
                "run": self.fingerprint,
            }
            with atomic_write(path, "wb") as f:
                torch.save(blob, f)
        self.ctx.barrier()  # nobody runs ahead of a checkpoint that a resumed run would start from

    def train_step(self) -> None:
        for g in self.opt.param_groups:
            g["lr"] = _lr_at(self.step, self.total_steps, self.tc)
        x, y = _batch(self.hmm, self.ev, self.tc, self.mc.n_ctx, self.step, self.device)
        if self.ctx.active:  # this worker's slice of the global batch
            per = self.tc.batch_size // self.ctx.world_size
            x, y = (
                x[self.ctx.rank * per : (self.ctx.rank + 1) * per],
                y[self.ctx.rank * per : (self.ctx.rank + 1) * per],
            )
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.tc.bf16):
            logits = self.net(x)
        logits = logits.float()
        if self.tc.targets == "sampled":
            loss = F.cross_entropy(logits.reshape(-1, self.mc.d_vocab), y.reshape(-1))
        else:
            loss = -(y * F.log_softmax(logits, -1)).sum(-1).mean()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()  # DDP averages the workers' gradients: the gradient of the global batch's mean loss
        self.opt.step()
        self.step += 1

    def loop(self) -> TrainResult:
        tc, bar = self.tc, None
        if tc.progress and self.ctx.is_main:
            from tqdm.auto import tqdm

            desc = f"train {self.hmm.name or ''}".strip()
            bar = tqdm(total=self.total_steps, initial=self.step, desc=desc, unit="step")
        self.model.train()
        if not self.metrics:
            self.evaluate()
        while self.step < self.total_steps:
            self.train_step()
            if bar is not None:
                bar.update(1)
            out_of_time = bool(tc.max_seconds) and self.ctx.any_rank(self.seconds() > tc.max_seconds, self.device)
            last = self.step == self.total_steps or out_of_time
            if self.step % tc.eval_every == 0 or last:
                rec = self.evaluate()
                if bar is not None:
                    bar.set_postfix(rel=f"{rec['relative_loss']:.5f}")
            if self.step % tc.checkpoint_every == 0 or last:
                self.checkpoint()
            if out_of_time:
                break
        if bar is not None:
            bar.close()
        model_path = self._path("model.pt")
        if model_path:
            self.model.save(model_path)
        self.log.close()
        self.ctx.barrier()
        self.model.eval()
        return TrainResult(model=self.model, metrics=self.metrics, out_dir=self.out_dir)


def load_run(out_dir: str | os.PathLike) -> TrainResult:
    """A finished run read back from its folder: ``model.pt`` and the metrics kept in ``checkpoint.pt``."""
    blob = load_torch_file(os.path.join(out_dir, "checkpoint.pt"), "checkpoint")
    if not isinstance(blob, dict) or not isinstance(blob.get("metrics"), list):
        raise CheckpointError(f"checkpoint {out_dir}/checkpoint.pt: not a compmech training checkpoint")
    model = Transformer.load(os.path.join(out_dir, "model.pt"))
    return TrainResult(model=model.eval(), metrics=list(blob["metrics"]), out_dir=os.fspath(out_dir))


def train_distributed(
    spec: str,
    model_config: TransformerConfig,
    train_config: TrainConfig,
    out_dir: str | os.PathLike,
    nproc: int,
    restart: bool = False,
    **launch_options,
) -> TrainResult | None:
    """Train in ``nproc`` data-parallel workers per node (``torch.distributed.run``); read the run back.

    ``spec`` names the process as on the command line.  The configuration travels to the workers in
    ``OUT/launch.json``.  ``launch_options`` are those of :func:`compmech.nn.distributed.launch`
    (``nnodes``, ``node_rank``, ``rdzv_endpoint``, ``rdzv_id``); nodes other than node 0 return None.
    """
    from .distributed import launch

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "launch.json")
    with atomic_write(path) as f:
        json.dump({"model": asdict(model_config), "train": asdict(train_config)}, f, indent=1)
    args = ["train", spec, "--config", path, "--out", os.fspath(out_dir)] + (["--restart"] if restart else [])
    launch(args, nproc, **launch_options)
    return load_run(out_dir) if launch_options.get("node_rank", 0) == 0 else None


def resolve_config(hmm: HMM, base: dict | None, overrides: list[str]):
    """Model and train configs from a JSON dict plus ``key=value`` overrides (model keys or train keys)."""
    base = dict(base or {})
    model_d = dict(base.get("model", {}))
    train_d = dict(base.get("train", {}))
    mnames = {f.name for f in fields(TransformerConfig)}
    tnames = {f.name: f.type for f in fields(TrainConfig)}
    for item in overrides:
        key, eq, value = item.lstrip("-").partition("=")
        key = key.replace("-", "_")
        if not eq:
            raise InvalidArgumentError(f"override {item!r} must look like key=value")
        target = model_d if key in mnames else train_d if key in tnames else None
        if target is None:
            raise InvalidArgumentError(f"unknown option {key!r}; model: {sorted(mnames)}; train: {sorted(tnames)}")
        target[key] = _parse_value(value)
    model_d.setdefault("d_vocab", hmm.n_symbols)
    mc = TransformerConfig.from_dict(model_d)
    tc = replace(TrainConfig(), **TrainConfig.from_dict(train_d).__dict__)
    tc.validate()
    return mc, tc


def _parse_value(text: str):
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text
