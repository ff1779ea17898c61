"""Dates in the official form of Decree 30/2020/NĐ-CP: ``Hà Nội, ngày 05 tháng 01 năm 2025``.

Days below 10 and the months 1 and 2 take a leading zero; months 3-12 do not (``tháng 3``,
``tháng 12``). The zero before January and February is the decree's rule, and it is there so
that nobody can add a digit by hand (``tháng 1`` -> ``tháng 11``).

A draft has no date yet (the records office writes it by hand after signing): its day and
month are blank, six ordinary spaces each, and its year is printed when known
(``ngày      tháng      năm 2026``). With no year at all the century is printed and four
spaces follow it (``năm 20    ``), room for the two missing digits.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

#: Space left for a handwritten day or month on a draft. Ordinary spaces, not no-break
#: spaces: the two renderers treat both the same way, and a plain space survives every
#: copy and paste.
BLANK = " " * 6
#: Year of a draft whose year is not known: the century, then room for two digits.
BLANK_YEAR = "20" + " " * 4
#: Vietnam has one time zone and no daylight saving time: UTC+07:00.
VIETNAM_TZ = timezone(timedelta(hours=7))


def day_str(d: int) -> str:
    """Day of the month with a leading zero below 10: 5 -> ``05``, 26 -> ``26``."""
    if not 1 <= d <= 31:
        raise ValueError(f"day out of range 1..31: {d}")
    return f"{d:02d}"


def month_str(m: int) -> str:
    """Month as Decree 30 writes it: 1 -> ``01``, 2 -> ``02``, 3 -> ``3``, 12 -> ``12``."""
    if not 1 <= m <= 12:
        raise ValueError(f"month out of range 1..12: {m}")
    return f"{m:02d}" if m < 3 else str(m)


def date_words(d: date | None, *, year: int | None = None) -> str:
    """``ngày 05 tháng 01 năm 2025``; with ``d=None`` (a draft) blank day and month.

    ``year`` is used only for a draft (``d=None``); a real date always prints its own year.
    """
    if d is None:
        y = str(year) if year is not None else BLANK_YEAR
        return f"ngày{BLANK}tháng{BLANK}năm {y}"
    return f"ngày {day_str(d.day)} tháng {month_str(d.month)} năm {d.year}"


def place_date_line(place: str, d: date | None, *, year: int | None = None) -> str:
    """``Hà Nội, ngày 05 tháng 01 năm 2025`` (line 4 of the header).

    A blank place leaves only the date, so the line never starts with a stray comma.
    """
    place = place.strip()
    words = date_words(d, year=year)
    return f"{place}, {words}" if place else words


def short_date(d: date) -> str:
    """``05/01/2025``: day and month always two digits (tables, certificates' stubs)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def today() -> date:
    """Today's date in Vietnam, whatever the server's own time zone: a server on UTC is
    still on yesterday until 07:00 in Hà Nội, and a paper issued at 06:30 must carry the
    office's date."""
    return datetime.now(VIETNAM_TZ).date()


def now() -> datetime:
    """This instant, aware, in UTC: how moments are stored (tests stop this clock)."""
    return datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime. Moments are stored in UTC; a naive one
    (SQLite gives them back without their zone) is read as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def vietnam_time(moment: datetime) -> datetime:
    """A stored moment in Vietnam's time. Moments are stored in UTC; a naive one (SQLite
    gives them back without their zone) is read as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM_TZ)


def short_datetime(moment: datetime) -> str:
    """``02/12/2026 09:08``: a stored moment as an office in Vietnam reads its clock."""
    local = vietnam_time(moment)
    return f"{short_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def long_datetime(moment: datetime) -> str:
    """``09:08:05 ngày 02/12/2026 (giờ Việt Nam)``: a moment for the public, to the
    second, in the words a citizen reads (no ISO 8601, no offset)."""
    local = vietnam_time(moment)
    return (f"{local.hour:02d}:{local.minute:02d}:{local.second:02d} ngày "
            f"{short_date(local.date())} (giờ Việt Nam)")


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day(text: str) -> date:
    """A date typed the Vietnamese way, ngày/tháng/năm (``05/01/2026``, ``5.1.2026``), or
    ``2026-01-05``; ``ValueError`` with the reason, in Vietnamese, for anything else (the
    same reading as the forms' date boxes, web/static/schemaform.js)."""
    t = text.strip()
    if m := _DMY.fullmatch(t):
        day, month, year = (int(g) for g in m.groups())
    elif m := _YMD.fullmatch(t):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError("ngày viết theo dạng ngày/tháng/năm, ví dụ 05/01/2026")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày {t} không có trong lịch") from None
