"""API tokens: 401 with a JSON error when missing, wrong, expired or revoked; the actor of
the audit trail is the token's owner, whatever X-Docgen-User says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from docgen.http.auth import accounts
from docgen.http.context import services
from docgen.services.registry.models import ApiToken
from tests.helpers import load_json_sample


def test_missing_and_wrong_tokens_are_401_json(anon):
    for headers in ({}, {"Authorization": "Bearer dg_sai"}, {"Authorization": "Basic eDp5"}):
        resp = anon.get("/api/v1/papers", headers=headers)
        assert resp.status_code == 401 and resp.is_json
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        assert resp.json["message"]


def test_expired_and_revoked_tokens_stop_working(app, anon, make_user):
    make_user("lan")
    svc = accounts(app)
    expiring, revoked = svc.issue_token("lan", 1), svc.issue_token("lan")
    with services(app).registry.sessions.begin() as s:
        s.get(ApiToken, expiring.id).expires_at = datetime.now(UTC) - timedelta(seconds=1)
    svc.revoke_token("lan", revoked.id)
    for token in (expiring, revoked):
        resp = anon.get("/api/v1/papers", headers={"Authorization": f"Bearer {token.secret}"})
        assert resp.status_code == 401


def test_only_a_hash_of_the_token_is_stored(app, make_user):
    make_user("lan")
    token = accounts(app).issue_token("lan")
    with services(app).registry.sessions() as s:
        row = s.get(ApiToken, token.id)
    assert token.secret not in (row.token_hash, row.prefix) and len(row.token_hash) == 64


def test_the_audit_actor_is_the_token_owner_not_a_header(app, client):
    resp = client.post("/api/v1/papers", headers={"X-Docgen-User": "admin"},
                       json={"kind": "award-decision",
                             "input": load_json_sample("award-decision")})
    history = client.get(f"/api/v1/papers/{resp.json['id']}").json["history"]
    assert [(h["actor"], h["action"]) for h in history] == [(client.login, "create")]


def test_a_clerk_cannot_draft_in_another_agencys_name(client_as):
    clerk = client_as(["clerk"], "VKSHY")
    resp = clerk.post("/api/v1/papers", json={"kind": "directive",
                                              "input": load_json_sample("directive")})
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["input", "issuer", "symbol"]


@pytest.mark.slow
def test_issuing_before_approval_is_409_with_a_reason(client):
    paper = client.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    resp = client.post(f"/api/v1/papers/{paper['id']}/issue")
    assert resp.status_code == 409 and "duyệt" in resp.json["message"]


def test_only_the_drafting_clerk_edits_and_submits(client_as):
    an, binh = client_as(["clerk"]), client_as(["clerk"])
    paper = an.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    assert binh.post(f"/api/v1/papers/{paper['id']}/submit").status_code == 403
    assert an.post(f"/api/v1/papers/{paper['id']}/submit").status_code == 200


def test_a_returned_paper_goes_back_to_its_clerk_with_the_comment(client_as):
    clerk, leader = client_as(["clerk"]), client_as(["leader"])
    paper = clerk.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    clerk.post(f"/api/v1/papers/{paper['id']}/submit")
    assert leader.post(f"/api/v1/papers/{paper['id']}/return", json={}).status_code == 422
    back = leader.post(f"/api/v1/papers/{paper['id']}/return",
                       json={"comment": "Bổ sung căn cứ khen thưởng"})
    assert back.json["status"] == "returned"
    edited = clerk.put(f"/api/v1/papers/{paper['id']}",
                       json={"input": load_json_sample("award-decision")})
    assert edited.json["status"] == "draft"
    history = clerk.get(f"/api/v1/papers/{paper['id']}").json["history"]
    assert ("return", "Bổ sung căn cứ khen thưởng") in [(h["action"], h["detail"])
                                                        for h in history]


def test_search_shows_only_the_agencys_papers_and_admin_sees_all(client_as):
    hy, tc = client_as(["clerk"], "VKSHY"), client_as(["clerk"], "VKSTC")
    admin = client_as(["admin"], "VKSTC")
    hy.post("/api/v1/papers", json={"kind": "award-decision",
                                    "input": load_json_sample("award-decision")})
    tc.post("/api/v1/papers", json={"kind": "directive", "input": load_json_sample("directive")})
    assert [p["kind"] for p in hy.get("/api/v1/papers").json["items"]] == ["award-decision"]
    assert [p["kind"] for p in tc.get("/api/v1/papers").json["items"]] == ["directive"]
    assert admin.get("/api/v1/papers").json["total"] == 2
    assert hy.get("/api/v1/papers?status=bogus").status_code == 422


def test_the_render_api_can_be_opened_to_a_trusted_network(tmp_path):
    from docgen.config import Settings
    from docgen.http.app import create_app

    closed = create_app(Settings(data_dir=tmp_path / "a", secret_key="s")).test_client()
    opened = create_app(Settings(data_dir=tmp_path / "b", secret_key="s",
                                 open_render_api=True)).test_client()
    body = load_json_sample("directive")
    assert closed.post("/api/v1/directive/render?format=docx", json=body).status_code == 401
    assert opened.post("/api/v1/directive/render?format=docx", json=body).status_code == 200
    assert opened.get("/api/v1/papers").status_code == 401  # only the stateless API


def test_an_anonymous_large_render_is_told_to_sign_in_rather_than_given_a_job(tmp_path):
    """With the render API opened, a request too large to render at once would become a job
    whose status and file an anonymous caller could never read: 401 saying why, no job."""
    from sqlalchemy import func, select

    from docgen.config import Settings
    from docgen.http.app import create_app
    from docgen.services.registry.models import Batch

    app = create_app(Settings(data_dir=tmp_path / "a", secret_key="s", open_render_api=True,
                              render_async_certificates=2))
    resp = app.test_client().post("/api/v1/certificate/render",
                                  json=load_json_sample("certificate"))  # 3 certificates
    assert resp.status_code == 401
    assert "đăng nhập" in resp.json["message"] and "3" in resp.json["message"]
    with app.extensions["docgen"].batches.store.sessions() as s:
        assert s.execute(select(func.count()).select_from(Batch)).scalar_one() == 0
