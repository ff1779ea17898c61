"""The round's papers: the decision drafts list exactly the nominees who passed, cite the
council's proposal once it has a number and a date, and the example's ZIP holds every
paper as DOCX and PDF (the PDFs A4, the DOCX of the same pages in LibreOffice is checked
by tests/render/test_render_libreoffice.py)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from docgen.catalog import load_catalog
from docgen.compose.document import Document
from docgen.model.round import RoundInput
from docgen.model.validation import validate_input
from docgen.rounds import check
from docgen.rounds.dossier import decision_inputs, dossier_zip, papers
from docgen.service import render_document
from tests.helpers import docx_text, pdf_text

EXAMPLE = Path(__file__).resolve().parents[2] / "samples" / "council-minutes.json"
CATALOG = load_catalog()


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text("utf-8"))


def validated(data: dict[str, Any]) -> RoundInput:
    return validate_input(RoundInput, data, context={"catalog": CATALOG})


def test_one_draft_per_award_of_the_agency_with_exactly_who_passed():
    data = example()
    data["nominations"][3]["votes"] = 3  # Hoàng Thị Thủy: Lao động tiên tiến not reached
    data["nominations"][13]["person"]["recruited"] = "2026-09-01"  # Mai Thị Quỳnh: 4 months
    rnd = validated(data)
    result = check(rnd, CATALOG)
    drafts = {d.award: d for d in decision_inputs(rnd, result, CATALOG)}
    # The Bằng khen of the Supreme Procuracy is proposed upward, not decided here.
    assert list(drafts) == ["lao_dong_tien_tien", "chien_si_thi_dua_co_so",
                            "tap_the_lao_dong_xuat_sac", "tap_the_lao_dong_tien_tien",
                            "giay_khen"]
    for code, draft in drafts.items():
        passed = [r.name for r in result.passed(code)]
        assert [p.name for p in draft.individuals] + [u.name for u in draft.collectives] == passed
        assert draft.draft and draft.number is None
    names = [p.name for p in drafts["lao_dong_tien_tien"].individuals]
    assert len(names) == 12 and "Hoàng Thị Thủy" not in names and "Mai Thị Quỳnh" not in names


def test_a_draft_cites_the_councils_proposal_once_it_is_issued():
    data = example()
    rnd = validated(data)
    before = decision_inputs(rnd, check(rnd, CATALOG), CATALOG)[0]
    assert before.proposal == ("Xét đề nghị của Hội đồng Thi đua - Khen thưởng Viện kiểm sát "
                               "nhân dân tỉnh Hưng Yên")
    data["proposal"].update(council_number=12, council_date="2026-12-20")
    rnd = validated(data)
    after = decision_inputs(rnd, check(rnd, CATALOG), CATALOG)[0]
    assert after.proposal.endswith("tại Tờ trình số 12/TTr-VKSHY ngày 20 tháng 12 năm 2026")


def test_the_decision_carries_the_single_achievement_line_of_its_nominees():
    rnd = validated(example())
    drafts = {d.award: d for d in decision_inputs(rnd, check(rnd, CATALOG), CATALOG)}
    assert drafts["giay_khen"].achievement.startswith("có thành tích xuất sắc trong đợt cao điểm")
    assert drafts["lao_dong_tien_tien"].achievement == ("đã có thành tích trong phong trào thi "
                                                       "đua năm 2026")


def test_a_failed_nomination_is_in_the_minutes_and_out_of_the_decisions():
    data = example()
    data["nominations"][3]["votes"] = 3
    rnd = validated(data)
    _, composed = papers(rnd, CATALOG)
    minutes = next(p.document for p in composed if p.kind == "council-minutes")
    text = " ".join(str(getattr(b, "text", b)) for b in minutes.body)
    assert "Không đạt" in text and "Hoàng Thị Thủy: chưa đạt tỷ lệ phiếu: 3/7 phiếu" in text
    decision = next(p.document for p in composed if p.kind == "award-decision")
    listed = [row[1] for s in decision.appendix.sections for row in s.rows]
    assert "Hoàng Thị Thủy" not in listed and "Nguyễn Thị Hồng Nhung" in listed


@pytest.mark.slow
def test_the_examples_zip_holds_every_paper_as_docx_and_pdf():
    data = example()
    data["nominations"][0]["report"] = json.loads(
        (EXAMPLE.parent / "achievement-report.json").read_text("utf-8"))
    rendered: list[tuple[str, str]] = []

    def render(kind: str, document: Document, fmt: str) -> bytes:
        rendered.append((kind, fmt))
        return render_document(kind, document, fmt).content

    archive = zipfile.ZipFile(io.BytesIO(dossier_zip(validated(data), CATALOG, render)))
    stems = ["01-bien-ban-hop-hoi-dong", "02-to-trinh-hoi-dong", "03-to-trinh-cap-tren",
             "04-quyet-dinh-01-lao-dong-tien-tien", "04-quyet-dinh-02-chien-si-thi-dua-co-so",
             "04-quyet-dinh-03-tap-the-lao-dong-xuat-sac",
             "04-quyet-dinh-04-tap-the-lao-dong-tien-tien", "04-quyet-dinh-05-giay-khen",
             "05-bao-cao-thanh-tich-01-nguyen-thi-hong-nhung"]
    assert archive.namelist() == ["ket-qua-binh-xet.json",
                                  *(f"{s}.{f}" for s in stems for f in ("docx", "pdf"))]
    assert {k for k, _ in rendered} == {"council-minutes", "award-proposal", "award-decision",
                                        "achievement-report"}
    result = json.loads(archive.read("ket-qua-binh-xet.json"))
    assert len(result["nominations"]) == 22 and all(n["passed"] for n in result["nominations"])
    for stem in stems:
        pdf = archive.read(f"{stem}.pdf")
        for page in PdfReader(io.BytesIO(pdf)).pages:
            assert round(float(page.mediabox.width)) == 595
        words = " ".join(docx_text(archive.read(f"{stem}.docx")).split())
        assert words.split()[:4] == " ".join(pdf_text(pdf).split()).split()[:4]
    higher = " ".join(pdf_text(archive.read("03-to-trinh-cap-tren.pdf")).split())
    assert "Kính gửi: Viện trưởng Viện kiểm sát nhân dân tối cao." in higher
    assert "Phòng Kiểm sát thi hành án hình sự (Phòng 7)" in higher
