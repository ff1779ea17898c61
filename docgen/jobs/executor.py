"""How jobs are run: ``submit(batch_id)`` once the job's row is committed.

``ThreadExecutor`` (no broker configured) runs jobs on a thread pool inside the web
process, rendering in subprocesses that die with it, and heartbeats every job it holds
(queued ones too), so a job it lost in a restart is told apart from one waiting its turn.
``CeleryExecutor`` (``DOCGEN_BROKER_URL``) sends the job's first task to the broker; the
workers (``docgen worker``) do the rest. Tasks take the job id, never objects: the state
is in the database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from docgen.config import Settings


class Executor(Protocol):
    def submit(self, batch_id: str) -> None: ...


class ThreadExecutor:
    """Runs ``job(batch_id)`` on a bounded thread pool, with a heartbeat thread."""

    runner = "inprocess"

    def __init__(self, job: Callable[[str], None], workers: int = 1,
                 beat: Callable[[list[str]], None] | None = None,
                 interval: float = 30.0) -> None:
        self._job = job
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docgen-batch")
        self.futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._beat = beat
        self._interval = interval
        self._stop = threading.Event()
        self._beater: threading.Thread | None = None

    def _held(self) -> list[str]:
        with self._lock:
            return [i for i, f in self.futures.items() if not f.done()]

    def _beat_loop(self) -> None:
        while not self._stop.wait(self._interval):
            held = self._held()
            if held and self._beat is not None:
                try:
                    self._beat(held)
                except Exception:  # noqa: BLE001 - a missed beat is retried next time
                    pass

    def submit(self, batch_id: str) -> None:
        with self._lock:
            self.futures[batch_id] = self._pool.submit(self._job, batch_id)
            if self._beat is not None and self._beater is None:
                self._beater = threading.Thread(target=self._beat_loop, daemon=True,
                                                name="docgen-heartbeat")
                self._beater.start()

    def wait(self, batch_id: str, timeout: float | None = None) -> None:
        """Block until a job has finished (tests, command line)."""
        self.futures[batch_id].result(timeout)

    def shutdown(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True)


class CeleryExecutor:
    """Sends jobs to Celery workers through the broker."""

    runner = "celery"

    def __init__(self, settings: Settings) -> None:
        from docgen.jobs.celery_app import make_celery

        self.settings = settings
        self.app = make_celery(settings)

    def submit(self, batch_id: str) -> None:
        from docgen.jobs.celery_app import START

        self.app.send_task(START, args=[batch_id], queue=self.settings.job_queue)

    def holds(self, batch_id: str) -> bool:
        from docgen.jobs.celery_app import broker_holds

        return broker_holds(self.settings, batch_id)


def executor_for(settings: Settings, job: Callable[[str], None],
                 beat: Callable[[list[str]], None], interval: float) -> Any:
    """Celery when a broker is configured, else threads in this process."""
    if settings.broker_url:
        return CeleryExecutor(settings)
    return ThreadExecutor(job, beat=beat, interval=interval)
