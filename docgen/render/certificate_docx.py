"""Certificates as DOCX (landscape, one section per certificate), for an office that wants
to retouch one in Word: the same certificate as the PDF, from the same layout numbers.

- The design (double frame, inner red border, corners, emblem, the rule under the motto)
  is the PDF's own design page (``certificate_pdf.design_pdf``) rasterised once per paper
  size and placed behind the text, anchored to the page: one drawing for both formats.
- Every text goes into a frame at its box of ``certificate_layout`` (``w:framePr``,
  positioned from the page's corner), with the size and line breaks ``certificate_pdf.fit``
  chose for the PDF; lines are centred vertically in the box as in the PDF.
- A blank (pre-printed paper) gets only its parts, shifted by the agency's overprint
  offsets; the verification code and its QR code sit where the PDF puts them.

Assembly is linear in the number of certificates. Drawing straight into a growing
document is not: python-docx's ``add_paragraph`` finds the body's final ``w:sectPr`` by
scanning every child of the body, ``add_section`` and a picture's id (``next_id``) run an
XPath over the whole document, so each block cost O(document) and a batch O(n²) (2,000
certificates took 28 s). Each certificate is drawn instead into a small detached body
(``_Page``), picture ids come from a counter, and the blocks are moved in front of the
final ``w:sectPr`` (an O(1) sibling insert); section breaks are copies of the one section's
properties, made once.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING, Any, cast

from docx import Document
from docx.document import _Body
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Mm, Pt, RGBColor

from docgen.compose.certificate import CertificateBatch, CertificateEntry, CertificateFace
from docgen.compose.common import MOTTO
from docgen.render import certificate_layout as L
from docgen.render import certificate_pdf
from docgen.render.certificate_pdf import MM, _emblem, fit
from docgen.render.docx import set_properties
from docgen.render.docx_styles import clean_package, set_document_language, set_fonts
from docgen.style import FONT_FAMILY

if TYPE_CHECKING:
    from docx.types import ProvidesStoryPart

#: Resolution of the design behind the text: sharp in print, small in the file.
DESIGN_DPI = 200
LINE_PITCH = 1.18  # line height / font size, as certificate_pdf draws lines
#: An exactly spaced line puts its baseline higher than the PDF's drawing (0.86 em below
#: the line's top) by this fraction of the font size: measured in LibreOffice's layout.
BASELINE_SHIFT = 0.13
EMU_PER_MM = 36000


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


@cache
def design_png(paper: str, emblem: str | None) -> bytes:
    """The PDF's design page (frame, corners, emblem) as a PNG, with the rule under the
    motto drawn where the PDF draws it."""
    import pypdfium2
    from PIL import ImageDraw


    pdf = pypdfium2.PdfDocument(certificate_pdf.design_pdf(paper, emblem))
    try:
        image = pdf[0].render(scale=DESIGN_DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    k = L.scale(paper)
    box = L.BOXES["motto"]
    fitted = certificate_pdf.fit(MOTTO, box, k)
    x0, x1, y = certificate_pdf.rule_under(box, fitted, k)
    px = DESIGN_DPI / 25.4
    ImageDraw.Draw(image).line([(x0 * px, y * px), (x1 * px, y * px)], fill=L.rgb255(L.BLACK),
                               width=max(1, round(L.THIN_LINE_PT * k / 72 * DESIGN_DPI)))
    out = BytesIO()
    image.quantize(colors=64).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _anchor(run: Any, png: bytes, left_mm: float, top_mm: float, width_mm: float,
            height_mm: float, *, behind: bool, name: str) -> None:
    """A picture anchored to the page at ``left_mm``, ``top_mm`` (python-docx only makes
    inline pictures: its inline becomes an anchor with the same graphic)."""
    inline = run.add_picture(BytesIO(png), width=Mm(width_mm), height=Mm(height_mm))._inline
    doc_pr = inline.docPr
    graphic = inline.graphic
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{1 if behind else 3}" behindDoc="{1 if behind else 0}" locked="1" '
        'layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(left_mm * EMU_PER_MM)}'
        '</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(top_mm * EMU_PER_MM)}'
        '</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{round(width_mm * EMU_PER_MM)}" cy="{round(height_mm * EMU_PER_MM)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{doc_pr.get("id")}" name="{name}"/>'
        '<wp:cNvGraphicFramePr/></wp:anchor>')
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)


def _frame(doc: Any, text_lines: tuple[str, ...], size: float, box: L.Box, k: float,
           dx: float, dy: float) -> None:
    """One box of the layout as a frame paragraph at its place on the page."""

    width, height = box.width * k, box.height * k
    p = doc.add_paragraph()
    ppr = p._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for attr, value in (("w:w", _twips(width)), ("w:h", _twips(height)), ("w:hRule", "exact"),
                        ("w:hAnchor", "page"), ("w:vAnchor", "page"),
                        ("w:x", _twips((box.cx + dx) * k - width / 2)),
                        ("w:y", _twips((box.top + dy) * k)), ("w:wrap", "around"),
                        ("w:anchorLock", "1")):
        frame.set(qn(attr), value)
    ppr.insert(0, frame)
    # Word sizes are half points: never larger than what fit() found.
    size = int(size * 2) / 2
    pitch = size * LINE_PITCH
    pf = p.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(pitch)
    # Lines centred vertically in the box, as the PDF centres them.
    pf.space_before = Pt(max(0.0, (height * MM - pitch * len(text_lines)) / 2
                             + BASELINE_SHIFT * size))
    pf.space_after = Pt(0)
    for i, line in enumerate(text_lines):
        run = p.add_run(line)
        if i < len(text_lines) - 1:
            run.add_break()
        run.font.size = Pt(size)
        run.font.bold = box.bold
        run.font.italic = box.italic
        run.font.color.rgb = RGBColor(*L.rgb255(box.color))
        set_fonts(run._r, FONT_FAMILY)


def _qr(doc: Any, url: str, k: float, dx: float, dy: float) -> None:
    import segno

    png = BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=8, border=0)
    size = L.QR["size"] * k
    run = doc.add_paragraph().add_run()
    _anchor(run, png.getvalue(), (L.QR["left"] + dx) * k, (L.QR["top"] + dy) * k, size, size,
            behind=False, name="QR")


def _certificate(doc: Any, face: CertificateFace, entry: CertificateEntry, k: float,
                 offset: tuple[float, float] = (0.0, 0.0), emblem: str | None = None) -> None:
    """The drawing of one certificate on the current (last) page of ``doc``."""

    full = face.design == "full"
    dx, dy = (0.0, 0.0) if full else offset
    if full:
        w, h = L.page_size_mm(face.paper)
        run = doc.add_paragraph().add_run()
        _anchor(run, design_png(face.paper, emblem), 0, 0, w, h, behind=True, name="Mẫu bằng")
    for _key, box, text in L.placements(face, entry):
        fitted = fit(text, box, k)
        _frame(doc, fitted.lines, fitted.size, box, k, dx, dy)
    if entry.verification:
        _qr(doc, entry.verification.url, k, dx, dy)


def _properties(doc: Any, batch: CertificateBatch) -> None:

    set_properties(doc, title=batch.face.record_title, subject=batch.face.award_name,
                   author=batch.face.agency)
    set_document_language(doc)
    clean_package(doc)


class _Part:
    """The document part as the drawing of one certificate sees it: everything delegated,
    except the id of a new picture, taken from a counter (python-docx's ``next_id`` is an
    XPath over the whole document, and the certificate is not in it yet)."""

    def __init__(self, part: Any) -> None:
        self._part = part
        self._next = part.next_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._part, name)

    def new_pic_inline(self, image_descriptor: Any, width: Any, height: Any) -> Any:
        # python-docx's StoryPart.new_pic_inline, with the counter's id.
        r_id, image = self._part.get_or_add_image(image_descriptor)
        cx, cy = image.scaled_dimensions(width, height)
        shape_id, self._next = self._next, self._next + 1
        return CT_Inline.new_pic_inline(shape_id, r_id, image.filename, cx, cy)


class _Page:
    """Where one certificate is drawn: a detached ``w:body`` with a Document's
    ``add_paragraph``, cheap because it holds one certificate."""

    def __init__(self, part: _Part) -> None:
        self._element = OxmlElement("w:body")
        self.part = part
        # A stand-in for the document: its part (``_Part``) delegates to the StoryPart.
        self._body = _Body(self._element, cast("ProvidesStoryPart", self))

    def add_paragraph(self, text: str = "", style: Any = None) -> Any:
        return self._body.add_paragraph(text, style)

    def move_before(self, anchor: Any) -> None:
        """Move the drawn blocks into the document, in order, just before ``anchor``."""
        for block in list(self._element):
            anchor.addprevious(block)


def render(batch: CertificateBatch) -> bytes:
    """A DOCX with one landscape page (and section) per certificate of the batch."""

    doc = Document()
    k = L.scale(batch.face.paper)
    w, h = L.page_size_mm(batch.face.paper)
    offset = batch.face.offset_mm
    emblem = _emblem()
    # The one section's properties, set once; every certificate's section is a copy.
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(w), Mm(h)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(L.FRAME_INNER_MM * k + 3))
    final = section._sectPr  # the body's last child: the last certificate's section
    part = _Part(doc.part)
    for i, entry in enumerate(batch.entries):
        page = _Page(part)
        _certificate(page, batch.face, entry, k, offset, emblem)
        if i < len(batch.entries) - 1:
            # A section ends with the paragraph carrying its properties (what Word and
            # python-docx's add_section write): an empty one after each certificate.
            page.add_paragraph()._p.set_sectPr(final.clone())
        page.move_before(final)
    _properties(doc, batch)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
