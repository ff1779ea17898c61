"""A unit's nominations from the round's XLSX template, over the API, on SQLite and
PostgreSQL: the template carries the Vietnamese headers and the catalog's awards as a
drop-down list; filled with openpyxl and uploaded, each valid row becomes a nomination of
the clerk's unit, each bad row is listed with its row number, column and a Vietnamese
reason (and nothing of it is added), text that looks like a formula stays text, and the
rules of a nomination added by hand apply (too late after the meeting, another agency's
round not found, a role that cannot nominate refused)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook

from docgen.catalog import load_catalog
from docgen.imports.cells import append_text_row
from docgen.imports.nominations import COLUMNS
from tests.rounds.test_round_api import as_user, db_app, example  # noqa: F401 (fixtures)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_round(council: FlaskClient) -> int:
    ex = example()
    made = council.post("/api/v1/rounds", json={"year": 2026, "title": ex["title"],
                                                "council": ex["council"],
                                                "proposal": ex["proposal"]})
    assert made.status_code == 201, made.json
    return int(made.json["id"])


def filled(template: bytes, rows: list[list[Any]]) -> bytes:
    """The template as a clerk fills it: the example row replaced by ``rows``."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb["Đề nghị"]
    ws.delete_rows(2)
    for row in rows:
        if any(isinstance(v, str) and v.startswith("=") for v in row):
            append_text_row(ws, row)  # typed with a leading apostrophe: text, not formula
        else:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(c: FlaskClient, rid: int, data: bytes, name: str = "de-nghi.xlsx") -> Any:
    return c.post(f"/api/v1/rounds/{rid}/nominations/import",
                  data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_the_template_filled_and_imported_adds_the_good_rows_and_lists_the_bad(
        as_user: Callable[..., FlaskClient]) -> None:  # noqa: F811
    council = as_user("council")
    clerk = as_user("clerk", unit="Phòng 1")
    rid = open_round(council)

    got = clerk.get(f"/api/v1/rounds/{rid}/nominations/template.xlsx")
    assert got.status_code == 200 and got.mimetype == XLSX
    assert "mau-de-nghi" in got.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(got.data))
    ws = wb["Đề nghị"]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert [c.value for c in ws[1]][:3] == ["STT", "Họ và tên / Tên tập thể", "Tập thể (x)"]
    names = [a.name for a in load_catalog().awards.values()]
    assert [r[0].value for r in wb["Danh mục"].iter_rows(min_row=2)] == names
    assert wb["Danh mục"].sheet_state == "hidden"
    (rule,) = ws.data_validations.dataValidation
    assert rule.type == "list" and "'Danh mục'!$A$2" in rule.formula1
    assert "H2" in str(rule.sqref)

    data = filled(got.data, [
        [1, "Trần Thị Hoa", None, "Nữ", "Kiểm sát viên trung cấp", "Phòng 1",
         datetime(2012, 9, 1), "Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ năm 2026"],
        [2, "Phòng 1", "x", None, None, "Viện kiểm sát nhân dân tỉnh Hưng Yên", None,
         "tập thể lao động tiên tiến", None],
        [3, "Lê Văn Cường", None, "nam", None, "Phòng 1", None, "Bằng khen của ai đó", None],
        [4, "Phạm Văn Dũng", None, "nam", None, "Phòng 1", "31/02/2015",
         "Chiến sĩ thi đua cơ sở", None],
        [None] * 9,
        [6, "=HYPERLINK(\"http://x.invalid\",\"y\")", None, None, None, "Phòng 1",
         "05/01/2015", "lao_dong_tien_tien", "+84 vụ án được giải quyết"],
        [7, "Phòng 1", "x", None, None, None, None, "Lao động tiên tiến", None],
        [8, None, None, "nam", "Kiểm sát viên", None, None, "Lao động tiên tiến", None],
    ])
    resp = upload(clerk, rid, data)
    assert resp.status_code == 201, resp.json
    assert resp.json["blank"] == 1
    added = resp.json["added"]
    assert [a["nomination"].get("person", a["nomination"].get("collective"))["name"]
            for a in added] == ["Trần Thị Hoa", "Phòng 1",
                                "=HYPERLINK(\"http://x.invalid\",\"y\")"]
    assert all(a["unit"] == "Phòng 1" for a in added)
    first = added[0]["nomination"]
    assert first["award"] == "lao_dong_tien_tien" and first["proposed_by"] == "Phòng 1"
    assert first["person"] == {"name": "Trần Thị Hoa", "gender": "nữ",
                               "position": "Kiểm sát viên trung cấp", "unit": "Phòng 1",
                               "recruited": "2012-09-01"}
    assert added[1]["nomination"]["collective"] == {
        "name": "Phòng 1", "unit": "Viện kiểm sát nhân dân tỉnh Hưng Yên"}
    assert added[1]["nomination"]["award"] == "tap_the_lao_dong_tien_tien"
    assert added[2]["nomination"]["achievement"] == "+84 vụ án được giải quyết"

    problems = {p["row"]: p for p in resp.json["problems"]}
    assert sorted(problems) == [4, 5, 8, 9]
    assert problems[4]["column"] == "Hình thức khen thưởng"
    assert "“Bằng khen của ai đó” trong danh mục" in problems[4]["message"]
    assert problems[5]["column"] == "Ngày tuyển dụng"
    assert "không có trong lịch" in problems[5]["message"]
    assert "Lao động tiên tiến chỉ dành cho cá nhân" in problems[8]["message"]
    assert problems[9]["column"] == "Họ và tên / Tên tập thể"

    kept = council.get(f"/api/v1/rounds/{rid}").json
    assert len(kept["nominations"]) == 3
    assert [h for h in kept["history"] if h["action"] == "nomination_import"]

    # Only this agency's offices see the template; a round after its meeting refuses.
    stranger = as_user("council", "clerk", agency="VKSTC")
    assert stranger.get(f"/api/v1/rounds/{rid}/nominations/template.xlsx").status_code == 404
    assert upload(stranger, rid, data).status_code == 404
    leader = as_user("leader")
    refused = upload(leader, rid, data)
    assert refused.status_code == 403 and "đề nghị" in refused.json["message"]
    version = council.get(f"/api/v1/rounds/{rid}").json["version"]
    votes = [{"nomination": a["id"], "votes": 7} for a in added]
    assert council.put(f"/api/v1/rounds/{rid}/meeting", json={
        "version": version, "meeting": example()["meeting"], "votes": votes}).status_code == 200
    late = upload(clerk, rid, data)
    assert late.status_code == 409 and "ghi kết quả họp" in late.json["message"]
    assert len(council.get(f"/api/v1/rounds/{rid}").json["nominations"]) == 3


def test_a_file_that_is_not_the_template_is_a_vietnamese_4xx(
        as_user: Callable[..., FlaskClient]) -> None:  # noqa: F811
    council = as_user("council")
    clerk = as_user("clerk", unit="Phòng 2")
    rid = open_round(council)
    missing = clerk.post(f"/api/v1/rounds/{rid}/nominations/import", data={},
                         content_type="multipart/form-data")
    assert missing.status_code == 422 and missing.json["errors"][0]["loc"] == ["file"]
    text = upload(clerk, rid, "Họ và tên,Giới tính\n".encode(), "ds.csv")
    assert text.status_code == 422 and "Excel" in text.json["message"]
    wb = Workbook()
    wb.active.append(["Cột lạ", "Khác"])
    buf = io.BytesIO()
    wb.save(buf)
    headless = upload(clerk, rid, buf.getvalue())
    assert headless.status_code == 422 and "Họ và tên" in headless.json["message"]
    # Only bad rows: nothing added, 200 with the reasons.
    only_bad = filled(clerk.get(f"/api/v1/rounds/{rid}/nominations/template.xlsx").data,
                      [[1, "Ngô Thị Lan", None, "nữ", None, None, None, None, None]])
    resp = upload(clerk, rid, only_bad)
    assert resp.status_code == 200 and resp.json["added"] == []
    assert resp.json["problems"] == [{"row": 2, "column": "Hình thức khen thưởng",
                                      "message": "chưa ghi hình thức khen thưởng"}]
