"""The cluster's year as people do it, on SQLite and PostgreSQL: members score their own
unit, the khối trưởng reviews and locks, the meeting votes, the organiser drafts the papers
and the records office issues them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from docgen.catalog import load_catalog
from docgen.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from docgen.scoring.result import check
from docgen.services.accounts.identity import Actor
from docgen.services.registry.backup import export, restore
from docgen.services.registry.db import make_engine, session_factory
from docgen.services.registry.papers import Registry
from docgen.services.registry.storage import DiskStore
from docgen.services.scoring.service import ClusterService, Loaded
from tests.clusters.conftest import UNITS
from tests.helpers import load_json_sample

CHAIR = {"title": "Chánh Thanh tra, Khối trưởng", "name": "Thái Văn Mừng"}
SECRETARY = {"title": "Chuyên viên Phòng 15", "name": "Phạm Quốc Đạt"}


def score_all(clusters: ClusterService, year_id: int, example: dict[str, Any],
              person: Callable[..., Actor], version: int) -> int:
    """Each member scores its row of the example; the version after."""
    for code, row in example["results"].items():
        version = clusters.score(year_id, {"version": version, "member": code, "results": row},
                                 person(code, "clerk")).row.version
    return version


def total(loaded: Loaded, code: str, clusters: ClusterService) -> Any:
    return next(m["total"] for m in check(loaded.year, load_catalog())["members"]
                if m["code"] == code)


def test_a_member_scores_its_own_unit_and_each_result_is_kept(clusters, started, example,
                                                              person):
    tt = person("TT", "clerk")
    done = clusters.score(started.row.id, {"version": 1, "member": "TT",
                                           "results": example["results"]["TT"]}, tt)
    assert done.row.version == 2 and done.row.status == "scoring"
    assert done.year.results["TT"]["2"] is True
    assert {(c.member, c.criterion, c.by, c.reason) for c in done.year.changes} == {
        ("TT", code, "Cán bộ TT (tt-clerk)", "Đơn vị tự chấm") for code in example["results"]["TT"]}
    assert set(done.year.missing()) == {"VP", "P8", "P11", "P15"}
    # Read back from the database: the same document.
    again = clusters.get(started.row.id, person("P8", "clerk"))
    assert again.year.results == done.year.results and again.row.version == 2
    # Corrected before the review, with the reason: both entries stay.
    fixed = clusters.score(started.row.id, {
        "version": 2, "member": "TT", "reason": "Bổ sung kiến nghị được chấp nhận tháng 11",
        "results": {"3": {"value": 5, "evidence": "Văn bản số 45/TT"}}}, tt)
    assert [(c.criterion, c.reason) for c in fixed.year.changes if c.criterion == "3"] == [
        ("3", "Đơn vị tự chấm"), ("3", "Bổ sung kiến nghị được chấp nhận tháng 11")]
    assert fixed.year.results["TT"]["3"].evidence == "Văn bản số 45/TT"


def test_a_member_scoring_another_unit_is_refused(clusters, started, example, person):
    with pytest.raises(ForbiddenError, match="đơn vị mình"):
        clusters.score(started.row.id, {"version": 1, "member": "TT",
                                        "results": example["results"]["TT"]},
                       person("P8", "clerk"))
    with pytest.raises(ForbiddenError):  # a leader does not score
        clusters.score(started.row.id, {"version": 1, "member": "TT",
                                        "results": example["results"]["TT"]},
                       person("TT", "leader"))
    assert clusters.get(started.row.id, person("TT", "clerk")).year.results == {}


def test_an_agency_in_no_cluster_is_told_nothing(clusters, started, person):
    with pytest.raises(NotFoundError):
        clusters.get(started.row.id, person("other", "clerk", "leader", "records"))
    assert clusters.list(person("other", "clerk")) == []
    assert [y.id for y in clusters.list(person("P11", "records"))] == [started.row.id]


def test_a_change_on_an_older_version_is_refused(clusters, started, example, person):
    clusters.score(started.row.id, {"version": 1, "member": "TT",
                                    "results": example["results"]["TT"]}, person("TT", "clerk"))
    with pytest.raises(ConflictError, match="phiên bản 2"):
        clusters.score(started.row.id, {"version": 1, "member": "P8",
                                        "results": example["results"]["P8"]},
                       person("P8", "clerk"))


def test_a_review_changing_a_score_needs_a_comment_and_changes_the_total(
        clusters, started, example, person):
    version = score_all(clusters, started.row.id, example, person, 1)
    head = person("TT", "leader")
    before = clusters.get(started.row.id, head)
    with pytest.raises(InputError) as caught:
        clusters.review(started.row.id, {"version": version, "member": "P8", "criterion": "2",
                                         "value": False}, head)
    assert "chấm khác đơn vị tự chấm thì phải ghi lý do" in str(caught.value.errors)
    # The same value as the unit's own accepts it, without a word.
    reviewed = clusters.review(started.row.id, {
        "version": version, "member": "P8", "criterion": "5", "value": False}, head)
    assert total(reviewed, "P8", clusters) == total(before, "P8", clusters)
    reviewed = clusters.review(started.row.id, {
        "version": reviewed.row.version, "member": "P8", "criterion": "2", "value": False,
        "comment": "Có sai sót bị cấp trên kết luận"}, head)
    assert total(before, "P8", clusters) - total(reviewed, "P8", clusters) == 15
    r = reviewed.year.reviews[-1]
    assert (r.self_, r.review, r.reviewer) == (True, False, "Cán bộ TT (tt-leader)")
    # Only the khối trưởng's unit reviews.
    with pytest.raises(ForbiddenError, match="Khối trưởng"):
        clusters.review(started.row.id, {"version": reviewed.row.version, "member": "VP",
                                         "criterion": "2", "value": True},
                        person("P15", "leader"))
    # The member explains; it no longer scores that criterion itself.
    p8 = person("P8", "clerk")
    explained = clusters.explain(started.row.id, {
        "version": reviewed.row.version, "member": "P8", "criterion": "2",
        "explanation": "Sai sót do lỗi khách quan"}, p8)
    assert explained.year.reviews[-1].explanation == "Sai sót do lỗi khách quan"
    assert explained.year.reviews[-1].review is False  # the review stays in force
    with pytest.raises(ConflictError, match="giải trình"):
        clusters.score(started.row.id, {"version": explained.row.version, "member": "P8",
                                        "results": {"2": True}}, p8)
    with pytest.raises(ForbiddenError):
        clusters.explain(started.row.id, {"version": explained.row.version, "member": "P8",
                                          "criterion": "2", "explanation": "x"},
                         person("VP", "clerk"))


def test_a_locked_year_refuses_a_change(clusters, started, example, person):
    head = person("TT", "leader")
    clusters.score(started.row.id, {"version": 1, "member": "TT",
                                    "results": example["results"]["TT"]}, person("TT", "clerk"))
    with pytest.raises(ConflictError, match="chưa tự chấm đủ"):
        clusters.lock(started.row.id, {"version": 2}, head)
    version = score_all(clusters, started.row.id, {"results": {
        k: v for k, v in example["results"].items() if k != "TT"}}, person, 2)
    version = clusters.review(started.row.id, {
        "version": version, "member": "P8", "criterion": "2", "value": False,
        "comment": "Có sai sót"}, head).row.version
    locked = clusters.lock(started.row.id, {"version": version}, head)
    assert locked.row.status == "locked" and locked.year.locked
    assert locked.year.reviews[-1].final is False and locked.year.reviews[-1].finalised_at
    with pytest.raises(ConflictError, match="đã chốt và khóa"):
        clusters.score(started.row.id, {"version": locked.row.version, "member": "VP",
                                        "results": {"3": 5}}, person("VP", "clerk"))
    with pytest.raises(ConflictError, match="đã chốt và khóa"):
        clusters.review(started.row.id, {"version": locked.row.version, "member": "VP",
                                         "criterion": "3", "value": 5, "comment": "x"}, head)
    assert clusters.get(started.row.id, head).year.results["VP"]["3"] == 1


def _locked(clusters, started, example, person) -> int:
    version = score_all(clusters, started.row.id, example, person, 1)
    return clusters.lock(started.row.id, {"version": version},
                         person("TT", "leader")).row.version


def _meeting(votes: int, attended: list[str] | None = None) -> dict[str, Any]:
    m: dict[str, Any] = {"date": "2026-12-15", "place": "Hội trường tầng 5", "chair": CHAIR,
                         "secretary": SECRETARY, "votes_for_leader": {"TT": votes}}
    if attended is not None:
        m["attended"] = attended
    return m


PROPOSAL = {"award": "co_thi_dua_nganh",
            "to": "Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh Gia Lai"}


def test_the_vote_threshold_met_and_missed(clusters, started, example, person):
    version = _locked(clusters, started, example, person)
    head = person("TT", "leader")
    with pytest.raises(ForbiddenError):  # a member unit does not record the meeting
        clusters.record_meeting(started.row.id, {"version": version, "meeting": _meeting(4)},
                                person("VP", "leader"))
    with pytest.raises(InputError) as caught:  # no threshold in force in 2018
        clusters.record_meeting(started.row.id, {
            "version": version, "meeting": _meeting(4) | {"date": "2018-12-15"}}, head)
    assert caught.value.errors[0].loc == ("meeting", "date")
    assert "không có tỷ lệ phiếu suy tôn áp dụng ngày 15/12/2018" in caught.value.errors[0].msg
    met = clusters.record_meeting(started.row.id, {"version": version, "meeting": _meeting(4),
                                                   "proposal": PROPOSAL}, head)
    vote = check(met.year, load_catalog())["vote"]
    assert (met.row.status, vote["required"], vote["votes"], vote["met"]) == ("met", 4, 4, True)
    missed = clusters.record_meeting(started.row.id, {
        "version": met.row.version, "meeting": _meeting(3, ["TT", "P8", "P11", "P15"])}, head)
    vote = check(missed.year, load_catalog())["vote"]
    assert (vote["required"], vote["votes"], vote["met"]) == (4, 3, False)
    assert missed.year.meeting.attended == ["TT", "P8", "P11", "P15"]
    with pytest.raises(ConflictError, match="chưa đạt số phiếu"):
        clusters.make_proposal(started.row.id, person("organiser", "clerk"))


def test_the_organiser_drafts_the_minutes_and_the_records_office_issues_them(
        clusters, registry, started, example, person, clock):
    version = _locked(clusters, started, example, person)
    clerk = person("organiser", "clerk")
    with pytest.raises(ConflictError, match="ghi kết quả họp"):
        clusters.make_minutes(started.row.id, clerk)
    clusters.record_meeting(started.row.id, {"version": version, "meeting": _meeting(5),
                                             "proposal": PROPOSAL}, person("TT", "leader"))
    with pytest.raises(ForbiddenError, match="cơ quan tổ chức"):
        clusters.make_minutes(started.row.id, person("TT", "clerk"))
    minutes = clusters.make_minutes(started.row.id, clerk)
    assert (minutes.kind, minutes.agency, minutes.status, minutes.complete) == (
        "cluster-minutes", "vks-gia-lai", "draft", True)
    registry.submit(minutes.id, clerk)
    registry.approve(minutes.id, person("organiser", "leader"))
    issued = registry.issue(minutes.id, person("organiser", "records"))
    assert issued.status == "issued" and issued.number is None and issued.verify_code
    proposal = clusters.make_proposal(started.row.id, clerk)
    assert (proposal.kind, proposal.agency, proposal.complete) == (
        "administrative", "vks-gia-lai", False)
    problems = registry.problems(proposal)
    assert [e.loc for e in problems] == [("signer",)]
    linked = clusters.get(started.row.id, clerk).row
    assert (linked.minutes_paper_id, linked.proposal_paper_id) == (minutes.id, proposal.id)


@pytest.mark.slow
def test_a_year_starts_from_the_issued_pledge(clusters, registry, example, person, clock):
    clerk = person("organiser", "clerk")
    pledge = registry.create_draft("pledge", load_json_sample("pledge"), clerk)
    with pytest.raises(InputError) as caught:
        clusters.create({"members": {"TT": "gl-tt", "VP": "gl-vp"}, "pledge": pledge.id,
                         "criteria": example["criteria"]}, clerk)
    assert caught.value.errors[0].msg == (f"văn bản số hiệu {pledge.id} không phải giao ước "
                                          "thi đua đã ban hành")
    registry.submit(pledge.id, clerk)
    registry.approve(pledge.id, person("organiser", "leader"))
    registry.issue(pledge.id, person("organiser", "records"))
    members = {"TT": "gl-tt", "PTCCB": "gl-p15", "VP": "gl-vp", "P8": "gl-p8",
               "P11": "gl-p11"}
    made = clusters.create({"members": members, "pledge": pledge.id,
                            "criteria": example["criteria"]}, clerk)
    assert [m.code for m in made.year.members] == list(members)
    assert (made.year.cluster.head, made.year.cluster.deputy) == ("TT", "PTCCB")
    assert made.row.pledge_paper_id == pledge.id and made.row.name == "Khối thi đua số 2"
    with pytest.raises(ConflictError, match="đã có năm thi đua 2026"):
        clusters.create({"members": members, "pledge": pledge.id,
                         "criteria": example["criteria"]}, clerk)
    # The next year's pledge: without a table, last year's is taken up again.
    nxt = registry.create_draft("pledge", load_json_sample("pledge") | {"year": 2027}, clerk)
    registry.submit(nxt.id, clerk)
    registry.approve(nxt.id, person("organiser", "leader"))
    registry.issue(nxt.id, person("organiser", "records"))
    again = clusters.create({"members": members, "pledge": nxt.id}, clerk)
    assert again.row.year == 2027 and again.year.criteria == made.year.criteria
    with pytest.raises(InputError) as caught:  # no 2025 table to take up
        clusters.create({"members": members, "pledge": pledge.id}, person("organiser", "clerk"))
    assert "chưa có bảng năm 2025" in caught.value.errors[0].msg


def test_members_must_be_agencies_of_the_catalog(clusters, fresh_year, person):
    bad = dict(UNITS) | {"P8": "khong-co"}
    bad.pop("VP")
    with pytest.raises(InputError) as caught:
        clusters.create({"members": bad, "document": fresh_year}, person("organiser", "clerk"))
    assert {e.loc: e.msg for e in caught.value.errors} == {
        ("members", "VP"): "thiếu cơ quan của đơn vị này",
        ("members", "P8"): "không có cơ quan 'khong-co' trong danh mục"}
    with pytest.raises(ForbiddenError):
        clusters.create({"members": UNITS, "document": fresh_year},
                        person("organiser", "records"))


def test_a_backup_carries_the_year_and_its_members(clusters, registry, started, example, person,
                                                   new_db_url, tmp_path):
    scored = clusters.score(started.row.id, {"version": 1, "member": "TT",
                                             "results": example["results"]["TT"]},
                            person("TT", "clerk"))
    archive = tmp_path / "backup.tar.gz"
    counts = export(registry.sessions.kw["bind"], registry.store, archive)
    assert (counts["cluster_years"], counts["cluster_members"]) == (1, 5)
    engine = make_engine(new_db_url(migrated=True))
    try:
        restore(engine, DiskStore(tmp_path / "restored"), archive)
        sessions = session_factory(engine)
        back = ClusterService(sessions, Registry(sessions, DiskStore(tmp_path / "restored")))
        got = back.get(started.row.id, person("TT", "clerk"))
        assert (got.row.version, got.members, got.year) == (2, UNITS, scored.year)
    finally:
        engine.dispose()


def test_a_whole_finished_year_can_be_set_up_and_papered(clusters, example, person):
    """A year scored elsewhere (the contract's example, locked, its meeting held) is kept
    as it is and its minutes drafted at once."""
    clerk = person("organiser", "clerk")
    made = clusters.create({"members": UNITS, "document": example | {"locked": True}}, clerk)
    assert made.row.status == "met"
    assert clusters.make_minutes(made.row.id, clerk).kind == "cluster-minutes"
    with pytest.raises(ConflictError, match="đã chốt và khóa"):
        clusters.score(made.row.id, {"version": 1, "member": "VP", "results": {"3": 2}},
                       person("VP", "clerk"))
