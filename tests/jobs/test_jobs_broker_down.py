"""A broker that does not answer when a job is queued: the caller is told to try again
(503 with Retry-After, in Vietnamese), and the job that could not be sent is not left
queued for ever (it is marked failed with the reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from docgen.config import Settings
from docgen.services.registry.models import Batch
from tests.jobs.conftest import close_app, registered_input

#: Nothing listens on port 1 of this machine.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", secret_key="test", broker_url=DEAD_BROKER)


@pytest.fixture
def down_app(app):  # type: ignore[no-untyped-def]
    yield app
    close_app(app)


def _batches(app) -> list[Batch]:  # type: ignore[no-untyped-def]
    with app.extensions["docgen"].batches.store.sessions() as s:
        return list(s.execute(select(Batch)).scalars())


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/api/v1/batches?format=zip", "/api/v1/certificate/render"])
def test_unreachable_broker_is_503_and_the_job_is_not_left_queued(down_app, records, path):
    resp = records.post(path, json=registered_input(60))
    assert resp.status_code == 503, (resp.status_code, resp.data[:300])
    assert resp.headers["Retry-After"]
    assert "thử lại" in resp.json["message"]
    assert [b.state for b in _batches(down_app)] == ["failed"]
    assert _batches(down_app)[0].error
