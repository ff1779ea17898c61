"""``python -m docgen.cli``: the same as the ``docgen`` command."""

from docgen.cli.commands import main

main()
