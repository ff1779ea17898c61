"""Administrators do not act unseen: every change to an account or token is in the audit
with the administrator's login and name, and what is done with a token minted for someone
else says who minted it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from docgen.http.auth import accounts
from docgen.http.context import services
from docgen.services.registry.models import AuditEntry
from tests.accounts.conftest import page_token
from tests.helpers import load_json_sample


def _entries(app, *actions: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with services(app).registry.sessions() as s:
        return [e for e in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
                if e.action in actions]


@pytest.fixture
def admin(app, make_user, sign_in):  # type: ignore[no-untyped-def]
    accounts(app).add_user("quantri", "Nguyễn Văn Quản", "VKSTC", ["admin"],
                           "mat-khau-quan-tri-dai")
    make_user("lan", ["clerk"], "VKSHY")
    client = app.test_client()
    assert sign_in(client, "quantri", "mat-khau-quan-tri-dai").status_code == 302
    return client


def _post(client, path: str, **data):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": page_token(client, "/admin/users"), **data})


def test_every_admin_action_is_audited_with_the_admins_name(app, admin):
    assert _post(admin, "/admin/users", login="binh", name="Lê Văn Bình", agency="VKSHY",
                 roles="leader", password="mat-khau-binh-dai").status_code == 302
    minted = _post(admin, "/admin/users/lan/tokens", expires_days="30")
    assert minted.status_code == 201
    token_id = accounts(app).tokens("lan")[0].id
    assert _post(admin, f"/admin/users/lan/tokens/{token_id}/revoke").status_code == 302
    assert _post(admin, "/admin/users/lan/disable").status_code == 302
    entries = _entries(app, "user_add", "token_issue", "token_revoke", "user_disable")
    assert [(e.action, e.actor) for e in entries if e.actor == "quantri"] == [
        ("user_add", "quantri"), ("token_issue", "quantri"), ("token_revoke", "quantri"),
        ("user_disable", "quantri")]
    ours = [e for e in entries if e.actor == "quantri"]
    assert all("Nguyễn Văn Quản" in (e.detail or "") for e in ours)
    assert ours[0].detail.startswith("binh") and ours[0].agency == "vks-hung-yen"
    assert ours[1].detail.startswith(f"lan: mã truy cập số {token_id}")
    assert all(e.ip == "127.0.0.1" for e in ours)
    page = admin.get("/admin/users").get_data(as_text=True)
    log = page.split('id="account-audit"')[1]
    assert "Khóa tài khoản" in log and "Cấp mã truy cập" in log and "Nguyễn Văn Quản" in log


def test_role_and_password_changes_are_audited(app, admin):
    from docgen.services.accounts.service import actor_of

    boss = actor_of(accounts(app).get("quantri"), "10.1.2.3")
    accounts(app).update("lan", roles=["clerk", "leader"], password="mat-khau-moi-cua-lan",
                         by=boss)
    roles, password = _entries(app, "user_roles", "user_password")
    assert (roles.actor, roles.ip, password.actor) == ("quantri", "10.1.2.3", "quantri")
    assert "clerk → clerk,leader" in roles.detail
    assert "mat-khau" not in password.detail  # the password itself is never written


def test_the_command_line_is_audited_as_itself(app):
    accounts(app).add_user("lan", "Trần Thị Lan", "VKSHY", ["clerk"], "mat-khau-cua-lan")
    accounts(app).issue_token("lan")
    added, minted = _entries(app, "user_add", "token_issue")
    assert added.actor.startswith("cli:") and minted.actor.startswith("cli:")
    assert accounts(app).tokens("lan")[0].minted_by is None


def test_what_a_token_minted_by_an_admin_does_says_who_minted_it(app, admin):
    page = _post(admin, "/admin/users/lan/tokens").get_data(as_text=True)
    secret = re.search(r'id="new-token">([^<]+)<', page).group(1)
    assert accounts(app).tokens("lan")[0].minted_by == "quantri"
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    created = api.post("/api/v1/papers", json={"kind": "award-decision",
                                               "input": load_json_sample("award-decision")})
    assert created.status_code == 201
    history = api.get(f"/api/v1/papers/{created.json['id']}").json["history"]
    assert [(h["actor"], h["minted_by"]) for h in history] == [("lan", "quantri")]
    paper_page = admin.get(f"/registry/{created.json['id']}").get_data(as_text=True)
    assert "bằng mã truy cập do Nguyễn Văn Quản (quantri) cấp" in paper_page


def test_a_users_own_token_is_not_marked(app, client):
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": load_json_sample("award-decision")})
    history = client.get(f"/api/v1/papers/{created.json['id']}").json["history"]
    assert history[0]["minted_by"] is None
