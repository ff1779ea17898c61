"""Input of a công văn (Decree 30, Appendix III sample 1.5): no type name; its symbol is
the agency's and the drafting unit's; ``V/v …`` under the number, ``Kính gửi:`` one or
several addressees; docs/format-rules.md, "The kinds of paper"."""

from __future__ import annotations

from pydantic import Field, model_validator

from docgen.model.appendix import Appendices, check_cited
from docgen.model.common import PaperBase
from docgen.model.types import Line, Markup, Sentence, Short


class OfficialLetterInput(PaperBase):
    """A công văn: what it is about, to whom, the body."""

    unit_symbol: Short | None = Field(
        default=None, description="Ký hiệu đơn vị soạn thảo hoặc lĩnh vực (sau ký hiệu cơ "
                                  "quan): VP", examples=["VP"])
    about: Sentence = Field(description="Trích yếu nội dung, ghi sau chữ V/v",
                            examples=["Đề nghị các đơn vị gửi hồ sơ đề nghị khen thưởng"])
    to: list[Line] = Field(min_length=1, max_length=30, description="Kính gửi",
                           examples=[["Các đơn vị thuộc Viện kiểm sát nhân dân tỉnh"]])
    body: Markup = Field(description="Nội dung (Markdown: đoạn văn, **đậm**, *nghiêng*, danh "
                                     "sách, bảng)")
    appendices: Appendices

    @model_validator(mode="after")
    def _appendices_cited(self) -> OfficialLetterInput:
        check_cited(self.appendices, self.body)
        return self
