"""The PDF of a copy of an issued paper (Decree 30/2020/NĐ-CP, Appendix III, Mẫu 3.1 and
3.2), from the pages it copies (the original's issued PDF, or a trích sao's own rendering).

- The copied pages are taken as they look: every annotation with an appearance (the
  leader's signature image, the agency's seal, the number and date filled in) is drawn
  into its page (pikepdf's ``flatten_annotations``) and the form is dropped, so the copy
  shows what the original shows but carries none of its signatures (a copy is attested by
  the copying agency, not by the original's signers).
- A paper copy (Mẫu 3.1) gets its copy block right under the last thing drawn on the last
  page (found with pypdfium2), or at the top of a page of its own when it does not fit
  there. The block is laid out by WeasyPrint with the papers' stylesheet and drawn over
  the page (pikepdf ``add_overlay``).
- An electronic copy (Mẫu 3.2) has no block: an empty signature field ``copy`` at the top
  right of the first page, in the top margin, which the agency's signature then fills.

The result is identified as PDF/A-2b (``signing.pdfa``), as every paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docgen import style
from docgen.compose.copy import CopyBlock
from docgen.errors import RenderError
from docgen.render import pdf as paper_pdf
from docgen.render.qr import qr_svg
from docgen.signing.fields import add_signature_fields
from docgen.signing.pdfa import identify_pdfa2b

MM = 72 / 25.4
#: Room between the copied paper's last line and the block's rule (points).
GAP_PT = 10.0
#: Name of an electronic copy's signature field (the copying agency's).
COPY_FIELD = "copy"
#: The electronic copy's signature box, in the right half of the sheet: room for an agency's
#: name of 45 characters on a line of 10 pt, four lines (copy form, agency on up to two
#: lines, time) high, 2 mm under the sheet's top edge and inside its top margin.
COPY_BOX_WIDTH_MM = 80.0
COPY_BOX_HEIGHT_MM = 17.0
COPY_BOX_TOP_MM = 2.0


@dataclass(frozen=True)
class _Field:
    name: str
    page: int
    box: tuple[float, float, float, float]


def copy_signature_box(width_pt: float, height_pt: float
                       ) -> tuple[float, float, float, float]:
    """The electronic copy's signature box on a page ``width_pt`` x ``height_pt``: at the
    top right, its right edge on the text block's, inside the top margin."""
    right = width_pt - style.A4.margin_right_mm * MM
    top = height_pt - COPY_BOX_TOP_MM * MM
    return (round(right - COPY_BOX_WIDTH_MM * MM, 2), round(top - COPY_BOX_HEIGHT_MM * MM, 2),
            round(right, 2), round(top, 2))


def _open(pdf: bytes) -> Any:
    import pikepdf

    try:
        return pikepdf.open(BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise RenderError(f"không đọc được tệp PDF của văn bản gốc: {exc}") from exc


def _flatten(doc: Any) -> None:
    """Draw every annotation's appearance into its page; drop the form (signatures and
    fields of the original) and what is left of the widgets."""
    import pikepdf

    doc.flatten_annotations(mode="all")
    if "/AcroForm" in doc.Root:
        del doc.Root["/AcroForm"]
    if "/Perms" in doc.Root:  # the original's DocMDP certification
        del doc.Root["/Perms"]
    for page in doc.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = pikepdf.Array([a for a in annots if a.get("/Subtype") != pikepdf.Name.Widget])
        if len(kept):
            page.obj.Annots = kept
        else:
            del page.obj["/Annots"]


def _save(doc: Any, title: str) -> bytes:
    import pikepdf

    doc.docinfo["/Title"] = pikepdf.String(title)
    identify_pdfa2b(doc)
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
    out = BytesIO()
    doc.save(out, compress_streams=True, fix_metadata_version=True)
    return out.getvalue()


def next_page_number(pdf: bytes, index: int) -> int:
    """The number the page after page ``index`` shows: one more than the number printed in
    that page's top margin, or 2 when it prints none (it is the first page of the paper or
    of a part after the signature, which number their pages on their own)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[index]
        width, height = page.get_size()
        band = page.get_textpage().get_text_bounded(
            0, height - style.A4.margin_top_mm * MM, width, height).split()
        return int(band[0]) + 1 if len(band) == 1 and band[0].isdigit() else 2
    finally:
        doc.close()


def content_bottom(pdf: bytes, index: int) -> float:
    """How high (points from the bottom of the sheet) the lowest text, line or image of
    page ``index`` reaches; the page's height when it is blank."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[index]
        lowest = page.get_height()
        drawn = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH,
                 pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)
        for obj in page.get_objects(max_depth=8):
            if obj.type in drawn:
                lowest = min(lowest, obj.get_bounds()[1])
        return float(lowest)
    finally:
        doc.close()


def block_pdf(block: CopyBlock, top_pt: float, title: str, page_number: int = 0
              ) -> tuple[bytes, int]:
    """The block alone, ``top_pt`` below the top margin of a page of the papers' size; and
    how many pages it took (2: it did not fit there). ``page_number``: the number its page
    shows in the top margin, as the papers' pages after the first (none: 0)."""
    eng = paper_pdf.engine()
    qr = qr_svg(block.verification.url) if block.verification else ""
    html = paper_pdf._jinja().get_template("copy_block.html").render(
        block=block, top=max(0.0, top_pt), title=title, qr_svg=qr, language=style.LANGUAGE,
        page_number=page_number)
    try:
        laid_out = paper_pdf._paper_html_class()(
            string=html, url_fetcher=eng.fetcher,
            base_url=paper_pdf.ASSETS_DIR.as_uri() + "/").render(
            stylesheets=[eng.stylesheet], font_config=eng.font_config)
        return laid_out.write_pdf(pdf_variant="pdf/a-2b"), len(laid_out.pages)
    except Exception as exc:  # WeasyPrint failing on valid input is a bug: say which copy.
        raise RenderError(f"không tạo được khối sao của {title}: {exc}") from exc


def paper_copy(pages: bytes, block: CopyBlock, title: str) -> bytes:
    """A paper copy (Mẫu 3.1): ``pages`` flattened, the copy block under their last line."""
    import pikepdf

    with _open(pages) as doc:
        _flatten(doc)
        flat = BytesIO()
        doc.save(flat)
        last = len(doc.pages) - 1
        height = float(doc.pages[last].mediabox[3])
        bottom = content_bottom(flat.getvalue(), last)
        top = height - bottom + GAP_PT - style.A4.margin_top_mm * MM
        drawn, count = block_pdf(block, top, title)
        with pikepdf.open(BytesIO(drawn)) as extra:
            if count == 1:
                doc.pages[last].add_overlay(extra.pages[0])
            else:
                number = next_page_number(flat.getvalue(), last)
                alone, _ = block_pdf(block, 0.0, title, page_number=number)
                with pikepdf.open(BytesIO(alone)) as page:
                    doc.pages.append(page.pages[0])
            return _save(doc, title)


def electronic_copy(pages: bytes, title: str) -> bytes:
    """An electronic copy (Mẫu 3.2) before its signature: ``pages`` flattened, with the
    empty field ``copy`` at the top right of the first page."""
    with _open(pages) as doc:
        _flatten(doc)
        first = doc.pages[0]
        box = copy_signature_box(float(first.mediabox[2]), float(first.mediabox[3]))
        flat = _save(doc, title)
    return add_signature_fields(flat, [_Field(COPY_FIELD, 0, box)])
