"""The use cases of a cluster's scoring year (Cụm, Khối thi đua) kept in the registry's
database: set it up (from the pledge the cluster signed, or from a whole document), edit
its table of criteria (until locked) and its members (until the first score), the
members score their own unit, the khối trưởng's unit reviews (accepts, or changes with a
comment), the member explains, the review is finalised and the year locked, the meeting
and its vote are recorded, and the minutes and the Tờ trình are drafted in the registry.

The year is one ``ScoringYear`` document (``docgen.model.scoring``): its ``results``,
``reviews`` (each review, explanation and finalisation a new entry, the last in force) and
``changes`` (each result written: who, when, why) and ``setup_changes`` (each change of
the table or the members) are the trail; nothing parallel is kept.

Who may do what is the permission table's (``CLUSTER_*``) together with the actor's
agency: a member unit's agency acts for that member only, the khối trưởng's (``cluster.head``)
agency reviews, the organising agency sets up and drafts. Anybody else is told the year
does not exist (404). Every change names the ``version`` it was made on; a change on an
older version is refused (409), so two people never overwrite each other.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import Catalog, load_catalog
from docgen.compose.cluster_proposal import proposal_input
from docgen.compose.common import one_line
from docgen.errors import ConflictError, FieldError, ForbiddenError, InputError, NotFoundError
from docgen.model.pledge import PledgeInput
from docgen.model.scoring import (
    KIND_LABELS,
    ClusterMinutesInput,
    Code,
    Meeting,
    Proposal,
    Result,
    ScoringYear,
    plain,
)
from docgen.model.types import MAX_ID, Note
from docgen.model.validation import validate_input
from docgen.scoring.engine import (
    ScoringRulesMissing,
    change_results,
    latest_reviews,
    review_of,
    score,
)
from docgen.scoring.from_pledge import year_from_pledge
from docgen.scoring.proposal import proposal_data
from docgen.scoring.result import result_json
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.db import rowcount
from docgen.services.registry.models import ClusterMember, ClusterYear, Paper
from docgen.services.registry.papers import Registry

#: Where a year stands, with what people read.
STATUS_LABELS: dict[str, str] = {
    "scoring": "Đang chấm điểm",
    "locked": "Đã chốt kết quả",
    "met": "Đã họp bình xét",
}
#: Why a member's own score was written, when it gives no reason.
SELF_SCORED = "Đơn vị tự chấm"
#: Why the table or the members were changed, when the editor gives no reason.
TABLE_EDITED = "Sửa bảng tiêu chí"
MEMBERS_EDITED = "Sửa danh sách đơn vị thành viên"
AgencyCode = str


def _now() -> datetime:
    return datetime.now(UTC)


# -- what the faces send -------------------------------------------------------------------

class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewYear(_Body):
    """A new year: the agency of each member unit, and either the whole ``document`` or
    the issued ``pledge`` (registry paper) the cluster signed with the ``criteria``."""

    members: dict[Code, AgencyCode] = Field(
        min_length=2, max_length=60,
        description="Mã đơn vị trong Khối -> mã cơ quan trong danh mục")
    document: dict[str, Any] | None = Field(default=None, description="Cả năm thi đua")
    pledge: int | None = Field(default=None, ge=1, le=MAX_ID,
                               description="Số hiệu giao ước thi đua đã ban hành trong sổ")
    criteria: list[dict[str, Any]] | None = Field(
        default=None, description="Bảng tiêu chí; bỏ trống (với pledge): bảng năm trước của Khối")
    proposal: Proposal | None = None


class _Versioned(_Body):
    version: int = Field(ge=1, le=MAX_ID, description="Phiên bản năm thi đua đang sửa")


class Scoring(_Versioned):
    member: Code
    results: dict[Code, Result] = Field(min_length=1, max_length=200)
    reason: Note | None = Field(default=None, description="Lý do sửa (khi sửa kết quả)")


class Reviewing(_Versioned):
    member: Code
    criterion: Code
    value: Result = Field(description="Kết quả Khối trưởng chấm (bằng kết quả tự chấm: chấp "
                                      "nhận)")
    comment: Note | None = Field(default=None, description="Lý do chấm khác")


class Explaining(_Versioned):
    member: Code
    criterion: Code
    explanation: Note


class CriteriaEdit(_Versioned):
    """The whole table of criteria as it should be (sections with ``children``, criteria
    with a ``type``), and why it was changed."""

    criteria: builtins.list[dict[str, Any]] = Field(
        min_length=1, max_length=50, description="Bảng tiêu chí (cây các phần và tiêu chí)")
    reason: Note | None = Field(default=None, description="Lý do sửa bảng tiêu chí")


class MembersEdit(_Versioned):
    """The whole list of member units as it should be, the agency of each, and why."""

    members: builtins.list[dict[str, Any]] = Field(
        min_length=2, max_length=60, description="Các đơn vị thành viên (mã, tên, lãnh đạo)")
    agencies: dict[Code, AgencyCode] = Field(
        min_length=2, max_length=60,
        description="Mã đơn vị trong Khối -> mã cơ quan trong danh mục")
    reason: Note | None = Field(default=None, description="Lý do sửa danh sách thành viên")


class Locking(_Versioned):
    """Finalise the review and lock the year."""


class MeetingRecord(_Versioned):
    meeting: Meeting
    proposal: Proposal | None = None


# -- the service ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """What ``actor`` is in a year: the member it acts for, khối trưởng, organiser."""

    member: str | None
    head: bool
    organiser: bool


@dataclass(frozen=True)
class Loaded:
    row: ClusterYear
    members: dict[str, str]  # member code -> agency
    year: ScoringYear


@dataclass
class ClusterService:
    sessions: sessionmaker[Session]
    registry: Registry

    def _catalog(self) -> Catalog:
        return load_catalog()

    def _validate(self, data: Any, *, partial: bool = True) -> ScoringYear:
        return validate_input(ScoringYear, data,
                              context={"catalog": self._catalog(), "partial": partial})

    # -- reading -----------------------------------------------------------------------------

    @staticmethod
    def _visible(actor: Actor) -> Any:
        if actor.sees_all:
            return True
        mine = select(ClusterMember.cluster_year_id).where(
            ClusterMember.agency == actor.agency)
        return or_(ClusterYear.organiser == actor.agency, ClusterYear.id.in_(mine))

    def _load(self, s: Session, year_id: int, actor: Actor) -> Loaded:
        if not (actor.can(Perm.CLUSTER_READ) or actor.sees_all):
            raise ForbiddenError("vai trò của bạn không xem được kết quả chấm điểm thi đua")
        row = s.execute(select(ClusterYear).where(
            ClusterYear.id == year_id, self._visible(actor))).scalar_one_or_none() \
            if 0 < year_id <= MAX_ID else None
        if row is None:
            raise NotFoundError(f"không có năm thi đua số hiệu {year_id}")
        members = {code: agency for code, agency in s.execute(
            select(ClusterMember.code, ClusterMember.agency).where(
                ClusterMember.cluster_year_id == row.id))}
        return Loaded(row, members, self._validate(row.document_json))

    @staticmethod
    def standing(loaded: Loaded, actor: Actor) -> Standing:
        member = next((code for code, agency in loaded.members.items()
                       if agency == actor.agency), None)
        head = loaded.members.get(loaded.year.cluster.head)
        return Standing(member, actor.system or (head is not None and head == actor.agency),
                        actor.acts_on(loaded.row.organiser))

    def get(self, year_id: int, actor: Actor) -> Loaded:
        with self.sessions() as s:
            return self._load(s, year_id, actor)

    def list(self, actor: Actor) -> builtins.list[ClusterYear]:
        if not (actor.can(Perm.CLUSTER_READ) or actor.sees_all):
            raise ForbiddenError("vai trò của bạn không xem được kết quả chấm điểm thi đua")
        with self.sessions() as s:
            return list(s.execute(select(ClusterYear).where(self._visible(actor)).order_by(
                ClusterYear.year.desc(), ClusterYear.name, ClusterYear.id)).scalars())

    # -- setting up ---------------------------------------------------------------------------

    def create(self, data: Any, actor: Actor) -> Loaded:
        """A new year of a cluster the actor's agency organises."""
        if not actor.can(Perm.CLUSTER_ORGANISE):
            raise ForbiddenError("vai trò của bạn không lập được năm thi đua của Khối, Cụm")
        if actor.agency is None and not actor.system:
            raise ForbiddenError("tài khoản không thuộc cơ quan nào")
        body = validate_input(NewYear, data)
        pledge_id = None
        if (body.document is None) == (body.pledge is None):
            raise InputError([FieldError(("document",), "gửi cả năm thi đua (document) hoặc "
                                         "số hiệu giao ước thi đua (pledge), một trong hai")])
        if body.document is not None:
            doc = dict(body.document)
        else:
            assert body.pledge is not None
            doc = self._from_pledge(body.pledge, body.criteria, actor)
            pledge_id = body.pledge
        if body.proposal is not None:
            doc["proposal"] = body.proposal.model_dump(mode="json")
        year = self._validate(doc)
        self._check_members(year, body.members)
        organiser = actor.agency or "system"
        now = _now()
        with self.sessions.begin() as s:
            name = one_line(year.cluster.name)
            taken = s.execute(select(ClusterYear.id).where(
                ClusterYear.organiser == organiser, ClusterYear.name == name,
                ClusterYear.year == year.cluster.year)).first()
            if taken is not None:
                raise ConflictError(f"{name} đã có năm thi đua {year.cluster.year} "
                                    f"(số hiệu {taken[0]})")
            row = ClusterYear(organiser=organiser, name=name, year=year.cluster.year,
                              status=_status_of(year), version=1,
                              document_json=_dump(year), pledge_paper_id=pledge_id,
                              created_by=actor.login, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            s.add_all(ClusterMember(cluster_year_id=row.id, code=code, agency=agency)
                      for code, agency in body.members.items())
        return Loaded(row, dict(body.members), year)

    def _pledge(self, paper_id: int, actor: Actor) -> PledgeInput:
        """The issued pledge ``paper_id`` (a registry paper the actor may read)."""
        paper = self.registry.get(paper_id, actor)
        if paper.kind != "pledge" or paper.status != "issued":
            raise InputError([FieldError(("pledge",), f"văn bản số hiệu {paper_id} không "
                                         "phải giao ước thi đua đã ban hành")])
        return validate_input(PledgeInput, paper.input_json)

    def _last_table(self, organiser: str | None, pledge: PledgeInput
                    ) -> dict[str, Any] | None:
        """Last year's document of the same cluster and organiser, if kept."""
        with self.sessions() as s:
            last = s.execute(select(ClusterYear.document_json).where(
                ClusterYear.organiser == organiser,
                ClusterYear.name == one_line(pledge.issuer.name),
                ClusterYear.year == pledge.year - 1)).scalar_one_or_none()
        return json.loads(last) if last is not None else None

    def pledge_start(self, paper_id: int, actor: Actor) -> tuple[dict[str, Any], bool]:
        """What a year started from the pledge would hold (members, khối trưởng) and
        whether last year's table would be taken up: for the page that sets a year up."""
        if not actor.can(Perm.CLUSTER_ORGANISE):
            raise ForbiddenError("vai trò của bạn không lập được năm thi đua của Khối, Cụm")
        pledge = self._pledge(paper_id, actor)
        return year_from_pledge(pledge), self._last_table(actor.agency, pledge) is not None

    def _from_pledge(self, paper_id: int, criteria: builtins.list[dict[str, Any]] | None,
                     actor: Actor) -> dict[str, Any]:
        pledge = self._pledge(paper_id, actor)
        rules = None
        if not criteria:
            # Last year's table of the same cluster, to be edited (the usual start).
            earlier = self._last_table(actor.agency, pledge)
            if earlier is None:
                raise InputError([FieldError(("criteria",), "cần bảng tiêu chí chấm điểm (Khối "
                                             f"chưa có bảng năm {pledge.year - 1} để dùng lại)")])
            criteria, rules = earlier["criteria"], earlier.get("rules")
        doc = year_from_pledge(pledge, criteria)
        if rules:
            doc["rules"] = rules
        return doc

    def _check_members(self, year: ScoringYear, members: dict[str, str]) -> None:
        catalog = self._catalog()
        codes = [m.code for m in year.members]
        errors = [FieldError(("members", code), f"không có đơn vị mã '{code}' trong năm thi "
                             "đua") for code in members if code not in codes]
        errors += [FieldError(("members", code), "thiếu cơ quan của đơn vị này")
                   for code in codes if code not in members]
        errors += [FieldError(("members", code), f"không có cơ quan '{agency}' trong danh "
                              "mục") for code, agency in members.items()
                   if catalog.agency(agency) is None]
        seen: set[str] = set()
        for code, agency in members.items():
            if agency in seen:
                errors.append(FieldError(("members", code), f"cơ quan '{agency}' đã là một "
                                         "đơn vị khác của Khối"))
            seen.add(agency)
        if errors:
            raise InputError(errors)

    # -- changing ------------------------------------------------------------------------------

    def _change(self, year_id: int, data: Any, model: type[_Versioned], actor: Actor,
                perm: Perm, change: Any, *, states: tuple[str, ...] = ("scoring",),
                allowed: Callable[[Standing], None] | None = None,
                members: Callable[[Any], dict[str, str]] | None = None) -> Loaded:
        """Apply ``change(loaded, standing, body) -> (year, status)`` to the year at the
        body's ``version`` and store it as the next version, atomically. Who asks is
        checked before what they sent: a stranger learns nothing from a 422 (``allowed``
        raises for one whose standing in the year does not let them). ``members(body)``,
        if given, is the member units' new agencies, stored in the same transaction."""
        with self.sessions.begin() as s:
            loaded = self._load(s, year_id, actor)
            if not actor.can(perm):
                raise ForbiddenError("vai trò của bạn không được làm việc này với năm thi đua")
            if allowed is not None:
                allowed(self.standing(loaded, actor))
            body = validate_input(model, data)
            version = body.version
            row = loaded.row
            if row.version != version:
                raise ConflictError(f"Năm thi đua vừa được người khác cập nhật (phiên bản "
                                    f"{row.version}, bạn đang sửa phiên bản {version}): tải "
                                    "lại để xem thay đổi mới nhất.")
            if row.status not in states:
                raise ConflictError(_refused(row.status))
            year, status = change(loaded, self.standing(loaded, actor), body)
            now = _now()
            done = s.execute(update(ClusterYear).where(
                ClusterYear.id == row.id, ClusterYear.version == version).values(
                document_json=_dump(year), status=status, version=version + 1,
                updated_at=now))
            if rowcount(done) != 1:
                raise ConflictError("Năm thi đua vừa được người khác cập nhật: tải lại để xem "
                                    "thay đổi mới nhất.")
            row.document_json, row.status, row.version, row.updated_at = \
                _dump(year), status, version + 1, now
            kept = loaded.members
            if members is not None:  # the member units' agencies, in the same transaction
                kept = members(body)
                s.execute(delete(ClusterMember).where(ClusterMember.cluster_year_id == row.id))
                s.add_all(ClusterMember(cluster_year_id=row.id, code=code, agency=agency)
                          for code, agency in kept.items())
        return Loaded(row, kept, year)

    @staticmethod
    def _own(standing: Standing, actor: Actor, member: str, loaded: Loaded) -> None:
        if member not in loaded.members:
            raise InputError([FieldError(("member",), f"không có đơn vị mã '{member}' trong "
                                         "Khối")])
        if not actor.system and standing.member != member:
            raise ForbiddenError("chỉ chấm điểm và giải trình được cho đơn vị mình")

    @staticmethod
    def _head(standing: Standing) -> None:
        if not standing.head:
            raise ForbiddenError("chỉ đơn vị Khối trưởng mới thẩm định, chốt kết quả và ghi "
                                 "kết quả họp")

    def score(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """A member unit scores itself: a figure or yes/no (with evidence) per criterion.
        Each result written is kept in ``changes``; a criterion already reviewed is not
        scored again (the unit explains instead)."""
        def change(loaded: Loaded, standing: Standing, body: Scoring
                   ) -> tuple[ScoringYear, str]:
            self._own(standing, actor, body.member, loaded)
            for code in body.results:
                if review_of(loaded.year, body.member, code) is not None:
                    raise ConflictError(f"Tiêu chí {code} của đơn vị {body.member} đã được "
                                        "Khối trưởng thẩm định: không tự chấm lại được, hãy "
                                        "giải trình.")
            year = change_results(loaded.year, body.member, dict(body.results),
                                  by=_who(actor), at=_now(), reason=body.reason or SELF_SCORED,
                                  partial=True)
            return year, "scoring"

        return self._change(year_id, data, Scoring, actor, Perm.CLUSTER_SCORE, change)

    def review(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """The khối trưởng's review of one result: the same value accepts it, another value
        needs a comment. A later review replaces the one in force (both are kept)."""
        def change(loaded: Loaded, standing: Standing, body: Reviewing
                   ) -> tuple[ScoringYear, str]:
            self._head(standing)
            year = loaded.year
            own = year.results.get(body.member, {}).get(body.criterion)
            if own is None:
                raise ConflictError(f"Đơn vị {body.member} chưa tự chấm tiêu chí "
                                    f"{body.criterion}: chưa thẩm định được.")
            previous = review_of(year, body.member, body.criterion)
            entry = {"member": body.member, "criterion": body.criterion, "self": own,
                     "review": body.value, "comment": body.comment, "reviewer": _who(actor),
                     "reviewed_at": _now()}
            if previous is not None and previous.explanation:
                entry |= {"explanation": previous.explanation,
                          "explained_at": previous.explained_at}
            return self._with_review(year, entry), "scoring"

        return self._change(year_id, data, Reviewing, actor, Perm.CLUSTER_REVIEW, change)

    def explain(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """The member's explanation of a review of its result."""
        def change(loaded: Loaded, standing: Standing, body: Explaining
                   ) -> tuple[ScoringYear, str]:
            self._own(standing, actor, body.member, loaded)
            previous = review_of(loaded.year, body.member, body.criterion)
            if previous is None:
                raise ConflictError(f"Tiêu chí {body.criterion} của đơn vị {body.member} chưa "
                                    "được thẩm định: chưa có gì để giải trình.")
            entry = previous.model_dump(by_alias=True, exclude_none=True) | {
                "explanation": body.explanation, "explained_at": _now()}
            return self._with_review(loaded.year, entry), "scoring"

        return self._change(year_id, data, Explaining, actor, Perm.CLUSTER_SCORE, change)

    def edit_criteria(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """The organiser's or the khối trưởng's change of the table of criteria, while the
        year is being scored (until it is locked). A criterion some member has already
        scored (a result, a review or a change names it) keeps its code and its kind: it
        is not removed, renumbered or retyped (its name, maximum, points and unit may
        change, and the totals follow). The change is kept in ``setup_changes``."""
        def change(loaded: Loaded, standing: Standing, body: CriteriaEdit
                   ) -> tuple[ScoringYear, str]:
            year = loaded.year
            doc = year.model_dump(mode="json", by_alias=True, exclude_none=True)
            doc["criteria"] = body.criteria
            # The tree on its own first (its errors say where in the table), then against
            # what the members have scored.
            edited = self._validate({k: v for k, v in doc.items()
                                     if k not in ("results", "reviews", "changes")})
            new = {c.code: c for c in edited.leaves()}
            refused = []
            for code, kind in scored_criteria(year).items():
                if code not in new:
                    refused.append(f"tiêu chí {code} đã có đơn vị chấm: không bỏ (hoặc đổi "
                                   "số thứ tự) được")
                elif new[code].type != kind:
                    refused.append(f"tiêu chí {code} đã có đơn vị chấm: không đổi loại "
                                   f"({KIND_LABELS[kind]}) được")
            if refused:
                raise ConflictError("Không sửa được bảng tiêu chí: " + "; ".join(refused) + ".")
            summary = _table_summary(year, edited)
            if summary is None:
                raise InputError([FieldError(("criteria",), "bảng tiêu chí không thay đổi")])
            doc["setup_changes"] = [*doc.get("setup_changes", []), {
                "by": _who(actor), "at": _now().isoformat(),
                "reason": body.reason or TABLE_EDITED, "summary": summary}]
            return self._validate(doc), "scoring"

        return self._change(year_id, data, CriteriaEdit, actor, Perm.CLUSTER_READ, change,
                            allowed=lambda standing: _table_editor(standing, actor))

    def edit_members(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """The organiser's or the khối trưởng's change of the member units (add one, remove
        one, correct a name or a leader) before any member has scored: a result, a review
        or a change fixes the list (the vote's threshold and every target criterion's
        comparison depend on it). The khối trưởng and the khối phó stay members; each unit
        has its own agency of the catalog. Kept in ``setup_changes``."""
        def change(loaded: Loaded, standing: Standing, body: MembersEdit
                   ) -> tuple[ScoringYear, str]:
            year = loaded.year
            if year.results or year.reviews or year.changes:
                raise ConflictError("Đã có đơn vị tự chấm điểm: không sửa được danh sách đơn "
                                    "vị thành viên (lập lại năm thi đua nếu cần).")
            doc = year.model_dump(mode="json", by_alias=True, exclude_none=True)
            doc["members"] = body.members
            edited = self._validate(doc)
            self._check_members(edited, dict(body.agencies))
            old = {m.code: (m, loaded.members.get(m.code)) for m in year.members}
            new = {m.code: (m, body.agencies.get(m.code)) for m in edited.members}
            parts = [(label, codes) for label, codes in (
                ("thêm đơn vị", [c for c in new if c not in old]),
                ("bỏ đơn vị", [c for c in old if c not in new]),
                ("sửa đơn vị", [c for c in new if c in old and new[c] != old[c]]))]
            said = "; ".join(f"{label} {', '.join(codes)}" for label, codes in parts if codes)
            if not said:
                raise InputError([FieldError(("members",), "danh sách đơn vị không thay đổi")])
            doc["setup_changes"] = [*doc.get("setup_changes", []), {
                "by": _who(actor), "at": _now().isoformat(),
                "reason": body.reason or MEMBERS_EDITED, "summary": said[:1].upper() + said[1:]}]
            return self._validate(doc), "scoring"

        return self._change(year_id, data, MembersEdit, actor, Perm.CLUSTER_READ, change,
                            allowed=lambda standing: _table_editor(standing, actor),
                            members=lambda body: dict(body.agencies))

    def _with_review(self, year: ScoringYear, entry: dict[str, Any]) -> ScoringYear:
        data = year.model_dump(by_alias=True, exclude_none=True)
        data["reviews"] = [*data.get("reviews", []), entry]
        return self._validate(data)

    def lock(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """The review finalised: each review in force gets its final value, the year is
        locked (no result changes any more). Every member must have every result."""
        def change(loaded: Loaded, standing: Standing, body: Locking
                   ) -> tuple[ScoringYear, str]:
            self._head(standing)
            year = loaded.year
            missing = year.missing()
            if missing:
                raise ConflictError("Chưa chốt được: còn đơn vị chưa tự chấm đủ các tiêu chí ("
                                    + "; ".join(f"{m}: {', '.join(codes)}"
                                                for m, codes in missing.items()) + ").")
            now = _now()
            data = year.model_dump(by_alias=True, exclude_none=True)
            final = {id(r) for r in latest_reviews(year)}
            data["reviews"] = [
                r.model_dump(by_alias=True, exclude_none=True)
                | ({"final": plain(r.review), "finalised_at": now}
                   if id(r) in final and r.review is not None else {})
                for r in year.reviews]
            data["locked"] = True
            return self._validate(data, partial=False), "locked"

        return self._change(year_id, data, Locking, actor, Perm.CLUSTER_REVIEW, change)

    def record_meeting(self, year_id: int, data: Any, actor: Actor) -> Loaded:
        """The year-end meeting: who attended, the votes for the leading unit (and the award
        proposed for it). Recorded again, it replaces the earlier record."""
        def change(loaded: Loaded, standing: Standing, body: MeetingRecord
                   ) -> tuple[ScoringYear, str]:
            self._head(standing)
            doc = loaded.year.model_dump(by_alias=True, exclude_none=True)
            doc["meeting"] = body.meeting.model_dump(exclude_none=True)
            if body.proposal is not None:
                doc["proposal"] = body.proposal.model_dump()
            year = self._validate(doc, partial=False)
            try:
                score(year, self._catalog())  # a threshold in force on the meeting's date
            except ScoringRulesMissing as exc:
                raise InputError([FieldError(("meeting", "date"), str(exc))]) from None
            return year, "met"

        return self._change(year_id, data, MeetingRecord, actor, Perm.CLUSTER_REVIEW, change,
                            states=("locked", "met"))

    # -- the papers ----------------------------------------------------------------------------

    def _organiser(self, loaded: Loaded, actor: Actor) -> None:
        if not actor.can(Perm.CLUSTER_ORGANISE):
            raise ForbiddenError("vai trò của bạn không soạn được văn bản của năm thi đua")
        if not actor.acts_on(loaded.row.organiser):
            raise ForbiddenError("chỉ cơ quan tổ chức Khối, Cụm thi đua mới soạn được biên bản "
                                 "và tờ trình")
        if loaded.row.status != "met":
            raise ConflictError("Chưa có kết quả họp bình xét: ghi kết quả họp trước.")

    def make_minutes(self, year_id: int, actor: Actor) -> Paper:
        """"Tạo biên bản": a draft of the meeting's minutes (``cluster-minutes``) in the
        registry of the organising agency."""
        loaded = self.get(year_id, actor)
        self._organiser(loaded, actor)
        data = validate_input(ClusterMinutesInput, _dump(loaded.year),
                              context={"catalog": self._catalog()})
        paper = self.registry.create_draft(
            "cluster-minutes", data.model_dump(mode="json", by_alias=True, exclude_none=True)
            | {"draft": True}, actor)
        self._link(loaded.row.id, minutes=paper.id)
        return paper

    def make_proposal(self, year_id: int, actor: Actor) -> Paper:
        """"Tạo tờ trình": a draft Tờ trình (administrative, TTr) of the organising agency
        proposing the award for the unit the meeting voted for; kept incomplete until the
        drafting clerk names who signs."""
        loaded = self.get(year_id, actor)
        self._organiser(loaded, actor)
        catalog = self._catalog()
        agency = catalog.agency(loaded.row.organiser)
        if agency is None:
            raise InputError([FieldError(("organiser",), "cơ quan tổ chức không có trong danh "
                                         "mục; báo quản trị")])
        issuer = {"name": agency.name, "symbol": agency.symbol, "place": agency.place}
        if agency.parent:
            issuer["parent"] = agency.parent
        try:
            data = proposal_input(proposal_data(score(loaded.year, catalog), catalog), issuer)
        except ValueError as exc:
            raise ConflictError(f"Chưa lập được tờ trình: {exc}.") from None
        paper = self.registry.create_draft("administrative", data | {"draft": True}, actor,
                                           incomplete=True)
        self._link(loaded.row.id, proposal=paper.id)
        return paper

    def _link(self, year_id: int, *, minutes: int | None = None,
              proposal: int | None = None) -> None:
        values: dict[str, Any] = {"updated_at": _now()}
        if minutes is not None:
            values["minutes_paper_id"] = minutes
        if proposal is not None:
            values["proposal_paper_id"] = proposal
        with self.sessions.begin() as s:
            s.execute(update(ClusterYear).where(ClusterYear.id == year_id).values(**values))


# -- answers -------------------------------------------------------------------------------

def _dump(year: ScoringYear) -> str:
    return json.dumps(year.model_dump(mode="json", by_alias=True, exclude_none=True),
                      ensure_ascii=False)


def _who(actor: Actor) -> str:
    """Who did it, as the trail keeps it: the name and the login (never a name typed)."""
    return f"{actor.name} ({actor.login})"[:200]


def scored_criteria(year: ScoringYear) -> dict[str, str]:
    """The criteria some member has scored (a result, a review or a change names them),
    each with its kind: they keep their code and kind when the table is edited."""
    named = {code for row in year.results.values() for code in row}
    named |= {r.criterion for r in year.reviews} | {c.criterion for c in year.changes}
    return {c.code: c.type for c in year.leaves() if c.code in named and c.type}


def may_edit_table(standing: Standing, actor: Actor) -> bool:
    """The organising agency's clerk (``cluster.organise``) or the khối trưởng's unit
    (``cluster.review``) edits the table of criteria."""
    return (actor.can(Perm.CLUSTER_ORGANISE) and standing.organiser) or \
        (actor.can(Perm.CLUSTER_REVIEW) and standing.head)


def _table_editor(standing: Standing, actor: Actor) -> None:
    if not may_edit_table(standing, actor):
        raise ForbiddenError("chỉ cơ quan tổ chức hoặc đơn vị Khối trưởng mới sửa được bảng "
                             "tiêu chí và danh sách đơn vị")


def _table_summary(before: ScoringYear, after: ScoringYear) -> str | None:
    """What changed in the table, as the trail says it: the codes added, removed and
    edited (name, kind, points or place), or ``None`` if nothing did."""
    def nodes(year: ScoringYear) -> dict[str, tuple[Any, ...]]:
        out: dict[str, tuple[Any, ...]] = {}

        def walk(items: builtins.list[Any], parent: str | None) -> None:
            for i, c in enumerate(items):
                out[c.code] = (parent, i, c.name, c.type, c.max, c.points, c.unit, c.rule,
                               c.children is not None)
                walk(c.children or [], c.code)
        walk(year.criteria, None)
        return out

    old, new = nodes(before), nodes(after)
    parts = [(label, codes) for label, codes in (
        ("thêm", [c for c in new if c not in old]),
        ("bỏ", [c for c in old if c not in new]),
        ("sửa", [c for c in new if c in old and new[c] != old[c]]))]
    said = [f"{label} {', '.join(codes)}" for label, codes in parts if codes]
    text = "; ".join(said)
    return text[:1].upper() + text[1:] if said else None


def _status_of(year: ScoringYear) -> str:
    """Where a whole year sent at set-up stands: locked with its meeting, locked, or being
    scored (a meeting sent with an unlocked year is recorded again after the lock)."""
    if not year.locked:
        return "scoring"
    return "met" if year.meeting is not None else "locked"


def _refused(status: str) -> str:
    if status == "scoring":
        return "Kết quả chấm điểm chưa chốt: chưa ghi được kết quả họp."
    return (f"Năm thi đua đã chốt và khóa ({STATUS_LABELS.get(status, status).lower()}): "
            "không sửa được kết quả chấm điểm.")


def year_summary(row: ClusterYear) -> dict[str, Any]:
    return {"id": row.id, "organiser": row.organiser, "name": row.name, "year": row.year,
            "status": row.status, "status_label": STATUS_LABELS.get(row.status, row.status),
            "version": row.version, "minutes_paper": row.minutes_paper_id,
            "proposal_paper": row.proposal_paper_id, "pledge_paper": row.pledge_paper_id,
            "updated_at": row.updated_at.isoformat()}


def year_json(loaded: Loaded, standing: Standing, actor: Actor, catalog: Catalog
              ) -> dict[str, Any]:
    """The year as the API and the page read it: the document, the server's scores (the
    authority; the page's live totals are a preview), what is missing, and what the asker
    may do in it."""
    row, year = loaded.row, loaded.year
    scores = result_json(score(year, catalog))
    open_ = row.status == "scoring"
    return {
        **year_summary(row),
        "members": [{"code": m.code, "name": m.name, "agency": loaded.members.get(m.code)}
                    for m in year.members],
        "document": json.loads(_dump(year)),
        "scores": scores,
        "missing": year.missing(),
        "you": {
            "member": standing.member,
            "head": standing.head,
            "organiser": standing.organiser,
            "may": {
                "score": open_ and actor.can(Perm.CLUSTER_SCORE) and standing.member is not None,
                "review": open_ and actor.can(Perm.CLUSTER_REVIEW) and standing.head,
                "lock": open_ and actor.can(Perm.CLUSTER_REVIEW) and standing.head,
                "meeting": row.status in ("locked", "met") and actor.can(Perm.CLUSTER_REVIEW)
                and standing.head,
                "criteria": open_ and may_edit_table(standing, actor),
                "members": open_ and may_edit_table(standing, actor) and not (
                    year.results or year.reviews or year.changes),
                "papers": row.status == "met" and actor.can(Perm.CLUSTER_ORGANISE)
                and standing.organiser,
            },
        },
    }
