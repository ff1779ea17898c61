"""The example inputs the issues name are contracts: the service accepts each one as its
issue says, byte for byte as it was given (``tests/contracts/``), and answers with the
files or the figures asked for."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

CONTRACTS = Path(__file__).parent / "contracts"
#: Each example and the kinds that must render it on their own.
RENDERED_BY = {
    "award-decision.json": ["award-decision"],
    "directive.json": ["directive"],
    "pledge.json": ["pledge"],
    "certificate.json": ["certificate"],
    "official-letter.json": ["official-letter"],
    "plan.json": ["administrative"],
    "achievement-report.json": ["achievement-report"],
    # The round document is the input of its minutes and of its proposal (issue #18).
    "award-round.json": ["council-minutes", "award-proposal"],
    # The cluster's year is the input of its score table and its minutes (issue #19).
    "cluster-scoring.json": ["cluster-scores", "cluster-minutes"],
}
MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04"}


def contract(name: str) -> Any:
    return json.loads((CONTRACTS / name).read_text("utf-8"))


def test_every_shared_example_is_kept_here() -> None:
    assert sorted(p.name for p in CONTRACTS.glob("*.json")) == sorted(RENDERED_BY)


@pytest.mark.parametrize(("name", "kind", "fmt"), [
    (name, kind, fmt) for name, kinds in RENDERED_BY.items() for kind in kinds
    for fmt in ("pdf", "docx")])
def test_the_example_renders_through_the_api(client, name: str, kind: str, fmt: str) -> None:
    resp = client.post(f"/api/v1/{kind}/render?format={fmt}", json=contract(name))
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    assert resp.data.startswith(MAGIC[fmt])


def test_the_round_checks_in_the_inputs_order(client) -> None:
    round_ = contract("award-round.json")
    resp = client.post("/api/v1/rounds/check", json=round_)
    assert resp.status_code == 200, resp.json
    out = resp.json["nominations"]
    assert len(out) == len(round_["nominations"])
    assert {"name", "award", "passed", "votes", "percent", "reasons"} <= set(out[0])


@pytest.mark.slow
def test_the_rounds_dossier_is_a_zip_of_docx_and_pdf(client) -> None:
    resp = client.post("/api/v1/rounds/papers?format=zip", json=contract("award-round.json"))
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    names = zipfile.ZipFile(io.BytesIO(resp.data)).namelist()
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)


def test_the_clusters_year_scores_and_names_its_leader(client) -> None:
    year = contract("cluster-scoring.json")
    resp = client.post("/api/v1/scoring/check", json=year)
    assert resp.status_code == 200, resp.json
    codes = [m["code"] for m in year["members"]]
    assert sorted(m["code"] for m in resp.json["members"]) == sorted(codes)
    assert resp.json["leader"] in codes
