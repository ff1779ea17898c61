"""XLSX renderer for a paper that is one wide table (a cluster's scores): the same title
lines, header row, rows and notes as the DOCX and the PDF, figures as numbers so the
office can sort and add them, on an A4 landscape sheet that prints the header row on
every page. ``tables_workbook`` writes, in the same style, a workbook of statistical
tables whose header spans several rows (the year's figures of awards).

Every text a user gave is written as text, never as a formula (a unit named ``=SUM(…)``
stays those characters), so a workbook opened in Excel runs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from docgen import style
from docgen.compose.document import Document
from docgen.errors import RenderError

#: Excel column width units (characters of the default font) per millimetre.
CHARS_PER_MM = 0.52
SHEET_TITLE_MAX = 31  # Excel's limit
MM_PER_INCH = 25.4
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ALIGN = {"left": "left", "center": "center", "right": "right"}


def _text(cell: Any, value: str) -> None:
    """``value`` as a string cell: openpyxl would read ``=…`` as a formula."""
    cell.value = value
    cell.data_type = "s"


def _font(size: float, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=style.FONT_FAMILY, size=size, bold=bold, italic=italic)


def render(document: Document) -> bytes:
    table = document.table
    if table is None:
        raise RenderError(f"{document.title}: không có bảng để xuất XLSX")
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"[:SHEET_TITLE_MAX]
    ncols = len(table.columns)
    styles = style.HEADER_STYLES
    row = 1
    lines = [*((line, styles["parent"]) for line in document.header.parent_lines),
             *((line, styles["agency"]) for line in document.header.agency_lines),
             (document.header.place_date_line, styles["place_date"]),
             (document.type_name, styles["type_name"]),
             *((line, styles["summary"]) for line in document.summary),
             *((p.text, style.PARAGRAPH_STYLES[p.role]) for p in document.body)]
    for text, st in lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        cell = ws.cell(row, 1)
        _text(cell, text)
        cell.font = _font(st.size_pt, st.bold, st.italic)
        cell.alignment = Alignment(horizontal="center")
        row += 1
    row += 1
    header_row = row
    head_font = _font(styles["wide_header"].size_pt, bold=True)
    for col, c in enumerate(table.columns, start=1):
        cell = ws.cell(row, col)
        _text(cell, c.header)
        cell.font, cell.border = head_font, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    size = styles["wide_cell"].size_pt
    for data in table.rows:
        row += 1
        font = _font(size, bold=data.bold)
        for col, (c, text) in enumerate(zip(table.columns, data.cells, strict=True), start=1):
            cell = ws.cell(row, col)
            number = data.numbers[col - 1] if col - 1 < len(data.numbers) else None
            if number is not None:
                cell.value = number
                cell.number_format = "0" if float(number).is_integer() and text.isdigit() \
                    else "0.00"
            else:
                _text(cell, text)
            cell.font, cell.border = font, _BORDER
            cell.alignment = Alignment(horizontal=_ALIGN[c.align], vertical="top",
                                       wrap_text=True)
    row += 1
    for note in table.notes:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        cell = ws.cell(row, 1)
        _text(cell, note.text)
        cell.font = _font(styles["wide_note"].size_pt, italic=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _page(ws, document, header_row, ncols)
    wb.properties.title = document.title
    wb.properties.creator = document.agency or "docgen"
    wb.properties.language = style.LANGUAGE
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _page(ws: Any, document: Document, header_row: int, ncols: int) -> None:
    """Column widths in proportion to the paper's, A4 landscape, the header row printed on
    every page, the sheet scaled to the page's width, the panes frozen under it."""
    assert document.table is not None
    layout = style.LAYOUTS[document.orientation]
    total = sum(c.weight for c in document.table.columns)
    for i, c in enumerate(document.table.columns, start=1):
        mm = layout.page.text_width_mm * c.weight / total
        ws.column_dimensions[get_column_letter(i)].width = round(mm * CHARS_PER_MM * 1.9, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = layout.orientation
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    p = layout.page
    ws.page_margins = PageMargins(left=p.margin_left_mm / MM_PER_INCH,
                                  right=p.margin_right_mm / MM_PER_INCH,
                                  top=p.margin_top_mm / MM_PER_INCH,
                                  bottom=p.margin_bottom_mm / MM_PER_INCH)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = ws.cell(header_row + 1, min(4, ncols))


# -- statistical tables ------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a table's header: ``span`` columns wide, ``down`` rows high."""

    text: str
    span: int = 1
    down: int = 1


@dataclass(frozen=True)
class Table:
    """One sheet: title lines (the first in bold capitals as given), a header of several
    rows laid out as an HTML table's (a cell spanning down keeps its columns in the rows
    below), body rows (an ``int`` is written as a number, a ``str`` as text, never as a
    formula), the rows set in bold (totals), column widths and notes under the table."""

    name: str
    title_lines: tuple[str, ...]
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[tuple[str | int | None, ...], ...]
    bold_rows: frozenset[int] = frozenset()
    widths: tuple[float, ...] = ()
    notes: tuple[str, ...] = ()
    #: Columns (from 1) written left-aligned; the others, numbers, are centred.
    text_columns: frozenset[int] = field(default_factory=lambda: frozenset({1, 2}))

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=sum(c.span for c in self.header[0]))


def _header(ws: Any, table: Table, top: int) -> None:
    """Place the header cells row by row, skipping the places a cell above spans down to."""
    taken: set[tuple[int, int]] = set()
    font = _font(style.HEADER_STYLES["wide_header"].size_pt, bold=True)
    fill = PatternFill("solid", fgColor="EDEDED")
    for r, cells in enumerate(table.header):
        row, col = top + r, 1
        for c in cells:
            while (row, col) in taken:
                col += 1
            last_row, last_col = row + c.down - 1, col + c.span - 1
            for rr in range(row, last_row + 1):
                for cc in range(col, last_col + 1):
                    taken.add((rr, cc))
                    ws.cell(rr, cc).border = _BORDER
                    ws.cell(rr, cc).fill = fill
            if (last_row, last_col) != (row, col):
                ws.merge_cells(start_row=row, start_column=col, end_row=last_row,
                               end_column=last_col)
            cell = ws.cell(row, col)
            _text(cell, c.text)
            cell.font = font
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            col = last_col + 1


def _table_sheet(ws: Any, table: Table) -> None:
    ws.title = table.name[:SHEET_TITLE_MAX]
    ncols = table.ncols
    styles = style.HEADER_STYLES
    row = 0
    for i, line in enumerate(table.title_lines):
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        cell = ws.cell(row, 1)
        _text(cell, line)
        st = styles["type_name"] if i == 0 else styles["summary"]
        cell.font = _font(st.size_pt, bold=i == 0, italic=i > 1)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    top = row + 2
    _header(ws, table, top)
    row = top + len(table.header) - 1
    size = styles["wide_cell"].size_pt
    for i, values in enumerate(table.rows):
        row += 1
        font = _font(size, bold=i in table.bold_rows)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            if isinstance(value, int):
                cell.value = value
                cell.number_format = "0"
            else:
                _text(cell, value or "")
            cell.font, cell.border = font, _BORDER
            cell.alignment = Alignment(
                horizontal="left" if col in table.text_columns else "center",
                vertical="top", wrap_text=True)
    row += 1
    for note in table.notes:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        cell = ws.cell(row, 1)
        _text(cell, note)
        cell.font = _font(styles["wide_note"].size_pt, italic=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 30
    for i, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    layout = style.LAYOUTS["landscape"]
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = layout.orientation
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{top + len(table.header) - 1}"
    ws.freeze_panes = ws.cell(top + len(table.header), 3)


def tables_workbook(tables: Sequence[Table], *, title: str, creator: str) -> bytes:
    """A workbook of ``tables``, one sheet each, in the papers' font, A4 landscape, each
    fitted to the page's width with its header repeated on every printed page."""
    if not tables:
        raise RenderError(f"{title}: không có bảng nào")
    wb = Workbook()
    _table_sheet(wb.active, tables[0])
    for table in tables[1:]:
        _table_sheet(wb.create_sheet(), table)
    wb.properties.title = title
    wb.properties.creator = creator
    wb.properties.language = style.LANGUAGE
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
