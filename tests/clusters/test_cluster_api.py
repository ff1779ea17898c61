"""The cluster's year over HTTP: each role of each unit answered as the service decides,
JSON errors in Vietnamese, the server's totals after every change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clusters.conftest import UNITS
from tests.clusters.test_cluster_service import CHAIR, PROPOSAL, SECRETARY


@pytest.fixture
def people(client_as):  # type: ignore[no-untyped-def]
    """Clients: ``people["TT", "clerk"]``, the organiser's clerk, a stranger."""
    made: dict[tuple[str, str], Any] = {}

    def get(key: tuple[str, str]) -> Any:
        if key not in made:
            unit, role = key
            agency = {"organiser": "vks-gia-lai", "other": "vks-hung-yen"}.get(unit) \
                or UNITS[unit]
            made[key] = client_as([role], agency, login=f"{unit.lower()}-{role}")
        return made[key]

    class People:
        def __getitem__(self, key: tuple[str, str]) -> Any:
            return get(key)

    return People()


@pytest.fixture
def year(people, fresh_year) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = people["organiser", "clerk"].post("/api/v1/clusters",
                                             json={"members": UNITS, "document": fresh_year})
    assert resp.status_code == 201, resp.json
    return resp.json  # type: ignore[no-any-return]


def _score_all(people, year_id: int, example: dict[str, Any], version: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    body: dict[str, Any] = {}
    for code, row in example["results"].items():
        resp = people[code, "clerk"].post(f"/api/v1/clusters/{year_id}/scores", json={
            "version": version, "member": code, "results": row})
        assert resp.status_code == 200, resp.json
        body = resp.json
        version = body["version"]
    return body


def test_scoring_reviewing_and_locking_over_http(people, year, example):
    yid = year["id"]
    assert year["status"] == "scoring" and year["you"]["organiser"] is True
    assert year["you"]["may"] == {"score": False, "review": False, "lock": False,
                                  "meeting": False, "criteria": True, "members": True,
                                  "papers": False}
    # Another member may not score TT: 403 with the reason in Vietnamese.
    refused = people["P8", "clerk"].post(f"/api/v1/clusters/{yid}/scores", json={
        "version": 1, "member": "TT", "results": example["results"]["TT"]})
    assert refused.status_code == 403
    assert refused.json["message"] == "chỉ chấm điểm và giải trình được cho đơn vị mình"
    done = _score_all(people, yid, example, 1)
    assert done["missing"] == {} and done["version"] == 6
    # The same totals and ranks as the stateless check of the same results.
    stateless = {k: v for k, v in example.items() if k not in ("reviews", "meeting")}
    check = people["TT", "clerk"].post("/api/v1/scoring/check", json=stateless).json
    assert done["scores"]["members"] == check["members"]
    assert [(m["code"], m["total"], m["rank"]) for m in done["scores"]["members"]][:2] == [
        ("TT", 92, 1), ("P15", 70.33, 2)]
    # An older version is refused.
    stale = people["TT", "leader"].post(f"/api/v1/clusters/{yid}/reviews", json={
        "version": 5, "member": "P8", "criterion": "2", "value": False, "comment": "x"})
    assert stale.status_code == 409 and "phiên bản 6" in stale.json["message"]
    # The review changing a score: the server's total follows.
    reviewed = people["TT", "leader"].post(f"/api/v1/clusters/{yid}/reviews", json={
        "version": 6, "member": "P8", "criterion": "2", "value": False,
        "comment": "Có sai sót bị cấp trên kết luận"})
    assert reviewed.status_code == 200, reviewed.json
    p8 = {m["code"]: m for m in reviewed.json["scores"]["members"]}["P8"]
    before = {m["code"]: m for m in done["scores"]["members"]}["P8"]
    assert before["criteria"]["2"] - p8["criteria"]["2"] == 15
    assert reviewed.json["you"]["may"]["review"] is True
    missing_comment = people["TT", "leader"].post(f"/api/v1/clusters/{yid}/reviews", json={
        "version": 7, "member": "VP", "criterion": "2", "value": False})
    assert missing_comment.status_code == 422
    assert "phải ghi lý do" in missing_comment.json["errors"][0]["msg"]
    locked = people["TT", "leader"].post(f"/api/v1/clusters/{yid}/lock", json={"version": 7})
    assert locked.status_code == 200 and locked.json["status"] == "locked"
    after = people["VP", "clerk"].post(f"/api/v1/clusters/{yid}/scores", json={
        "version": 8, "member": "VP", "results": {"3": 5}})
    assert after.status_code == 409 and "đã chốt và khóa" in after.json["message"]


def test_the_meeting_vote_and_the_papers_over_http(people, year, example):
    yid = year["id"]
    done = _score_all(people, yid, example, 1)
    head = people["TT", "leader"]
    v = head.post(f"/api/v1/clusters/{yid}/lock", json={"version": done["version"]}).json[
        "version"]
    meeting = {"date": "2026-12-15", "place": "Hội trường", "chair": CHAIR,
               "secretary": SECRETARY, "votes_for_leader": {"TT": 3}}
    missed = head.put(f"/api/v1/clusters/{yid}/meeting",
                      json={"version": v, "meeting": meeting, "proposal": PROPOSAL})
    assert missed.status_code == 200, missed.json
    assert missed.json["scores"]["vote"]["met"] is False
    clerk = people["organiser", "clerk"]
    refused = clerk.post(f"/api/v1/clusters/{yid}/proposal")
    assert refused.status_code == 409 and "chưa đạt số phiếu cần thiết" in refused.json["message"]
    met = head.put(f"/api/v1/clusters/{yid}/meeting", json={
        "version": missed.json["version"], "meeting": meeting | {"votes_for_leader": {"TT": 4}}})
    assert met.json["scores"]["vote"] | {"basis": None} == {
        "candidate": "TT", "votes": 4, "voters": 5, "required": 4, "share": 0.8,
        "of": "members", "met": True, "basis": None, "verified": False}
    assert people["TT", "clerk"].post(f"/api/v1/clusters/{yid}/minutes").status_code == 403
    minutes = clerk.post(f"/api/v1/clusters/{yid}/minutes")
    assert minutes.status_code == 201 and minutes.json["kind"] == "cluster-minutes"
    proposal = clerk.post(f"/api/v1/clusters/{yid}/proposal")
    assert proposal.status_code == 201 and proposal.json["complete"] is False
    paper = clerk.get(f"/api/v1/papers/{proposal.json['paper']}").json
    assert "Cờ thi đua ngành Kiểm sát nhân dân" in paper["input"]["subject"]
    listed = clerk.get("/api/v1/clusters").json["items"][0]
    assert (listed["minutes_paper"], listed["proposal_paper"]) == (
        minutes.json["paper"], proposal.json["paper"])


def test_a_stranger_sees_nothing_and_bad_input_is_a_422(people, year):
    yid = year["id"]
    assert people["other", "clerk"].get(f"/api/v1/clusters/{yid}").status_code == 404
    assert people["other", "clerk"].get("/api/v1/clusters").json["items"] == []
    assert people["P11", "records"].get(f"/api/v1/clusters/{yid}").status_code == 200
    bad = people["TT", "clerk"].post(f"/api/v1/clusters/{yid}/scores", json={
        "version": 1, "member": "TT", "results": {"2": 5}})
    assert bad.status_code == 422
    assert bad.json["errors"][0]["msg"].endswith("tiêu chí định tính cần true hoặc false")
    garbage = people["TT", "clerk"].post(f"/api/v1/clusters/{yid}/scores", data=b"{",
                                         content_type="application/json")
    assert garbage.status_code == 422
    assert people["TT", "clerk"].get("/api/v1/clusters/99999").status_code == 404
