"""Input of a quyết định that issues or approves a text (Decree 30, Appendix III, Mẫu 1.3:
"quy định gián tiếp"): the decision (authority, bases, ``QUYẾT ĐỊNH:``, Article 1 issuing
the text, the other articles) and the text itself, which follows it in the same file under
``(Kèm theo Quyết định số … ngày … của …)``; docs/format-rules.md, "The kinds of paper"."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.appendix import Appendices, check_cited
from docgen.model.common import PaperBase, Strict
from docgen.model.types import Line, Markup, Sentence

#: The types a decision issues or approves (Decree 30, Article 7, laid out as Mẫu 1.4 but
#: without number, date or signature of their own): by their Appendix III abbreviation.
IssuedType = Literal["QC", "QyĐ", "KH", "CTr", "PA", "ĐA", "DA", "HD"]
#: What the decision does with the text: ``ban hành`` (a quy chế, a quy định …) or ``phê
#: duyệt`` (a kế hoạch, a đề án …).
Action = Literal["ban hành", "phê duyệt"]
#: Article 1 is written by docgen from the text; the clerk's articles start at Article 2.
_FIRST_ARTICLE = re.compile(r"[\s*_]*Điều\s+1\b")


class IssuedText(Strict):
    """The text the decision issues: its type, its summary, its content."""

    type: IssuedType = Field(description="Loại văn bản được ban hành, phê duyệt (chữ viết tắt "
                                         "theo Phụ lục III Nghị định 30): QC, QyĐ, KH …",
                             examples=["QC"])
    subject: Sentence = Field(
        description="Trích yếu, viết tiếp sau tên loại (chữ đầu viết thường): thi đua, khen "
                    "thưởng của …", examples=["thi đua, khen thưởng của Viện kiểm sát nhân "
                                             "dân tỉnh Gia Lai"])
    body: Markup = Field(description="Nội dung văn bản (Markdown): chương, điều, khoản, điểm; "
                                     "đề mục, danh sách, bảng")


class IssuingDecisionInput(PaperBase):
    """A decision issuing (or approving) a text, with that text."""

    labels_kind = "issuing-decision"

    action: Action = Field(default="ban hành",
                           description="Quyết định ban hành hay phê duyệt văn bản kèm theo")
    text: IssuedText = Field(description="Văn bản được ban hành, phê duyệt kèm theo quyết định")
    authority: Line | None = Field(
        default=None, description="Thẩm quyền ban hành (dòng trên phần căn cứ); mặc định suy "
                                  "ra từ người ký và cơ quan")
    bases: list[Sentence] = Field(min_length=1, max_length=30,
                                  description="Căn cứ ban hành, mỗi căn cứ một dòng")
    proposal: Sentence = Field(description="Theo đề nghị của …",
                               examples=["Theo đề nghị của Chánh Văn phòng"])
    body: Markup = Field(description="Các điều từ Điều 2 (Điều 1 ban hành văn bản kèm theo do "
                                     "hệ thống ghi): hiệu lực, người thi hành …")
    appendices: Appendices

    @model_validator(mode="after")
    def _articles_and_appendices(self) -> IssuingDecisionInput:
        if _FIRST_ARTICLE.match(self.body):
            raise PydanticCustomError(
                "first_article_written",
                "Điều 1 (ban hành văn bản kèm theo) do hệ thống ghi: nội dung bắt đầu từ Điều 2")
        check_cited(self.appendices, self.body, self.text.body)
        return self
