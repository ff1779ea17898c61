"""Batches on Celery with the real Redis and real worker processes: a worker killed in
the middle of a registered batch, two workers sharing a batch's chunks, a flushed broker,
and the periodic purge."""

from __future__ import annotations

import io
import json
import re
import time
import urllib.request
from datetime import timedelta

import pytest
import redis as redis_lib
from pypdf import PdfReader
from sqlalchemy import select

from docgen.services.registry.models import Batch, Certificate, Counter
from tests.helpers import free_port, nfc
from tests.jobs.conftest import alive, close_app, registered_input, wait_state

pytestmark = pytest.mark.redis


@pytest.fixture
def settings(job_settings):  # type: ignore[no-untyped-def]
    return job_settings


@pytest.fixture
def celery_app(app):  # type: ignore[no-untyped-def]
    yield app
    close_app(app)


def certificates_of(app, batch_id: str) -> list[Certificate]:  # type: ignore[no-untyped-def]
    store = app.extensions["docgen"].batches.store
    with store.sessions() as s:
        return list(s.execute(select(Certificate).where(Certificate.batch_id == batch_id)
                              .order_by(Certificate.row_index)).scalars())


def register_counter(app) -> int:  # type: ignore[no-untyped-def]
    with app.extensions["docgen"].batches.store.sessions() as s:
        return s.execute(select(Counter.last).where(Counter.sequence == "register")
                         ).scalar_one()


def page_numbers(pdf: bytes) -> list[int]:
    """The register number printed on each page, in page order."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [int(re.search(r"Số sổ vàng: (\d+)", nfc(p.extract_text())).group(1))
            for p in pages]


def test_worker_killed_between_render_and_record_batch_completes_once(
        celery_app, records, start_worker):
    client = records
    # The first worker holds each chunk for 1.5 s between rendering and recording it.
    first = start_worker("w1", DOCGEN_TEST_PAUSE_AT="between_render_and_record",
                         DOCGEN_TEST_PAUSE_SECONDS="1.5")
    batch = client.post("/api/v1/batches", json=registered_input(10)).json
    wait_state(client, batch["id"], until=lambda s: s["done"] >= 4)
    time.sleep(0.5)  # into the next chunk's pause: rendered, not recorded
    children = first.children
    first.kill()
    time.sleep(1)
    assert children and not any(alive(pid) for pid in children), "orphaned render process"
    assert client.get(f"/api/v1/batches/{batch['id']}").json["state"] == "running"

    start_worker("w2")
    done = wait_state(client, batch["id"])
    assert (done["state"], done["produced"], done["done"]) == ("done", 10, 10), (
        done.get("error"), done)
    certs = certificates_of(celery_app, batch["id"])
    assert [c.register_number for c in certs] == list(range(1, 11))
    assert {c.status for c in certs} == {"issued"}
    assert register_counter(celery_app) == 10  # nothing taken twice
    pdf = client.get(done["links"]["result"]).data
    assert page_numbers(pdf) == list(range(1, 11))


def test_worker_logs_json_lines_with_the_job_fields(celery_app, records, start_worker):
    """README: one JSON object a line, and a line per job with job_id, rows, ms, outcome;
    a worker used to write Celery's text lines (``[…: INFO/ForkPoolWorker-1] job done``)."""
    client = records
    worker = start_worker("w1")
    batch = client.post("/api/v1/batches", json=registered_input(3)).json
    assert wait_state(client, batch["id"])["state"] == "done"
    time.sleep(0.5)  # the line is written just after the state
    lines = [json.loads(line) for line in worker.text().splitlines() if line.startswith("{")]
    jobs = [r for r in lines if r.get("logger") == "docgen.jobs"
            and r.get("job_id") == batch["id"]]
    assert [(r["outcome"], r["rows"]) for r in jobs if "outcome" in r] == [("done", 3)], (
        worker.text()[-3000:])
    # Its steps are found by the same field (they were logged under "job").
    steps = [r for r in jobs if r["message"] == "job step"]
    assert {r["task"] for r in steps} >= {"docgen.job.start", "docgen.batch.chunk",
                                          "docgen.batch.finish"}, worker.text()[-3000:]
    assert any("ready." in r["message"] for r in lines)  # Celery's own lines are JSON too
    assert not re.search(r"^\[\d{4}-\d\d-\d\d .*\] ", worker.text(), re.M), worker.text()[-3000:]


def test_worker_serves_the_metrics_of_its_jobs(celery_app, records, start_worker):
    """DOCGEN_WORKER_METRICS: the jobs a worker's pool processes ran are counted where a
    scraper reads them (the web service's /metrics shows only the web processes)."""
    client = records
    port = free_port()
    start_worker("w1", DOCGEN_WORKER_METRICS=f"127.0.0.1:{port}")
    batch = client.post("/api/v1/batches", json=registered_input(3)).json
    assert wait_state(client, batch["id"])["state"] == "done"
    done = 'docgen_jobs_total{kind="certificates",outcome="done"} 1.0'
    text = ""
    for _ in range(20):  # the count is written just after the state
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
            text = resp.read().decode()
        if done in text:
            break
        time.sleep(0.25)
    assert done in text, text[-2000:]
    assert 'docgen_job_duration_seconds_count{kind="certificates"} 1.0' in text


def test_two_workers_share_chunks_and_numbers_stay_consecutive(celery_app, records, start_worker):
    client = records
    workers = [start_worker("w1"), start_worker("w2")]
    batches = [client.post("/api/v1/batches", json=registered_input(12, name)).json
               for name in ("An", "Bình")]
    done = [wait_state(client, b["id"]) for b in batches]
    assert [d["state"] for d in done] == ["done", "done"], (
        done, [w.text()[-3000:] for w in workers])
    blocks = []
    for d in done:
        numbers = page_numbers(client.get(d["links"]["result"]).data)
        assert numbers == list(range(numbers[0], numbers[0] + 12))  # one consecutive block
        assert [c.register_number for c in certificates_of(celery_app, d["id"])] == numbers
        blocks += numbers
    assert sorted(blocks) == list(range(1, 25)) and register_counter(celery_app) == 24
    # Both workers rendered chunks: the batches really were shared.
    assert all("docgen.batch.chunk" in w.text() and "succeeded" in w.text()
               for w in workers)


def test_a_batch_waiting_for_a_worker_is_not_failed(celery_app, records, job_settings):
    client = records
    service = celery_app.extensions["docgen"].batches
    batch = client.post("/api/v1/batches", json=registered_input(2)).json
    _age(service, batch["id"], seconds=job_settings.job_stale_seconds + 5)
    state = client.get(f"/api/v1/batches/{batch['id']}").json
    assert state["state"] == "queued"  # its message is still in Redis


def test_flushed_broker_fails_the_batch_with_a_reason(celery_app, records, job_settings,
                                                     redis_url):
    client = records
    service = celery_app.extensions["docgen"].batches
    batch = client.post("/api/v1/batches", json=registered_input(2)).json
    redis_lib.Redis.from_url(redis_url).flushdb()
    assert client.get(f"/api/v1/batches/{batch['id']}").json["state"] == "queued"
    _age(service, batch["id"], seconds=job_settings.job_stale_seconds + 5)
    state = client.get(f"/api/v1/batches/{batch['id']}").json
    assert state["state"] == "failed"
    assert "không còn tác vụ nào xử lý" in state["error"]


def test_periodic_purge_task_removes_expired_batches_and_files(celery_app, records,
                                                              start_worker):
    from docgen.services.jobs.celery_app import PURGE

    client = records
    service = celery_app.extensions["docgen"].batches
    start_worker("w1")
    old, new = (client.post("/api/v1/batches", json=registered_input(2, n)).json
                for n in ("Cũ", "Mới"))
    for b in (old, new):
        wait_state(client, b["id"])
    with service.store.sessions.begin() as s:
        s.get(Batch, old["id"]).finished_at -= timedelta(days=31)
    result_key = service.store.get(old["id"]).result_key
    service.executor.app.send_task(PURGE, queue=service.settings.job_queue)
    end = time.monotonic() + 30
    # The worker deletes the row, then the files no other job shares: wait for both.
    while (client.get(f"/api/v1/batches/{old['id']}").status_code != 404
           or service.store.files.exists(result_key)):
        assert time.monotonic() < end, "expired batch not purged with its file"
        time.sleep(0.3)
    assert client.get(f"/api/v1/batches/{new['id']}/result").status_code == 200


def _age(service, batch_id: str, seconds: int) -> None:  # type: ignore[no-untyped-def]
    """Make a job look silent for ``seconds`` (instead of waiting that long)."""
    from docgen.services.jobs.store import now

    with service.store.sessions.begin() as s:
        batch = s.get(Batch, batch_id)
        batch.created_at = now() - timedelta(seconds=seconds)
        batch.heartbeat_at = None
