"""Backups round-trip on both databases: papers, certificates, audit, counters and every
other table come back, every /verify/<code> still answers, numbering goes on."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from docgen.config import Settings
from docgen.errors import ConflictError, InputError
from docgen.http.app import create_app
from docgen.services.accounts.service import AccountService
from docgen.services.registry.backup import export, restore
from docgen.services.registry.db import alembic_config, make_engine, session_factory
from docgen.services.registry.models import Certificate
from docgen.services.registry.papers import Registry
from docgen.services.registry.storage import DiskStore
from tests.conftest import CHEAP_HASHING
from tests.helpers import load_json_sample
from tests.registry.conftest import SYS, approve

PASSWORD = "mat-khau-sao-luu"


@pytest.fixture
def filled(registry: Registry, issue_paper, register_certificates):  # type: ignore[no-untyped-def]
    """A registry with an issued-then-revoked decision, an issued directive, a draft and a
    registered certificate batch."""
    decision = issue_paper("award-decision", on=date(2026, 1, 5))
    registry.revoke(decision.id, "nhầm", SYS)
    directive = issue_paper("directive", on=date(2026, 1, 6))
    registry.create_draft("pledge", load_json_sample("pledge"), SYS)
    accounts = AccountService(registry.sessions)
    accounts.add_user("lan", "Nguyễn Thị Lan", "VKSHY", ["clerk"], PASSWORD)
    token = accounts.issue_token("lan").secret
    return [decision, directive], register_certificates(), token


@pytest.fixture
def app_on():  # type: ignore[no-untyped-def]
    """An app over a given database and data folder; its engine is closed after the test."""
    apps = []

    def make(url: str, data_dir: Path):  # type: ignore[no-untyped-def]
        app = create_app(Settings(data_dir=data_dir, database_url=url, secret_key="t",
                                  **CHEAP_HASHING))
        app.config.update(TESTING=True)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["docgen"].close()


@pytest.mark.slow
def test_round_trip_keeps_every_verification_page(registry, filled, new_db_url, app_on,
                                                  register_certificates, tmp_path):
    papers, certificates, token = filled
    archive = tmp_path / "backup.tar.gz"
    counts = export(registry.sessions.kw["bind"], registry.store, archive)
    # audit: the papers' 10 entries, the account added and its token minted
    assert counts == {"counters": 3, "papers": 3, "audit": 12, "certificates": 3,
                      "users": 1, "api_tokens": 1, "paper_signatures": 0, "batches": 0,
                      "batch_chunks": 0, "templates": 0, "template_versions": 0,
                      "rate_limits": 0, "rounds": 0, "round_nominations": 0, "mail_outbox": 0,
                      "cluster_years": 0, "cluster_members": 0,
                      "files": 4}

    target_url, target_dir = new_db_url(migrated=True), tmp_path / "restored"
    engine = make_engine(target_url)
    target = Registry(session_factory(engine), DiskStore(target_dir / "files"))
    try:
        assert restore(engine, target.store, archive) == counts
        client = app_on(target_url, target_dir).test_client()
        for paper in papers:
            page = client.get(f"/verify/{paper.verify_code}")
            assert page.status_code == 200
            assert paper.symbol in page.get_data(as_text=True)
        assert "nhầm" in client.get(f"/verify/{papers[0].verify_code}").get_data(as_text=True)
        for cert in certificates:
            page = client.get(f"/verify/{cert.verify_code}")
            assert page.status_code == 200, cert.recipient
            assert cert.recipient in page.get_data(as_text=True)
        # Accounts came back: the password (argon2) and the token (SHA-256) still work.
        accounts = AccountService(target.sessions)
        assert accounts.authenticate("lan", PASSWORD).name == "Nguyễn Thị Lan"
        assert accounts.user_by_token(token).login == "lan"
        # The stored files came back whole.
        assert target.file(papers[1].id, "pdf", SYS).content == \
            registry.file(papers[1].id, "pdf", SYS).content
        # Numbering, the sổ vàng and the ids go on where they stopped.
        again = target.issue(approve(target, target.create_draft(
            "award-decision", load_json_sample("award-decision"), SYS)).id, SYS,
            on=date(2026, 2, 1))
        assert (again.number, again.id) == (2, 4)
        # Other people (the same ones would be reprints): the sổ vàng continues after 3.
        people = [dict(r, name=f"{r['name']} Mới") for r in
                  load_json_sample("certificate")["recipients"]]
        more = register_certificates(target, recipients=people)
        assert [c.register_number for c in more[3:]] == [4, 5, 6]
        with pytest.raises(ConflictError, match="chỉ khôi phục vào sổ trống"):
            restore(engine, target.store, archive)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_every_table_of_the_database_is_in_the_archive(registry, filled, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    engine = registry.sessions.kw["bind"]
    export(engine, registry.store, archive)
    with tarfile.open(archive) as tar:
        meta = json.loads(tar.extractfile("metadata.json").read())
    assert set(meta["tables"]) == set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert meta["revision"] is not None


@pytest.mark.slow
def test_a_damaged_file_refuses_the_restore_and_writes_nothing(registry, filled, new_db_url,
                                                               tmp_path):
    archive = tmp_path / "backup.tar.gz"
    export(registry.sessions.kw["bind"], registry.store, archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("files/") and member.name.endswith(
                    filled[0][1].pdf_sha256):
                data = data[:-10]
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    engine = make_engine(new_db_url(migrated=True))
    store = DiskStore(tmp_path / "files2")
    try:
        with pytest.raises(InputError, match="bị hỏng"):
            restore(engine, store, damaged)
        with session_factory(engine)() as s:
            assert s.execute(select(Certificate)).first() is None
        assert not (tmp_path / "files2").exists()
    finally:
        engine.dispose()


@pytest.mark.slow
def test_an_archive_of_an_older_schema_is_migrated_on_restore(new_db_url, tmp_path):
    """An archive made at revision 0001 (before the certificates table) restores into
    today's schema through the migrations."""
    from alembic import command

    old = make_engine(new_db_url())
    with old.begin() as conn:
        cfg = alembic_config(old)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO papers (id, kind, agency, status, title, input_json, created_at, "
            "updated_at) VALUES (7, 'directive', 'vkstc', 'draft', 'Chỉ thị', '{}', "
            "'2025-12-01 08:00:00+00:00', '2025-12-01 08:00:00+00:00')")
    archive = tmp_path / "old.tar.gz"
    export(old, DiskStore(tmp_path / "f"), archive)
    old.dispose()
    engine = make_engine(new_db_url(migrated=True))
    try:
        assert restore(engine, DiskStore(tmp_path / "f2"), archive)["papers"] == 1
        assert "certificates" in inspect(engine).get_table_names()
        reg = Registry(session_factory(engine), DiskStore(tmp_path / "f2"))
        assert reg.get(7, SYS).title == "Chỉ thị"
    finally:
        engine.dispose()
