"""DOCX renderer: the composed Document placed into ``templates_docx/paper.docx`` with
docxtpl (autoescape on).

Flowing parts (header lines, summary, recipients, signature) become styled paragraphs
through ``RichTextParagraph`` (fast, every value escaped by docxtpl); the body (paragraphs
and tables), the pledge signature grid, the appendix tables and the verification QR are
built with python-docx as fragments on the template's own part and styles
(``docx_fragment``). Layout comes from the template, which is built from the style table.
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from io import BytesIO
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, RichText, RichTextParagraph
from jinja2 import Environment, Template

from docgen import style
from docgen.compose.document import (
    Appendix,
    Block,
    Document,
    Header,
    Recipients,
    Run,
    SignatureBlock,
    SignatureGrid,
    Table,
    WideTable,
)
from docgen.errors import RenderError, TemplateError
from docgen.render.docx_fragment import Fragment, set_style
from docgen.render.docx_styles import SPACE_STYLE, cant_split, set_cell_margins, style_name
from docgen.render.qr import qr_png
from docgen.resources import data_dir
from docgen.vn.text import shorten

TEMPLATE_NAME = "paper.docx"
#: The template of each page layout (``scripts/build_docx_templates.py`` builds both).
TEMPLATES = {"portrait": TEMPLATE_NAME, "landscape": "paper-landscape.docx"}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}
_ROLE_STYLE = {role: style_name(role) for role in style.PARAGRAPH_STYLES}


class _CompiledOnce(Environment):
    """A Jinja environment that compiles each distinct source once per process.

    docxtpl turns the template's XML into Jinja source and compiles it on every render;
    that source is the same every time, so its compiled form is kept (the patched XML is
    kept too, see ``_Template``). Rendering a compiled template is thread-safe.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None,  # noqa: A002
                    template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


class _Template(DocxTemplate):
    """docxtpl's template with its XML patching memoised (same input, same output)."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        out = self._patched.get(src_xml)
        if out is None:
            out = self._patched[src_xml] = super().patch_xml(src_xml)
        return out


@cache
def _environment() -> _CompiledOnce:
    return _CompiledOnce()


@cache
def template_bytes(name: str = TEMPLATE_NAME) -> bytes:
    """A template, read once per process (a fresh DocxTemplate is opened per render)."""
    path = data_dir("templates_docx") / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"thiếu mẫu DOCX {path}: {exc}") from None


# -- flowing parts -------------------------------------------------------------------------

def _lines(lines: tuple[str, ...] | list[str], key: str, rtp: RichTextParagraph | None = None
           ) -> RichTextParagraph:
    rtp = rtp or RichTextParagraph()
    for line in lines:
        rtp.add(RichText(line), parastyle=style_name(key))
    return rtp


def _add_runs(paragraph: Any, runs: tuple[Run, ...]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        # Emphasis only where the text has it: a heading is bold by its style.
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True


def _body_table(sd: Fragment, table: Table) -> None:
    """A table of the body: fixed layout with the widths compose gave, every border
    drawn, its header rows repeated at the top of each page (``w:tblHeader``)."""
    width = style.A4.text_width_mm
    total = sum(c.weight for c in table.columns)
    widths = [width * c.weight / total for c in table.columns]
    rows = (*table.header_rows, *table.rows)
    docx_table = _fixed_table(sd, len(rows), widths, grid=True)
    for r, (row, cells) in enumerate(zip(docx_table.rows, rows, strict=True)):
        header = r < len(table.header_rows)
        if header:
            _repeat_header(row)
        for cell, value, col in zip(row.cells, cells, table.columns, strict=True):
            p = cell.paragraphs[0]
            set_style(p, "table_header" if header else "table_cell")
            if not header:
                p.alignment = _ALIGN[col.align]
            _add_runs(p, value.runs)


def _add_blocks(sd: Fragment, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Table):
            _body_table(sd, block)
        else:
            _add_runs(sd.add_paragraph(key=block.role), block.runs)


def _body(part: Any, blocks: tuple[Block, ...]) -> Fragment:
    """The body's paragraphs, each with its role's style, and its tables in between."""
    sd = Fragment(part)
    _add_blocks(sd, blocks)
    return sd


def _signature(block: SignatureBlock, rtp: RichTextParagraph | None = None) -> RichTextParagraph:
    rtp = _lines(block.unit_lines, "signature_unit", rtp)
    if block.role_line:
        _lines((block.role_line,), "signature_title", rtp)
    _lines(block.title_lines, "signature_title", rtp)
    rtp.add(RichText(""), parastyle=style_name(SPACE_STYLE))
    return _lines((block.name,), "signature_name", rtp)


def _header_left(doc: Document) -> RichTextParagraph:
    rtp = _lines(doc.header.parent_lines, "parent")
    _lines(doc.header.agency_lines, "agency", rtp)
    # A paper without agency (a nominee's report) keeps the cell's one paragraph, no rule.
    rtp.add(RichText(""), parastyle=style_name("agency_rule" if doc.header.agency_lines
                                               else "parent"))
    return rtp


def _summary(doc: Document) -> RichTextParagraph:
    if not doc.type_name:  # a công văn: its summary is in the header (V/v …)
        return RichTextParagraph()
    rtp = _lines(doc.summary, "summary")
    rtp.add(RichText(""), parastyle=style_name("summary_rule"))
    return rtp


# -- tables and other blocks ---------------------------------------------------------------

def _fixed_table(container: Fragment, rows: int, widths_mm: list[float], grid: bool = False
                 ) -> Any:
    table = container.add_table(rows, len(widths_mm), Mm(sum(widths_mm)), grid=grid)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
    return table


def _cell_lines(cell: Any, lines: list[tuple[str, str]]) -> None:
    """Fill a cell with (text, style key) lines, reusing its first paragraph."""
    for i, (text, key) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        set_style(p, key)
        if text:
            p.add_run(text)


def _block_top(block: SignatureBlock) -> list[tuple[str, str]]:
    lines = [(u, "signature_unit") for u in block.unit_lines]
    if block.role_line:
        lines.append((block.role_line, "signature_title"))
    return lines + [(t, "signature_title") for t in block.title_lines]


def _block_bottom(block: SignatureBlock) -> list[tuple[str, str]]:
    return [("", SPACE_STYLE), (block.name, "signature_name")]


def _grid(part: Any, grid: SignatureGrid, recipients: Recipients | None = None) -> Fragment:
    """The pledge's signature grid: one table row per row of blocks, which never splits
    over two pages (``w:cantSplit``); the grid heading keeps with the first row (its
    style). Each block is centred in its half of the text block; a lone last block is
    centred on the page, as wide as a half."""
    sd = Fragment(part)
    if grid.heading:
        sd.add_paragraph(grid.heading, "grid_heading")
    half = style.GRID_CELL_MM
    table = _fixed_table(sd, len(grid.rows), [half, half])
    set_cell_margins(table, style.GRID_CELL_PAD_MM)
    for r, row in enumerate(grid.rows):
        cells = table.rows[r].cells
        cant_split(table.rows[r])
        if len(row) == 1:
            lone = cells[0].merge(cells[1])
            # As wide as one half: indents of a quarter of the text block on each side.
            for_lines = _block_top(row[0]) + _block_bottom(row[0])
            _cell_lines(lone, for_lines)
            for p in lone.paragraphs:
                p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(half / 2)
            lone.paragraphs[-1].paragraph_format.space_after = Pt(style.GRID_ROW_GAP_PT)
            continue
        # Names line up: the block with fewer lines above its room gets empty lines.
        tops = [_block_top(b) for b in row]
        height = max(len(t) for t in tops)
        for c, block in enumerate(row):
            top = tops[c] + [("", "signature_title")] * (height - len(tops[c]))
            _cell_lines(cells[c], top + _block_bottom(block))
            cells[c].paragraphs[-1].paragraph_format.space_after = Pt(style.GRID_ROW_GAP_PT)
    # Inside a row that cannot split, the styles' keep-with-next has nothing to do, and
    # LibreOffice reads it as "keep the whole table with what follows": switch it off.
    for cell in table._cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = False
    if grid.witness is not None:
        sd.add_paragraph(grid.witness_heading or "", "grid_heading")
        for text, key in _block_top(grid.witness) + _block_bottom(grid.witness):
            sd.add_paragraph(text, key)
    if recipients is not None:
        # Under the signatures, flush left (minutes: Decree 30, Mẫu 1.9).
        sd.add_paragraph(recipients.heading, "recipients_heading")
        for item in recipients.items:
            sd.add_paragraph(item, "recipients_item")
        if recipients.drafter_line:
            sd.add_paragraph(recipients.drafter_line, "drafter")
    return sd


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _fill_rows(table: Any, section: Any) -> None:
    """Data rows cloned from one styled prototype row.

    python-docx recomputes the table grid on every ``rows``/``cells`` access, which makes a
    2,000-row list take seconds; copying the prototype's XML and setting its texts does not.
    """
    proto = table.rows[1]
    texts = []
    for cell, col in zip(proto.cells, section.columns, strict=True):
        p = cell.paragraphs[0]
        set_style(p, "table_cell")
        p.alignment = _ALIGN[col.align]
        run = p.add_run("-")  # a placeholder text, so the run has its <w:t>
        t = run._r.find(qn("w:t"))
        t.set(qn("xml:space"), "preserve")
        texts.append(t)
    tbl, tr = table._tbl, proto._tr
    for values in section.rows:
        for t, value in zip(texts, values, strict=True):
            t.text = value
        tbl.append(deepcopy(tr))
    tbl.remove(tr)


def _wide_table(part: Any, table: WideTable, width_mm: float) -> Fragment:
    """The wide table across the text block: its header row repeated on every page, no
    row split over two pages, bold rows bold, the notes under it."""
    sd = Fragment(part)
    total = sum(c.weight for c in table.columns)
    widths = [width_mm * c.weight / total for c in table.columns]
    out = _fixed_table(sd, len(table.rows) + 1, widths, grid=True)
    set_cell_margins(out, style.WIDE_CELL_PAD_MM, style.WIDE_CELL_PAD_Y_MM)
    rows = out.rows
    _repeat_header(rows[0])
    cant_split(rows[0])
    for cell, col in zip(rows[0].cells, table.columns, strict=True):
        _cell_lines(cell, [(col.header, "wide_header")])
    for row, data in zip(rows[1:], table.rows, strict=True):
        cant_split(row)
        for cell, col, text in zip(row.cells, table.columns, data.cells, strict=True):
            p = cell.paragraphs[0]
            set_style(p, "wide_cell")
            p.alignment = _ALIGN[col.align]
            if text:
                run = p.add_run(text)
                run.bold = data.bold or None
    for note in table.notes:
        p = sd.add_paragraph(key="wide_note")
        for r in note.runs:
            run = p.add_run(r.text)
            run.bold = r.bold or None
    return sd


def _header_top(sd: Fragment, header: Header) -> None:
    """The first row of a paper's header (agency | national name and motto) as a table of
    its own: the text a decision issues (Decree 30, Appendix III, Mẫu 1.3)."""
    table = _fixed_table(sd, 1, [style.HEADER_LEFT_MM, style.HEADER_RIGHT_MM])
    set_cell_margins(table, 0)
    left, right = table.rows[0].cells
    lines = [(t, "parent") for t in header.parent_lines]
    lines += [(t, "agency") for t in header.agency_lines]
    _cell_lines(left, [*lines, ("", "agency_rule" if header.agency_lines else "parent")])
    _cell_lines(right, [(header.national_name, "national_name"), (header.motto, "motto")])


#: Children of ``w:sectPr`` that come after ``w:pgNumType`` (ECMA-376 CT_SectPr order).
_AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                    "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                    "w:printerSettings", "w:sectPrChange")


def restart_page_numbers(sect_pr: Any) -> None:
    """Number the pages of the section ``sect_pr`` ends from 1 (``w:pgNumType``)."""
    numbering = sect_pr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        sect_pr.insert_element_before(numbering, *_AFTER_PGNUMTYPE)
    numbering.set(qn("w:start"), "1")


def _end_section(sd: Fragment, final: Any, restart: bool) -> None:
    """End the section before an appendix with a paragraph 1 pt high that carries a copy
    of the template's section (page, margins, page-number headers, no number on its
    first page): the next part starts a new page and a section of its own."""
    end = sd.add_paragraph(key="body")
    fmt = end.paragraph_format
    fmt.first_line_indent = Mm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    section = deepcopy(final)
    if restart:
        restart_page_numbers(section)
    end._p.set_sectPr(section)


def _appendices(part: Any, appendices: tuple[Appendix, ...]) -> Fragment:
    """Every part after the signature, each in a section of its own whose pages are
    numbered from 1 (Decree 30, Appendix I, III.1.đ): a list's titled tables, a phụ lục's
    or an issued text's body (with the header's first row for the latter). The paper's
    final section, which the last part ends in, is restarted by ``render``."""
    sd = Fragment(part)
    width = style.A4.text_width_mm
    final = part.element.body.sectPr  # the template's one section
    for n, appendix in enumerate(appendices):
        # The section ending here is the paper's own (n = 0) or the previous part's.
        _end_section(sd, final, restart=n > 0)
        if appendix.header is not None:
            _header_top(sd, appendix.header)
        for i, line in enumerate(appendix.heading_lines):
            sd.add_paragraph(line, "type_name" if appendix.header and i == 0
                             else "appendix_heading")
        sd.add_paragraph(appendix.reference_line, "appendix_reference")
        sd.add_paragraph("", "summary_rule")
        _add_blocks(sd, appendix.body)
        for section in appendix.sections:
            sd.add_paragraph(section.title, "table_section")
            total = sum(c.weight for c in section.columns)
            widths = [width * c.weight / total for c in section.columns]
            table = _fixed_table(sd, 2, widths, grid=True)
            header = table.rows[0]
            _repeat_header(header)
            for cell, col in zip(header.cells, section.columns, strict=True):
                _cell_lines(cell, [(col.header, "table_header")])
            _fill_rows(table, section)
    return sd


# -- the renderer ---------------------------------------------------------------------------

def context(tpl: DocxTemplate, doc: Document) -> dict[str, Any]:
    """Everything the template asks for (see ``template_variables``)."""
    h = doc.header
    part = tpl.get_docx().part  # the blocks' pictures and styles are the template's
    return {
        "header_left": _header_left(doc),
        "national_name": h.national_name,
        "motto": h.motto,
        "number_line": h.number_line or "",
        "about": _lines(h.about_lines[1:], "about_line", _lines(h.about_lines[:1], "about")),
        "place_date_line": h.place_date_line,
        "place_date_wide": h.place_date_wide,
        "draft_mark": doc.draft_mark or "",
        "type_name": doc.type_name,
        "summary": _summary(doc),
        "body": _body(part, doc.body),
        "grid": _grid(part, doc.signature_grid, doc.recipients) if doc.signature_grid else None,
        "recipients": _recipients(doc),
        "signature": _signature(doc.signature) if doc.signature else RichTextParagraph(),
        "appendix": _appendices(part, doc.appendices) if doc.appendices else None,
        "table": (_wide_table(part, doc.table, style.LAYOUTS[doc.orientation].page.text_width_mm)
                  if doc.table else None),
        "verification": _verification(part, doc) if doc.verification else None,
    }


def _verification(part: Any, doc: Document) -> Fragment:
    """QR code (PNG) and the verification line, after the signature."""
    assert doc.verification is not None
    png = qr_png(doc.verification.url)
    sd = Fragment(part)
    p = sd.add_paragraph(key="drafter")
    p.add_run().add_picture(png, width=Mm(18))
    p.add_run(" " + doc.verification.line)
    return sd


def _recipients(doc: Document) -> RichTextParagraph:
    rec = doc.recipients
    # A biên bản's secretary signs on the left, above the recipients.
    rtp = _signature(doc.left_signature) if doc.left_signature else RichTextParagraph()
    if rec is None:
        if doc.left_signature:
            return rtp
        # An empty paragraph, not nothing: a table cell without one is not valid WordML,
        # and LibreOffice then flows the paragraph before the table into the cell's place.
        return _lines(("",), "recipients_item")
    if doc.left_signature:
        rtp.add(RichText(""), parastyle=style_name("recipients_item"))
    _lines((rec.heading,), "recipients_heading", rtp)
    _lines(rec.items, "recipients_item", rtp)
    if rec.drafter_line:
        _lines((rec.drafter_line,), "drafter", rtp)
    return rtp


def render(document: Document) -> bytes:
    """The DOCX of a composed paper."""
    tpl = _Template(BytesIO(template_bytes(TEMPLATES[document.orientation])))
    try:
        tpl.render(context(tpl, document), jinja_env=_environment(), autoescape=True)
    except Exception as exc:  # a template fault on valid input is a bug: name the paper
        raise RenderError(f"không tạo được DOCX cho {document.title}: {exc}") from exc
    if document.appendices:  # the last part ends in the body's final section
        restart_page_numbers(tpl.docx.element.body.sectPr)
    set_properties(tpl.docx, title=document.title, subject=document.subject,
                   author=document.agency)
    out = BytesIO()
    tpl.save(out)
    return out.getvalue()


#: Longest core property some readers accept (python-docx refuses more, too).
PROPERTY_MAX = 255


def clip(text: str, limit: int = PROPERTY_MAX) -> str:
    """``text`` on one line, cut between words with ``…`` when longer than ``limit``."""
    return shorten(" ".join(text.split()), limit)


_CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
    "<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
    "<cp:revision>1</cp:revision><dc:language>{language}</dc:language>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
    "</cp:coreProperties>")


def set_properties(docx: Any, *, title: str, subject: str, author: str) -> None:
    """The file properties of one paper: what it is, who issued it, when, in which
    language; nothing of the template's own properties is left behind.

    The part is written whole rather than through python-docx's ``core_properties``, so
    nothing of the template's own properties can survive, whatever they held (docxcompose,
    behind docxtpl's subdocuments, once rebound the ``cp`` prefix python-docx uses).
    """
    from datetime import UTC, datetime
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = _CORE_XML.format(title=escape(clip(title)), subject=escape(clip(subject)),
                           author=escape(clip(author)), language=style.LANGUAGE, now=now)
    docx.part.package._core_properties_part._element = parse_xml(xml)


# -- template contract -------------------------------------------------------------------------

CONTEXT_NAMES = frozenset({
    "header_left", "national_name", "motto", "number_line", "about", "place_date_line",
    "place_date_wide", "draft_mark",
    "type_name", "summary", "body", "grid", "recipients", "signature", "appendix",
    "verification", "table",
})


def template_variables() -> set[str]:
    """Names the templates ask for (docxtpl's undeclared variables)."""
    names: set[str] = set()
    for name in TEMPLATES.values():
        tpl = DocxTemplate(BytesIO(template_bytes(name)))
        names |= set(tpl.get_undeclared_template_variables())
    return names


def check_template() -> None:
    """Raise TemplateError when the template asks for a name the renderer does not give."""
    unknown = template_variables() - CONTEXT_NAMES
    if unknown:
        raise TemplateError(f"mẫu DOCX dùng biến không có: {', '.join(sorted(unknown))}")
