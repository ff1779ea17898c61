"""The cluster's papers laid out: the landscape scores table of 5, 10 and 15 members keeps
inside its margins, repeats its header row on every page, and LibreOffice lays the DOCX
out on as many pages as docgen's PDF (the minutes too)."""

from __future__ import annotations

import io
import sys

import pdfplumber
import pytest

from docgen import style
from docgen.render import docx as docx_renderer
from docgen.render import pdf as pdf_renderer
from docgen.service import compose_paper
from tests.helpers import ROOT, load_json_sample, nfc
from tests.render.layout import glyphs_outside_margins

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_scoring import year  # noqa: E402

SIZES = {5: 20, 10: 40, 15: 60}  # members: criteria


@pytest.fixture(scope="module")
def papers(libreoffice_pdf):
    """name -> (docgen's PDF, LibreOffice's PDF of the DOCX)."""
    docs = {f"scores{m}": compose_paper("cluster-scores", year(m, c)) for m, c in SIZES.items()}
    docs["minutes"] = compose_paper("cluster-minutes", load_json_sample("cluster-minutes"))
    docs["scores-sample"] = compose_paper("cluster-scores", load_json_sample("cluster-scores"))
    office = libreoffice_pdf({name: docx_renderer.render(d) for name, d in docs.items()})
    return {name: (pdf_renderer.render(d, signature_fields=False), office[name])
            for name, d in docs.items()}


def pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [nfc(p.extract_text() or "") for p in doc.pages]


@pytest.mark.parametrize("name", ["scores5", "scores10", "scores15", "scores-sample", "minutes"])
def test_libreoffice_lays_the_docx_on_as_many_pages_as_the_pdf(papers, name):
    ours, office = papers[name]
    assert len(pages(office)) == len(pages(ours))


@pytest.mark.parametrize("members", sorted(SIZES))
def test_scores_table_stays_inside_the_landscape_margins(papers, members):
    ours, office = papers[f"scores{members}"]
    assert glyphs_outside_margins(ours, style.A4_LANDSCAPE) == []
    assert glyphs_outside_margins(office, style.A4_LANDSCAPE) == []


@pytest.mark.parametrize("which", [0, 1])
def test_header_row_on_every_page_of_the_table(papers, which):
    texts = pages(papers["scores15"][which])
    table_pages = [t for t in texts if "Tiêu chí số" in t or "TỔNG CỘNG" in t]
    assert len(table_pages) >= 3
    assert all("Điểm" in t and "STT" in t and "DV01" in t for t in table_pages)


def test_signature_never_alone_on_its_page(papers):
    for which in (0, 1):
        last = pages(papers["scores-sample"][which])[-1]
        assert "Thái Văn Mừng" in last and "Ghi chú:" in last
