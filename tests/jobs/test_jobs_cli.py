"""The operator's commands for jobs: ``docgen worker`` and ``docgen batches``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.cli import main


def test_worker_without_a_broker_says_what_to_set(tmp_path):
    result = CliRunner().invoke(main, ["worker"], env={"DOCGEN_BROKER_URL": "",
                                                       "DOCGEN_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2
    assert "DOCGEN_BROKER_URL" in result.output


def test_purge_with_nothing_expired_removes_nothing(tmp_path):
    result = CliRunner().invoke(main, ["batches", "purge", "--days", "30"],
                                env={"DOCGEN_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert "Đã xóa 0 lô, 0 tệp" in result.output


@pytest.mark.slow
@pytest.mark.redis
def test_readme_celery_beat_command_starts_in_a_fresh_folder(tmp_path, redis_url):
    """The README's ``celery … beat`` line, copied as is on a fresh machine: the schedule
    file must go where beat can write it (``/var/lib/docgen`` does not exist there)."""
    import os
    import re
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = [c for c in re.findall(r"^\.venv/bin/celery .*$", readme, re.M) if " beat" in c]
    command = line.split("  #", 1)[0].replace(".venv/bin/celery",
                                              str(Path(sys.executable).parent / "celery"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path),
               DOCGEN_DATA_DIR=str(tmp_path / "data"), DOCGEN_BROKER_URL=redis_url,
               DOCGEN_JOB_QUEUE="docgen-test")
    log = tmp_path / "beat.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=tmp_path, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end and proc.poll() is None:
            if list(tmp_path.glob("celerybeat-schedule*")):  # it wrote its schedule
                time.sleep(1)
                break
            time.sleep(0.3)
        text = log.read_text("utf-8", "replace")
        assert proc.poll() is None, text  # still running: it did not die at start
        assert list(tmp_path.glob("celerybeat-schedule*")), text
        assert "Traceback" not in text, text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
