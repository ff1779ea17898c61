"""The sổ vàng over HTTP: "In bằng cho quyết định này" as an API call (one registered batch
for the decision's people; called again, the same batch), the entries and the books for
integrators (JSON, XLSX, PDF), each scoped by agency and role, and described in OpenAPI;
and a second batch of the same list, which reprints instead of registering again."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from docgen.http.api.openapi import openapi_document, undocumented
from tests.helpers import issue_via_api, load_json_sample, pdf_text


def wait(app, state):  # type: ignore[no-untyped-def]
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)


@pytest.fixture
def issued(client):  # type: ignore[no-untyped-def]
    return issue_via_api(client, "award-decision", load_json_sample("award-decision"),
                         date="2026-01-05")


@pytest.fixture
def printed(app, client, issued):  # type: ignore[no-untyped-def]
    resp = client.post(f"/api/v1/papers/{issued['id']}/certificates")
    assert resp.status_code == 202, resp.json
    wait(app, resp.json)
    return resp.json


@pytest.mark.slow
def test_an_issued_decision_gets_one_registered_batch_for_its_people(app, client, issued,
                                                                    printed):
    people = load_json_sample("award-decision")
    awarded = len(people["individuals"]) + len(people.get("collectives") or [])
    done = client.get(f"/api/v1/batches/{printed['id']}").json
    assert (done["state"], done["produced"], done["registered"]) == ("done", awarded, True)
    assert done["decision_paper_id"] == issued["id"]
    again = client.post(f"/api/v1/papers/{issued['id']}/certificates")
    assert again.status_code == 200 and again.json["id"] == printed["id"]
    certs = client.get(f"/api/v1/certificates?decision={issued['id']}").json
    assert certs["total"] == awarded
    assert sorted(c["register_number"] for c in certs["items"]) == list(range(1, awarded + 1))
    assert all(c["decision"]["paper_id"] == issued["id"] and not c["decision"]["external"]
               for c in certs["items"])
    one = client.get(f"/api/v1/certificates/{certs['items'][0]['id']}").json
    assert one == certs["items"][0]
    # The download is named after the award and the decision, and says whom it is for.
    result = client.get(f"/api/v1/batches/{printed['id']}/result")
    assert "qd-01-qd-vkshy" in result.headers["Content-Disposition"]
    page = pdf_text(result.data)
    assert "Số sổ vàng: 1" in page
    # The public page cites the registry's decision and links to it.
    html = client.get(f"/verify/{one['verify_code']}").get_data(as_text=True)
    assert "01/QĐ-VKSHY ngày 05/01/2026" in html and issued["verify_code"] in html


@pytest.mark.slow
def test_the_same_decision_pasted_again_reprints_with_the_same_numbers(app, client, issued,
                                                                      printed):
    decision = client.get(f"/api/v1/papers/{issued['id']}").json["input"]
    body = {**decision, "registered": True}
    check = client.post("/api/v1/batches/check", json=body).json
    reg = check["registration"]
    assert reg["existing"] == check["good"] and reg["new"] == 0
    assert reg["decision"] == {"number": "01/QĐ-VKSHY", "date": "2026-01-05",
                               "paper_id": issued["id"], "external": False}
    state = client.post("/api/v1/batches?format=zip", json=body).json
    wait(app, state)
    done = client.get(f"/api/v1/batches/{state['id']}").json
    assert done["reprinted"] == check["good"]
    assert client.get("/api/v1/certificates").json["total"] == check["good"]  # no new entry
    import zipfile

    with zipfile.ZipFile(io.BytesIO(client.get(done["links"]["result"]).data)) as z:
        summary = z.read("tom-tat.txt").decode("utf-8")
    assert f"in lại (đã có trong sổ vàng, giữ số cũ): {check['good']}" in summary


@pytest.mark.slow
def test_a_decision_the_registry_does_not_hold_is_422_unless_marked_external(client):
    data = load_json_sample("certificate") | {"registered": True}
    data["issuer"] = load_json_sample("award-decision")["issuer"]
    del data["register_start"]
    resp = client.post("/api/v1/batches/check", json=data)
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["decision", "number"]
    ok = client.post("/api/v1/batches/check", json=data | {"external_decision": True})
    assert ok.status_code == 200 and ok.json["registration"]["decision"]["external"] is True


@pytest.mark.slow
def test_books_are_read_as_json_xlsx_and_pdf(client, issued, printed):
    book = client.get("/api/v1/registers/so-vang?year=2026").json
    assert book["agency"] == "vks-hung-yen" and len(book["rows"]) == printed["total"]
    assert [c["key"] for c in book["columns"]][0] == "register_number"
    di = client.get("/api/v1/registers/di?year=2026").json
    assert [r["number_symbol"] for r in di["rows"]] == ["01/QĐ-VKSHY"]
    xlsx = client.get("/api/v1/registers/so-vang/export.xlsx?year=2026")
    assert load_workbook(io.BytesIO(xlsx.data)).active["A4"].value == 1
    pdf = client.get("/api/v1/registers/so-vang/export.pdf?year=2026")
    assert pdf.mimetype == "application/pdf"
    assert "so-vang-vks-hung-yen-2026.pdf" in pdf.headers["Content-Disposition"]
    page = PdfReader(io.BytesIO(pdf.data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = page.extract_text()
    assert "SỔ VÀNG" in text and "Bà Vũ Thị Lan" in text and "Trang 1/1" in text
    assert client.get("/api/v1/registers/nope").status_code == 404
    assert client.get("/api/v1/registers/di/export.csv").status_code == 404


def test_books_and_certificates_are_scoped_by_agency_and_role(client_as, printed, client):
    first = client.get("/api/v1/certificates").json["items"][0]
    other = client_as(agency="VKSTC")
    assert other.get(f"/api/v1/certificates/{first['id']}").status_code == 404
    assert other.get("/api/v1/certificates").json["total"] == 0
    assert other.get("/api/v1/registers/so-vang?agency=vks-hung-yen").status_code == 404
    clerk = client_as(["clerk"])
    assert clerk.get("/api/v1/certificates").json["total"] == printed["total"]
    assert clerk.get("/api/v1/registers/so-vang").status_code == 403
    assert clerk.post(f"/api/v1/papers/{first['decision']['paper_id']}/certificates"
                      ).status_code == 403
    admin = client_as(["admin"])
    assert admin.get("/api/v1/registers/so-vang?agency=vks-hung-yen&year=2026"
                     ).json["rows"]


def test_only_an_issued_award_decision_prints_certificates(client):
    draft = client.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    assert client.post(f"/api/v1/papers/{draft['id']}/certificates").status_code == 409


def test_the_new_routes_are_described_in_openapi(app):
    with app.app_context():
        assert undocumented(app) == []
        paths = openapi_document(app)["paths"]
    assert {"/api/v1/registers/{book}", "/api/v1/registers/{book}/export.{fmt}",
            "/api/v1/certificates", "/api/v1/certificates/{cert_id}",
            "/api/v1/papers/{paper_id}/certificates"} <= set(paths)
    assert "202" in paths["/api/v1/papers/{paper_id}/certificates"]["post"]["responses"]
