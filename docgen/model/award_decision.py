"""Input of an award decision (Quyết định khen thưởng), docs/format-rules.md, "Award money" and "The kinds of paper"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, StrictBool, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import PaperBase, Person, Unit
from docgen.model.types import AwardCode, Line, Sentence


class AwardDecisionInput(PaperBase):
    """Grant a form or recognise a title for individuals and collectives."""

    labels_kind = "award-decision"

    award: AwardCode
    period: Line | None = Field(
        default=None, validate_default=True,
        description="Thời gian lập thành tích, ví dụ: năm 2025; bắt buộc với danh hiệu và "
                    "cờ thi đua, không cần với Bằng khen, Giấy khen",
        examples=["năm 2025"])
    achievement: Sentence = Field(description="Thành tích: đã có thành tích xuất sắc …",
                                  examples=["Đã có thành tích xuất sắc trong công tác "
                                            "kiểm sát năm 2025"])
    proposal: Sentence = Field(description="Xét đề nghị của …",
                               examples=["Xét đề nghị của Vụ trưởng Vụ Thi đua - Khen thưởng"])
    individuals: list[Person] = Field(default_factory=list, max_length=2000)
    collectives: list[Unit] = Field(default_factory=list, max_length=2000)
    collective_award: AwardCode | None = Field(
        default=None,
        description="Danh hiệu, hình thức cho các tập thể khi khác với cá nhân (ví dụ: "
                    "“Tập thể lao động tiên tiến” cùng “Lao động tiên tiến” cho cá nhân); "
                    "để trống: như cá nhân")
    fund: Sentence = Field(description="Tiền thưởng trích từ …",
                           examples=["Quỹ thi đua, khen thưởng của Viện kiểm sát nhân dân tối "
                                     "cao"])
    executors: Sentence = Field(description="Người chịu trách nhiệm thi hành (Điều 3)",
                                examples=["Chánh Văn phòng, Vụ trưởng Vụ Thi đua - Khen "
                                          "thưởng và các cá nhân, tập thể có tên tại Điều 1"])
    authority: Line | None = Field(
        default=None, description="Dòng thẩm quyền ban hành; mặc định suy ra từ người ký")
    bases: list[Sentence] | None = Field(
        default=None, max_length=30, description="Căn cứ; mặc định theo danh mục và ngày ký")
    amounts_in_list: StrictBool = Field(default=False, description="Thêm cột số tiền vào danh sách")
    sort_names: StrictBool = Field(default=False, description="Xếp danh sách cá nhân theo tên")


    @field_validator("period")
    @classmethod
    def _period_where_the_wording_uses_it(cls, value: str | None, info: ValidationInfo
                                          ) -> str | None:
        catalog = (info.context or {}).get("catalog")
        code = info.data.get("award")
        award = catalog.awards.get(code) if catalog is not None and code else None
        if value is None and award is not None and award.uses_period:
            raise PydanticCustomError(
                "period_required",
                "thiếu thời gian lập thành tích (ví dụ: năm 2025): {award} ghi rõ thời gian",
                {"award": award.name})
        return value

    @model_validator(mode="after")
    def _someone_is_awarded(self, info: ValidationInfo) -> AwardDecisionInput:
        problems = _whom_problems(len(self.individuals), len(self.collectives), self.award,
                                  info.context, self.collective_award, self.period)
        if problems:
            raise problems[0]
        if len(self.individuals) + len(self.collectives) > 2000:
            raise ValueError("nhiều nhất 2.000 cá nhân và tập thể trong một quyết định")
        return self

    @classmethod
    def whole_form_problems(cls, data: Mapping[str, Any], context: Mapping[str, Any] | None
                            ) -> list[PydanticCustomError]:
        """The rules about the whole decision, checked on the input as sent: reported with
        the field errors (docgen.model.validation), not only once those are fixed."""
        def rows(key: str) -> int:
            value = data.get(key)
            return len(value) if isinstance(value, list) else 0

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        return _whom_problems(rows("individuals"), rows("collectives"), text("award"),
                              context, text("collective_award"), text("period"))

    @property
    def award_of_collectives(self) -> str:
        """The award code the collectives receive: their own, or the individuals'."""
        return self.collective_award or self.award

    @property
    def split(self) -> bool:
        """Individuals and collectives receive different awards (two phrases, two rewards,
        two kinds of certificate)."""
        return self.award_of_collectives != self.award


def _whom_problems(individuals: int, collectives: int, code: str | None,
                   context: Mapping[str, Any] | None, collective_code: str | None = None,
                   period: str | None = "") -> list[PydanticCustomError]:
    """Who may be awarded: someone, and only those the award is for (catalog). The
    collectives may receive an award of their own (``collective_code``), one for
    collectives, beside the individuals' (Lao động tiên tiến and Tập thể lao động tiên
    tiến in one decision)."""
    if not individuals and not collectives:
        # Typed errors about the whole decision: the form links them to the list concerned.
        return [PydanticCustomError("no_one_awarded",
                                    "cần ít nhất một cá nhân hoặc tập thể được khen thưởng")]
    catalog = (context or {}).get("catalog")
    award = catalog.awards.get(code) if catalog is not None and code else None
    own = catalog.awards.get(collective_code) if catalog is not None and collective_code \
        else None
    out = []
    if own is not None and collective_code != code:
        if not own.for_collectives:
            out.append(PydanticCustomError("collective_award_not_for_collectives",
                                           "{award} không dành cho tập thể",
                                           {"award": own.name}))
        if not collectives:
            out.append(PydanticCustomError("collective_award_without_collectives",
                                           "đã chọn danh hiệu, hình thức cho tập thể nhưng "
                                           "danh sách tập thể để trống"))
        if not individuals:
            out.append(PydanticCustomError("collective_award_without_individuals",
                                           "chỉ khen tập thể: chọn {award} ở ô hình thức khen "
                                           "thưởng và để trống ô cho tập thể",
                                           {"award": own.name}))
        if period is None and own.uses_period and not (award and award.uses_period):
            out.append(PydanticCustomError(
                "period_required", "thiếu thời gian lập thành tích (ví dụ: năm 2025): "
                "{award} ghi rõ thời gian", {"award": own.name}))
        collectives = 0  # they are checked against their own award, above
    if award is not None and collectives and not award.for_collectives:
        out.append(PydanticCustomError("award_not_for_collectives",
                                       "{award} chỉ dành cho cá nhân; danh sách tập thể phải "
                                       "để trống, hoặc chọn danh hiệu, hình thức cho tập thể "
                                       "(ví dụ: “Tập thể lao động tiên tiến”)",
                                       {"award": award.name}))
    if award is not None and individuals and not award.for_persons:
        out.append(PydanticCustomError("award_not_for_persons",
                                       "{award} chỉ dành cho tập thể; danh sách cá nhân phải "
                                       "để trống", {"award": award.name}))
    return out
