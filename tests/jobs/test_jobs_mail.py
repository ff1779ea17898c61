"""With Celery configured, a paper's notification is sent by a worker (the
``docgen.mail.deliver`` task), not by the web process that took the step; a broker that is
down fails no step, and the mail is sent by a worker's sweep once one runs."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import redis as redis_lib

from docgen.config import Settings
from docgen.services.accounts.service import actor_of
from tests.helpers import load_json_sample
from tests.jobs.conftest import close_app
from tests.mail_server import MailServer

pytestmark = [pytest.mark.redis, pytest.mark.slow]
SECRET = "smtp-Secret-celery-42"


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    with MailServer("docgen", SECRET) as server:
        yield server


@pytest.fixture
def job_settings(job_settings: Settings, smtp: MailServer, db_kind: str) -> Settings:
    # db_kind named here too: pytest 8 does not see the database parameter through a
    # fixture that overrides the one it takes.
    return dataclasses.replace(job_settings, smtp_host="127.0.0.1", smtp_port=smtp.port,
                               smtp_user="docgen", smtp_password=SECRET,
                               smtp_from="docgen@vks.example", smtp_starttls=False,
                               job_lease_seconds=4)


@pytest.fixture
def settings(job_settings: Settings) -> Settings:
    return job_settings


@pytest.fixture
def office(app):  # type: ignore[no-untyped-def]
    services = app.extensions["docgen"]
    for login, roles, address in (("lan", ["clerk"], "lan@vks-hy.example"),
                                  ("hung", ["leader"], "hung@vks-hy.example")):
        services.accounts.add_user(login, login.title(), "vks-hung-yen", roles,
                                   "mat-khau-dai-du", email=address)
    yield services
    close_app(app)


def smtp_env(settings: Settings) -> dict[str, str]:
    return {"DOCGEN_SMTP_HOST": settings.smtp_host, "DOCGEN_SMTP_PORT": str(settings.smtp_port),
            "DOCGEN_SMTP_USER": settings.smtp_user, "DOCGEN_SMTP_PASSWORD": SECRET,
            "DOCGEN_SMTP_FROM": settings.smtp_from, "DOCGEN_SMTP_STARTTLS": "0"}


def test_a_worker_sends_the_mail_of_a_step(office, smtp, start_worker, settings):
    worker = start_worker("w1", **smtp_env(settings))
    lan = actor_of(office.accounts.get("lan"))
    paper = office.registry.create_draft("award-decision", load_json_sample("award-decision"),
                                         lan)
    office.registry.submit(paper.id, lan)
    [mail] = smtp.wait_for(1, timeout=30)
    assert mail.recipients == ["hung@vks-hy.example"]
    assert mail.message["Subject"].startswith("Văn bản chờ duyệt: ")
    assert "docgen.mail.deliver" in worker.text()
    assert SECRET not in worker.text()


def test_a_broker_that_is_down_fails_no_step(office, smtp, start_worker, settings,
                                             monkeypatch, redis_url):
    lan = actor_of(office.accounts.get("lan"))
    paper = office.registry.create_draft("award-decision", load_json_sample("award-decision"),
                                         lan)

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise redis_lib.ConnectionError("broker down")

    monkeypatch.setattr(office.batches.executor.app, "send_task", down)
    office.registry.submit(paper.id, lan)  # does not raise
    assert smtp.received == []
    # A worker started later sends it from its sweep.
    start_worker("w1", **smtp_env(settings))
    [mail] = smtp.wait_for(1, timeout=45)
    assert mail.recipients == ["hung@vks-hy.example"]
