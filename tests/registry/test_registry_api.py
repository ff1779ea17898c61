"""The registry over HTTP: drafts, issue, revoke, search, files, and the public
verification page with its PDF check."""

from __future__ import annotations

import io
import re

import pytest

from tests.helpers import approve_via_api, issue_via_api, load_json_sample, pdf_text


@pytest.fixture
def issued(client):  # type: ignore[no-untyped-def]
    return issue_via_api(client, "award-decision", load_json_sample("award-decision"),
                         date="2026-01-05")


def test_draft_then_issue(client, issued):
    assert (issued["status"], issued["number"], issued["symbol"], issued["date"]) == \
        ("issued", 1, "QĐ-VKSHY", "2026-01-05")
    assert len(issued["verify_code"]) == 10


def test_draft_input_errors_carry_their_path(client):
    data = load_json_sample("directive")
    del data["signer"]["name"]
    resp = client.post("/api/v1/papers", json={"kind": "directive", "input": data})
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["input", "signer", "name"]


def test_edit_draft_then_frozen_after_issue(client_as):
    client = client_as(agency="VKSTC")
    paper = client.post("/api/v1/papers", json={"kind": "directive",
                                                "input": load_json_sample("directive")}).json
    data = load_json_sample("directive")
    data["subject"] = "Về phát động thi đua năm 2027"
    edited = client.put(f"/api/v1/papers/{paper['id']}", json={"input": data})
    assert edited.json["input"]["subject"] == "Về phát động thi đua năm 2027"
    approve_via_api(client, paper["id"])
    client.post(f"/api/v1/papers/{paper['id']}/issue")
    assert client.put(f"/api/v1/papers/{paper['id']}", json={"input": data}).status_code == 409


def test_manual_number_conflict_is_409(client, issued):
    other = client.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    approve_via_api(client, other["id"])
    resp = client.post(f"/api/v1/papers/{other['id']}/issue",
                       json={"date": "2026-02-01", "number": 1})
    assert resp.status_code == 409
    assert "đã được dùng" in resp.json["message"]


def test_files_of_an_issued_paper(client, issued):
    pdf = client.get(f"/api/v1/papers/{issued['id']}/file.pdf")
    assert pdf.mimetype == "application/pdf"
    assert "Số: 01/QĐ-VKSHY" in pdf_text(pdf.data)
    docx = client.get(f"/api/v1/papers/{issued['id']}/file.docx")
    assert docx.mimetype.endswith("wordprocessingml.document")
    assert client.get(f"/api/v1/papers/{issued['id']}/file.odt").status_code == 404


def test_search_is_paginated(client, issued):
    page = client.get("/api/v1/papers?kind=award-decision&year=2026&q=Hưng Yên").json
    assert (page["total"], page["pages"], page["items"][0]["id"]) == (1, 1, issued["id"])
    assert client.get("/api/v1/papers?year=abc").status_code == 422


def test_unknown_paper_is_404(client):
    assert client.get("/api/v1/papers/999").status_code == 404


@pytest.mark.slow
def test_verify_page_shows_what_was_issued_and_nothing_private(client, issued):
    page = client.get(f"/verify/{issued['verify_code']}").get_data(as_text=True)
    assert "Quyết định số 15/QĐ-VKSHY" not in page  # issued with its registry number
    assert "Quyết định số 01/QĐ-VKSHY" in page
    assert "Đã ban hành, còn hiệu lực" in page
    assert "Kiểm sát viên trung cấp" not in page  # no positions, no list


def test_verify_page_shows_revocation(client, issued):
    client.post(f"/api/v1/papers/{issued['id']}/revoke", json={"reason": "ban hành nhầm"})
    page = client.get(f"/verify/{issued['verify_code']}").get_data(as_text=True)
    assert "ĐÃ THU HỒI — ban hành nhầm" in page


@pytest.mark.parametrize(("reason", "message"), [
    ("   ", "thiếu lý do thu hồi"),
    ("ghi nhầm\u200b", "ký tự ẩn"),
    ("x" * 2001, "2000"),
])
def test_a_revocation_reason_is_checked_like_every_text(client, issued, reason, message):
    resp = client.post(f"/api/v1/papers/{issued['id']}/revoke", json={"reason": reason})
    assert resp.status_code == 422
    assert [e["loc"][-1] for e in resp.json["errors"]] == ["reason"]
    assert message in resp.json["errors"][0]["msg"]
    assert client.get(f"/api/v1/papers/{issued['id']}").json["status"] == "issued"


def test_unknown_code_is_404(client):
    assert client.get("/verify/ZZZZZZZZZZ").status_code == 404


@pytest.mark.slow
def test_uploaded_pdf_is_checked_against_the_registry(client, issued):
    pdf = client.get(f"/api/v1/papers/{issued['id']}/file.pdf").data
    html = client.get(f"/verify/{issued['verify_code']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def check(data: bytes) -> str:
        return client.post(f"/verify/{issued['verify_code']}", data={
            "csrf_token": token, "file": (io.BytesIO(data), "qd.pdf")},
            content_type="multipart/form-data").get_data(as_text=True)

    # One verdict first (docgen/http/web/verify.py): the issued file, or not.
    assert "Tệp trùng khớp từng byte với bản lưu khi ban hành" in check(pdf)
    assert "Tệp KHÔNG phải bản đã ban hành" in check(pdf[:-10] + b"%%EOF\n   ")


def test_papers_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/papers/{paper_id}/issue" in paths


def test_registered_batch_takes_register_numbers_and_codes(app, client_as):
    from pypdf import PdfReader

    client = client_as(["records"], "VKSTC")  # the sample's agency keeps its register
    data = load_json_sample("certificate")
    del data["register_start"]
    data["registered"] = True
    data["external_decision"] = True  # 125/QĐ-VKSTC is not in this registry
    first = client.post("/api/v1/batches", json=data).json
    app.extensions["docgen"].batches.executor.wait(first["id"], timeout=120)
    # Other people of the same decision: the register continues, 1-3 then 4-6.
    data["recipients"] = [dict(r, name=f"{r['name']} Hai") for r in data["recipients"]]
    second = client.post("/api/v1/batches", json=data).json
    app.extensions["docgen"].batches.executor.wait(second["id"], timeout=120)
    assert client.get(f"/api/v1/batches/{second['id']}").json["state"] == "done"
    pdf = client.get(f"/api/v1/batches/{second['id']}/result").data
    page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Số sổ vàng: 4" in page
    code = re.search(r"\b[0-9A-HJKMNP-TV-Z]{10}\b", page).group(0)
    html = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Ông Nguyễn Văn Bình Hai" in html and "Đã ban hành" in html and ">4<" in html
    assert "quyết định ngoài hệ thống" in html


def test_register_and_register_start_together_are_refused(client):
    data = load_json_sample("certificate")
    data["registered"] = True
    resp = client.post("/api/v1/batches", json=data)
    assert resp.status_code == 422
    assert resp.json["errors"][0]["type"] == "one_numbering"


def _locked_database_error(tmp_path):  # type: ignore[no-untyped-def]
    """The error SQLAlchemy raises when SQLite stays locked by another writer past the
    busy timeout: made for real on a scratch database."""
    import sqlite3

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
    try:
        with engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
    except OperationalError as exc:
        return exc
    finally:
        holder.close()
        engine.dispose()
    raise AssertionError("the scratch database was not locked")


def test_an_issue_refused_by_a_locked_database_is_a_503_and_changes_nothing(
        client, tmp_path, monkeypatch, caplog):
    """A burst of issues can hold SQLite past its wait: the records officer is told to try
    again (503, Retry-After, in Vietnamese), the paper stays approved, the log says why."""
    from docgen.services.registry.papers import Registry

    created = client.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    approve_via_api(client, created["id"])
    error = _locked_database_error(tmp_path)

    def locked(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise error

    monkeypatch.setattr(Registry, "issue", locked)
    resp = client.post(f"/api/v1/papers/{created['id']}/issue", json={})
    assert resp.status_code == 503
    assert resp.headers["Retry-After"].isdigit()
    assert "thử lại" in resp.json["message"]
    assert any("database busy" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    assert client.get(f"/api/v1/papers/{created['id']}").json["status"] == "approved"
