"""The PDF renderer: page size, embedded shipped fonts, exact Vietnamese text, formats,
page numbers, PDF/A identification, and the restricted URL fetcher."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from docgen.render import pdf as pdf_renderer
from docgen.service import compose_paper
from tests.helpers import PAPER_KINDS, nfc, page_mm, page_numbers, pdf_text
from tests.render.conftest import long_appendices_input, numbers_by_part
from tests.render.layout import page_texts


def chars_of(data: bytes, text: str, page: int = 0) -> list[dict]:
    """The characters of the first line on ``page`` that contains ``text``."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for line in doc.pages[page].extract_text_lines(return_chars=True):
            joined = nfc(line["text"])
            if text in joined:
                return line["chars"]
    raise AssertionError(f"{text!r} not on page {page}")


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_pages_are_a4(pdf_files, kind):
    width, height = (mm / 25.4 * 72 for mm in page_mm(kind))  # landscape for a wide table
    for page in PdfReader(io.BytesIO(pdf_files[kind])).pages:
        assert abs(float(page.mediabox.width) - width) < 1
        assert abs(float(page.mediabox.height) - height) < 1


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_only_shipped_fonts_and_all_embedded(pdf_files, kind):
    reader = PdfReader(io.BytesIO(pdf_files[kind]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values())
    assert all("Liberation-Serif" in name for name in fonts)


@pytest.mark.parametrize(("kind", "expected"), [
    ("directive", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Số: 02/CT-VKSTC", "Hà Nội, ngày 26 tháng 12 năm 2025", "CHỈ THỊ",
                   "Nơi nhận:", "- Lưu: VT, VP.", "Trần Minh Khoa", "báo cáo Viện trưởng./."]),
    ("pledge", ["GIAO ƯỚC THI ĐUA", "NĂM 2026", "KHỐI THI ĐUA SỐ 2",
                "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", "KHỐI TRƯỞNG", "CHỨNG KIẾN",
                "Võ Thị Ngọc Ánh"]),
    ("award-decision", ["QUYẾT ĐỊNH:", "Điều 1.", "06 cá nhân", "DANH SÁCH",
                        "I. CÁ NHÂN (06)", "Nguyễn Thị Hồng Nhung"]),
])
def test_vietnamese_text_is_extractable_exactly(pdf_files, kind, expected):
    text = " ".join(pdf_text(pdf_files[kind]).split())
    for item in expected:
        assert item in text


def test_national_name_bold_and_date_italic(pdf_files):
    data = pdf_files["award-decision"]
    national = chars_of(data, "CỘNG HÒA XÃ HỘI")
    assert all("Bold" in c["fontname"] for c in national if c["text"].strip())
    date = chars_of(data, "ngày 05 tháng 01")
    assert all("Italic" in c["fontname"] for c in date if c["text"].strip() and c["x0"] > 300)


def test_page_number_from_page_two_centred_at_the_top(pdf_files):
    with pdfplumber.open(io.BytesIO(pdf_files["directive"])) as doc:
        first, second = doc.pages[0], doc.pages[1]
        top_first = [w for w in first.extract_words() if w["top"] < 50]
        assert top_first == []
        top = [w for w in second.extract_words() if w["top"] < 50]
        assert [w["text"] for w in top] == ["2"]
        centre = (top[0]["x0"] + top[0]["x1"]) / 2
        text_centre = (30 + (210 - 15)) / 2 / 25.4 * 72
        assert abs(centre - text_centre) < 6


def test_each_phu_luc_numbers_its_pages_from_one():
    """Decree 30, Appendix I, III.1.đ: each phụ lục's pages are numbered on their own, and,
    as on the paper, its first page shows no number."""
    pdf = pdf_renderer.render(compose_paper("resolution", long_appendices_input()))
    paper, *appendices = numbers_by_part(page_texts(pdf), page_numbers(pdf))
    assert len(appendices) == 2 and all(len(part) >= 2 for part in appendices)
    for part in (paper, *appendices):
        assert part == ["", *(str(n) for n in range(2, len(part) + 1))]


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_pdfa_2b_identification(pdf_files, kind):
    xmp = PdfReader(io.BytesIO(pdf_files[kind])).xmp_metadata
    raw = xmp.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", raw)
    assert re.search(r"pdfaid:conformance(>|=\")B", raw)


def test_metadata_title(pdf_files):
    assert PdfReader(io.BytesIO(pdf_files["award-decision"])).metadata.title == \
        "Quyết định số 15/QĐ-VKSHY"


def test_markup_characters_come_out_literally(sample):
    data = sample("directive")
    data["recipients"].append('Phòng 1 & 2 <Tổng hợp> "trích"')
    data["body"] = "Đoạn có <script>alert(1)</script> & ký tự đặc biệt."
    text = pdf_text(pdf_renderer.render(compose_paper("directive", data)))
    assert '- Phòng 1 & 2 <Tổng hợp> "trích";' in text
    assert "<script>alert(1)</script> &" in text


def test_html_escapes_values(sample):
    data = sample("directive")
    data["signer"]["name"] = "<b>Trần</b>"
    html = pdf_renderer.html(compose_paper("directive", data))
    assert "&lt;b&gt;Trần&lt;/b&gt;" in html and "<b>Trần</b>" not in html


@pytest.mark.parametrize("url", ["http://example.com/x.css", "https://127.0.0.1/",
                                 "file:///etc/passwd", "data:text/css,body{}"])
def test_url_fetcher_refuses_everything_outside_the_assets(url):
    from weasyprint.urls import URLFetchingError

    fetcher = pdf_renderer.engine().fetcher
    with pytest.raises((URLFetchingError, ValueError)):
        fetcher.fetch(url)


def test_url_fetcher_serves_the_shipped_fonts():
    url = pdf_renderer.font_url("LiberationSerif-Regular.ttf")
    response = pdf_renderer.engine().fetcher.fetch(url)
    assert response.read(4) == b"\x00\x01\x00\x00"


def test_stylesheet_comes_from_the_style_table():
    from docgen import style

    css = pdf_renderer.stylesheet_source()
    assert f"margin: {style.A4.margin_top_mm}mm {style.A4.margin_right_mm}mm" in css
    assert f"text-indent: {style.BODY_INDENT_MM}mm" in css


def test_user_agent_pseudo_element_rules_are_scoped_in_this_weasyprint():
    """The installed WeasyPrint still has the six universal pseudo-element rules docgen
    scopes (a release that changes them would silently cost papers ~4 % of their render),
    and the scoped stylesheet styles no pseudo-element of every element any more."""
    source = pdf_renderer.ua_stylesheet_source()
    assert source is not None
    assert not re.search(r"^::", source, re.M)
    assert "li::marker, summary::marker {" in source
    assert pdf_renderer.engine().ua_stylesheets[0] is not None


def test_pages_keep_their_list_markers_with_the_scoped_stylesheet():
    """Scoping ``::marker`` to list items keeps the markers of a list (a template that
    ever uses one is not broken by the speed-up)."""
    from weasyprint import HTML

    eng = pdf_renderer.engine()
    html = "<!DOCTYPE html><html><body><ul><li>một</li><li>hai</li></ul></body></html>"
    ours = pdf_renderer._paper_html_class()(string=html).render(
        stylesheets=[eng.stylesheet], font_config=eng.font_config).write_pdf()
    stock = HTML(string=html).render(stylesheets=[eng.stylesheet],
                                     font_config=eng.font_config).write_pdf()
    assert pdf_text(ours) == pdf_text(stock)
    assert "•" in pdf_text(ours)


@pytest.mark.slow
def test_long_appendix_repeats_on_pages(sample):
    data = sample("award-decision")
    person = data["individuals"][0]
    data["individuals"] = [dict(person, name=f"Nguyễn Văn {i:03d}") for i in range(120)]
    out = pdf_renderer.render(compose_paper("award-decision", data))
    reader = PdfReader(io.BytesIO(out))
    assert len(reader.pages) >= 4
    last = nfc(reader.pages[-1].extract_text())
    assert "Họ và tên" in last  # header row repeated
    assert "Nguyễn Văn 119" in pdf_text(out)


def test_draft_blanks_keep_their_width(sample):
    data = sample("directive")
    del data["number"], data["date"]
    html = pdf_renderer.html(compose_paper("directive", data))
    # The blank is kept, inside the span its text form field is placed over.
    assert 'Số:<span class="blank" id="field-number">      </span>/CT-VKSTC' in html
    css = pdf_renderer.stylesheet_source()
    assert ".number, .place-date, .appendix-reference { white-space: pre-wrap; }" in css
    out = pdf_renderer.render(compose_paper("directive", data))
    with pdfplumber.open(io.BytesIO(out)) as doc:
        line = next(ln for ln in doc.pages[0].extract_text_lines(return_chars=True)
                    if nfc(ln["text"]).startswith("Số:"))
        colon = next(c for c in line["chars"] if c["text"] == ":")
        slash = next(c for c in line["chars"] if c["text"] == "/")
    assert slash["x0"] - colon["x1"] > 12  # six spaces at 13 pt, not one


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_paper_markup_is_well_formed_so_the_fast_parser_reads_it(sample, kind, caplog):
    """Papers are parsed as XML by the standard library's C parser (WeasyPrint's HTML5
    parser is pure Python and cost up to 7 ms a paper): every paper's markup, drafts with
    their blanks and issued papers with their QR code included, must be well-formed."""
    import dataclasses
    import xml.etree.ElementTree as ET

    from docgen.compose.document import Verification

    data = sample(kind)
    draft = compose_paper(kind, {**data, "draft": True})
    issued = dataclasses.replace(compose_paper(kind, data), verification=Verification(
        "ABCD123456", "https://docgen.example/verify/ABCD123456"))
    for document in (draft, issued):
        ET.fromstring(pdf_renderer.html(document))
        with caplog.at_level("WARNING", logger="docgen.render.pdf"):
            pdf_renderer.layout(document)
        assert "not well-formed" not in caplog.text


def test_no_stream_of_a_paper_is_compressed_twice(sample, monkeypatch):
    # pydyf serialises every object a second time for the PDF/A identifier; docgen keeps
    # the first result, page content streams (WeasyPrint's own stream class) included.
    import zlib

    compressed: list[bytes] = []
    real_compress, real_compressobj = zlib.compress, zlib.compressobj

    def counting(data: bytes, level: int = -1) -> bytes:
        compressed.append(data)
        return real_compress(data, level)

    class CountingCompressor:  # pydyf's own way
        def __init__(self, *args: object, **kwargs: object) -> None:
            self._z, self._data = real_compressobj(*args, **kwargs), b""

        def compress(self, data: bytes) -> bytes:
            self._data += data
            return self._z.compress(data)

        def flush(self) -> bytes:
            compressed.append(self._data)
            return self._z.flush()

    monkeypatch.setattr(zlib, "compress", counting)
    monkeypatch.setattr(zlib, "compressobj", CountingCompressor)
    data = pdf_renderer.render(compose_paper("pledge", sample("pledge")))
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert len(compressed) == len(set(compressed)) >= pages

