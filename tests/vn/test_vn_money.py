"""docgen.vn.money: money in figures and words, reward rounding (docs/format-rules.md, "Award money" and "Vietnamese text")."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from docgen.vn.money import (
    MAX,
    format_money,
    format_number,
    money_phrase,
    money_words,
    number_words,
    round_up,
)

# --- an independent reader of the words, to check number_words over many numbers ----------

_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
_SCALE = {"nghìn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}


def read_words(text: str) -> int:
    total = group = current = 0
    for w in text.split():
        if w in _DIGIT:
            current = _DIGIT[w]
        elif w == "mười":
            group += 10
        elif w == "mươi":
            group, current = group + current * 10, 0
        elif w == "trăm":
            group, current = group + current * 100, 0
        elif w == "linh":
            pass
        elif w in _SCALE:
            total, group, current = total + (group + current) * _SCALE[w], 0, 0
        else:
            raise AssertionError(f"unknown word {w!r} in {text!r}")
    return total + group + current


def sample_numbers() -> list[int]:
    rng = random.Random(20250105)
    numbers = set(range(0, 2_101))
    numbers |= {10 ** k + d for k in range(3, 12) for d in (-1, 0, 1, 5, 10, 15, 21, 105)}
    numbers |= {rng.randrange(0, 10 ** rng.randint(1, 12)) for _ in range(3_000)}
    # Numbers whose digits are mostly zero: the hard cases of skipped and full groups.
    for _ in range(2_000):
        digits = [rng.choice("0000000123456789") for _ in range(12)]
        numbers.add(int("".join(digits)))
    return sorted(n for n in numbers if 0 <= n <= MAX)


SAMPLE = sample_numbers()


# --- number_words: the cases of docs/format-rules.md and the reading rules ----------------------------

@pytest.mark.parametrize(("n", "words"), [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (31, "ba mươi mốt"),
    (55, "năm mươi lăm"),
    (91, "chín mươi mốt"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (125, "một trăm hai mươi lăm"),
    (500, "năm trăm"),
    (505, "năm trăm linh năm"),
    (555, "năm trăm năm mươi lăm"),
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm linh một"),
    (1_010, "một nghìn không trăm mười"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_100, "một nghìn một trăm"),
    (2_023, "hai nghìn không trăm hai mươi ba"),
    (2_025, "hai nghìn không trăm hai mươi lăm"),
    (10_000, "mười nghìn"),
    (10_005, "mười nghìn không trăm linh năm"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (100_000, "một trăm nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (702_000, "bảy trăm linh hai nghìn"),
    (710_000, "bảy trăm mười nghìn"),
    (1_000_000, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_000_100, "một triệu một trăm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_404_000, "một triệu bốn trăm linh bốn nghìn"),
    (1_410_000, "một triệu bốn trăm mười nghìn"),
    (1_490_000, "một triệu bốn trăm chín mươi nghìn"),
    (1_800_000, "một triệu tám trăm nghìn"),
    (1_872_000, "một triệu tám trăm bảy mươi hai nghìn"),
    (1_880_000, "một triệu tám trăm tám mươi nghìn"),
    (2_340_000, "hai triệu ba trăm bốn mươi nghìn"),
    (2_530_000, "hai triệu năm trăm ba mươi nghìn"),
    (3_510_000, "ba triệu năm trăm mười nghìn"),
    (10_530_000, "mười triệu năm trăm ba mươi nghìn"),
    (28_080_000, "hai mươi tám triệu không trăm tám mươi nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_001, "một tỷ không trăm linh một"),
    (1_000_001_000, "một tỷ không trăm linh một nghìn"),
    (2_000_000_001, "hai tỷ không trăm linh một"),
    (1_234_567_891, "một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn "
                    "tám trăm chín mươi mốt"),
    (999_999_999_999, "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
                      "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
])
def test_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("n", [-1, -1_000, MAX + 1, 10 ** 15])
def test_number_words_refuses_out_of_range(n):
    with pytest.raises(ValueError):
        number_words(n)


@pytest.mark.parametrize("n", [1.0, Decimal("5"), "5", True, None])
def test_number_words_refuses_non_integers(n):
    with pytest.raises(TypeError):
        number_words(n)


def test_number_words_reads_back_to_the_number():
    for n in SAMPLE:
        assert read_words(number_words(n)) == n, n


def test_number_words_never_says_ngan():
    assert not any("ngàn" in number_words(n) for n in SAMPLE)


def test_number_words_uses_bon_never_tu():
    # The chosen convention: "bốn" after "mươi", never "tư".
    assert not any(" tư" in f" {number_words(n)}" for n in SAMPLE)


def test_mot_only_after_muoi_and_mot_never_after_muoi():
    for n in SAMPLE:
        words = number_words(n).split()
        for prev, word in zip(words, words[1:], strict=False):
            if word == "mốt":
                assert prev == "mươi", n
            if prev == "mươi":
                assert word != "một", n
            if prev == "mười":
                assert word != "mốt", n


def test_lam_only_after_muoi_or_muoi_and_nam_never_there():
    for n in SAMPLE:
        words = number_words(n).split()
        if words[0] == "lăm":
            raise AssertionError(n)
        for prev, word in zip(words, words[1:], strict=False):
            if word == "lăm":
                assert prev in ("mười", "mươi"), n
            if prev in ("mười", "mươi"):
                assert word != "năm", n


def test_linh_only_after_tram():
    for n in SAMPLE:
        words = number_words(n).split()
        for prev, word in zip(words, words[1:], strict=False):
            if word == "linh":
                assert prev == "trăm", n


def test_every_non_leading_group_reads_its_hundreds():
    # "không trăm" inside the number, never at its start; all-zero groups are skipped.
    for n in SAMPLE:
        groups = [int(g) for g in f"{n:,}".split(",")]
        nonzero = [g for g in groups if g]
        expected = len(nonzero[1:]) + (1 if nonzero and nonzero[0] >= 100 else 0)
        text = number_words(n)
        assert text.count("trăm") == expected, n
        assert not text.startswith("không trăm"), n


def test_all_zero_groups_are_skipped():
    for n in SAMPLE:
        text = number_words(n)
        for scale in ("nghìn", "triệu"):
            assert f"không trăm {scale}" not in text and f"không {scale}" not in text, n


def test_number_words_is_lower_case_single_spaced():
    for n in SAMPLE:
        text = number_words(n)
        assert text == text.lower() and "  " not in text and text == text.strip()


# --- figures --------------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "text"), [
    (0, "0"), (5, "5"), (999, "999"), (1_000, "1.000"), (10_000, "10.000"),
    (710_000, "710.000"), (1_410_000, "1.410.000"), (1_880_000, "1.880.000"),
    (2_340_000, "2.340.000"), (1_000_000_000, "1.000.000.000"),
    (999_999_999_999, "999.999.999.999"), (-1_500, "-1.500"),
])
def test_format_number_uses_dot_separator(n, text):
    assert format_number(n) == text


@pytest.mark.parametrize("n", [1.5, Decimal("1000"), "1000"])
def test_format_number_refuses_non_integers(n):
    with pytest.raises(TypeError):
        format_number(n)


@pytest.mark.parametrize(("n", "text"), [
    (710_000, "710.000 đồng"), (1_410_000, "1.410.000 đồng"), (0, "0 đồng"),
])
def test_format_money(n, text):
    assert format_money(n) == text


# --- words with the currency -----------------------------------------------------------------

@pytest.mark.parametrize(("n", "text"), [
    (1_410_000, "Một triệu bốn trăm mười nghìn đồng"),
    (710_000, "Bảy trăm mười nghìn đồng"),
    (1_880_000, "Một triệu tám trăm tám mươi nghìn đồng"),
    (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
    (0, "Không đồng"),
    (1_000_000_000, "Một tỷ đồng"),
])
def test_money_words_capitalised_with_currency(n, text):
    assert money_words(n) == text


@pytest.mark.parametrize(("n", "text"), [
    (1_410_000, "1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng)"),
    (710_000, "710.000 đồng (Bảy trăm mười nghìn đồng)"),
    (1_880_000, "1.880.000 đồng (Một triệu tám trăm tám mươi nghìn đồng)"),
])
def test_money_phrase(n, text):
    assert money_phrase(n) == text


def test_money_phrase_refuses_negative():
    with pytest.raises(ValueError):
        money_phrase(-1)


# --- reward rounding --------------------------------------------------------------------------

@pytest.mark.parametrize(("coef", "expected"), [
    ("0.3", 710_000),
    ("0.6", 1_410_000),
    ("0.8", 1_880_000),
    ("1.0", 2_340_000),
    ("1.5", 3_510_000),
    ("3.0", 7_020_000),
    ("4.5", 10_530_000),
    ("8.0", 18_720_000),
    ("12.0", 28_080_000),
])
def test_reward_rounding_at_2_340_000(coef, expected):
    assert round_up(Decimal(coef) * 2_340_000) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    (702_000, 710_000),
    (1_404_000, 1_410_000),
    (1_872_000, 1_880_000),
    (2_340_000, 2_340_000),
    (2_340_001, 2_350_000),
    (2_349_999, 2_350_000),
    (0, 0),
    (1, 10_000),
    (9_999, 10_000),
    (10_000, 10_000),
    (10_001, 20_000),
])
def test_round_up_int(amount, expected):
    assert round_up(amount) == expected


def test_round_up_float_product_is_read_as_its_decimal_value():
    # 0.3 * 2_340_000 is 702000.0 in binary: no spurious extra step.
    assert round_up(0.3 * 2_340_000) == 710_000
    assert round_up(0.6 * 2_340_000) == 1_410_000


def test_round_up_decimal_fraction_rounds_up():
    assert round_up(Decimal("700000.01")) == 710_000


def test_round_up_tiny_excess_over_a_multiple_is_not_lost():
    # Beyond Decimal's default 28 digits of precision.
    assert round_up(Decimal("710000.00000000000000000000000001")) == 720_000


def test_round_up_accepts_decimal_string():
    assert round_up("702000") == 710_000


@pytest.mark.parametrize(("amount", "step", "expected"), [
    (702_000, 1_000, 702_000), (702_001, 1_000, 703_000), (702_000, 100_000, 800_000),
    (7, 1, 7), (Decimal("7.2"), 1, 8),
])
def test_round_up_other_steps(amount, step, expected):
    assert round_up(amount, step) == expected


def test_round_up_returns_int():
    assert type(round_up(Decimal("702000.5"))) is int


def test_round_up_negative_rounds_towards_plus_infinity():
    assert round_up(-5_000) == 0
    assert round_up(-15_000) == -10_000


@pytest.mark.parametrize("step", [0, -10_000])
def test_round_up_refuses_non_positive_step(step):
    with pytest.raises(ValueError):
        round_up(100, step)


@pytest.mark.parametrize("amount", [Decimal("NaN"), float("inf"), "abc"])
def test_round_up_refuses_non_finite_or_non_numbers(amount):
    with pytest.raises(ValueError):
        round_up(amount)


def test_round_up_refuses_bool():
    with pytest.raises(TypeError):
        round_up(True)
