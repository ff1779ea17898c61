"""Job fixtures: the registry databases (SQLite file, fresh PostgreSQL database), the real
Redis on 127.0.0.1:6379 (databases 14 and 15 only, flushed before and after each test;
``DOCGEN_TEST_REDIS_DB`` picks another for a checkout whose suite runs beside another's),
and real Celery worker processes started by the test, killed by the test or at its end.
Each test has a queue of its own, so its workers never take another test's tasks."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from docgen.config import Settings
from tests.conftest import CHEAP_HASHING
from tests.helpers import ROOT, SAMPLES

REDIS_DB = int(os.environ.get("DOCGEN_TEST_REDIS_DB", "14"))


@pytest.fixture
def redis_url() -> Iterator[str]:
    redis = pytest.importorskip("redis")
    url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def job_settings(tmp_path: Path, db_url: str, redis_url: str) -> Settings:
    """Small chunks and short timeouts, so crashes and recoveries happen in seconds."""
    return Settings(data_dir=tmp_path / "data", database_url=db_url, broker_url=redis_url,
                    secret_key="test", job_queue=f"docgen-test-{secrets.token_hex(4)}",
                    job_chunk_size=2,
                    job_visibility_timeout=3, job_stale_seconds=60, render_time_limit=120,
                    # a dead worker's chunk queued again within seconds, well before the
                    # batch counts as stale (docgen.services.jobs.recovery)
                    job_lease_seconds=4,
                    **CHEAP_HASHING)


def env_of(settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_DATA_DIR=str(settings.data_dir),
               DOCGEN_DATABASE_URL=settings.database_url,
               DOCGEN_BROKER_URL=settings.broker_url, DOCGEN_JOB_QUEUE=settings.job_queue,
               DOCGEN_JOB_CHUNK_SIZE=str(settings.job_chunk_size),
               DOCGEN_JOB_VISIBILITY_TIMEOUT=str(settings.job_visibility_timeout),
               DOCGEN_JOB_STALE_SECONDS=str(settings.job_stale_seconds),
               DOCGEN_JOB_LEASE_SECONDS=str(settings.job_lease_seconds),
               DOCGEN_RENDER_TIME_LIMIT=str(settings.render_time_limit))
    env.update(extra)
    return env


@dataclass
class Worker:
    """A ``celery worker`` process (prefork, one child) of docgen's app."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    children: list[int] = field(default_factory=list)

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def wait_ready(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if "ready." in self.text():
                self.children = child_pids(self.proc.pid)
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"worker {self.name} exited:\n{self.text()}")
            time.sleep(0.2)
        raise AssertionError(f"worker {self.name} not ready:\n{self.text()}")

    def kill(self) -> None:
        """kill -9 the worker's main process (its children must die with it)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.fixture
def start_worker(job_settings: Settings, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    started: list[Worker] = []

    def start(name: str, **env: str) -> Worker:
        log = tmp_path / f"{name}.log"
        with log.open("wb") as out:  # the child keeps its own descriptor
            proc = _popen(name, out, env)
        worker = Worker(name, proc, log)
        started.append(worker)
        worker.wait_ready()
        return worker

    def _popen(name: str, out: Any, env: dict[str, str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "docgen.worker", "worker",
             "-Q", job_settings.job_queue, "--pool", "prefork", "-c", "1", "-l", "INFO",
             "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            env=env_of(job_settings, **env), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)

    yield start
    for worker in started:
        try:
            os.killpg(worker.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.proc.wait(10)


@pytest.fixture
def records(client_as):  # type: ignore[no-untyped-def]
    """A records officer of VKSTC (the certificate sample's agency): registers batches."""
    return client_as(["records"], "VKSTC")


def close_app(app: Any) -> None:
    """Close the app's database connections (the test database is dropped next)."""
    app.extensions["docgen"].batches.store.close()
    app.extensions["docgen"].close()


def registered_input(n: int, name: str = "Người") -> dict[str, Any]:
    data = json.loads((SAMPLES / "certificate.json").read_text("utf-8"))
    data.pop("register_start", None)
    data["registered"] = True
    # Decision 125/QĐ-VKSTC is not in the test registry: the batch cites it as external.
    data["external_decision"] = True
    base = data["recipients"][0]
    data["recipients"] = [dict(base, name=f"{name} {i:03d}") for i in range(1, n + 1)]
    return data


def wait_state(client: Any, batch_id: str, states: tuple[str, ...] = ("done", "failed"),
               timeout: float = 120, until: Callable[[dict[str, Any]], bool] | None = None
               ) -> dict[str, Any]:
    end = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < end:
        state = client.get(f"/api/v1/batches/{batch_id}").json
        if (until(state) if until else state["state"] in states):
            return state
        time.sleep(0.3)
    raise AssertionError(f"batch {batch_id} stuck: {state}")
