"""Editing a year's table of criteria after set-up, on SQLite and PostgreSQL and over
HTTP: the organiser or the khối trưởng changes it until the year is locked; a criterion a
member has scored keeps its code and kind; each change is in the trail; a stale version,
a bad tree, a member clerk and a stranger agency are each refused as the API says."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from docgen.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from docgen.services.accounts.identity import Actor
from docgen.services.scoring.service import ClusterService, Loaded
from tests.clusters.conftest import UNITS
from tests.clusters.test_cluster_api import people, year  # noqa: F401 (fixtures)
from tests.clusters.test_cluster_service import score_all


def _table(loaded: Loaded) -> list[dict[str, Any]]:
    doc = loaded.year.model_dump(mode="json", by_alias=True, exclude_none=True)
    return copy.deepcopy(doc["criteria"])


def _edited(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Section III gets a new bonus criterion 9; criterion 6's maximum goes to 20 and
    criterion 2 is renamed."""
    criteria[0]["children"][1]["name"] = "Không có sai sót, vi phạm bị cấp trên kết luận"
    criteria[1]["children"][2]["max"] = 20
    criteria[2]["children"].append({"code": "9", "name": "Sáng kiến được công nhận",
                                    "type": "bonus", "points": 1, "max": 3})
    return criteria


def test_the_organiser_edits_the_table_before_anyone_scores(
        clusters: ClusterService, started: Loaded, person: Callable[..., Actor]) -> None:
    done = clusters.edit_criteria(started.row.id, {
        "version": 1, "criteria": _edited(_table(started)),
        "reason": "Hội nghị Khối thống nhất bổ sung tiêu chí"}, person("organiser", "clerk"))
    assert done.row.version == 2 and done.row.status == "scoring"
    assert [c.code for c in done.year.leaves()][-1] == "9"
    assert done.year.criterion("6").max == 20
    trail = done.year.setup_changes[-1]
    assert trail.by == "Cán bộ organiser (organiser-clerk)"
    assert trail.reason == "Hội nghị Khối thống nhất bổ sung tiêu chí"
    assert trail.summary == "Thêm 9; sửa 2, 6"
    # Kept: read back from the database.
    again = clusters.get(started.row.id, person("TT", "clerk"))
    assert again.year.criterion("9").type == "bonus"
    assert again.year.missing()["P8"][-1] == "9"  # every member now has it to score


def test_a_scored_criterion_keeps_its_code_and_kind(
        clusters: ClusterService, started: Loaded, example: dict[str, Any],
        person: Callable[..., Actor]) -> None:
    yid = started.row.id
    p8 = clusters.score(yid, {"version": 1, "member": "P8", "results": {"3": 3, "2": True}},
                        person("P8", "clerk"))
    head = person("TT", "leader")  # TT is the khối trưởng
    table = _table(p8)
    table[0]["children"].pop(2)  # criterion 3, scored by P8
    with pytest.raises(ConflictError) as removed:
        clusters.edit_criteria(yid, {"version": 2, "criteria": table}, head)
    assert "tiêu chí 3 đã có đơn vị chấm: không bỏ" in removed.value.message
    table = _table(p8)
    table[0]["children"][1]["type"] = "count"
    table[0]["children"][1]["points"] = 5
    with pytest.raises(ConflictError) as retyped:
        clusters.edit_criteria(yid, {"version": 2, "criteria": table}, head)
    assert "không đổi loại (định tính)" in retyped.value.message
    # Its points may change: the total follows at once.
    table = _table(p8)
    table[0]["children"][2]["points"] = 3
    done = clusters.edit_criteria(yid, {"version": 2, "criteria": table}, head)
    assert done.year.criterion("3").points == 3
    assert done.year.setup_changes[-1].reason == "Sửa bảng tiêu chí"
    # An unscored criterion (5) may go.
    table = _table(done)
    table[1]["children"].pop(1)
    gone = clusters.edit_criteria(yid, {"version": 3, "criteria": table}, head)
    assert "5" not in [c.code for c in gone.year.leaves()]
    assert gone.year.setup_changes[-1].summary == "Bỏ 5; sửa 6"  # 6 moved up


def test_edits_are_refused_as_they_should_be(
        clusters: ClusterService, started: Loaded, example: dict[str, Any],
        person: Callable[..., Actor]) -> None:
    yid, table = started.row.id, _table(started)
    organiser = person("organiser", "clerk")
    # A member's clerk (who may organise in its own agency) is not the organiser here.
    with pytest.raises(ForbiddenError):
        clusters.edit_criteria(yid, {"version": 1, "criteria": table}, person("P8", "clerk"))
    # The khối trưởng's clerk is not its leader (cluster.review).
    with pytest.raises(ForbiddenError):
        clusters.edit_criteria(yid, {"version": 1, "criteria": table}, person("TT", "clerk"))
    with pytest.raises(NotFoundError):
        clusters.edit_criteria(yid, {"version": 1, "criteria": table},
                               person("other", "clerk"))
    with pytest.raises(InputError) as same:
        clusters.edit_criteria(yid, {"version": 1, "criteria": table}, organiser)
    assert same.value.errors[0].msg == "bảng tiêu chí không thay đổi"
    bad = copy.deepcopy(table)
    bad[0]["children"][0].pop("max")
    with pytest.raises(InputError) as missing:
        clusters.edit_criteria(yid, {"version": 1, "criteria": bad}, organiser)
    assert "thiếu điểm tối đa" in str(missing.value.errors[0].msg)
    done = clusters.edit_criteria(yid, {"version": 1, "criteria": _edited(table)}, organiser)
    with pytest.raises(ConflictError) as stale:
        clusters.edit_criteria(yid, {"version": 1, "criteria": table}, organiser)
    assert "phiên bản 2" in stale.value.message
    # Locked: the table is what was scored.
    version = score_all(clusters, yid, {"results": {
        code: row | {"9": 0} for code, row in example["results"].items()}}, person,
        done.row.version)
    clusters.lock(yid, {"version": version}, person("TT", "leader"))
    with pytest.raises(ConflictError) as locked:
        clusters.edit_criteria(yid, {"version": version + 1, "criteria": table}, organiser)
    assert "đã chốt" in locked.value.message


# -- over HTTP ------------------------------------------------------------------------------

def test_the_table_over_http(people: Any, year: dict[str, Any]) -> None:  # noqa: F811
    yid = year["id"]
    url = f"/api/v1/clusters/{yid}/criteria"
    got = people["P8", "clerk"].get(url)
    assert got.status_code == 200
    assert got.json["may_edit"] is False and got.json["scored"] == []
    assert got.json["criteria"][0]["code"] == "I"
    mine = people["organiser", "clerk"].get(url).json
    assert mine["may_edit"] is True
    table = _edited(mine["criteria"])
    assert people["P8", "clerk"].put(url, json={"version": 1, "criteria": table}
                                     ).status_code == 403
    assert people["other", "clerk"].put(url, json={"version": 1, "criteria": table}
                                        ).status_code == 404
    bad = copy.deepcopy(table)
    bad[2]["children"][-1]["type"] = "kind-of"
    refused = people["organiser", "clerk"].put(url, json={"version": 1, "criteria": bad})
    assert refused.status_code == 422
    assert refused.json["errors"][0]["loc"] == ["criteria", 2, "children", 2, "type"]
    assert refused.json["errors"][0]["msg"].startswith("giá trị không hợp lệ; chỉ nhận: "
                                                       "'target', 'pass'")
    dup = copy.deepcopy(table)
    dup[0]["children"].append({"code": "1", "name": "Trùng số", "type": "pass", "max": 5})
    refused = people["organiser", "clerk"].put(url, json={"version": 1, "criteria": dup})
    assert refused.status_code == 422
    assert "số thứ tự tiêu chí '1' bị trùng" in refused.json["errors"][0]["msg"]
    empty = copy.deepcopy(table)
    empty.append({"code": "IV", "name": "Phần mới", "children": []})
    refused = people["organiser", "clerk"].put(url, json={"version": 1, "criteria": empty})
    assert refused.status_code == 422
    assert refused.json["errors"][0]["msg"] == "phần cần ít nhất một tiêu chí"
    assert refused.json["errors"][0]["loc"][:2] == ["criteria", 3]
    ok = people["TT", "leader"].put(url, json={"version": 1, "criteria": table,
                                               "reason": "Theo kết luận hội nghị Khối"})
    assert ok.status_code == 200, ok.json
    assert ok.json["version"] == 2
    assert ok.json["changes"][-1]["by"].endswith("(tt-leader)")
    assert ok.json["changes"][-1]["reason"] == "Theo kết luận hội nghị Khối"
    stale = people["organiser", "clerk"].put(url, json={"version": 1, "criteria": table})
    assert stale.status_code == 409 and "phiên bản 2" in stale.json["message"]
    # The year's scores follow the new table (criterion 9: every member must score it).
    whole = people["P8", "clerk"].get(f"/api/v1/clusters/{yid}").json
    assert whole["missing"]["P8"][-1] == "9"
    assert whole["you"]["may"]["criteria"] is False
    assert len(UNITS) == len(whole["members"])


# -- the members ----------------------------------------------------------------------------

def _members(loaded: Loaded) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json", exclude_none=True) for m in loaded.year.members]


def test_members_change_until_someone_scores(
        clusters: ClusterService, started: Loaded, example: dict[str, Any],
        person: Callable[..., Actor]) -> None:
    yid = started.row.id
    members = [m for m in _members(started) if m["code"] != "P11"]
    agencies = {code: agency for code, agency in UNITS.items() if code != "P11"}
    # The khối trưởng stays a member.
    with pytest.raises(InputError) as head_gone:
        clusters.edit_members(yid, {
            "version": 1, "members": [m for m in members if m["code"] != "TT"],
            "agencies": {k: v for k, v in agencies.items() if k != "TT"}},
            person("organiser", "clerk"))
    assert "không có đơn vị mã" in head_gone.value.errors[0].msg
    with pytest.raises(InputError) as no_agency:
        clusters.edit_members(yid, {"version": 1, "members": members, "agencies": agencies
                                    | {"P8": "khong-co"}}, person("organiser", "clerk"))
    assert no_agency.value.errors[0].msg == "không có cơ quan 'khong-co' trong danh mục"
    with pytest.raises(ForbiddenError):
        clusters.edit_members(yid, {"version": 1, "members": members, "agencies": agencies},
                              person("P8", "clerk"))
    done = clusters.edit_members(yid, {"version": 1, "members": members,
                                       "agencies": agencies,
                                       "reason": "Phòng 11 chuyển sang Khối 3"},
                                 person("TT", "leader"))
    assert [m.code for m in done.year.members] == [m["code"] for m in members]
    assert done.year.setup_changes[-1].summary == "Bỏ đơn vị P11"
    # P11's people no longer see the year; the others still do.
    with pytest.raises(NotFoundError):
        clusters.get(yid, person("P11", "clerk"))
    assert clusters.get(yid, person("P8", "clerk")).members == agencies
    # Once a member has scored, the list is fixed.
    clusters.score(yid, {"version": 2, "member": "P8", "results": {"2": True}},
                   person("P8", "clerk"))
    with pytest.raises(ConflictError) as fixed:
        clusters.edit_members(yid, {"version": 3, "members": _members(started),
                                    "agencies": UNITS}, person("organiser", "clerk"))
    assert "Đã có đơn vị tự chấm điểm" in fixed.value.message


def test_members_over_http(people: Any, year: dict[str, Any]) -> None:  # noqa: F811
    yid = year["id"]
    url = f"/api/v1/clusters/{yid}/members"
    members = [m for m in year["document"]["members"] if m["code"] != "VP"]
    agencies = {k: v for k, v in UNITS.items() if k != "VP"}
    body = {"version": 1, "members": members, "agencies": agencies}
    assert people["P8", "clerk"].put(url, json=body).status_code == 403
    assert people["other", "clerk"].put(url, json=body).status_code == 404
    ok = people["organiser", "clerk"].put(url, json=body)
    assert ok.status_code == 200, ok.json
    assert [m["code"] for m in ok.json["members"]] == [m["code"] for m in members]
    assert people["VP", "clerk"].get(f"/api/v1/clusters/{yid}").status_code == 404
    stale = people["organiser", "clerk"].put(url, json=body)
    assert stale.status_code == 409
