"""The certificate DOCX is the same certificate as the PDF: laid out by LibreOffice, every
text sits where the PDF puts it, and the design (emblem, frame, inner border, rule under
the motto) is there; a blank gets the agency's offsets; the code and QR code are drawn."""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
import pikepdf
import pypdfium2
import pytest

from docgen.compose.certificate import Verification
from docgen.render import certificate_docx, certificate_pdf
from docgen.render import certificate_layout as L
from docgen.service import compose_paper
from tests.helpers import load_json_sample, nfc

MM = 72 / 25.4
CODE = Verification("K7Q2M9X4TB", "http://127.0.0.1:8000/verify/K7Q2M9X4TB")


def positions(pdf: bytes, texts: list[str]) -> list[dict[str, tuple[float, float, float]]]:
    """Per page: text -> (left, right, top) in mm of its first occurrence."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            found = {}
            for text in texts:
                hits = page.search(text)
                if hits:
                    found[text] = tuple(round(hits[0][k] / MM, 2) for k in ("x0", "x1", "top"))
            out.append(found)
    return out


def picture(pdf: bytes, page: int = 0, dpi: int = 40):
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


@pytest.fixture(scope="module")
def batches():
    """The sample batch (full design, one entry with a verification code) and a blank."""
    full = compose_paper("certificate", load_json_sample("certificate"))
    full = replace(full, entries=(replace(full.entries[0], verification=CODE),
                                  *full.entries[1:]))
    blank_data = load_json_sample("certificate")
    blank_data["design"] = "blank"
    blank = compose_paper("certificate", blank_data)
    return {"full": full, "blank": blank}


@pytest.fixture(scope="module")
def both(batches, libreoffice_pdf):
    """name -> (docgen's PDF, LibreOffice's PDF of docgen's DOCX)."""
    docx = {name: certificate_docx.render(b) for name, b in batches.items()}
    office = libreoffice_pdf(docx)
    return {name: (certificate_pdf.render(b), office[name]) for name, b in batches.items()}


def _texts(batch) -> list[str]:
    face = batch.face
    out = [face.place_date_line, face.signer_name, face.decision_line, *face.signer_title_lines]
    if face.design == "full":
        out += [face.national_name, face.motto, face.authority, " ".join(face.heading_lines)]
    for entry in batch.entries:
        out += [entry.recipient_line, entry.register_line or ""]
    return [nfc(t) for t in out if t]


@pytest.mark.parametrize("design", ["full", "blank"])
def test_every_text_is_where_the_pdf_puts_it(batches, both, design):
    pdf, office = both[design]
    texts = _texts(batches[design])
    expected, got = positions(pdf, texts), positions(office, texts)
    assert len(got) == len(expected) == len(batches[design].entries)
    for page, (want, have) in enumerate(zip(expected, got, strict=True)):
        assert want.keys() == have.keys(), page
        for text, (x0, x1, top) in want.items():
            hx0, hx1, htop = have[text]
            assert (hx0, hx1, htop) == pytest.approx((x0, x1, top), abs=0.8), (page, text)


def _region(image, box_mm: tuple[float, float, float, float], dpi: int):
    px = dpi / 25.4
    x0, y0, x1, y1 = box_mm
    return image.crop((round(x0 * px), round(y0 * px), round(x1 * px), round(y1 * px)))


def _ink(image) -> float:
    """Share of a region that is not paper-white."""
    grey = image.convert("L").point(lambda v: 255 if v < 200 else 0)
    return grey.histogram()[255] / (image.width * image.height)


def test_design_matches_the_pdf_emblem_frame_and_motto_rule(batches, both):
    pdf, office = both["full"]
    dpi = 100
    ours, theirs = picture(pdf, dpi=dpi), picture(office, dpi=dpi)
    # Rule under the motto: from certificate_pdf's own numbers.
    box = L.BOXES["motto"]
    motto = batches["full"].face.motto
    x0, x1, y = certificate_pdf.rule_under(box, certificate_pdf.fit(motto, box), 1.0)
    e = L.EMBLEM
    inner = L.FRAME_INNER_MM
    regions = {
        "emblem": (e["cx"] - e["size"] / 2, e["top"], e["cx"] + e["size"] / 2, e["top"] + e["size"]),
        "corner": (L.FRAME_OUTER_MM, L.FRAME_OUTER_MM, L.FRAME_OUTER_MM + 16, L.FRAME_OUTER_MM + 16),
        "inner border": (100, inner - 0.6, 200, inner + 0.6),
        "outer frame": (100, L.FRAME_OUTER_MM - 0.3, 200, L.FRAME_OUTER_MM + 2.5),
        "motto rule": (x0 + 1, y - 0.4, x1 - 1, y + 0.4),
    }
    for name, area in regions.items():
        mine, office_part = _region(ours, area, dpi), _region(theirs, area, dpi)
        assert _ink(mine) > 0.05, name  # the PDF has it ...
        assert _ink(office_part) == pytest.approx(_ink(mine), abs=0.1), name  # ... so has the DOCX


def test_blank_is_shifted_by_the_agencys_offsets(batches, libreoffice_pdf):
    blank = batches["blank"]
    shifted = replace(blank, face=replace(blank.face, offset_mm=(10.0, 5.0)))
    [moved] = libreoffice_pdf({"moved": certificate_docx.render(shifted)}).values()
    [still] = libreoffice_pdf({"still": certificate_docx.render(blank)}).values()
    name = blank.entries[0].recipient_line
    (x0, _, top), (mx0, _, mtop) = positions(still, [name])[0][name], positions(moved, [name])[0][name]
    assert (mx0 - x0, mtop - top) == pytest.approx((10.0, 5.0), abs=0.3)


def test_verification_code_and_qr_code_are_where_the_pdf_puts_them(both):
    pdf, office = both["full"]
    assert positions(office, [CODE.code])[0][CODE.code] == pytest.approx(
        positions(pdf, [CODE.code])[0][CODE.code], abs=0.8)
    with pdfplumber.open(io.BytesIO(office)) as doc:
        [image] = [im for im in doc.pages[0].images if im["x1"] - im["x0"] < 100]
    assert image["x0"] / MM == pytest.approx(L.QR["left"], abs=0.3)
    assert image["top"] / MM == pytest.approx(L.QR["top"], abs=0.3)
    assert (image["x1"] - image["x0"]) / MM == pytest.approx(L.QR["size"], abs=0.3)


def test_file_properties_of_docx_and_pdf(batches, both):
    from docx import Document

    batch = batches["full"]
    props = Document(io.BytesIO(certificate_docx.render(batch))).core_properties
    assert props.title == batch.face.record_title
    assert props.author == "Viện kiểm sát nhân dân tối cao"
    assert props.subject == "Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao"
    assert props.language == "vi-VN"
    with pikepdf.open(io.BytesIO(both["full"][0])) as pdf:
        assert str(pdf.docinfo["/Title"]) == batch.face.record_title
        assert str(pdf.docinfo["/Author"]) == "Viện kiểm sát nhân dân tối cao"
        assert str(pdf.docinfo["/Subject"]) == batch.face.award_name
        assert str(pdf.Root.Lang) == "vi-VN"
    for one in certificate_pdf.split_pages(both["full"][0]):
        with pikepdf.open(io.BytesIO(one)) as pdf:
            assert str(pdf.docinfo["/Author"]) == "Viện kiểm sát nhân dân tối cao"
