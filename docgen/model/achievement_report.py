"""Input of an achievement report (Báo cáo thành tích) of a nominee, in the shape the
commendation decree's forms give for an individual and for a collective
(docs/format-rules.md, "The commendation round").

One model for both: ``for`` says which, and the fields of the other kind must stay empty,
so a report reads the same through the API, the form and a round's nomination.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import Issuer, Person, Signer, Strict
from docgen.model.types import AwardCode, Day, Line, Markup, Sentence, TwoLines, Year


class ReportPerson(Person):
    """The nominee's brief curriculum vitae (sơ lược lý lịch)."""

    born: Day | None = Field(default=None, description="Ngày, tháng, năm sinh")
    hometown: Line | None = Field(default=None, description="Quê quán")
    residence: Line | None = Field(default=None, description="Nơi thường trú")
    recruited: Day | None = Field(default=None, description="Ngày tuyển dụng")
    qualification: Line | None = Field(default=None,
                                       description="Trình độ chuyên môn, nghiệp vụ",
                                       examples=["Cử nhân Luật"])
    political_theory: Line | None = Field(default=None, description="Trình độ lý luận chính trị",
                                          examples=["Trung cấp"])
    party_member: StrictBool | None = Field(default=None,
                                            description="Là đảng viên Đảng Cộng sản Việt Nam")


class ReportCollective(Strict):
    """The collective and its brief features (sơ lược đặc điểm, tình hình)."""

    name: Line = Field(description="Tên tập thể", examples=["Phòng Kiểm sát thi hành án hình sự"])
    unit: TwoLines | None = Field(default=None, description="Thuộc đơn vị")
    features: Markup = Field(description="Đặc điểm, tình hình: tổ chức, biên chế, chức năng, "
                                         "nhiệm vụ, thuận lợi, khó khăn")


class PastTitle(Strict):
    """An emulation title received in an earlier year, with its decision."""

    year: Year
    title: Line = Field(description="Danh hiệu thi đua", examples=["Lao động tiên tiến"])
    decision: Sentence = Field(description="Số, ngày, tháng, năm của quyết định; cơ quan ban hành")


class PastAward(Strict):
    """An award form received in an earlier year, with its decision."""

    year: Year
    form: Line = Field(description="Hình thức khen thưởng", examples=["Giấy khen"])
    decision: Sentence = Field(description="Số, ngày, tháng, năm của quyết định; cơ quan ban hành")


class Certifier(Signer):
    """The head who certifies the report, with the unit they lead (kept with the report for
    the dossier; the signature block prints the title and the name)."""

    unit: Line | None = Field(default=None, description="Đơn vị do người xác nhận phụ trách",
                              examples=["Phòng 1"])


class AchievementReportInput(Strict):
    """The report of one nominee (an individual or a collective)."""

    subject: Literal["person", "collective"] = Field(
        alias="for", description="Báo cáo của cá nhân (person) hay tập thể (collective)")
    award: AwardCode
    year: Year = Field(description="Năm lập thành tích", examples=[2026])
    issuer: Issuer | None = Field(
        default=None, description="Tập thể báo cáo và đơn vị cấp trên (góc trái, mẫu của tập "
                                  "thể); để trống với cá nhân")
    place: Line = Field(description="Địa danh ghi ở dòng ngày tháng", examples=["Hưng Yên"])
    date: Day | None = Field(default=None, description="Ngày báo cáo; để trống khi chưa ký")
    person: ReportPerson | None = None
    collective: ReportCollective | None = None
    duties: Sentence | None = Field(default=None,
                                    description="Chức năng, nhiệm vụ được giao hoặc đảm nhận")
    achievements: Markup = Field(description="Thành tích đạt được (Markdown: đoạn văn, "
                                             "**đậm**, danh sách)")
    titles: list[PastTitle] = Field(default_factory=list, max_length=100,
                                    description="Danh hiệu thi đua đã được công nhận")
    awards: list[PastAward] = Field(default_factory=list, max_length=100,
                                    description="Hình thức khen thưởng đã nhận")
    certifier: Certifier = Field(description="Thủ trưởng đơn vị xác nhận, đề nghị (cá nhân) hoặc "
                                          "thủ trưởng đơn vị cấp trên trực tiếp (tập thể)")
    head: Signer | None = Field(default=None,
                                description="Thủ trưởng tập thể báo cáo (mẫu của tập thể)")
    draft: StrictBool = Field(default=False, description="Bản dự thảo (có dấu DỰ THẢO)")
    draft_label: Line | None = Field(default=None, description="Ví dụ: Dự thảo lần 2")

    @model_validator(mode="after")
    def _one_kind_of_nominee(self, info: ValidationInfo) -> AchievementReportInput:
        if self.subject == "person" and (self.person is None or self.collective or self.head):
            raise PydanticCustomError(
                "report_person", "báo cáo của cá nhân cần thông tin cá nhân (person), không có "
                                 "tập thể (collective) và thủ trưởng tập thể (head)")
        if self.subject == "collective" and (
                self.collective is None or self.person or self.head is None):
            raise PydanticCustomError(
                "report_collective", "báo cáo của tập thể cần thông tin tập thể (collective) và "
                                     "thủ trưởng tập thể (head), không có cá nhân (person)")
        catalog = (info.context or {}).get("catalog")
        award = catalog.awards.get(self.award) if catalog is not None else None
        if award is not None and self.subject == "person" and not award.for_persons:
            raise PydanticCustomError("award_not_for_persons", "{award} chỉ dành cho tập thể",
                                      {"award": award.name})
        if award is not None and self.subject == "collective" and not award.for_collectives:
            raise PydanticCustomError("award_not_for_collectives", "{award} chỉ dành cho cá nhân",
                                      {"award": award.name})
        return self
