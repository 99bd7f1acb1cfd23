"""The ``compmech`` command line: one parser, with the subcommands of every layer.

The top layer of compmech (see ``docs/architecture.md``): it may import every other layer, and no
layer imports it.  :mod:`compmech.cli.commands` holds the parser and the core commands,
:mod:`compmech.cli.train` ``train`` and ``reproduce``, :mod:`compmech.cli.infer` ``infer``, and
:mod:`compmech.cli.worker` is the entry point of one worker of ``compmech train --nproc N``.
"""

from .commands import build_parser, main, parse_args, printable

__all__ = ["main", "build_parser", "parse_args", "printable"]
