"""The cluster's papers through the kinds table: the scores as XLSX over the API, and a
year whose result is of the wrong kind answered 422 naming it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.helpers import load_json_sample

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_scores_render_as_xlsx(client):
    resp = client.post("/api/v1/cluster-scores/render?format=xlsx",
                       json=load_json_sample("cluster-scores"))
    assert resp.status_code == 200 and resp.mimetype == XLSX
    ws = load_workbook(io.BytesIO(resp.data)).active
    assert "TỔNG CỘNG" in {c.value for row in ws.iter_rows() for c in row}


def test_a_result_of_the_wrong_kind_is_422(client):
    data = load_json_sample("cluster-minutes")
    data["results"]["VP"]["2"] = 3
    resp = client.post("/api/v1/cluster-minutes/render?format=pdf", json=data)
    assert resp.status_code == 422
    assert "results.VP.2: tiêu chí định tính cần true hoặc false" in resp.json["errors"][0]["msg"]
