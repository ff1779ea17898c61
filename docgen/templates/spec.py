"""What an agency's template is: the kind it makes, its name, the fields it asks for (a
Vietnamese label, a type, required or not, a sample value for the preview), preset values
of the kind's input (``defaults``) and a body with placeholders.

The shape is checked here (names, labels, types, sizes); what the template's code does is
checked by ``docgen.templates.check``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import Strict
from docgen.model.types import Line, Sentence

#: The types a field may have, with what the form calls them.
FIELD_TYPES: dict[str, str] = {
    "text": "Chữ",
    "number": "Số",
    "date": "Ngày",
    "rows": "Danh sách dòng",
}
#: Names the template language keeps for itself: a field so named could never be read.
RESERVED = frozenset({"range", "loop", "self", "caller", "varargs", "kwargs", "true",
                      "false", "none", "True", "False", "None", "and", "or", "not", "in",
                      "is", "if", "else", "for", "set", "macro", "call", "block", "with"})
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: Longest body or preset text a template may hold (characters).
MAX_SOURCE = 100_000
#: Most fields a template declares, columns a list of rows has.
MAX_FIELDS = 60
MAX_COLUMNS = 12


def _identifier(value: str) -> str:
    if not _NAME.match(value):
        raise PydanticCustomError(
            "field_name", "tên trường chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, "
                          "bắt đầu bằng chữ (ví dụ: han_nop)")
    if value in RESERVED:
        raise PydanticCustomError("field_name_reserved",
                                  "'{name}' là từ dành riêng của ngôn ngữ mẫu; chọn tên khác",
                                  {"name": value})
    return value


Identifier = Annotated[str, AfterValidator(_identifier),
                       Field(description="Tên chỗ trống trong mẫu: {{ han_nop }}",
                             examples=["han_nop"])]


class ColumnSpec(Strict):
    """One column of a list of rows (``{% for dong in danh_sach %}{{ dong.ten }}``)."""

    name: Identifier
    label: Line = Field(description="Tên cột để người dùng đọc")
    type: Literal["text", "number", "date"] = Field(default="text", description="Kiểu")
    required: bool = Field(default=True, description="Bắt buộc")


class FieldSpec(Strict):
    """One thing a clerk types each time the template is used."""

    name: Identifier
    label: Line = Field(description="Nhãn tiếng Việt hiện trên biểu mẫu",
                        examples=["Hạn nộp hồ sơ"])
    type: Literal["text", "number", "date", "rows"] = Field(
        default="text", description="Kiểu: text (chữ), number (số), date (ngày), rows "
                                    "(danh sách dòng)")
    required: bool = Field(default=True, description="Bắt buộc")
    columns: list[ColumnSpec] = Field(default_factory=list, max_length=MAX_COLUMNS,
                                      description="Các cột (chỉ với kiểu rows)")
    sample: Any = Field(default=None, description="Giá trị mẫu, dùng khi xem trước")
    target: str | None = Field(
        default=None, pattern=r"^[a-z_]+(\.[a-z_]+)*$", max_length=80,
        description="Trường của văn bản nhận thẳng giá trị này (ví dụ: date)")

    @model_validator(mode="after")
    def _columns_only_for_rows(self) -> FieldSpec:
        if self.type == "rows" and not self.columns:
            raise PydanticCustomError("rows_columns", "danh sách dòng cần ít nhất một cột")
        if self.type != "rows" and self.columns:
            raise PydanticCustomError("columns_not_rows", "chỉ kiểu rows mới có cột")
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise PydanticCustomError("columns_twice", "hai cột trùng tên")
        return self


class TemplateSpec(Strict):
    """A template as it is saved: ``POST /api/v1/templates``."""

    kind: str = Field(description="Loại văn bản (administrative, official-letter, minutes …)",
                      examples=["official-letter"])
    name: Sentence = Field(description="Tên mẫu", examples=["Công văn đề nghị gửi hồ sơ"])
    fields: list[FieldSpec] = Field(default_factory=list, max_length=MAX_FIELDS,
                                    description="Các trường người dùng điền mỗi lần")
    defaults: dict[str, Any] = Field(
        default_factory=dict, description="Giá trị đặt sẵn của văn bản (các chuỗi cũng được "
                                          "có chỗ trống {{ … }})")
    body: str = Field(default="", max_length=MAX_SOURCE,
                      description="Nội dung (Markdown) có chỗ trống {{ … }} và vòng lặp")
    shared: bool = Field(default=False, description="Chia sẻ cho các cơ quan cấp dưới")

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def content(self) -> dict[str, Any]:
        """What a version is made of (what its hash covers)."""
        return self.model_dump(mode="json", exclude={"shared"})
