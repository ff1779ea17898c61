"""The year: ranks and ties (broken by the table's rule, else left to the meeting), a
review changing a score, a locked year refusing a change, the vote threshold met and
missed; the example of the contract scored, ranked and its leading unit named."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from docgen.errors import ConflictError, InputError
from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from docgen.scoring.engine import change_result, lock, score
from docgen.scoring.result import check

TWO_SECTIONS = [
    {"code": "I", "name": "Chuyên môn", "children": [
        {"code": "1", "name": "a", "type": "count", "points": 1, "max": 10},
        {"code": "2", "name": "b", "type": "pass", "max": 5}]},
    {"code": "II", "name": "Xây dựng đơn vị", "children": [
        {"code": "3", "name": "c", "type": "count", "points": 1, "max": 10},
        {"code": "4", "name": "d", "type": "penalty", "points": 1, "max": 5}]},
]


def test_the_example_scores_ranks_and_names_its_leading_unit(example, catalog):
    year = validate_input(ScoringYear, example, context={"catalog": catalog})
    out = check(year, catalog)
    assert out["leader"] == "TT"
    assert [(m["code"], m["rank"], m["total"]) for m in out["members"]] == [
        ("TT", 1, 92), ("P15", 2, 70.33), ("VP", 3, 61.4), ("P8", 4, 61.33), ("P11", 5, 39)]
    p11 = out["members"][-1]
    assert p11["criteria"]["8"] == -5 and p11["sections"]["III"] == -5  # signed
    assert p11["sections"] == {"I": 19, "II": 25, "III": -5}
    assert out["ties"] == []
    assert out["vote"]["candidate"] == "TT" and out["vote"]["met"] is True
    assert out["vote"]["required"] == 4 and out["vote"]["voters"] == 5


def test_equal_totals_broken_by_the_first_section(year_of, catalog):
    year = year_of(TWO_SECTIONS, {"A": {"1": 3, "2": True, "3": 6, "4": 0},
                                  "B": {"1": 6, "2": True, "3": 3, "4": 0},
                                  "C": {"1": 0, "2": False, "3": 0, "4": 0}})
    s = score(year, catalog)
    assert [(m.code, m.rank) for m in s.members] == [("B", 1), ("A", 2), ("C", 3)]
    assert s.leader == "B"
    assert len(s.ties) == 1 and s.ties[0].broken_by == ("first_section",)
    assert s.ties[0].unresolved == ()


def test_then_by_criteria_at_their_maximum(year_of, catalog):
    # Same totals and same section I; A has criterion 3 at its maximum.
    year = year_of(TWO_SECTIONS, {"A": {"1": 5, "2": True, "3": 10, "4": 5},
                                  "B": {"1": 5, "2": True, "3": 5, "4": 0}})
    s = score(year, catalog)
    assert [m.code for m in s.members] == ["A", "B"] and s.leader == "A"
    assert s.ties[0].broken_by == ("criteria_at_max",)


def test_a_tie_no_rule_breaks_is_left_to_the_meeting(year_of, catalog):
    year = year_of(TWO_SECTIONS, {"A": {"1": 4, "2": True, "3": 4, "4": 0},
                                  "B": {"1": 4, "2": True, "3": 4, "4": 0},
                                  "C": {"1": 1, "2": True, "3": 1, "4": 0}})
    out = check(year, catalog)
    assert out["leader"] is None
    assert [(m["code"], m["rank"]) for m in out["members"]] == [("A", 1), ("B", 1), ("C", 3)]
    assert out["ties"] == [{"total": 13, "members": ["A", "B"], "broken_by": [],
                            "unresolved": [["A", "B"]]}]


def test_the_table_names_its_own_tie_break(year_of, catalog):
    results = {"A": {"1": 3, "2": True, "3": 7, "4": 1}, "B": {"1": 4, "2": True, "3": 5, "4": 0}}
    assert score(year_of(TWO_SECTIONS, results), catalog).leader == "B"  # section I
    year = year_of(TWO_SECTIONS, results, rules={"tie_break": ["fewer_penalties"]})
    assert score(year, catalog).leader == "B"
    year = year_of(TWO_SECTIONS, results, rules={"tie_break": []})
    assert score(year, catalog).leader is None


def test_a_review_changes_the_score(year_of, catalog):
    results = {"A": {"1": 3, "2": True, "3": 0, "4": 0}, "B": {"1": 2, "2": True, "3": 0, "4": 0}}
    before = score(year_of(TWO_SECTIONS, results), catalog)
    assert before.of("A").total == 8 and before.leader == "A"
    review = {"member": "A", "criterion": "2", "self": True, "review": False,
              "comment": "Thiếu minh chứng"}
    open_review = score(year_of(TWO_SECTIONS, results, reviews=[review]), catalog)
    assert open_review.of("A").total == 3 and open_review.leader == "B"
    final = dict(review, explanation="Đã bổ sung minh chứng", final=True)
    closed = score(year_of(TWO_SECTIONS, results, reviews=[final]), catalog)
    assert closed.of("A").total == 8


def test_a_changed_review_needs_its_reason(year_of):
    results = {"A": {"1": 3, "2": True, "3": 0, "4": 0}, "B": {"1": 2, "2": True, "3": 0, "4": 0}}
    with pytest.raises(InputError) as err:
        year_of(TWO_SECTIONS, results, reviews=[
            {"member": "A", "criterion": "2", "self": True, "review": False}])
    assert "phải ghi lý do" in "\n".join(err.value.lines())


RESULTS = {"A": {"1": 3, "2": True, "3": 0, "4": 0}, "B": {"1": 2, "2": True, "3": 0, "4": 0}}
AT = datetime(2026, 12, 10, 9, 30)


def test_a_change_is_kept_with_who_when_and_why(year_of, catalog):
    year = year_of(TWO_SECTIONS, RESULTS)
    changed = change_result(year, "B", "1", 9, by="Thái Văn Mừng", at=AT,
                            reason="Bổ sung 7 kiến nghị được chấp nhận")
    assert score(changed, catalog).of("B").criteria["1"] == 9
    assert [(c.member, c.criterion, c.value, c.by, c.at, c.reason) for c in changed.changes] \
        == [("B", "1", 9, "Thái Văn Mừng", AT, "Bổ sung 7 kiến nghị được chấp nhận")]
    assert year.results["B"]["1"] == 2  # the year given is not touched


def test_a_locked_year_refuses_a_change(year_of):
    year = lock(year_of(TWO_SECTIONS, RESULTS))
    with pytest.raises(ConflictError) as err:
        change_result(year, "B", "1", 9, by="Thái Văn Mừng", at=AT, reason="Sửa")
    assert err.value.message == ("Kết quả chấm điểm thi đua năm 2026 của Khối thi đua số 9 "
                                 "đã chốt và khóa: không sửa được tiêu chí 1 của đơn vị B.")


def test_a_finalised_review_refuses_a_change(year_of):
    year = year_of(TWO_SECTIONS, RESULTS, reviews=[
        {"member": "B", "criterion": "1", "self": 2, "review": 2, "final": 2}])
    with pytest.raises(ConflictError, match="đã chốt"):
        change_result(year, "B", "1", 9, by="x", at=AT, reason="Sửa")


def test_a_change_of_the_wrong_kind_is_an_input_error(year_of):
    with pytest.raises(InputError):
        change_result(year_of(TWO_SECTIONS, RESULTS), "B", "2", 3, by="x", at=AT, reason="y")


def meeting(votes: dict[str, int], **more):
    return {"date": "2026-12-15", "place": "Hội trường", "votes_for_leader": votes,
            "chair": {"title": "Khối trưởng", "name": "Thái Văn Mừng"},
            "secretary": {"title": "Chuyên viên", "name": "Phạm Quốc Đạt"}, **more}


FIVE = {c: {"1": i, "2": True, "3": 0, "4": 0} for i, c in enumerate("ABCDE")}


@pytest.mark.parametrize(("votes", "met"), [(4, True), (5, True), (3, False)])
def test_the_vote_threshold_of_the_catalog(year_of, catalog, votes, met):
    # 80 % of 5 members is 4 votes.
    vote = score(year_of(TWO_SECTIONS, FIVE, meeting=meeting({"E": votes})), catalog).vote
    assert vote is not None
    assert (vote.candidate, vote.required, vote.met) == ("E", 4, met)
    assert vote.threshold.basis == "Điều 20 Thông tư số 01/2019/TT-VKSTC"


def test_the_threshold_is_of_all_members_not_those_present(year_of, catalog):
    year = year_of(TWO_SECTIONS, FIVE, meeting=meeting({"E": 3}, attended=["A", "B", "E"]))
    vote = score(year, catalog).vote
    assert vote is not None and vote.voters == 5 and not vote.met


def test_a_draw_in_the_vote_names_no_candidate(year_of, catalog):
    vote = score(year_of(TWO_SECTIONS, FIVE, meeting=meeting({"D": 2, "E": 2})), catalog).vote
    assert vote is not None and vote.candidate is None and not vote.met


def test_more_votes_than_members_is_refused(year_of):
    with pytest.raises(InputError) as err:
        year_of(TWO_SECTIONS, FIVE, meeting=meeting({"E": 6}))
    assert "nhiều hơn số thành viên" in "\n".join(err.value.lines())


def test_the_vote_rule_follows_the_meetings_date(catalog):
    rules = catalog.scoring
    assert rules.vote_on(date(2020, 12, 15)).verified is True
    # Circular 02/2024 replaced 01/2019: the share it keeps is not confirmed.
    later = rules.vote_on(date(2026, 12, 15))
    assert later.share == Decimal("0.8") and later.verified is False
