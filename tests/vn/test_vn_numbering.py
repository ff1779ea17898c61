"""docgen.vn.numbering: number-and-symbol lines and counts (DOMAIN.md §1, §2, §4)."""

from __future__ import annotations

import pytest

from docgen.vn.numbering import (
    BLANK_NUMBER,
    count_phrase,
    join_symbol,
    number_ref,
    number_symbol,
    pad2,
)


@pytest.mark.parametrize(("n", "text"), [
    (0, "00"), (1, "01"), (5, "05"), (9, "09"), (10, "10"), (12, "12"), (99, "99"),
    (100, "100"), (125, "125"), (1234, "1234"),
])
def test_pad2(n, text):
    assert pad2(n) == text


def test_pad2_refuses_negative():
    with pytest.raises(ValueError):
        pad2(-1)


@pytest.mark.parametrize(("abbr", "agency", "symbol"), [
    ("QĐ", "VKSHY", "QĐ-VKSHY"),
    ("CT", "VKSTC", "CT-VKSTC"),
    ("QĐ", "VKSTC-V15", "QĐ-VKSTC-V15"),
    ("TTr", "VKSBĐ", "TTr-VKSBĐ"),
    (None, "VKSTC", "VKSTC"),
    (None, "VKSTC-V16", "VKSTC-V16"),
    ("CT", None, "CT"),
    (None, None, None),
])
def test_join_symbol(abbr, agency, symbol):
    assert join_symbol(abbr, agency) == symbol


@pytest.mark.parametrize(("abbr", "agency", "symbol"), [
    ("", "VKSTC", "VKSTC"), ("CT", "", "CT"), ("", "", None), ("  ", None, None),
    (" QĐ ", " VKSHY ", "QĐ-VKSHY"),
])
def test_join_symbol_treats_blank_parts_as_missing(abbr, agency, symbol):
    assert join_symbol(abbr, agency) == symbol


@pytest.mark.parametrize(("number", "symbol", "line"), [
    (2, "CT-VKSTC", "Số: 02/CT-VKSTC"),
    (15, "QĐ-VKSHY", "Số: 15/QĐ-VKSHY"),
    (385, "VKSTC-V16", "Số: 385/VKSTC-V16"),
    (1, "QĐ-VKSTC", "Số: 01/QĐ-VKSTC"),
    (10, "KH-VKSTC", "Số: 10/KH-VKSTC"),
    (3, None, "Số: 03"),
    (3, "", "Số: 03"),
])
def test_number_symbol(number, symbol, line):
    assert number_symbol(number, symbol) == line


def test_number_symbol_of_a_draft_has_six_spaces_for_the_number():
    assert number_symbol(None, "QĐ-VKSTC") == "Số:      /QĐ-VKSTC"
    assert number_symbol(None, "CT-VKSTC") == "Số:" + " " * 6 + "/CT-VKSTC"


def test_number_symbol_of_a_draft_without_symbol():
    assert number_symbol(None, None) == "Số:" + BLANK_NUMBER


def test_number_symbol_of_joined_symbol():
    assert number_symbol(2, join_symbol("CT", "VKSTC")) == "Số: 02/CT-VKSTC"


def test_number_symbol_has_no_space_around_the_slash():
    line = number_symbol(7, "QĐ-VKSHY")
    assert " /" not in line and "/ " not in line


def test_number_symbol_refuses_negative_number():
    with pytest.raises(ValueError):
        number_symbol(-2, "CT-VKSTC")


@pytest.mark.parametrize(("n", "noun", "text"), [
    (6, "cá nhân", "06 cá nhân"),
    (12, "tập thể", "12 tập thể"),
    (1, "tập thể", "01 tập thể"),
    (5, "tập thể", "05 tập thể"),
    (10, "cá nhân", "10 cá nhân"),
    (125, "cá nhân", "125 cá nhân"),
])
def test_count_phrase(n, noun, text):
    assert count_phrase(n, noun) == text


def test_count_phrase_without_noun_is_just_the_number():
    assert count_phrase(3, "") == "03"


@pytest.mark.parametrize(("number", "symbol", "expected"), [
    (2, "QĐ-VKSTC", "02/QĐ-VKSTC"), (125, "QĐ-VKSTC", "125/QĐ-VKSTC"), (7, None, "07"),
    (None, "QĐ-VKSTC", "      /QĐ-VKSTC"), (3, " CT-VKSTC ", "03/CT-VKSTC"),
])
def test_number_ref_is_the_number_as_cited(number, symbol, expected):
    assert number_ref(number, symbol) == expected
