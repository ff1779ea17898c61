"""docgen's jobs on Celery with Redis as the broker (``DOCGEN_BROKER_URL``).

Every task is acknowledged late and rejected when its worker is lost, so a worker killed
mid-task (``kill -9``, out of memory) leaves the message in Redis; after the visibility
timeout another worker takes it. Long before that, the chunk's lease has gone silent and a
live worker queues the step again (``docgen.services.jobs.recovery``: each worker process
sweeps from a thread, ``start_recovery``). The tasks are the idempotent steps of
``docgen.services.jobs.pipeline``: a redelivered task finds what was done and does the rest.
Ordering is driven by the database, not by a chord: the chunk that records the last file
queues the merge, and a redelivered chunk queues it again (the merge is idempotent), so no
result backend is needed and a lost message cannot strand a batch.

``make_celery`` builds the app from ``Settings`` (the web side only sends tasks by name);
``docgen.worker`` is the module ``celery -A`` loads in a worker.
"""

from __future__ import annotations

import ast
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from docgen.config import Settings
from docgen.errors import ConflictError, DocgenError
from docgen.services.jobs import recovery
from docgen.services.jobs.adoption import owner_id
from docgen.services.jobs.pipeline import CERTIFICATES, Jobs, heartbeat, heartbeat_interval
from docgen.services.jobs.store import ACTIVE

log = logging.getLogger("docgen.jobs")

START = "docgen.job.start"
CHUNK = "docgen.batch.chunk"
FINISH = "docgen.batch.finish"
SWEEP = "docgen.jobs.sweep"
MAIL = "docgen.mail.deliver"
PURGE = "docgen.jobs.purge"
#: Transient failures (database busy, storage hiccup) are retried this many times.
MAX_RETRIES = 3
#: Each step of recovery by its task.
TASKS = {recovery.START: START, recovery.CHUNK: CHUNK, recovery.FINISH: FINISH}
STEPS = {task: step for step, task in TASKS.items()}


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


def _queued(client: Any, queue: str) -> list[bytes]:
    """The messages waiting in ``queue`` (and its priority lists)."""
    out: list[bytes] = []
    for key in client.scan_iter(match=f"{queue}*", count=100):
        if client.type(key) == b"list":
            out += client.lrange(key, 0, -1)
    return out


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
        if any(needle in m for m in _queued(client, settings.job_queue)):
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


def broker_waiting(settings: Settings, batch_id: str) -> set[tuple[str, int | None]] | None:
    """The steps of a job whose messages wait in the queue (not yet taken by a worker), as
    (step, chunk index or None); None when Redis cannot be asked. Read from the headers
    Celery's message protocol 2 writes (``task``, ``argsrepr``)."""
    import redis

    found: set[tuple[str, int | None]] = set()
    try:
        with redis.Redis.from_url(settings.broker_url, socket_timeout=5) as client:
            messages = _queued(client, settings.job_queue)
    except redis.RedisError:
        log.warning("broker not reachable while looking for job %s", batch_id, exc_info=True)
        return None
    needle = batch_id.encode()
    for message in messages:
        if needle not in message:
            continue
        try:
            headers = json.loads(message)["headers"]
            args = ast.literal_eval(headers["argsrepr"])
            step = STEPS[headers["task"]]
        except (ValueError, KeyError, TypeError, SyntaxError):
            continue  # not one of ours
        if args and args[0] == batch_id:
            found.add((step, int(args[1]) if len(args) > 1 else None))
    return found


class BrokerQueue:
    """Recovery's queue (``docgen.services.jobs.recovery.Queue``) on a Celery app."""

    def __init__(self, app: Celery, settings: Settings) -> None:
        self.app, self.settings = app, settings

    def send(self, step: str, batch_id: str, index: int | None = None) -> None:
        args = [batch_id] if index is None else [batch_id, index]
        self.app.send_task(TASKS[step], args=args, queue=self.settings.job_queue)

    def waiting(self, batch_id: str) -> set[tuple[str, int | None]] | None:
        return broker_waiting(self.settings, batch_id)


def start_recovery(app: Celery, settings: Settings, jobs_of: Callable[[], Jobs],
                   mailer_of: Callable[[], Any] | None = None) -> threading.Thread:
    """Sweep for lost steps from a thread of this worker process, every quarter of a
    lease (with a little jitter, so the processes of a site do not sweep in step); the
    same sweep sends the e-mail due again (``docgen.services.jobs.mail``)."""
    queue = BrokerQueue(app, settings)
    interval = recovery.lease_interval(settings)

    def loop() -> None:
        while True:
            time.sleep(interval * random.uniform(0.8, 1.0))
            try:
                recovery.recover(jobs_of(), queue, settings.job_lease_seconds)
            except Exception:  # the next sweep tries again
                log.warning("job recovery sweep failed", exc_info=True)
            if mailer_of is not None and settings.mail_enabled:
                try:
                    mailer_of().deliver_due()
                except Exception:  # the next sweep tries again
                    log.warning("mail sweep failed", exc_info=True)

    thread = threading.Thread(target=loop, name="docgen-recovery", daemon=True)
    thread.start()
    return thread


def register_tasks(app: Celery, settings: Settings, jobs_of: Callable[[], Jobs],
                   mailer_of: Callable[[], Any] | None = None) -> None:
    """The tasks of a worker (``docgen.worker``), running the steps of the pipeline
    ``jobs_of()`` gives (and the outbox's sender ``mailer_of()``): the worker's composition
    root builds them in each pool process, after the fork, on its first task."""

    limit = settings.render_time_limit
    opts: dict[str, Any] = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
                            "max_retries": MAX_RETRIES, "soft_time_limit": limit,
                            "time_limit": limit + 60}

    interval = min(heartbeat_interval(settings), recovery.lease_interval(settings))

    def guarded(task: Task, batch_id: str, step: Callable[[], Any],
                renew: Callable[[], Any] | None = None) -> Any:
        """Run a step with a heartbeat (the job's, and ``renew`` the chunk's lease); turn
        its end into the job's state: input and time-limit errors fail the job, anything
        else is retried, then fails it."""
        jobs = jobs_of()
        t0 = time.perf_counter()
        try:
            with heartbeat(jobs.store, lambda: [batch_id], interval, renew):
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
            jobs.store.sent(batch_id, pending)
            if not pending:
                finish.apply_async((batch_id,), queue=settings.job_queue)

        guarded(self, batch_id, step)

    @app.task(name=CHUNK, **opts)
    def chunk(self: Task, batch_id: str, index: int) -> None:
        jobs = jobs_of()

        holder = owner_id()

        def step() -> None:
            if jobs.store.get(batch_id).state not in ACTIVE:
                return
            if not jobs.store.claim_chunk(batch_id, index, holder, settings.job_lease_seconds):
                # Done, or rendered by a live worker right now (this is a second delivery:
                # queued again, or redelivered by Redis): nothing to render here. A batch
                # whose last chunk's worker died before queuing the merge gets it now.
                if all(c.result_key for c in jobs.store.chunks(batch_id)):
                    finish.apply_async((batch_id,), queue=settings.job_queue)
                return
            try:
                last = jobs.render_chunk(batch_id, index)
            except BaseException:
                # Retried (sent again) or failed: the chunk is nobody's meanwhile.
                jobs.store.release_chunk(batch_id, index, holder)
                raise
            if last:
                finish.apply_async((batch_id,), queue=settings.job_queue)

        guarded(self, batch_id, step,
                renew=lambda: jobs.store.beat_chunk(batch_id, index, holder))

    @app.task(name=FINISH, **opts)
    def finish(self: Task, batch_id: str) -> None:
        guarded(self, batch_id, lambda: jobs_of().finish(batch_id))

    @app.task(name=SWEEP, acks_late=True)
    def sweep() -> list[str]:
        recovery.recover(jobs_of(), BrokerQueue(app, settings), settings.job_lease_seconds)
        return jobs_of().sweep(lambda i: broker_holds(settings, i))

    @app.task(name=MAIL, acks_late=True, ignore_result=True)
    def mail() -> int:
        # Failures are kept on each outbox row and tried again by the sweeps.
        return mailer_of().deliver_due() if mailer_of is not None else 0

    @app.task(name=PURGE, acks_late=True)
    def purge() -> tuple[int, int]:
        return jobs_of().purge()
