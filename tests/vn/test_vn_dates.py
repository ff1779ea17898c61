"""docgen.vn.dates: dates in the form of Decree 30 (docs/format-rules.md, "The header and the parts of a paper")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from docgen.vn.dates import (
    BLANK,
    date_words,
    day_str,
    month_str,
    parse_day,
    place_date_line,
    short_date,
    short_datetime,
    today,
)


@pytest.mark.parametrize(("d", "text"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"),
                                         (26, "26"), (31, "31")])
def test_day_str_pads_below_ten(d, text):
    assert day_str(d) == text


@pytest.mark.parametrize(("m", "text"), [(1, "01"), (2, "02")])
def test_month_str_pads_january_and_february(m, text):
    assert month_str(m) == text


@pytest.mark.parametrize("m", range(3, 13))
def test_month_str_does_not_pad_march_to_december(m):
    assert month_str(m) == str(m)


@pytest.mark.parametrize("d", [0, 32, -1])
def test_day_str_refuses_impossible_day(d):
    with pytest.raises(ValueError):
        day_str(d)


@pytest.mark.parametrize("m", [0, 13, -1])
def test_month_str_refuses_impossible_month(m):
    with pytest.raises(ValueError):
        month_str(m)


@pytest.mark.parametrize(("d", "text"), [
    (date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
    (date(2025, 2, 28), "ngày 28 tháng 02 năm 2025"),
    (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    (date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
    (date(2022, 6, 15), "ngày 15 tháng 6 năm 2022"),
    (date(2024, 8, 12), "ngày 12 tháng 8 năm 2024"),
    (date(2024, 9, 9), "ngày 09 tháng 9 năm 2024"),
    (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    (date(2014, 11, 24), "ngày 24 tháng 11 năm 2014"),
    (date(2025, 12, 26), "ngày 26 tháng 12 năm 2025"),
    (date(2022, 12, 27), "ngày 27 tháng 12 năm 2022"),
    (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
])
def test_date_words(d, text):
    assert date_words(d) == text


def test_date_words_ignores_year_when_the_date_is_known():
    assert date_words(date(2025, 1, 5), year=2030) == "ngày 05 tháng 01 năm 2025"


def test_date_words_accepts_a_datetime():
    assert date_words(datetime(2025, 1, 5, 14, 30)) == "ngày 05 tháng 01 năm 2025"


def test_draft_date_has_six_space_blanks_and_the_year():
    assert date_words(None, year=2026) == "ngày      tháng      năm 2026"


def test_draft_date_blanks_are_ordinary_spaces():
    assert BLANK == " " * 6
    assert set(date_words(None, year=2026).replace("ngày", "").replace("tháng", "")
               .replace("năm", "").replace("2026", "")) == {" "}


def test_draft_date_without_year_prints_the_century_and_room_for_two_digits():
    assert date_words(None) == "ngày      tháng      năm 20    "


def test_place_date_line():
    assert place_date_line("Hà Nội", date(2025, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2025"


@pytest.mark.parametrize(("place", "d", "line"), [
    ("Bình Định", date(2025, 12, 26), "Bình Định, ngày 26 tháng 12 năm 2025"),
    ("Hưng Yên", date(2024, 8, 12), "Hưng Yên, ngày 12 tháng 8 năm 2024"),
    ("Gia Lai", date(2026, 2, 3), "Gia Lai, ngày 03 tháng 02 năm 2026"),
])
def test_place_date_line_cases(place, d, line):
    assert place_date_line(place, d) == line


def test_place_date_line_for_a_draft():
    assert place_date_line("Hà Nội", None, year=2026) == "Hà Nội, ngày      tháng      năm 2026"


def test_place_date_line_trims_the_place():
    assert place_date_line("  Hà Nội ", date(2025, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2025"


def test_place_date_line_without_place_has_no_leading_comma():
    assert place_date_line("", date(2025, 1, 5)) == "ngày 05 tháng 01 năm 2025"


@pytest.mark.parametrize(("d", "text"), [
    (date(2025, 1, 5), "05/01/2025"),
    (date(2026, 1, 5), "05/01/2026"),
    (date(2024, 8, 12), "12/08/2024"),
    (date(2025, 12, 26), "26/12/2025"),
    (date(2025, 7, 1), "01/07/2025"),
])
def test_short_date(d, text):
    assert short_date(d) == text


def test_every_day_of_a_year_formats_consistently():
    d = date(2024, 1, 1)  # a leap year
    while d.year == 2024:
        text = date_words(d)
        day, month = text.split()[1], text.split()[3]
        assert day == f"{d.day:02d}"
        assert month == (f"{d.month:02d}" if d.month < 3 else str(d.month))
        d = date.fromordinal(d.toordinal() + 1)


@pytest.mark.parametrize(("moment", "text"), [
    (datetime(2026, 12, 2, 2, 8, tzinfo=UTC), "02/12/2026 09:08"),
    # SQLite gives stored moments back without their zone: they are UTC.
    (datetime(2026, 12, 2, 2, 8), "02/12/2026 09:08"),
    # Late in the evening in UTC is already the next morning in Vietnam.
    (datetime(2026, 12, 31, 20, 30, tzinfo=UTC), "01/01/2027 03:30"),
])
def test_short_datetime_is_vietnam_time(moment, text):
    assert short_datetime(moment) == text


@pytest.mark.parametrize(("instant", "day"), [
    (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), date(2026, 12, 2)),  # 06:30 in Hà Nội
    (datetime(2026, 12, 1, 16, 59, tzinfo=UTC), date(2026, 12, 1)),  # 23:59 in Hà Nội
])
def test_today_is_the_date_in_vietnam_whatever_the_servers_zone(clock, instant, day):
    clock.at(instant)
    assert today() == day


@pytest.mark.parametrize(("text", "day"), [
    ("05/01/2026", date(2026, 1, 5)), ("5/1/2026", date(2026, 1, 5)),
    (" 05.01.2026 ", date(2026, 1, 5)), ("2026-01-05", date(2026, 1, 5)),
])
def test_parse_day_reads_the_vietnamese_order(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize(("text", "reason"), [
    ("31/02/2026", "ngày 31/02/2026 không có trong lịch"),
    ("hôm nay", "ngày viết theo dạng ngày/tháng/năm, ví dụ 05/01/2026"),
    ("01/05/26", "ngày viết theo dạng ngày/tháng/năm, ví dụ 05/01/2026"),
])
def test_parse_day_says_why_it_cannot(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_day(text)
