"""A year still being scored: results may be missing (validated with ``partial``), a
missing result counts 0 and stays out of a target criterion's comparisons; a stored year
reads back as it was written."""

from __future__ import annotations

import json

import pytest

from docgen.errors import InputError
from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from docgen.scoring.engine import score
from docgen.scoring.result import check

TARGET = [{"code": "I", "name": "Chuyên môn", "children": [
    {"code": "1", "name": "Tỷ lệ giải quyết", "type": "target", "max": 30, "unit": "%"},
    {"code": "2", "name": "Không sai sót", "type": "pass", "max": 15}]}]


def _year(results, catalog, partial):  # type: ignore[no-untyped-def]
    data = {"cluster": {"name": "Khối thi đua số 9", "place": "Gia Lai", "year": 2026,
                        "head": "A"},
            "members": [{"code": c, "name": f"Phòng {c}",
                         "leader": {"title": "Trưởng phòng", "name": f"Lê Văn {c}"}}
                        for c in "ABC"],
            "criteria": TARGET, "results": results}
    return validate_input(ScoringYear, data, context={"catalog": catalog, "partial": partial})


def test_a_missing_result_counts_nothing_and_is_not_compared(catalog):
    results = {"A": {"1": {"actual": 110, "target": 100}, "2": True},
               "B": {"1": {"actual": 105, "target": 100}}}
    with pytest.raises(InputError):
        _year(results, catalog, partial=False)
    year = _year(results, catalog, partial=True)
    assert year.missing() == {"B": ["2"], "C": ["1", "2"]}
    got = {m["code"]: m for m in check(year, catalog)["members"]}
    # A has the best ratio above target among those scored: the maximum; B is between.
    assert (got["A"]["criteria"]["1"], got["A"]["total"]) == (30, 45)
    assert got["B"]["criteria"] == {"1": 22.5, "2": 0}
    assert (got["C"]["total"], got["C"]["rank"]) == (0, 3)
    # The same two results in a complete year give the same points for criterion 1.
    full = _year({**results, "B": {**results["B"], "2": False},
                  "C": {"1": {"actual": 100, "target": 100}, "2": False}}, catalog, False)
    assert score(full, catalog).of("B").criteria["1"] == 22.5


def test_a_stored_year_reads_back_as_written(catalog):
    year = _year({"A": {"1": {"actual": 96.55, "target": 100}, "2": True}}, catalog, True)
    text = json.dumps(year.model_dump(mode="json", by_alias=True, exclude_none=True))
    assert '"actual": 96.55' in text and '"max": 30' in text
    again = validate_input(ScoringYear, text, context={"catalog": catalog, "partial": True})
    assert again == year
