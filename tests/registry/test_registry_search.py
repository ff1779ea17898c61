"""The registry's search finds what clerks type, on SQLite and PostgreSQL alike: the trích
yếu of every kind (composed, not typed: an award decision's "Chiến sĩ thi đua cơ sở" comes
from its award's code), names and units, whatever the case and the diacritics typed
(``q=ngoc``, ``q=đỗ mạnh``, ``q=HƯNG YÊN``); the sổ vàng's search likewise; rows saved
before the search text existed are filled by the migration."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text

from docgen.services.registry.db import alembic_config, make_engine, session_factory, upgrade
from docgen.services.registry.papers import REGISTRABLE, Registry
from docgen.services.registry.registers import find_certificates
from docgen.services.registry.storage import DiskStore
from docgen.vn.numbering import number_ref
from docgen.vn.text import search_key
from tests.helpers import load_json_sample
from tests.registry.conftest import SYS


@pytest.fixture
def every_kind(registry: Registry) -> dict[str, int]:
    """A draft of every registrable kind, from its sample; the award decision names a
    Ngọc too."""
    ids = {}
    for kind in REGISTRABLE:
        data = load_json_sample(kind)
        if kind == "award-decision":
            data["individuals"].append({"name": "Nguyễn Thị Bảo Ngọc", "gender": "nữ",
                                        "position": "Chuyên viên", "unit": "Phòng 15"})
        ids[kind] = registry.create_draft(kind, data, SYS).id
    return ids


def found(registry: Registry, q: str) -> set[str]:
    items, total = registry.search(SYS, q=q, per_page=100)
    assert total == len(items)
    return {p.kind for p in items}


def test_the_composed_trich_yeu_is_found(registry, every_kind):
    decision = registry.get(every_kind["award-decision"], SYS)
    # Typed nowhere: the award's code says it, the composer words it.
    assert "chiến sĩ" not in decision.input_json.casefold()
    assert "award-decision" in found(registry, "Chiến sĩ")
    assert found(registry, "Chiến sĩ") == found(registry, "chien si") == \
        found(registry, "CHIẾN SĨ THI ĐUA") == {"award-decision", "pledge", "minutes",
                                                "resolution", "issuing-decision"}
    # Other kinds' trích yếu: a directive's, an official letter's ("V/v …").
    # (the pledge and the plan cite the directive by its trích yếu)
    assert found(registry, "về phát động phong trào thi đua yêu nước") == \
        {"directive", "pledge", "administrative"}
    assert found(registry, "v/v đề nghị các đơn vị") == {"official-letter"}


@pytest.mark.parametrize("q", ["ngoc", "Ngọc", "NGỌC", "ngọc"])
def test_names_whatever_the_marks_and_case(registry, every_kind, q):
    assert found(registry, q) == {"award-decision", "pledge", "cluster-minutes"}


def test_names_and_units_across_kinds(registry, every_kind):
    assert found(registry, "đỗ mạnh") == found(registry, "do manh") == \
        found(registry, "ĐỖ MẠNH CƯỜNG") == {"award-decision", "award-proposal",
                                             "council-minutes"}
    assert found(registry, "HƯNG YÊN") == found(registry, "hung yen") == \
        {"award-decision", "official-letter", "minutes", "award-proposal", "council-minutes"}
    assert found(registry, "Phòng 15") == {"award-decision", "cluster-minutes"}  # a unit
    # Typed decomposed (a Mac's keyboard): the same letters.
    assert found(registry, unicodedata.normalize("NFD", "Hưng Yên")) == \
        found(registry, "HƯNG YÊN")
    assert found(registry, "không có ở đâu") == set()


def test_the_search_text_follows_the_draft_and_its_issue(registry, every_kind):
    paper_id = every_kind["award-decision"]
    data = load_json_sample("award-decision")
    data["individuals"] = [{"name": "Lường Văn Thắm", "gender": "nam",
                            "position": "Kiểm sát viên", "unit": "Phòng 9"}]
    registry.update_draft(paper_id, data, SYS)
    assert found(registry, "luong van tham") == {"award-decision"}
    assert "award-decision" not in found(registry, "đỗ mạnh")
    registry.submit(paper_id, SYS)
    registry.approve(paper_id, SYS)
    issued = registry.issue(paper_id, SYS)
    # Its number and symbol are in its title now: found by them too.
    assert found(registry, f"số {number_ref(issued.number, issued.symbol).lower()}") == \
        {"award-decision"}
    assert found(registry, "Lường Văn Thắm") == {"award-decision"}


def test_an_incomplete_draft_is_found_by_what_it_holds(registry):
    registry.create_draft("award-decision", {"issuer": {"name": "Viện kiểm sát nhân dân\n"
                                                        "tỉnh Hưng Yên", "symbol": "VKSHY"},
                                             "individuals": [{"name": "Đinh Thị Ngọc Ánh"}]},
                          SYS, incomplete=True)
    assert found(registry, "dinh thi ngoc anh") == {"award-decision"}


def test_certificates_are_found_whatever_the_marks_and_case(registry, register_certificates):
    certs = register_certificates()
    sessions = registry.sessions
    for q in ("lò thị", "LÒ THỊ", "lo thi", unicodedata.normalize("NFD", "Lò Thị")):
        assert [c.recipient for c in find_certificates(sessions, q=q)[0]] == \
            ["Bà Lò Thị Mai"], q
    # The decision (number and symbol) and the issuer: every entry of the batch.
    assert find_certificates(sessions, q="125/qđ-vkstc")[1] == len(certs)
    assert find_certificates(sessions, q="vien kiem sat nhan dan toi cao")[1] == len(certs)


def test_rows_saved_before_the_search_text_are_filled(new_db_url, tmp_path):
    """A paper and a certificate written at 0014 (no search text) are found after the
    upgrade, by the composed trích yếu and a name folded."""
    engine = make_engine(new_db_url())
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0016_mail_notifications")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO papers (kind, agency, status, title, input_json, complete, "
            "created_at, updated_at) VALUES ('award-decision', 'vks-hung-yen', 'draft', "
            "'Quyết định QĐ-VKSHY', :input, :yes, :now, :now)"),
            {"input": json.dumps(load_json_sample("award-decision"), ensure_ascii=False),
             "now": now, "yes": True})
        conn.execute(text(
            "INSERT INTO certificates (agency, register_number, verify_code, recipient, "
            "unit, award, title, issuer, issued_on, status, created_at) VALUES "
            "('vks-hung-yen', 1, 'AAAAAAAAAA', 'Ông Đặng Ngọc Sơn', 'Phòng 1', "
            "'chien_si_thi_dua_co_so', 'Bằng khen', 'VKSHY', :on, 'issued', :now)"),
            {"on": now.date(), "now": now})
    try:
        upgrade(engine)
        reg = Registry(session_factory(engine), DiskStore(tmp_path / "files"))
        assert found(reg, "chien si") == found(reg, "ĐỖ MẠNH") == {"award-decision"}
        assert [c.recipient for c in find_certificates(reg.sessions, q="dang ngoc son")[0]] \
            == ["Ông Đặng Ngọc Sơn"]
    finally:
        engine.dispose()


@pytest.mark.parametrize(("typed", "key"), [
    ("HƯNG YÊN", "hung yen"), ("Đỗ  Mạnh\tCường", "do manh cuong"),
    (unicodedata.normalize("NFD", "Nguyễn Ngọc"), "nguyen ngoc"), ("Ｑｕａｎｇ", "quang"),
])
def test_search_key(typed, key):
    assert search_key(typed) == key


def test_the_registry_page_and_the_api_search_the_same_way(client):
    """Over HTTP: the office's list and ``GET /api/v1/papers?q=`` fold what is typed."""
    data = load_json_sample("award-decision")
    created = client.post("/api/v1/papers", json={"kind": "award-decision", "input": data})
    assert created.status_code == 201
    for q in ("chien si", "ĐỖ MẠNH", "hung yen"):
        found = client.get("/api/v1/papers", query_string={"q": q}).json
        assert [p["id"] for p in found["items"]] == [created.json["id"]], q
        page = client.get("/registry/", query_string={"q": q}).get_data(as_text=True)
        assert f'href="/registry/{created.json["id"]}"' in page, q
    assert client.get("/api/v1/papers", query_string={"q": "ngoc"}).json["total"] == 0
