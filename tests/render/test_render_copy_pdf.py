"""The PDF of a copy (docgen.render.copy_pdf): the copy block right under the last thing the
copied paper draws on its last page, or on a page of its own when there is no room; the
copied pages flattened (no form, no original signature fields); an electronic copy's empty
field at the top right of page 1; PDF/A identification kept."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest

from docgen.catalog import load_catalog
from docgen.compose.copy import copy_block
from docgen.model.copy import CopyInput
from docgen.render import copy_pdf
from docgen.render import pdf as paper_pdf
from docgen.service import compose_paper
from tests.helpers import load_json_sample

MM = 72 / 25.4


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    data = load_json_sample("award-decision") | {"number": 15, "date": "2026-01-05"}
    return paper_pdf.render(compose_paper("award-decision", data))


@pytest.fixture(scope="module")
def block():  # type: ignore[no-untyped-def]
    data = CopyInput.model_validate({"copy": "sao-y", "signer": {
        "title": "Chánh Văn phòng", "name": "Trần Thị Bình", "authority": "TL.",
        "on_behalf": "Viện trưởng"}})
    return copy_block(data, load_catalog().agency("vks-hung-yen"), "SAO Y", number=5,
                      symbol="SY-VKSHY", on=date(2026, 1, 6), verification=None)


def words(pdf: bytes, page: int) -> list[dict]:  # type: ignore[type-arg]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return doc.pages[page].extract_words()


@pytest.mark.slow
def test_the_block_goes_right_under_the_last_part(decision_pdf, block):
    out = copy_pdf.paper_copy(decision_pdf, block, "Bản sao y")
    with pdfplumber.open(io.BytesIO(decision_pdf)) as doc:
        pages = len(doc.pages)
        last_line = max(w["bottom"] for w in doc.pages[-1].extract_words())
    found = words(out, pages - 1)
    heading = next(w for w in found if w["text"] == "SAO")
    # Under the original's last word, within a few lines (not at the foot of the page).
    assert last_line < heading["top"] < last_line + 30 * MM
    with pdfplumber.open(io.BytesIO(out)) as doc:
        assert len(doc.pages) == pages
        # The solid rule across the text block, above the heading.
        rules = [ln for ln in doc.pages[-1].lines + doc.pages[-1].rects
                 if abs(ln["x1"] - ln["x0"]) > 160 * MM
                 and last_line < ln["top"] < heading["top"]]
        assert rules


def full_pages(*numbers: str) -> bytes:
    """A PDF of A4 pages written down to the bottom margin, one a number (``""``: none)
    printed at the top as the papers print theirs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for number in numbers:
        c.drawCentredString(A4[0] / 2, A4[1] - 12 * MM, number)
        c.drawString(30 * MM, 25 * MM, "Dòng cuối của văn bản gốc")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_full_last_page_puts_the_block_on_a_page_of_its_own(block):
    out = copy_pdf.paper_copy(full_pages(""), block, "Bản sao y")
    with pdfplumber.open(io.BytesIO(out)) as doc:
        assert len(doc.pages) == 2
        assert "SAO Y" in doc.pages[1].extract_text()
        assert "SAO Y" not in (doc.pages[0].extract_text() or "")
        # Numbered as the papers' pages after the first: in the top margin, centred.
        number = [w for w in doc.pages[1].extract_words() if w["text"] == "2"]
        assert number and number[0]["bottom"] < 20 * MM


@pytest.mark.parametrize(("printed", "expected"), [(("", ""), "2"), (("6", "7"), "8")])
def test_the_blocks_own_page_follows_the_last_pages_number(block, printed, expected):
    """The last page of a phụ lục shows its number within the phụ lục (which numbers its
    pages from 1), or none on its first page: the block's page follows it."""
    out = copy_pdf.paper_copy(full_pages(*printed), block, "Bản sao y")
    with pdfplumber.open(io.BytesIO(out)) as doc:
        assert len(doc.pages) == 3
        top = [w["text"] for w in doc.pages[2].extract_words() if w["bottom"] < 20 * MM]
        assert top == [expected]


def test_copies_are_pdfa_without_the_originals_form(decision_pdf, block):
    import pikepdf

    for out in (copy_pdf.paper_copy(decision_pdf, block, "Bản sao y"),
                copy_pdf.electronic_copy(decision_pdf, "Bản sao y")):
        with pikepdf.open(io.BytesIO(out)) as doc:
            with doc.open_metadata() as meta:
                assert meta["pdfaid:part"] == "2" and meta["dc:title"] == "Bản sao y"
            fields = [str(f.T) for f in doc.Root.AcroForm.Fields] \
                if "/AcroForm" in doc.Root else []
            assert fields in ([], [copy_pdf.COPY_FIELD])


def test_the_electronic_copys_field_is_at_the_top_right_of_page_one(decision_pdf):
    import pikepdf

    out = copy_pdf.electronic_copy(decision_pdf, "Bản sao y")
    with pikepdf.open(io.BytesIO(out)) as doc:
        (field,) = list(doc.Root.AcroForm.Fields)
        x1, y1, x2, y2 = (float(v) for v in field.Rect)
        width, height = (float(v) for v in doc.pages[0].mediabox[2:])
        assert field.P.objgen == doc.pages[0].obj.objgen
    assert (x2, y2) == pytest.approx((width - 15 * MM, height - 2 * MM), abs=0.1)
    assert x1 > width / 2 and y1 > height - 20 * MM  # in the right half, in the top margin
