"""A database that cannot be written is an outage, not a bug: every change answers 503 with
the reason and Retry-After, /readyz says "not ready", and once the file can be written
again the same server works without a restart."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.http.context import services
from tests.helpers import load_json_sample


def _lock(path: Path) -> None:
    """Make the file unwritable even for root (immutable) or, as a plain user, read-only."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(
                ["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("root without chattr on this file system: a file cannot be locked")
    else:
        path.chmod(0o444)


def _unlock(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o644)


@pytest.fixture
def database(app, settings) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    assert services(app).engine is not None  # created and migrated while it can be written
    path = settings.data_dir / "docgen.sqlite3"
    yield path
    if os.geteuid() == 0:  # whatever the test left, tmp_path must be removable
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        path.chmod(0o644)


def _draft(client):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/papers", json={"kind": "directive",
                                               "input": load_json_sample("directive")})


def test_an_unwritable_database_answers_503_then_recovers_without_restart(
        client_as, anon, app, database):
    client = client_as(agency="VKSTC")
    assert _draft(client).status_code == 201
    _lock(database)
    # The connections opened from now on find the file read-only (the pool's current ones
    # are recycled as a long-running server's are).
    services(app).engine.dispose()
    refused = _draft(client)
    assert refused.status_code == 503, refused.json
    assert "không ghi được" in refused.json["message"]
    assert int(refused.headers["Retry-After"]) > 0
    ready = anon.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["checks"]["database"]["ok"] is False
    assert _draft(client).status_code == 503  # still refused, still not a 500

    _unlock(database)
    assert _draft(client).status_code == 201
    assert anon.get("/readyz").status_code == 200
    assert client.get("/api/v1/papers").json["total"] == 2


def test_a_page_gets_the_reason_too(anon, app, make_user, database):
    from tests.accounts.conftest import page_token
    from tests.conftest import TEST_PASSWORD

    make_user("lan")
    token = page_token(anon)
    _lock(database)
    services(app).engine.dispose()
    resp = anon.post("/login", data={"login": "lan", "password": TEST_PASSWORD,
                                     "csrf_token": token})
    assert resp.status_code == 503
    assert "không ghi được" in resp.get_data(as_text=True)
    _unlock(database)
    resp = anon.post("/login", data={"login": "lan", "password": TEST_PASSWORD,
                                     "csrf_token": token})
    assert resp.status_code == 302


def test_readyz_checks_that_it_can_write(anon, app, database):
    assert anon.get("/readyz").status_code == 200
    _lock(database)
    services(app).engine.dispose()
    body = anon.get("/readyz").json
    assert body["status"] == "not ready"
    assert "readonly" in body["checks"]["database"]["error"].lower()
    _unlock(database)
    assert anon.get("/readyz").json["status"] == "ready"
