"""The steps of a job, each idempotent and runnable in any process (a web server's thread,
or a Celery worker on another machine): whatever a crash interrupts, running the step
again finishes it without redoing or duplicating what was done.

A certificate batch:

1. ``prepare`` checks the rows once, stores the good ones (storage key ``rows_key``) and
   cuts them into chunks; for a registered batch it allocates every register number and
   verification code in ONE short transaction keyed by (batch, row) — a retry finds the
   allocation and reuses it, so numbers are never taken twice and never skipped.
2. ``render_chunk`` renders one chunk (outside any write transaction) and records its
   file; a chunk whose file is recorded is not rendered again.
3. ``finish`` joins the chunk files into the merged PDF (pikepdf, pages copied from the
   chunk files on disk at write time, so no process holds every page) or the ZIP,
   stores it, and confirms the registered certificates.

A render job (a paper too large to render inside a request) is one step, ``render_job``.
``sweep`` fails jobs that nobody runs any more; ``purge`` deletes expired ones.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
import traceback
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from docgen.catalog import Catalog, load_catalog
from docgen.compose.certificate import CertificateEntry, CertificateFace
from docgen.config import Settings
from docgen.errors import ConfigError, DocgenError
from docgen.model.certificate import CertificateMeta, CertificateRecipient
from docgen.model.validation import validate_input
from docgen.render import processes
from docgen.render.certificate_pdf import PARALLEL_FROM, certificate_files, render_part
from docgen.render.processes import RenderTimeout
from docgen.service import MEDIA_TYPES, render_paper
from docgen.services.jobs import certificates as jobs
from docgen.services.jobs.store import ACTIVE, BatchStore, aware, now
from docgen.services.registry.models import Batch, BatchChunk
from docgen.signing.pdfa import identify_pdfa2b
from docgen.telemetry import log_job

log = logging.getLogger("docgen.jobs")

CERTIFICATES = "certificates"
#: A job's result file's media type, by its format: the one table of docgen.service.
MEDIA = MEDIA_TYPES

#: Why a job was marked failed by the sweep, by who was running it.
VANISHED = {
    "celery": "Lô bị gián đoạn: không còn tác vụ nào xử lý lô này trong hàng đợi (quá {s} "
              "giây không có tín hiệu; hàng đợi có thể đã bị xóa). Hãy tạo lại lô.",
    "inprocess": "Lô bị gián đoạn: máy chủ đã dừng hoặc khởi động lại khi đang xử lý (quá "
                 "{s} giây không có tín hiệu). Hãy tạo lại lô.",
}


@dataclass(frozen=True)
class ChunkWork:
    """What one chunk renders: plain data that can be sent to a render process."""

    face: CertificateFace
    entries: list[CertificateEntry]
    offset: tuple[float, float]
    output_format: str
    #: The agency whose seal signs each certificate of the ZIP (after rendering, in the
    #: process that holds the key, never in a render process).
    seal_agency: str | None = None


def render_chunk_file(work: ChunkWork) -> bytes:
    """The chunk's file: its pages as one PDF, or (ZIP output) a ZIP of one PDF per page.
    A plain function of plain data, so it runs in a subprocess as well as inline."""

    pdf = render_part(work.face, work.entries, work.offset)
    if work.output_format == "pdf":
        return pdf  # identified as PDF/A once, when the chunks are merged
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        # Each certificate a PDF/A paper of its own, with its signature field.
        for entry, page in zip(work.entries, certificate_files(pdf, work.face, work.offset),
                               strict=True):
            z.writestr(f"{entry.file_stem}.pdf", page)
    return buf.getvalue()


@lru_cache(maxsize=4)
def _rows_json(data: bytes) -> dict[str, Any]:
    return json.loads(data)


#: A batch's progress moves chunk by chunk: a batch is cut into at least this many chunks
#: (a 300-row sealed ZIP in one chunk of 500 showed 0 until it jumped to the end) ...
PROGRESS_STEPS = 20
#: ... of no fewer rows than this (each chunk is one more task and one more file to join).
MIN_CHUNK_ROWS = 10


def chunk_plan(count: int, size: int) -> list[tuple[int, int]]:
    """(first row, row count) of each chunk: at most ``size`` rows, fewer when that gives
    the progress bar ``PROGRESS_STEPS`` steps."""
    size = max(1, min(size, max(MIN_CHUNK_ROWS, -(-count // PROGRESS_STEPS))))
    return [(first, min(size, count - first)) for first in range(0, count, size)]


@dataclass
class Jobs:
    settings: Settings
    store: BatchStore
    #: The registry (for batches registered in the sổ vàng), built on first use.
    registry: Callable[[], Any] | None = None
    #: The agencies' signing set-up (docgen.signing.config.SigningSetup), on first use.
    signing: Callable[[], Any] | None = None
    #: The agencies' seal signers this process has loaded (agency code -> sign function).
    _sealers: dict[str, Callable[[bytes], bytes]] = field(default_factory=dict, init=False,
                                                          repr=False)

    @property
    def files(self) -> Any:
        return self.store.files

    def _catalog(self) -> Catalog:
        return load_catalog()

    # -- certificate batches ---------------------------------------------------------------

    def source_of(self, batch: Batch) -> jobs.Source:
        """The batch's input as a source (the same parsing the request's check did)."""
        if batch.source == "json":
            return jobs.from_json(json.loads(self.files.get(batch.input_key)))
        meta = json.loads(self.files.get(batch.meta_key or ""))
        return jobs.from_spreadsheet(self.files.get(batch.input_key),
                                     batch.input_name or "upload.xlsx", meta,
                                     max_rows=self.settings.max_batch_rows,
                                     max_bytes=self.settings.max_upload_bytes)

    def prepare(self, batch_id: str) -> list[int] | None:
        """Step 1: check, plan, allocate. The indexes of the chunks still to render, or
        None when the batch has already ended."""
        batch = self.store.start(batch_id)
        if batch is None:
            return None
        if batch.rows_key is None:
            source = self.source_of(batch)
            good, problems = jobs.check(source)
            rows = {"meta": source.meta.model_dump(mode="json", exclude_none=True),
                    "rows": [[n, r.model_dump(mode="json", exclude_none=True)]
                             for n, r in good]}
            rows_key = self.files.put(json.dumps(rows, ensure_ascii=False).encode())
            self.store.plan(batch_id, rows_key, produced=len(good), rejected=len(problems),
                            errors=[{"row": p.row, "field": p.field, "msg": p.msg}
                                    for p in problems],
                            notes=source.notes, blank_rows=source.blank,
                            chunks=chunk_plan(len(good), self.settings.job_chunk_size))
            batch = self.store.get(batch_id)
        if batch.registered and batch.produced:
            source, good = self._rows(batch)
            agency = self._registry().agency_of(source.meta.issuer.model_dump())
            allocation = self._registry().certificates.allocate(
                batch_id, agency, jobs.register_rows(source, good, self._catalog()),
                jobs.citation(source.meta, self._catalog()))
            if batch.reprinted is None:
                notes = [*(batch.notes or []), jobs.reprint_note(allocation.reused)] \
                    if allocation.reused else batch.notes
                self.store.update(batch_id, reprinted=allocation.reused, notes=notes)
        return [c.index for c in self.store.chunks(batch_id) if c.result_key is None]

    def _registry(self) -> Any:
        if self.registry is None:  # a pipeline built without the composition root
            raise ConfigError("chưa có sổ đăng ký cho lô cần ghi sổ vàng")
        return self.registry()

    def _rows(self, batch: Batch, first: int = 0, count: int | None = None
              ) -> tuple[jobs.Source, list[tuple[int, CertificateRecipient]]]:
        data = _rows_json(self.files.get(batch.rows_key or ""))
        meta = validate_input(CertificateMeta, data["meta"],
                              context={"catalog": self._catalog()})
        rows = data["rows"][first:None if count is None else first + count]
        good = [(int(n), CertificateRecipient.model_validate(r)) for n, r in rows]
        return jobs.Source(meta, []), good

    def chunk_work(self, batch_id: str, index: int) -> ChunkWork | None:
        """What a chunk must render, or None when its file is already recorded."""
        chunk = self.store.chunk(batch_id, index)
        if chunk.result_key is not None and self.files.exists(chunk.result_key):
            return None
        batch = self.store.get(batch_id)
        source, good = self._rows(batch, chunk.first, chunk.count)
        allocation = None
        if batch.registered:
            catalog = self._catalog()
            allocation = self._registry().certificates.allocation_of(
                batch_id, chunk.first, chunk.count,
                self._registry().agency_of(source.meta.issuer.model_dump()),
                jobs.register_rows(source, good, catalog))
        face, entries = jobs.entries_of(source, good, self._catalog(), allocation,
                                        first=chunk.first)
        return ChunkWork(face, entries, face.offset_mm, batch.output_format,
                         batch.seal_agency if batch.output_format == "zip" else None)

    def sealed(self, work: ChunkWork, content: bytes) -> bytes:
        """The chunk's file, each certificate signed with the agency's seal when the batch
        asked for it (the key is loaded once per process)."""
        if work.seal_agency is None:
            return content
        if work.seal_agency not in self._sealers:
            if self.signing is None:
                raise ConfigError("chưa cấu hình ký số cho lô cần đóng dấu")
            sign = self.signing().sealer(work.seal_agency)
            lock = threading.Lock()  # one token session per agency: one signature at a time

            def locked(pdf: bytes) -> bytes:
                with lock:
                    return sign(pdf)

            self._sealers[work.seal_agency] = locked
        return jobs.seal_zip(content, self._sealers[work.seal_agency])

    def store_chunk(self, batch_id: str, index: int, content: bytes) -> bool:
        """Record a chunk's file; True when it was the batch's last."""
        return self.store.chunk_done(batch_id, index, self.files.put(content))

    def render_chunk(self, batch_id: str, index: int) -> bool:
        """Step 2, inline: render a chunk unless it is done. True when all chunks are."""
        work = self.chunk_work(batch_id, index)
        if work is None:
            return all(c.result_key for c in self.store.chunks(batch_id))
        content = self.sealed(work, render_chunk_file(work))
        _test_pause("between_render_and_record")
        return self.store_chunk(batch_id, index, content)

    def finish(self, batch_id: str) -> bool:
        """Step 3: join the chunks, store the result, confirm the certificates. False when
        some chunk is not done yet (a later call finishes)."""
        batch = self.store.get(batch_id)
        if batch.state not in ACTIVE:
            return True
        chunks = self.store.chunks(batch_id)
        if any(c.result_key is None for c in chunks):
            return False
        # Every row is done: rendered, or checked and rejected (done reaches total).
        fields: dict[str, Any] = {"done": batch.total}
        if chunks:
            with tempfile.TemporaryDirectory(prefix="docgen-merge-") as tmp:
                out = Path(tmp) / f"result.{batch.output_format}"
                keys = [c.result_key or "" for c in chunks]
                if batch.output_format == "pdf":
                    self._merge_pdf(keys, out)
                else:
                    self._merge_zip(keys, out, batch)
                key = self.files.put_file(out)
            fields.update(result_key=key, result_size=self.files.size(key),
                          result_name=self._result_name(batch))
        if batch.registered:
            self._registry().certificates.confirm(batch_id)
        started = aware(batch.started_at) or now()
        fields["seconds"] = round((now() - started).total_seconds(), 2)
        if self.store.finish(batch_id, **fields):
            _log_job(batch, fields["seconds"], "done")
            self._drop_chunk_files(batch_id)
        return True

    def _merge_pdf(self, keys: list[str], out: Path) -> None:
        import pikepdf

        # QPDF copies a foreign page's objects but reads stream data (the bulk) from the
        # source file only while writing: every chunk stays open on disk until save.
        # Pages are copied one by one into one flat /Kids array: ``pages.extend`` walks
        # the whole page list on every append (20,000 pages: minutes, quadratic).

        with ExitStack() as stack, pikepdf.new() as merged:
            root = merged.Root.Pages
            kids = pikepdf.Array()
            for i, key in enumerate(keys):
                fh = stack.enter_context(self.files.open(key))
                src = stack.enter_context(pikepdf.open(fh))
                if i == 0:  # title, author, subject, language of the certificates
                    # pikepdf types copy_foreign as returning any Object; a Dictionary's
                    # copy is a Dictionary.
                    merged.docinfo = merged.copy_foreign(src.docinfo)  # type: ignore[assignment]
                    if "/Lang" in src.Root:
                        merged.Root.Lang = src.Root.Lang
                for page in src.pages:
                    copy = merged.copy_foreign(page.obj)
                    copy.Parent = root
                    kids.append(copy)
            root.Kids = kids
            root.Count = len(kids)
            identify_pdfa2b(merged)
            merged.save(out, compress_streams=True,
                        object_stream_mode=pikepdf.ObjectStreamMode.generate)

    def _merge_zip(self, keys: list[str], out: Path, batch: Batch) -> None:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for key in keys:
                with self.files.open(key) as fh, zipfile.ZipFile(fh) as part:
                    for name in part.namelist():
                        z.writestr(name, part.read(name))
            z.writestr(jobs.SUMMARY, jobs.summary_text(batch.produced or 0, batch.errors or [],
                                                       batch.reprinted))

    def _result_name(self, batch: Batch) -> str:
        """Named after the award and decision, or the one person it is for."""
        source, good = self._rows(batch)
        only = good[0][1].name if len(good) == 1 else None
        return jobs.result_name(source.meta, self._catalog(), batch.output_format, only)

    def _drop_chunk_files(self, batch_id: str) -> None:
        """The chunks served their purpose; their files go unless another job shares
        them (content-addressed: the same rows rendered twice give the same file)."""
        from sqlalchemy import select


        chunks = self.store.chunks(batch_id)
        keys = {c.result_key for c in chunks if c.result_key}
        with self.store.sessions() as s:
            shared = set(s.execute(select(BatchChunk.result_key).where(
                BatchChunk.result_key.in_(keys), BatchChunk.batch_id != batch_id)).scalars())
        for key in keys - shared:
            self.files.delete(key)

    # -- render jobs -----------------------------------------------------------------------

    def render_job(self, batch_id: str, render: Callable[..., Any] | None = None) -> None:
        """A paper rendered as a job; ``render(kind, payload, fmt)`` defaults to inline
        (a Celery task has its own time limit), the in-process runner passes a limited
        subprocess."""

        batch = self.store.start(batch_id)
        if batch is None:
            return
        payload = json.loads(self.files.get(batch.input_key))
        rendered = (render or render_paper)(batch.kind, payload, batch.output_format)
        key = self.files.put(rendered.content)
        started = aware(batch.started_at) or now()
        seconds = round((now() - started).total_seconds(), 2)
        if self.store.finish(batch_id, result_key=key, result_size=len(rendered.content),
                             result_name=rendered.filename, done=batch.total,
                             produced=batch.total, rejected=0, seconds=seconds):
            _log_job(batch, seconds, "done")

    # -- ending badly, housekeeping ----------------------------------------------------------

    def fail(self, batch_id: str, reason: str, trace: str | None = None) -> bool:
        """Mark a job failed (once) and give back the register numbers it held."""
        failed = self.store.fail(batch_id, reason, trace)
        if failed:
            batch = self.store.get(batch_id)
            started = aware(batch.started_at or batch.created_at) or now()
            _log_job(batch, (now() - started).total_seconds(), "failed", reason=reason)
            if batch.registered:
                self._registry().certificates.release(batch_id)
        return failed

    def fail_with(self, batch_id: str, exc: BaseException) -> bool:
        reason = str(getattr(exc, "message", "") or exc) or type(exc).__name__
        trace = "".join(traceback.format_exception(exc, limit=8))
        if not isinstance(exc, DocgenError | RenderTimeout):
            log.error("job error", exc_info=exc, extra={"job_id": batch_id})
        return self.fail(batch_id, reason, trace)

    def sweep(self, holds: Callable[[str], bool] | None = None,
              batch: Batch | None = None, adopting: bool = False) -> list[str]:
        """Fail the jobs nobody runs any more: silent (no heartbeat) for
        ``job_stale_seconds`` and, for Celery, with no message left in the broker
        (``holds(batch_id)``). Only ``batch`` when given (a status read). ``adopting``:
        this process takes lost in-process jobs over (``docgen.services.jobs.adoption``), so only
        Celery jobs are failed here; the command line (no executor) fails both."""
        limit = self.settings.job_stale_seconds
        if batch is not None:
            last = aware(batch.heartbeat_at or batch.created_at) or now()
            silent = ([batch] if batch.state in ACTIVE
                      and (now() - last).total_seconds() > limit else [])
        else:
            silent = self.store.silent(limit)
        failed = []
        for b in silent:
            if adopting and b.runner != "celery":
                continue  # adopted (or, interrupted too often, failed) by adoption
            if b.runner == "celery" and holds is not None and holds(b.id):
                continue  # still queued: workers are busy or down, the message is safe
            if self.fail(b.id, VANISHED.get(b.runner, VANISHED["inprocess"]).format(s=limit)):
                failed.append(b.id)
        return failed

    def purge(self, days: float | None = None) -> tuple[int, int]:
        """Delete finished jobs older than ``days`` (default: the configured retention)
        with their files. Returns (jobs, files) removed."""
        days = self.settings.batch_retention_days if days is None else days
        removed = files = 0
        for batch in self.store.expired(days):
            files += self.store.delete(batch)
            removed += 1
        return removed, files

    # -- running everything here -------------------------------------------------------------

    def run_inprocess(self, batch_id: str, workers: int | None = None,
                      stopping: Callable[[], bool] | None = None) -> None:
        """Run a whole job in this process (no broker): the certificate chunks over a pool
        of render processes that die with this one, each render with its time limit.

        ``stopping()`` is true once this process has begun to stop (a recycled gunicorn
        worker, SIGTERM): the job then ends early and stays queued or running for another
        process to adopt — what fails during a shutdown (the render pool refusing work)
        is no failure of the job."""
        import os


        stopping = stopping or (lambda: False)

        def check() -> None:
            if stopping():
                raise JobInterrupted(batch_id)

        limit = self.settings.render_time_limit
        try:
            check()
            batch = self.store.get(batch_id)
            if batch.kind != CERTIFICATES:
                self.render_job(batch_id, render=lambda *a: processes.run_limited(
                    _render_paper, a, limit))
                return
            pending = self.prepare(batch_id)
            if pending is None:
                return
            _test_pause("before_render")
            check()
            workers = workers or os.cpu_count() or 1
            batch = self.store.get(batch_id)
            works = [(i, w) for i in pending if (w := self.chunk_work(batch_id, i))]
            if works and ((batch.produced or 0) >= PARALLEL_FROM and workers > 1):
                executor = processes.pool(min(workers, len(works)))
                try:
                    for n, content in processes.map_limited(
                            executor, render_chunk_file, [(w,) for _, w in works], limit,
                            workers):
                        self.store_chunk(batch_id, works[n][0],
                                         self.sealed(works[n][1], content))
                        check()
                finally:
                    executor.shutdown(wait=True, cancel_futures=True)
            else:
                for i, work in works:
                    content = self.sealed(work, render_chunk_file(work))
                    _test_pause("between_render_and_record")
                    self.store_chunk(batch_id, i, content)
                    check()
            self.finish(batch_id)
        except Exception as exc:  # recorded on the job, never lost; the reason is shown
            if stopping():
                # Not the job's fault: left queued/running, adopted by another process.
                log.warning("job interrupted by shutdown", extra={"job_id": batch_id})
                return
            self.fail_with(batch_id, exc)


class JobInterrupted(Exception):
    """This process is stopping: the job ends here and is resumed elsewhere."""


def _test_pause(point: str) -> None:
    """Fault injection for the crash tests: hold here so the test can kill the worker
    exactly between rendering a chunk and recording it."""
    import os

    if os.environ.get("DOCGEN_TEST_PAUSE_AT") == point:
        import time

        time.sleep(float(os.environ.get("DOCGEN_TEST_PAUSE_SECONDS", "1")))


def _render_paper(kind: str, payload: Any, fmt: str) -> Any:

    return render_paper(kind, payload, fmt)


@contextmanager
def heartbeat(store: BatchStore, batch_ids: Callable[[], list[str]],
              interval: float, also: Callable[[], Any] | None = None) -> Iterator[None]:
    """Touch the jobs' heartbeat (and call ``also``: a chunk's lease) every ``interval``
    seconds while the block runs (a thread: the work itself may sit in C code for
    minutes)."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(interval):
            try:
                store.heartbeat(batch_ids())
                if also is not None:
                    also()
            except Exception:  # a missed beat is not a failed job; the next one retries
                log.warning("heartbeat failed", exc_info=True)

    thread = threading.Thread(target=beat, name="docgen-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def heartbeat_interval(settings: Settings) -> float:
    """Several beats per stale period, never hammering the database."""
    return max(0.2, min(30.0, settings.job_stale_seconds / 5))


def _log_job(batch: Batch, seconds: float, outcome: str, **fields: Any) -> None:
    """The one log line (``job_id``, ``rows``, ``ms``, ``outcome``) and the metrics
    (``docgen_jobs_total``, ``docgen_job_duration_seconds``) of a job that ended."""

    log_job(batch.id, kind=batch.kind, rows=batch.total, ms=seconds * 1000, outcome=outcome,
            agency=batch.agency, user=batch.created_by, **fields)
