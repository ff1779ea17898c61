"""Sign-in attempts are counted per login and address, and per address, in a store every
server process shares (docgen's database by default): two app instances on one data
folder count the same attempts. Guessing at a login from many addresses slows its sign-in
down; it never locks its owner out."""

from __future__ import annotations

import pytest

import docgen.http.auth
from docgen.http.app import create_app
from docgen.http.auth import ADDRESS_LIMITS, SLOW_AFTER, SLOW_MAX_S, accounts
from tests.accounts.conftest import page_token
from tests.conftest import TEST_PASSWORD


def _attempt(client, login: str, password: str, address: str) -> int:  # type: ignore[no-untyped-def]
    return client.post("/login", environ_base={"REMOTE_ADDR": address}, data={
        "login": login, "password": password, "csrf_token": page_token(client)}).status_code


@pytest.fixture
def pauses(monkeypatch) -> list[float]:  # type: ignore[no-untyped-def]
    """The waits sign-in would make, recorded instead of slept."""
    seen: list[float] = []
    monkeypatch.setattr(docgen.http.auth, "_pause", seen.append)
    return seen


@pytest.fixture
def two_processes(app, settings, make_user):  # type: ignore[no-untyped-def]
    """Two app instances on one data folder: two gunicorn workers of one server."""
    make_user("lan")
    other = create_app(settings)
    other.config.update(TESTING=True)
    return app.test_client(), other.test_client()


def test_two_processes_count_the_same_attempts(two_processes):
    first, second = two_processes
    statuses = [_attempt(first if i % 2 else second, "lan", f"sai-{i}", "10.0.0.7")
                for i in range(11)]
    assert statuses == [401] * 10 + [429]
    assert _attempt(first, "lan", TEST_PASSWORD, "10.0.0.7") == 429
    assert _attempt(second, "lan", TEST_PASSWORD, "10.0.0.7") == 429


@pytest.mark.slow
def test_guessing_from_one_address_does_not_lock_the_owner_out(two_processes, pauses):
    first, second = two_processes
    for i in range(12):
        _attempt(first, "lan", f"sai-{i}", "10.0.0.66")
    assert _attempt(second, "lan", TEST_PASSWORD, "10.0.0.8") == 302
    assert pauses == []  # ten failures: not slowed yet


def test_guessing_from_many_addresses_slows_the_login_down(two_processes, pauses):
    first, second = two_processes
    failures = SLOW_AFTER + 6
    for i in range(failures):
        assert _attempt(first if i % 2 else second, "lan", f"sai-{i}",
                        f"10.0.{i % 4}.1") == 401
    assert _attempt(second, "lan", TEST_PASSWORD, "10.0.9.9") == 302  # slower, still in
    assert pauses[-1] == pytest.approx(min(SLOW_MAX_S, 0.5 * (failures - SLOW_AFTER)))
    assert pauses == sorted(pauses)


@pytest.mark.slow
def test_one_address_trying_many_logins_is_refused(two_processes):
    first, second = two_processes
    per_minute = int(ADDRESS_LIMITS[0].split()[0])
    statuses = [_attempt(first if i % 2 else second, f"dang-nhap-{i}", "sai-mat-khau",
                         "10.0.0.99") for i in range(per_minute + 1)]
    assert statuses[:per_minute] == [401] * per_minute and statuses[-1] == 429


def test_memory_storage_can_still_be_chosen(tmp_path, settings):
    from dataclasses import replace

    app = create_app(replace(settings, ratelimit_storage_uri="memory://"))
    accounts(app).add_user("lan", "Lan", "VKSHY", ["clerk"], TEST_PASSWORD)
    client = app.test_client()
    assert [_attempt(client, "lan", f"sai-{i}", "10.0.0.1") for i in range(11)][-1] == 429
