"""Data-parallel training on torch's own engine: ``torch.distributed`` launched by its elastic launcher.

``compmech train SPEC --nproc N`` starts N workers through ``torch.distributed.run`` (what the
``torchrun`` command runs); every worker runs the ordinary ``compmech train`` with the launcher's
environment (``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR``...), joins a process group
(``gloo`` on CPU, ``nccl`` on CUDA) and wraps the model in ``DistributedDataParallel``.

What stays the same as a single-process run: the global batch (each rank takes its own disjoint
slice of the batch the single-process run would draw at that step, from the same seeded stream),
the learning-rate schedule, the evaluation (the exact expected loss, summed over shards of the
words), the checkpoints (written by rank 0, atomically, then a barrier) and so the resumption, with
the same or a different number of workers.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import torch
import torch.distributed as dist

from ..errors import CheckpointError, InvalidArgumentError

__all__ = ["DistContext", "context_from_env", "launch", "in_worker"]

#: The module each worker runs (the command line's worker entry point, named, not imported: the
#: command line sits above this layer).
WORKER_MODULE = "compmech.cli.worker"


@dataclass(frozen=True)
class DistContext:
    """Where this process stands in the group (``world_size = 1``: no group at all)."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    local_world_size: int = 1

    def threads(self, asked: int) -> int:
        """Torch threads for this worker: what was asked (0: torch's default), at most its share of the cores."""
        if not self.active:
            return asked
        share = max(1, (os.cpu_count() or 1) // self.local_world_size)
        return min(asked, share) if asked else share

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world_size > 1

    def barrier(self) -> None:
        if self.active:
            dist.barrier()

    def all_sum(self, t: torch.Tensor) -> torch.Tensor:
        """Sum of ``t`` over the ranks (in place; returned for chaining)."""
        if self.active:
            dist.all_reduce(t, op=dist.ReduceOp.SUM)
        return t

    def any_rank(self, flag: bool, device) -> bool:
        """True on every rank when ``flag`` is true on some rank (a collective: every rank must call it)."""
        if not self.active:
            return flag
        t = torch.tensor([1.0 if flag else 0.0], device=device)
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
        return bool(t.item() > 0)

    def agree_or_raise(self, error: Exception | None, device) -> None:
        """Every rank raises when one of them failed (the failing rank its own error, the others a pointer)."""
        failed = self.any_rank(error is not None, device)
        if error is not None:
            raise error
        if failed:
            raise CheckpointError("another worker failed while preparing the run directory; see rank 0's error")


def in_worker() -> bool:
    """Whether this process was started by torch's elastic launcher."""
    return "TORCHELASTIC_RUN_ID" in os.environ or ("RANK" in os.environ and "WORLD_SIZE" in os.environ)


def context_from_env(device: str) -> tuple[DistContext, str]:
    """Join the launcher's process group, if any: ``(context, this worker's device)``.

    CPU workers use ``gloo``; CUDA workers use ``nccl`` and the GPU of their local rank.
    """
    if not in_worker():
        return DistContext(), device
    world = int(os.environ["WORLD_SIZE"])
    local = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    ctx = DistContext(int(os.environ["RANK"]), world, int(os.environ.get("LOCAL_RANK", "0")), local)
    if device.startswith("cuda"):
        device = f"cuda:{ctx.local_rank}"
        torch.cuda.set_device(ctx.local_rank)
    if world > 1 and not dist.is_initialized():
        backend = "nccl" if device.startswith("cuda") else "gloo"
        dist.init_process_group(backend=backend)
    return ctx, device


def launch(
    worker_args: list[str],
    nproc: int,
    nnodes: int = 1,
    node_rank: int = 0,
    rdzv_endpoint: str | None = None,
    rdzv_id: str = "compmech",
) -> None:
    """Run ``compmech <worker_args>`` in ``nproc`` workers per node through ``torch.distributed.run``.

    One node: ``--standalone`` (a local rendezvous on a free port).  Several nodes: ``--nnodes``,
    ``--node-rank`` and a c10d rendezvous at ``rdzv_endpoint`` (``host:port`` of one node, reachable
    from all), exactly as ``torchrun`` takes them; run the same command on every node.
    """
    from torch.distributed.run import get_args_parser, run

    if nproc < 1 or nnodes < 1:
        raise InvalidArgumentError(f"--nproc and --nnodes must be >= 1, got {nproc} and {nnodes}")
    args = ["--nproc-per-node", str(nproc)]
    if nnodes == 1 and rdzv_endpoint is None:
        args += ["--standalone"]
    else:
        if not rdzv_endpoint:
            raise InvalidArgumentError("several nodes need --rdzv-endpoint HOST:PORT (one node's address)")
        args += ["--nnodes", str(nnodes), "--node-rank", str(node_rank), "--rdzv-backend", "c10d"]
        args += ["--rdzv-endpoint", rdzv_endpoint, "--rdzv-id", rdzv_id]
    args += ["--max-restarts", "0", "--module", WORKER_MODULE, *worker_args]
    parsed = get_args_parser().parse_args(args)
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // nproc)))
    os.environ["COMPMECH_LAUNCHER"] = "1"  # the workers leave the report to this process
    try:
        run(parsed)
    except Exception as exc:  # torch's ChildFailedError carries the failing worker's traceback
        raise SystemExit(f"a training worker failed: {str(exc).strip()[:2000]}") from None
    sys.stdout.flush()
