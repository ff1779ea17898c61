"""The shared examples of issue #20 (plan.json, official-letter.json) are a contract: they
render to DOCX and PDF and say what the contract says; the tables of a body repeat their
header rows (DOCX ``w:tblHeader``, PDF ``<thead>``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from docgen.render import docx as docx_renderer
from docgen.render import pdf as pdf_renderer
from docgen.service import compose_paper
from tests.helpers import docx_text, pdf_text

EXAMPLES = Path(__file__).resolve().parents[1] / "contracts"
CASES = {
    "plan.json": ("administrative", ["KẾ HOẠCH", "Số: 12/KH-VKSGL",
                                     "Công tác thi đua, khen thưởng năm 2026",
                                     "I. MỤC ĐÍCH, YÊU CẦU", "Tiến độ thực hiện",
                                     "báo cáo Viện trưởng./.", "KT. VIỆN TRƯỞNG"]),
    "official-letter.json": ("official-letter", ["Số: 231/VKSHY-VP", "V/v Đề nghị các đơn vị",
                                                 "Kính gửi:", "- Như trên;",
                                                 "không đề nghị khen thưởng./.",
                                                 "TL. VIỆN TRƯỞNG"]),
}


def _example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_example_renders_as_the_contract_says(name):
    kind, expected = CASES[name]
    doc = compose_paper(kind, _example(name))
    pdf = " ".join(pdf_text(pdf_renderer.render(doc)).split())
    docx = " ".join(docx_text(docx_renderer.render(doc)).split())
    for text in expected:
        assert text in pdf, text
        assert text in docx, text


@pytest.mark.slow
def test_a_long_body_table_repeats_its_header_row(sample, open_docx):
    data = sample("administrative")
    rows = "\n".join(f"| {i} | Việc thứ {i} | Tháng {i % 12 + 1}/2026 | Văn phòng |"
                     for i in range(1, 81))
    data["body"] = ("Tiến độ:\n\n| STT | Nội dung | Thời gian | Đơn vị chủ trì |\n"
                    "| :---: | --- | --- | --- |\n" + rows)
    doc = compose_paper("administrative", data)
    out = pdf_renderer.render(doc)
    reader = PdfReader(io.BytesIO(out))
    assert len(reader.pages) >= 3
    for page in reader.pages[1:]:
        text = page.extract_text()
        if "Việc thứ" in text:
            assert "Đơn vị chủ trì" in text  # the header row, again on this page
    assert "<thead>" in pdf_renderer.html(doc)
    table = open_docx(docx_renderer.render(doc)).tables[1]  # header, this, closing
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == 81
    assert table.rows[1].cells[0].paragraphs[0].alignment == 1  # centred, as marked
