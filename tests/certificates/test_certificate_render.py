"""Certificates: wording, page size and orientation, fonts, and every text inside the frame."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pypdf import PdfReader

from docgen.render import certificate_layout as L
from docgen.render.certificate_pdf import fit
from docgen.service import compose_paper, render_paper
from tests.helpers import docx_text, nfc, pdf_text

LONGEST_UNIT = ("Phòng Thực hành quyền công tố, kiểm sát điều tra và kiểm sát xét xử phúc thẩm "
                "án hình sự về ma túy, Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh")
LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Lê Minh Khuê"


@pytest.fixture(scope="module")
def certificate_pdf() -> bytes:
    from tests.helpers import load_json_sample

    return render_paper("certificate", load_json_sample("certificate"), "pdf").content


def test_one_page_per_recipient_a4_landscape(certificate_pdf):
    pages = PdfReader(io.BytesIO(certificate_pdf)).pages
    assert len(pages) == 3
    for page in pages:
        assert abs(float(page.mediabox.width) - 841.89) < 1
        assert abs(float(page.mediabox.height) - 595.28) < 1


def test_a3_on_request(sample):
    data = sample("certificate")
    data["paper"] = "A3"
    page = PdfReader(io.BytesIO(render_paper("certificate", data, "pdf").content)).pages[0]
    assert abs(float(page.mediabox.width) - 1190.55) < 1


@pytest.mark.parametrize(("page", "expected"), [
    (0, ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc",
         "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "TẶNG", "BẰNG KHEN",
         "Ông Nguyễn Văn Bình", "Kiểm sát viên cao cấp, Viện kiểm sát nhân dân cấp cao 1",
         "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2025",
         "Quyết định số 125/QĐ-VKSTC ngày 20 tháng 01 năm 2026", "Số sổ vàng: 1201",
         "Hà Nội, ngày 20 tháng 01 năm 2026", "VIỆN TRƯỞNG", "Trần Minh Khoa"]),
    (1, ["Bà Lò Thị Mai", "Số sổ vàng: 1202"]),
    (2, ["Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự",
         "Viện kiểm sát nhân dân tỉnh Đắk Lắk", "Số sổ vàng: 1203"]),
])
def test_text_of_each_certificate(certificate_pdf, page, expected):
    text = nfc(PdfReader(io.BytesIO(certificate_pdf)).pages[page].extract_text())
    for item in expected:
        assert item in text


def test_collective_has_no_salutation(certificate_pdf):
    text = nfc(PdfReader(io.BytesIO(certificate_pdf)).pages[2].extract_text())
    assert "Ông Phòng" not in text and "Bà Phòng" not in text


def test_fonts_embedded_and_text_selectable(certificate_pdf):
    with pdfplumber.open(io.BytesIO(certificate_pdf)) as doc:
        names = {c["fontname"] for c in doc.pages[0].chars}
    assert names and all("Liberation" in n or "DgSerif" in n for n in names)
    reader = PdfReader(io.BytesIO(certificate_pdf))
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                      if "/DescendantFonts" in font else font["/FontDescriptor"])
        assert "/FontFile2" in descriptor


def _colours(stream_owner, seen: set) -> set[tuple[float, float, float]]:
    """Every RGB fill/stroke colour set in a page or form, and in the forms it draws."""
    import pikepdf

    found = set()
    for operands, op in pikepdf.parse_content_stream(stream_owner):
        if str(op) in ("rg", "RG"):
            found.add(tuple(round(float(v), 3) for v in operands))
    xobjects = stream_owner.get("/Resources", {}).get("/XObject", {})
    for xobj in xobjects.values():
        if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
            seen.add(xobj.objgen)
            found |= _colours(xobj, seen)
    return found


def test_certificate_colours_are_the_palette(certificate_pdf):
    """The frame, the emblem and the red text are one red (and one gold), from one palette:
    a printer proofing the colours sees no near-duplicates."""
    import pikepdf

    palette = {tuple(round(c, 3) for c in colour)
               for colour in (L.RED, L.GOLD, L.DARK_GOLD, L.BLACK)}
    with pikepdf.open(io.BytesIO(certificate_pdf)) as pdf:
        used = _colours(pdf.pages[0], set())
    assert used <= palette, used - palette
    assert {tuple(round(c, 3) for c in colour) for colour in (L.RED, L.GOLD, L.DARK_GOLD)} <= used


def test_design_is_shared_by_every_page(sample):
    data = sample("certificate")
    data["recipients"] = data["recipients"] * 20
    reader = PdfReader(io.BytesIO(render_paper("certificate", data, "pdf").content))
    designs = set()
    for page in reader.pages:
        designs.update(obj.idnum for obj in page["/Resources"]["/XObject"].values())
    assert len(designs) == 1


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_long_names_and_units_stay_inside_the_frame(sample, paper):
    data = sample("certificate")
    data["paper"] = paper
    data["recipients"] = [
        {"name": LONG_NAME, "gender": "nữ", "position": "Kiểm sát viên cao cấp",
         "unit": LONGEST_UNIT},
        {"name": LONGEST_UNIT, "collective": True, "unit": LONGEST_UNIT,
         "achievement": "Đã có thành tích xuất sắc " * 12},
    ]
    out = render_paper("certificate", data, "pdf").content
    k = L.scale(paper)
    inner = L.FRAME_INNER_MM * k * 72 / 25.4
    with pdfplumber.open(io.BytesIO(out)) as doc:
        for page in doc.pages:
            assert page.chars
            for c in page.chars:
                assert inner <= c["x0"] and c["x1"] <= page.width - inner
                assert inner <= c["top"] and c["bottom"] <= page.height - inner
    assert nfc(LONG_NAME) in " ".join(pdf_text(out).split())


def test_fit_shrinks_then_wraps_within_the_box():
    box = L.BOXES["recipient"]
    short = fit("Ông An", box)
    assert short.size == box.size and short.lines == ("Ông An",)
    long = fit(LONGEST_UNIT, box)
    assert box.min_size <= long.size < box.size
    assert 1 <= len(long.lines) <= box.max_lines


def test_blank_design_prints_only_the_variable_text(sample):
    data = sample("certificate")
    data["design"] = "blank"
    out = render_paper("certificate", data, "pdf").content
    text = nfc(PdfReader(io.BytesIO(out)).pages[0].extract_text())
    assert "Ông Nguyễn Văn Bình" in text and "Số sổ vàng: 1201" in text
    assert "BẰNG KHEN" not in text and "Cộng hòa" not in text
    assert "/XObject" not in PdfReader(io.BytesIO(out)).pages[0]["/Resources"]


def test_blank_design_uses_the_agencys_offsets(sample, tmp_path, monkeypatch):
    import yaml

    from docgen.catalog.loader import PACKAGED_CATALOG

    catalog = yaml.safe_load(PACKAGED_CATALOG.read_text(encoding="utf-8"))
    catalog["agencies"][0]["certificate_offset_mm"] = [10, 5]
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    data = sample("certificate")
    data["design"] = "blank"

    def name_position(out: bytes) -> tuple[float, float]:
        with pdfplumber.open(io.BytesIO(out)) as doc:
            line = next(ln for ln in doc.pages[0].extract_text_lines()
                        if "Nguyễn Văn Bình" in nfc(ln["text"]))
        return line["x0"], line["top"]

    before = name_position(render_paper("certificate", data, "pdf").content)
    monkeypatch.setenv("DOCGEN_CATALOG", str(path))
    after = name_position(render_paper("certificate", data, "pdf").content)
    mm = 72 / 25.4
    assert after[0] - before[0] == pytest.approx(10 * mm, abs=0.5)
    assert after[1] - before[1] == pytest.approx(5 * mm, abs=0.5)


def test_title_certificate_heading(sample):
    data = sample("certificate")
    data["award"] = "chien_si_thi_dua_co_so"
    batch = compose_paper("certificate", data)
    assert batch.face.heading_lines == ("DANH HIỆU", "CHIẾN SĨ THI ĐUA CƠ SỞ")


def test_person_without_gender_is_refused(sample):
    from docgen.errors import InputError

    data = sample("certificate")
    del data["recipients"][0]["gender"]
    with pytest.raises(InputError) as exc:
        compose_paper("certificate", data)
    assert exc.value.errors[0].loc[:2] == ("recipients", 0)


def test_docx_of_certificates(sample):
    out = render_paper("certificate", sample("certificate"), "docx").content
    text = docx_text(out)
    assert "BẰNG KHEN" in text and "Ông Nguyễn Văn Bình" in text and "Số sổ vàng: 1203" in text
    from docx import Document

    doc = Document(io.BytesIO(out))
    assert len(doc.sections) == 3
    assert doc.sections[0].page_width > doc.sections[0].page_height


@pytest.mark.slow
def test_verification_qr_is_drawn_when_present(sample):
    from dataclasses import replace

    from docgen.compose.certificate import Verification
    from docgen.render.certificate_pdf import render

    batch = compose_paper("certificate", sample("certificate"))
    entry = replace(batch.entries[0], verification=Verification(
        "K7Q2M9X4TB", "http://127.0.0.1:8000/verify/K7Q2M9X4TB"))
    out = render(replace(batch, entries=(entry,)))
    text = nfc(PdfReader(io.BytesIO(out)).pages[0].extract_text())
    assert "K7Q2M9X4TB" in text
    with pdfplumber.open(io.BytesIO(out)) as doc:
        assert len(doc.pages[0].rects) > 100  # the QR modules


def test_configured_emblem_image_is_used(sample, tmp_path, monkeypatch):
    emblem = tmp_path / "emblem.svg"
    emblem.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                      '<rect width="10" height="10" fill="#00ff00"/></svg>', encoding="utf-8")
    monkeypatch.setenv("DOCGEN_CERTIFICATE_EMBLEM", str(emblem))
    out = render_paper("certificate", sample("certificate"), "pdf").content
    import pypdfium2

    page = pypdfium2.PdfDocument(out)[0]
    image = page.render(scale=1).to_pil()
    x, y = int(148.5 / 25.4 * 72), int(23 / 25.4 * 72)
    assert image.getpixel((x, y))[:3] == (0, 255, 0)


def test_missing_emblem_file_is_a_clear_error(sample, tmp_path, monkeypatch):
    from docgen.errors import ConfigError

    monkeypatch.setenv("DOCGEN_CERTIFICATE_EMBLEM", str(tmp_path / "missing.svg"))
    with pytest.raises(ConfigError, match="DOCGEN_CERTIFICATE_EMBLEM.*missing.svg"):
        render_paper("certificate", sample("certificate"), "pdf")
