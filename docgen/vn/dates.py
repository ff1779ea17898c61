"""Dates in the official form of Decree 30: ``Hà Nội, ngày 05 tháng 01 năm 2025``.

Days below 10 and the months 1 and 2 take a leading zero; months 3-12 do not. A draft has
no date yet: its day and month are left blank (six spaces each) for the records office.
"""

from __future__ import annotations

from datetime import date

BLANK = " " * 6


def day_str(d: int) -> str:
    return f"{d:02d}"


def month_str(m: int) -> str:
    return f"{m:02d}" if m < 3 else str(m)


def date_words(d: date | None, *, year: int | None = None) -> str:
    """``ngày 05 tháng 01 năm 2025``; with ``d=None``, blank day and month in ``year``."""
    if d is None:
        y = str(year) if year is not None else "20" + " " * 4
        return f"ngày{BLANK}tháng{BLANK}năm {y}"
    return f"ngày {day_str(d.day)} tháng {month_str(d.month)} năm {d.year}"


def place_date_line(place: str, d: date | None, *, year: int | None = None) -> str:
    return f"{place}, {date_words(d, year=year)}"


def short_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
