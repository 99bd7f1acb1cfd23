"""How many intra-op threads a CPU training run uses, chosen so that it shares a machine well.

torch's CPU kernels split each matrix product between their threads and wait for the slowest: when
another process takes a core that one of them needs, every step waits for it.  Measured on 2 cores
(``benchmarks/bench_threads.py``, the published Mess3 model, 0.5 M tokens): 2 threads take 3.7 times
as long as soon as one busy process runs beside them, and up to 12 times on a loaded machine, while
one thread keeps its pace.  So the automatic choice (``threads = 0``, the default) leaves a core free:

- a model of at most :data:`SMALL_MODEL_PARAMS` parameters (every published architecture) uses at
  most 2 threads (its matrices are too small to feed more), never more than the cores less one;
- a larger model uses the cores less one (at most :data:`MAX_AUTO_THREADS`);
- a worker of a distributed run counts only its share of the cores;
- on a GPU the CPU threads are left at torch's default.

A recipe or the command line may fix the number (``threads = N``); the run records the number used and
why in its ``config.json``.
"""

from __future__ import annotations

import os

import torch

from .config import TransformerConfig
from .distributed import DistContext

__all__ = ["available_cores", "choose_threads", "SMALL_MODEL_PARAMS", "MAX_AUTO_THREADS"]

#: Models up to this size (the published Mess3, RRXOR and FRDN architectures have 0.14-0.66 M) get at most 2.
SMALL_MODEL_PARAMS = 1_000_000
#: The most threads the automatic choice gives a larger model.
MAX_AUTO_THREADS = 8


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it, else the CPU count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_threads(
    asked: int, model: TransformerConfig, device: str, ctx: DistContext | None = None
) -> tuple[int, str]:
    """``(threads, why)``: the intra-op threads of a training run, and the reason, for its config.

    ``asked`` is the recipe's ``threads`` (0: choose).  ``threads`` is 0 when torch's default is kept.

    Examples
    --------
    >>> from compmech.nn.config import TransformerConfig
    >>> choose_threads(3, TransformerConfig(), "cpu")
    (3, 'set by the training options (threads = 3)')
    >>> n, why = choose_threads(0, TransformerConfig(), "cpu")
    >>> 1 <= n <= 2 and why.startswith("automatic")
    True
    """
    ctx = ctx or DistContext()
    if asked:
        n = ctx.threads(asked)
        capped = f", capped at this worker's share of the cores ({n})" if n != asked else ""
        return n, f"set by the training options (threads = {asked}){capped}"
    if device != "cpu":
        return 0, f"automatic: torch's default ({torch.get_num_threads()}) on {device}, where the GPU computes"
    cores = max(1, available_cores() // max(1, ctx.local_world_size))
    params = model.n_params()
    spare = max(1, cores - 1)  # leave a core to the other processes of the machine
    if params <= SMALL_MODEL_PARAMS:
        n = min(2, spare)
        size = f"a small model ({params:,} parameters: at most 2 threads)"
    else:
        n = min(MAX_AUTO_THREADS, spare)
        size = f"a model of {params:,} parameters"
    where = f"{cores} cores" + (" for this worker" if ctx.active else "")
    return n, f"automatic: {n} thread{'s' if n > 1 else ''} for {size} on {where}, one core left to other processes"
