"""Money in figures and words, and the reward rounding rule (DOMAIN.md §3, §8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.vn.money import format_money, format_number, money_words, number_words, round_up


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1000, "một nghìn"),
    (2023, "hai nghìn không trăm hai mươi ba"),
    (10_005, "mười nghìn không trăm linh năm"),
    (702_000, "bảy trăm linh hai nghìn"),
    (710_000, "bảy trăm mười nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_410_000, "một triệu bốn trăm mười nghìn"),
    (1_880_000, "một triệu tám trăm tám mươi nghìn"),
    (2_340_000, "hai triệu ba trăm bốn mươi nghìn"),
    (3_510_000, "ba triệu năm trăm mười nghìn"),
    (1_000_000_000, "một tỷ"),
    (2_000_000_001, "hai tỷ không trăm linh một"),
    (999_999_999_999, "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
                      "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
])
def test_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("n", [-1, 1_000_000_000_000])
def test_number_words_out_of_range(n):
    with pytest.raises(ValueError):
        number_words(n)


def test_money_words_capitalised_with_currency():
    assert money_words(1_410_000) == "Một triệu bốn trăm mười nghìn đồng"


@pytest.mark.parametrize(("n", "text"), [(0, "0"), (999, "999"), (1000, "1.000"),
                                         (1_410_000, "1.410.000"),
                                         (999_999_999_999, "999.999.999.999")])
def test_format_number_uses_dot_separator(n, text):
    assert format_number(n) == text


def test_format_money():
    assert format_money(710_000) == "710.000 đồng"


@pytest.mark.parametrize(("coef", "expected"), [
    ("0.3", 710_000), ("0.8", 1_880_000), ("1.0", 2_340_000), ("1.5", 3_510_000),
    ("0.6", 1_410_000), ("4.5", 10_530_000), ("12.0", 28_080_000),
])
def test_reward_rounding_at_2_340_000(coef, expected):
    assert round_up(Decimal(coef) * 2_340_000) == expected


def test_round_up_keeps_exact_multiples():
    assert round_up(2_340_000) == 2_340_000
    assert round_up(2_340_001) == 2_350_000
