"""Input of a commendation round (đợt xét khen thưởng): the agency and year, its Emulation
and Commendation Council, the council's meeting and ballots, the nominations with their
votes, and who proposes the result (docs/format-rules.md, "The commendation round").

The shape is a contract (``tests/contracts/award-round.json``): the round's check
(``docgen.rounds.check``) reads it, and so do the minutes and the proposal, which render a
round document as it is. What the model refuses is what no check could make sense of (a
vote count larger than the ballots allow, a chair who is not a member); what the rules of
the round decide (thresholds, quotas, prerequisites) is left to the check, which reports
each nomination's result instead of refusing the round.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.achievement_report import AchievementReportInput
from docgen.model.common import Issuer, Person, Signer, Strict, Unit
from docgen.model.types import (
    AwardCode,
    Count,
    Day,
    Line,
    Moment,
    PaperNumber,
    Sentence,
    Year,
)
from docgen.vn.text import same_name


class CouncilMember(Strict):
    """A member of the council and their role in it."""

    name: Line = Field(description="Họ và tên")
    position: Line | None = Field(default=None, description="Chức vụ", examples=["Viện trưởng"])
    role: Line = Field(description="Vai trò trong Hội đồng",
                       examples=["Chủ tịch Hội đồng", "Ủy viên thường trực", "Ủy viên"])


class Council(Strict):
    """The Emulation and Commendation Council (Hội đồng Thi đua - Khen thưởng)."""

    name: Line = Field(description="Tên Hội đồng",
                       examples=["Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh "
                                 "Hưng Yên"])
    established_by: Sentence | None = Field(
        default=None, description="Quyết định thành lập Hội đồng",
        examples=["Quyết định số 05/QĐ-VKSHY ngày 10 tháng 01 năm 2026 của Viện trưởng"])
    members: list[CouncilMember] = Field(min_length=1, max_length=200,
                                         description="Thành viên Hội đồng")

    def member(self, name: str) -> CouncilMember | None:
        return next((m for m in self.members if same_name(m.name, name)), None)

    def with_role(self, *words: str) -> CouncilMember | None:
        """The first member whose role starts with one of ``words`` (``Chủ tịch``)."""
        keys = tuple(w.casefold() for w in words)
        return next((m for m in self.members if m.role.casefold().startswith(keys)), None)


class Secretary(Strict):
    """Who takes the minutes (may be someone outside the council)."""

    name: Line = Field(description="Họ và tên thư ký")
    position: Line | None = Field(default=None, description="Chức vụ")


class Absence(Strict):
    """A member absent from the meeting."""

    name: Line = Field(description="Họ và tên thành viên vắng mặt")
    reason: Line = Field(description="Lý do vắng mặt", examples=["đi công tác"])
    written_opinion: StrictBool = Field(default=False,
                                        description="Có ý kiến bằng văn bản gửi Hội đồng")


class Ballots(Strict):
    """The secret ballot: papers issued, returned and valid."""

    issued: Count = Field(description="Số phiếu phát ra")
    returned: Count = Field(description="Số phiếu thu về")
    valid: Count = Field(description="Số phiếu hợp lệ")

    @model_validator(mode="after")
    def _in_order(self) -> Ballots:
        if not self.valid <= self.returned <= self.issued:
            raise PydanticCustomError(
                "ballots_order", "số phiếu hợp lệ không thể nhiều hơn số phiếu thu về, số phiếu "
                                 "thu về không thể nhiều hơn số phiếu phát ra")
        return self


class Meeting(Strict):
    """The council's meeting that considers the nominations."""

    number: PaperNumber | None = Field(default=None,
                                       description="Số biên bản; để trống khi chưa cấp số")
    start: Moment = Field(description="Thời gian bắt đầu", examples=["2026-12-18T14:00"])
    end: Moment | None = Field(default=None, description="Thời gian kết thúc",
                               examples=["2026-12-18T16:30"])
    place: Line = Field(description="Địa điểm họp")
    chair: Line = Field(description="Chủ tọa (thành viên Hội đồng)")
    secretary: Secretary
    absent: list[Absence] = Field(default_factory=list, max_length=200,
                                  description="Thành viên vắng mặt")
    ballots: Ballots | None = Field(default=None, description="Kết quả phát, thu phiếu bầu")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Meeting:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError("meeting_end", "cuộc họp không thể kết thúc trước khi bắt đầu")
        return self


class Nominee(Person):
    """An individual nominated, with the date of recruitment (eligibility rules)."""

    recruited: Day | None = Field(default=None, description="Ngày tuyển dụng")


class Nomination(Strict):
    """One award proposed for one individual or one collective, and the council's votes."""

    award: AwardCode
    proposed_by: Line | None = Field(default=None, description="Đơn vị đề nghị")
    person: Nominee | None = None
    collective: Unit | None = None
    achievement: Sentence | None = Field(
        default=None, description="Thành tích ghi trong quyết định và trên bằng")
    report: AchievementReportInput | None = Field(default=None,
                                                  description="Báo cáo thành tích")
    votes: Count = Field(description="Số phiếu đồng ý (kể cả ý kiến bằng văn bản của thành "
                                     "viên vắng mặt)")
    written_votes: Count | None = Field(
        default=None, description="Trong đó: số ý kiến đồng ý bằng văn bản của thành viên vắng "
                                  "mặt (để trống: tính theo số phiếu hợp lệ)")

    @property
    def name(self) -> str:
        return self.person.name if self.person is not None else self.collective.name  # type: ignore[union-attr]

    @property
    def is_person(self) -> bool:
        return self.person is not None

    def key(self) -> tuple[str, str, str]:
        """Who is nominated, whatever the award: the same person or collective across the
        nominations of a round (prerequisites, earlier years)."""
        if self.person is not None:
            return ("person", " ".join(self.person.name.split()).casefold(),
                    " ".join((self.person.unit or "").split()).casefold())
        assert self.collective is not None
        return ("collective", " ".join(self.collective.name.split()).casefold(), "")

    @model_validator(mode="after")
    def _one_nominee(self, info: ValidationInfo) -> Nomination:
        if (self.person is None) == (self.collective is None):
            raise PydanticCustomError("one_nominee",
                                      "mỗi đề nghị ghi một cá nhân (person) hoặc một tập thể "
                                      "(collective)")
        if self.written_votes is not None and self.written_votes > self.votes:
            raise PydanticCustomError("written_votes", "số ý kiến bằng văn bản không thể nhiều "
                                                       "hơn số phiếu đồng ý")
        catalog = (info.context or {}).get("catalog")
        award = catalog.awards.get(self.award) if catalog is not None else None
        if award is not None and self.person is not None and not award.for_persons:
            raise PydanticCustomError("award_not_for_persons", "{award} chỉ dành cho tập thể",
                                      {"award": award.name})
        if award is not None and self.collective is not None and not award.for_collectives:
            raise PydanticCustomError("award_not_for_collectives", "{award} chỉ dành cho cá nhân",
                                      {"award": award.name})
        return self


class Proposal(Strict):
    """Who proposes the round's result: the council to the head of the agency (awards in
    the agency's power), and the head to the higher level (the others)."""

    to_higher: Line | None = Field(
        default=None, description="Kính gửi (cấp trên)",
        examples=["Viện trưởng Viện kiểm sát nhân dân tối cao"])
    signer: Signer = Field(description="Thủ trưởng cơ quan: ký tờ trình lên cấp trên và các "
                                       "quyết định khen thưởng")
    number: PaperNumber | None = Field(default=None, description="Số tờ trình lên cấp trên")
    date: Day | None = Field(default=None, description="Ngày tờ trình lên cấp trên")
    council_number: PaperNumber | None = Field(
        default=None, description="Số tờ trình của Hội đồng trình Thủ trưởng cơ quan")
    council_date: Day | None = Field(
        default=None, description="Ngày tờ trình của Hội đồng trình Thủ trưởng cơ quan")
    council_signer: Signer | None = Field(
        default=None, description="Người ký tờ trình của Hội đồng; mặc định Ủy viên thường trực "
                                  "thay mặt Hội đồng")


class RoundInput(Strict):
    """A commendation round: council, meeting, nominations and the proposal."""

    issuer: Issuer
    year: Year = Field(description="Năm xét khen thưởng", examples=[2026])
    title: Sentence = Field(description="Tên đợt xét khen thưởng",
                            examples=["Bình xét thi đua, khen thưởng năm 2026"])
    council: Council
    meeting: Meeting
    nominations: list[Nomination] = Field(min_length=1, max_length=2000,
                                          description="Các đề nghị khen thưởng")
    proposal: Proposal | None = None
    draft: StrictBool = Field(default=False, description="Bản dự thảo (có dấu DỰ THẢO)")
    draft_label: Line | None = Field(default=None, description="Ví dụ: Dự thảo lần 2")

    @property
    def members(self) -> int:
        return len(self.council.members)

    @property
    def present(self) -> int:
        return self.members - len(self.meeting.absent)

    @property
    def written_opinions(self) -> int:
        """Absent members who gave their opinion in writing."""
        return sum(1 for a in self.meeting.absent if a.written_opinion)

    @property
    def ballots_valid(self) -> int:
        """Valid ballots (every present member, when no ballot was recorded)."""
        return self.meeting.ballots.valid if self.meeting.ballots else self.present

    @model_validator(mode="after")
    def _consistent(self) -> RoundInput:
        council, meeting = self.council, self.meeting
        if council.member(meeting.chair) is None:
            raise PydanticCustomError("chair_not_member",
                                      "chủ tọa {name} không có trong danh sách thành viên Hội "
                                      "đồng", {"name": meeting.chair})
        seen: list[str] = []
        for absence in meeting.absent:
            if council.member(absence.name) is None:
                raise PydanticCustomError("absent_not_member",
                                          "thành viên vắng mặt {name} không có trong danh sách "
                                          "Hội đồng", {"name": absence.name})
            if any(same_name(absence.name, s) for s in seen):
                raise PydanticCustomError("absent_twice", "{name} ghi vắng mặt hai lần",
                                          {"name": absence.name})
            if same_name(absence.name, meeting.chair):
                raise PydanticCustomError("chair_absent", "chủ tọa {name} không thể vắng mặt",
                                          {"name": absence.name})
            seen.append(absence.name)
        if meeting.ballots is not None and meeting.ballots.issued > self.present:
            raise PydanticCustomError("ballots_issued",
                                      "số phiếu phát ra ({issued}) nhiều hơn số thành viên có "
                                      "mặt ({present})",
                                      {"issued": meeting.ballots.issued, "present": self.present})
        most = self.ballots_valid + self.written_opinions
        for n in self.nominations:
            if n.votes > most:
                raise PydanticCustomError(
                    "votes_over_ballots",
                    "{name}: {votes} phiếu đồng ý, nhiều hơn số phiếu hợp lệ và ý kiến bằng văn "
                    "bản ({most})", {"name": n.name, "votes": n.votes, "most": most})
            if n.written_votes is not None and n.written_votes > self.written_opinions:
                raise PydanticCustomError(
                    "written_votes_over", "{name}: {written} ý kiến bằng văn bản, nhiều hơn số "
                                          "thành viên vắng mặt có ý kiến ({opinions})",
                    {"name": n.name, "written": n.written_votes,
                     "opinions": self.written_opinions})
        return self


class AwardProposalInput(RoundInput):
    """A round document, rendered as one of its proposals (Tờ trình)."""

    proposal_to: Literal["agency", "higher"] = Field(
        default="agency",
        description="Tờ trình của Hội đồng trình Thủ trưởng cơ quan (agency) hay tờ trình của "
                    "cơ quan lên cấp trên (higher)")
