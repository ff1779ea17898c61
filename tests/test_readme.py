"""Every command the README shows in a ```sh block works as printed, in a fresh folder.

A newcomer copies these lines one by one after cloning: each must exit with status 0 and
none may print a Python traceback. The commands run in README order (later ones use what
earlier ones made, e.g. ``papers issue 1`` after ``papers draft``) in a temporary folder
holding only a copy of ``samples/`` and the venv's ``docgen`` as ``.venv/bin/docgen``.
``curl`` lines run against a live server started here on a free port. New README commands
are picked up without editing this file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, serving

pytestmark = pytest.mark.slow

#: Commands that are not run here, and why. Only these may be skipped: ``scripts/run``
#: serves forever and ``scripts/test`` runs this very suite (both also install Debian
#: packages); ``docgen serve`` would block like ``scripts/run``.
NOT_RUN = (
    (re.compile(r"^\./scripts/(run|test)\b"), "set-up script that serves or runs the suite"),
    (re.compile(r"\bdocgen serve\b"), "starts a server that never returns"),
    (re.compile(r"\bdocgen worker\b|\bcelery .*\b(worker|beat)\b"),
     "starts a Celery worker that never returns (tests/jobs starts real ones)"),
)
README_SERVER = "http://127.0.0.1:8000"


def readme_commands(text: str) -> list[str]:
    """The shell commands of the README's ```sh blocks, continuation lines joined."""
    commands: list[str] = []
    for block in re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", text, re.S | re.M):
        pending = ""
        for line in block.splitlines():
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command = (pending + line).strip()
            pending = ""
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


COMMANDS = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_commands() -> None:
    # The parser must find the README's commands, or the test below would pass on nothing.
    assert any(c.startswith(".venv/bin/docgen render") for c in COMMANDS)
    assert any(c.startswith("curl") for c in COMMANDS)


@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, for the README's curl lines."""
    from docgen.config import Settings
    from docgen.http.app import create_app

    # The server reads the fresh folder's data, so the README's accounts and tokens work.
    data = request.getfixturevalue("fresh_checkout") / "data"
    with serving(create_app(Settings(data_dir=data, secret_key="readme"))) as url:
        yield url


@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as a newcomer has it: samples/ and the installed ``.venv/bin/docgen``."""
    folder = tmp_path_factory.mktemp("fresh")
    shutil.copytree(ROOT / "samples", folder / "samples")
    executable = Path(sys.executable).parent / "docgen"
    assert executable.exists(), "docgen is not installed in this venv"
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / ".venv" / "bin" / "docgen").symlink_to(executable)
    return folder


def _readme_token(folder: Path, env: dict[str, str]) -> str:
    line = next(c for c in COMMANDS if c.startswith("export TOKEN=$("))
    inner = line.removeprefix("export TOKEN=$(").split(")", 1)[0]
    done = subprocess.run(["bash", "-c", inner], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("command", COMMANDS, ids=[c[:70] for c in COMMANDS])
def test_readme_command_runs(command: str, fresh_checkout: Path,
                             request: pytest.FixtureRequest) -> None:
    for pattern, reason in NOT_RUN:
        if pattern.search(command):
            pytest.skip(reason)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(fresh_checkout),
        "LANG": "C.UTF-8",
        "DOCGEN_DATA_DIR": str(fresh_checkout / "data"),
        "DOCGEN_SECRET_KEY": "readme",
    }
    if command.startswith("curl"):
        # --fail: an HTTP error must fail the line too, not only a refused connection.
        command = command.replace(README_SERVER, request.getfixturevalue("live_server"))
        command = "curl --fail " + command.removeprefix("curl")
        # What the README's `export TOKEN=$(...)` line leaves in a reader's shell.
        env["TOKEN"] = _readme_token(fresh_checkout, env)
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=fresh_checkout,
                          env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == 0, output
