"""Input of an award decision (Quyết định khen thưởng), DOMAIN.md §3-4."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import PaperBase, Person, Unit
from docgen.model.types import AwardCode, Line, Sentence


class AwardDecisionInput(PaperBase):
    """Grant a form or recognise a title for individuals and collectives."""

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
    amounts_in_list: bool = Field(default=False, description="Thêm cột số tiền vào danh sách")
    sort_names: bool = Field(default=False, description="Xếp danh sách cá nhân theo tên")


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
        if not self.individuals and not self.collectives:
            # Typed errors about the whole decision: the form links them to the list concerned.
            raise PydanticCustomError("no_one_awarded",
                                      "cần ít nhất một cá nhân hoặc tập thể được khen thưởng")
        catalog = (info.context or {}).get("catalog")
        award = catalog.awards.get(self.award) if catalog is not None else None
        if award is not None and self.collectives and not award.for_collectives:
            raise PydanticCustomError("award_not_for_collectives",
                                      "{award} chỉ dành cho cá nhân; danh sách tập thể phải để "
                                      "trống", {"award": award.name})
        if award is not None and self.individuals and not award.for_persons:
            raise PydanticCustomError("award_not_for_persons",
                                      "{award} chỉ dành cho tập thể; danh sách cá nhân phải để "
                                      "trống", {"award": award.name})
        if len(self.individuals) + len(self.collectives) > 2000:
            raise ValueError("nhiều nhất 2.000 cá nhân và tập thể trong một quyết định")
        return self
