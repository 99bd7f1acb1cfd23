"""``python -m compmech.cli ...``: the ``compmech`` command."""

import sys

from .commands import main

sys.exit(main())
