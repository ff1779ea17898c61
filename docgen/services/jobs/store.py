"""Where jobs live: one row of the ``batches`` table per job (state, progress, per-row
errors, who started it, heartbeat, failure reason) and its chunks in ``batch_chunks``; the
input, the validated rows, the chunk files and the result go through the storage
interface (``FileStore``: content-addressed, on disk by default).

Every web process and every worker reads and writes the same rows, so any of them reports
the true state, including after a restart. Each change is one short transaction; state
changes are conditional updates (``WHERE state IN (...)``), so two processes racing on a
job cannot both move it, and a finished job is never reopened.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from docgen.config import Settings
from docgen.errors import NotFoundError
from docgen.services.registry.db import make_engine, rowcount, session_factory, upgrade
from docgen.services.registry.models import Batch, BatchChunk
from docgen.services.registry.storage import DiskStore, FileStore

STATES = ("queued", "running", "done", "failed")
ACTIVE = ("queued", "running")


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without their zone; every one we store is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    m = aware(moment)
    return m.isoformat(timespec="seconds") if m else None


def is_batch_id(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


class BatchStore:
    """Jobs in the database, their files in a ``FileStore``. The engine is built (and the
    schema upgraded) on first use, so an app that never runs a job needs no database."""

    def __init__(self, settings: Settings,
                 sessions: sessionmaker[Session] | Callable[[], sessionmaker[Session]] | None
                 = None, files: FileStore | None = None) -> None:
        """``sessions``: the process's sessions, or a function giving them on first use
        (the composition root's, so jobs share its one engine); None: an engine of its
        own on first use (a test's store)."""
        self.settings = settings
        self._sessions = sessions if isinstance(sessions, sessionmaker) else None
        self._shared = None if isinstance(sessions, sessionmaker) else sessions
        self.files: FileStore = files or DiskStore(settings.data_dir / "batches")
        self._lock = threading.Lock()

    @property
    def sessions(self) -> sessionmaker[Session]:
        with self._lock:
            if self._sessions is None and self._shared is not None:
                self._sessions = self._shared()
            if self._sessions is None:
                engine = make_engine(self.settings.effective_database_url)
                upgrade(engine)
                self._sessions = session_factory(engine)
            return self._sessions

    def close(self) -> None:
        """Close the database connections (a test dropping its database, a shutdown)."""
        with self._lock:
            if self._sessions is not None:
                self._sessions.kw["bind"].dispose()

    # -- creating and reading -------------------------------------------------------------

    def create(self, fields: dict[str, Any], inputs: dict[str, bytes]) -> Batch:
        """Store the inputs (``input``, and ``meta`` for a spreadsheet), then the row."""
        keys = {f"{name}_key": self.files.put(data) for name, data in inputs.items()}
        batch = Batch(id=secrets.token_hex(16), state="queued", created_at=now(), done=0,
                      errors=[], notes=[], blank_rows=0, **keys, **fields)
        with self.sessions.begin() as s:
            s.add(batch)
        return batch

    def get(self, batch_id: str) -> Batch:
        # Ids are generated here (hex); anything else is not a batch of ours.
        if not is_batch_id(batch_id):
            raise NotFoundError("không có lô này")
        with self.sessions() as s:
            batch = s.get(Batch, batch_id)
        if batch is None:
            raise NotFoundError("không có lô này")
        return batch

    @staticmethod
    def view(batch: Batch) -> dict[str, Any]:
        """The public state of a job (no traceback, no storage keys)."""
        return {"id": batch.id, "kind": batch.kind, "state": batch.state,
                "total": batch.total, "done": batch.done, "produced": batch.produced,
                "rejected": batch.rejected, "blank_rows": batch.blank_rows,
                "errors": batch.errors or [], "notes": batch.notes or [],
                "output_format": batch.output_format, "source": batch.source,
                "input_name": batch.input_name, "registered": batch.registered,
                "reprinted": batch.reprinted, "decision_paper_id": batch.decision_paper_id,
                "sealed": batch.seal_agency is not None,
                "created_by": batch.created_by, "agency": batch.agency,
                "created_at": _iso(batch.created_at), "started_at": _iso(batch.started_at),
                "finished_at": _iso(batch.finished_at),
                "heartbeat_at": _iso(batch.heartbeat_at),
                "seconds": batch.seconds, "error": batch.error,
                "result": batch.result_name, "result_size": batch.result_size}

    def chunks(self, batch_id: str) -> list[BatchChunk]:
        with self.sessions() as s:
            return list(s.execute(select(BatchChunk).where(BatchChunk.batch_id == batch_id)
                                  .order_by(BatchChunk.index)).scalars())

    def chunk(self, batch_id: str, index: int) -> BatchChunk:
        with self.sessions() as s:
            chunk = s.get(BatchChunk, (batch_id, index))
        if chunk is None:
            raise NotFoundError(f"lô {batch_id} không có phần {index}")
        return chunk

    # -- moving a job ------------------------------------------------------------------------

    def _set(self, batch_id: str, states: Iterable[str] | None, **fields: Any) -> bool:
        stmt = update(Batch).where(Batch.id == batch_id)
        if states is not None:
            stmt = stmt.where(Batch.state.in_(tuple(states)))
        with self.sessions.begin() as s:
            return bool(rowcount(s.execute(stmt.values(**fields))))

    def for_decision(self, paper_id: int) -> Batch | None:
        """The newest batch printing the certificates of an issued decision that has not
        failed (its paper page's button opens it rather than starting another)."""
        with self.sessions() as s:
            return s.execute(select(Batch).where(
                Batch.decision_paper_id == paper_id, Batch.state != "failed")
                .order_by(Batch.created_at.desc())).scalars().first()

    def unfinished(self, agency: str | None, kind: str, limit: int
                   ) -> tuple[list[Batch], int]:
        """The jobs of ``kind`` still queued or running (of ``agency``; None: of every
        agency), newest first (at most ``limit``), and how many there are."""
        stmt = select(Batch).where(Batch.kind == kind, Batch.state.in_(("queued", "running")))
        if agency is not None:
            stmt = stmt.where(Batch.agency == agency)
        with self.sessions() as s:
            total = s.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
            rows = s.execute(stmt.order_by(Batch.created_at.desc()).limit(limit)).scalars()
            return list(rows), int(total)

    def decision_batches(self, paper_id: int) -> list[Batch]:
        """The batches printing an issued decision's certificates that have not failed,
        oldest first (one per award: a decision whose collectives receive an award of
        their own has two)."""
        with self.sessions() as s:
            return list(s.execute(select(Batch).where(
                Batch.decision_paper_id == paper_id, Batch.state != "failed")
                .order_by(Batch.created_at, Batch.id)).scalars())

    def update(self, batch_id: str, **fields: Any) -> None:
        self._set(batch_id, None, **fields)

    def start(self, batch_id: str) -> Batch | None:
        """Mark a job running (again, after a crash); None when it has already ended."""
        moment = now()
        with self.sessions.begin() as s:
            batch = s.get(Batch, batch_id, with_for_update=True)
            if batch is None or batch.state not in ACTIVE:
                return None
            batch.state = "running"
            batch.started_at = batch.started_at or moment
            batch.heartbeat_at = moment
        return batch

    def plan(self, batch_id: str, rows_key: str, *, produced: int, rejected: int,
             errors: list[dict[str, Any]], notes: list[str], blank_rows: int,
             chunks: list[tuple[int, int]]) -> None:
        """Record the row check and the chunks, once: a retried first step keeps them."""
        with self.sessions.begin() as s:
            batch = s.get(Batch, batch_id, with_for_update=True)
            if batch is None or batch.rows_key is not None:
                return
            batch.rows_key, batch.produced, batch.rejected = rows_key, produced, rejected
            batch.errors, batch.notes, batch.blank_rows = errors, notes, blank_rows
            s.add_all(BatchChunk(batch_id=batch_id, index=i, first=first, count=count)
                      for i, (first, count) in enumerate(chunks))

    def chunk_done(self, batch_id: str, index: int, key: str) -> bool:
        """Record a chunk's file (the first writer wins) and the progress; True when every
        chunk of the batch is done — for exactly one of the chunks finishing last together.

        The batch row is locked first: on PostgreSQL (READ COMMITTED) two workers recording
        the last two chunks at once would otherwise each count the other's chunk as not
        done, neither would start the merge, and the batch would sit ``running`` until it
        was failed as vanished. (SQLite's BEGIN IMMEDIATE already serialises them.)"""
        moment = now()
        with self.sessions.begin() as s:
            s.execute(select(Batch.id).where(Batch.id == batch_id).with_for_update())
            s.execute(update(BatchChunk).where(
                BatchChunk.batch_id == batch_id, BatchChunk.index == index,
                BatchChunk.result_key.is_(None)).values(result_key=key, done_at=moment))
            done, left = s.execute(select(
                func.coalesce(func.sum(BatchChunk.count).filter(
                    BatchChunk.result_key.is_not(None)), 0),
                func.count().filter(BatchChunk.result_key.is_(None)))
                .where(BatchChunk.batch_id == batch_id)).one()
            # Rows are done once rendered, or once checked and rejected (or blank): ``done``
            # reaches ``total``, as the batch page shows it.
            s.execute(update(Batch).where(Batch.id == batch_id, Batch.state.in_(ACTIVE))
                      .values(done=int(done) + func.coalesce(Batch.rejected, 0)
                              + Batch.blank_rows, heartbeat_at=moment))
        return int(left) == 0

    # -- chunk leases (Celery; docgen.services.jobs.recovery) --------------------------------

    def sent(self, batch_id: str, indexes: Iterable[int]) -> None:
        """Record that the tasks of these chunks were just sent to the broker."""
        ids = list(indexes)
        if ids:
            with self.sessions.begin() as s:
                s.execute(update(BatchChunk).where(
                    BatchChunk.batch_id == batch_id, BatchChunk.index.in_(ids),
                    BatchChunk.result_key.is_(None)).values(sent_at=now()))

    def claim_chunk(self, batch_id: str, index: int, holder: str, lease: float) -> bool:
        """Take a chunk to render, in ONE conditional UPDATE, so that of two deliveries of
        the same chunk (a queued-again chunk, Redis's own redelivery) exactly one renders:
        True when the chunk is not done and nobody else holds a live lease on it (no
        holder, this holder, or a holder silent for ``lease`` seconds)."""
        limit = now() - timedelta(seconds=lease)
        with self.sessions.begin() as s:
            return bool(rowcount(s.execute(update(BatchChunk).where(
                BatchChunk.batch_id == batch_id, BatchChunk.index == index,
                BatchChunk.result_key.is_(None),
                BatchChunk.holder.is_(None) | (BatchChunk.holder == holder)
                | (BatchChunk.beat_at < limit)).values(holder=holder, beat_at=now()))))

    def beat_chunk(self, batch_id: str, index: int, holder: str) -> bool:
        """Renew a lease; False when it is not ours any more (taken for lost)."""
        with self.sessions.begin() as s:
            return bool(rowcount(s.execute(update(BatchChunk).where(
                BatchChunk.batch_id == batch_id, BatchChunk.index == index,
                BatchChunk.holder == holder).values(beat_at=now()))))

    def release_chunk(self, batch_id: str, index: int, holder: str) -> None:
        """Give a lease back without the chunk done (its task is retried: sent again)."""
        with self.sessions.begin() as s:
            s.execute(update(BatchChunk).where(
                BatchChunk.batch_id == batch_id, BatchChunk.index == index,
                BatchChunk.holder == holder, BatchChunk.result_key.is_(None))
                .values(holder=None, beat_at=None, sent_at=now()))

    def lost_chunks(self, lease: float) -> list[BatchChunk]:
        """Chunks of active Celery jobs that may have lost their task: held by a worker
        silent for ``lease`` seconds, or sent that long ago and never taken."""
        limit = now() - timedelta(seconds=lease)
        with self.sessions() as s:
            return list(s.execute(select(BatchChunk).join(
                Batch, Batch.id == BatchChunk.batch_id).where(
                Batch.state.in_(ACTIVE), Batch.runner == "celery",
                BatchChunk.result_key.is_(None),
                (BatchChunk.holder.is_not(None) & (BatchChunk.beat_at < limit))
                | (BatchChunk.holder.is_(None) & (BatchChunk.sent_at < limit))))
                .scalars())

    def requeue_chunk(self, chunk: BatchChunk, lease: float) -> int | None:
        """Mark a lost chunk queued again, in ONE conditional UPDATE (of several sweepers
        exactly one wins: the new ``sent_at`` makes the condition false for the others).
        Returns its count of requeues including this one, or None when it was not lost
        any more (done, renewed, or queued again by another sweeper)."""
        limit = now() - timedelta(seconds=lease)
        stmt = update(BatchChunk).where(BatchChunk.batch_id == chunk.batch_id,
                                        BatchChunk.index == chunk.index,
                                        BatchChunk.result_key.is_(None))
        if chunk.holder is not None:
            stmt = stmt.where(BatchChunk.holder == chunk.holder, BatchChunk.beat_at < limit)
        else:
            stmt = stmt.where(BatchChunk.holder.is_(None), BatchChunk.sent_at < limit)
        with self.sessions.begin() as s:
            if not rowcount(s.execute(stmt.values(holder=None, beat_at=None, sent_at=now(),
                                                  requeues=BatchChunk.requeues + 1))):
                return None
            return int(s.execute(select(BatchChunk.requeues).where(
                BatchChunk.batch_id == chunk.batch_id, BatchChunk.index == chunk.index))
                .scalar_one())

    def silent_celery(self, seconds: float) -> list[Batch]:
        """Active Celery jobs none of whose steps has beaten for ``seconds``."""
        limit = now() - timedelta(seconds=seconds)
        with self.sessions() as s:
            return list(s.execute(select(Batch).where(
                Batch.state.in_(ACTIVE), Batch.runner == "celery",
                func.coalesce(Batch.heartbeat_at, Batch.created_at) < limit)).scalars())

    def touch_if_silent(self, batch_id: str, seconds: float) -> bool:
        """Beat a job silent for ``seconds``, in one conditional UPDATE: True for exactly
        one of several sweepers about to queue one of its steps again."""
        limit = now() - timedelta(seconds=seconds)
        with self.sessions.begin() as s:
            return bool(rowcount(s.execute(update(Batch).where(
                Batch.id == batch_id, Batch.state.in_(ACTIVE),
                func.coalesce(Batch.heartbeat_at, Batch.created_at) < limit)
                .values(heartbeat_at=now()))))

    def heartbeat(self, batch_ids: Iterable[str]) -> None:
        ids = list(batch_ids)
        if ids:
            with self.sessions.begin() as s:
                s.execute(update(Batch).where(Batch.id.in_(ids), Batch.state.in_(ACTIVE))
                          .values(heartbeat_at=now()))

    def finish(self, batch_id: str, **fields: Any) -> bool:
        return self._set(batch_id, ACTIVE, state="done", finished_at=now(), **fields)

    def fail(self, batch_id: str, reason: str, trace: str | None = None) -> bool:
        """Mark a job failed with a reason a clerk can read; False if it had ended."""
        return self._set(batch_id, ACTIVE, state="failed", finished_at=now(), error=reason,
                         trace=trace)

    # -- housekeeping ------------------------------------------------------------------------

    def silent(self, seconds: int) -> list[Batch]:
        """Queued or running jobs with no sign of life for ``seconds``."""
        limit = now() - timedelta(seconds=seconds)
        with self.sessions() as s:
            return list(s.execute(select(Batch).where(
                Batch.state.in_(ACTIVE),
                func.coalesce(Batch.heartbeat_at, Batch.created_at) < limit)).scalars())

    def adoptable(self, seconds: float, host: str) -> list[Batch]:
        """In-process jobs that may have lost their process: silent for ``seconds``, or
        held by a process of this host (whose pid the caller checks)."""
        limit = now() - timedelta(seconds=seconds)
        with self.sessions() as s:
            return list(s.execute(select(Batch).where(
                Batch.state.in_(ACTIVE), Batch.runner == "inprocess",
                (func.coalesce(Batch.heartbeat_at, Batch.created_at) < limit)
                | Batch.owner.like(f"{host}:%"))).scalars())

    def claim(self, batch_id: str, owner: str, *, silent_for: float,
              dead_owner: str | None = None) -> int | None:
        """Take an in-process job over, in ONE conditional UPDATE so that of several
        processes trying at once exactly one wins (on SQLite and PostgreSQL alike): the
        winner's new heartbeat (or owner) makes the condition false for the others.

        The job must still be active and silent for ``silent_for`` seconds, or, with
        ``dead_owner``, still held by that process (known gone). Returns the job's count
        of adoptions including this one, or None when another process was first."""
        stmt = update(Batch).where(Batch.id == batch_id, Batch.state.in_(ACTIVE),
                                   Batch.runner == "inprocess")
        if dead_owner is not None:
            stmt = stmt.where(Batch.owner == dead_owner)
        else:
            limit = now() - timedelta(seconds=silent_for)
            stmt = stmt.where(func.coalesce(Batch.heartbeat_at, Batch.created_at) < limit)
        with self.sessions.begin() as s:
            won = rowcount(s.execute(stmt.values(owner=owner, heartbeat_at=now(),
                                                 adoptions=Batch.adoptions + 1)))
            if not won:
                return None
            return int(s.execute(select(Batch.adoptions)
                                 .where(Batch.id == batch_id)).scalar_one())

    def expired(self, days: float) -> list[Batch]:
        """Finished jobs older than ``days``."""
        limit = now() - timedelta(days=days)
        with self.sessions() as s:
            return list(s.execute(select(Batch).where(
                Batch.state.in_(("done", "failed")), Batch.finished_at < limit)).scalars())

    def keys_of(self, batch: Batch) -> set[str]:
        keys = {batch.input_key, batch.meta_key, batch.rows_key, batch.result_key}
        keys |= {c.result_key for c in self.chunks(batch.id)}
        return {k for k in keys if k}

    def delete(self, batch: Batch) -> int:
        """Delete a job and the files no other job refers to (files are shared by content:
        the same spreadsheet sent twice is stored once). Returns the files removed."""
        keys = self.keys_of(batch)
        with self.sessions.begin() as s:
            # Declarative models type ``__table__`` as any FromClause; these are Tables.
            chunk_table = cast(Table, BatchChunk.__table__)
            batch_table = cast(Table, Batch.__table__)
            s.execute(chunk_table.delete().where(BatchChunk.batch_id == batch.id))
            s.execute(batch_table.delete().where(Batch.id == batch.id))
            cols = (Batch.input_key, Batch.meta_key, Batch.rows_key, Batch.result_key)
            still = set()
            for col in cols:
                still |= set(s.execute(select(col).where(col.in_(keys))).scalars())
            still |= set(s.execute(select(BatchChunk.result_key)
                                   .where(BatchChunk.result_key.in_(keys))).scalars())
        gone = keys - still
        for key in gone:
            self.files.delete(key)
        return len(gone)
