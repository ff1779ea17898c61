"""A session lives only as long as its reason: a sign-out, a new password or disabling the
account ends every copy of its cookie, and a browser left idle (or signed in too long)
signs in again."""

from __future__ import annotations

import pytest

import docgen.http.auth
from docgen.http.auth import accounts
from tests.accounts.conftest import page_token


def _cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app, value: str):  # type: ignore[no-untyped-def]
    """A second browser holding a copy of the cookie (stolen, or a shared computer's)."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def _signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    resp = client.get("/papers/directive")
    assert resp.status_code in (200, 302)
    return resp.status_code == 200


@pytest.fixture
def lan(app, anon, make_user, sign_in):  # type: ignore[no-untyped-def]
    make_user("lan")
    assert sign_in(anon, "lan").status_code == 302
    assert _signed_in(anon)
    return anon


def test_sign_out_ends_every_copy_of_the_session(app, lan):
    copy = _replay(app, _cookie(lan))
    assert _signed_in(copy)
    assert lan.post("/logout", data={"csrf_token": page_token(lan, "/")}).status_code == 302
    assert not _signed_in(copy)
    assert not _signed_in(lan)


def test_a_new_password_ends_the_sessions(app, lan):
    copy = _replay(app, _cookie(lan))
    accounts(app).update("lan", password="mat-khau-moi-hoan-toan")
    assert not _signed_in(lan) and not _signed_in(copy)


def test_disable_then_enable_does_not_bring_the_old_session_back(app, lan):
    cookie = _cookie(lan)
    accounts(app).disable("lan")
    assert not _signed_in(lan)
    accounts(app).update("lan", active=True)
    assert not _signed_in(_replay(app, cookie))


def test_a_new_sign_in_after_sign_out_works(app, lan, sign_in):
    lan.post("/logout", data={"csrf_token": page_token(lan, "/")})
    assert sign_in(lan, "lan").status_code == 302
    assert _signed_in(lan)


def test_an_idle_session_signs_in_again(app, lan, monkeypatch, settings):
    start = docgen.http.auth._clock()
    idle = settings.session_idle_minutes * 60
    monkeypatch.setattr(docgen.http.auth, "_clock", lambda: start + idle - 30)
    assert _signed_in(lan)  # used just in time: the idle time starts again
    monkeypatch.setattr(docgen.http.auth, "_clock", lambda: start + 2 * idle - 60)
    assert _signed_in(lan)
    monkeypatch.setattr(docgen.http.auth, "_clock", lambda: start + 3 * idle)
    assert not _signed_in(lan)


def test_even_a_busy_session_ends_after_the_longest_session(app, lan, monkeypatch, settings):
    start = docgen.http.auth._clock()
    step = settings.session_idle_minutes * 60 - 60
    now = start
    while now + step < start + settings.session_max_hours * 3600:
        now += step
        monkeypatch.setattr(docgen.http.auth, "_clock", lambda t=now: t)
        assert _signed_in(lan)
    monkeypatch.setattr(docgen.http.auth, "_clock",
                        lambda: start + settings.session_max_hours * 3600 + 1)
    assert not _signed_in(lan)


def test_the_idle_timeout_is_a_setting(tmp_path):
    from docgen.config import Settings

    s = Settings.from_env({"DOCGEN_SESSION_IDLE_MINUTES": "15",
                           "DOCGEN_SESSION_MAX_HOURS": "9"})
    assert (s.session_idle_minutes, s.session_max_hours) == (15, 9)
    assert Settings().session_idle_minutes == 30
