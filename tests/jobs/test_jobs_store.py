"""The job store's bookkeeping of chunks: whoever records the last chunk starts the merge,
exactly once, even when two workers record the last two chunks at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from docgen.config import Settings
from docgen.services.jobs.store import BatchStore
from docgen.services.registry.models import Batch, BatchChunk


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[BatchStore]:
    store = BatchStore(Settings(data_dir=tmp_path, database_url=db_url, secret_key="t"))
    yield store
    store.close()


def two_chunk_batch(store: BatchStore) -> str:
    batch = store.create({"output_format": "pdf", "source": "json", "total": 4,
                          "runner": "celery"}, {"input": b"{}"})
    store.plan(batch.id, store.files.put(b"[]"), produced=4, rejected=0, errors=[],
               notes=[], blank_rows=0, chunks=[(0, 2), (2, 2)])
    return batch.id


def test_one_chunk_of_two_is_not_the_last(store):
    batch_id = two_chunk_batch(store)
    assert store.chunk_done(batch_id, 0, "k0") is False
    assert store.chunk_done(batch_id, 1, "k1") is True
    assert store.get(batch_id).done == 4


@pytest.mark.slow
def test_a_chunk_recorded_twice_keeps_its_first_file(store):
    batch_id = two_chunk_batch(store)
    store.chunk_done(batch_id, 0, "first")
    store.chunk_done(batch_id, 0, "second")
    assert store.chunk(batch_id, 0).result_key == "first"


@pytest.mark.slow
def test_the_last_two_chunks_recorded_at_once_start_the_merge(store):
    """Worker A is inside its transaction recording chunk 0 (batch locked, chunk written,
    not committed) when worker B records chunk 1: B must wait and then see chunk 0 done.
    Without the lock, on PostgreSQL B counted chunk 0 as missing, A had counted chunk 1
    as missing, nobody merged, and the batch was later failed as vanished."""
    batch_id = two_chunk_batch(store)
    answers: list[bool] = []
    with store.sessions.begin() as a:
        # What chunk_done does for worker A, held open.
        a.execute(select(Batch.id).where(Batch.id == batch_id).with_for_update())
        a.execute(update(BatchChunk).where(BatchChunk.batch_id == batch_id,
                                           BatchChunk.index == 0).values(result_key="k0"))
        worker_b = threading.Thread(
            target=lambda: answers.append(store.chunk_done(batch_id, 1, "k1")))
        worker_b.start()
        worker_b.join(1.0)
        assert worker_b.is_alive(), "B did not wait for A's transaction"
    worker_b.join(30)
    assert answers == [True]
