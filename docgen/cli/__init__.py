"""The command line face: ``docgen`` and its commands, one module per group of commands
(``render``, ``serve`` and the rest in ``main``; batches, registry, registers, users,
signing), sharing ``files`` for input, output and errors."""

from docgen.cli.main import main

__all__ = ["main"]
