"""The round over the API (/api/v1/rounds…), on SQLite and PostgreSQL: JSON answers with
Vietnamese messages for every refusal (never a 500), another agency's round is 404, a
unit's clerk edits their unit's nominations only, stale versions are 409, the check names
each nomination, and "Tạo hồ sơ" answers 201 with the ids of the registry's drafts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.http.auth import accounts
from docgen.service import check_round
from tests.conftest import CHEAP_HASHING, TEST_PASSWORD
from tests.helpers import load_json_sample


@pytest.fixture
def db_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(Settings(data_dir=tmp_path / "data", database_url=db_url,
                              secret_key="t", **CHEAP_HASHING))
    app.config.update(TESTING=True)
    yield app
    app.extensions["docgen"].close()


@pytest.fixture
def as_user(db_app: Flask) -> Callable[..., FlaskClient]:
    """``as_user("council")`` -> a client with a token of a new user of VKS Hưng Yên."""
    made: dict[str, FlaskClient] = {}

    def make(*roles: str, unit: str | None = None, agency: str = "VKSHY") -> FlaskClient:
        login = f"{'-'.join(roles)}-{len(made)}"
        accounts(db_app).add_user(login, f"Cán bộ {login}", agency, list(roles),
                                  TEST_PASSWORD, unit=unit)
        c = db_app.test_client()
        c.environ_base["HTTP_AUTHORIZATION"] = \
            "Bearer " + accounts(db_app).issue_token(login).secret
        made[login] = c
        return c

    return make


def example() -> dict[str, Any]:
    return load_json_sample("council-minutes")


def without_votes(n: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in n.items() if k != "votes"}


@pytest.mark.slow
def test_a_round_from_opening_to_its_drafts(as_user: Callable[..., FlaskClient]) -> None:
    ex = example()
    council, leader = as_user("council"), as_user("leader")
    made = council.post("/api/v1/rounds", json={"year": 2026, "title": ex["title"],
                                                "council": ex["council"],
                                                "proposal": ex["proposal"]})
    assert made.status_code == 201, made.json
    rid = made.json["id"]
    clerks: dict[str, FlaskClient] = {}
    ids = []
    for n in ex["nominations"]:
        unit = n["proposed_by"]
        c = clerks.setdefault(unit, as_user("clerk", unit=unit))
        resp = c.post(f"/api/v1/rounds/{rid}/nominations", json=without_votes(n))
        assert resp.status_code == 201, resp.json
        assert resp.json["unit"] == unit
        ids.append(resp.json["id"])

    # Another unit's nomination: 403 in Vietnamese; another agency: 404; nonsense: 422.
    other_unit = clerks["Phòng 2"].put(f"/api/v1/rounds/{rid}/nominations/{ids[0]}",
                                       json=without_votes(ex["nominations"][0]))
    assert other_unit.status_code == 403
    assert "đơn vị mình (Phòng 2)" in other_unit.json["message"]
    stranger = as_user("council", "clerk", "leader", "records", agency="VKSTC")
    assert stranger.get(f"/api/v1/rounds/{rid}").status_code == 404
    assert stranger.post(f"/api/v1/rounds/{rid}/drafts").status_code == 404
    bad = clerks["Phòng 1"].post(f"/api/v1/rounds/{rid}/nominations",
                                 json={"award": "khong_co", "person": {"name": ""}})
    assert bad.status_code == 422
    assert {tuple(e["loc"]) for e in bad.json["errors"]} >= {("award",), ("person", "name")}
    assert all(e["msg"] and e["msg"].isascii() is False for e in bad.json["errors"])

    early = leader.get(f"/api/v1/rounds/{rid}/check")
    assert early.status_code == 422
    assert ("meeting",) in {tuple(e["loc"]) for e in early.json["errors"]}

    version = council.get(f"/api/v1/rounds/{rid}").json["version"]
    votes = [{"nomination": i, "votes": n["votes"]}
             for i, n in zip(ids, ex["nominations"], strict=True)]
    stale = council.put(f"/api/v1/rounds/{rid}/meeting",
                        json={"version": version - 1, "meeting": ex["meeting"], "votes": votes})
    assert stale.status_code == 409 and "tải lại trang" in stale.json["message"]
    recorded = council.put(f"/api/v1/rounds/{rid}/meeting",
                           json={"version": version, "meeting": ex["meeting"], "votes": votes})
    assert recorded.status_code == 200, recorded.json
    assert recorded.json["status"] == "meeting"
    assert [n["nomination"]["votes"] for n in recorded.json["nominations"]] == \
        [n["votes"] for n in ex["nominations"]]
    late = clerks["Phòng 1"].post(f"/api/v1/rounds/{rid}/nominations",
                                  json=without_votes(ex["nominations"][0]))
    assert late.status_code == 409 and "đã ghi kết quả họp" in late.json["message"]

    checked = leader.get(f"/api/v1/rounds/{rid}/check")
    assert checked.status_code == 200
    expected = check_round(ex)
    assert [(x["nomination_id"], x["passed"]) for x in checked.json["nominations"]] == \
        [(i, r.passed) for i, r in zip(ids, expected.results, strict=True)]

    assert leader.post(f"/api/v1/rounds/{rid}/drafts").status_code == 403
    drafts = council.post(f"/api/v1/rounds/{rid}/drafts")
    assert drafts.status_code == 201, drafts.json
    papers = drafts.json["papers"]
    assert papers[0]["slot"] == "minutes" and papers[0]["kind"] == "council-minutes"
    for p in papers:
        assert council.get(f"/api/v1/papers/{p['id']}").json["status"] == "draft"
    # Made again before anything is submitted: the same drafts, refilled.
    again = council.post(f"/api/v1/rounds/{rid}/drafts")
    assert [p["id"] for p in again.json["papers"]] == [p["id"] for p in papers]
    page = leader.get(f"/api/v1/rounds/{rid}").json
    assert page["status"] == "papers"
    assert [p["id"] for p in page["papers"]] == [p["id"] for p in papers]
    assert page["history"][-1]["label"] == "Tạo hồ sơ"
    listed = leader.get("/api/v1/rounds?year=2026").json["items"]
    assert [(r["id"], r["nominations"]) for r in listed] == [(rid, len(ids))]


def test_nonsense_is_a_json_4xx_never_a_500(as_user: Callable[..., FlaskClient]) -> None:
    council = as_user("council")
    rid = council.post("/api/v1/rounds", json={"year": 2026, "title": "Đợt"}).json["id"]
    tries = [
        ("post", "/api/v1/rounds", {"data": b"{", "content_type": "application/json"}, 422),
        ("post", "/api/v1/rounds", {"json": []}, 422),
        ("post", "/api/v1/rounds", {"json": {"year": "hai", "title": ""}}, 422),
        ("get", "/api/v1/rounds?year=abc", {}, 422),
        ("get", "/api/v1/rounds/99999999999", {}, 404),
        ("get", "/api/v1/rounds/2147483647/check", {}, 404),
        ("put", f"/api/v1/rounds/{rid}", {"json": {"title": "x"}}, 422),  # no version
        ("put", f"/api/v1/rounds/{rid}/meeting", {"json": {"version": 1}}, 422),
        ("post", f"/api/v1/rounds/{rid}/nominations", {"json": "chuỗi"}, 422),
        ("put", f"/api/v1/rounds/{rid}/nominations/5", {"json": {}}, 404),
        ("delete", f"/api/v1/rounds/{rid}/nominations/0", {}, 404),
        ("post", f"/api/v1/rounds/{rid}/drafts", {}, 422),  # nothing to draft from yet
    ]
    for method, path, kwargs, status in tries:
        resp = getattr(council, method)(path, **kwargs)
        assert resp.status_code == status, (method, path, resp.json)
        assert resp.is_json, (method, path)
        said = [e["msg"] for e in resp.json["errors"]] if status == 422 \
            else [resp.json["message"]]
        assert said and all(said), (method, path, resp.json)
