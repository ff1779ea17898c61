"""What the scored year gives the faces: the CLI's table, the proposal's data, and a new
year started from the cluster's pledge."""

from __future__ import annotations

import pytest

from docgen.model.pledge import PledgeInput
from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from docgen.scoring.engine import score
from docgen.scoring.from_pledge import member_code, year_from_pledge
from docgen.scoring.proposal import proposal_data
from docgen.scoring.table import table


@pytest.fixture
def scored(example, catalog):  # type: ignore[no-untyped-def]
    return score(validate_input(ScoringYear, example, context={"catalog": catalog}), catalog)


def test_table_lists_members_by_rank_with_sections_and_total(scored):
    lines = table(scored).splitlines()
    assert lines[0].split() == ["Hạng", "Mã", "Đơn", "vị", "I", "II", "III", "Tổng"]
    assert lines[2].split()[:2] == ["1", "TT"] and lines[2].endswith("92")
    assert lines[3].split()[:2] == ["2", "P15"] and lines[3].endswith("70,33")
    assert lines[6].split()[-2:] == ["-5", "39"]
    assert "Đơn vị dẫn đầu: TT - Thanh tra" in table(scored)
    assert "Suy tôn: TT 5/5 phiếu, cần 4 (80 %, Điều 20 Thông tư số 01/2019/TT-VKSTC, " \
           "chưa kiểm chứng): đạt" in table(scored)


def test_table_says_when_the_meeting_must_decide(example, catalog):
    example["results"]["P15"] = dict(example["results"]["TT"])
    year = validate_input(ScoringYear, example, context={"catalog": catalog})
    text = table(score(year, catalog))
    assert "Đơn vị dẫn đầu: chưa xác định (bằng điểm, để cuộc họp quyết định)" in text
    assert "Bằng điểm (92): TT, P15; còn bằng nhau: TT, P15" in text


def test_proposal_data_names_the_leading_unit_and_attaches_the_scores(scored, catalog):
    data = proposal_data(scored, catalog)
    assert data["leader"] == {"code": "TT", "name": scored.year.member("TT").name,
                              "leader": {"title": "Chánh Thanh tra", "name": "Thái Văn Mừng"},
                              "total": 92, "rank": 1, "first_by_score": True}
    assert data["award"]["name"] == "Cờ thi đua ngành Kiểm sát nhân dân"
    assert data["to"].startswith("Hội đồng Thi đua - Khen thưởng")
    assert data["vote"]["met"] is True and data["reason"] is None
    assert [m["code"] for m in data["members"]] == ["TT", "P15", "VP", "P8", "P11"]
    assert data["scores"]["leader"] == "TT"
    assert data["meeting"]["date"] == "2026-12-15"


def test_no_leading_unit_to_propose_when_the_vote_is_short(example, catalog):
    example["meeting"]["votes_for_leader"] = {"TT": 3}
    year = validate_input(ScoringYear, example, context={"catalog": catalog})
    data = proposal_data(score(year, catalog), catalog)
    assert data["leader"] is None
    assert data["reason"] == "đơn vị dẫn đầu chưa đạt số phiếu cần thiết (3/5, cần 4)"


@pytest.mark.parametrize(("unit", "code"), [("Phòng 8", "P8"), ("Văn phòng", "VP"),
                                            ("Thanh tra", "TT"), ("Đội Điều tra", "ĐĐT"),
                                            ("Phòng Kiểm sát (Phòng 11)", "PKSP11")])
def test_member_codes_from_unit_names(unit, code):
    assert member_code(unit) == code


def test_a_year_starts_from_the_pledge(sample, catalog, example):
    pledge = validate_input(PledgeInput, sample("pledge"), context={"catalog": catalog})
    start = year_from_pledge(pledge, criteria=example["criteria"])
    assert start["cluster"] == {"name": "Khối thi đua số 2", "place": "Gia Lai", "year": 2026,
                                "parent": "Viện kiểm sát nhân dân tỉnh Gia Lai",
                                "head": "TT", "deputy": "PTCCB"}
    assert [m["code"] for m in start["members"]] == ["TT", "PTCCB", "VP", "P8", "P11"]
    assert start["members"][3]["leader"] == {"title": "Phó Trưởng phòng", "name": "Phạm Quốc Đạt"}
    # Filled in with results, it is a year the engine scores.
    start["results"] = {m["code"]: example["results"]["VP"] for m in start["members"]}
    year = validate_input(ScoringYear, start, context={"catalog": catalog})
    assert score(year, catalog).leader is None  # everyone equal: for the meeting


def test_same_initials_get_a_number(sample, catalog):
    data = sample("pledge")
    data["members"][3]["unit"] = "Thanh tra 2"
    data["members"][4]["unit"] = "Tổ Thư"
    pledge = validate_input(PledgeInput, data, context={"catalog": catalog})
    assert [m["code"] for m in year_from_pledge(pledge)["members"]] == [
        "TT", "PTCCB", "VP", "TT2", "TT3"]
