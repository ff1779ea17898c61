"""Annotated types shared by every schema, so each input rule has one home.

Text: NFC, trimmed, no control or invisible characters, only characters the shipped fonts
can draw, bounded length. Numbers: strict integers (``3.9`` and ``true`` are refused, not
turned into 3 and 1) within the ranges the registry's columns hold. Dates: within the years
an official paper of today can carry. Error messages are Vietnamese because clerks read them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, ValidationInfo
from pydantic_core import PydanticCustomError

from docgen.vn.text import clean, control_chars

#: Earliest and latest date a paper may carry: the procuracy's emulation work starts after
#: 1945, and a date past 2100 is a typing error (the catalog's salary table ends well before).
FIRST_DATE = date(1945, 1, 1)
LAST_DATE = date(2100, 12, 31)


def _checker(multiline: bool):  # type: ignore[no-untyped-def]
    def check(value: object) -> object:
        if not isinstance(value, str):
            return value
        bad = control_chars(value, multiline=multiline)
        if bad:
            raise PydanticCustomError(
                "control_char",
                "có ký tự điều khiển hoặc ký tự ẩn không được phép ({chars})",
                {"chars": ", ".join(sorted(set(bad)))},
            )
        value = clean(value, multiline=multiline)
        from docgen.render.fonts import undrawable

        missing = undrawable(value)
        if missing:
            raise PydanticCustomError(
                "undrawable_char",
                "có ký tự phông chữ của văn bản không in được ({chars})",
                {"chars": ", ".join(missing)},
            )
        return value

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


def _date_in_range(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise PydanticCustomError(
            "date_range", "ngày phải trong khoảng từ {first} đến {last}",
            {"first": FIRST_DATE.strftime("%d/%m/%Y"), "last": LAST_DATE.strftime("%d/%m/%Y")})
    return value


#: A calendar date a paper can carry (1945-2100).
Day = Annotated[date, AfterValidator(_date_in_range),
                Field(json_schema_extra={"formatMinimum": FIRST_DATE.isoformat(),
                                         "formatMaximum": LAST_DATE.isoformat()})]
#: A year of emulation work (pledges, search filters).
Year = Annotated[StrictInt, Field(ge=FIRST_DATE.year, le=LAST_DATE.year)]
#: A paper's number within its agency's yearly sequence (Decree 30: from 01 each year).
PaperNumber = Annotated[StrictInt, Field(ge=1, le=99_999)]
#: A register (sổ vàng) number of a certificate.
RegisterNumber = Annotated[StrictInt, Field(ge=1, le=9_999_999)]
#: Largest id of a registry row: the columns are 32-bit integers on PostgreSQL.
MAX_ID = 2_147_483_647
