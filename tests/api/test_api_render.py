"""The stateless render API: files, field-level 422s, 404, 413, schema, catalog, OpenAPI."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from docgen.kinds import get_kind
from tests.helpers import PAPER_KINDS, docx_text, pdf_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def client(shared_client):  # type: ignore[no-untyped-def]
    """Every test here only renders or reads: they share one app."""
    return shared_client


def post(client, kind, body, fmt="pdf"):
    data = body if isinstance(body, bytes | str) else json.dumps(body, ensure_ascii=False)
    return client.post(f"/api/v1/{kind}/render?format={fmt}", data=data,
                       content_type="application/json")


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_render_pdf_of_every_sample(client, sample, kind):
    resp = post(client, kind, sample(kind), "pdf")
    assert resp.status_code == 200
    assert resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF-")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(resp.data)


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_render_docx_of_every_sample(client, sample, kind):
    resp = post(client, kind, sample(kind), "docx")
    assert resp.status_code == 200
    assert resp.mimetype == DOCX_TYPE
    assert "Độc lập - Tự do - Hạnh phúc" in docx_text(resp.data)


def test_content_disposition_has_ascii_slug_and_utf8_name(client, sample):
    resp = post(client, "award-decision", sample("award-decision"), "pdf")
    cd = resp.headers["Content-Disposition"]
    assert cd.startswith("attachment;")
    assert 'filename="quyet-dinh-15-qd-vkshy.pdf"' in cd
    utf8 = cd.split("filename*=UTF-8''", 1)[1]
    assert unquote(utf8) == "Quyết định số 15-QĐ-VKSHY.pdf"


def test_reward_figures_are_shown_in_headers(client, sample):
    data = sample("award-decision")
    data["date"] = "2025-12-01"
    resp = post(client, "award-decision", data, "docx")
    assert resp.headers["X-Docgen-Base-Salary"] == "2340000"
    assert resp.headers["X-Docgen-Reward-Individual"] == "2340000"


def test_missing_signer_name_is_a_422_with_its_path(client, sample):
    data = sample("directive")
    del data["signer"]["name"]
    resp = post(client, "directive", data)
    assert resp.status_code == 422
    assert resp.json["errors"] == [
        {"loc": ["signer", "name"], "msg": "thiếu họ và tên người ký", "type": "missing"}]


def test_several_problems_are_all_reported(client, sample):
    data = sample("award-decision")
    data["date"] = "05/01/2026"
    data["individuals"][2]["gender"] = "khác"
    data["number"] = 0
    locs = {tuple(e["loc"]) for e in post(client, "award-decision", data).json["errors"]}
    assert locs == {("date",), ("individuals", 2, "gender"), ("number",)}


def test_malformed_json_is_a_422_not_a_500(client):
    resp = post(client, "directive", b'{"issuer": ')
    assert resp.status_code == 422
    assert resp.json["errors"][0]["msg"] == "JSON không hợp lệ"


@pytest.mark.parametrize("body", [b"", b"[]", b"null", b"42", b'"text"'])
def test_non_object_bodies_are_422(client, body):
    assert post(client, "pledge", body).status_code == 422


def test_control_characters_are_refused(client, sample):
    data = sample("directive")
    data["signer"]["name"] = "Trần\u0000Minh Khoa"
    resp = post(client, "directive", data)
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["signer", "name"]
    assert "ký tự điều khiển" in resp.json["errors"][0]["msg"]


def test_overlong_string_is_refused(client, sample):
    data = sample("directive")
    data["signer"]["name"] = "A" * 301
    resp = post(client, "directive", data)
    assert resp.status_code == 422
    assert resp.json["errors"][0]["msg"] == "dài quá 300 ký tự"


def test_unknown_kind_is_404(client, sample):
    resp = post(client, "cong-van", sample("directive"))
    assert resp.status_code == 404
    assert resp.is_json


def test_unknown_format_is_422(client, sample):
    resp = post(client, "directive", sample("directive"), "odt")
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["query", "format"]


def test_body_over_the_limit_is_413(client, sample):
    data = sample("directive")
    data["body"] = "x" * (600 * 1024)
    assert post(client, "directive", data).status_code == 413


def test_escaping_keeps_markup_characters_literal(client, sample):
    data = sample("award-decision")
    data["individuals"][0]["unit"] = 'Phòng 1 & 2 <Tổng hợp> "trích"'
    pdf = post(client, "award-decision", data, "pdf")
    docx = post(client, "award-decision", data, "docx")
    assert 'Phòng 1 & 2 <Tổng hợp> "trích"' in pdf_text(pdf.data).replace("\n", " ")
    assert 'Phòng 1 & 2 <Tổng hợp> "trích"' in docx_text(docx.data)


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_schema_is_served(client, kind):
    resp = client.get(f"/api/v1/{kind}/schema")
    assert resp.status_code == 200
    model = get_kind(kind).model.model_json_schema()
    assert set(resp.json["properties"]) == set(model["properties"])
    assert resp.json.get("required") == model.get("required")


def test_catalog_lists_awards_and_base_salary(client):
    cat = client.get("/api/v1/catalog").json
    codes = {a["code"]: a for a in cat["awards"]}
    assert codes["giay_khen"]["coefficients"][0]["value"] == 0.3
    assert {"from": "2024-07-01", "amount": 2340000} .items() <= cat["base_salary"][2].items()


def test_openapi_describes_render_operations(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    op = doc["paths"]["/api/v1/award-decision/render"]["post"]
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.split("/")[-1] in doc["components"]["schemas"]
    assert "422" in op["responses"]
