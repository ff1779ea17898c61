"""docgen's jobs on Celery with Redis as the broker (``DOCGEN_BROKER_URL``).

Every task is acknowledged late and rejected when its worker is lost, so a worker killed
mid-task (``kill -9``, out of memory) leaves the message in Redis; after the visibility
timeout another worker takes it. The tasks are the idempotent steps of
``docgen.services.jobs.pipeline``: a redelivered task finds what was done and does the rest.
Ordering is driven by the database, not by a chord: the chunk that records the last file
queues the merge, and a redelivered chunk queues it again (the merge is idempotent), so no
result backend is needed and a lost message cannot strand a batch.

``make_celery`` builds the app from ``Settings`` (the web side only sends tasks by name);
``docgen.worker`` is the module ``celery -A`` loads in a worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from docgen.config import Settings
from docgen.errors import ConflictError, DocgenError
from docgen.services.jobs.pipeline import CERTIFICATES, Jobs, heartbeat, heartbeat_interval

log = logging.getLogger("docgen.jobs")

START = "docgen.job.start"
CHUNK = "docgen.batch.chunk"
FINISH = "docgen.batch.finish"
SWEEP = "docgen.jobs.sweep"
PURGE = "docgen.jobs.purge"
#: Transient failures (database busy, storage hiccup) are retried this many times.
MAX_RETRIES = 3


def make_celery(settings: Settings) -> Celery:
    app = Celery("docgen", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=settings.job_queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # One message at a time per process: a prefetched chunk would wait behind a long
        # one instead of going to an idle worker.
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json", accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.job_visibility_timeout,
            # Look for messages of dead workers a few times per visibility timeout.
            "unacked_restore_interval": max(1, min(10, settings.job_visibility_timeout // 4)),
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
        beat_schedule={
            "docgen-sweep": {"task": SWEEP,
                             "schedule": float(max(5, settings.job_stale_seconds // 2))},
            "docgen-purge": {"task": PURGE, "schedule": 3600.0},
        },
        timezone="UTC",
    )
    return app


def broker_holds(settings: Settings, batch_id: str) -> bool:
    """Does Redis still hold a task message of this job: waiting in the queue, or taken
    by a worker and not yet acknowledged (kombu's ``unacked`` hash, which also keeps the
    messages of a worker that died until they are restored)? Ids are 32 random hex
    characters and appear in the message headers (``argsrepr``), so a substring test is
    exact enough. A broker that cannot be asked counts as holding (never fail a job
    because Redis blinked)."""
    import redis

    def look(client: redis.Redis) -> bool:
        needle = batch_id.encode()
        for key in client.scan_iter(match=f"{settings.job_queue}*", count=100):
            if client.type(key) == b"list" and any(
                    needle in m for m in client.lrange(key, 0, -1)):
                return True
        return any(needle in m for m in client.hvals("unacked"))

    try:
        with redis.Redis.from_url(settings.broker_url, socket_timeout=5) as client:
            # A message moves from the queue to ``unacked`` in two steps: look twice,
            # a moment apart, before calling it gone.
            if look(client):
                return True
            time.sleep(0.5)
            return look(client)
    except redis.RedisError:
        log.warning("broker not reachable while checking job %s", batch_id, exc_info=True)
        return True


def register_tasks(app: Celery, settings: Settings, jobs_of: Callable[[], Jobs]) -> None:
    """The tasks of a worker (``docgen.worker``), running the steps of the pipeline
    ``jobs_of()`` gives: the worker's composition root builds it in each pool process, after
    the fork, on its first task."""

    limit = settings.render_time_limit
    opts: dict[str, Any] = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
                            "max_retries": MAX_RETRIES, "soft_time_limit": limit,
                            "time_limit": limit + 60}

    def guarded(task: Task, batch_id: str, step: Callable[[], Any]) -> Any:
        """Run a step with a heartbeat; turn its end into the job's state: input and
        time-limit errors fail the job, anything else is retried, then fails it."""
        jobs = jobs_of()
        t0 = time.perf_counter()
        try:
            with heartbeat(jobs.store, lambda: [batch_id], heartbeat_interval(settings)):
                return step()
        except SoftTimeLimitExceeded:
            jobs.fail(batch_id, f"quá thời gian in cho phép ({limit} giây): đã dừng")
        except DocgenError as exc:
            if not isinstance(exc, ConflictError):
                jobs.fail_with(batch_id, exc)
                return None
            # A clash with another run of the same idempotent step (Redis redelivers a
            # task still running past the visibility timeout): try again, do not fail.
            if task.request.retries < MAX_RETRIES:
                log.warning("job step clashed, retried", extra={"job_id": batch_id,
                                                                   "task": task.name})
                raise task.retry(exc=exc, countdown=2 ** task.request.retries) from exc
            jobs.fail_with(batch_id, exc)
        except Exception as exc:
            if task.request.retries < MAX_RETRIES:
                log.warning("job step retried", exc_info=exc,
                            extra={"job_id": batch_id, "task": task.name})
                raise task.retry(exc=exc, countdown=2 ** task.request.retries) from exc
            jobs.fail_with(batch_id, exc)
        finally:
            log.info("job step", extra={"job_id": batch_id, "task": task.name,
                                           "ms": int((time.perf_counter() - t0) * 1000)})
        return None

    @app.task(name=START, **opts)
    def start(self: Task, batch_id: str) -> None:
        jobs = jobs_of()

        def step() -> None:
            if jobs.store.get(batch_id).kind != CERTIFICATES:
                jobs.render_job(batch_id)
                return
            pending = jobs.prepare(batch_id)
            if pending is None:
                return
            for index in pending:
                chunk.apply_async((batch_id, index), queue=settings.job_queue)
            if not pending:
                finish.apply_async((batch_id,), queue=settings.job_queue)

        guarded(self, batch_id, step)

    @app.task(name=CHUNK, **opts)
    def chunk(self: Task, batch_id: str, index: int) -> None:
        jobs = jobs_of()

        def step() -> None:
            if jobs.store.get(batch_id).state not in ("queued", "running"):
                return
            if jobs.render_chunk(batch_id, index):
                finish.apply_async((batch_id,), queue=settings.job_queue)

        guarded(self, batch_id, step)

    @app.task(name=FINISH, **opts)
    def finish(self: Task, batch_id: str) -> None:
        guarded(self, batch_id, lambda: jobs_of().finish(batch_id))

    @app.task(name=SWEEP, acks_late=True)
    def sweep() -> list[str]:
        return jobs_of().sweep(lambda i: broker_holds(settings, i))

    @app.task(name=PURGE, acks_late=True)
    def purge() -> tuple[int, int]:
        return jobs_of().purge()
