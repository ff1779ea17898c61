"""Dates and number lines in Decree 30's form."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.vn.dates import date_words, place_date_line, short_date
from docgen.vn.numbering import count_phrase, join_symbol, number_symbol, pad2


@pytest.mark.parametrize(("d", "text"), [
    (date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
    (date(2025, 2, 28), "ngày 28 tháng 02 năm 2025"),
    (date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
    (date(2024, 8, 12), "ngày 12 tháng 8 năm 2024"),
    (date(2025, 12, 26), "ngày 26 tháng 12 năm 2025"),
    (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
])
def test_date_words_pad_day_and_january_february(d, text):
    assert date_words(d) == text


def test_blank_date_for_drafts_keeps_the_year():
    text = date_words(None, year=2026)
    assert text.startswith("ngày ") and text.endswith(" năm 2026")
    assert "tháng" in text and not any(ch.isdigit() for ch in text[:-4])


def test_place_date_line():
    assert place_date_line("Hà Nội", date(2025, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2025"


def test_short_date():
    assert short_date(date(2026, 1, 5)) == "05/01/2026"


@pytest.mark.parametrize(("n", "text"), [(1, "01"), (9, "09"), (10, "10"), (125, "125")])
def test_pad2(n, text):
    assert pad2(n) == text


@pytest.mark.parametrize(("number", "symbol", "line"), [
    (2, "CT-VKSTC", "Số: 02/CT-VKSTC"),
    (15, "QĐ-VKSHY", "Số: 15/QĐ-VKSHY"),
    (None, "QĐ-VKSTC", "Số:      /QĐ-VKSTC"),
    (3, None, "Số: 03"),
])
def test_number_symbol(number, symbol, line):
    assert number_symbol(number, symbol) == line


@pytest.mark.parametrize(("abbr", "agency", "symbol"), [
    ("QĐ", "VKSHY", "QĐ-VKSHY"), (None, "VKSTC", "VKSTC"), ("CT", None, "CT"), (None, None, None),
])
def test_join_symbol(abbr, agency, symbol):
    assert join_symbol(abbr, agency) == symbol


def test_count_phrase_zero_pads():
    assert count_phrase(6, "cá nhân") == "06 cá nhân"
    assert count_phrase(12, "tập thể") == "12 tập thể"
