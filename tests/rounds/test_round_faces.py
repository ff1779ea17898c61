"""The round where people meet it: the stateless API answers each nomination in the input's
order and the dossier as a ZIP; the command prints the table or the same JSON, writes the
ZIP, and exits 2 for an unusable file."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers import SAMPLES, load_json_sample

ROUND = "council-minutes"  # the sample that is the contract's round document


def test_api_checks_the_round_in_the_inputs_order(client):
    data = load_json_sample(ROUND)
    resp = client.post("/api/v1/rounds/check", json=data)
    assert resp.status_code == 200
    results = resp.json["nominations"]
    assert [r["name"] for r in results] == [
        n["person"]["name"] if n.get("person") else n["collective"]["name"]
        for n in data["nominations"]]
    assert all({"passed", "votes", "percent", "reasons"} <= set(r) for r in results)


def test_api_a_vote_below_the_threshold_fails_with_its_reason(client):
    data = load_json_sample(ROUND)
    data["nominations"][0]["votes"] = 1
    first = client.post("/api/v1/rounds/check", json=data).json["nominations"][0]
    assert first["passed"] is False and first["votes"] == 1
    assert any("phiếu" in reason for reason in first["reasons"])


@pytest.mark.slow
def test_api_dossier_zip_holds_docx_and_pdf_of_every_paper(client):
    resp = client.post("/api/v1/rounds/papers?format=zip", json=load_json_sample(ROUND))
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(resp.data)).namelist()
    stems = {n.rsplit(".", 1)[0] for n in names if n.endswith((".pdf", ".docx"))}
    assert stems and all(f"{s}.pdf" in names and f"{s}.docx" in names for s in stems)
    assert any("bien-ban" in s for s in stems) and any("quyet-dinh" in s for s in stems)


def test_api_refuses_a_broken_round_with_field_errors(client):
    resp = client.post("/api/v1/rounds/check", json={"year": 2026})
    assert resp.status_code == 422 and resp.json["errors"]


@pytest.mark.slow
def test_command_prints_the_table_the_json_and_writes_the_dossier(tmp_path):
    runner = CliRunner()
    path = str(SAMPLES / f"{ROUND}.json")
    text = runner.invoke(main, ["rounds", "check", path])
    assert text.exit_code == 0, text.output
    assert "ĐẠT" in text.output and "đề nghị" in text.output
    as_json = runner.invoke(main, ["rounds", "check", path, "--json"])
    assert json.loads(as_json.output)["nominations"]
    out = tmp_path / "ho-so.zip"
    written = runner.invoke(main, ["rounds", "papers", path, "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert zipfile.ZipFile(out).namelist()


def test_command_exit_2_for_an_unusable_file(tmp_path):
    broken = tmp_path / "x.json"
    broken.write_text("[]", encoding="utf-8")
    assert CliRunner().invoke(main, ["rounds", "check", str(broken)]).exit_code == 2
