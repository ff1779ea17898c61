"""How jobs are run: ``submit(batch_id)`` once the job's row is committed.

``ThreadExecutor`` (no broker configured) runs jobs on a thread pool inside the web
process, rendering in subprocesses that die with it, and heartbeats every job it holds
(queued ones too), so a job it lost in a restart is told apart from one waiting its turn;
the same thread adopts the jobs other processes left behind (``docgen.services.jobs.adoption``).
When this process stops, its jobs are left for adoption, not failed (``stopping``).
``CeleryExecutor`` (``DOCGEN_BROKER_URL``) sends the job's first task to the broker; the
workers (``docgen worker``) do the rest. Tasks take the job id, never objects: the state
is in the database.
"""

from __future__ import annotations

# Imported before the exit hook below is registered: ``threading`` runs its exit hooks in
# reverse order, so ours runs FIRST and every job knows the process is stopping before
# either pool starts refusing new work ("cannot schedule new futures after interpreter
# shutdown"), which would otherwise be recorded as the job's failure.
import concurrent.futures.process  # noqa: F401
import concurrent.futures.thread  # noqa: F401
import logging
import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from docgen.config import Settings
from docgen.services.jobs.adoption import owner_id
from docgen.services.jobs.celery_app import START, broker_holds, make_celery

log = logging.getLogger("docgen.jobs")


#: The thread executors of this process, told when the interpreter starts to exit.
_LIVE: weakref.WeakSet[ThreadExecutor] = weakref.WeakSet()


def _interpreter_exiting() -> None:
    for executor in list(_LIVE):
        executor.stopping = True
        executor._stop.set()


threading._register_atexit(_interpreter_exiting)  # type: ignore[attr-defined]


class ThreadExecutor:
    """Runs ``job(batch_id)`` on a bounded thread pool, with a heartbeat thread that also
    adopts in-process jobs other (stopped) processes left behind (``adopt``)."""

    runner = "inprocess"

    def __init__(self, job: Callable[[str], None], workers: int = 1,
                 beat: Callable[[list[str]], None] | None = None,
                 interval: float = 30.0,
                 adopt: Callable[[], Any] | None = None) -> None:
        self._job = job
        self._workers = workers
        self._beat = beat
        self._interval = interval
        #: Called every ``interval`` by the heartbeat thread (``start``): adoption.
        self.adopt = adopt
        #: Also called every ``interval`` (the outbox's mail due again).
        self.periodic: list[Callable[[], Any]] = []
        self._fresh()
        _LIVE.add(self)
        ref = weakref.ref(self)

        def _after_fork() -> None:
            executor = ref()
            if executor is not None:
                executor._forked()

        os.register_at_fork(after_in_child=_after_fork)

    def _fresh(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=self._workers,
                                        thread_name_prefix="docgen-batch")
        self.futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beater: threading.Thread | None = None
        #: Set when this process stops (interpreter exit, ``shutdown``): a job that ends
        #: early then was interrupted, not failed; another process adopts it.
        self.stopping = False
        #: Start the heartbeat thread in forked children (a gunicorn master that
        #: preloaded the app runs no jobs itself; its workers do).
        self._in_children = getattr(self, "_in_children", False)

    def _forked(self) -> None:
        # A forked child has none of the parent's threads: fresh pool, lock and loop.
        # Only a gunicorn worker (``in_children_only``) runs jobs; any other child (a
        # render process) must not.
        self._fresh()
        if self._in_children:
            self.start()
        else:
            _LIVE.discard(self)

    @property
    def owner(self) -> str:

        return owner_id()

    def held(self) -> list[str]:
        """The jobs this process runs or has queued."""
        with self._lock:
            return [i for i, f in self.futures.items() if not f.done()]

    def _beat_loop(self) -> None:
        while not self._stop.wait(self._interval):
            held = self.held()
            if held and self._beat is not None:
                try:
                    self._beat(held)
                except Exception:  # noqa: BLE001 - a missed beat is retried next time
                    pass
            if self.adopt is not None and not self.stopping:
                try:
                    self.adopt()
                except Exception:  # the next round tries again
                    log.warning("job adoption failed", exc_info=True)
            for task in list(self.periodic):
                if self.stopping:
                    break
                try:
                    task()
                except Exception:  # the next round tries again
                    log.warning("periodic task failed", exc_info=True)

    def start(self) -> None:
        """Start the heartbeat (and adoption) thread of this process, once."""
        with self._lock:
            if self._beater is None and (self._beat or self.adopt) and not self.stopping:
                self._beater = threading.Thread(target=self._beat_loop, daemon=True,
                                                name="docgen-heartbeat")
                self._beater.start()

    def in_children_only(self) -> None:
        """Stop the heartbeat thread here and start it in each forked child instead (a
        gunicorn master that preloaded the app must run no job, nor open a database
        connection its workers would inherit)."""
        self._in_children = True
        self.stop_loop()

    def stop_loop(self) -> None:
        self._stop.set()
        beater, self._beater = self._beater, None
        if beater is not None and beater is not threading.current_thread():
            beater.join(5)
        self._stop = threading.Event()

    def submit(self, batch_id: str) -> None:
        with self._lock:
            self.futures[batch_id] = self._pool.submit(self._job, batch_id)
        self.start()

    def wait(self, batch_id: str, timeout: float | None = None) -> None:
        """Block until a job has finished (tests, command line)."""
        self.futures[batch_id].result(timeout)

    def shutdown(self) -> None:
        self.stopping = True
        self._stop.set()
        self._pool.shutdown(wait=True)


class CeleryExecutor:
    """Sends jobs to Celery workers through the broker."""

    runner = "celery"

    def __init__(self, settings: Settings) -> None:

        self.settings = settings
        self.app = make_celery(settings)

    def submit(self, batch_id: str) -> None:

        self.app.send_task(START, args=[batch_id], queue=self.settings.job_queue)

    def holds(self, batch_id: str) -> bool:

        return broker_holds(self.settings, batch_id)


def executor_for(settings: Settings, job: Callable[[str], None],
                 beat: Callable[[list[str]], None], interval: float) -> Any:
    """Celery when a broker is configured, else threads in this process (whose
    heartbeat thread the caller starts, once it has set ``adopt``)."""
    if settings.broker_url:
        return CeleryExecutor(settings)
    return ThreadExecutor(job, beat=beat, interval=interval)
