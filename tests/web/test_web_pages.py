"""The clerks' pages through the Flask test client: pages, CSRF, errors with field paths,
preview pictures, downloads, the reward line, the spreadsheet template."""

from __future__ import annotations

import io
import re

import pytest

from docgen.imports.spreadsheet import read_rows
from tests.helpers import docx_text, load_json_sample, pdf_text


def token(client, path="/papers/directive") -> str:  # type: ignore[no-untyped-def]
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def post(client, url, body, csrf=True):  # type: ignore[no-untyped-def]
    headers = {"Accept": "application/json"}
    if csrf:
        headers["X-CSRFToken"] = token(client)
    return client.post(url, json=body, headers=headers)


@pytest.mark.parametrize("path", ["/", "/papers/directive", "/papers/pledge",
                                  "/papers/award-decision", "/papers/certificate", "/batch",
                                  "/papers/council-minutes", "/papers/award-proposal",
                                  "/papers/achievement-report"])
def test_pages_render_in_vietnamese(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<html lang="vi">' in html and "csrf-token" in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from outside


@pytest.mark.parametrize(("who", "path"), [("client", "/"), ("anon", "/login"),
                                           ("anon", "/verify/")])
def test_pages_carry_the_shipped_icon(request, who, path):
    client = request.getfixturevalue(who)
    html = client.get(path).get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    with client.get(href) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert icon.data.startswith(b"<svg")


def test_unknown_kind_page_is_404(client):
    assert client.get("/papers/cong-van").status_code == 404


def test_preview_without_csrf_token_is_refused(client):
    resp = post(client, "/papers/directive/preview", load_json_sample("directive"), csrf=False)
    assert resp.status_code == 400


def test_preview_returns_png_pages(client):
    resp = post(client, "/papers/directive/preview", load_json_sample("directive"))
    assert resp.status_code == 200
    assert len(resp.json["pages"]) == 2
    assert resp.json["pages"][0].startswith("data:image/png;base64,")
    assert resp.json["title"] == "Chỉ thị số 02/CT-VKSTC"


def test_invalid_form_gives_field_paths_and_vietnamese_messages(client):
    data = load_json_sample("award-decision")
    data["individuals"][3]["name"] = ""
    resp = post(client, "/papers/award-decision/preview", data)
    assert resp.status_code == 422
    assert resp.json["errors"] == [{"loc": ["individuals", 3, "name"],
                                    "msg": "không được để trống", "type": "blank"}]


@pytest.mark.parametrize(("fmt", "reader"), [("pdf", pdf_text), ("docx", docx_text)])
def test_download(client, fmt, reader):
    resp = post(client, f"/papers/pledge/download?format={fmt}", load_json_sample("pledge"))
    assert resp.status_code == 200
    assert "GIAO ƯỚC THI ĐUA" in reader(resp.data)


def test_reward_line_comes_from_the_catalog(client):
    r = client.get("/reward?award=giay_khen&date=2025-12-01").json
    assert r["individual"] == "710.000 đồng (Bảy trăm mười nghìn đồng)"
    assert r["collective"] == "1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng)"


def test_reward_for_unknown_award(client):
    assert client.get("/reward?award=x").json["ok"] is False


def test_spreadsheet_template_is_understood_by_the_import(client):
    data = client.get("/batch/mau-danh-sach.xlsx").data
    rows = read_rows(data, "mau.xlsx", max_rows=10, max_bytes=10**6)
    assert rows.rows[0][1]["name"] == "Nguyễn Văn Bình" and not rows.unknown_headers


def test_samples_are_served_for_each_kind(client):
    for kind in ("directive", "pledge", "award-decision", "certificate"):
        assert client.get(f"/papers/{kind}/sample.json").json == load_json_sample(kind)


def test_two_line_agency_names_are_marked_for_a_textarea(client):
    schema = client.get("/papers/directive/schema.json").json
    issuer = schema["$defs"]["Issuer"]["properties"]["name"]
    assert issuer["x-multiline"] is True


@pytest.mark.slow
def test_meta_sample_has_no_recipients(client):
    assert "recipients" not in client.get("/batch/meta-sample.json").json


def test_schema_keeps_the_models_field_order(client):
    props = list(client.get("/papers/directive/schema.json").json["properties"])
    assert props[:3] == ["issuer", "number", "date"]


PAGES = ["/", "/papers/directive", "/papers/pledge", "/papers/award-decision",
         "/papers/certificate", "/batch", "/verify/ZZZZZZZZZZ", "/papers/cong-van"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_run_no_inline_script_or_style(client, path):
    """Ready for a Content-Security-Policy without 'unsafe-inline': scripts come from files,
    <script> blocks only carry JSON data, no on…= handlers, no style= attributes."""
    html = client.get(path).get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html


def test_reward_line_is_worded_by_the_server(client):
    r = client.get("/reward?award=giay_khen&date=2025-12-01").json
    assert r["text"].startswith("Mỗi cá nhân: 710.000 đồng (Bảy trăm mười nghìn đồng) · "
                                "Mỗi tập thể: 1.410.000 đồng")
    assert "hệ số" in r["text"]


def test_error_page_names_fields_in_the_clerks_words(client):
    data = load_json_sample("award-decision")
    data["individuals"][3]["name"] = ""
    resp = client.post("/papers/award-decision/preview", json=data,
                       headers={"X-CSRFToken": token(client), "Accept": "text/html"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "<strong>Cá nhân được khen thưởng 4 › Họ và tên</strong>: không được để trống" in html
    assert "individuals" not in html


def test_spreadsheet_template_has_the_import_headers(client):
    from openpyxl import load_workbook

    from docgen.imports.spreadsheet import COLUMNS

    data = client.get("/batch/mau-danh-sach.xlsx").data
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    page = client.get("/batch").get_data(as_text=True)
    assert ", ".join(c.header for c in COLUMNS if c.field) in page


def test_verify_page_writes_the_date_the_vietnamese_way(client):
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": load_json_sample("award-decision")})
    for step in ("submit", "approve"):
        client.post(f"/api/v1/papers/{created.json['id']}/{step}")
    issued = client.post(f"/api/v1/papers/{created.json['id']}/issue",
                         json={"date": "2026-01-05"}).json
    html = client.get(f"/verify/{issued['verify_code']}").get_data(as_text=True)
    assert '<th scope="row">Ngày ban hành</th><td>05/01/2026</td>' in html


def test_verify_page_does_not_call_a_file_that_is_no_pdf_tampered(client):
    """A DOCX (or a photo) uploaded by mistake is not "có thể đã bị sửa": it was not checked."""
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": load_json_sample("award-decision")})
    for step in ("submit", "approve"):
        client.post(f"/api/v1/papers/{created.json['id']}/{step}")
    issued = client.post(f"/api/v1/papers/{created.json['id']}/issue", json={}).json
    docx = client.get(f"/api/v1/papers/{issued['id']}/file.docx").data
    url = f"/verify/{issued['verify_code']}"
    html = client.post(url, data={"csrf_token": token(client, url),
                                  "file": (io.BytesIO(docx), "qd.docx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Tệp không phải PDF đọc được" in html
    assert "có thể đã bị sửa" not in html


def test_verify_start_page_takes_a_typed_code(client):
    """Someone holding a paper without a phone to scan its QR types the printed code."""
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": load_json_sample("award-decision")})
    for step in ("submit", "approve"):
        client.post(f"/api/v1/papers/{created.json['id']}/{step}")
    code = client.post(f"/api/v1/papers/{created.json['id']}/issue", json={}).json[
        "verify_code"]
    start = client.get("/verify/")
    assert start.status_code == 200 and 'name="code"' in start.get_data(as_text=True)
    typed = client.get(f"/verify/?code= {code[:5].lower()} {code[5:].lower()} ")
    assert typed.status_code == 302 and typed.headers["Location"].endswith(f"/verify/{code}")
    found = client.get(typed.headers["Location"]).get_data(as_text=True)
    assert "Đã ban hành, còn hiệu lực" in found
    # A mistyped code can be typed again on the same page.
    missing = client.get("/verify/ZZZZZZZZZZ")
    assert missing.status_code == 404 and 'value="ZZZZZZZZZZ"' in missing.get_data(as_text=True)
