"""Input of a nghị quyết (cá biệt) of a collective body (Decree 30, Appendix III, Mẫu 1.1):
its summary, the collective that resolves (the authority line), the bases, ``QUYẾT
NGHỊ:`` and the articles; docs/format-rules.md, "The kinds of paper"."""

from __future__ import annotations

from pydantic import Field, model_validator

from docgen.model.appendix import Appendices, check_cited
from docgen.model.common import PaperBase
from docgen.model.types import Line, Markup, Sentence


class ResolutionInput(PaperBase):
    """A resolution: summary, authority, bases, the articles it resolves."""

    labels_kind = "resolution"

    subject: Sentence = Field(description="Trích yếu nội dung nghị quyết, ghi dưới chữ NGHỊ QUYẾT",
                              examples=["Về nhiệm vụ trọng tâm công tác thi đua, khen thưởng "
                                        "năm 2026"])
    authority: Line | None = Field(
        default=None, description="Thẩm quyền ban hành: tên tập thể ra nghị quyết (dòng trên "
                                  "phần căn cứ); mặc định suy ra từ người ký (TM. …) và cơ quan")
    bases: list[Sentence] = Field(min_length=1, max_length=30,
                                  description="Căn cứ ban hành, mỗi căn cứ một dòng")
    proposal: Sentence | None = Field(
        default=None, description="Dòng cuối phần căn cứ, nếu có: Xét đề nghị của …, Theo kết "
                                  "quả phiên họp …", examples=["Xét đề nghị của Chánh Văn phòng"])
    body: Markup = Field(description="Các điều của nghị quyết (Markdown): “Điều 1. …”, “Điều "
                                     "2. …”; đề mục, danh sách, bảng")
    appendices: Appendices

    @model_validator(mode="after")
    def _appendices_cited(self) -> ResolutionInput:
        check_cited(self.appendices, self.body)
        return self
