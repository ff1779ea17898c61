"""A paper is numbered and shown by the agency that owns it (the catalog's symbol and
name), never by the issuer a drafter typed: another agency's symbol, a misspelt one or
another agency's name is refused, and the public page names the owning agency."""

from __future__ import annotations

import pytest

from tests.helpers import issue_via_api, load_json_sample
from tests.registry.test_registry_papers import _catalog_with


def _decision(**issuer: str | None) -> dict:  # type: ignore[type-arg]
    data = load_json_sample("award-decision")
    data["issuer"] = {k: v for k, v in (data["issuer"] | issuer).items() if v is not None}
    return data


@pytest.mark.parametrize("symbol", ["VKSGL", "vks-gia-lai", "vkshy", "VKSTC"])
def test_a_symbol_that_is_not_the_clerks_agency_is_refused(client, symbol):
    resp = client.post("/api/v1/papers", json={"kind": "award-decision",
                                               "input": _decision(symbol=symbol)})
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"][0]["loc"] == ["input", "issuer", "symbol"]
    assert "VKSHY" in resp.json["errors"][0]["msg"]


def test_another_agencys_name_is_refused(client):
    resp = client.post("/api/v1/papers", json={"kind": "award-decision", "input": _decision(
        name="Viện kiểm sát nhân dân tối cao")})
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["input", "issuer", "name"]
    assert "tỉnh Hưng Yên" in resp.json["errors"][0]["msg"]


def test_the_catalogs_name_in_another_case_and_layout_is_accepted(client):
    paper = issue_via_api(client, "award-decision", _decision(
        name="VIỆN KIỂM SÁT NHÂN DÂN TỈNH HƯNG YÊN"), date="2026-01-05")
    assert (paper["agency"], paper["symbol"], paper["number"]) == ("vks-hung-yen", "QĐ-VKSHY", 1)


def test_an_empty_symbol_takes_the_agencys_and_its_sequence(client):
    first = issue_via_api(client, "award-decision", _decision(), date="2026-01-05")
    second = issue_via_api(client, "award-decision", _decision(symbol=None), date="2026-01-06")
    assert (first["number"], second["number"]) == (1, 2)
    assert second["symbol"] == "QĐ-VKSHY"
    assert client.get(f"/api/v1/papers/{second['id']}").json["input"]["issuer"]["symbol"] \
        == "VKSHY"


@pytest.mark.slow
def test_numbers_of_two_agencies_stay_apart(client_as):
    hy, gl = client_as(agency="VKSHY"), client_as(agency="VKSGL")
    gia_lai = _decision(name="Viện kiểm sát nhân dân tỉnh Gia Lai", symbol="VKSGL")
    assert issue_via_api(gl, "award-decision", gia_lai, date="2026-01-05")["number"] == 1
    mine = issue_via_api(hy, "award-decision", _decision(), date="2026-01-06")
    assert (mine["number"], mine["symbol"]) == (1, "QĐ-VKSHY")
    assert issue_via_api(gl, "award-decision", gia_lai, date="2026-01-07")["number"] == 2


@pytest.mark.slow
def test_the_council_may_issue_for_its_agency(client, tmp_path, monkeypatch):
    _catalog_with(tmp_path, monkeypatch, council_symbol="HĐTĐKT")
    council = _decision(name="Hội đồng Thi đua - Khen thưởng", symbol="HĐTĐKT")
    council["signer"] = {"authority": "TM.", "on_behalf": "Hội đồng Thi đua - Khen thưởng",
                         "title": "Chủ tịch", "name": "Bùi Thanh Tùng"}
    paper = issue_via_api(client, "award-decision", council, date="2026-01-05")
    assert (paper["agency"], paper["symbol"], paper["number"]) == \
        ("vks-hung-yen", "QĐ-HĐTĐKT", 1)
    assert issue_via_api(client, "award-decision", _decision(),
                         date="2026-01-06")["number"] == 1


def test_the_public_page_names_the_owning_agency_from_the_catalog(client, anon):
    paper = issue_via_api(client, "award-decision", _decision(
        name="VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH HƯNG YÊN"), date="2026-01-05")
    page = anon.get(f"/verify/{paper['verify_code']}").get_data(as_text=True)
    assert "Viện kiểm sát nhân dân tỉnh Hưng Yên" in page
    assert "tối cao" not in page.lower()


def test_an_edit_is_held_to_the_same_rule(client):
    created = client.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": _decision()}).json
    resp = client.put(f"/api/v1/papers/{created['id']}",
                      json={"input": _decision(symbol="VKSGL")})
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["input", "issuer", "symbol"]
