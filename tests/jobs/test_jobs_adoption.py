"""In-process jobs outlive their process: a job interrupted because its web process stops
(gunicorn recycling a worker, SIGTERM, ``kill -9``) is not failed but taken over
("adopted") by another process that runs jobs, exactly once, and resumed where it
stopped; interrupted too often, it is failed with a reason the clerk can act on."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from docgen.config import Settings
from docgen.services.jobs import adoption
from docgen.services.jobs.pipeline import Jobs
from docgen.services.jobs.store import BatchStore
from docgen.services.registry.models import Batch
from tests.helpers import free_port, http_get, service_env
from tests.jobs.conftest import registered_input


class FakeExecutor:
    """An executor of another process: who it is, what it holds, what it was given."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.submitted: list[str] = []

    def held(self) -> list[str]:
        return []

    def submit(self, batch_id: str) -> None:
        self.submitted.append(batch_id)


def _job(store: BatchStore, owner: str | None = "elsewhere:1", age_s: float = 120) -> str:
    batch = store.create({"kind": "certificates", "source": "json", "input_name": None,
                          "output_format": "pdf", "total": 1, "runner": "inprocess",
                          "owner": owner}, {"input": b"{}"})
    with store.sessions.begin() as s:
        row = s.get(Batch, batch.id)
        row.created_at -= timedelta(seconds=age_s)
    return batch.id


def _age(store: BatchStore, batch_id: str, seconds: float = 120) -> None:
    with store.sessions.begin() as s:
        row = s.get(Batch, batch_id)
        row.heartbeat_at = (row.heartbeat_at or row.created_at) - timedelta(seconds=seconds)


def test_two_processes_racing_to_adopt_a_job_only_one_claims_it(db_url, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", database_url=db_url, secret_key="t")
    stores = [BatchStore(settings) for _ in range(2)]  # two engines: two processes
    try:
        for _ in range(5):
            batch_id = _job(stores[0])
            start = threading.Barrier(2)
            won: list[int | None] = [None, None]

            def race(n: int, batch_id: str = batch_id, start: Any = start,
                     won: list[int | None] = won) -> None:
                start.wait()
                won[n] = stores[n].claim(batch_id, f"host:{n}", silent_for=30)

            threads = [threading.Thread(target=race, args=(n,)) for n in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert [w for w in won if w is not None] == [1], won
            row = stores[0].get(batch_id)
            assert row.owner == f"host:{won.index(1)}" and row.adoptions == 1
            # A second round finds a fresh heartbeat: nobody takes it from the winner.
            assert stores[1].claim(batch_id, "host:9", silent_for=30) is None
    finally:
        for store in stores:
            store.close()


def test_a_job_of_a_dead_process_of_this_host_is_adopted_at_once(tmp_path):
    store = BatchStore(Settings(data_dir=tmp_path / "data", secret_key="t"))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = _job(store, owner=f"{adoption.this_host()}:{gone.pid}", age_s=0)
    alive = _job(store, owner=f"{adoption.this_host()}:{os.getppid()}", age_s=0)
    executor = FakeExecutor(adoption.owner_id())
    jobs = Jobs(store.settings, store)
    assert adoption.adopt(jobs, executor, interval=30) == [dead]
    assert executor.submitted == [dead] and store.get(alive).adoptions == 0
    store.close()


def test_after_three_adoptions_the_job_is_failed_with_a_reason_for_the_clerk(tmp_path):
    store = BatchStore(Settings(data_dir=tmp_path / "data", secret_key="t"))
    jobs = Jobs(store.settings, store)
    batch_id = _job(store)
    for n in range(1, 4):
        executor = FakeExecutor(f"elsewhere:{n + 1}")
        assert adoption.adopt(jobs, executor, interval=1) == [batch_id]
        assert store.get(batch_id).adoptions == n
        assert adoption.adopt(jobs, FakeExecutor("x:1"), interval=1) == []  # fresh beat
        _age(store, batch_id)
    assert adoption.adopt(jobs, FakeExecutor("elsewhere:9"), interval=1) == []
    failed = store.get(batch_id)
    assert failed.state == "failed", failed.error
    assert failed.error == ("Lô bị gián đoạn 4 lần vì máy chủ dừng khi đang xử lý: hãy "
                            "chia nhỏ lô hoặc báo quản trị")
    store.close()


def test_a_job_interrupted_by_its_process_stopping_is_left_for_adoption(tmp_path, caplog):
    store = BatchStore(Settings(data_dir=tmp_path / "data", secret_key="t"))
    jobs = Jobs(store.settings, store)
    batch_id = _job(store, age_s=0)
    caplog.set_level(logging.INFO, logger="docgen.jobs")
    stopping = iter([False, True, True, True])  # stops once the job has started
    jobs.run_inprocess(batch_id, stopping=lambda: next(stopping, True))
    assert store.get(batch_id).state in ("queued", "running")
    assert [r for r in caplog.records if r.getMessage() == "job interrupted by shutdown"
            and getattr(r, "job_id", None) == batch_id]
    store.close()


# -- real servers ------------------------------------------------------------------------


def _records_token(env: dict[str, str]) -> str:
    docgen = [sys.executable, "-m", "docgen.cli", "users"]
    subprocess.run([*docgen, "add", "soVang", "--name", "Sổ vàng", "--agency", "VKSTC",
                    "--role", "records", "--password-stdin"], input="mat-khau-so-vang-dai\n",
                   env=env, text=True, check=True, capture_output=True)
    return subprocess.run([*docgen, "token", "soVang"], env=env, text=True, check=True,
                          capture_output=True).stdout.strip()


def _start(env: dict[str, str], log: Path, *args: str) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    out = log.open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "docgen.cli", "serve", "--port",
                             str(port), *args], env=env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    out.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            if http_get(base + "/healthz", timeout=2)[0] == 200:
                return base, proc
        except OSError:
            pass
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.3)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(30)


def _post(base: str, token: str, body: Any) -> dict[str, Any]:
    req = urllib.request.Request(f"{base}/api/v1/batches", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json",
                                          "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())  # type: ignore[no-any-return]


def _state(base: str, token: str, batch_id: str) -> dict[str, Any]:
    status, body = http_get(f"{base}/api/v1/batches/{batch_id}", token=token)
    assert status == 200, body
    return json.loads(body)  # type: ignore[no-any-return]


def _wait(base: str, token: str, batch_id: str, timeout: float = 120,
          until: Any = None, every: float = 0.3) -> dict[str, Any]:
    end = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < end:
        state = _state(base, token, batch_id)
        if until(state) if until else state["state"] in ("done", "failed"):
            return state
        time.sleep(every)
    raise AssertionError(f"batch {batch_id} stuck: {state}")


def _register_numbers(data: Path) -> list[tuple[str | None, int]]:
    with sqlite3.connect(data / "docgen.sqlite3") as db:
        return list(db.execute("SELECT batch_id, register_number FROM certificates "
                               "ORDER BY register_number"))


@pytest.mark.slow
def test_a_batch_of_a_killed_server_is_resumed_by_the_next_one(tmp_path):
    """``kill -9`` mid-batch, start the server again on the same data folder: it adopts
    the batch at once (its owner's pid is gone) and finishes it; every certificate is
    there once, with consecutive register numbers and none taken twice."""
    env = {**service_env(tmp_path), "DOCGEN_JOB_CHUNK_SIZE": "2", "DOCGEN_JOB_STALE_SECONDS": "5",
           "DOCGEN_TEST_PAUSE_AT": "between_render_and_record",
           "DOCGEN_TEST_PAUSE_SECONDS": "0.4"}
    token = _records_token(env)
    log = tmp_path / "server.log"
    base, proc = _start(env, log)
    try:
        batch = _post(base, token, registered_input(12))
        _wait(base, token, batch["id"], until=lambda s: 2 <= s["done"] < 12)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        _stop(proc)
    base, proc = _start(env, log)
    try:
        done = _wait(base, token, batch["id"])
    finally:
        _stop(proc)
    assert (done["state"], done["produced"], done["done"]) == ("done", 12, 12), done
    numbers = _register_numbers(tmp_path / "data")
    assert numbers == [(batch["id"], n) for n in range(1, 13)]
    assert '"job adopted"' in log.read_text() or "job adopted" in log.read_text()


@pytest.mark.slow
def test_a_batch_survives_its_gunicorn_worker_being_recycled(tmp_path):
    """``docgen serve --workers 2`` recycles a worker after DOCGEN_WEB_MAX_REQUESTS: the
    batch it was running used to fail ("cannot schedule new futures after interpreter
    shutdown", the render pool refusing work while the worker exits); now another worker
    adopts it and it completes. 300 rows: the parallel render path."""
    env = {**service_env(tmp_path), "DOCGEN_JOB_CHUNK_SIZE": "100", "DOCGEN_JOB_STALE_SECONDS": "5",
           "DOCGEN_WEB_MAX_REQUESTS": "10", "DOCGEN_TEST_PAUSE_AT": "before_render",
           "DOCGEN_TEST_PAUSE_SECONDS": "2"}
    token = _records_token(env)
    log = tmp_path / "server.log"
    base, proc = _start(env, log, "--workers", "2", "--threads", "2")
    try:
        batch = _post(base, token, registered_input(300))
        for _ in range(22):  # every worker is recycled while the batch waits to render
            http_get(base + "/healthz", timeout=10)
        done = _wait(base, token, batch["id"], timeout=180, every=1.5)
    finally:
        _stop(proc)
    assert (done["state"], done["produced"]) == ("done", 300), (done, log.read_text()[-3000:])
    assert _register_numbers(tmp_path / "data") == [(batch["id"], n) for n in range(1, 301)]
