"""The certificate batch service: sources -> validated rows -> one merged PDF or a ZIP.

A row that fails validation is reported with its row number and reason; every other row is
produced. ``total == produced + rejected`` always holds (blank spreadsheet rows are counted
separately: they are not recipients).
"""

from __future__ import annotations

import io
import secrets
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from docgen.catalog import Catalog, load_catalog
from docgen.compose.certificate import (
    CertificateEntry,
    CertificateFace,
    compose_entry,
    compose_face,
)
from docgen.compose.common import one_line
from docgen.errors import FieldError, InputError
from docgen.imports.spreadsheet import header_of, read_rows
from docgen.model.award_decision import AwardDecisionInput
from docgen.model.certificate import MAX_RECIPIENTS, CertificateMeta, CertificateRecipient
from docgen.model.validation import field_errors, validate_input
from docgen.render import certificate_pdf
from docgen.render.certificate_pdf import certificate_files
from docgen.services.registry.certificates import Citation, recipient_key
from docgen.signing.pdfa import make_pdfa2b
from docgen.vn.files import slugify

Progress = Callable[[int, int], None]  # (done, total)

#: Fields of a batch body that is an award decision which are the batch's, not the
#: decision's (``DecisionRows`` in the API describes them).
BATCH_CHOICES = ("register_start", "registered", "external_decision", "recipients_of")
#: The parts of a decision whose collectives and individuals receive different awards:
#: each is printed by a batch of its own (a batch prints one award).
DECISION_PARTS = ("collectives", "individuals")


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    msg: str

    def line(self) -> str:
        return f"dòng {self.row}: {self.field}: {self.msg}" if self.field else \
            f"dòng {self.row}: {self.msg}"


@dataclass
class Source:
    """What a batch is made of: the shared fields and the recipient rows."""

    meta: CertificateMeta
    rows: Sequence[tuple[int, Mapping[str, Any]]]
    blank: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    total: int
    produced: int
    rejected: list[RowProblem]
    blank: int
    content: bytes | None
    output_format: str
    seconds: float
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"total": self.total, "produced": self.produced,
                "rejected": len(self.rejected), "blank_rows": self.blank,
                "seconds": round(self.seconds, 2),
                "errors": [{"row": p.row, "field": p.field, "msg": p.msg}
                           for p in self.rejected],
                "notes": self.notes}


# -- sources -------------------------------------------------------------------------------

def _meta(data: Mapping[str, Any], catalog: Catalog) -> CertificateMeta:
    fields = {k: v for k, v in data.items() if k != "recipients"}
    return validate_input(CertificateMeta, fields, context={"catalog": catalog})


def from_json(data: Any, catalog: Catalog | None = None) -> Source:
    """A certificate input (``recipients``) or an award-decision input (its people and
    collectives), as a batch source."""
    catalog = catalog or load_catalog()
    if not isinstance(data, Mapping):
        raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON")])
    if "individuals" in data or "collectives" in data:
        return from_decision(data, catalog)
    recipients = data.get("recipients")
    if not isinstance(recipients, list) or not recipients:
        raise InputError([FieldError(("recipients",), "cần danh sách người nhận")])
    if len(recipients) > MAX_RECIPIENTS:
        raise InputError([FieldError(("recipients",), f"nhiều nhất {MAX_RECIPIENTS:,} người "
                                     "nhận trong một lô".replace(",", "."), "too_long")])
    meta = _meta(data, catalog)
    rows = [(i, r if isinstance(r, Mapping) else {"name": r})
            for i, r in enumerate(recipients, start=1)]
    return Source(meta, rows)


def from_decision(data: Mapping[str, Any], catalog: Catalog,
                  register_start: int | None = None) -> Source:
    """Every person and collective of an award decision gets a certificate. A decision
    that gives its collectives an award of their own is printed one award at a time:
    ``recipients_of`` (``collectives`` or ``individuals``) says which part."""
    fields = {k: v for k, v in data.items() if k not in BATCH_CHOICES}
    decision = validate_input(AwardDecisionInput, fields, context={"catalog": catalog})
    if decision.number is None or decision.date is None:
        raise InputError([FieldError(("number",), "quyết định chưa có số và ngày: chưa thể "
                                     "in bằng")])
    part = data.get("recipients_of")
    if part is not None and part not in DECISION_PARTS:
        raise InputError([FieldError(("recipients_of",), "phải là collectives (tập thể) "
                                     "hoặc individuals (cá nhân)")])
    if decision.split and part is None:
        raise InputError([FieldError(("recipients_of",), (
            "quyết định khen tập thể và cá nhân bằng hai hình thức khác nhau: mỗi hình thức "
            "in một lô (recipients_of: collectives hoặc individuals), hoặc bấm “In bằng cho "
            "quyết định này” trên trang của quyết định"))])
    award = decision.award_of_collectives if part == "collectives" else decision.award
    # Validated like any input: register_start comes from the request as it was typed.
    meta = validate_input(CertificateMeta, {
        "issuer": decision.issuer, "award": award,
        "decision": {"number": decision.number, "date": decision.date},
        "achievement": decision.achievement, "signer": decision.signer,
        "register_start": register_start if register_start is not None
        else data.get("register_start"),
        # The batch's own choices travel with the pasted decision: dropping them printed
        # "registered" batches with no register number and no QR.
        **{k: data[k] for k in ("registered", "external_decision") if k in data}},
        context={"catalog": catalog})
    rows: list[tuple[int, Mapping[str, Any]]] = []
    for u in decision.collectives if part in (None, "collectives") else []:
        rows.append((len(rows) + 1, {"name": u.name, "unit": u.unit, "collective": True}))
    for p in decision.individuals if part in (None, "individuals") else []:
        rows.append((len(rows) + 1, p.model_dump(exclude_none=True)))
    return Source(meta, rows)


def decision_parts(data: Mapping[str, Any]) -> list[str | None]:
    """How a decision is printed: in one batch ([None]), or one batch per part when its
    collectives receive an award of their own (the parts that have anyone)."""
    own = data.get("collective_award")
    if not own or own == data.get("award"):
        return [None]
    return [part for part in DECISION_PARTS if data.get(part)]


def from_spreadsheet(data: bytes, filename: str, meta: Mapping[str, Any], *,
                     max_rows: int, max_bytes: int, catalog: Catalog | None = None) -> Source:

    catalog = catalog or load_catalog()
    parsed = read_rows(data, filename, max_rows=max_rows, max_bytes=max_bytes)
    notes = [f"bỏ qua cột không nhận ra: {', '.join(parsed.unknown_headers)}"] \
        if parsed.unknown_headers else []
    return Source(_meta(meta, catalog), parsed.rows, parsed.blank, notes)


def with_register_start(source: Source, register_start: int) -> Source:
    """The source with another first register number, validated like the input's own."""
    data = {**source.meta.model_dump(exclude={"register_start"}),
            "register_start": register_start}
    return replace(source, meta=validate_input(CertificateMeta, data))


# -- the run --------------------------------------------------------------------------------

def check(source: Source) -> tuple[list[tuple[int, CertificateRecipient]], list[RowProblem]]:
    """Validate every row: the good ones, and one problem per bad row (its first error)."""
    good: list[tuple[int, CertificateRecipient]] = []
    problems: list[RowProblem] = []
    for number, row in source.rows:
        try:
            good.append((number, CertificateRecipient.model_validate(dict(row))))
        except ValidationError as exc:
            errors = field_errors(exc)
            # Several problems in one row: each named by its spreadsheet column, as the
            # clerk's list names it.
            msg = "; ".join(f"{header_of(e.path)}: {e.msg}" if e.loc else e.msg
                            for e in errors)
            first = errors[0]
            problems.append(RowProblem(number, ".".join(map(str, first.loc)),
                                       msg if len(errors) > 1 else first.msg))
    if source.meta.registered:
        good, repeated = _once_each(source.meta, good)
        problems = sorted([*problems, *repeated], key=lambda p: p.row)
    return good, problems


def _once_each(meta: CertificateMeta, good: list[tuple[int, CertificateRecipient]]
               ) -> tuple[list[tuple[int, CertificateRecipient]], list[RowProblem]]:
    """A registered batch names each person once: a later row for the same person (same
    name, position and unit) is refused, as the sổ vàng would refuse it."""
    first: dict[str, int] = {}
    kept, problems = [], []
    for number, r in good:
        key = _key(compose_entry(r, 1, meta, None))
        if key in first:
            problems.append(RowProblem(number, "name", f"trùng với dòng {first[key]}: mỗi "
                                       "người chỉ được đăng ký một lần theo một quyết định"))
            continue
        first[key] = number
        kept.append((number, r))
    return kept, problems


def _key(entry: CertificateEntry) -> str:
    return recipient_key(entry.recipient_line, ", ".join(entry.detail_lines) or None)


def entries_of(source: Source, good: Sequence[tuple[int, CertificateRecipient]],
               catalog: Catalog, allocation: Any = None, first: int = 0
               ) -> tuple[CertificateFace, list[CertificateEntry]]:
    """The face and entries of ``good`` (the produced rows from position ``first`` on);
    register numbers from ``register_start`` or, for a batch registered in the sổ vàng,
    from the registry's allocation of these rows (with verification codes)."""
    agency = catalog.agency_by_symbol(source.meta.issuer.symbol)
    face = compose_face(source.meta, catalog, agency.code if agency else None)
    start = source.meta.register_start
    entries = []
    # Numbered in the order produced (0001-…pdf), register numbers likewise.
    for i, (_, r) in enumerate(good):
        position = first + i
        if allocation is not None:
            entries.append(compose_entry(r, position + 1, source.meta, allocation.numbers[i],
                                         allocation.verification(i)))
        else:
            entries.append(compose_entry(r, position + 1, source.meta,
                                         start + position if start is not None else None))
    return face, entries


def register_rows(source: Source, good: Sequence[tuple[int, CertificateRecipient]],
                  catalog: Catalog) -> list[dict[str, Any]]:
    """What the registry records of each certificate (the public verification page shows
    it), known before any number is taken."""

    face, entries = entries_of(source, good, catalog)
    on = source.meta.date or source.meta.decision.date
    issuer = one_line(source.meta.issuer.name)
    return [{"recipient": e.recipient_line, "unit": ", ".join(e.detail_lines) or None,
             "award": source.meta.award, "title": face.record_title, "issuer": issuer,
             "issued_on": on, "decision_number": face.decision_ref,
             "decision_date": source.meta.decision.date, "recipient_key": _key(e)}
            for e in entries]


def reprint_note(count: int) -> str:
    return (f"{count} người đã có trong sổ vàng theo quyết định này: in lại với số sổ vàng "
            "và mã xác minh cũ, không cấp số mới")


def citation(meta: CertificateMeta, catalog: Catalog) -> Citation:
    """The award decision the batch's certificates carry out, as they print it."""
    face = compose_face(meta, catalog, None)
    return Citation(award=meta.award, number=meta.decision.number,
                    symbol=face.decision_ref.split("/", 1)[1], on=meta.decision.date,
                    external=meta.external_decision)


def result_name(meta: CertificateMeta, catalog: Catalog, output_format: str,
                only: str | None = None) -> str:
    """The download's name, as the clerk finds it among their files: the award and the
    decision ("bang-khen-...-qd-125-qd-vkstc.pdf"), or the person when there is one."""
    award = catalog.award(meta.award)
    ref = compose_face(meta, catalog, None).decision_ref
    subject = only or f"QĐ {ref}"
    return f"{slugify(f'{award.short_name or award.name} {subject}', max_len=120)}" \
        f".{output_format}"


def run(source: Source, output_format: str = "pdf", *, progress: Progress | None = None,
        catalog: Catalog | None = None, workers: int | None = None,
        registry: Any = None, batch_id: str | None = None,
        sign: Callable[[bytes], bytes] | None = None) -> Outcome:
    """Produce the certificates of every good row; report the others (one process, for
    the command line; the services run batches in chunks, see ``docgen.services.jobs.pipeline``).

    With ``meta.registered`` the certificates are registered: register numbers and
    verification codes are allocated by ``registry`` first (one short transaction,
    reused if this batch id already has them), then rendered, then confirmed.
    ``sign`` (ZIP output only) signs each certificate's PDF, e.g. with the agency's seal.
    """
    t0 = time.perf_counter()
    catalog = catalog or load_catalog()
    good, problems = check(source)
    if progress is not None:
        progress = _counting_rejected(progress, len(problems), len(source.rows))
    content: bytes | None = None
    if good and source.meta.registered:
        if registry is None:
            raise InputError([FieldError(("registered",), "đăng ký vào sổ cần cơ sở dữ liệu "
                                         "của sổ đăng ký")])
        agency = registry.agency_of(source.meta.issuer.model_dump())
        batch_id = batch_id or f"cli-{secrets.token_hex(12)}"
        allocation = registry.certificates.allocate(batch_id, agency,
                                                    register_rows(source, good, catalog),
                                                    citation(source.meta, catalog))
        face, entries = entries_of(source, good, catalog, allocation)
        try:
            content = _sealed(_produce(face, entries, output_format, source, problems,
                                       workers, progress), sign)
        except BaseException:
            registry.certificates.release(batch_id)  # nothing printed: numbers go back
            raise
        registry.certificates.confirm(batch_id)
        if allocation.reused:
            source = replace(source, notes=[*source.notes, reprint_note(allocation.reused)])
    elif good:
        face, entries = entries_of(source, good, catalog)
        content = _sealed(_produce(face, entries, output_format, source, problems, workers,
                                   progress), sign)
    elif progress:
        progress(0, 0)  # nothing to render: every row was rejected, all are done
    return Outcome(total=len(source.rows), produced=len(good), rejected=problems,
                   blank=source.blank, content=content, output_format=output_format,
                   seconds=time.perf_counter() - t0, notes=source.notes)


def _counting_rejected(progress: Progress, rejected: int, total: int) -> Progress:
    """Progress over every row: rejected rows are done the moment they are checked, so
    ``done`` reaches ``total`` (rendered + rejected), as the batch page shows it."""
    def report(done: int, _rendered_total: int) -> None:
        progress(rejected + done, total)

    return report


def _produce(face: CertificateFace, entries: list[CertificateEntry], output_format: str,
             source: Source, problems: list[RowProblem], workers: int | None,
             progress: Progress | None) -> bytes:

    pdf = certificate_pdf.render_entries(face, entries, offset=face.offset_mm,
                                         workers=workers, progress=progress)
    if output_format == "pdf":

        return make_pdfa2b(pdf)
    return _zip(pdf, face, entries, source, problems)


def _zip(pdf: bytes, face: CertificateFace, entries: list[CertificateEntry], source: Source,
         problems: list[RowProblem]) -> bytes:

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        # Each certificate a PDF/A paper of its own with its signature fields.
        for entry, page in zip(entries, certificate_files(pdf, face, face.offset_mm),
                               strict=True):
            z.writestr(f"{entry.file_stem}.pdf", page)
        z.writestr(SUMMARY, summary_text(len(entries), [p.__dict__ for p in problems]))
    return buf.getvalue()


#: The summary inside a ZIP of certificates: plain text, read by the clerk who opens it.
SUMMARY = "tom-tat.txt"


def summary_text(produced: int, rejected: Sequence[Mapping[str, Any]],
                 reprinted: int | None = None) -> str:
    """What the ZIP holds, in Vietnamese: how many certificates, how many reprinted with
    their existing register numbers, and each refused row with its reason."""
    lines = ["TÓM TẮT LÔ IN BẰNG KHEN", "",
             f"Số bằng trong tệp: {produced}"]
    if reprinted:
        lines.append(f"Trong đó in lại (đã có trong sổ vàng, giữ số cũ): {reprinted}")
    lines.append(f"Số dòng bị từ chối (không in): {len(rejected)}")
    if rejected:
        lines += ["", "Các dòng bị từ chối:"]
        lines += [f"- {RowProblem(int(p['row']), str(p.get('field') or ''), str(p['msg'])).line()}"
                  for p in rejected]
    # CRLF: the text opens as lines in every editor a clerk has (Notepad included).
    return "\r\n".join(lines) + "\r\n"


def _sealed(content: bytes, sign: Callable[[bytes], bytes] | None) -> bytes:
    return seal_zip(content, sign) if sign is not None else content


def seal_zip(content: bytes, sign: Callable[[bytes], bytes]) -> bytes:
    """A ZIP of certificates with each certificate's PDF signed by ``sign`` (the agency's
    seal); the other members (the summary) and every member's compression are kept. Used by
    the command line on its ZIP and by the batch pipeline on each chunk's ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, sign(data) if info.filename.endswith(".pdf") else data)
    return out.getvalue()
