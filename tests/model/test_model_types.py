"""The shared input types refuse what would make a wrong or unreadable paper: dates no
paper carries, numbers that are not plain integers, characters the fonts cannot draw and
invisible ones, each with the field's path and a Vietnamese message."""

from __future__ import annotations

import pytest

from docgen.errors import InputError
from docgen.service import validate


def errors_of(kind: str, data: dict) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        validate(kind, data)
    return {e.path: e.msg for e in caught.value.errors}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1944-12-31", "2101-01-01"])
def test_dates_outside_the_years_of_a_paper_are_refused(sample, day):
    data = sample("directive")
    data["date"] = day
    assert "01/01/1945" in errors_of("directive", data)["date"]


@pytest.mark.parametrize("day", ["1945-01-01", "2100-12-31"])
def test_dates_at_the_bounds_are_accepted(sample, day):
    data = sample("directive")
    data["date"] = day
    assert validate("directive", data).date.isoformat() == day


@pytest.mark.parametrize("number", [3.9, True, "3", float("nan"), float("inf")])
def test_numbers_are_plain_integers(sample, number):
    data = sample("award-decision")
    data["number"] = number
    assert errors_of("award-decision", data)["number"] == "phải là số nguyên"


def test_a_whole_number_written_with_a_fraction_is_that_integer(sample):
    """JSON Schema's "integer" includes 3.0; the server agrees with its OpenAPI document."""
    data = sample("award-decision")
    data["number"] = 3.0
    assert validate("award-decision", data).number == 3
    data["number"] = 1e20
    assert "number" in errors_of("award-decision", data)


def test_pledge_year_is_a_plain_integer(sample):
    data = sample("pledge")
    data["year"] = True
    assert "year" in errors_of("pledge", data)


@pytest.mark.parametrize("text", ["Nguyễn Văn 😀 Bình", "Nguyễn 漢 Bình", "Nguyễn \U0001f1fb\U0001f1f3"])
def test_characters_the_fonts_cannot_draw_are_refused_by_field(sample, text):
    data = sample("directive")
    data["signer"]["name"] = text
    msg = errors_of("directive", data)["signer.name"]
    assert "phông chữ" in msg and "U+" in msg


@pytest.mark.parametrize("invisible", ["\u200d", "\u2060", "\U000e0041", "\u200b"])
def test_invisible_characters_are_refused_by_field(sample, invisible):
    data = sample("directive")
    data["signer"]["name"] = f"Nguyễn{invisible} Văn Bình"
    assert f"U+{ord(invisible):04X}" in errors_of("directive", data)["signer.name"]


def test_every_sample_is_drawable(sample):
    # The refusal must not catch real Vietnamese text: every sample passes as it is.
    for kind in ("directive", "pledge", "award-decision", "certificate"):
        validate(kind, sample(kind))


@pytest.mark.parametrize("day", [0, 20260105, True, 1.5])
def test_a_date_given_as_a_number_is_refused(sample, day):
    data = sample("directive")
    data["date"] = day
    assert "NNNN-TT-NN" in errors_of("directive", data)["date"]
