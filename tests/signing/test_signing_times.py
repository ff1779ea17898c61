"""Signature times: stored as aware UTC, shown in Vietnam time, and a paper signed on 31/12
late in the day counts in the year Vietnam's calendar says (SQLite gives the times back
naive: they are read as UTC)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from tests.signing.conftest import P12_PASSWORD
from tests.signing.helpers import signing_office


@pytest.fixture
def stop_clocks(clock_at, monkeypatch):  # type: ignore[no-untyped-def]
    """docgen's clock and the signing time pyHanko writes into the signature, stopped."""
    import pyhanko.sign.signers.pdf_signer as pdf_signer

    def stop(instant: datetime) -> None:
        clock_at(instant)

        class Stopped(datetime):
            @classmethod
            def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
                return instant.astimezone(tz)

        monkeypatch.setattr(pdf_signer, "datetime", Stopped)

    return stop


def sign_and_list(tmp_path, pki):  # type: ignore[no-untyped-def]
    client, approved = signing_office(tmp_path, pki.trust_file(tmp_path))
    paper_id = approved()
    resp = client("leader").post(f"/api/v1/papers/{paper_id}/sign", data={
        "pkcs12": (io.BytesIO(pki.leader.p12()), "khoa.p12"), "password": P12_PASSWORD.decode()})
    assert resp.status_code == 201, resp.json
    listed = client("leader").get(f"/api/v1/papers/{paper_id}/signatures").json["items"]
    return client, paper_id, resp.json, listed


@pytest.mark.slow
def test_signed_at_1739_vietnam_on_31_12_is_issued_that_day(tmp_path, pki, stop_clocks):
    stop_clocks(datetime(2026, 12, 31, 10, 30, tzinfo=UTC))  # 17:30 in Hà Nội
    client, paper_id, signed, listed = sign_and_list(tmp_path, pki)
    assert signed["signed_at"] == listed[0]["signed_at"] == "2026-12-31T17:30:00+07:00"
    app = client("leader").application
    with app.extensions["docgen"].engine.connect() as conn:
        stored = conn.execute(text("SELECT signed_at FROM paper_signatures")).scalar_one()
    assert str(stored).startswith("2026-12-31 10:30:00")  # UTC in the database
    issued = client("records").post(f"/api/v1/papers/{paper_id}/issue", json={"date": "2026-12-31"})
    assert issued.status_code == 200, issued.json


@pytest.mark.slow
def test_signed_at_17_30_utc_on_31_12_is_new_years_day_in_vietnam(tmp_path, pki, stop_clocks):
    stop_clocks(datetime(2026, 12, 31, 17, 30, tzinfo=UTC))  # 00:30 on 01/01/2027 in Hà Nội
    client, paper_id, signed, listed = sign_and_list(tmp_path, pki)
    assert listed[0]["signed_at"] == "2027-01-01T00:30:00+07:00"
    last_year = client("records").post(f"/api/v1/papers/{paper_id}/issue",
                                       json={"date": "2026-12-31"})
    assert last_year.status_code == 409 and "2027" in last_year.json["message"]
    today = client("records").post(f"/api/v1/papers/{paper_id}/issue", json={})
    assert today.status_code == 200 and today.json["date"] == "2027-01-01", today.json


def test_the_migration_turns_stored_vietnam_wall_times_into_utc(tmp_path):
    """Rows written before (SQLite, Vietnam wall time, no offset) are moved to UTC."""
    from alembic import command

    from docgen.services.registry.db import alembic_config, make_engine, upgrade
    from docgen.services.registry.models import PaperSignature
    from docgen.services.registry.signatures import facts_json

    engine = make_engine(f"sqlite:///{tmp_path / 'cu.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0013_certificates_once")
        conn.execute(text(
            "INSERT INTO papers (id, kind, agency, status, title, input_json, year, "
            "created_at, updated_at) VALUES (1, 'award-decision', 'vks-hung-yen', "
            "'approved', 't', '{}', 2026, '2026-12-31 10:00:00', '2026-12-31 10:00:00')"))
        conn.execute(text(
            "INSERT INTO paper_signatures (paper_id, field, signer, cert_sha256, signed_at, "
            "pdf_sha256, actor) VALUES (1, 'signer', 'A', 'x', '2026-12-31 17:30:00.000000', "
            "'y', 'hung')"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT signed_at FROM paper_signatures")).scalar_one() \
            .startswith("2026-12-31 10:30:00")
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        row = s.query(PaperSignature).one()
        assert facts_json(row)["signed_at"] == "2026-12-31T17:30:00+07:00"
