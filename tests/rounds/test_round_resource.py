"""The round kept in the registry (docgen.services.rounds), on SQLite and PostgreSQL: units
propose their own nominations only and only until the meeting is recorded, the council's
office records the meeting and votes, the check is the stateless check's, "Tạo hồ sơ"
makes registry drafts listing exactly who passed, which go through submit, approve and
issue; once the minutes are issued, nominees and votes cannot change."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from docgen.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from docgen.service import check_round
from docgen.services.accounts.identity import Actor
from docgen.services.registry.models import AuditEntry
from docgen.services.registry.papers import Registry
from docgen.services.rounds.service import RoundService
from tests.helpers import load_json_sample

HY = "vks-hung-yen"


def actor(login: str, *roles: str, unit: str | None = None, agency: str = HY) -> Actor:
    return Actor(login=login, name=f"Cán bộ {login}", agency=agency, roles=frozenset(roles),
                 unit=unit)


COUNCIL = actor("thuky", "council")
LEADER = actor("lanhdao", "leader")
RECORDS = actor("vanthu", "records")


def clerk(unit: str | None) -> Actor:
    return actor(f"cv-{unit}", "clerk", unit=unit)


@pytest.fixture
def rounds(registry: Registry) -> RoundService:
    return RoundService(registry.sessions, registry)


def example() -> dict[str, Any]:
    return load_json_sample("council-minutes")


def open_round(rounds: RoundService) -> int:
    ex = example()
    rnd = rounds.create({"year": ex["year"], "title": ex["title"], "council": ex["council"],
                         "proposal": ex["proposal"]}, COUNCIL)
    return rnd.id


def nominate_all(rounds: RoundService, round_id: int) -> list[int]:
    """Each example nomination entered by its own unit's clerk (votes are not theirs)."""
    ids = []
    for n in example()["nominations"]:
        body = {k: v for k, v in n.items() if k != "votes"}
        ids.append(rounds.add_nomination(round_id, body, clerk(n["proposed_by"])).id)
    return ids


def record(rounds: RoundService, round_id: int, ids: list[int], **changes: Any) -> None:
    ex = example()
    version = rounds.get(round_id, COUNCIL).round.version
    votes = [{"nomination": i, "votes": n["votes"]}
             for i, n in zip(ids, ex["nominations"], strict=False)]
    rounds.record_meeting(round_id, {"version": version, "meeting": ex["meeting"],
                                     "votes": votes, **changes}, COUNCIL)


@pytest.mark.slow
def test_the_example_round_makes_drafts_of_exactly_who_passed_and_they_are_issued(
        rounds: RoundService, registry: Registry) -> None:
    round_id = open_round(rounds)
    ids = nominate_all(rounds, round_id)
    record(rounds, round_id, ids)
    view, result = rounds.check(round_id, LEADER)
    expected = check_round(example())
    assert [(r.name, r.passed) for r in result.results] == \
        [(r.name, r.passed) for r in expected.results]
    assert view.round.status == "meeting"

    papers = rounds.make_drafts(round_id, COUNCIL)
    slots = [p.round_slot for p in papers]
    assert slots[0] == "minutes" and "proposal:agency" in slots
    decisions = {p.round_slot: p for p in papers if p.kind == "award-decision"}
    assert decisions, "no decision drafted"
    for slot, paper in decisions.items():
        award = slot.split(":", 1)[1]
        data = json.loads(paper.input_json)
        named = [x["name"] for x in data.get("individuals", []) + data.get("collectives", [])]
        assert named == [r.name for r in expected.passed(award)]
    assert {s.split(":", 1)[1] for s in decisions} <= {r.nomination.award
                                                       for r in expected.passed()}
    assert rounds.get(round_id, LEADER).round.status == "papers"

    # Each draft is the council office's: submitted by it, approved, issued with a number;
    # the minutes and the proposals first.
    def issue(paper_id: int) -> None:
        registry.submit(paper_id, COUNCIL)
        registry.approve(paper_id, LEADER)
        issued = registry.issue(paper_id, RECORDS)
        assert issued.status == "issued" and issued.number is not None

    for paper in papers:
        if paper.kind != "award-decision":
            issue(paper.id)
    minutes = registry.get(papers[0].id, LEADER)
    assert minutes.symbol == "BB-VKSHY"
    assert json.loads(minutes.input_json)["meeting"]["number"] == minutes.number
    proposal = next(registry.get(p.id, LEADER) for p in papers
                    if p.round_slot == "proposal:agency")
    assert proposal.symbol == "TTr-VKSHY"
    assert json.loads(proposal.input_json)["proposal"]["council_number"] == proposal.number
    upward = next(registry.get(p.id, LEADER) for p in papers
                  if p.round_slot == "proposal:higher")  # the example names the VKSTC
    given = json.loads(upward.input_json)["proposal"]
    assert (given["number"], given["date"]) == (upward.number, upward.issued_on.isoformat())
    # Made again: only the decisions, still drafts, refilled; they cite the proposal now.
    again = rounds.make_drafts(round_id, COUNCIL)
    assert [p.id for p in again] == [p.id for p in decisions.values()]
    for paper in again:
        cited = json.loads(paper.input_json)["proposal"]
        assert f"tại Tờ trình số {proposal.number:02d}/TTr-VKSHY" in cited
        issue(paper.id)

    # The minutes are issued: who was nominated and the votes are now what they say.
    for attempt in (
        lambda: rounds.add_nomination(round_id, {k: v for k, v in example()["nominations"][0]
                                                 .items() if k != "votes"}, COUNCIL),
        lambda: rounds.remove_nomination(round_id, ids[0], COUNCIL),
        lambda: record(rounds, round_id, ids),
    ):
        with pytest.raises(ConflictError, match="Biên bản họp Hội đồng số .* đã ban hành"):
            attempt()
    with pytest.raises(ConflictError, match="mọi văn bản của hồ sơ đã trình"):
        rounds.make_drafts(round_id, COUNCIL)


def test_units_propose_their_own_nominations_until_the_meeting(rounds: RoundService) -> None:
    round_id = open_round(rounds)
    first = {k: v for k, v in example()["nominations"][0].items() if k != "votes"}
    p1, p2 = clerk("Phòng 1"), clerk("Phòng 2")
    mine = rounds.add_nomination(round_id, {**first, "proposed_by": None}, p1)
    assert mine.unit == "Phòng 1"  # left out: the clerk's own unit
    with pytest.raises(InputError) as refused:
        rounds.add_nomination(round_id, {**first, "proposed_by": "Phòng 2"}, p1)
    assert refused.value.errors[0].loc == ("proposed_by",)
    assert "Phòng 1" in refused.value.errors[0].msg
    with pytest.raises(ForbiddenError, match="đơn vị mình"):
        rounds.update_nomination(round_id, mine.id, {**first, "proposed_by": "Phòng 2"}, p2)
    with pytest.raises(ForbiddenError, match="đơn vị mình"):
        rounds.remove_nomination(round_id, mine.id, p2)
    with pytest.raises(ForbiddenError, match="chưa gắn với đơn vị"):
        rounds.add_nomination(round_id, first, clerk(None))
    with pytest.raises(ForbiddenError):
        rounds.add_nomination(round_id, first, LEADER)
    with pytest.raises(InputError) as votes:
        rounds.add_nomination(round_id, {**first, "votes": 7}, p1)
    assert votes.value.errors[0].loc == ("votes",)
    with pytest.raises(NotFoundError):
        rounds.add_nomination(round_id, first, actor("kh", "clerk", unit="Phòng 1",
                                                     agency="vkstc"))
    changed = rounds.update_nomination(round_id, mine.id,
                                       {**first, "achievement": "Hoàn thành xuất sắc"}, p1)
    assert json.loads(changed.data_json)["achievement"] == "Hoàn thành xuất sắc"

    record(rounds, round_id, [mine.id])
    with pytest.raises(ConflictError, match="đã ghi kết quả họp"):
        rounds.update_nomination(round_id, mine.id, first, p1)
    with pytest.raises(ConflictError, match="đã ghi kết quả họp"):
        rounds.add_nomination(round_id, first, p1)
    # The council's office still may, until the minutes are issued.
    rounds.remove_nomination(round_id, mine.id, COUNCIL)
    assert rounds.get(round_id, p1).nominations == []


def test_roles_and_agencies(rounds: RoundService) -> None:
    with pytest.raises(ForbiddenError):
        rounds.create({"year": 2026, "title": "Đợt"}, clerk("Phòng 1"))
    round_id = rounds.create({"year": 2026, "title": "Đợt"}, RECORDS).id
    other = actor("khac", "council", "clerk", "leader", "records", agency="vkstc")
    with pytest.raises(NotFoundError):
        rounds.get(round_id, other)
    assert rounds.search(other) == []
    assert [r.id for r, _ in rounds.search(LEADER)] == [round_id]
    assert [r.id for r, _ in rounds.search(actor("qt", "admin", agency="vkstc"))] == [round_id]
    with pytest.raises(ForbiddenError):
        rounds.make_drafts(round_id, RECORDS)  # the records office issues, it does not draft
    with pytest.raises(ForbiddenError):
        rounds.record_meeting(round_id, {}, LEADER)


def test_stale_version_and_what_a_check_lacks(rounds: RoundService,
                                              registry: Registry) -> None:
    round_id = rounds.create({"year": 2026, "title": "Đợt"}, COUNCIL).id
    with pytest.raises(InputError) as lacks:
        rounds.check(round_id, COUNCIL)
    assert {e.loc for e in lacks.value.errors} == {("council",), ("meeting",), ("nominations",)}
    with pytest.raises(InputError) as no_council:
        rounds.record_meeting(round_id, {"version": 1, "meeting": example()["meeting"]},
                              COUNCIL)
    assert no_council.value.errors[0].loc == ("council",)
    rounds.update(round_id, {"version": 1, "council": example()["council"]}, COUNCIL)
    with pytest.raises(ConflictError, match="vừa được người khác sửa"):
        rounds.update(round_id, {"version": 1, "title": "Đợt khác"}, COUNCIL)
    ids = nominate_all(rounds, round_id)
    version = rounds.get(round_id, COUNCIL).round.version
    # Votes for some only: the check names those still without votes.
    rounds.record_meeting(round_id, {"version": version, "meeting": example()["meeting"],
                                     "votes": [{"nomination": ids[0], "votes": 7}]}, COUNCIL)
    with pytest.raises(InputError) as missing:
        rounds.check(round_id, COUNCIL)
    assert ("nominations", 1, "votes") in {e.loc for e in missing.value.errors}
    assert "Lê Quang Huy" in missing.value.errors[0].msg
    # More votes than ballots and written opinions: refused with the nominee's name.
    version = rounds.get(round_id, COUNCIL).round.version
    with pytest.raises(InputError) as over:
        rounds.record_meeting(round_id, {"version": version, "meeting": example()["meeting"],
                                         "votes": [{"nomination": ids[0], "votes": 9}]},
                              COUNCIL)
    assert over.value.errors[0].loc == ("meeting",)
    assert over.value.errors[0].msg.startswith("Nguyễn Thị Hồng Nhung: 9 phiếu đồng ý")
    with pytest.raises(InputError) as unknown:
        rounds.record_meeting(round_id, {"version": version, "meeting": example()["meeting"],
                                         "votes": [{"nomination": 999999, "votes": 1}]},
                              COUNCIL)
    assert unknown.value.errors[0].loc == ("votes", 0, "nomination")
    with registry.sessions() as s:
        actions = [a.action for a in s.execute(select(AuditEntry).where(
            AuditEntry.round_id == round_id).order_by(AuditEntry.id)).scalars()]
    assert actions[:3] == ["round_create", "round_edit", "nomination_add"]
    assert actions.count("nomination_add") == len(ids) and actions[-1] == "round_meeting"
