"""The command line face: ``docgen`` and its commands, one module per group of commands
(``render``, ``serve`` and the rest in ``commands``; batches, registry, registers, users,
signing), sharing ``files`` for input, output and errors."""

from docgen.cli.commands import main

__all__ = ["main"]
