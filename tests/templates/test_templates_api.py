"""The templates API: saving (201, or 422 with located errors), versions and the version in
use, rendering (422 naming a field by its label), agency scoping and sharing down the
hierarchy, and "Nhân bản" (copy any paper into a new draft)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.helpers import load_json_sample, pdf_text


def words(data: bytes) -> str:
    """The text of a PDF with its lines joined."""
    return " ".join(pdf_text(data).split())


def template() -> dict[str, Any]:
    return copy.deepcopy(load_json_sample("template-official-letter"))


VALUES = {"nam": 2027, "han_nop": "2027-12-01",
          "ho_so": [{"ten": "Tờ trình", "so_ban": 2}, {"ten": "Báo cáo | thành tích **", "so_ban": 1}]}


@pytest.fixture
def records(client_as):  # type: ignore[no-untyped-def]
    return client_as(["records"], "VKSHY")


@pytest.fixture
def clerk(client_as):  # type: ignore[no-untyped-def]
    return client_as(["clerk"], "VKSHY")


def test_saving_a_template_gives_its_id_and_first_version(records) -> None:
    resp = records.post("/api/v1/templates", json=template())
    assert resp.status_code == 201, resp.json
    assert resp.json["version"] == 1 and isinstance(resp.json["id"], int)
    assert len(resp.json["sha256"]) == 64


def test_a_template_that_does_not_check_is_refused_with_line_and_column(records) -> None:
    bad = template()
    bad["body"] = "Năm {{ nam }}\n{{ ''.__class__.__mro__ }} {{ han_nop }} {{ ho_so }}\n{{ hạn }}"
    resp = records.post("/api/v1/templates", json=bad)
    assert resp.status_code == 422
    errors = resp.json["errors"]
    mro = next(e for e in errors if "__mro__" in e["msg"])
    assert (mro["loc"], mro["line"], mro["column"]) == (["body"], 2, 17)
    klass = next(e for e in errors if "__class__" in e["msg"])
    assert (klass["line"], klass["column"]) == (2, 7)
    undeclared = next(e for e in errors if "hạn" in e["msg"])
    assert (undeclared["line"], undeclared["column"]) == (3, 4)
    unused = next(e for e in errors if e["type"] == "template_unused")
    assert unused["loc"] == ["fields", 3, "name"] and "Ghi chú thêm" in unused["msg"]


@pytest.mark.slow
def test_a_template_without_the_right_to_manage_is_forbidden(clerk) -> None:
    assert clerk.post("/api/v1/templates", json=template()).status_code == 403


def test_every_save_is_a_new_version_and_the_agency_chooses_the_one_in_use(records,
                                                                             clerk) -> None:
    tid = records.post("/api/v1/templates", json=template()).json["id"]
    changed = template()
    changed["body"] = changed["body"].replace("Văn phòng đề nghị", "Văn phòng kính đề nghị")
    put = records.put(f"/api/v1/templates/{tid}", json=changed)
    assert put.status_code == 200 and put.json["version"] == 2
    assert put.json["version_in_use"] == 1
    # The same content again is the same version, not a third one.
    assert records.put(f"/api/v1/templates/{tid}", json=changed).json["version"] == 2
    got = clerk.get(f"/api/v1/templates/{tid}").json
    assert [v["version"] for v in got["versions"]] == [1, 2]
    assert got["versions"][0]["sha256"] != got["versions"][1]["sha256"]
    before = words(clerk.post(f"/api/v1/templates/{tid}/render?format=pdf",
                                 json={"values": VALUES}).data)
    assert "kính đề nghị" not in before
    assert clerk.post(f"/api/v1/templates/{tid}/use", json={"version": 2}).status_code == 403
    assert records.post(f"/api/v1/templates/{tid}/use", json={"version": 9}).status_code == 422
    assert records.post(f"/api/v1/templates/{tid}/use", json={"version": 2}).json["version"] == 2
    after = words(clerk.post(f"/api/v1/templates/{tid}/render?format=pdf",
                                json={"values": VALUES}).data)
    assert "kính đề nghị" in after
    # An older version can still be asked for by its number.
    old = clerk.post(f"/api/v1/templates/{tid}/render?format=docx",
                     json={"values": VALUES, "version": 1})
    assert old.status_code == 200 and old.data[:2] == b"PK"


def test_render_fills_the_body_and_escapes_the_values(records, clerk) -> None:
    tid = records.post("/api/v1/templates", json=template()).json["id"]
    resp = clerk.post(f"/api/v1/templates/{tid}/render?format=pdf",
                      json={"values": VALUES, "input": {"number": 14}})
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = words(resp.data)
    assert "năm 2027" in text and "ngày 01 tháng 12 năm 2027" in text
    assert "Báo cáo | thành tích **" in text  # a value never makes Markdown
    assert "14/VKSHY-VP" in text


def test_missing_or_wrong_values_name_the_field_by_its_label(records, clerk) -> None:
    tid = records.post("/api/v1/templates", json=template()).json["id"]
    resp = clerk.post(f"/api/v1/templates/{tid}/render",
                      json={"values": {"nam": "hai nghìn", "ho_so": [{"so_ban": 1}]}})
    assert resp.status_code == 422
    by_loc = {tuple(e["loc"]): e["msg"] for e in resp.json["errors"]}
    assert by_loc[("values", "han_nop")] == "Hạn nộp hồ sơ: chưa điền"
    assert by_loc[("values", "nam")].startswith("Năm bình xét: ")
    assert by_loc[("values", "ho_so", 0, "ten")] == "Hồ sơ phải gửi, dòng 1, Tên hồ sơ: chưa điền"


def test_another_agency_sees_no_template_unless_shared_from_above(client_as) -> None:
    tc_records = client_as(["records"], "VKSTC")
    hy, gl = client_as(["clerk"], "VKSHY"), client_as(["clerk", "records"], "VKSGL")
    own = tc_records.post("/api/v1/templates", json=template()).json["id"]
    shared_body = template() | {"shared": True, "name": "Mẫu chung của ngành"}
    shared = tc_records.post("/api/v1/templates", json=shared_body).json["id"]
    gl_own = gl.post("/api/v1/templates", json=template() | {"shared": True}).json["id"]
    listed = {t["id"] for t in hy.get("/api/v1/templates").json["items"]}
    assert shared in listed and own not in listed and gl_own not in listed
    assert hy.get(f"/api/v1/templates/{own}").status_code == 404
    assert hy.get(f"/api/v1/templates/{gl_own}").status_code == 404  # a sibling, not above
    assert hy.post(f"/api/v1/templates/{shared}/render",
                   json={"values": VALUES}).status_code == 200
    # Shared is for using: the province cannot change the VKSTC template.
    assert gl.put(f"/api/v1/templates/{shared}", json=shared_body).status_code == 403
    assert gl.post(f"/api/v1/templates/{shared}/use", json={"version": 1}).status_code == 403
    # Nor is anything shared upwards.
    assert gl_own not in {t["id"] for t in tc_records.get("/api/v1/templates").json["items"]}


def test_copy_makes_a_new_draft_of_any_paper_and_keeps_its_template(app, client, clerk,
                                                                    records) -> None:
    from docgen.http.context import services
    from docgen.services.accounts.identity import Actor

    tid = records.post("/api/v1/templates", json=template()).json["id"]
    actor = Actor("lan", "Lan", "vks-hung-yen", frozenset({"clerk"}))
    paper = services(app).templates.draft(tid, VALUES, actor)
    assert (paper.template_id, paper.template_version) == (tid, 1)
    # Take it through to issued, then copy it.
    for step in ("submit", "approve", "issue"):
        c = client if step != "submit" else None
        if c is None:
            services(app).registry.submit(paper.id, actor)
        else:
            assert c.post(f"/api/v1/papers/{paper.id}/{step}").status_code == 200
    resp = clerk.post(f"/api/v1/papers/{paper.id}/copy")
    assert resp.status_code == 201
    copy_ = resp.json
    assert copy_["status"] == "draft" and copy_["number"] is None
    assert "number" not in copy_["input"] and "date" not in copy_["input"]
    assert copy_["template"] == {"id": tid, "version": 1}
    assert copy_["input"]["body"] == client.get(f"/api/v1/papers/{paper.id}").json["input"]["body"]


def test_the_openapi_document_describes_the_templates_api(anon) -> None:
    doc = anon.get("/api/v1/openapi.json").json
    for path in ("/api/v1/templates", "/api/v1/templates/{template_id}",
                 "/api/v1/templates/{template_id}/use", "/api/v1/templates/{template_id}/render",
                 "/api/v1/papers/{paper_id}/copy"):
        assert path in doc["paths"]
        assert not any(op.get("x-undocumented") for op in doc["paths"][path].values())
