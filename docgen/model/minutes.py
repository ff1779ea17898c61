"""Input of a biên bản (minutes, Decree 30, Appendix III sample 1.9): summary, body, and
two signatures, the secretary (THƯ KÝ, left) and the chair (CHỦ TỌA, right: the paper's
``signer``); docs/format-rules.md, "The kinds of paper"."""

from __future__ import annotations

from pydantic import Field

from docgen.model.common import PaperBase, Signer
from docgen.model.types import Markup, Sentence


class MinutesInput(PaperBase):
    """Minutes of a meeting: the chair signs as ``signer``, the secretary beside."""

    labels_kind = "minutes"

    subject: Sentence = Field(description="Trích yếu: Họp Hội đồng Thi đua - Khen thưởng …",
                              examples=["Họp Hội đồng Thi đua - Khen thưởng năm 2026"])
    body: Markup = Field(description="Nội dung: thời gian, địa điểm, thành phần, diễn biến, "
                                     "kết luận (Markdown: đề mục, đoạn văn, danh sách, bảng)")
    secretary: Signer = Field(description="Thư ký (người ghi biên bản), ký bên trái")
