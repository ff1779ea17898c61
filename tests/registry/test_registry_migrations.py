"""Upgrading a database made by the previous release (schema revision 0002, with papers,
audit entries, counters and registered certificates in it) to the newest schema keeps
every row: papers are found, /verify/<code> answers, numbering goes on."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import MetaData, inspect

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.services.registry import numbering
from docgen.services.registry.db import alembic_config, make_engine, session_factory, upgrade
from docgen.services.registry.papers import Registry
from docgen.services.registry.storage import DiskStore
from tests.helpers import load_json_sample
from tests.registry.conftest import SYS

PREVIOUS_RELEASE = "0002"
AT = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)


def previous_release_database(url: str) -> None:
    """The schema as the previous release left it, filled through that schema's own tables
    (reflected, so the rows carry exactly the columns that existed then)."""
    from alembic import command

    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, PREVIOUS_RELEASE)
        old = MetaData()
        old.reflect(bind=conn)
        t = old.tables
        decision = load_json_sample("award-decision") | {"number": 7, "date": "2026-01-05"}
        conn.execute(t["papers"].insert(), {"id": 1, "kind": "award-decision", "agency": "vks-hung-yen", "status": "issued",
             "title": "Quyết định số 07/QĐ-VKSHY", "input_json": json.dumps(decision),
             "year": 2026, "number": 7, "symbol": "QĐ-VKSHY", "sequence": "shared",
             "issued_on": date(2026, 1, 5), "verify_code": "ABCDEFGH12",
             "created_at": AT, "updated_at": AT, "issued_at": AT})
        conn.execute(t["papers"].insert(), {"id": 2, "kind": "directive", "agency": "vkstc", "status": "draft",
             "title": "Chỉ thị về phát động thi đua",
             "input_json": json.dumps(load_json_sample("directive")),
             "created_at": AT, "updated_at": AT})
        conn.execute(t["audit"].insert(), [
            {"id": 1, "paper_id": 1, "action": "create", "actor": "admin", "at": AT,
             "detail": None},
            {"id": 2, "paper_id": 1, "action": "issue", "actor": "admin", "at": AT,
             "detail": "số 07/QĐ-VKSHY ngày 2026-01-05"},
            {"id": 3, "paper_id": 2, "action": "create", "actor": "admin", "at": AT,
             "detail": None}])
        conn.execute(t["counters"].insert(), [
            {"agency": "vks-hung-yen", "year": 2026, "sequence": "shared", "last": 7},
            {"agency": "vkstc", "year": 0, "sequence": "register", "last": 2}])
        conn.execute(t["certificates"].insert(), [
            {"id": n, "agency": "vkstc", "register_number": n, "verify_code": f"CERT{n:06d}",
             "recipient": name, "award": "bang_khen_vien_truong_vkstc",
             "title": "Bằng khen - Quyết định số 125/QĐ-VKSTC ngày 20 tháng 01 năm 2026",
             "issuer": "Viện kiểm sát nhân dân tối cao", "issued_on": date(2026, 1, 20),
             "batch_id": "b" * 32, "status": "issued", "created_at": AT}
            for n, name in ((1, "Ông Nguyễn Văn Bình"), (2, "Bà Lò Thị Mai"))])
    engine.dispose()


def test_upgrade_from_the_previous_release_keeps_papers_and_certificates(new_db_url, tmp_path):
    db_url = new_db_url()
    previous_release_database(db_url)
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert "alembic_version" in inspect(engine).get_table_names()
        reg = Registry(session_factory(engine), DiskStore(tmp_path / "files"))
        issued = reg.by_code("ABCDEFGH12")
        assert (issued.status, issued.number, issued.symbol, issued.issued_on) == \
            ("issued", 7, "QĐ-VKSHY", date(2026, 1, 5))
        assert json.loads(reg.get(2, SYS).input_json) == load_json_sample("directive")
        assert [a.action for a in reg.audit_of(1, SYS)] == ["create", "issue"]
        certificate = reg.certificates.by_code("cert000002")
        assert (certificate.recipient, certificate.register_number) == ("Bà Lò Thị Mai", 2)
        # The sổ vàng needs the decision: read back from the title the batch wrote.
        assert (certificate.decision_number, certificate.decision_date) == \
            ("125/QĐ-VKSTC", date(2026, 1, 20))
        items, total = reg.search(SYS, q="Chỉ thị")
        assert total == 1 and items[0].id == 2
        with reg.sessions() as s:
            # The counters kept their place: the next decision is 08, the next certificate 3.
            assert numbering.next_number(s, "vks-hung-yen", 2026, "shared", "QĐ-VKSHY") == 8
            counter = numbering.locked_register_counter(s, "vkstc")
            assert numbering.take_register_numbers(counter, 1) == [3]
            s.rollback()
        # The public page still answers for both, from a service on the upgraded database.
        app = create_app(Settings(data_dir=tmp_path, database_url=db_url, secret_key="t"))
        page = app.test_client().get("/verify/ABCDEFGH12").get_data(as_text=True)
        assert "07/QĐ-VKSHY" in page
        assert app.test_client().get("/verify/CERT000001").status_code == 200
        app.extensions["docgen"].close()
    finally:
        engine.dispose()


def test_the_newest_schema_is_what_the_models_say(new_db_url):
    """Every change to the models has its migration: autogenerate finds nothing to add."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from docgen.services.registry.models import Base

    engine = make_engine(new_db_url())  # empty: every migration runs
    try:
        upgrade(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


def test_entries_registered_twice_before_0013_keep_their_numbers_but_count_once(new_db_url):
    """The PDF-then-ZIP double registration made before the rule: both entries stay (their
    papers may be out there), only the first holds the person's key."""
    from alembic import command
    from sqlalchemy import text

    engine = make_engine(new_db_url())
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0012_incomplete_drafts")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for number, code in ((1, "AAAAAAAAAA"), (2, "BBBBBBBBBB"), (3, "CCCCCCCCCC")):
            conn.execute(text(
                "INSERT INTO certificates (agency, register_number, verify_code, recipient, "
                "unit, award, title, issuer, decision_number, decision_date, issued_on, "
                "status, created_at) VALUES ('vks-hung-yen', :n, :code, :who, 'Phòng 1', "
                "'chien_si_thi_dua_co_so', 'Bằng', 'VKSHY', '01/QĐ-VKSHY', :on, :on, "
                "'issued', :now)"),
                {"n": number, "code": code, "on": date(2026, 1, 5), "now": now,
                 "who": "Ông Lê Huy" if number < 3 else "Bà Lò Mai"})
    upgrade(engine)
    with engine.connect() as conn:
        keys = [k for (k,) in conn.execute(text(
            "SELECT recipient_key FROM certificates ORDER BY register_number"))]
    assert keys[0] and keys[1] is None and keys[2] and keys[0] != keys[2]
    engine.dispose()
