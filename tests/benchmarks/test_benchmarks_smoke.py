"""Every script in benchmarks/ still runs: each is run as its README line would run it, at
the smallest size it takes, and must exit 0 having printed its figures. A benchmark nobody
ran for a month otherwise rots unseen (``bench_certificates.py --naive`` did).

The figures themselves are not judged (a tiny size measures start-up), only that each row
is there with numbers in it. Each starts Python afresh and imports everything, so all are
``slow`` (and ``redis`` when they need the broker): the quick lane leaves them out.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.jobs.conftest import redis_url  # noqa: F401 - the broker of the worker case

pytestmark = pytest.mark.slow
BENCHMARKS = ROOT / "benchmarks"
NUMBER = r"\d[\d,]*(?:\.\d+)?"


@dataclass(frozen=True)
class Smoke:
    """How to run one script small, and the lines that must come out (regular expressions
    matched against whole lines)."""

    script: str
    args: tuple[str, ...]
    rows: tuple[str, ...] = ()
    marks: tuple[pytest.MarkDecorator, ...] = field(default_factory=tuple)
    timeout: float = 240


def table_row(*cells: str) -> str:
    """A Markdown table row whose cells match ``cells`` in order."""
    return r"\|\s*" + r"\s*\|\s*".join(cells) + r"\s*\|"


SMOKES = [
    Smoke("bench_certificate_docx.py", ("-n", "3"),
          rows=(rf"\s*3(?:\s+{NUMBER}){{4}}",)),
    Smoke("bench_certificates.py", ("--sizes", "3", "--naive", "3", "--workers", "1"),
          rows=(rf"\s*docgen 3(?:\s+{NUMBER}){{4}}", rf"\s*naive WeasyPrint 3(?:\s+{NUMBER}){{4}}",
                rf"speed-up at 3: {NUMBER}x")),
    Smoke("bench_papers.py", ("-n", "1"),
          rows=tuple(rf"{kind}(?:\s+{NUMBER}){{10}}"
                     for kind in ("directive", "pledge", "award-decision"))),
    Smoke("bench_signing.py", ("--rounds", "1", "--certificates", "2")),
    Smoke("bench_scoring.py", ("--tiny",),
          rows=(rf"\s*render (?:pdf|docx|xlsx)\s+{NUMBER} ms",
                rf"\s*save a row \(8 results\)\s+{NUMBER} ms",
                rf"\s*read the year's answer\s+{NUMBER} ms",
                rf"\s*sizes: pdf {NUMBER} kB, docx {NUMBER} kB, xlsx {NUMBER} kB; peak RSS "
                rf"{NUMBER} MB")),
    Smoke("bench_round.py", ("--tiny",),
          rows=(rf"round: 30 nominations from 4 units, {NUMBER} passed; {NUMBER} papers, "
                rf"ZIP {NUMBER} kB; .+",
                *(rf"\s*{step}\s+{NUMBER} ms\s+{NUMBER} ms"
                  for step in ("validate", "check", "compose dossier",
                               r"render dossier \(zip\)")),
                rf"\s*peak heap dossier\s+{NUMBER} MB\s+{NUMBER} MB",
                rf"\s*peak RSS of the process {NUMBER} MB")),
    Smoke("bench_verify.py", ("--sizes", "2", "--codes", "40"),
          rows=(rf"\s*2 signatures, {NUMBER} KB: {NUMBER} s, peak {NUMBER} MB",
                rf"\s*{NUMBER} answered 404, {NUMBER} refused 429, {NUMBER} requests/s")),
    Smoke("bench_http.py", ("--workers", "2", "--kinds", "award-decision", "--formats", "docx",
                            "--concurrency", "1", "--requests", "2"),
          rows=tuple(table_row(server, "award-decision", "docx", "1", NUMBER, NUMBER, NUMBER,
                               "0", NUMBER, NUMBER)
                     for server in ("waitress 1 process", "gunicorn 2 workers")),
          marks=(pytest.mark.slow,)),
    Smoke("bench_celery.py", ("--sizes", "3", "--workers", "0", "--chunk", "2"),
          rows=(table_row(r"in-process \(baseline\), 3", NUMBER, NUMBER, ".+", NUMBER),),
          marks=(pytest.mark.slow,)),
]
#: The Celery case needs Redis: its broker is the suite's (database 14, flushed).
CELERY_WORKER = Smoke("bench_celery.py", ("--sizes", "3", "--workers", "1", "--chunk", "2"),
                      rows=(table_row("Celery, 1 worker, 3", NUMBER, NUMBER, ".+", NUMBER),))


def run(smoke: Smoke, tmp_path: Path, *extra: str) -> str:
    """Run the script from the checkout (its temporary folders under ``tmp_path``); its
    standard output, after checking it exited 0."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, str(BENCHMARKS / smoke.script), *smoke.args, *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=smoke.timeout)
    assert done.returncode == 0, (f"{smoke.script} exited {done.returncode}:\n"
                                  f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def assert_rows(smoke: Smoke, out: str) -> None:
    lines = out.splitlines()
    for row in smoke.rows:
        assert any(re.fullmatch(row, line) for line in lines), (
            f"{smoke.script} printed no line like {row!r}:\n{out}")


def test_every_benchmark_has_a_smoke_test() -> None:
    scripts = {p.name for p in BENCHMARKS.glob("*.py")}
    assert scripts == {s.script for s in SMOKES}, "add the new benchmark to SMOKES"


@pytest.mark.parametrize("smoke", [pytest.param(s, id=s.script, marks=s.marks)
                                   for s in SMOKES])
def test_benchmark_runs_small(smoke: Smoke, tmp_path: Path) -> None:
    out = run(smoke, tmp_path)
    if smoke.script == "bench_signing.py":
        figures = json.loads(out)
        assert figures["certificates"] == 2
        timed = {k: v for k, v in figures.items() if k.endswith(("_ms", "_s"))}
        assert len(timed) >= 8 and all(v > 0 for v in timed.values()), figures
    assert_rows(smoke, out)


@pytest.mark.slow
@pytest.mark.redis
def test_celery_benchmark_runs_small_on_a_worker(tmp_path: Path, redis_url: str) -> None:  # noqa: F811
    assert_rows(CELERY_WORKER, run(CELERY_WORKER, tmp_path, "--redis-url", redis_url))
