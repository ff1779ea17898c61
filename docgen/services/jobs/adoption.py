"""Taking over in-process jobs whose process stopped.

Without a broker a job runs on a thread of the web process that created it (or adopted
it). When that process ends mid-job — gunicorn recycling a worker after
``DOCGEN_WEB_MAX_REQUESTS``, SIGHUP/SIGTERM, a restart, ``kill -9`` — the job is left
queued or running in the database, and another process that runs jobs in-process takes
it over ("adopts" it) and runs it again from where it stopped: every step of the pipeline
is idempotent (chunks recorded once, register numbers allocated once per row).

A job is adoptable when its heartbeat has been silent for ``SILENT_BEATS`` heartbeat
intervals (every process beats every job it holds, queued ones too), or at once when its
owner is a process of this host that no longer exists. The claim is one conditional
UPDATE, so of several processes trying at once exactly one runs it. A job interrupted
again and again (a batch too large to finish between two recycles) is failed after
``MAX_ADOPTIONS`` takeovers with a reason the clerk can act on, rather than retried for
ever. Celery jobs are never adopted: their durability is the broker's.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any, Protocol

from docgen.render.processes import alive
from docgen.services.jobs.store import ACTIVE, aware, now
from docgen.services.registry.models import Batch

log = logging.getLogger("docgen.jobs")

#: Heartbeat intervals of silence after which a job's process is taken for gone.
SILENT_BEATS = 3
#: Takeovers a job gets; interrupted once more, it is failed with ``INTERRUPTED``.
MAX_ADOPTIONS = 3
INTERRUPTED = ("Lô bị gián đoạn {n} lần vì máy chủ dừng khi đang xử lý: hãy chia nhỏ lô "
               "hoặc báo quản trị")


class Adopter(Protocol):
    """What adoption needs of an executor: who it is, what it holds, how to run a job."""

    @property
    def owner(self) -> str: ...

    def held(self) -> list[str]: ...

    def submit(self, batch_id: str) -> None: ...


def this_host() -> str:
    return socket.gethostname()


def owner_id() -> str:
    """This process, as recorded on the jobs it holds (read at each use: a forked
    gunicorn worker has its own pid)."""
    return f"{this_host()}:{os.getpid()}"


def owner_gone(owner: str | None, host: str | None = None) -> bool:
    """True when ``owner`` is a process of this host that no longer runs. A process on
    another host cannot be checked: its jobs wait for the heartbeat's silence."""
    if not owner:
        return False
    owner_host, _, pid_text = owner.rpartition(":")
    if owner_host != (host or this_host()) or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    return pid != os.getpid() and not alive(pid)


def adopt(jobs: Any, executor: Adopter, interval: float,
          batch: Batch | None = None) -> list[str]:
    """Take over the in-process jobs whose process is gone (only ``batch`` when given: a
    status read) and submit them to ``executor``. ``jobs`` is the pipeline (``Jobs``).
    Returns the ids this process now runs."""
    silent_for = SILENT_BEATS * interval
    host = this_host()
    held = set(executor.held())
    candidates = [batch] if batch is not None else jobs.store.adoptable(silent_for, host)
    adopted = []
    for b in candidates:
        if b.id in held or b.state not in ACTIVE or b.runner != "inprocess":
            continue
        dead = owner_gone(b.owner, host)
        last = aware(b.heartbeat_at or b.created_at) or now()
        if not dead and (now() - last).total_seconds() <= silent_for:
            continue
        count = jobs.store.claim(b.id, executor.owner, silent_for=silent_for,
                                 dead_owner=b.owner if dead else None)
        if count is None:
            continue  # another process was first
        if count > MAX_ADOPTIONS:
            jobs.fail(b.id, INTERRUPTED.format(n=count))
            continue
        log.info("job adopted", extra={"job_id": b.id, "previous_owner": b.owner,
                                       "adoptions": count})
        executor.submit(b.id)
        adopted.append(b.id)
    return adopted
