"""Certificates as DOCX (landscape, one section per certificate), for an office that wants
to retouch one in Word. Text and sizes come from the same layout table as the PDF; the
frame is a page border and the emblem is left to the pre-printed paper or the PDF.

Assembly is linear in the number of certificates: python-docx's ``Document.add_paragraph``
finds the body's final ``w:sectPr`` by scanning every child of the body, and
``add_table``/``add_section`` run an XPath over the whole document, so drawing straight
into a growing document costs O(n) per block and O(n²) per batch (2,000 certificates took
28 s). Each certificate is drawn instead into a small detached body (``_Page``) whose
blocks are then moved in front of the final ``w:sectPr`` (an O(1) sibling insert), and
the section breaks are copies of the one section's properties, made once.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import _Body
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docgen.compose.certificate import CertificateBatch, CertificateEntry, CertificateFace
from docgen.render import certificate_layout as L
from docgen.render.docx_styles import set_fonts
from docgen.render.style import FONT_FAMILY


def _page_border(section) -> None:  # type: ignore[no-untyped-def]
    pg = OxmlElement("w:pgBorders")
    pg.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "double"), ("w:sz", "18"), ("w:space", "24"),
                     ("w:color", "B8860B")):
            el.set(qn(k), v)
        pg.append(el)
    section._sectPr.append(pg)


def _line(doc, text: str, box: L.Box, k: float, space_before_mm: float = 0.0) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Mm(space_before_mm)
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.font.size = Pt(box.size * k)
    run.font.bold = box.bold
    run.font.italic = box.italic
    run.font.color.rgb = RGBColor(*(int(c * 255) for c in box.color))
    set_fonts(run._r, FONT_FAMILY)


def _certificate(doc, face: CertificateFace, entry: CertificateEntry, k: float) -> None:  # type: ignore[no-untyped-def]
    b = L.BOXES
    if face.design == "full":
        _line(doc, face.national_name, b["national_name"], k, 18 * k)
        _line(doc, face.motto, b["motto"], k)
        _line(doc, face.authority, b["authority"], k, 6 * k)
        _line(doc, face.verb, b["verb"], k, 2 * k)
        _line(doc, " ".join(face.heading_lines), b["heading"], k, 2 * k)
        top = 4.0
    else:
        top = 95.0
    _line(doc, entry.recipient_line, b["recipient"], k, top * k)
    if entry.detail_lines:
        _line(doc, ", ".join(entry.detail_lines), b["details"], k, 2 * k)
    _line(doc, entry.achievement, b["achievement"], k, 4 * k)
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for cell, width in ((left, 130), (right, 120)):
        cell.width = Mm(width * k)
    for cell, items in (
        (left, [(face.decision_line, b["decision"]),
                *([(entry.register_line, b["register"])] if entry.register_line else [])]),
        (right, [(face.place_date_line, b["place_date"]),
                 *[(t, b["signer_titles"]) for t in face.signer_title_lines]]),
    ):
        for i, (text, box) in enumerate(items):
            _line(cell, text, box, k, 30 * k if (cell is left and i == 0) else 0)
        cell._tc.remove(cell.paragraphs[0]._p)
    _line(right, "", b["signer_name"], k, 25 * k)
    _line(right, face.signer_name, b["signer_name"], k)


class _Page:
    """Where one certificate is drawn: a detached ``w:body`` with the drawing methods of a
    Document (``add_paragraph``, ``add_table``), cheap because it holds one certificate."""

    def __init__(self, doc, block_width) -> None:  # type: ignore[no-untyped-def]
        self._element = OxmlElement("w:body")
        self._body = _Body(self._element, doc)
        self._block_width = block_width
        self.part = doc.part

    def add_paragraph(self, text: str = "", style=None):  # type: ignore[no-untyped-def]
        return self._body.add_paragraph(text, style)

    def add_table(self, rows: int, cols: int, style=None):  # type: ignore[no-untyped-def]
        table = self._body.add_table(rows, cols, self._block_width)
        table.style = style
        return table

    def move_before(self, anchor) -> None:  # type: ignore[no-untyped-def]
        """Move the drawn blocks into the document, in order, just before ``anchor``."""
        for block in list(self._element):
            anchor.addprevious(block)


def render(batch: CertificateBatch) -> bytes:
    """A DOCX with one landscape page (and section) per certificate of the batch."""
    doc = Document()
    k = L.scale(batch.face.paper)
    w, h = L.page_size_mm(batch.face.paper)
    # The one section's properties, set once; every certificate's section is a copy.
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(w), Mm(h)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(L.FRAME_INNER_MM * k + 3))
    if batch.face.design == "full":
        _page_border(section)
    final = section._sectPr  # the body's last child: the last certificate's section
    width = section.page_width - section.left_margin - section.right_margin
    for i, entry in enumerate(batch.entries):
        page = _Page(doc, width)
        _certificate(page, batch.face, entry, k)
        if i < len(batch.entries) - 1:
            # A section ends with the paragraph carrying its properties (what Word and
            # python-docx's add_section write): an empty one after each certificate.
            page.add_paragraph()._p.set_sectPr(final.clone())
        page.move_before(final)
    doc.core_properties.title = batch.title
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
