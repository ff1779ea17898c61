"""Queuing again the steps of Celery jobs whose worker was lost.

Celery acknowledges a task late, so a worker killed mid-task (``kill -9``, out of memory,
a machine lost) leaves the task's message with Redis; but Redis gives it to another worker
only after its *visibility timeout*, which must be longer than the longest task (an hour
by default): a batch stalled for an hour. The database knows sooner.

Each chunk of a batch has a *lease*: the worker process that renders it claims it (one
conditional UPDATE: ``holder``, ``beat_at``) and renews it every ``job_lease_seconds / 4``
from its heartbeat thread. Every live worker process sweeps every ``job_lease_seconds /
4`` (``recover``): a chunk whose lease has been silent for ``job_lease_seconds`` is queued
again, by exactly one sweeper (a conditional UPDATE again), and rendered by whichever
worker takes the message. The steps around the chunks are covered the same way by the
batch's own heartbeat: a batch silent that long whose rows were never cut into chunks (or
whose chunks were never all sent) gets its first step again, one whose chunks are all done
gets its merge again.

Nothing is done twice: a chunk's file is recorded once (the first writer wins, and a
chunk with a file is never claimed), the merge and the confirmation of a batch are
conditional on its state, and the register numbers were allocated once per (batch, row)
before any chunk was sent, so a chunk rendered again prints the same numbers. The original
message, redelivered by Redis an hour later, finds the chunk done and does nothing.

A chunk that was lost ``MAX_REQUEUES`` times (a page that kills its renderer, a worker
short of memory on every try) fails its batch with a reason the clerk can act on, rather
than being queued for ever.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from docgen.config import Settings

log = logging.getLogger("docgen.jobs")

#: Times a chunk is queued again after losing its worker before its batch is failed.
MAX_REQUEUES = 3
LOST = ("Lô dừng: phần {part} (bằng thứ {first} đến {last}) đã làm dừng tiến trình in {n} "
        "lần; hãy chia nhỏ lô hoặc báo quản trị")

#: The steps of a job, as ``Queue.send`` and ``Queue.waiting`` name them.
START, CHUNK, FINISH = "start", "chunk", "finish"


class Queue(Protocol):
    """What recovery needs of the broker."""

    def send(self, step: str, batch_id: str, index: int | None = None) -> None:
        """Queue a step of a job (``index``: the chunk's)."""

    def waiting(self, batch_id: str) -> set[tuple[str, int | None]] | None:
        """The steps of this job waiting in the queue, as (step, chunk index or None);
        None when the broker cannot be asked."""


def lease_interval(settings: Settings) -> float:
    """How often a lease is renewed and the sweep runs: four times per lease."""
    return max(0.2, settings.job_lease_seconds / 4)


def recovery_bound(settings: Settings) -> float:
    """The longest a lost chunk waits before it is queued again: its lease's silence plus
    one sweep interval (then the time to render it once more)."""
    return settings.job_lease_seconds + lease_interval(settings)


def recover(jobs: Any, queue: Queue, lease: float) -> list[tuple[str, str, int | None]]:
    """Queue again the steps of Celery jobs whose worker was lost; ``jobs`` is the
    pipeline (``Jobs``). Returns (step, job id, chunk index) of each step queued again."""
    store = jobs.store
    waits: dict[str, set[tuple[str, int | None]] | None] = {}

    def waiting(batch_id: str) -> set[tuple[str, int | None]] | None:
        if batch_id not in waits:
            waits[batch_id] = queue.waiting(batch_id)
        return waits[batch_id]

    sent: list[tuple[str, str, int | None]] = []
    for chunk in store.lost_chunks(lease):
        if chunk.holder is None:
            # Sent, never taken: lost only if its message is not waiting its turn.
            w = waiting(chunk.batch_id)
            if w is None or (CHUNK, chunk.index) in w:
                continue
        count = store.requeue_chunk(chunk, lease)
        if count is None:
            continue  # done, renewed, or queued again by another worker meanwhile
        if count > MAX_REQUEUES:
            jobs.fail(chunk.batch_id, LOST.format(part=chunk.index + 1, first=chunk.first + 1,
                                                  last=chunk.first + chunk.count, n=count))
            continue
        log.warning("chunk queued again", extra={
            "job_id": chunk.batch_id, "chunk": chunk.index, "previous_holder": chunk.holder,
            "requeues": count})
        queue.send(CHUNK, chunk.batch_id, chunk.index)
        sent.append((CHUNK, chunk.batch_id, chunk.index))
    for batch in store.silent_celery(lease):
        chunks = store.chunks(batch.id)
        if batch.rows_key is None or any(c.sent_at is None and c.result_key is None
                                          for c in chunks):
            step = START
        elif all(c.result_key for c in chunks):
            step = FINISH
        else:
            continue  # chunks still to render: their leases say whether they are lost
        w = waiting(batch.id)
        if w is None or any(s == step for s, _ in w) or not store.touch_if_silent(
                batch.id, lease):
            continue
        log.warning("job step queued again", extra={"job_id": batch.id, "step": step})
        queue.send(step, batch.id)
        sent.append((step, batch.id, None))
    return sent
