"""How batch jobs are run: a small interface with an in-process default.

``ThreadExecutor`` runs jobs on a thread pool inside the web process (no extra server);
the heavy rendering inside a job already spreads over the CPU cores with processes. A
Celery executor fits the same ``submit(batch_id)`` shape: a task that calls
``docgen.jobs.service.execute(batch_id)``, since jobs take the batch id, not objects.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol


class Executor(Protocol):
    def submit(self, batch_id: str) -> None: ...


class ThreadExecutor:
    """Runs ``job(batch_id)`` on a bounded thread pool."""

    def __init__(self, job: Callable[[str], None], workers: int = 1) -> None:
        self._job = job
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docgen-batch")
        self.futures: dict[str, Future[None]] = {}

    def submit(self, batch_id: str) -> None:
        self.futures[batch_id] = self._pool.submit(self._job, batch_id)

    def wait(self, batch_id: str, timeout: float | None = None) -> None:
        """Block until a job has finished (tests, command line)."""
        self.futures[batch_id].result(timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
