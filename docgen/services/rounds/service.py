"""A commendation round as the office keeps it (docs/office.md, "Commendation rounds").

A round belongs to an agency and a year (or a themed drive). Its head (issuer, council,
meeting, proposal) is one JSON document, the round model's (``docgen.model.round``)
without its nominations; each nomination is a row of its own with the unit that proposed
it, so a unit's clerk edits their unit's rows and nobody else's without touching the
round. The life of a round:

``open`` (units propose) -> ``meeting`` (the council's office records the meeting, the
attendance, the ballots and the votes; units can no longer change their nominations) ->
``papers`` (*Tạo hồ sơ*: registry drafts of the minutes, the proposal(s) and one decision
per award, linked to the round). Once the minutes are issued, who was nominated and how the
council voted are what the minutes say: changing them is refused.

Every call takes the ``Actor`` and checks it against the permission table; another
agency's round is "not found". The head and the votes are saved with the version the page
read: a stale one is refused (409) instead of overwriting a colleague's work. Every change
writes an audit entry tied to the round.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import Catalog, load_catalog
from docgen.compose.common import one_line
from docgen.errors import (
    ConflictError,
    FieldError,
    ForbiddenError,
    InputError,
    NotFoundError,
    TooLargeError,
)
from docgen.imports.nominations import (
    RowProblem,
    award_names,
    header_of,
    nomination_body,
    read_nominations,
    template_xlsx,
)
from docgen.model.round import Nomination, RoundInput, same_name
from docgen.model.types import MAX_ID
from docgen.model.validation import validate_input
from docgen.rounds.check import RoundResult, check
from docgen.rounds.dossier import paper_inputs
from docgen.service import MEDIA_TYPES, RenderedFile, round_dossier
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.awarded import prior_source
from docgen.services.registry.models import AuditEntry, Paper, Round, RoundNomination
from docgen.services.registry.papers import REGISTRABLE, Registry
from docgen.services.registry.steps import EDITABLE
from docgen.services.registry.steps import STATUS_LABELS as PAPER_STATUS
from docgen.services.rounds.inputs import MeetingRecord, NewRound, RoundEdit
from docgen.vn.files import slugify
from docgen.vn.numbering import number_ref

#: The states of a round, in the order of its life, with what the office reads.
STATUS_LABELS: dict[str, str] = {
    "open": "Đang nhận đề nghị",
    "meeting": "Đã ghi kết quả họp",
    "papers": "Đã tạo hồ sơ",
}
#: The head's parts a round keeps besides its title and year.
HEAD_PARTS = ("council", "meeting", "proposal")
#: An attached report's uncompressed size a DOCX may reach (a zip bomb is refused).
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024


def report_file_format(data: bytes, *, max_bytes: int) -> str:
    """``pdf`` or ``docx``, read from the file's content (a renamed file of another kind, an
    empty or truncated one, a zip bomb are refused in Vietnamese)."""
    if len(data) > max_bytes:
        raise TooLargeError(f"tệp lớn hơn giới hạn {max_bytes // (1024 * 1024)} MB")
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise InputError([FieldError(("file",), "tệp PDF không trọn vẹn (thiếu phần "
                                         "kết thúc): gửi lại tệp")])
        return "pdf"
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                total = sum(i.file_size for i in z.infolist())
        except zipfile.BadZipFile:
            names, total = set(), 0
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            if total > MAX_DOCX_UNCOMPRESSED:
                raise InputError([FieldError(("file",), "tệp DOCX bị từ chối: dữ liệu giải "
                                             "nén quá lớn")])
            return "docx"
    raise InputError([FieldError(("file",), "báo cáo thành tích đính kèm phải là tệp PDF hoặc "
                                 "Word (.docx)")])


#: As many nominations as the round model takes (``RoundInput.nominations``).
MAX_NOMINATIONS = 2000


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RoundView:
    """A round as read: its row, its head, its nominations in order, the papers it made."""

    round: Round
    head: dict[str, Any]
    nominations: list[RoundNomination]
    papers: list[Paper]
    history: list[AuditEntry]

    @property
    def minutes(self) -> Paper | None:
        """The round's minutes in the registry (the newest not revoked)."""
        return next((p for p in reversed(self.papers)
                     if p.round_slot == "minutes" and p.status != "revoked"), None)

    @property
    def minutes_issued(self) -> bool:
        return self.minutes is not None and self.minutes.status == "issued"


def nomination_of(row: RoundNomination) -> dict[str, Any]:
    """A nomination row as the round model reads it (votes included when counted)."""
    data = json.loads(row.data_json)
    if row.votes is not None:
        data["votes"] = row.votes
    if row.written_votes is not None:
        data["written_votes"] = row.written_votes
    return dict(data)


def nominee_name(data: dict[str, Any]) -> str:
    """Who a stored nomination names (a person or a collective)."""
    who = data.get("person") or data.get("collective") or {}
    return str(who.get("name", ""))


@dataclass
class ImportResult:
    """An uploaded list: the nominations added (in the file's order) and the rows refused,
    each with its row number and reason (none of a refused row is added)."""

    added: list[RoundNomination]
    problems: list[RowProblem]
    blank: int = 0


@dataclass
class RoundService:
    sessions: sessionmaker[Session]
    registry: Registry

    def _catalog(self) -> Catalog:
        return load_catalog()

    # -- helpers ----------------------------------------------------------------------------

    def _audit(self, s: Session, rnd: Round, action: str, actor: Actor, detail: str) -> None:
        s.add(AuditEntry(paper_id=None, round_id=rnd.id, action=action, actor=actor.login,
                         agency=rnd.agency, ip=actor.ip, at=_now(), detail=detail,
                         minted_by=actor.minted_by))

    def _get(self, s: Session, round_id: int, actor: Actor, perm: Perm = Perm.ROUND_READ,
             lock: bool = False) -> Round:
        """The round if ``actor`` may see it (else 404) and holds ``perm`` (else 403); a
        change also needs the round to be of the actor's agency."""
        rnd = s.get(Round, round_id, with_for_update=lock) if 0 < round_id <= MAX_ID else None
        if rnd is None or not actor.sees(rnd.agency):
            raise NotFoundError(f"không có đợt xét khen thưởng số {round_id}")
        if not actor.can(perm):
            raise ForbiddenError("vai trò của bạn không được làm việc này với đợt xét khen "
                                 "thưởng")
        if perm is not Perm.ROUND_READ and not actor.acts_on(rnd.agency):
            raise ForbiddenError("chỉ cán bộ của cơ quan có đợt xét mới làm được việc này")
        return rnd

    @staticmethod
    def _version(rnd: Round, version: int) -> None:
        if version != rnd.version:
            raise ConflictError("đợt xét vừa được người khác sửa (phiên bản "
                                f"{rnd.version}, trang đang mở phiên bản {version}): tải lại "
                                "trang rồi nhập lại")

    @staticmethod
    def _touch(rnd: Round) -> None:
        rnd.version += 1
        rnd.updated_at = _now()

    @staticmethod
    def _papers(s: Session, round_id: int) -> list[Paper]:
        return list(s.execute(select(Paper).where(Paper.round_id == round_id)
                              .order_by(Paper.id)).scalars())

    def _frozen(self, s: Session, rnd: Round) -> None:
        """Refused once the round's minutes are issued: who was nominated and the votes
        are then what the minutes say."""
        minutes = next((p for p in reversed(self._papers(s, rnd.id))
                        if p.round_slot == "minutes" and p.status == "issued"), None)
        if minutes is not None:
            number = number_ref(minutes.number, minutes.symbol) if minutes.number else ""
            raise ConflictError(
                f"Biên bản họp Hội đồng {('số ' + number + ' ') if number else ''}đã ban "
                "hành: không thay đổi được người được đề nghị, số phiếu và thành phần Hội "
                "đồng của đợt xét. Muốn sửa, văn thư thu hồi biên bản (ghi lý do), rồi lập "
                "lại hồ sơ")

    @staticmethod
    def _rows(s: Session, round_id: int) -> list[RoundNomination]:
        return list(s.execute(select(RoundNomination).where(
            RoundNomination.round_id == round_id).order_by(RoundNomination.position,
                                                           RoundNomination.id)).scalars())

    def _issuer(self, agency: str) -> dict[str, Any]:
        """The round's issuer: the agency as the catalog writes it (the papers' header)."""
        found = self._catalog().agency(agency)
        if found is None:
            raise InputError([FieldError(("agency",), "cơ quan của tài khoản không có trong "
                                         "danh mục; báo quản trị")])
        issuer: dict[str, Any] = {"name": found.name, "symbol": found.symbol,
                                  "place": found.place}
        if found.parent:
            issuer["parent"] = found.parent
        return issuer

    # -- the round ----------------------------------------------------------------------------

    def create(self, body: Any, actor: Actor, *, agency: str | None = None) -> Round:
        """A new round of the actor's agency (the command line names the agency)."""
        if not actor.can(Perm.ROUND_MANAGE):
            raise ForbiddenError("vai trò của bạn không mở được đợt xét khen thưởng")
        data = validate_input(NewRound, body, context={"catalog": self._catalog()})
        owner = actor.agency if not actor.system else agency
        if owner is None:
            raise InputError([FieldError(("agency",), "cần chọn cơ quan của đợt xét")])
        head = {"issuer": self._issuer(owner),
                **data.model_dump(mode="json", exclude_none=True, include={*HEAD_PARTS})}
        now = _now()
        with self.sessions.begin() as s:
            rnd = Round(agency=owner, year=data.year, title=data.title, status="open",
                        version=1, head_json=json.dumps(head, ensure_ascii=False),
                        created_by=actor.login, created_at=now, updated_at=now)
            s.add(rnd)
            s.flush()
            self._audit(s, rnd, "round_create", actor, f"mở đợt xét: {rnd.title}")
        return rnd

    def search(self, actor: Actor, *, year: int | None = None) -> list[tuple[Round, int]]:
        """The rounds the actor sees (newest first), each with its number of nominations."""
        if not actor.can(Perm.ROUND_READ):
            raise ForbiddenError("vai trò của bạn không xem được các đợt xét khen thưởng")
        count = (select(RoundNomination.round_id, func.count().label("n"))
                 .group_by(RoundNomination.round_id).subquery())
        stmt = (select(Round, func.coalesce(count.c.n, 0))
                .outerjoin(count, count.c.round_id == Round.id)
                .order_by(Round.year.desc(), Round.id.desc()))
        if not actor.sees_all:
            stmt = stmt.where(Round.agency == actor.agency)
        if year is not None:
            stmt = stmt.where(Round.year == year)
        with self.sessions() as s:
            return [(r, int(n)) for r, n in s.execute(stmt)]

    def get(self, round_id: int, actor: Actor) -> RoundView:
        with self.sessions() as s:
            rnd = self._get(s, round_id, actor)
            history = list(s.execute(select(AuditEntry).where(AuditEntry.round_id == rnd.id)
                                     .order_by(AuditEntry.id)).scalars())
            return RoundView(rnd, json.loads(rnd.head_json), self._rows(s, rnd.id),
                             self._papers(s, rnd.id), history)

    def update(self, round_id: int, body: Any, actor: Actor) -> Round:
        """The head's parts given (title, council, proposal) replaced."""
        data = validate_input(RoundEdit, body, context={"catalog": self._catalog()})
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, Perm.ROUND_MANAGE, lock=True)
            self._version(rnd, data.version)
            head = json.loads(rnd.head_json)
            given = data.model_fields_set - {"version"}
            if "council" in given:
                self._frozen(s, rnd)
            for part in given & {"council", "proposal"}:
                value = getattr(data, part)
                if value is None:
                    head.pop(part, None)
                else:
                    head[part] = value.model_dump(mode="json", exclude_none=True)
            if "title" in given and data.title is not None:
                rnd.title = data.title
            if "meeting" in head and "council" in given:
                self._consistent(rnd, head, self._rows(s, rnd.id), prefix=("council",))
            rnd.head_json = json.dumps(head, ensure_ascii=False)
            self._touch(rnd)
            self._audit(s, rnd, "round_edit", actor,
                        "sửa " + ", ".join(sorted(given)) if given else "lưu")
        return rnd

    # -- nominations --------------------------------------------------------------------------

    def _may_nominate(self, s: Session, rnd: Round, actor: Actor, unit: str | None) -> None:
        """May ``actor`` add, change or remove a nomination of ``unit`` in ``rnd`` now? The
        council's office any, until the minutes are issued; a unit's clerk their own
        unit's, until the meeting is recorded."""
        self._frozen(s, rnd)
        if actor.can(Perm.ROUND_MANAGE):
            return
        if not actor.can(Perm.ROUND_NOMINATE):
            raise ForbiddenError("vai trò của bạn không đề nghị khen thưởng được")
        if rnd.status != "open":
            raise ConflictError("Hội đồng đã ghi kết quả họp: đơn vị không thêm, sửa, xóa "
                                "đề nghị được nữa; cần sửa thì báo thường trực Hội đồng")
        if not actor.unit:
            raise ForbiddenError("tài khoản của bạn chưa gắn với đơn vị nào: báo quản trị "
                                 "ghi đơn vị công tác để đề nghị khen thưởng")
        if unit is None or not same_name(unit, actor.unit):
            raise ForbiddenError(f"chỉ thêm, sửa, xóa được đề nghị của đơn vị mình "
                                 f"({actor.unit})")

    def _nomination(self, body: Any, actor: Actor) -> tuple[dict[str, Any], str | None]:
        """A nomination as sent, checked by the round model (votes are the secretary's,
        not the unit's), and its unit: ``proposed_by``, which a unit's clerk may leave
        out (their own unit) but not set to another."""
        if not isinstance(body, dict):
            raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON",
                                         "model_type")])
        problems = [FieldError((key,), "số phiếu do thư ký Hội đồng ghi ở kết quả họp, không "
                               "ghi khi đề nghị") for key in ("votes", "written_votes")
                    if key in body]
        if problems:
            raise InputError(problems)
        data = dict(body)
        manager = actor.can(Perm.ROUND_MANAGE)
        if not manager and actor.unit:
            typed = data.get("proposed_by")
            if typed in (None, ""):
                data["proposed_by"] = actor.unit
            elif isinstance(typed, str) and not same_name(typed, actor.unit):
                raise InputError([FieldError(("proposed_by",), "chỉ đề nghị được cho đơn vị "
                                             f"mình: {actor.unit}")])
        model = validate_input(Nomination, {**data, "votes": 0},
                               context={"catalog": self._catalog()})
        # By alias: a report's `for` is stored as the model reads it back.
        clean = model.model_dump(mode="json", exclude_none=True, by_alias=True)
        clean.pop("votes", None)
        return clean, model.proposed_by

    def add_nomination(self, round_id: int, body: Any, actor: Actor) -> RoundNomination:
        with self.sessions() as s:
            # Not found, not allowed, too late: said before the body's field errors.
            self._may_nominate(s, self._get(s, round_id, actor), actor, actor.unit)
        data, unit = self._nomination(body, actor)
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, lock=True)
            self._may_nominate(s, rnd, actor, unit)
            count, last = s.execute(select(func.count(), func.max(RoundNomination.position))
                                    .where(RoundNomination.round_id == rnd.id)).one()
            if count >= MAX_NOMINATIONS:
                raise InputError([FieldError(("nominations",), "một đợt xét có tối đa "
                                             f"{MAX_NOMINATIONS} đề nghị")])
            now = _now()
            row = RoundNomination(round_id=rnd.id, position=(last or 0) + 1, unit=unit,
                                  data_json=json.dumps(data, ensure_ascii=False),
                                  created_by=actor.login, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            self._touch(rnd)
            self._audit(s, rnd, "nomination_add", actor,
                        f"đề nghị {row.id}: {nominee_name(data)} ({data['award']})")
        return row

    def nominations_template(self, round_id: int, actor: Actor) -> bytes:
        """The XLSX a unit fills with its nominations (``docgen.imports.nominations``)."""
        with self.sessions() as s:
            self._get(s, round_id, actor)
        return template_xlsx(self._catalog())

    def import_nominations(self, round_id: int, data: bytes, filename: str, actor: Actor, *,
                           max_bytes: int) -> ImportResult:
        """A filled template: each valid row added as a nomination of the uploader's unit,
        under the same rules as one added by hand (``add_nomination``); a refused row is
        listed with its number and the reason, in the template's words."""
        with self.sessions() as s:
            self._may_nominate(s, self._get(s, round_id, actor), actor, actor.unit)
        parsed = read_nominations(data, filename, max_rows=MAX_NOMINATIONS,
                                  max_bytes=max_bytes)
        awards = award_names(self._catalog())
        good: list[tuple[int, dict[str, Any], str | None]] = []
        problems: list[RowProblem] = []
        for number, record in parsed.rows:
            try:
                body = nomination_body(record, awards)
                if actor.unit:
                    body["proposed_by"] = actor.unit
                clean, unit = self._nomination(body, actor)
            except InputError as exc:
                # One problem: said under its column; several: each named by its column.
                errors = exc.errors
                problems.append(RowProblem(number, header_of(errors[0].loc), errors[0].msg
                                           if len(errors) == 1 else "; ".join(
                    (f"{header_of(e.loc)}: {e.msg}" if header_of(e.loc) else e.msg)
                    for e in errors)))
                continue
            good.append((number, clean, unit))
        added: list[RoundNomination] = []
        if good:
            with self.sessions.begin() as s:
                rnd = self._get(s, round_id, actor, lock=True)
                for _, _, unit in good:
                    self._may_nominate(s, rnd, actor, unit)
                count, last = s.execute(select(func.count(), func.max(RoundNomination.position))
                                        .where(RoundNomination.round_id == rnd.id)).one()
                if count + len(good) > MAX_NOMINATIONS:
                    raise InputError([FieldError(("nominations",), "một đợt xét có tối đa "
                                                 f"{MAX_NOMINATIONS} đề nghị")])
                now = _now()
                for offset, (_, clean, unit) in enumerate(good, start=1):
                    row = RoundNomination(round_id=rnd.id, position=(last or 0) + offset,
                                          unit=unit,
                                          data_json=json.dumps(clean, ensure_ascii=False),
                                          created_by=actor.login, created_at=now,
                                          updated_at=now)
                    s.add(row)
                    added.append(row)
                s.flush()
                self._touch(rnd)
                self._audit(s, rnd, "nomination_import", actor,
                            f"nhập {len(added)} đề nghị từ tệp {filename[:100]}"
                            + (f" ({len(problems)} dòng bị từ chối)" if problems else ""))
        return ImportResult(added, problems, parsed.blank)

    def _row(self, s: Session, rnd: Round, nomination_id: int) -> RoundNomination:
        row = s.get(RoundNomination, nomination_id) if 0 < nomination_id <= MAX_ID else None
        if row is None or row.round_id != rnd.id:
            raise NotFoundError(f"không có đề nghị số {nomination_id} trong đợt xét")
        return row

    def update_nomination(self, round_id: int, nomination_id: int, body: Any,
                          actor: Actor) -> RoundNomination:
        with self.sessions() as s:
            rnd = self._get(s, round_id, actor)
            self._may_nominate(s, rnd, actor, self._row(s, rnd, nomination_id).unit)
        data, unit = self._nomination(body, actor)
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, lock=True)
            row = self._row(s, rnd, nomination_id)
            self._may_nominate(s, rnd, actor, row.unit)
            self._may_nominate(s, rnd, actor, unit)
            old = json.loads(row.data_json)
            row.data_json, row.unit = json.dumps(data, ensure_ascii=False), unit
            row.updated_at = _now()
            if rnd.status != "open":
                head = json.loads(rnd.head_json)
                if "meeting" in head:
                    self._consistent(rnd, head, self._rows(s, rnd.id))
            self._touch(rnd)
            self._audit(s, rnd, "nomination_edit", actor,
                        f"đề nghị {row.id}: {nominee_name(old)} → {nominee_name(data)} "
                        f"({data['award']})")
        return row

    def set_report(self, round_id: int, nomination_id: int, body: Any,
                   actor: Actor) -> RoundNomination:
        """The nomination's achievement report (the achievement-report kind's input)
        typed or replaced, ``None`` removes it; under the rules of editing the nomination.
        What the nomination already says is the report's default: its kind (person or
        collective), its award, the round's year, the person's particulars."""
        with self.sessions() as s:
            rnd = self._get(s, round_id, actor)
            row = self._row(s, rnd, nomination_id)
            self._may_nominate(s, rnd, actor, row.unit)
            data, year = json.loads(row.data_json), rnd.year
        if body is None:
            data.pop("report", None)
        elif not isinstance(body, dict):
            raise InputError([FieldError(("report",), "báo cáo thành tích phải là một đối "
                                         "tượng JSON", "model_type")])
        else:
            report = {"for": "person" if "person" in data else "collective",
                      "award": data["award"], "year": year, **body}
            if report["for"] == "person" and "person" in data:
                report["person"] = {**data["person"], **(report.get("person") or {})}
            if report["award"] != data["award"]:
                raise InputError([FieldError(("report", "award"), "báo cáo thành tích phải "
                                             "cho đúng hình thức khen thưởng được đề nghị")])
            data["report"] = report
        return self.update_nomination(round_id, nomination_id, data, actor)

    def attach_report_file(self, round_id: int, nomination_id: int, data: bytes,
                           filename: str, actor: Actor, *, max_bytes: int) -> RoundNomination:
        """The nomination's achievement report as a file (a signed scan as PDF, or the
        unit's DOCX), under the rules of editing the nomination; its kind is read from its
        content, never from its name. It replaces an earlier file."""
        with self.sessions() as s:
            # Not found, not allowed, too late: said before what is wrong with the file.
            rnd = self._get(s, round_id, actor)
            self._may_nominate(s, rnd, actor, self._row(s, rnd, nomination_id).unit)
        fmt = report_file_format(data, max_bytes=max_bytes)
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, lock=True)
            row = self._row(s, rnd, nomination_id)
            self._may_nominate(s, rnd, actor, row.unit)
            row.report_sha256 = self.registry.store.put(data)
            row.report_filename = one_line(filename)[:200] or f"bao-cao.{fmt}"
            row.report_format = fmt
            row.updated_at = _now()
            self._touch(rnd)
            self._audit(s, rnd, "nomination_file", actor,
                        f"đề nghị {row.id}: đính kèm báo cáo thành tích "
                        f"{row.report_filename} ({fmt.upper()}, {len(data)} byte)")
        return row

    def remove_report_file(self, round_id: int, nomination_id: int,
                           actor: Actor) -> RoundNomination:
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, lock=True)
            row = self._row(s, rnd, nomination_id)
            self._may_nominate(s, rnd, actor, row.unit)
            if row.report_sha256 is None:
                raise NotFoundError("đề nghị chưa có tệp báo cáo thành tích đính kèm")
            name, row.report_sha256 = row.report_filename, None
            row.report_filename = row.report_format = None
            row.updated_at = _now()
            self._touch(rnd)
            self._audit(s, rnd, "nomination_file", actor,
                        f"đề nghị {row.id}: bỏ tệp báo cáo thành tích {name}")
        return row

    def report_file(self, round_id: int, nomination_id: int, actor: Actor) -> RenderedFile:
        """The report file attached to a nomination, as it was sent."""
        with self.sessions() as s:
            row = self._row(s, self._get(s, round_id, actor), nomination_id)
            if row.report_sha256 is None or row.report_format is None:
                raise NotFoundError("đề nghị chưa có tệp báo cáo thành tích đính kèm")
            fmt, name = row.report_format, row.report_filename or "bao-cao"
            who = nominee_name(json.loads(row.data_json))
            content = self.registry.store.get(row.report_sha256)
        return RenderedFile(content, MEDIA_TYPES[fmt],
                            f"bao-cao-thanh-tich-{slugify(who) or nomination_id}.{fmt}",
                            name.rsplit(".", 1)[0] if "." in name else name)

    def dossier(self, round_id: int, actor: Actor) -> RenderedFile:
        """The kept round's whole dossier as one ZIP (``docgen.service.round_dossier``): the
        minutes, the proposal(s), the decision drafts and the achievement reports the
        nominations carry, each as DOCX and PDF; earlier years read as the check reads
        them (the round's agency's issued decisions)."""
        view = self.get(round_id, actor)
        doc = self._document_of(view.head, view.nominations, year=view.round.year,
                                title=view.round.title)
        agency = view.round.agency
        made = round_dossier(doc, catalog=self._catalog(),
                             prior_for=lambda _: prior_source(self.sessions, agency))
        attached = [(i, r) for i, r in enumerate(view.nominations, start=1)
                    if r.report_sha256 is not None and r.report_format is not None]
        if not attached:
            return made
        buf = io.BytesIO(made.content)
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
            for i, r in attached:
                name = slugify(nominee_name(json.loads(r.data_json)))
                zf.writestr(f"05-bao-cao-thanh-tich-{i:02d}-{name}-tep-dinh-kem."
                            f"{r.report_format}", self.registry.store.get(r.report_sha256 or ""))
        return replace(made, content=buf.getvalue())

    def remove_nomination(self, round_id: int, nomination_id: int, actor: Actor) -> None:
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, lock=True)
            row = self._row(s, rnd, nomination_id)
            self._may_nominate(s, rnd, actor, row.unit)
            data = json.loads(row.data_json)
            s.delete(row)
            self._touch(rnd)
            self._audit(s, rnd, "nomination_remove", actor,
                        f"xóa đề nghị {nomination_id}: {nominee_name(data)} ({data['award']})")

    # -- the meeting --------------------------------------------------------------------------

    def record_meeting(self, round_id: int, body: Any, actor: Actor) -> Round:
        """The council's meeting (time, place, chair, secretary, absences, ballots) and
        the votes of the nominations listed; the round is then past its nominations."""
        with self.sessions() as s:
            self._get(s, round_id, actor, Perm.ROUND_MANAGE)
        data = validate_input(MeetingRecord, body, context={"catalog": self._catalog()})
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, Perm.ROUND_MANAGE, lock=True)
            self._version(rnd, data.version)
            self._frozen(s, rnd)
            head = json.loads(rnd.head_json)
            if "council" not in head:
                raise InputError([FieldError(("council",), "chưa có thành phần Hội đồng: ghi "
                                             "Hội đồng trước khi ghi cuộc họp")])
            rows = self._rows(s, rnd.id)
            by_id = {r.id: r for r in rows}
            problems = [FieldError(("votes", i, "nomination"), "không có đề nghị số "
                                   f"{v.nomination} trong đợt xét")
                        for i, v in enumerate(data.votes) if v.nomination not in by_id]
            seen: set[int] = set()
            for i, v in enumerate(data.votes):
                if v.nomination in seen:
                    problems.append(FieldError(("votes", i, "nomination"),
                                               f"đề nghị số {v.nomination} ghi hai lần"))
                seen.add(v.nomination)
            if problems:
                raise InputError(problems)
            for v in data.votes:
                by_id[v.nomination].votes = v.votes
                by_id[v.nomination].written_votes = v.written_votes
            head["meeting"] = data.meeting.model_dump(mode="json", exclude_none=True)
            self._consistent(rnd, head, rows, prefix=("meeting",))
            rnd.head_json = json.dumps(head, ensure_ascii=False)
            if rnd.status == "open":
                rnd.status = "meeting"
            self._touch(rnd)
            counted = sum(1 for r in rows if r.votes is not None)
            self._audit(s, rnd, "round_meeting", actor,
                        f"ghi kết quả họp: {counted}/{len(rows)} đề nghị có số phiếu")
        return rnd

    def _consistent(self, rnd: Round, head: dict[str, Any], rows: list[RoundNomination], *,
                    prefix: tuple[str | int, ...] = ()) -> None:
        """The round's head and nominations agree as the round model requires (the chair
        a member, the absent members, no more votes than ballots): checked whenever the
        meeting, the council or a counted nomination changes. Votes not yet counted count
        as none here. A round without nominations yet is checked once it has some (the
        model's rules about the whole round run only on a whole round)."""
        if not rows:
            return
        doc = self._document_of(head, rows, year=rnd.year, title=rnd.title, partial=True)
        try:
            validate_input(RoundInput, doc, context={"catalog": self._catalog()})
        except InputError as exc:
            raise InputError([e if e.loc else FieldError(prefix, e.msg, e.type)
                              for e in exc.errors]) from None

    # -- the round as a document: check and papers --------------------------------------------

    def _document_of(self, head: dict[str, Any], rows: list[RoundNomination], *,
                     year: int, title: str, partial: bool = False) -> dict[str, Any]:
        """The round document (``award-round.json``'s shape). Not ``partial``: refused with
        what is missing (the council, the meeting, a nomination, a count of votes)."""
        nominations = [nomination_of(r) for r in rows]
        if partial:
            nominations = [{**n, "votes": n.get("votes", 0)} for n in nominations]
        else:
            problems = [FieldError((part,), message) for part, message in (
                ("council", "chưa có thành phần Hội đồng"),
                ("meeting", "chưa ghi cuộc họp của Hội đồng")) if part not in head]
            if not rows:
                problems.append(FieldError(("nominations",), "đợt xét chưa có đề nghị nào"))
            problems += [FieldError(("nominations", i, "votes"),
                                    f"chưa ghi số phiếu của {nominee_name(n)}")
                         for i, n in enumerate(nominations) if "votes" not in n]
            if problems:
                raise InputError(problems)
        return {**head, "year": year, "title": title, "nominations": nominations}

    def document(self, round_id: int, actor: Actor) -> dict[str, Any]:
        """The round as one document, ready for the check and the papers."""
        view = self.get(round_id, actor)
        return self._document_of(view.head, view.nominations, year=view.round.year,
                                 title=view.round.title)

    def _validated(self, doc: dict[str, Any], agency: str) -> tuple[RoundInput, RoundResult]:
        """The round checked, its earlier years looked up in ``agency``'s issued decisions
        (the same source as the stateless check of a signed-in caller)."""
        catalog = self._catalog()
        data = validate_input(RoundInput, doc, context={"catalog": catalog})
        return data, check(data, catalog, prior=prior_source(self.sessions, agency))

    def check(self, round_id: int, actor: Actor) -> tuple[RoundView, RoundResult]:
        """The round's check (``docgen.rounds.check``): each nomination's result, in the
        round's order, with the nomination ids."""
        view = self.get(round_id, actor)
        doc = self._document_of(view.head, view.nominations, year=view.round.year,
                                title=view.round.title)
        return view, self._validated(doc, view.round.agency)[1]

    def make_drafts(self, round_id: int, actor: Actor) -> list[Paper]:
        """*Tạo hồ sơ*: registry drafts of the minutes, the proposal(s) and one decision
        per award within the agency's power (exactly the nominees who passed), each tied to
        the round by its slot. Made again, each paper still a draft (or returned) is
        refilled from the round (the same paper) and a missing one is made; one submitted
        or further is left as it is. Once the council's proposal is issued, the decisions
        made again cite its number and date (``Xét đề nghị … tại Tờ trình số …``)."""
        view = self.get(round_id, actor)  # another agency's round: 404 first
        if not actor.can(Perm.ROUND_PAPERS):
            raise ForbiddenError("vai trò của bạn không tạo được hồ sơ của đợt xét")
        if not actor.acts_on(view.round.agency):
            raise ForbiddenError("chỉ cán bộ của cơ quan có đợt xét mới làm được việc này")
        live = {p.round_slot: p for p in view.papers if p.status != "revoked"}
        doc = self._document_of(view.head, view.nominations, year=view.round.year,
                                title=view.round.title)
        council_proposal = live.get("proposal:agency")
        if council_proposal is not None and council_proposal.status == "issued":
            issued = json.loads(council_proposal.input_json).get("proposal") or {}
            doc["proposal"] = {**(doc.get("proposal") or {}),
                               **{k: issued[k] for k in ("council_number", "council_date")
                                  if k in issued}}
        catalog = self._catalog()
        data, result = self._validated(doc, view.round.agency)
        # Achievement reports are the units' papers: in the ZIP, not in the registry.
        wanted = [p for p in paper_inputs(data, result, catalog) if p.kind in REGISTRABLE]
        todo = [p for p in wanted
                if p.slot not in live or live[p.slot].status in EDITABLE]
        if not todo:
            listed = "; ".join(f"{p.title} ({PAPER_STATUS.get(p.status, p.status).lower()})"
                               for p in live.values())
            raise ConflictError(f"mọi văn bản của hồ sơ đã trình: {listed}. Không còn dự "
                                "thảo nào để làm lại; sửa văn bản cần sửa theo các bước "
                                "của nó")
        made: list[Paper] = []
        for paper in todo:
            payload = paper.data.model_dump(mode="json", exclude_none=True)
            old = live.get(paper.slot)
            if old is not None:
                made.append(self.registry.refill_round_draft(old.id, payload, actor))
            else:
                made.append(self.registry.create_draft(paper.kind, payload, actor,
                                                       round_slot=(view.round.id, paper.slot)))
        with self.sessions.begin() as s:
            rnd = self._get(s, round_id, actor, Perm.ROUND_PAPERS, lock=True)
            rnd.status = "papers"
            self._touch(rnd)
            self._audit(s, rnd, "round_papers", actor, "tạo hồ sơ: " + ", ".join(
                f"văn bản {p.id}" for p in made))
        return made

    def agency_name(self, rnd: Round) -> str:
        """The round's agency as the catalog names it, on one line."""
        found = self._catalog().agency(rnd.agency)
        return one_line(found.name) if found is not None else rnd.agency
