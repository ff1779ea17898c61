"""Input of a cluster's scoring year (chấm điểm thi đua của Cụm, Khối thi đua): the cluster,
its members, the table of criteria, each member's results, the reviews and the meeting.

The shape is the contract of ``tests/contracts/cluster-scoring.json`` (the service
accepts that document as it is); optional fields add what the year's work records: who
attended, when a review was made and by whom, the lock of a finalised year, the trail of
changes. Cross-field rules (codes that exist, a result of the right kind for each
criterion) are checked here, so the scoring engine only computes.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from docgen.model.common import Strict
from docgen.model.types import AwardCode, Day, Line, Note, Sentence, Short, TwoLines, Year

CriterionKind = Literal["target", "pass", "count", "bonus", "penalty"]

#: How each kind of criterion is named for people (the table's legend, messages).
KIND_LABELS: dict[str, str] = {
    "target": "định lượng", "pass": "định tính", "count": "chấm thẳng",
    "bonus": "điểm thưởng", "penalty": "điểm trừ",
}

MAX_FIGURE = Decimal(10) ** 12


def _number_only(value: object) -> object:
    """Figures are numbers: ``true`` (pydantic would read 1) and text are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError("number_type", "phải là số")
    return value


def _json_number(value: Decimal) -> int | float:
    """A figure written to JSON as the number it is (pydantic writes a Decimal as text,
    which this model, taking numbers only, would refuse when the year is read back)."""
    return int(value) if value == value.to_integral_value() else float(value)


_AS_NUMBER = PlainSerializer(_json_number, when_used="json")
#: A measured figure or a target (non-negative, exact: 96.5 stays 96.5).
Figure = Annotated[Decimal, BeforeValidator(_number_only),
                   Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False), _AS_NUMBER]
#: Points of a criterion: its maximum, or points per occurrence.
Points = Annotated[Decimal, BeforeValidator(_number_only),
                   Field(gt=0, le=1000, allow_inf_nan=False), _AS_NUMBER]
#: How many times something happened (count, bonus, penalty criteria).
Occurrences = Annotated[StrictInt, Field(ge=0, le=100_000)]
#: The code of a member or a criterion (``P15``, ``I``, ``1.1``).
Code = Annotated[Short, Field(max_length=20)]


class Leader(Strict):
    """The person who leads (and signs for) a member unit."""

    title: Line = Field(description="Chức vụ", examples=["Trưởng phòng"])
    name: Line = Field(description="Họ và tên", examples=["Võ Thị Ngọc Ánh"])


class Cluster(Strict):
    """The cluster (Cụm) or bloc (Khối) and its year."""

    parent: TwoLines | None = Field(default=None, description="Cơ quan cấp trên của Khối")
    name: TwoLines = Field(description="Tên Khối, Cụm thi đua", examples=["Khối thi đua số 2"])
    place: Line = Field(description="Địa danh ghi ở dòng ngày tháng", examples=["Gia Lai"])
    year: Year = Field(description="Năm thi đua", examples=[2026])
    head: Code = Field(description="Mã đơn vị Khối trưởng")
    deputy: Code | None = Field(default=None, description="Mã đơn vị Khối phó")


class Member(Strict):
    """A member unit of the cluster."""

    code: Code = Field(description="Mã đơn vị (duy nhất trong Khối)", examples=["P15"])
    name: Line = Field(description="Tên đơn vị")
    leader: Leader


class Criterion(Strict):
    """A section (with ``children``) or a criterion (with a ``type``) of the table."""

    code: Code = Field(description="Số thứ tự: I, 1, 1.1 …")
    name: Sentence = Field(description="Nội dung tiêu chí")
    type: CriterionKind | None = Field(
        default=None, description="target (định lượng), pass (định tính), count (chấm "
                                  "thẳng), bonus (điểm thưởng), penalty (điểm trừ)")
    max: Points | None = Field(default=None, description="Điểm tối đa")
    points: Points | None = Field(default=None, description="Điểm mỗi lần (chấm thẳng, "
                                                            "thưởng, trừ)")
    unit: Short | None = Field(default=None, description="Đơn vị tính của chỉ tiêu", examples=["%"])
    rule: Short | None = Field(default=None, description="Quy tắc chấm định lượng trong danh mục")
    children: list[Criterion] | None = Field(default=None, max_length=200)

    @property
    def is_section(self) -> bool:
        return self.children is not None

    @model_validator(mode="after")
    def _shape(self) -> Criterion:
        if self.children is not None:
            if self.type is not None:
                raise PydanticCustomError("section_with_type",
                                          "phần có tiêu chí con không có loại tiêu chí")
            if not self.children:
                raise PydanticCustomError("empty_section", "phần cần ít nhất một tiêu chí")
            return self
        if self.type is None:
            raise PydanticCustomError("criterion_type", "thiếu loại tiêu chí (type)")
        if self.max is None:
            raise PydanticCustomError("criterion_max", "thiếu điểm tối đa (max)")
        if self.type in ("count", "bonus", "penalty") and self.points is None:
            raise PydanticCustomError("criterion_points", "thiếu số điểm mỗi lần (points)")
        if self.rule is not None and self.type != "target":
            raise PydanticCustomError("rule_not_target",
                                      "chỉ tiêu chí định lượng mới có quy tắc chấm (rule)")
        return self

    def leaves(self) -> list[Criterion]:
        if self.children is None:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


class TargetResult(Strict):
    """A figure against its target; no target: measured against the others without one."""

    actual: Figure = Field(description="Kết quả đạt được")
    target: Figure | None = Field(default=None, description="Chỉ tiêu được giao")
    evidence: Note | None = Field(default=None, description="Minh chứng")

    @model_validator(mode="after")
    def _positive_target(self) -> TargetResult:
        if self.target is not None and self.target == 0:
            raise PydanticCustomError("zero_target",
                                      "chỉ tiêu phải lớn hơn 0 (không giao chỉ tiêu thì bỏ trống)")
        return self


class ValueResult(Strict):
    """A yes/no or a count with the evidence the member gives for it."""

    value: StrictBool | Occurrences
    evidence: Note | None = Field(default=None, description="Minh chứng")


#: One member's result for one criterion: yes/no (pass), a count (count, bonus, penalty),
#: a figure and target (target), or either of the first two with evidence.
Result = StrictBool | Occurrences | TargetResult | ValueResult


def plain(result: Result) -> bool | int | TargetResult:
    """The value of a result without its evidence."""
    return result.value if isinstance(result, ValueResult) else result


def _fits(kind: str, result: Result) -> bool:
    value = plain(result)
    if kind == "target":
        return isinstance(value, TargetResult)
    if kind == "pass":
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool)


_EXPECTED = {"target": "một đối tượng {actual, target}", "pass": "true hoặc false",
             "count": "một số nguyên", "bonus": "một số nguyên", "penalty": "một số nguyên"}


class Review(Strict):
    """The khối trưởng's review of one member's result: the member's own score, the
    review (accepted when equal, changed with a comment), the member's explanation and the
    final value once the review is closed. Who and when are kept when given."""

    member: Code
    criterion: Code
    self_: Result | None = Field(default=None, alias="self", description="Điểm đơn vị tự chấm")
    review: Result | None = Field(default=None, description="Điểm Khối trưởng chấm")
    comment: Note | None = Field(default=None, description="Lý do Khối trưởng chấm khác")
    explanation: Note | None = Field(default=None, description="Giải trình của đơn vị")
    final: Result | None = Field(default=None, description="Kết quả cuối cùng (chốt)")
    reviewer: Line | None = Field(default=None, description="Người chấm thẩm định")
    reviewed_at: datetime | None = None
    explained_at: datetime | None = None
    finalised_at: datetime | None = None

    model_config = Strict.model_config | {"populate_by_name": True}

    @property
    def changed(self) -> bool:
        return self.review is not None and self.self_ is not None and \
            plain(self.review) != plain(self.self_)

    @model_validator(mode="after")
    def _why(self) -> Review:
        if self.changed and not self.comment:
            raise PydanticCustomError("review_without_comment",
                                      "Khối trưởng chấm khác đơn vị tự chấm thì phải ghi lý do")
        return self


class Change(Strict):
    """One change of a result after the first scoring: who, when, why, what it became."""

    member: Code
    criterion: Code
    value: Result
    by: Line = Field(description="Người sửa")
    at: datetime = Field(description="Thời điểm sửa")
    reason: Note = Field(description="Lý do sửa")


class SetupChange(Strict):
    """One change of the year's set-up (its table of criteria, its members) after it was
    made: who, when, why, and what changed (the codes added, removed and edited), so the
    members see the table they score against and how it came to be."""

    by: Line = Field(description="Người sửa")
    at: datetime = Field(description="Thời điểm sửa")
    reason: Note = Field(description="Lý do sửa")
    summary: Note = Field(description="Những gì thay đổi (thêm, bỏ, sửa tiêu chí số …)")


class Person(Strict):
    title: Line
    name: Line


class Meeting(Strict):
    """The cluster's year-end meeting: scoring agreed, the leading unit voted (suy tôn)."""

    date: Day
    place: Line
    chair: Person = Field(description="Chủ tọa (Khối trưởng)")
    secretary: Person = Field(description="Thư ký")
    attended: list[Code] | None = Field(
        default=None, max_length=200,
        description="Mã các đơn vị dự họp; bỏ trống: tất cả thành viên dự họp")
    votes_for_leader: dict[Code, Occurrences] = Field(
        default_factory=dict, description="Số phiếu suy tôn đơn vị dẫn đầu, theo mã đơn vị")


class Proposal(Strict):
    award: AwardCode = Field(description="Hình thức đề nghị cho đơn vị dẫn đầu")
    to: Line = Field(description="Kính gửi (nơi xét đề nghị)")


class Rules(Strict):
    """Which named rules of the catalog this table uses (the catalog's defaults if absent)."""

    target: Short | None = Field(default=None, description="Quy tắc chấm định lượng")
    tie_break: list[Short] | None = Field(default=None, max_length=10,
                                          description="Thứ tự xét khi bằng điểm")


class ScoringYear(Strict):
    """A cluster's whole scoring year in one document."""

    labels_kind = "cluster-scores"

    cluster: Cluster
    members: list[Member] = Field(min_length=2, max_length=60)
    criteria: list[Criterion] = Field(min_length=1, max_length=50)
    results: dict[Code, dict[Code, Result]] = Field(default_factory=dict)
    reviews: list[Review] = Field(default_factory=list, max_length=10_000)
    changes: list[Change] = Field(default_factory=list, max_length=10_000)
    setup_changes: list[SetupChange] = Field(
        default_factory=list, max_length=1_000,
        description="Các lần sửa bảng tiêu chí, thành viên sau khi lập năm thi đua")
    rules: Rules | None = None
    locked: StrictBool = Field(default=False, description="Kết quả năm đã chốt, khóa sửa")
    meeting: Meeting | None = None
    proposal: Proposal | None = None
    draft: StrictBool = Field(default=False, description="Bản dự thảo (có dấu DỰ THẢO)")
    draft_label: Line | None = Field(default=None, description="Ví dụ: Dự thảo lần 2")

    def leaves(self) -> list[Criterion]:
        return [leaf for node in self.criteria for leaf in node.leaves()]

    def member(self, code: str) -> Member:
        return next(m for m in self.members if m.code == code)

    def missing(self) -> dict[str, list[str]]:
        """The criteria each member has no result for yet (members with none left out)."""
        leaves = [c.code for c in self.leaves()]
        out = {m.code: [c for c in leaves if c not in self.results.get(m.code, {})]
               for m in self.members}
        return {m: codes for m, codes in out.items() if codes}

    def criterion(self, code: str) -> Criterion:
        return next(c for c in self.leaves() if c.code == code)

    @model_validator(mode="after")
    def _codes(self, info: ValidationInfo) -> ScoringYear:
        codes = [m.code for m in self.members]
        _unique(codes, "members", "mã đơn vị")
        members = set(codes)
        for field, code in (("head", self.cluster.head), ("deputy", self.cluster.deputy)):
            if code is not None and code not in members:
                raise _error(("cluster", field), "unknown_member",
                             f"không có đơn vị mã '{code}' trong danh sách thành viên")
        nodes: list[str] = []

        def walk(items: list[Criterion]) -> None:
            for c in items:
                nodes.append(c.code)
                walk(c.children or [])

        walk(self.criteria)
        _unique(nodes, "criteria", "số thứ tự tiêu chí")
        leaves = {c.code: c for c in self.leaves()}
        for member, row in self.results.items():
            if member not in members:
                raise _error(("results", member), "unknown_member",
                             f"không có đơn vị mã '{member}' trong danh sách thành viên")
            for code, result in row.items():
                if code not in leaves:
                    raise _error(("results", member, code), "unknown_criterion",
                                 f"không có tiêu chí số '{code}'")
                _check_result(leaves[code], result, ("results", member, code))
        # A year being scored (``context={"partial": True}``) may still lack results; a
        # year that is scored, locked or sent to a paper has them all.
        partial = bool((info.context or {}).get("partial"))
        for m in codes if not partial else ():
            missing = [c for c in leaves if c not in self.results.get(m, {})]
            if missing:
                raise _error(("results", m), "missing_results",
                             f"thiếu kết quả các tiêu chí: {', '.join(missing)}")
        trail: list[Review | Change] = [*self.reviews, *self.changes]
        for i, r in enumerate(trail):
            where: tuple[str | int, ...] = ("reviews", i) if i < len(self.reviews) else \
                ("changes", i - len(self.reviews))
            if r.member not in members:
                raise _error((*where, "member"), "unknown_member",
                             f"không có đơn vị mã '{r.member}'")
            if r.criterion not in leaves:
                raise _error((*where, "criterion"), "unknown_criterion",
                             f"không có tiêu chí số '{r.criterion}'")
            values = ({"self": r.self_, "review": r.review, "final": r.final}
                      if isinstance(r, Review) else {"value": r.value})
            for key, value in values.items():
                if value is not None:
                    _check_result(leaves[r.criterion], value, (*where, key))
        if self.meeting is not None:
            for code in [*(self.meeting.attended or []), *self.meeting.votes_for_leader]:
                if code not in members:
                    raise _error(("meeting",), "unknown_member",
                                 f"không có đơn vị mã '{code}' trong danh sách thành viên")
            for code, votes in self.meeting.votes_for_leader.items():
                if votes > len(codes):
                    raise _error(("meeting", "votes_for_leader", code), "too_many_votes",
                                 f"số phiếu ({votes}) nhiều hơn số thành viên ({len(codes)})")
        catalog = (info.context or {}).get("catalog")
        rules = getattr(catalog, "scoring", None)
        if rules is not None:
            names = [c.rule for c in leaves.values() if c.rule]
            if self.rules and self.rules.target:
                names.append(self.rules.target)
            for name in names:
                if name not in rules.target_rules:
                    raise _error(("rules",), "unknown_rule",
                                 f"không có quy tắc chấm '{name}' trong danh mục")
            for name in (self.rules.tie_break or []) if self.rules else []:
                if name not in rules.tie_breaks:
                    raise _error(("rules", "tie_break"), "unknown_rule",
                                 f"không có quy tắc xét bằng điểm '{name}' trong danh mục")
        return self


class ClusterMinutesInput(ScoringYear):
    """The year with its meeting: the minutes need one."""

    meeting: Meeting
    #: The day the registry issued the minutes (they are dated by the meeting).
    date: Day | None = Field(default=None, description="Ngày vào sổ khi ban hành")


def _check_result(criterion: Criterion, result: Result, loc: tuple[str | int, ...]) -> None:
    assert criterion.type is not None
    if not _fits(criterion.type, result):
        raise _error(loc, "result_kind",
                     f"tiêu chí {KIND_LABELS[criterion.type]} cần {_EXPECTED[criterion.type]}")


def _error(loc: tuple[str | int, ...], kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, "{where}: {what}",
                               {"where": ".".join(str(p) for p in loc), "what": message})


def _unique(codes: list[str], field: str, label: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise _error((field,), "duplicate_code", f"{label} '{code}' bị trùng")
        seen.add(code)
