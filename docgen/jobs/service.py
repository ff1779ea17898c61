"""The batch service the API calls: create a batch from a request's input, run it by id,
report its state, hand out its result. Views stay thin; executors only call ``execute``."""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docgen.accounts.identity import Actor, system_actor
from docgen.config import Settings
from docgen.errors import ConflictError, FieldError, InputError
from docgen.jobs import certificates as jobs
from docgen.jobs.access import check_run, check_see
from docgen.jobs.executor import Executor
from docgen.jobs.store import BatchStore, now

MEDIA = {"pdf": "application/pdf", "zip": "application/zip"}


@dataclass
class BatchService:
    store: BatchStore
    executor: Executor | None
    settings: Settings
    #: The registry, for batches registered in the sổ vàng (built on first use).
    registry: Callable[[], Any] | None = None

    # -- sources ------------------------------------------------------------------------------

    def _source(self, state: dict[str, Any], files: dict[str, bytes]) -> jobs.Source:
        if state["source"] == "json":
            return jobs.from_json(json.loads(files["input.json"]))
        meta = json.loads(files["meta.json"])
        return jobs.from_spreadsheet(files["upload"], state["input_name"], meta,
                                     max_rows=self.settings.max_batch_rows,
                                     max_bytes=self.settings.max_upload_bytes)

    def _files(self, batch_id: str, state: dict[str, Any]) -> dict[str, bytes]:
        names = ["input.json"] if state["source"] == "json" else ["meta.json", "upload"]
        return {n: self.store.read_file(batch_id, n) for n in names}

    def check(self, *, body: Any = None, upload: bytes | None = None,
              filename: str | None = None, meta: Any = None,
              actor: Actor | None = None) -> dict[str, Any]:
        """Validate a would-be batch without producing it (the web page's row check)."""
        state, files = self._prepare(body, upload, filename, meta, "pdf")
        source = self._source(state, files)
        check_run(actor or system_actor(), source.meta)
        good, problems = jobs.check(source)
        return {"total": len(source.rows), "good": len(good), "rejected": len(problems),
                "blank_rows": source.blank, "notes": source.notes,
                "errors": [{"row": p.row, "field": p.field, "msg": p.msg} for p in problems]}

    def _prepare(self, body: Any, upload: bytes | None, filename: str | None, meta: Any,
                 output_format: str) -> tuple[dict[str, Any], dict[str, bytes]]:
        if output_format not in MEDIA:
            raise InputError([FieldError(("format",), "định dạng phải là pdf hoặc zip")])
        if upload is not None:
            if meta is None:
                raise InputError([FieldError(("meta",), "thiếu phần chung (meta) của các bằng")])
            if not isinstance(meta, dict):
                raise InputError([FieldError(("meta",), "meta phải là một đối tượng JSON")])
            return ({"source": "spreadsheet", "input_name": filename or "upload.xlsx",
                     "output_format": output_format},
                    {"meta.json": json.dumps(meta, ensure_ascii=False).encode(),
                     "upload": upload})
        if not isinstance(body, dict):
            raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON")])
        return ({"source": "json", "input_name": None, "output_format": output_format},
                {"input.json": json.dumps(body, ensure_ascii=False).encode()})

    # -- life cycle ----------------------------------------------------------------------------

    def create(self, *, body: Any = None, upload: bytes | None = None,
               filename: str | None = None, meta: Any = None,
               output_format: str = "pdf", actor: Actor | None = None) -> dict[str, Any]:
        """Check the input is usable (422/413 now, not later) and that the actor may run
        it, store it, queue the job."""
        actor = actor or system_actor()
        state, files = self._prepare(body, upload, filename, meta, output_format)
        source = self._source(state, files)
        check_run(actor, source.meta)
        state["total"] = len(source.rows)
        state["created_by"] = actor.login
        state["agency"] = actor.agency
        batch_id = self.store.create(state, files)
        if self.executor is not None:
            self.executor.submit(batch_id)
        return self.store.get(batch_id)

    def execute(self, batch_id: str) -> None:
        """Run a queued batch (called by an executor, in any process)."""
        state = self.store.update(batch_id, state="running", started_at=now())
        try:
            source = self._source(state, self._files(batch_id, state))

            def progress(done: int, total: int) -> None:
                self.store.update(batch_id, done=done)

            registry = self.registry() if (self.registry and source.meta.registered) else None
            outcome = jobs.run(source, state["output_format"], progress=progress,
                               registry=registry, batch_id=batch_id)
            name = None
            if outcome.content is not None:
                name = f"result.{state['output_format']}"
                self.store.write_file(batch_id, name, outcome.content)
            summary = outcome.summary()
            self.store.update(batch_id, state="done", finished_at=now(),
                              done=outcome.total, result=name, **{
                                  k: summary[k] for k in ("produced", "rejected", "blank_rows",
                                                          "seconds", "errors", "notes")})
        except Exception as exc:  # recorded on the batch, never lost; the reason is shown
            self.store.update(batch_id, state="failed", finished_at=now(),
                              error=str(getattr(exc, "message", "") or exc),
                              trace=traceback.format_exc(limit=5))

    def status(self, batch_id: str, actor: Actor | None = None) -> dict[str, Any]:
        state = dict(self.store.get(batch_id))
        check_see(actor or system_actor(), state)
        state.pop("trace", None)
        return state

    def result(self, batch_id: str, actor: Actor | None = None) -> tuple[bytes, str, str]:
        state = self.store.get(batch_id)
        check_see(actor or system_actor(), state)
        if state["state"] != "done" or not state.get("result"):
            raise ConflictError("lô chưa xong hoặc không có bằng nào được tạo")
        fmt = state["output_format"]
        return self.store.read_file(batch_id, state["result"]), MEDIA[fmt], f"bang-khen-{batch_id[:8]}.{fmt}"
