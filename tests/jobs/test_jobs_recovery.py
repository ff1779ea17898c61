"""A Celery worker killed mid-batch: its chunk's lease goes silent and a live worker queues
the chunk again within about a minute, instead of Redis's visibility timeout (an hour);
each certificate still comes out once, with register numbers taken once.

The policy (``docgen.services.jobs.recovery.recover``) is tested on the store with a fake
queue; the whole is tested with real workers, Redis and ``kill -9``."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from docgen.config import Settings
from docgen.services.jobs.pipeline import Jobs
from docgen.services.jobs.recovery import (
    CHUNK,
    FINISH,
    MAX_REQUEUES,
    START,
    recover,
    recovery_bound,
)
from docgen.services.jobs.store import BatchStore, now
from docgen.services.registry.models import Batch, BatchChunk
from tests.jobs.conftest import close_app, registered_input, wait_state
from tests.jobs.test_jobs_celery import certificates_of, page_numbers, register_counter

LEASE = 60.0


UNKNOWN = object()


class FakeQueue:
    """Messages waiting in the broker: ``waiting``, or (UNKNOWN) Redis cannot be asked."""

    def __init__(self, waiting: object = frozenset()) -> None:
        self.sent: list[tuple[str, str, int | None]] = []
        self.queued = None if waiting is UNKNOWN else set(waiting)  # type: ignore[call-overload]

    def send(self, step: str, batch_id: str, index: int | None = None) -> None:
        self.sent.append((step, batch_id, index))

    def waiting(self, batch_id: str) -> set[tuple[str, int | None]] | None:
        return self.queued


@pytest.fixture
def jobs(db_url: str, tmp_path: Path) -> Iterator[Jobs]:
    store = BatchStore(Settings(data_dir=tmp_path, database_url=db_url, secret_key="t"))
    yield Jobs(store.settings, store)
    store.close()


def batch_of_three(store: BatchStore) -> str:
    """A Celery batch of three chunks, all sent."""
    batch = store.create({"output_format": "pdf", "source": "json", "total": 6,
                          "runner": "celery"}, {"input": b"{}"})
    store.start(batch.id)
    store.plan(batch.id, store.files.put(b"[]"), produced=6, rejected=0, errors=[],
               notes=[], blank_rows=0, chunks=[(0, 2), (2, 2), (4, 2)])
    store.sent(batch.id, [0, 1, 2])
    return batch.id


def age(store: BatchStore, batch_id: str, seconds: float, index: int | None = None) -> None:
    """Make a chunk's lease and sending (or the whole job) ``seconds`` old."""
    past = now() - timedelta(seconds=seconds)
    with store.sessions.begin() as s:
        if index is None:
            s.execute(update(Batch).where(Batch.id == batch_id).values(heartbeat_at=past))
        else:
            s.execute(update(BatchChunk).where(
                BatchChunk.batch_id == batch_id, BatchChunk.index == index)
                .values(beat_at=past, sent_at=past))


def test_the_default_lease_recovers_a_chunk_within_two_minutes():
    assert recovery_bound(Settings()) <= 120
    # and a batch is not given up as stale before its lost chunk could be queued again
    assert recovery_bound(Settings()) < Settings().job_stale_seconds
    assert Settings().job_lease_seconds < Settings().job_visibility_timeout


def test_a_silent_lease_is_queued_again_once_a_live_one_never(jobs):
    store = jobs.store
    batch_id = batch_of_three(store)
    assert store.claim_chunk(batch_id, 0, "dead:1", LEASE)
    assert store.claim_chunk(batch_id, 1, "live:2", LEASE)
    # A second delivery of a chunk held by a live worker renders nothing.
    assert not store.claim_chunk(batch_id, 1, "other:3", LEASE)
    age(store, batch_id, LEASE + 1, index=0)
    queue = FakeQueue()
    assert recover(jobs, queue, LEASE) == [(CHUNK, batch_id, 0)]
    # A second sweeper (another worker) finds nothing left to do.
    assert recover(jobs, FakeQueue(), LEASE) == []
    chunk = store.chunk(batch_id, 0)
    assert (chunk.holder, chunk.requeues) == (None, 1)
    # The dead holder's lease cannot be renewed; the new delivery takes the chunk.
    assert not store.beat_chunk(batch_id, 0, "dead:1")
    assert store.claim_chunk(batch_id, 0, "new:4", LEASE)


def test_a_done_chunk_is_never_claimed_nor_queued(jobs):
    store = jobs.store
    batch_id = batch_of_three(store)
    assert store.claim_chunk(batch_id, 0, "w:1", LEASE)
    store.chunk_done(batch_id, 0, "file0")
    age(store, batch_id, LEASE + 1, index=0)
    assert recover(jobs, FakeQueue(), LEASE) == []
    assert not store.claim_chunk(batch_id, 0, "w:2", LEASE)
    assert store.chunk(batch_id, 0).result_key == "file0"


def test_a_chunk_waiting_its_turn_is_left_alone_a_lost_message_is_sent_again(jobs):
    store = jobs.store
    batch_id = batch_of_three(store)
    age(store, batch_id, LEASE + 1, index=2)
    assert recover(jobs, FakeQueue({(CHUNK, 2)}), LEASE) == []  # still in the queue
    assert recover(jobs, FakeQueue(UNKNOWN), LEASE) == []  # the broker cannot be asked
    assert recover(jobs, FakeQueue(), LEASE) == [(CHUNK, batch_id, 2)]


def test_a_chunk_that_keeps_killing_its_worker_fails_the_batch(jobs):
    store = jobs.store
    batch_id = batch_of_three(store)
    for n in range(MAX_REQUEUES + 1):
        assert store.claim_chunk(batch_id, 1, f"w:{n}", LEASE)
        age(store, batch_id, LEASE + 1, index=1)
        recover(jobs, FakeQueue(), LEASE)
    batch = store.get(batch_id)
    assert batch.state == "failed"
    assert batch.error.startswith("Lô dừng: phần 2 (bằng thứ 3 đến 4) đã làm dừng tiến "
                                  f"trình in {MAX_REQUEUES + 1} lần")


def test_a_lost_first_step_and_a_lost_merge_are_sent_again(jobs):
    store = jobs.store
    unplanned = store.create({"output_format": "pdf", "source": "json", "total": 2,
                              "runner": "celery"}, {"input": b"{}"})
    store.start(unplanned.id)
    merged = batch_of_three(store)
    for i in range(3):
        store.chunk_done(merged, i, f"f{i}")
    for b in (unplanned.id, merged):
        age(store, b, LEASE + 1)
    assert sorted(recover(jobs, FakeQueue(), LEASE)) == sorted(
        [(START, unplanned.id, None), (FINISH, merged, None)])
    assert recover(jobs, FakeQueue(), LEASE) == []  # beaten by the first sweeper
    # A step whose message is waiting in the queue is not sent twice.
    age(store, unplanned.id, LEASE + 1)
    assert recover(jobs, FakeQueue({(START, None)}), LEASE) == []


def test_in_process_jobs_are_not_touched(jobs):
    store = jobs.store
    batch = store.create({"output_format": "pdf", "source": "json", "total": 2,
                          "runner": "inprocess"}, {"input": b"{}"})
    age(store, batch.id, LEASE + 1)
    assert recover(jobs, FakeQueue(), LEASE) == []


# -- the whole, with real workers ----------------------------------------------------------

#: The lease of the end-to-end test (the default, 60 s, is checked above and measured in
#: docs/benchmarks.md); the visibility timeout is the default hour, so only the lease can
#: bring the batch back.
TEST_LEASE = 4


@pytest.fixture
def job_settings(job_settings: Settings, db_kind: str) -> Settings:
    """The workers' and the app's settings (the conftest's, with the default hour);
    ``db_kind`` named too, as pytest 8 does not see the parameter through an override."""
    return dataclasses.replace(job_settings, job_visibility_timeout=3600,
                               job_lease_seconds=TEST_LEASE)


@pytest.fixture
def settings(job_settings: Settings) -> Settings:
    return job_settings


@pytest.fixture
def celery_app(app):  # type: ignore[no-untyped-def]
    yield app
    close_app(app)


@pytest.mark.redis
@pytest.mark.slow
def test_a_killed_worker_s_chunk_is_rendered_by_another_within_its_lease(
        celery_app, records, start_worker, settings):
    client = records
    rows = 30
    # The first worker holds each chunk (of 2) for 1.5 s between rendering and recording.
    first = start_worker("w1", DOCGEN_TEST_PAUSE_AT="between_render_and_record",
                         DOCGEN_TEST_PAUSE_SECONDS="1.5")
    batch = client.post("/api/v1/batches", json=registered_input(rows)).json
    wait_state(client, batch["id"], until=lambda s: s["done"] >= 10)
    time.sleep(0.5)  # inside the next chunk: rendered, not recorded
    first.kill()
    killed = time.monotonic()
    stalled = client.get(f"/api/v1/batches/{batch['id']}").json
    assert stalled["state"] == "running" and stalled["done"] < rows

    second = start_worker("w2")
    done = wait_state(client, batch["id"], timeout=120)
    recovered = time.monotonic() - killed
    assert (done["state"], done["produced"], done["done"]) == ("done", rows, rows), done
    # Well within the lease's bound plus the time to render the rest, nowhere near the
    # visibility timeout (an hour).
    assert recovered < recovery_bound(settings) + 60, recovered
    assert "chunk queued again" in second.text(), second.text()[-3000:]
    # Each certificate once in the result, numbers taken once and consecutive.
    pdf = client.get(done["links"]["result"]).data
    assert page_numbers(pdf) == list(range(1, rows + 1))
    certs = certificates_of(celery_app, batch["id"])
    assert [c.register_number for c in certs] == list(range(1, rows + 1))
    assert {c.status for c in certs} == {"issued"}
    assert register_counter(celery_app) == rows
