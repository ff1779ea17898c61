"""The DOCX as a clerk's office suite lays it out: LibreOffice (headless) converts it to
PDF, and the pages are measured like docgen's own PDF. Catches what a structure check
cannot: a name alone at the top of a page, a header line wrapped by cell margins."""

from __future__ import annotations

import pytest

from docgen.render import docx as docx_renderer
from docgen.service import compose_paper
from tests.helpers import load_json_sample, page_numbers
from tests.render.conftest import (
    cluster_directive_input,
    hcm_directive_input,
    long_appendices_input,
    numbers_by_part,
    pledge_input,
)
from tests.render.layout import glyphs_outside_margins, line_with, page_texts, split_blocks

NAMES = [f"Nguyễn Văn Thành {i:02d}" for i in range(1, 41)]


@pytest.fixture(scope="module")
def office_pdfs(libreoffice_pdf):
    """LibreOffice's PDFs of pledges of several sizes and of long-named headers (one
    LibreOffice run for all)."""
    files = {f"pledge{n}": docx_renderer.render(compose_paper("pledge", pledge_input(n)))
             for n in (2, 5, 7, 16, 40)}
    samples = {"sample-pledge": ("pledge", load_json_sample("pledge")),
               "decision": ("award-decision", load_json_sample("award-decision")),
               "hcm": ("directive", hcm_directive_input()),
               "cluster": ("directive", cluster_directive_input())}
    for name, (kind, data) in samples.items():
        files[name] = docx_renderer.render(compose_paper(kind, data))
    return libreoffice_pdf(files)


@pytest.mark.parametrize("members", [2, 5, 7, 16, 40])
def test_no_signature_block_splits_and_no_glyph_leaves_the_margins(office_pdfs, members):
    pdf = office_pdfs[f"pledge{members}"]
    assert split_blocks(pdf, "VIỆN TRƯỞNG", [*NAMES[:members], "Đặng Văn Sơn"]) == []
    assert glyphs_outside_margins(pdf) == []


def test_no_name_stands_alone_at_the_top_of_a_page(office_pdfs):
    for name, pdf in office_pdfs.items():
        for index, content in enumerate(page_texts(pdf)[1:], start=2):
            lines = [line for line in content.splitlines() if not line.strip().isdigit()]
            first = lines[0] if lines else ""
            assert first not in (*NAMES, "Đặng Văn Sơn", "Võ Thị Ngọc Ánh", "Lê Văn Minh",
                                 "Trần Minh Khoa", "Bùi Thanh Tùng"), (name, index)


def test_witness_block_stays_whole(office_pdfs):
    texts = page_texts(office_pdfs["sample-pledge"])
    witness_page = next(i for i, t in enumerate(texts) if "Đặng Văn Sơn" in t)
    assert "CHỨNG KIẾN" in texts[witness_page]


def test_closing_table_stays_whole(office_pdfs):
    texts = page_texts(office_pdfs["decision"])
    signer = next(i for i, t in enumerate(texts) if "Bùi Thanh Tùng" in t)
    assert "Nơi nhận:" in texts[signer] and "VIỆN TRƯỞNG" in texts[signer]


def test_header_names_and_the_place_and_date_stay_on_one_line(office_pdfs):
    hcm = office_pdfs["hcm"]
    assert "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO" in line_with(hcm, "VIỆN KIỂM SÁT NHÂN DÂN TỐI")["text"]
    assert "THÀNH PHỐ HỒ CHÍ MINH" in line_with(hcm, "THÀNH PHỐ HỒ")["text"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line_with(hcm, "CỘNG HÒA")["text"]
    assert line_with(hcm, "Thành phố Hồ Chí Minh, ngày")["text"].endswith(
        "ngày 28 tháng 12 năm 2025")
    cluster = office_pdfs["cluster"]
    assert "NGÀNH KIỂM SÁT NHÂN DÂN" in line_with(cluster, "NGÀNH KIỂM SÁT")["text"]
    assert "CỤM THI ĐUA SỐ 8" in line_with(cluster, "CỤM THI ĐUA")["text"]


@pytest.fixture(scope="module")
def round_pdfs(libreoffice_pdf):
    """docgen's PDF and LibreOffice's PDF of the DOCX of each kind of the round."""
    from docgen.render import pdf as pdf_renderer

    kinds = ("council-minutes", "award-proposal", "achievement-report")
    documents = {kind: compose_paper(kind, load_json_sample(kind)) for kind in kinds}
    office = libreoffice_pdf({k: docx_renderer.render(d) for k, d in documents.items()})
    return {k: (pdf_renderer.render(d), office[k]) for k, d in documents.items()}


@pytest.mark.parametrize("kind", ["council-minutes", "award-proposal", "achievement-report"])
def test_round_papers_have_the_same_pages_in_libreoffice(round_pdfs, kind):
    ours, office = round_pdfs[kind]
    assert len(page_texts(office)) == len(page_texts(ours))
    assert glyphs_outside_margins(office) == []
    # The two signatures of minutes and reports stay on one page with their names.
    for first, second in (("THƯ KÝ", "Phạm Thu Hà"), ("CHỦ TỌA", "Bùi Thanh Tùng"),
                          ("NGƯỜI BÁO CÁO THÀNH TÍCH", "Nguyễn Thị Hồng Nhung")):
        pages = [i for i, t in enumerate(page_texts(office)) if first in t]
        if pages:
            assert second in page_texts(office)[pages[-1]]


ENACTMENTS = ("resolution", "issuing-decision")


@pytest.fixture(scope="module")
def enactment_pdfs(libreoffice_pdf):
    """docgen's PDF and LibreOffice's PDF of the DOCX of a nghị quyết with two phụ lục and
    of a decision with the quy chế it issues (Decree 30, Mẫu 1.1, 1.3, 2.1)."""
    from docgen.render import pdf as pdf_renderer

    documents = {kind: compose_paper(kind, load_json_sample(kind)) for kind in ENACTMENTS}
    office = libreoffice_pdf({k: docx_renderer.render(d) for k, d in documents.items()})
    return {k: (pdf_renderer.render(d), office[k]) for k, d in documents.items()}


@pytest.mark.parametrize("kind", ENACTMENTS)
def test_enactments_have_the_same_pages_in_libreoffice(enactment_pdfs, kind):
    ours, office = enactment_pdfs[kind]
    pages = page_texts(office)
    assert len(pages) == len(page_texts(ours))
    assert glyphs_outside_margins(office) == []
    # Each part after the signature starts a page of its own, in both.
    for texts in (page_texts(ours), pages):
        starts = [t for t in texts if "(Kèm theo" in t]
        assert starts and all("./." in t for t in starts)
        signer = next(i for i, t in enumerate(texts) if "Lê Văn Minh" in t)
        assert "Nơi nhận:" in texts[signer] and "(Kèm theo" not in texts[signer]
    if kind == "issuing-decision":
        text = next(t for t in pages if "(Kèm theo Quyết định" in t)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "QUY CHẾ" in text
        assert "Số:" not in text


@pytest.fixture(scope="module")
def long_appendix_pdfs(libreoffice_pdf):
    """docgen's PDF and LibreOffice's PDF of the DOCX of a nghị quyết whose two phụ lục
    each run over several pages."""
    from docgen.render import pdf as pdf_renderer

    document = compose_paper("resolution", long_appendices_input())
    office = libreoffice_pdf({"long": docx_renderer.render(document)})["long"]
    return pdf_renderer.render(document), office


def test_each_phu_luc_numbers_its_pages_the_same_in_libreoffice(long_appendix_pdfs):
    """Word's layout (LibreOffice) numbers each phụ lục's pages on its own, as docgen's PDF
    does (Decree 30, Appendix I, III.1.đ; the rule itself: test_render_pdf)."""
    ours, office = long_appendix_pdfs
    parts = [numbers_by_part(page_texts(pdf), page_numbers(pdf)) for pdf in (ours, office)]
    assert parts[1] == parts[0]
    assert [part[:2] for part in parts[1][1:]] == [["", "2"]] * 2  # both phụ lục
