"""What every command shares: reading the input, writing the result without ever leaving
a corrupt file, reporting a problem the way a clerk reads it, and the process's services."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from docgen.config import Settings
from docgen.errors import DocgenError, InputError
from docgen.services.root import Services


def fail(exc: DocgenError) -> NoReturn:
    """Print a DocgenError the way a clerk reads it and exit with its code."""
    if isinstance(exc, InputError) and exc.errors:
        for line in exc.lines():
            click.echo(line, err=True)
    else:
        click.echo(f"Lỗi: {exc.message}", err=True)
    sys.exit(exc.exit_code)


def read_input(path: str) -> bytes:
    """The bytes of an input file (``-`` for standard input)."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        fail(InputError([], message=f"không đọc được tệp {path}: {exc.strerror}"))


def write_output(path: Path, content: bytes) -> None:
    """Write a result file, creating its folder (``-o out/x.pdf`` in a fresh checkout).

    The bytes go to a temporary name first, so an interrupted run never leaves a corrupt
    file under the real name.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(content)
        tmp.replace(path)
    except OSError as exc:
        fail(InputError([], message=f"không ghi được tệp {path}: {exc.strerror}"))


def services(settings: Settings | None = None) -> Services:
    """The services of this command (its settings read from the environment now): one
    command, one ``Services``, so one engine and one signing set-up."""
    return Services(settings or Settings.from_env())
