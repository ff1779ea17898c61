"""A small scoring year to vary in each test, and the example year of the contract."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from tests.helpers import SAMPLES


def member(code: str) -> dict[str, Any]:
    return {"code": code, "name": f"Phòng {code}", "leader": {"title": "Trưởng phòng",
                                                            "name": f"Nguyễn Văn {code}"}}


@pytest.fixture
def example() -> dict[str, Any]:
    """The contract's example (samples/cluster-scores.json is a copy of it)."""
    return json.loads((SAMPLES / "cluster-scores.json").read_text(encoding="utf-8"))


@pytest.fixture
def year_of(catalog) -> Callable[..., ScoringYear]:  # type: ignore[no-untyped-def]
    """``year_of(criteria, results, **more)``: a validated year of the members in
    ``results`` (codes in that order)."""
    def make(criteria: list[dict[str, Any]], results: dict[str, dict[str, Any]],
             **more: Any) -> ScoringYear:
        codes = list(results)
        data = {"cluster": {"name": "Khối thi đua số 9", "place": "Gia Lai", "year": 2026,
                            "head": codes[0]},
                "members": [member(c) for c in codes], "criteria": criteria,
                "results": results, **more}
        return validate_input(ScoringYear, data, context={"catalog": catalog})

    return make
