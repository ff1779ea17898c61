"""E-mail notifications of a paper's steps, through a real SMTP exchange with a server on
loopback (``tests/mail_server.py``): off by default; returned, submitted, approved and
issued each reach the right people with a Vietnamese subject, the comment and a link;
written in the step's transaction and sent once; the password never logged; a server
that is down fails no step and is tried again later."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from docgen.config import Settings
from docgen.errors import ConflictError
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.service import actor_of
from docgen.services.jobs.mail import MAX_ATTEMPTS, retry_after
from docgen.services.registry.models import MailOutbox, Paper
from docgen.services.registry.notices import message
from docgen.services.root import Services
from tests.conftest import CHEAP_HASHING
from tests.helpers import free_port, load_json_sample
from tests.mail_server import MailServer

HY = "vks-hung-yen"
SECRET = "smtp-Secret-9f3c1a"  # smtplib signs in with ASCII only
BASE = "https://docgen.vks.example"
#: login: (name, agency, roles, address)
PEOPLE = {
    "lan": ("Nguyễn Thị Lan", HY, ["clerk"], "lan@vks-hy.example"),
    "hung": ("Trần Văn Hùng", HY, ["leader"], "hung@vks-hy.example"),
    "hoa": ("Lê Thị Hoa", HY, ["leader"], "hoa@vks-hy.example"),
    "mai": ("Phạm Thị Mai", HY, ["records"], "mai@vks-hy.example"),
    "tu": ("Đỗ Văn Tú", HY, ["leader"], None),  # no address: told nothing
    "quan": ("Vũ Minh Quân", HY, ["admin"], "quan@vks-hy.example"),
    "binh": ("Hồ Văn Bình", "vkstc", ["leader", "records"], "binh@vkstc.example"),
}


def services_with(settings: Settings) -> Services:
    services = Services(settings)
    for login, (name, agency, roles, address) in PEOPLE.items():
        services.accounts.add_user(login, name, agency, roles, "mat-khau-dai-du",
                                   email=address)
    return services


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    with MailServer("docgen", SECRET) as server:
        yield server


def mail_settings(tmp_path: Path, db_url: str, port: int) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=db_url, secret_key="t",
                    public_base_url=BASE, smtp_host="127.0.0.1", smtp_port=port,
                    smtp_user="docgen", smtp_password=SECRET, smtp_from="docgen@vks.example",
                    smtp_starttls=False, **CHEAP_HASHING)


@pytest.fixture
def office(tmp_path: Path, db_url: str, smtp: MailServer) -> Iterator[Services]:
    services = services_with(mail_settings(tmp_path, db_url, smtp.port))
    yield services
    services.close()


def actor(services: Services, login: str):  # type: ignore[no-untyped-def]
    return actor_of(services.accounts.get(login))


def draft(services: Services):  # type: ignore[no-untyped-def]
    return services.registry.create_draft("award-decision", load_json_sample("award-decision"),
                                          actor(services, "lan"))


def outbox(services: Services) -> list[MailOutbox]:
    with services.sessions() as s:
        return list(s.execute(select(MailOutbox).order_by(MailOutbox.id)).scalars())


def by_addr(mails) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {m.recipients[0]: m.message for m in mails}


@pytest.mark.slow
def test_off_by_default_nothing_is_queued_or_sent(tmp_path, db_url, smtp):
    assert not Settings().mail_enabled
    services = services_with(Settings(data_dir=tmp_path / "data", database_url=db_url,
                                      secret_key="t", **CHEAP_HASHING))
    try:
        registry = services.registry
        paper = draft(services)
        registry.submit(paper.id, actor(services, "lan"))
        registry.return_paper(paper.id, actor(services, "hung"), "Sửa căn cứ")
        registry.submit(paper.id, actor(services, "lan"))
        registry.approve(paper.id, actor(services, "hung"))
        assert outbox(services) == []
        assert services.mailer.deliver_due() == 0
        time.sleep(0.3)
        assert smtp.received == []
    finally:
        services.close()


@pytest.mark.slow
def test_each_step_tells_the_right_people_in_vietnamese_with_a_link(office, smtp):
    registry = office.registry
    paper = draft(office)
    link = f"{BASE}/registry/{paper.id}"

    registry.submit(paper.id, actor(office, "lan"))
    got = by_addr(smtp.wait_for(2))
    # The leaders of Hưng Yên with an address; not Tú (none), not Bình (another agency).
    assert sorted(got) == ["hoa@vks-hy.example", "hung@vks-hy.example"]
    msg = got["hung@vks-hy.example"]
    assert msg["Subject"] == f"Văn bản chờ duyệt: {paper.title}"
    body = msg.get_content()
    assert body.startswith("Kính gửi Trần Văn Hùng,")
    assert "Nguyễn Thị Lan đã trình văn bản" in body and link in body
    assert msg["From"] == "docgen@vks.example" and msg["To"] == "hung@vks-hy.example"

    registry.return_paper(paper.id, actor(office, "hung"), "Thiếu căn cứ khen thưởng")
    [returned] = smtp.wait_for(3)[2:]
    assert returned.recipients == ["lan@vks-hy.example"]
    assert returned.message["Subject"] == f"Văn bản bị trả lại: {paper.title}"
    text = returned.message.get_content()
    assert "đã được Trần Văn Hùng trả lại để sửa" in text
    assert "Ý kiến của lãnh đạo: Thiếu căn cứ khen thưởng" in text and link in text

    registry.submit(paper.id, actor(office, "lan"))
    smtp.wait_for(5)
    registry.approve(paper.id, actor(office, "hoa"))
    [approved] = smtp.wait_for(6)[5:]
    assert approved.recipients == ["mai@vks-hy.example"]  # the records office
    assert approved.message["Subject"] == f"Văn bản đã duyệt, chờ ban hành: {paper.title}"

    issued_paper = registry.issue(paper.id, actor(office, "mai"))
    [issued] = smtp.wait_for(7)[6:]
    assert issued.recipients == ["lan@vks-hy.example"]  # the drafter
    ref = f"{issued_paper.number:02d}/{issued_paper.symbol}"
    assert issued.message["Subject"] == f"Văn bản đã ban hành: {ref} – {issued_paper.title}"
    assert f"số {ref}, ngày {issued_paper.issued_on:%d/%m/%Y}" in issued.message.get_content()

    time.sleep(0.5)
    assert len(smtp.received) == 7  # nobody else, nothing twice
    rows = outbox(office)
    assert [r.event for r in rows] == ["submitted", "submitted", "returned", "submitted",
                                       "submitted", "approved", "issued"]
    assert all(r.sent_at is not None and r.next_at is None and r.attempts == 1 for r in rows)


def test_a_refused_step_sends_nothing(office, smtp):
    paper = draft(office)
    with pytest.raises(ConflictError):
        office.registry.approve(paper.id, actor(office, "hung"))  # not submitted yet
    assert outbox(office) == []


@pytest.mark.slow
def test_two_senders_at_once_send_each_mail_once(office, smtp):
    office.registry.on_notice = None  # queued only: the two senders below race for it
    paper = draft(office)
    office.registry.submit(paper.id, actor(office, "lan"))
    assert len(outbox(office)) == 2
    other = Services(office.settings)
    try:
        senders = [threading.Thread(target=s.mailer.deliver_due) for s in (office, other)]
        for t in senders:
            t.start()
        for t in senders:
            t.join(30)
        assert len(smtp.received) == 2
        assert office.mailer.deliver_due() == 0  # sent ones are never sent again
    finally:
        other.close()


@pytest.mark.slow
def test_a_down_server_fails_no_step_and_is_tried_again_later(tmp_path, db_url, caplog):
    caplog.set_level(logging.DEBUG)
    port = free_port()  # nothing listens there yet
    services = services_with(mail_settings(tmp_path, db_url, port))
    try:
        paper = draft(services)
        t0 = time.monotonic()
        services.registry.submit(paper.id, actor(services, "lan"))  # does not raise
        assert time.monotonic() - t0 < 2  # and does not wait for the server
        end = time.monotonic() + 10
        while not any(r.attempts for r in outbox(services)):
            assert time.monotonic() < end, "the first try never happened"
            time.sleep(0.1)
        first, second = outbox(services)
        assert (first.attempts, first.sent_at) == (1, None)
        assert first.error.startswith("ConnectionRefusedError")
        assert first.next_at is not None
        # The server failed: the other mail was not tried in that round (it waits).
        assert second.attempts == 0
        assert services.mailer.due() == [second.id]  # the failed one not before its time

        with MailServer("docgen", SECRET, port=port) as smtp:
            with services.sessions.begin() as s:  # the retry's time has come
                s.execute(update(MailOutbox).values(next_at=MailOutbox.created_at))
            assert services.mailer.deliver_due() == 2
            assert sorted(m.recipients[0] for m in smtp.received) == [
                "hoa@vks-hy.example", "hung@vks-hy.example"]
        assert all(r.sent_at is not None for r in outbox(services))
        assert SECRET not in caplog.text
    finally:
        services.close()


@pytest.mark.slow
def test_the_password_is_never_logged_nor_kept(tmp_path, db_url, caplog):
    caplog.set_level(logging.DEBUG)
    with MailServer("docgen", "another password") as smtp:  # refuses our sign-in
        settings = mail_settings(tmp_path, db_url, smtp.port)
        assert SECRET not in repr(settings)
        services = services_with(settings)
        try:
            paper = draft(services)
            services.registry.on_notice = None
            services.registry.submit(paper.id, actor(services, "lan"))
            assert services.mailer.deliver_due() == 0
            rows = outbox(services)
            assert rows[0].error.startswith("SMTPAuthenticationError: 535")
            assert all(SECRET not in (r.error or "") for r in rows)
        finally:
            services.close()
        # It went to the server, base64-encoded in AUTH PLAIN, and nowhere else.
        assert any(b"AUTH PLAIN" in line for line in smtp.state.wire)
    assert "mail not sent" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.slow
def test_a_mail_is_given_up_after_its_last_try(office, smtp):
    office.registry.on_notice = None
    smtp.state.down = True
    paper = draft(office)
    office.registry.submit(paper.id, actor(office, "lan"))
    for _ in range(MAX_ATTEMPTS):
        with office.sessions.begin() as s:
            s.execute(update(MailOutbox).where(MailOutbox.next_at.is_not(None))
                      .values(next_at=MailOutbox.created_at))
        office.mailer.deliver_due()
    rows = outbox(office)
    # A down server postpones the rest of the round: each row was tried at most once per
    # round, the first MAX_ATTEMPTS times and then no more.
    assert rows[0].attempts == MAX_ATTEMPTS and rows[0].next_at is None
    assert rows[0].error.startswith("SMTPConnectError: 421")
    assert office.mailer.due() == [r.id for r in rows if r.next_at is not None]


def test_retries_back_off_to_an_hour_and_stop_after_about_six_hours():
    waits = [retry_after(n) for n in range(1, MAX_ATTEMPTS)]
    assert waits[:7] == [30, 60, 120, 240, 480, 960, 1920]
    assert max(waits) == 3600
    assert 5 * 3600 < sum(waits) < 7 * 3600


def test_a_subject_is_one_line_whatever_the_title_holds():
    paper = Paper(id=7, title="Quyết định\r\nBcc: x@evil.example", agency=HY, status="submitted")
    subject, body = message(paper, "submitted", Actor("lan", "Lan", HY, frozenset({"clerk"})),
                            f"{BASE}/registry/7", "Hùng")
    assert "\r" not in subject and "\n" not in subject
    assert subject == "Văn bản chờ duyệt: Quyết định Bcc: x@evil.example"


def test_without_a_broker_each_web_process_sends_what_is_due_again(office):
    """The heartbeat thread of the in-process job queue also sends the mail due again
    (with Celery, the workers' sweeps do: tests/jobs/test_jobs_mail.py)."""
    assert office.mailer.deliver_due in office.batches.executor.periodic


@pytest.fixture
def down_port() -> int:
    return free_port()  # nothing listens there


@pytest.fixture
def settings(settings: Settings, down_port: int) -> Settings:
    """The app's settings (tests/conftest.py) with mail on, its server down."""
    return dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=down_port,
                               smtp_user="docgen", smtp_password=SECRET,
                               smtp_starttls=False, public_base_url=BASE)


def test_a_step_over_the_api_answers_at_once_while_the_server_is_down(app, client_as, caplog):
    caplog.set_level(logging.DEBUG)
    clerk, leader = client_as(["clerk"], "VKSHY"), client_as(["leader"], "VKSHY")
    services = app.extensions["docgen"]
    services.accounts.update(leader.login, email="lanhdao@vks-hy.example")
    paper = clerk.post("/api/v1/papers", json={"kind": "award-decision",
                                               "input": load_json_sample("award-decision")})
    assert paper.status_code == 201, paper.json
    t0 = time.monotonic()
    done = clerk.post(f"/api/v1/papers/{paper.json['id']}/submit")
    assert done.status_code == 200 and done.json["status"] == "submitted"
    assert time.monotonic() - t0 < 2
    end = time.monotonic() + 10
    while not any(r.attempts for r in outbox(services)):
        assert time.monotonic() < end, "never tried"
        time.sleep(0.1)
    [row] = outbox(services)
    assert (row.to_addr, row.sent_at) == ("lanhdao@vks-hy.example", None)
    assert row.next_at is not None and row.error.startswith("ConnectionRefusedError")
    assert SECRET not in caplog.text
    services.close()
