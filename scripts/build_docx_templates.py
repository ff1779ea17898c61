#!/usr/bin/env python
"""Build templates_docx/paper.docx (A4 portrait) and paper-landscape.docx (A4 landscape,
for a paper that is one wide table) from python-docx code and the shared style table.

The result is an ordinary Word file with docxtpl (Jinja) tags and named paragraph styles
(``DgBody``, ``DgBasis``, ``DgNationalName`` …), so a clerk can open it in Word and restyle
it. Every size, margin and width comes from ``docgen.style``. Run it after changing
the style table and commit the built file:

    .venv/bin/python scripts/build_docx_templates.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen import style  # noqa: E402
from docgen.compose.common import MOTTO  # noqa: E402
from docgen.compose.lines import width_mm  # noqa: E402
from docgen.render.docx_styles import (  # noqa: E402
    PAGE_NUMBER_STYLE,
    SPACE_STYLE,
    all_styles,
    cant_split,
    clean_package,
    set_cell_margins,
    set_document_language,
    set_fonts,
    set_language,
    style_name,
)

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
OUT = ROOT / "templates_docx" / "paper.docx"
#: The template of each page layout (docgen.render.docx picks it by the paper's orientation).
OUTS = {"portrait": OUT, "landscape": ROOT / "templates_docx" / "paper-landscape.docx"}


def bottom_border(pformat_owner) -> None:  # type: ignore[no-untyped-def]
    ppr = pformat_owner.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


#: Word's built-in heading styles our body headings are based on, by outline level: Word's
#: navigation pane and LibreOffice's navigator then show the paper's outline.
HEADING_BASES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


def plain_heading(doc, name: str) -> None:  # type: ignore[no-untyped-def]
    """Strip a built-in heading style of the theme's fonts and colour (Calibri, blue), so
    a style based on it shows only what the style table says."""
    st = doc.styles[name]
    rpr = st.element.get_or_add_rPr()
    for tag in ("w:rFonts", "w:color"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    set_fonts(st.element, style.FONT_FAMILY)
    st.font.color.rgb = None
    set_language(st.element)


def add_paragraph_style(doc, key: str, s: style.ParagraphStyle):  # type: ignore[no-untyped-def]
    st = doc.styles.add_style(style_name(key), WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles[HEADING_BASES.get(s.outline_level, "Normal")]
    st.quick_style = True
    f = st.font
    f.name = style.FONT_FAMILY
    f.size = Pt(s.size_pt)
    f.bold = s.bold
    f.italic = s.italic
    set_fonts(st.element, style.FONT_FAMILY)
    pf = st.paragraph_format
    pf.alignment = ALIGN[s.align]
    pf.first_line_indent = Mm(s.first_line_indent_mm) if s.first_line_indent_mm else None
    pf.left_indent = Mm(s.left_indent_mm) if s.left_indent_mm else None
    pf.space_before = Pt(s.space_before_pt)
    pf.space_after = Pt(s.space_after_pt)
    pf.line_spacing = s.line_spacing
    pf.widow_control = True
    pf.keep_with_next = s.keep_with_next
    if s.outline_level:
        # Stated on the style itself too, whatever the base says (0-based in the XML).
        ppr = st.element.get_or_add_pPr()
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(s.outline_level - 1))
        ppr.append(level)
        pf.keep_together = True
        st.next_paragraph_style = doc.styles[style_name("body")]
    set_language(st.element)
    return st


def rule_style(doc, key: str, width_mm: float, cell_mm: float):  # type: ignore[no-untyped-def]
    """An empty paragraph whose bottom border, between indents, draws a short centred rule."""
    st = doc.styles.add_style(style_name(key), WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.font.size = Pt(2)
    pf = st.paragraph_format
    side = max((cell_mm - width_mm) / 2, 0)
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.0
    bottom_border(st.element)
    return st


def fixed_table(doc_or_cell, rows: int, widths_mm: list[float]):  # type: ignore[no-untyped-def]
    table = doc_or_cell.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: LibreOffice ignores widths otherwise
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
        for cell in table.columns[i].cells:
            cell.width = Mm(w)
    # Lines were measured for the full column width (compose.lines): no cell margins.
    set_cell_margins(table, 0)
    return table


def para(container, text: str, key: str):  # type: ignore[no-untyped-def]
    p = container.add_paragraph(style=style_name(key))
    if text:
        run = p.add_run(text)
        # Values may hold runs of spaces (the blank number of a draft): keep them.
        run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
    return p


def page_number_header(section) -> None:  # type: ignore[no-untyped-def]
    """Arabic page number centred in the top margin, not on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.style = style_name(PAGE_NUMBER_STYLE)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    section.first_page_header.paragraphs[0].text = ""


def cell_paragraph(cell, text: str, key: str | None = None):  # type: ignore[no-untyped-def]
    """Use the cell's own first paragraph (a cell always has one) for the first line."""
    p = cell.paragraphs[0]
    if key:
        p.style = style_name(key)
    if text:
        run = p.add_run(text)
        run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
    return p


def build(layout: style.Layout = style.PORTRAIT, out: Path = OUT) -> Path:
    doc = Document()
    page = layout.page
    # Document defaults: Times New Roman everywhere, body size.
    normal = doc.styles["Normal"]
    normal.font.name = style.FONT_FAMILY
    normal.font.size = Pt(style.BODY_SIZE_PT)
    set_fonts(normal.element, style.FONT_FAMILY)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    # Vietnamese for the document defaults and every style (Word's spelling checker).
    set_document_language(doc)
    set_language(normal.element)
    for name in HEADING_BASES.values():
        plain_heading(doc, name)

    for key, s in all_styles().items():
        add_paragraph_style(doc, key, s)
    rule_style(doc, "agency_rule", layout.header_left_mm * style.AGENCY_RULE_FRACTION,
               layout.header_left_mm)
    rule_style(doc, "summary_rule", page.text_width_mm * style.SUMMARY_RULE_FRACTION,
               page.text_width_mm)
    motto = doc.styles[style_name("motto")]
    # The rule under the motto is as long as the motto: its printed width, measured.
    motto_style = style.HEADER_STYLES["motto"]
    motto_mm = width_mm(MOTTO, motto_style.size_pt, bold=motto_style.bold)
    side = (layout.header_right_mm - motto_mm) / 2
    motto.paragraph_format.left_indent = Mm(side)
    motto.paragraph_format.right_indent = Mm(side)
    bottom_border(motto.element)
    space = add_paragraph_style(doc, SPACE_STYLE, style.ParagraphStyle(style.BODY_SIZE_PT,
                                                                        align="center"))
    space.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    space.paragraph_format.line_spacing = Mm(style.SIGNATURE_SPACE_MM)
    space.paragraph_format.keep_with_next = True  # the room stays with the name under it
    add_paragraph_style(doc, PAGE_NUMBER_STYLE,
                        style.ParagraphStyle(style.PAGE_NUMBER_SIZE_PT, align="center"))

    section = doc.sections[0]
    section.orientation = (WD_ORIENT.LANDSCAPE if layout.orientation == "landscape"
                           else WD_ORIENT.PORTRAIT)
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    section.header_distance = Mm(8)
    page_number_header(section)

    # The python-docx default document starts with no paragraphs; tables go first.
    # Three grid columns: row 1 is agency (columns 1-2) | national name (3); row 2 is
    # number | place and date, the latter under the motto (3) or, when compose found it
    # wider than that column, widened to the left (2-3). docxtpl keeps one of the two
    # rows ({%tr %} rows disappear).
    hdr = fixed_table(doc, 6, [layout.header_number_mm,
                               layout.header_left_mm - layout.header_number_mm,
                               layout.header_right_mm])
    left = hdr.cell(0, 0).merge(hdr.cell(0, 1))
    cell_paragraph(left, "{{p header_left }}")
    cell_paragraph(hdr.cell(0, 2), "{{ national_name }}", "national_name")
    para(hdr.cell(0, 2), "{{ motto }}", "motto")
    cell_paragraph(hdr.cell(1, 0), "{%tr if place_date_wide %}")
    cell_paragraph(hdr.cell(2, 0), "{{ number_line }}", "number")
    para(hdr.cell(2, 0), "{{p about }}", "about")
    cell_paragraph(hdr.cell(2, 1).merge(hdr.cell(2, 2)), "{{ place_date_line }}", "place_date")
    cell_paragraph(hdr.cell(3, 0), "{%tr else %}")
    number_cell = hdr.cell(4, 0).merge(hdr.cell(4, 1))
    cell_paragraph(number_cell, "{{ number_line }}", "number")
    para(number_cell, "{{p about }}", "about")
    cell_paragraph(hdr.cell(4, 2), "{{ place_date_line }}", "place_date")
    cell_paragraph(hdr.cell(5, 0), "{%tr endif %}")

    para(doc, "{%p if draft_mark %}", "draft_mark")
    para(doc, "{{ draft_mark }}", "draft_mark")
    para(doc, "{%p endif %}", "draft_mark")
    para(doc, "{%p if type_name %}", "type_name")
    para(doc, "{{ type_name }}", "type_name")
    para(doc, "{%p endif %}", "type_name")
    para(doc, "{{p summary }}", "summary")
    para(doc, "{{p body }}", "body")
    para(doc, "{%p if table %}", "body")
    para(doc, "{{p table }}", "body")
    para(doc, "{%p endif %}", "body")

    para(doc, "{%p if grid %}", "body")
    para(doc, "{{p grid }}", "body")
    para(doc, "{%p else %}", "body")
    closing = fixed_table(doc, 1, [layout.closing_left_mm, layout.closing_right_mm])
    cell_paragraph(closing.cell(0, 0), "{{p recipients }}")
    cell_paragraph(closing.cell(0, 1), "{{p signature }}")
    cant_split(closing.rows[0])  # recipients | signer never split over two pages
    para(doc, "{%p endif %}", "body")
    para(doc, "{%p if verification %}", "body")
    para(doc, "{{p verification }}", "body")
    para(doc, "{%p endif %}", "body")
    para(doc, "{%p if appendix %}", "body")
    para(doc, "{{p appendix }}", "body")
    para(doc, "{%p endif %}", "body")

    # The renderer sets every property of each paper; these describe the template itself.
    props = doc.core_properties
    props.title = "Mẫu văn bản docgen"
    props.author = props.last_modified_by = "docgen"
    props.language = style.LANGUAGE
    props.created = props.modified = datetime(2026, 1, 1, tzinfo=UTC)
    props.revision = 1
    clean_package(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


if __name__ == "__main__":
    for orientation, path in OUTS.items():
        print(build(style.LAYOUTS[orientation], path))
