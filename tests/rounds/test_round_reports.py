"""A nomination's achievement report kept with the round, over the API, on SQLite and
PostgreSQL: the unit's clerk types it (what the nomination says is its default: person or
collective, award, year, the person's particulars), a report of another award or missing
its achievements is refused field by field in Vietnamese, another unit's clerk is refused,
and the round's dossier ZIP then holds the report as DOCX and PDF with what was typed. A
report attached as a file is accepted as PDF or DOCX by its content only, downloaded as
sent, and in the ZIP too."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from flask.testing import FlaskClient

from tests.helpers import load_json_sample
from tests.rounds.test_round_api import as_user, db_app, example  # noqa: F401 (fixtures)

#: A small but whole PDF, as a scanner's file would begin and end.
SCAN = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n"
        b"%%EOF\n")


def report_body() -> dict[str, Any]:
    """The sample report as a clerk types it on a nomination: the main fields only."""
    sample = load_json_sample("achievement-report")
    return {k: sample[k] for k in ("place", "duties", "achievements", "titles", "certifier")}


@pytest.mark.slow
def test_a_typed_report_is_kept_and_in_the_dossier_zip(
        as_user: Callable[..., FlaskClient]) -> None:  # noqa: F811
    ex = example()
    council, leader = as_user("council"), as_user("leader")
    clerk, other = as_user("clerk", unit="Phòng 1"), as_user("clerk", unit="Phòng 2")
    rid = council.post("/api/v1/rounds", json={"year": 2026, "title": ex["title"],
                                               "council": ex["council"],
                                               "proposal": ex["proposal"]}).json["id"]
    chosen = next(n for n in ex["nominations"]
                  if n["award"] == "chien_si_thi_dua_co_so" and n["proposed_by"] == "Phòng 1")
    made = clerk.post(f"/api/v1/rounds/{rid}/nominations",
                      json={k: v for k, v in chosen.items() if k != "votes"})
    assert made.status_code == 201, made.json
    nid = made.json["id"]
    url = f"/api/v1/rounds/{rid}/nominations/{nid}/report"

    refused = other.put(url, json=report_body())
    assert refused.status_code == 403 and "đơn vị mình" in refused.json["message"]
    wrong = clerk.put(url, json={**report_body(), "award": "giay_khen"})
    assert wrong.status_code == 422
    assert wrong.json["errors"][0]["loc"] == ["report", "award"]
    bare = clerk.put(url, json={k: v for k, v in report_body().items() if k != "achievements"})
    assert bare.status_code == 422
    assert ["report", "achievements"] in [e["loc"] for e in bare.json["errors"]]

    kept = clerk.put(url, json=report_body())
    assert kept.status_code == 200, kept.json
    report = kept.json["nomination"]["report"]
    assert report["for"] == "person" and report["award"] == "chien_si_thi_dua_co_so"
    assert report["year"] == 2026
    assert report["person"]["name"] == chosen["person"]["name"]
    assert report["achievements"].startswith("**1. Kết quả thực hiện nhiệm vụ**")
    # Removed and typed again: the nomination itself is unchanged either way.
    removed = clerk.delete(url)
    assert removed.status_code == 200 and "report" not in removed.json["nomination"]
    assert clerk.put(url, json=report_body()).status_code == 200

    # The signed report as a file: its kind read from its content, kept by hash.
    files = f"/api/v1/rounds/{rid}/nominations/{nid}/report-file"
    renamed = clerk.put(files, data={"file": (io.BytesIO(b"MZ not a pdf"), "bao-cao.pdf")},
                        content_type="multipart/form-data")
    assert renamed.status_code == 422
    assert "PDF hoặc Word" in renamed.json["errors"][0]["msg"]
    cut = clerk.put(files, data={"file": (io.BytesIO(SCAN[:40]), "bao-cao.pdf")},
                    content_type="multipart/form-data")
    assert cut.status_code == 422 and "không trọn vẹn" in cut.json["errors"][0]["msg"]
    assert other.put(files, data={"file": (io.BytesIO(SCAN), "x.pdf")},
                     content_type="multipart/form-data").status_code == 403
    word = io.BytesIO()
    Document().save(word)
    as_docx = clerk.put(files, data={"file": (io.BytesIO(word.getvalue()), "bc.docx")},
                        content_type="multipart/form-data")
    assert as_docx.status_code == 200 and as_docx.json["report_file"]["format"] == "docx"
    attached = clerk.put(files, data={"file": (io.BytesIO(SCAN), "Báo cáo có chữ ký.pdf")},
                         content_type="multipart/form-data")
    assert attached.status_code == 200, attached.json
    assert attached.json["report_file"]["format"] == "pdf"
    assert attached.json["report_file"]["filename"] == "Báo cáo có chữ ký.pdf"
    back = leader.get(files)
    assert back.status_code == 200 and back.data == SCAN and back.mimetype == "application/pdf"

    early = leader.get(f"/api/v1/rounds/{rid}/dossier")
    assert early.status_code == 422 and early.json["errors"]
    version = council.get(f"/api/v1/rounds/{rid}").json["version"]
    assert council.put(f"/api/v1/rounds/{rid}/meeting", json={
        "version": version, "meeting": ex["meeting"],
        "votes": [{"nomination": nid, "votes": 7}]}).status_code == 200
    late = clerk.put(url, json=report_body())
    assert late.status_code == 409

    got = leader.get(f"/api/v1/rounds/{rid}/dossier")
    assert got.status_code == 200 and got.mimetype == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(got.data))
    reports = sorted(n for n in zf.namelist() if n.startswith("05-bao-cao-thanh-tich")
                     and "-tep-dinh-kem." not in n)
    assert [n.rsplit(".", 1)[1] for n in reports] == ["docx", "pdf"]
    assert zf.read(reports[1]).startswith(b"%PDF")
    text = "\n".join(p.text for p in Document(io.BytesIO(zf.read(reports[0]))).paragraphs)
    assert chosen["person"]["name"] in text
    assert "Sổ tay kiểm sát việc giải quyết án hình sự sơ thẩm" in text
    scanned = [n for n in zf.namelist() if n.endswith("-tep-dinh-kem.pdf")]
    assert len(scanned) == 1 and zf.read(scanned[0]) == SCAN
    assert as_user("leader", agency="VKSTC").get(files).status_code == 404
    assert as_user("leader", agency="VKSTC").get(
        f"/api/v1/rounds/{rid}/dossier").status_code == 404
