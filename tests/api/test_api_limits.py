"""Inputs past what the API accepts are clear 4xx answers, never a 500: numbers beyond the
registry's columns, bodies that are not UTF-8 or nest too deep, oversized CSV cells, filters
that do not exist, and batch numbers of the wrong kind."""

from __future__ import annotations

import io
import json
import re

import pytest

from tests.helpers import approve_via_api, load_json_sample

JSON_ENDPOINTS = [
    ("post", "/api/v1/directive/render"),
    # The two kinds whose large inputs become jobs: their size is looked at before rendering.
    ("post", "/api/v1/certificate/render"),
    ("post", "/api/v1/award-decision/render"),
    ("post", "/api/v1/papers"),
    ("put", "/api/v1/papers/1"),
    ("post", "/api/v1/papers/1/issue"),
    ("post", "/api/v1/papers/1/revoke"),
    ("post", "/api/v1/batches"),
    ("post", "/api/v1/batches/check"),
    ("post", "/papers/directive/preview"),
]


@pytest.fixture
def client(client_as):  # type: ignore[no-untyped-def]
    """A clerk, leader and records officer of VKSTC, the directive sample's agency."""
    return client_as(agency="VKSTC")


@pytest.fixture
def draft(client) -> dict:
    """An approved directive, ready to be issued."""
    resp = client.post("/api/v1/papers", json={"kind": "directive",
                                               "input": load_json_sample("directive")})
    assert resp.status_code == 201, resp.json
    approve_via_api(client, resp.json["id"])
    return resp.json


@pytest.mark.parametrize("path", ["/api/v1/papers/18446744073709551616",
                                  "/api/v1/papers/2147483648",
                                  "/api/v1/papers/0"])
def test_ids_past_the_columns_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["page=999999999999999999", "page=0", "page=", "year=1e3",
                                   "year=99999999999999999999", "per_page=-1",
                                   "status=bogus", "kind=certificate", "year="])
def test_bad_search_parameters_are_422_naming_the_parameter(client, query):
    resp = client.get(f"/api/v1/papers?{query}")
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"][0]["loc"] == ["query", query.split("=")[0]]


def test_search_lists_the_statuses_it_accepts(client):
    msg = client.get("/api/v1/papers?status=bogus").json["errors"][0]["msg"]
    assert all(s in msg for s in ("draft", "issued", "revoked"))


@pytest.mark.parametrize("number", [1e20, 3.9, True, "7", 0, 100_000, 2**63])
def test_issue_number_must_be_a_plain_integer_in_range(client, draft, number):
    resp = client.post(f"/api/v1/papers/{draft['id']}/issue", json={"number": number})
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"][0]["loc"] == ["number"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1944-12-31"])
def test_issue_date_outside_the_years_of_a_paper_is_422(client, draft, day):
    resp = client.post(f"/api/v1/papers/{draft['id']}/issue", json={"date": day})
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["date"]


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
@pytest.mark.parametrize("body", [b"x\xa3", b'{"a": "\xa3"}', b"[" * 10_000, b'{"a":' * 10_000])
def test_unreadable_json_is_422_everywhere(client, draft, method, path, body):
    headers = {"Accept": "application/json"}
    if not path.startswith("/api/"):  # the pages' own calls carry the form's CSRF token
        html = client.get("/papers/directive").get_data(as_text=True)
        headers["X-CSRFToken"] = re.search(r'name="csrf-token" content="([^"]+)"',
                                           html).group(1)
    resp = getattr(client, method)(path, data=body, content_type="application/json",
                                   headers=headers)
    assert resp.status_code == 422, (resp.status_code, resp.data[:200])
    assert resp.json["errors"][0]["msg"]


def test_deeply_nested_multipart_meta_is_422(client):
    resp = client.post("/api/v1/batches/check", data={
        "file": (io.BytesIO("Họ và tên,Giới tính\nAn,nam\n".encode()), "ds.csv"),
        "meta": "[" * 10_000}, content_type="multipart/form-data")
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["meta"]


def test_csv_cell_past_the_field_limit_is_422_with_its_line(client, sample):
    meta = sample("certificate")
    del meta["recipients"]
    csv = ("Họ và tên,Giới tính\nAn,nam\n" + "B" * 140_000 + ",nam\n").encode()
    resp = client.post("/api/v1/batches/check", data={
        "file": (io.BytesIO(csv), "ds.csv"), "meta": json.dumps(meta, ensure_ascii=False)},
        content_type="multipart/form-data")
    assert resp.status_code == 422, resp.json
    assert "dòng 3" in resp.json["message"]


@pytest.mark.parametrize("start", [0, -1, "abc", 2.5])
def test_batch_register_start_of_a_decision_is_422(client, sample, start):
    body = {**sample("award-decision"), "register_start": start}
    resp = client.post("/api/v1/batches/check", json=body)
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"][0]["loc"] == ["register_start"]


@pytest.mark.slow
def test_finished_batch_counts_rejected_rows_as_done(app, client, sample):
    data = sample("certificate")
    data["recipients"] = [{"name": f"Người {i}", "gender": "nam" if i % 2 else "?"}
                          for i in range(1, 6)]
    data["recipients"][2]["gender"] = "nữ"
    state = client.post("/api/v1/batches", json=data).json
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)
    done = client.get(f"/api/v1/batches/{state['id']}").json
    assert (done["done"], done["total"], done["produced"], done["rejected"]) == (5, 5, 3, 2)


def test_search_text_is_literal_not_a_pattern(client, draft):
    other = load_json_sample("directive")
    other["subject"] = "Về phát động thi đua đạt 100% chỉ tiêu"
    client.post("/api/v1/papers", json={"kind": "directive", "input": other})
    assert client.get("/api/v1/papers?q=%25").json["total"] == 1
    assert client.get("/api/v1/papers?q=_").json["total"] == 0
    assert client.get("/api/v1/papers?q=100%25 ch").json["total"] == 1


@pytest.mark.parametrize(("kind", "field", "value"), [
    ("directive", ("subject",), "Về phát động phong trào thi đua " + "rất dài " * 240),
    ("pledge", ("issuer", "name"), "Khối thi đua " + "các đơn vị " * 26),
])
@pytest.mark.slow
def test_long_subject_or_issuer_is_drafted_and_issued(client, open_docx, kind, field, value):
    data = load_json_sample(kind)
    target = data
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = value
    created = client.post("/api/v1/papers", json={"kind": kind, "input": data})
    assert created.status_code == 201, created.json
    approve_via_api(client, created.json["id"])
    issued = client.post(f"/api/v1/papers/{created.json['id']}/issue", json={})
    assert issued.status_code == 200, issued.json
    props = open_docx(client.get(f"/api/v1/papers/{issued.json['id']}/file.docx").data
                      ).core_properties
    assert len(props.title) <= 255 and len(props.subject) <= 255
