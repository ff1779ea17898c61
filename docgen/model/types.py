"""Annotated types shared by every schema, so each input rule has one home.

Text: NFC, trimmed, no control or invisible characters, only characters the shipped fonts
can draw, bounded length. Numbers: strict integers (``3.9`` and ``true`` are refused, not
turned into 3 and 1; ``7.0`` is 7, as JSON Schema counts it) within the ranges the registry's columns hold. Dates: within the years
an official paper of today can carry. Error messages are Vietnamese because clerks read them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, ValidationInfo
from pydantic_core import PydanticCustomError

from docgen.render.fonts import undrawable
from docgen.vn.dates import VIETNAM_TZ
from docgen.vn.text import clean, control_chars

#: Earliest and latest date a paper may carry: the procuracy's emulation work starts after
#: 1945, and a date past 2100 is a typing error (the catalog's salary table ends well before).
FIRST_DATE = date(1945, 1, 1)
LAST_DATE = date(2100, 12, 31)


def _checker(multiline: bool):
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


def _text_schema(multiline: bool) -> dict[str, object]:
    """What the JSON Schema says of a text field: not empty, and an ``x-text`` marker the
    OpenAPI document turns into the exact characters accepted (the fonts' repertoire)."""
    return {"minLength": 1, "x-text": "lines" if multiline else "line"}


#: One line of text (names, titles, units): up to 300 characters.
Line = Annotated[str, BeforeValidator(_checker(False)), AfterValidator(_not_blank),
                 Field(max_length=300, json_schema_extra=_text_schema(False))]
#: A short code or symbol (``VKSTC``, ``QĐ``): up to 40 characters.
Short = Annotated[str, BeforeValidator(_checker(False)), AfterValidator(_not_blank),
                  Field(max_length=40, json_schema_extra=_text_schema(False))]
#: A name line that may be split over two header lines with "\n" (agency names).
TwoLines = Annotated[str, BeforeValidator(_checker(True)), AfterValidator(_not_blank),
                     Field(max_length=300, json_schema_extra={**_text_schema(True),
                                                              "x-multiline": True})]
#: A long sentence (achievement, executors, proposal): up to 2,000 characters.
Sentence = Annotated[str, BeforeValidator(_checker(False)), AfterValidator(_not_blank),
                     Field(max_length=2000, json_schema_extra=_text_schema(False))]
#: A note of the workflow (a leader's comment, the reason of a revocation): up to 2,000
#: characters over several lines; may be empty (the step says when it is required).
Note = Annotated[str, BeforeValidator(_checker(True)),
                 Field(max_length=2000, json_schema_extra={"x-text": "lines"})]
#: Body markup (Markdown subset): up to 200,000 characters, newlines allowed.
Markup = Annotated[str, BeforeValidator(_checker(True)), AfterValidator(_not_blank),
                   Field(max_length=200_000, json_schema_extra=_text_schema(True))]


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
                      Field(max_length=60, description="Mã hình thức/danh hiệu trong danh mục",
                            # the OpenAPI document lists the catalog's codes here
                            json_schema_extra={"x-award-code": True})]


def _date_in_range(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise PydanticCustomError(
            "date_range", "ngày phải trong khoảng từ {first} đến {last}",
            {"first": FIRST_DATE.strftime("%d/%m/%Y"), "last": LAST_DATE.strftime("%d/%m/%Y")})
    return value


def _date_text(value: object) -> object:
    """Dates are written, not counted: a number (pydantic would read 0 as 1970-01-01, a
    Unix timestamp) or a boolean is refused; ISO text and date objects pass on."""
    if isinstance(value, bool | int | float):
        raise PydanticCustomError("date_type", "ngày phải viết theo dạng NNNN-TT-NN")
    return value


#: A calendar date a paper can carry (1945-2100).
Day = Annotated[date, BeforeValidator(_date_text), AfterValidator(_date_in_range),
                Field(json_schema_extra={"formatMinimum": FIRST_DATE.isoformat(),
                                         "formatMaximum": LAST_DATE.isoformat()})]


def _moment_in_range(value: datetime) -> datetime:
    """A moment of a meeting as the office's clock read it: one with a zone is put in
    Vietnam's time, then kept without zone (papers print local hours)."""
    if value.tzinfo is not None:
        value = value.astimezone(VIETNAM_TZ).replace(tzinfo=None)
    _date_in_range(value.date())
    return value


#: A moment in Vietnam's time (``2026-12-18T14:00``), 1945-2100: when a meeting starts.
Moment = Annotated[datetime, BeforeValidator(_date_text), AfterValidator(_moment_in_range)]
#: A count of people, ballots or votes.
Count = Annotated[StrictInt, Field(ge=0, le=100_000)]


def _whole(value: object) -> object:
    """A number with no fractional part is an integer (JSON Schema says so: ``685.0`` is
    ``685``); ``3.9`` and ``true`` stay refused by the strict check that follows."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: An integer as JSON Schema means it: no fraction, whatever the spelling (``7``, ``7.0``).
#: (The before-validator comes after the bounds, so that the JSON Schema keeps them as
#: ``minimum``/``maximum``: on the other side they would be lost to it.)
WholeNumber = BeforeValidator(_whole)
#: A year of emulation work (pledges, search filters).
Year = Annotated[StrictInt, Field(ge=FIRST_DATE.year, le=LAST_DATE.year), WholeNumber]
#: A paper's number within its agency's yearly sequence (Decree 30: from 01 each year).
PaperNumber = Annotated[StrictInt, Field(ge=1, le=99_999), WholeNumber]
#: A register (sổ vàng) number of a certificate.
RegisterNumber = Annotated[StrictInt, Field(ge=1, le=9_999_999), WholeNumber]
#: Largest id of a registry row: the columns are 32-bit integers on PostgreSQL.
MAX_ID = 2_147_483_647
