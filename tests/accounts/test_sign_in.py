"""Sign-in and sign-out in the browser pages: Vietnamese pages, audit of every attempt,
cookie flags, rate limit, no open redirect, disabled accounts, and the security headers."""

from __future__ import annotations

from docgen.config import Settings
from docgen.http.auth import accounts
from docgen.http.context import services
from tests.conftest import CHEAP_HASHING


def _audit(app):  # type: ignore[no-untyped-def]
    """The sign-in entries of the audit (accounts' own changes are audited too)."""
    from sqlalchemy import select

    from docgen.services.registry.models import AuditEntry

    with services(app).registry.sessions() as s:
        return [(e.action, e.actor, e.agency, e.ip) for e in
                s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
                if e.action.startswith(("login", "logout"))]


def test_pages_send_anonymous_visitors_to_the_vietnamese_sign_in_page(anon):
    resp = anon.get("/papers/award-decision")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/login?next=/papers/award-decision"
    page = anon.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page


def test_sign_in_then_out_is_audited_with_agency_and_address(app, anon, make_user, sign_in):
    make_user("lan", ["clerk"], "VKSHY")
    resp = sign_in(anon, "lan", next="/papers/directive")
    assert (resp.status_code, resp.headers["Location"]) == (302, "/papers/directive")
    assert anon.get("/papers/directive").status_code == 200
    from tests.accounts.conftest import page_token

    assert anon.post("/logout", data={"csrf_token": page_token(anon, "/")}).status_code == 302
    assert anon.get("/").status_code == 302
    assert _audit(app) == [("login", "lan", "vks-hung-yen", "127.0.0.1"),
                           ("logout", "lan", "vks-hung-yen", "127.0.0.1")]


def test_wrong_password_is_refused_the_same_way_as_an_unknown_login(app, anon, make_user,
                                                                     sign_in):
    make_user("lan")
    wrong = sign_in(anon, "lan", "sai-mat-khau-roi")
    unknown = sign_in(anon, "khong-co", "sai-mat-khau-roi")
    for resp in (wrong, unknown):
        assert resp.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in resp.get_data(as_text=True)
    assert [a[:2] for a in _audit(app)] == [("login_failed", "lan"),
                                            ("login_failed", "khong-co")]


def test_password_never_reaches_the_log_or_the_database(app, anon, make_user, sign_in,
                                                         caplog):
    make_user("lan", password="mat-khau-rat-bi-mat")
    sign_in(anon, "lan", "mat-khau-sai-bi-mat")
    assert "mat-khau-sai-bi-mat" not in caplog.text
    from docgen.services.registry.models import User

    with services(app).registry.sessions() as s:
        stored = s.query(User).one().password_hash
    assert stored.startswith("$argon2id$") and "mat-khau-rat-bi-mat" not in stored


def test_sign_in_is_rate_limited_with_a_clear_message(anon, make_user, sign_in):
    make_user("lan")
    statuses = [sign_in(anon, "lan", f"doan-sai-so-{i}").status_code for i in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429
    last = sign_in(anon, "lan")  # even the right password waits
    assert last.status_code == 429
    assert "quá nhiều lần" in last.get_data(as_text=True)


def test_next_never_leads_off_the_site(app, make_user, sign_in):
    make_user("lan")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        assert sign_in(app.test_client(), "lan", next=target).headers["Location"] == "/"


def test_a_disabled_account_loses_its_session_and_tokens(app, anon, client_as, make_user,
                                                          sign_in):
    make_user("lan")
    sign_in(anon, "lan")
    api = client_as(["clerk"], login="binh")
    accounts(app).disable("lan")
    accounts(app).disable("binh")
    assert anon.get("/").status_code == 302
    assert api.get("/api/v1/papers").status_code == 401


def test_session_cookie_is_httponly_and_samesite_lax(anon, make_user, sign_in):
    make_user("lan")
    cookie = sign_in(anon, "lan").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_when_served_over_https(tmp_path, make_user):
    from docgen.http.app import create_app

    app = create_app(Settings(data_dir=tmp_path / "d", secret_key="s",
                              public_base_url="https://docgen.vks.example", **CHEAP_HASHING))
    c = app.test_client()
    accounts(app).add_user("lan", "Lan", "VKSHY", ["clerk"], "mat-khau-thu-nghiem")
    from tests.accounts.conftest import page_token

    resp = c.post("/login", data={"login": "lan", "password": "mat-khau-thu-nghiem",
                                  "csrf_token": page_token(c)}, base_url="https://localhost")
    assert "Secure" in resp.headers["Set-Cookie"]
    assert "max-age" in resp.headers["Strict-Transport-Security"]


def test_every_page_sends_the_security_headers(anon, client):
    for c, path in ((anon, "/login"), (anon, "/verify/ZZZZZZZZZZ"), (client, "/"),
                    (client, "/papers/award-decision"), (client, "/api/v1/papers")):
        h = c.get(path).headers
        csp = h["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["X-Frame-Options"] == "DENY"
        assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_verification_page_has_no_clerks_menu_even_when_signed_in(client):
    page = client.get("/verify/ZZZZZZZZZZ").get_data(as_text=True)
    assert "Đăng xuất" not in page and "In hàng loạt" not in page


def test_a_new_installation_says_how_to_make_the_first_account(anon, make_user):
    assert "docgen users add" in anon.get("/login").get_data(as_text=True)
    make_user("lan")
    assert "docgen users add" not in anon.get("/login").get_data(as_text=True)
