"""The cluster's Tờ trình for its leading unit: what it says, from the scored example year
(samples/cluster-scores.json), and that names never become markup."""

from __future__ import annotations

from typing import Any

import pytest

from docgen.compose.cluster_proposal import proposal_input
from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from docgen.scoring.engine import score
from docgen.scoring.proposal import proposal_data
from tests.helpers import load_json_sample

ISSUER = {"name": "Viện kiểm sát nhân dân tỉnh Hưng Yên", "symbol": "VKSHY",
          "place": "Hưng Yên"}


def paper(catalog: Any, example: dict[str, Any]) -> dict[str, Any]:
    year = validate_input(ScoringYear, example, context={"catalog": catalog})
    return proposal_input(proposal_data(score(year, catalog), catalog), ISSUER)


@pytest.fixture
def example() -> dict[str, Any]:
    return load_json_sample("cluster-scores")


def test_the_proposal_cites_the_score_the_rank_and_the_vote(catalog, example):
    out = paper(catalog, example)
    assert (out["type"], out["issuer"]) == ("TTr", ISSUER)
    assert out["subject"].startswith("Đề nghị tặng Cờ thi đua ngành Kiểm sát nhân dân cho "
                                     "đơn vị dẫn đầu ")
    assert out["to"] == [example["proposal"]["to"]]
    paragraphs = out["body"].split("\n\n")
    assert "đạt 92 điểm, xếp thứ 1, được 05/05 thành viên bỏ phiếu suy tôn" in paragraphs[1]
    assert "cần từ 04/05 phiếu" in paragraphs[1]
    assert paragraphs[-1] == "(Có bảng tổng hợp kết quả chấm điểm và biên bản họp kèm theo)"


def test_a_unit_name_with_markup_characters_stays_text(catalog, example):
    leader = next(m for m in example["members"] if m["code"] == "TT")
    leader["name"] = "Thanh tra *1* <b>"
    body = paper(catalog, example)["body"]
    assert r"Thanh tra \*1\* \<b\>" in body and "*1*" not in body.replace(r"\*", "")


def test_nothing_to_propose_while_the_vote_is_short(catalog, example):
    example["meeting"]["votes_for_leader"] = {"TT": 3}
    with pytest.raises(ValueError, match="chưa đạt số phiếu cần thiết"):
        paper(catalog, example)
