"""The cluster's check where people meet it: the API answers the example's scores in the
issue's shape, the command prints the table or the same JSON, and a broken file is 422 / 2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from docgen.cli import main
from tests.helpers import SAMPLES, load_json_sample


def test_api_scores_the_example_and_names_the_leading_unit(client):
    resp = client.post("/api/v1/scoring/check", json=load_json_sample("cluster-scores"))
    assert resp.status_code == 200
    body = resp.json
    assert body["leader"] == "TT" and body["ties"] == []
    ranks = {m["code"]: (m["rank"], m["total"]) for m in body["members"]}
    assert ranks["TT"] == (1, 92) and ranks["P11"][0] == 5
    p11 = next(m for m in body["members"] if m["code"] == "P11")
    assert min(p11["criteria"].values()) < 0  # a penalty is a negative score


def test_api_refuses_a_broken_year_with_the_field(client):
    data = load_json_sample("cluster-scores")
    data["results"]["VP"]["2"] = 3
    resp = client.post("/api/v1/scoring/check", json=data)
    assert resp.status_code == 422
    assert any("results.VP.2" in e["msg"] for e in resp.json["errors"])


def test_command_prints_the_table_and_the_same_json():
    runner = CliRunner()
    path = str(SAMPLES / "cluster-scores.json")
    text = runner.invoke(main, ["scoring", "check", path])
    assert text.exit_code == 0, text.output
    assert "Đơn vị dẫn đầu: TT" in text.output
    as_json = runner.invoke(main, ["scoring", "check", path, "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)["leader"] == "TT"


def test_command_exit_2_for_an_unusable_file(tmp_path):
    broken = tmp_path / "x.json"
    broken.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(main, ["scoring", "check", str(broken)])
    assert result.exit_code == 2
