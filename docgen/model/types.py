"""Annotated string types shared by every schema: NFC, trimmed, no control characters,
bounded length. Error messages are Vietnamese because clerks read them."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from docgen.vn.text import clean, control_chars


def _checker(multiline: bool):  # type: ignore[no-untyped-def]
    def check(value: object) -> object:
        if not isinstance(value, str):
            return value
        bad = control_chars(value, multiline=multiline)
        if bad:
            raise PydanticCustomError(
                "control_char",
                "có ký tự điều khiển không được phép ({chars})",
                {"chars": ", ".join(sorted(set(bad)))},
            )
        return clean(value, multiline=multiline)

    return check


def _not_blank(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "không được để trống")
    return value


#: One line of text (names, titles, units): up to 300 characters.
Line = Annotated[str, BeforeValidator(_checker(False)), AfterValidator(_not_blank),
                 Field(max_length=300)]
#: A short code or symbol (``VKSTC``, ``QĐ``): up to 40 characters.
Short = Annotated[str, BeforeValidator(_checker(False)), AfterValidator(_not_blank),
                  Field(max_length=40)]
#: A name line that may be split over two header lines with "\n" (agency names).
TwoLines = Annotated[str, BeforeValidator(_checker(True)), AfterValidator(_not_blank),
                     Field(max_length=300, json_schema_extra={"x-multiline": True})]
#: A long sentence (achievement, executors, proposal): up to 2,000 characters.
Sentence = Annotated[str, BeforeValidator(_checker(False)), AfterValidator(_not_blank),
                     Field(max_length=2000)]
#: Body markup (Markdown subset): up to 200,000 characters, newlines allowed.
Markup = Annotated[str, BeforeValidator(_checker(True)), AfterValidator(_not_blank),
                   Field(max_length=200_000)]


def _known_award(value: str, info: ValidationInfo) -> str:
    """An award code must be in the catalog given as validation context (when given)."""
    catalog = (info.context or {}).get("catalog")
    if catalog is not None and value not in catalog.awards:
        raise PydanticCustomError("unknown_award",
                                  "không có hình thức khen thưởng mã '{code}' trong danh mục",
                                  {"code": value})
    return value


#: Code of an award form or title of the catalog (``giay_khen``).
AwardCode = Annotated[str, AfterValidator(_known_award),
                      Field(max_length=60, description="Mã hình thức/danh hiệu trong danh mục")]
