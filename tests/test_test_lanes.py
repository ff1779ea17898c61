"""The suite's own machinery: CI fails when a test needing a server it has was skipped, the
quick lane does not trip that rule, and the fake clock of ``scripts/test --at`` moves the
date while sleeps and timeouts keep real time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # each case is a pytest or Python process of its own

#: A suite of two tests: one passes, one needs PostgreSQL and skips (as when it is down).
SUITE = '''
import pytest

def test_plain():
    pass

@pytest.mark.postgres
def test_needs_postgresql():
    pytest.skip("PostgreSQL is not reachable")
'''
#: The project's CI rule, and nothing else of its conftest.
CONFTEST = "from tests.conftest import pytest_runtest_logreport, pytest_sessionfinish  # noqa\n"
INI = "[pytest]\nmarkers =\n    postgres: needs PostgreSQL\n"


def run_suite(tmp_path: Path, ci: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_suite.py").write_text(SUITE)
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "pytest.ini").write_text(INI)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(ROOT)}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_on_ci_a_skipped_postgresql_test_fails_the_run(tmp_path: Path) -> None:
    done = run_suite(tmp_path, "true")
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout
    assert "test_needs_postgresql" in done.stdout and "were skipped" in done.stdout


def test_off_ci_the_same_skip_is_only_reported(tmp_path: Path) -> None:
    assert run_suite(tmp_path, None).returncode == 0


@pytest.mark.parametrize("ci", [None, "true"])
def test_the_quick_lane_deselects_rather_than_skips(tmp_path: Path, ci: str | None) -> None:
    done = run_suite(tmp_path, ci, "-m", "not browser and not postgres and not redis")
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 deselected" in done.stdout


CLOCKS = '''
import datetime, threading, time
from docgen.vn.dates import today
start = time.monotonic()
time.sleep(0.2)
threading.Event().wait(0.2)
slept = time.monotonic() - start
print(datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"), today(), round(slept, 1))
'''


def test_the_fake_clock_moves_the_date_and_keeps_sleeps_real(tmp_path: Path) -> None:
    """What ``scripts/test --at`` starts pytest with: the wall clock at the instant asked,
    Vietnam already in the next year, and a sleep plus a timeout of 0.2 s each taking that
    long (libfaketime alone fails the sleep and waits the timeout for days)."""
    if not (shutil.which("faketime") and shutil.which("cc")):
        pytest.skip("faketime or a C compiler is missing (scripts/test --at installs both)")
    shim = tmp_path / "monotonic.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", str(shim),
                    str(ROOT / "scripts" / "faketime_monotonic.c"), "-ldl"], check=True)
    env = dict(os.environ, TZ="UTC", LD_PRELOAD=str(shim), PYTHONPATH=str(ROOT))
    done = subprocess.run(["faketime", "--exclude-monotonic", "2026-12-31 23:30:00",
                           sys.executable, "-c", CLOCKS], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    utc_day, utc_time, vietnam_day, slept = done.stdout.split()
    assert (utc_day, utc_time[:4], vietnam_day) == ("2026-12-31", "23:3", "2027-01-01")
    assert 0.35 <= float(slept) < 5
