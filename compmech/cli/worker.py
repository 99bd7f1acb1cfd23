"""The entry point of one worker started by ``compmech train --nproc N`` (through ``torch.distributed.run``)."""

from __future__ import annotations

import sys

from .commands import main


def run(argv: list[str]) -> int:
    """Run the command, then leave the process group in order (all ranks at a barrier, then destroyed).

    Only after success: a failed worker exits at once (non-zero), and the launcher stops the others.

    A worker that exits with its group still alive can abort in the communication library's teardown
    ("terminate called without an active exception"), which the launcher reports as a failure.
    """
    import torch.distributed as dist

    rc = main(argv)  # an exception propagates at once: the launcher then stops the other workers
    if rc == 0 and dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
    return rc


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
