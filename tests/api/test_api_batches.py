"""The batch API life cycle: 202 with an id, progress to done, the result, errors per row,
and refusals of unusable uploads."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import Workbook
from pypdf import PdfReader


def wait(app, state):  # type: ignore[no-untyped-def]
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)


@pytest.fixture
def client(client_as):  # type: ignore[no-untyped-def]
    """Every role of VKSTC, the certificate sample's issuer: a user prints certificates in
    the name of their own agency only."""
    return client_as(agency="VKSTC")


@pytest.fixture
def meta(sample) -> dict:
    data = sample("certificate")
    del data["recipients"]
    return data


def test_json_batch_life_cycle(app, client, sample):
    resp = client.post("/api/v1/batches", json=sample("certificate"))
    assert resp.status_code == 202
    state = resp.json
    assert state["state"] in ("queued", "running", "done") and state["total"] == 3
    assert resp.headers["Location"].endswith(state["id"])
    wait(app, state)
    done = client.get(f"/api/v1/batches/{state['id']}").json
    assert (done["state"], done["done"], done["produced"], done["rejected"]) == ("done", 3, 3, 0)
    result = client.get(done["links"]["result"])
    assert result.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(result.data)).pages) == 3


def test_zip_output(app, client, sample):
    state = client.post("/api/v1/batches?format=zip", json=sample("certificate")).json
    wait(app, state)
    data = client.get(f"/api/v1/batches/{state['id']}/result").data
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "0001-nguyen-van-binh.pdf"


def test_uploaded_spreadsheet_with_bad_rows(app, client, meta):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Đơn vị"])
    for i in range(1, 51):
        ws.append([i, f"Người {i}", "nam", "Phòng 1"])
    ws["B12"] = None  # row 12: no name
    ws["C30"] = "?"  # row 30: bad gender
    buf = io.BytesIO()
    wb.save(buf)
    resp = client.post("/api/v1/batches", data={
        "file": (io.BytesIO(buf.getvalue()), "danh-sach.xlsx"),
        "meta": json.dumps(meta, ensure_ascii=False)}, content_type="multipart/form-data")
    assert resp.status_code == 202, resp.json
    wait(app, resp.json)
    done = client.get(f"/api/v1/batches/{resp.json['id']}").json
    assert (done["total"], done["produced"], done["rejected"]) == (50, 48, 2)
    assert [(e["row"], e["field"]) for e in done["errors"]] == [(12, "name"), (30, "gender")]


def test_check_reports_rows_without_producing(client, meta):
    csv = "Họ và tên,Giới tính\nAn,nam\n,nữ\n".encode("utf-8-sig")
    resp = client.post("/api/v1/batches/check", data={
        "file": (io.BytesIO(csv), "ds.csv"), "meta": json.dumps(meta, ensure_ascii=False)},
        content_type="multipart/form-data")
    assert resp.status_code == 200
    assert (resp.json["good"], resp.json["rejected"]) == (1, 1)
    assert resp.json["errors"][0] == {"row": 3, "field": "name", "msg": "thiếu họ và tên"}


def test_not_a_spreadsheet_is_a_422(client, meta):
    resp = client.post("/api/v1/batches", data={
        "file": (io.BytesIO(b"MZ\x90\x00 executable"), "ds.xlsx"),
        "meta": json.dumps(meta)}, content_type="multipart/form-data")
    assert resp.status_code == 422
    assert "không phải bảng tính" in resp.json["message"]


def test_upload_without_meta_is_a_422(client):
    resp = client.post("/api/v1/batches", data={"file": (io.BytesIO(b"a"), "ds.csv")},
                       content_type="multipart/form-data")
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["meta"]


@pytest.mark.slow
def test_bad_meta_is_a_422_with_field_paths(client, meta):
    meta["signer"] = {"title": "Viện trưởng"}
    resp = client.post("/api/v1/batches", data={
        "file": (io.BytesIO("Họ và tên\nAn\n".encode()), "ds.csv"),
        "meta": json.dumps(meta)}, content_type="multipart/form-data")
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["signer", "name"]


def test_upload_over_the_limit_is_a_413(client, meta):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    # The multipart body is built in memory: the test client would spool 11 MB to a
    # temporary file of its own and leave it open when the server refuses to read it.
    boundary, body = encode_multipart({
        "file": FileStorage(io.BytesIO(b"x" * (11 * 1024 * 1024)), "ds.csv"),
        "meta": json.dumps(meta)})
    resp = client.post("/api/v1/batches", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")
    assert resp.status_code == 413
    assert resp.is_json


def test_unknown_batch_is_404(client):
    assert client.get("/api/v1/batches/" + "0" * 32).status_code == 404
    assert client.get("/api/v1/batches/../../etc").status_code == 404


def test_result_before_done_is_409(app, client, sample):
    service = app.extensions["docgen"].batches
    executor, service.executor = service.executor, None  # queue without running
    try:
        state = client.post("/api/v1/batches", json=sample("certificate")).json
    finally:
        service.executor = executor
    assert client.get(f"/api/v1/batches/{state['id']}/result").status_code == 409


def test_a_failing_job_is_recorded_not_lost(app, client, sample, monkeypatch):
    from docgen.services.jobs import pipeline

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "render_chunk_file", boom)
    state = client.post("/api/v1/batches", json=sample("certificate")).json
    wait(app, state)
    failed = client.get(f"/api/v1/batches/{state['id']}").json
    assert failed["state"] == "failed" and failed["error"] == "disk full"
    assert "trace" not in failed


def test_batches_are_in_the_openapi_document(client):
    assert "/api/v1/batches" in client.get("/api/v1/openapi.json").json["paths"]
