"""``docgen serve`` as an operator starts it: one waitress process, or gunicorn workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import SAMPLES, free_port, http_get, service_env


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _token(tmp_path: Path) -> str:
    """An API token made the documented way (``docgen users add`` then ``users token``)."""
    docgen = [sys.executable, "-m", "docgen.cli", "users"]
    subprocess.run([*docgen, "add", "vanthu", "--name", "Văn thư", "--agency", "VKSHY",
                    "--role", "clerk", "--password-stdin"], input="mat-khau-van-thu-dai\n",
                   env=service_env(tmp_path), text=True, check=True, capture_output=True)
    return subprocess.run([*docgen, "token", "vanthu"], env=service_env(tmp_path), text=True,
                          check=True, capture_output=True).stdout.strip()


@contextmanager
def _server(tmp_path: Path, *args: str, **extra_env: str
            ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {**service_env(tmp_path), **extra_env}
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "docgen.cli", "serve", "--port", str(port),
                             *args], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # the master renders each sample once first
        while True:
            try:
                if http_get(base + "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        yield base, proc
    finally:
        proc.send_signal(signal.SIGTERM)  # graceful: gunicorn lets workers finish
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _render(base: str, fmt: str, token: str) -> tuple[int, bytes]:
    req = urllib.request.Request(f"{base}/api/v1/award-decision/render?format={fmt}",
                                 data=(SAMPLES / "award-decision.json").read_bytes(),
                                 headers={"Content-Type": "application/json",
                                          "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()


@pytest.mark.slow
def test_single_process_serve_answers(tmp_path):
    token = _token(tmp_path)
    with _server(tmp_path) as (base, proc):
        assert _children(proc.pid) == []  # waitress: one process
        assert _render(base, "docx", token)[0] == 200
        status, body = http_get(base + "/readyz")
        assert status == 200 and json.loads(body)["status"] == "ready"


@pytest.mark.slow
def test_serve_with_workers_runs_gunicorn_processes_sharing_metrics_and_key(tmp_path):
    token = _token(tmp_path)
    with _server(tmp_path, "--workers", "2", "--threads", "4") as (base, proc):
        # /healthz answers as soon as the first worker is up; the master forks the second
        # one after it, so wait for both rather than catch the master between forks.
        deadline = time.monotonic() + 60
        while len(workers := _children(proc.pid)) < 2:
            assert time.monotonic() < deadline, f"workers: {workers}"
            time.sleep(0.2)
        assert len(workers) == 2
        for _ in range(6):
            status, pdf = _render(base, "pdf", token)
            assert status == 200 and pdf.startswith(b"%PDF")
        _, text = http_get(base + "/metrics", token=token)
        # Every worker's requests are counted, whichever worker answers the scrape.
        line = next(ln for ln in text.decode().splitlines() if ln.startswith(
            'docgen_render_duration_seconds_count{format="pdf",kind="award-decision"}'))
        assert float(line.split()[-1]) == 6
        assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600
        # A worker that dies is replaced by the master.
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while len(_children(proc.pid)) < 2 or workers[0] in _children(proc.pid):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert _render(base, "docx", token)[0] == 200
    lines = [json.loads(ln) for ln in (tmp_path / "server.log").read_text().splitlines()
             if ln.startswith("{")]
    renders = [ln for ln in lines if ln.get("endpoint") == "/api/v1/<kind>/render"]
    assert len(renders) == 7 and all(ln["status"] == 200 for ln in renders)
    assert {ln["user"] for ln in renders} == {"vanthu"}
    assert token not in (tmp_path / "server.log").read_text()


@pytest.mark.slow
def test_recycled_workers_keep_answering_and_counting(tmp_path):
    """A worker recycled after DOCGEN_WEB_MAX_REQUESTS (or reloaded by SIGHUP) leaves the
    server's metrics folder behind it: it used to remove it on its way out (the master's
    clean-up ran in the exiting child), so every later worker answered every request,
    /healthz too, with 500."""
    token = _token(tmp_path)
    with _server(tmp_path, "--workers", "2", "--threads", "2",
                 DOCGEN_WEB_MAX_REQUESTS="4") as (base, proc):
        first = set(_children(proc.pid))
        statuses = []
        for _ in range(40):
            statuses.append(http_get(base + "/healthz")[0])
            time.sleep(0.05)
        assert set(_children(proc.pid)).isdisjoint(first)  # every worker was recycled
        assert statuses == [200] * 40, statuses
        status, text = http_get(base + "/metrics", token=token)
        assert status == 200 and b"docgen_http_requests_total" in text
        # SIGHUP (reload, README) replaces the workers the same way.
        before = set(_children(proc.pid))
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not set(_children(proc.pid)).isdisjoint(before) or len(_children(proc.pid)) < 2:
            assert time.monotonic() < deadline, "workers not reloaded"
            time.sleep(0.2)
        assert [http_get(base + "/healthz")[0] for _ in range(6)] == [200] * 6
    assert "Traceback" not in (tmp_path / "server.log").read_text()
