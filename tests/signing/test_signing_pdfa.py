"""PDF/A-2b after every signature: the checks that can be made without veraPDF.

Each signed file keeps its XMP identification and output intent; every font reachable
from every annotation appearance (signature stamps, filled number/date fields, the form's
default resources) is embedded, none is a standard-14 font such as Courier, and the
widths the font dictionary states match the embedded font program (PDF/A 6.2.11.5);
widgets are printable and have only a normal appearance (6.3.3)."""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
import pytest

from docgen.signing.forms import fill_number_date, number_date_values
from tests.signing.helpers import appearance_fonts, sign_as, unnumbered_pdf


@pytest.fixture(scope="module")
def issued(pki) -> bytes:
    from tests.conftest import load_sample
    from tests.signing.conftest import make_seal_png, make_signature_png

    draft = unnumbered_pdf(load_sample)
    signed = sign_as(draft, pki.leader, "signer", image=make_signature_png())
    filled = fill_number_date(signed, number_date_values(12, dt.date(2026, 2, 3)))
    return sign_as(filled, pki.agency, "agency", seal=make_seal_png(),
                   agency_name="Viện kiểm sát nhân dân tỉnh Hưng Yên")


@pytest.mark.slow
def test_xmp_identification_and_output_intent_kept(issued):
    with pikepdf.open(io.BytesIO(issued)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
        assert len(pdf.Root.OutputIntents) >= 1
        assert pdf.check_pdf_syntax() == []  # qpdf finds no structural problem


def test_every_appearance_font_is_embedded_and_none_is_courier(issued):
    fonts = appearance_fonts(issued)
    assert fonts, "the stamps and the filled fields draw text"
    assert all(f["embedded"] for f in fonts), fonts
    assert not any("Courier" in f["name"] or "Helvetica" in f["name"] for f in fonts)
    assert {f["name"].split("+")[-1].split("-Identity")[0] for f in fonts} <= {
        "LiberationSerif", "LiberationSerif-Italic"}


def test_font_widths_match_the_embedded_programs(issued):
    from fontTools.ttLib import TTFont

    checked = 0
    with pikepdf.open(io.BytesIO(issued)) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots") or []:
                resources = annot.AP.N.get("/Resources") if "/AP" in annot else None
                for font in (resources.get("/Font") or {}).values() if resources else ():
                    cid_font = font.DescendantFonts[0]
                    program = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
                    upem, hmtx = program["head"].unitsPerEm, program["hmtx"]
                    order = program.getGlyphOrder()
                    w = list(cid_font.W)
                    for start, widths in zip(w[::2], w[1::2], strict=True):
                        for i, width in enumerate(widths):
                            advance = hmtx[order[int(start) + i]][0]
                            assert abs(float(width) - advance * 1000 / upem) <= 1
                            checked += 1
    assert checked >= 4


def test_widgets_are_printable_with_a_normal_appearance_only(issued):
    with pikepdf.open(io.BytesIO(issued)) as pdf:
        widgets = [a for p in pdf.pages for a in p.get("/Annots") or []
                   if a.get("/Subtype") == "/Widget"]
        assert len(widgets) >= 5
        for w in widgets:
            assert int(w.F) & 4 and not int(w.F) & 2  # printed, not hidden
            assert list(w.AP.keys()) == ["/N"]
        assert not pdf.Root.AcroForm.get("/NeedAppearances", False)


def test_document_information_and_xmp_say_the_same(issued):
    with pikepdf.open(io.BytesIO(issued)) as pdf:
        meta = pdf.open_metadata()
        assert str(pdf.docinfo["/Producer"]) == meta["pdf:Producer"]
        assert str(pdf.docinfo["/Title"]) == meta["dc:title"]
