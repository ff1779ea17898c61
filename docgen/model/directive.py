"""Input of a directive (Chỉ thị) launching an emulation movement (DOMAIN.md §5)."""

from __future__ import annotations

from pydantic import Field

from docgen.model.common import PaperBase
from docgen.model.types import Markup, Sentence


class DirectiveInput(PaperBase):
    """A directive: summary and a body in the Markdown subset."""

    subject: Sentence = Field(description="Trích yếu: Về phát động phong trào thi đua …",
                              examples=["Về phát động phong trào thi đua năm 2026"])
    body: Markup = Field(description="Nội dung (Markdown: đoạn văn, **đậm**, *nghiêng*, danh sách)")
