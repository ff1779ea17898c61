"""The job service the API calls: create a batch (or a render job) from a request's input,
run it by id, report its state, hand out its result. Views stay thin; executors only call
``execute`` (in-process) or send the id to Celery."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from docgen.catalog import load_catalog
from docgen.config import Settings
from docgen.errors import BusyError, ConflictError, FieldError, ForbiddenError, InputError
from docgen.services.accounts.identity import Actor, system_actor
from docgen.services.accounts.permissions import Perm
from docgen.services.jobs import certificates as jobs
from docgen.services.jobs.access import check_run, check_seal, check_see
from docgen.services.jobs.adoption import adopt
from docgen.services.jobs.certificates import Source
from docgen.services.jobs.pipeline import CERTIFICATES, MEDIA, Jobs, heartbeat_interval
from docgen.services.jobs.store import BatchStore
from docgen.telemetry import safe_message

log = logging.getLogger("docgen.jobs")

BATCH_FORMATS = ("pdf", "zip")
#: A batch's state as the pages name it.
STATE_LABELS = {"queued": "đang chờ", "running": "đang in", "done": "đã xong",
                "failed": "thất bại"}
#: The paper kind whose issued papers get a certificate batch of their own.
DECISION_KIND = "award-decision"
#: How many already registered entries a check lists (the count is always given).
REPRINT_LIST = 500


@dataclass
class BatchService:
    store: BatchStore
    executor: Any
    settings: Settings
    #: The registry, for batches registered in the sổ vàng (built on first use).
    registry: Callable[[], Any] | None = None
    #: The agencies' signing set-up (docgen.signing.config.SigningSetup), on first use.
    signing: Callable[[], Any] | None = None
    jobs: Jobs = field(init=False)

    def __post_init__(self) -> None:
        self.jobs = Jobs(self.settings, self.store, self.registry, self.signing)

    @property
    def runner(self) -> str:
        return getattr(self.executor, "runner", "inprocess")

    # -- sources ------------------------------------------------------------------------------

    def _source(self, prepared: dict[str, Any], inputs: dict[str, bytes]) -> Source:
        if prepared["source"] == "json":
            return jobs.from_json(json.loads(inputs["input"]))
        return jobs.from_spreadsheet(inputs["input"], prepared["input_name"],
                                     json.loads(inputs["meta"]),
                                     max_rows=self.settings.max_batch_rows,
                                     max_bytes=self.settings.max_upload_bytes)

    def check(self, *, body: Any = None, upload: bytes | None = None,
              filename: str | None = None, meta: Any = None,
              actor: Actor | None = None) -> dict[str, Any]:
        """Validate a would-be batch without producing it (the web page's row check)."""
        prepared, inputs = self._prepare(body, upload, filename, meta, "pdf")
        source = self._source(prepared, inputs)
        check_run(actor or system_actor(), source.meta)
        good, problems = jobs.check(source)
        out: dict[str, Any] = {
            "total": len(source.rows), "good": len(good), "rejected": len(problems),
            "blank_rows": source.blank, "notes": source.notes,
            "errors": [{"row": p.row, "field": p.field, "msg": p.msg} for p in problems]}
        if source.meta.registered:
            out["registration"] = self._registration(source, good)
        return out

    def _cited(self, source: Source) -> tuple[Any, str, Any]:
        """(registry, agency, the registry's decision or None when external) of a
        registered batch; a decision the registry does not hold is refused here (422)."""
        if self.registry is None:
            raise InputError([FieldError(("registered",), "đăng ký vào sổ cần cơ sở dữ liệu "
                                         "của sổ đăng ký")])
        registry = self.registry()
        agency = registry.agency_of(source.meta.issuer.model_dump())
        paper = registry.certificates.cited(agency, jobs.citation(source.meta, load_catalog()))
        return registry, agency, paper

    def _registration(self, source: Source, good: list[Any]) -> dict[str, Any]:
        """What registering these rows would do: the decision they carry out, and which
        people already have an entry in the sổ vàng for it (reprinted with that entry's
        number and code: no number is taken for them)."""
        registry, agency, paper = self._cited(source)
        catalog = load_catalog()
        rows = jobs.register_rows(source, good, catalog)
        existing = registry.certificates.registered_entries(agency, rows)
        citation = jobs.citation(source.meta, catalog)
        return {"decision": {"number": citation.ref, "date": citation.on.isoformat(),
                             "paper_id": paper.id if paper is not None else None,
                             "external": citation.external},
                "existing": len(existing), "new": len(rows) - len(existing),
                "entries": [{"row": good[i][0], "register_number": c.register_number,
                             "recipient": c.recipient, "verify_code": c.verify_code,
                             "status": c.status} for i, c in existing[:REPRINT_LIST]]}

    def _prepare(self, body: Any, upload: bytes | None, filename: str | None, meta: Any,
                 output_format: str) -> tuple[dict[str, Any], dict[str, bytes]]:
        if output_format not in BATCH_FORMATS:
            raise InputError([FieldError(("format",), "định dạng phải là pdf hoặc zip")])
        if upload is not None:
            if meta is None:
                raise InputError([FieldError(("meta",), "thiếu phần chung (meta) của các bằng")])
            if not isinstance(meta, dict):
                raise InputError([FieldError(("meta",), "meta phải là một đối tượng JSON")])
            return ({"source": "spreadsheet", "input_name": filename or "upload.xlsx",
                     "output_format": output_format},
                    {"meta": json.dumps(meta, ensure_ascii=False).encode(),
                     "input": upload})
        if not isinstance(body, dict):
            raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON")])
        return ({"source": "json", "input_name": None, "output_format": output_format},
                {"input": json.dumps(body, ensure_ascii=False).encode()})

    # -- life cycle ----------------------------------------------------------------------------

    def _submit(self, fields: dict[str, Any], inputs: dict[str, bytes],
                actor: Actor | None) -> dict[str, Any]:
        actor = actor or system_actor()
        batch = self.store.create({**fields, "created_by": actor.login, "agency": actor.agency,
                                   "runner": self.runner,
                                   "owner": getattr(self.executor, "owner", None)}, inputs)
        if self.executor is not None:
            try:
                self.executor.submit(batch.id)
            except Exception as exc:  # the broker is down: nobody will ever run this job

                log.warning("job not queued: %s", safe_message(exc), extra={"job_id": batch.id})
                self.jobs.fail(batch.id, "không gửi được việc tới hàng đợi (broker không trả "
                                         "lời); việc này không được chạy")
                raise BusyError("hàng đợi việc nền (broker) không trả lời; chưa có việc nào "
                                "được tạo, xin thử lại sau ít phút", retry_after_s=30) from exc
        return self.status(batch.id, actor)

    def create(self, *, body: Any = None, upload: bytes | None = None,
               filename: str | None = None, meta: Any = None,
               output_format: str = "pdf", actor: Actor | None = None,
               seal: bool = False, decision_paper_id: int | None = None) -> dict[str, Any]:
        """Check the input is usable (422/413 now, not later) and that the actor may run
        it (and seal it), store it, queue the job. ``seal``: each certificate of the ZIP
        is signed with the seal of the agency that issues them. A registered batch must
        cite an issued decision of the registry, or say the decision is external."""
        prepared, inputs = self._prepare(body, upload, filename, meta, output_format)
        source = self._source(prepared, inputs)
        check_run(actor or system_actor(), source.meta)
        if source.meta.registered:
            self._cited(source)
        fields = {**prepared, "kind": CERTIFICATES, "total": len(source.rows),
                  "registered": source.meta.registered,
                  "decision_paper_id": decision_paper_id}
        if seal:
            fields["seal_agency"] = self._seal_agency(actor or system_actor(), source.meta,
                                                      output_format)
        return self._submit(fields, inputs, actor)

    def for_decision(self, paper_id: int, actor: Actor) -> tuple[dict[str, Any], bool]:
        """"In bằng cho quyết định này": one registered batch for exactly the people of an
        issued award decision, sealed (one signed PDF each, in a ZIP) when the agency's seal
        is configured and the actor may seal, else one PDF to print. A batch already made
        for the decision (and not failed) is returned instead: (its state, False)."""
        if self.registry is None:
            raise ConflictError("chưa có sổ đăng ký")
        paper = self.registry().get(paper_id, actor)
        if not actor.can(Perm.CERTIFICATE_REGISTER):
            raise ForbiddenError("chỉ văn thư được in bằng đăng ký vào sổ vàng")
        if not actor.acts_on(paper.agency):
            raise ForbiddenError("chỉ văn thư của cơ quan ban hành quyết định mới in bằng")
        if paper.kind != DECISION_KIND or paper.status != "issued":
            raise ConflictError("chỉ in bằng được cho quyết định khen thưởng đã ban hành "
                                "(còn hiệu lực)")
        decision = json.loads(paper.input_json)
        made = {self._part(b): b for b in self.store.decision_batches(paper_id)}
        missing = [p for p in jobs.decision_parts(decision) if p not in made]
        if not missing:
            first = next(iter(made.values()))
            check_see(actor, {"agency": first.agency})
            return self.status(first.id, actor), False
        seal = bool((self.decision_printing(paper, actor) or {}).get("sealed"))
        # One batch per award: a decision whose collectives receive an award of their own
        # prints them apart from its individuals (each batch prints one award).
        states = [self.create(body={**decision, "registered": True,
                                    **({"recipients_of": part} if part else {})},
                              output_format="zip" if seal else "pdf", actor=actor,
                              seal=seal, decision_paper_id=paper_id) for part in missing]
        return states[0], True

    def _part(self, batch: Any) -> str | None:
        """Which part of its decision a batch prints (None: all of it)."""
        data = json.loads(self.store.files.get(batch.input_key))
        part = data.get("recipients_of") if isinstance(data, dict) else None
        return part if isinstance(part, str) else None

    def decision_batches(self, paper_id: int, actor: Actor) -> list[dict[str, Any]]:
        """The states of the batches printing a decision's certificates, each with the part
        it prints (``part``: collectives, individuals, or None for all of it)."""
        return [self.status(b.id, actor) | {"part": self._part(b)}
                for b in self.store.decision_batches(paper_id)]

    def decision_printing(self, paper: Any, actor: Actor) -> dict[str, Any] | None:
        """What an issued award decision's page says of its certificates: whether the
        actor may print them, whether they would be sealed, the batch already made. None
        for any other paper."""
        if paper.kind != DECISION_KIND or paper.status not in ("issued", "revoked"):
            return None
        found = self.store.for_decision(paper.id)
        can_print = (paper.status == "issued" and actor.can(Perm.CERTIFICATE_REGISTER)
                     and actor.acts_on(paper.agency))
        sealed = (can_print and actor.can(Perm.PAPER_ISSUE) and self.signing is not None
                  and self.signing().for_agency(paper.agency) is not None)
        state = found.state if found is not None else None
        return {"can_print": can_print, "sealed": sealed,
                "batch": STATE_LABELS.get(state, state) if state else None}

    def _seal_agency(self, actor: Actor, meta: Any, output_format: str) -> str:
        """The agency whose seal will sign the batch, checked before anything is queued."""
        if output_format != "zip":
            raise InputError([FieldError(("seal",), "chỉ ký số được khi xuất tệp .zip (mỗi "
                                         "người một tệp); tệp in gộp không ký")])
        code = check_seal(actor, meta)
        if self.signing is None or self.signing().for_agency(code) is None:
            raise InputError([FieldError(("seal",), f"cơ quan {code} chưa được cấu hình ký số "
                                         "(khóa và con dấu, DOCGEN_SIGNING_CONFIG)")])
        return code

    def create_render(self, kind: str, payload: Any, output_format: str, size: int,
                      actor: Actor | None = None) -> dict[str, Any]:
        """A paper too large to render inside a request, as a job (already validated)."""
        return self._submit({"kind": kind, "source": "json", "input_name": None,
                             "output_format": output_format, "total": size},
                            {"input": json.dumps(payload, ensure_ascii=False).encode()},
                            actor)

    def execute(self, batch_id: str) -> None:
        """Run a queued job here (the in-process executor); when this process starts to
        stop, the job is left for another process to adopt."""
        self.jobs.run_inprocess(batch_id, stopping=lambda: bool(
            getattr(self.executor, "stopping", False)))

    @property
    def adopts(self) -> bool:
        """True when this process runs jobs itself and so takes over lost ones."""
        return hasattr(self.executor, "held") and self.runner == "inprocess"

    def adopt(self, batch: Any = None) -> list[str]:
        """Take over in-process jobs whose process stopped (only ``batch`` if given)."""

        if not self.adopts:
            return []
        return adopt(self.jobs, self.executor, heartbeat_interval(self.settings), batch)

    def start(self) -> None:
        """Start this process's heartbeat thread, which also adopts lost jobs, so a
        restarted server resumes its unfinished batches without being asked."""
        if self.adopts:
            self.executor.adopt = self.adopt
            self.executor.start()

    def _get(self, batch_id: str, actor: Actor | None) -> Any:
        """A job the actor may see: another agency's job is 404, as for papers."""
        batch = self.store.get(batch_id)
        check_see(actor or system_actor(), {"agency": batch.agency})
        return batch

    def status(self, batch_id: str, actor: Actor | None = None) -> dict[str, Any]:
        """The true state, from the database; a job nobody runs any more is failed here
        (with its reason) rather than left for the page to poll forever."""
        batch = self._get(batch_id, actor)
        holds = getattr(self.executor, "holds", None)
        # A process that runs jobs takes a lost in-process job over instead of failing it.
        if (self.adopts and self.adopt(batch)) or self.jobs.sweep(
                holds, batch=batch, adopting=self.adopts):
            batch = self.store.get(batch_id)
        return self.store.view(batch)

    def running(self, actor: Actor, limit: int = 10) -> tuple[list[dict[str, Any]], int]:
        """The certificate batches not yet finished that ``actor`` sees (their agency's;
        every agency's for one who sees all), newest first, as ``status`` gives them (at
        most ``limit``), and how many there are."""
        if not actor.sees_all and actor.agency is None:
            return [], 0
        rows, total = self.store.unfinished(None if actor.sees_all else actor.agency,
                                            CERTIFICATES, limit)
        return [self.store.view(b) for b in rows], total

    def result(self, batch_id: str, actor: Actor | None = None
               ) -> tuple[BinaryIO, str, str, int]:
        """(file object, media type, download name, size) of a finished job."""
        batch = self._get(batch_id, actor)
        if batch.state != "done" or not batch.result_key:
            raise ConflictError("lô chưa xong hoặc không có bằng nào được tạo")
        return (self.store.files.open(batch.result_key), MEDIA[batch.output_format],
                batch.result_name or f"ket-qua-{batch_id[:8]}.{batch.output_format}",
                batch.result_size or 0)
