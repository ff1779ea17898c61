"""Where Schemathesis found the server and its OpenAPI document apart: a whole number
written with a fraction is an integer, and ``seal`` takes only the values its enum lists."""

from __future__ import annotations

from tests.helpers import approve_via_api, load_json_sample


def test_an_issue_number_written_as_685_0_is_number_685(client):
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": load_json_sample("award-decision")})
    approve_via_api(client, created.json["id"])
    refused = client.post(f"/api/v1/papers/{created.json['id']}/issue", json={"number": 6.5})
    assert refused.status_code == 422
    resp = client.post(f"/api/v1/papers/{created.json['id']}/issue",
                       json={"number": 685.0, "date": "2026-01-05"})
    assert resp.status_code == 200, resp.json
    assert resp.json["number"] == 685


def test_seal_outside_its_enum_is_refused(client_as, app):
    from docgen.http.api.openapi import openapi_document

    with app.app_context():
        params = openapi_document()["paths"]["/api/v1/batches"]["post"]["parameters"]
    enum = next(p for p in params if p["name"] == "seal")["schema"]["enum"]
    client = client_as(agency="VKSTC")  # the certificate sample is VKSTC's
    assert {"0", "1"} <= set(enum) and "maybe" not in enum
    resp = client.post("/api/v1/batches?format=zip&seal=maybe",
                       json=load_json_sample("certificate"))
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["seal"]
    assert client.post("/api/v1/batches?format=zip&seal=0",
                       json=load_json_sample("certificate")).status_code == 202
