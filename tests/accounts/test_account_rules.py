"""Account input follows the rules of every text docgen keeps, a token id past any column
is "not found", and nothing a signed-in user is shown is kept by a cache."""

from __future__ import annotations

import pytest

from docgen.errors import InputError, NotFoundError
from docgen.http.auth import accounts
from tests.accounts.conftest import page_token
from tests.conftest import TEST_PASSWORD
from tests.helpers import load_json_sample


@pytest.fixture
def admin(app, make_user, sign_in):  # type: ignore[no-untyped-def]
    make_user("quantri", ["admin"], "VKSTC")
    make_user("lan")
    client = app.test_client()
    assert sign_in(client, "quantri").status_code == 302
    return client


@pytest.mark.parametrize("token_id", [2**31, 2**63, 2**64, 10**30])
def test_a_token_id_past_the_column_is_not_found(app, admin, token_id):
    resp = admin.post(f"/admin/users/lan/tokens/{token_id}/revoke",
                      data={"csrf_token": page_token(admin, "/admin/users")})
    assert resp.status_code == 404
    with pytest.raises(NotFoundError):
        accounts(app).revoke_token("lan", token_id)


@pytest.mark.parametrize("name", ["Trần\x00Lan", "Trần \u202eLan", "L" * 100_000,
                                  "Trần\u200bLan"])
def test_a_name_is_held_to_the_text_rules_of_papers(app, admin, name):
    with pytest.raises(InputError) as caught:
        accounts(app).add_user("binh", name, "VKSHY", ["clerk"], TEST_PASSWORD)
    assert [e.loc for e in caught.value.errors] == [("name",)]
    resp = admin.post("/admin/users", data={
        "login": "binh", "name": name, "agency": "VKSHY", "roles": "clerk",
        "password": TEST_PASSWORD, "csrf_token": page_token(admin, "/admin/users")})
    assert resp.status_code == 422
    assert 'class="field invalid"' in resp.get_data(as_text=True)
    with pytest.raises(InputError):
        accounts(app).update("lan", name=name)


def test_a_name_is_stored_in_nfc(app):
    decomposed = "Tra\u0302\u0300n Thi\u0323 Lan"
    user = accounts(app).add_user("lan2", decomposed, "VKSHY", ["clerk"], TEST_PASSWORD)
    assert user.name == "Trần Thị Lan"


@pytest.mark.slow
def test_signed_in_answers_are_not_cached(app, client, make_user, sign_in):
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": load_json_sample("award-decision")})
    assert created.headers["Cache-Control"] == "no-store"
    for path in (f"/api/v1/papers/{created.json['id']}",
                 f"/api/v1/papers/{created.json['id']}/file.pdf", "/api/v1/papers"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    make_user("binh")
    browser = app.test_client()
    sign_in(browser, "binh")
    for path in ("/", "/registry/", f"/registry/{created.json['id']}"):
        resp = browser.get(path)
        assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store", path
