"""Input of a phụ lục (Decree 30, Appendix I, III.1; Appendix III, Mẫu 2.1): a part of the
paper it is attached to, after the signature in the same file, named ``Phụ lục`` (``Phụ
lục I``, ``II`` … when there are several), its title, ``(Kèm theo … số … ngày … của …)``,
its content. It has no number of its own: the paper's is its reference. The paper must
point to it in its text (III.1.a)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic_core import PydanticCustomError

from docgen.model.common import Strict
from docgen.model.types import Line, Markup

#: The word a paper points to its appendices with (III.1.a: "phải có chỉ dẫn về Phụ lục").
APPENDIX_WORD = "phụ lục"


class AppendixInput(Strict):
    """One phụ lục: an optional title and its content."""

    title: Line | None = Field(
        default=None, description="Tên phụ lục (nếu có), in hoa dưới dòng “Phụ lục I”",
        examples=["Chỉ tiêu thi đua của các đơn vị năm 2026"])
    body: Markup = Field(description="Nội dung phụ lục (Markdown: đề mục, đoạn văn, danh "
                                     "sách, bảng)")


#: The appendices field of a paper that may have them.
Appendices = Annotated[list[AppendixInput], Field(
    default_factory=list, max_length=20,
    description="Phụ lục kèm theo (Mẫu 2.1): mỗi phụ lục bắt đầu ở trang mới sau phần chữ "
                "ký; từ hai phụ lục trở lên được đánh số I, II, III …; nội dung văn bản phải "
                "chỉ dẫn tới phụ lục")]


def check_cited(appendices: list[AppendixInput], *texts: str) -> None:
    """Refuse appendices the paper's text does not point to (Decree 30, Appendix I, III.1.a)."""
    if appendices and not any(APPENDIX_WORD in text.casefold() for text in texts):
        raise PydanticCustomError(
            "appendix_not_cited",
            "nội dung văn bản phải chỉ dẫn tới phụ lục kèm theo (ví dụ: “… tại Phụ lục I kèm "
            "theo”)")
