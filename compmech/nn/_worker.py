"""The entry point of one worker started by ``compmech train --nproc N`` (through ``torch.distributed.run``)."""

from __future__ import annotations

import sys

from ..cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
