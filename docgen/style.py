"""The one style table of the official papers (Decree 30/2020/NĐ-CP, Appendix I): plain
data, read by the composers (line breaks in fixed columns) and by both renderers.

Both the DOCX template builder (``scripts/build_docx_templates.py``) and the PDF stylesheet
(rendered from this table by ``docgen.render.pdf``) read these values, so a margin or a
font size is stated once. Lengths are millimetres, sizes are points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Page:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm


@dataclass(frozen=True, slots=True)
class ParagraphStyle:
    """How one paragraph role looks."""

    size_pt: float
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right", "justify"] = "justify"
    first_line_indent_mm: float = 0.0
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    line_spacing: float = 1.0  # multiple of single spacing
    upper: bool = False  # informational: compose already upper-cases the text
    #: Never the last line of a page: stays with the paragraph after it (DOCX keepNext,
    #: CSS ``break-after: avoid``). Titles of a signature, headings, the grid's heading.
    keep_with_next: bool = False
    #: Outline level of a heading (1 = ``I. …``, 2 = ``1. …``): a named heading style in
    #: the DOCX (Word's navigation pane) and a bookmark in the PDF. 0 = body text.
    outline_level: int = 0
    #: Indent of every line from the left of the text block (``Kính gửi:`` lines).
    left_indent_mm: float = 0.0


#: A4 portrait, margins inside Decree 30's ranges (top/bottom 20-25, left 30-35, right 15-20).
A4 = Page(210, 297, margin_top_mm=20, margin_bottom_mm=20, margin_left_mm=30, margin_right_mm=15)

#: A4 landscape, for a paper that is one wide table (Decree 30, Appendix I: a paper whose
#: tables are not put in a separate appendix may be laid out across the width of the
#: sheet). The decree gives no other margins for it: the same top, bottom, left and right.
A4_LANDSCAPE = Page(297, 210, margin_top_mm=20, margin_bottom_mm=20, margin_left_mm=30,
                    margin_right_mm=15)

#: Language of every paper (DOCX defaults and styles, PDF and file properties).
LANGUAGE = "vi-VN"

#: The family named in the DOCX (Decree 30: Times New Roman). The PDF embeds the shipped
#: metric twin, Liberation Serif (same widths, full Vietnamese coverage), under its own name.
FONT_FAMILY = "Times New Roman"
PDF_FONT_FAMILY = "Liberation Serif"
PDF_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}

BODY_INDENT_MM = 12.7  # 1.27 cm first-line indent
BODY_SIZE_PT = 14.0

#: Header table, first row: agency | national name and motto. Sized so that the usual
#: names stay on one line at Decree 30's sizes: the parent line
#: ``VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO`` (12 pt, 72.7 mm) on the left, the national name
#: (12 pt bold, 88.3 mm) on the right. The decree's ≈ 40 % | 60 % split (68 | 100 mm in
#: its samples) is too narrow on the left for that parent line.
HEADER_LEFT_MM = 74.5
HEADER_RIGHT_MM = A4.text_width_mm - HEADER_LEFT_MM  # 90.5 mm
#: Second row: number | place and date. The place-and-date line stays centred under the
#: motto (same right column) unless it is wider than that column, e.g.
#: ``Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2025`` (13 pt italic, 98.7 mm): then its
#: cell widens to the left (compose decides, ``Header.place_date_wide``).
HEADER_NUMBER_MM = 65.0
HEADER_PLACE_DATE_WIDE_MM = A4.text_width_mm - HEADER_NUMBER_MM  # 100 mm
#: Closing table: recipients on the left, signature on the right.
CLOSING_LEFT_MM = 75.0
CLOSING_RIGHT_MM = A4.text_width_mm - CLOSING_LEFT_MM


@dataclass(frozen=True, slots=True)
class Layout:
    """A page and the widths of the header and closing tables on it."""

    orientation: Literal["portrait", "landscape"]
    page: Page
    header_number_mm: float
    header_left_mm: float
    header_right_mm: float
    closing_left_mm: float
    closing_right_mm: float


PORTRAIT = Layout("portrait", A4, HEADER_NUMBER_MM, HEADER_LEFT_MM, HEADER_RIGHT_MM,
                  CLOSING_LEFT_MM, CLOSING_RIGHT_MM)
#: The portrait columns widened in proportion to the wider text block, so agency, national
#: name and signer keep their places relative to the page.
_WIDER = A4_LANDSCAPE.text_width_mm / A4.text_width_mm
LANDSCAPE = Layout("landscape", A4_LANDSCAPE, round(HEADER_NUMBER_MM * _WIDER, 1),
                   round(HEADER_LEFT_MM * _WIDER, 1),
                   A4_LANDSCAPE.text_width_mm - round(HEADER_LEFT_MM * _WIDER, 1),
                   round(CLOSING_LEFT_MM * _WIDER, 1),
                   A4_LANDSCAPE.text_width_mm - round(CLOSING_LEFT_MM * _WIDER, 1))
LAYOUTS = {layout.orientation: layout for layout in (PORTRAIT, LANDSCAPE)}

#: A wide table of figures (a cluster's scores): cell padding each side, and the narrowest
#: a column of figures may be (``100,25`` at the table's 11 pt fits with its padding).
WIDE_CELL_PAD_MM = 0.8
WIDE_CELL_PAD_Y_MM = 0.35  # above and below a cell's text (1 pt)
WIDE_FIGURE_MM = 12.0

#: Room left for the signature and the seal between the titles and the name.
SIGNATURE_SPACE_MM = 30.0
#: Space after each row of signature blocks in a pledge grid.
GRID_ROW_GAP_PT = 14.0
#: A pledge grid has two blocks a row, each centred in its half of the text block, with
#: this gap on each side of a block inside its half (so neighbours never touch).
GRID_CELL_PAD_MM = 2.0
GRID_CELL_MM = A4.text_width_mm / 2  # 82.5 mm
GRID_TEXT_MM = GRID_CELL_MM - 2 * GRID_CELL_PAD_MM  # room for a line of a block
#: The witness block under the grid is centred, this wide.
WITNESS_MM = 0.75 * A4.text_width_mm
#: Size of the empty PDF signature field over that room.
SIGNATURE_FIELD_WIDTH_MM = 60.0
#: Rule lengths as fractions of the text above them (1/3-1/2 for agency and summary).
AGENCY_RULE_FRACTION = 0.4
SUMMARY_RULE_FRACTION = 0.35
PAGE_NUMBER_SIZE_PT = 13.0
#: Room a table cell keeps on its two sides together: the PDF pads a cell 4 pt a side,
#: Word's default cell margins are 1.9 mm a side; the wider of the two.
TABLE_CELL_PAD_MM = 4.0
#: ``Kính gửi:`` (Decree 30, element 9a): the block starts this far in from the left of the
#: text block, and its ``- …;`` lines start under the colon (the printed width of
#: ``Kính gửi`` at the body size, 17.6 mm, measured with the shipped font).
ADDRESSEE_INDENT_MM = 25.0
ADDRESSEE_ITEM_INDENT_MM = ADDRESSEE_INDENT_MM + 17.6

#: Header and closing elements (fixed blocks, not body roles).
HEADER_STYLES: dict[str, ParagraphStyle] = {
    "parent": ParagraphStyle(12, align="center"),
    "agency": ParagraphStyle(13, bold=True, align="center"),
    "national_name": ParagraphStyle(12, bold=True, align="center"),
    "motto": ParagraphStyle(13, bold=True, align="center"),
    "number": ParagraphStyle(13, align="center", space_before_pt=6),
    "place_date": ParagraphStyle(13, italic=True, align="center", space_before_pt=6),
    # A công văn's ``V/v …`` under its number: 12-13 pt upright, centred, 6 pt below it.
    "about": ParagraphStyle(12, align="center", space_before_pt=6),
    "about_line": ParagraphStyle(12, align="center"),  # its second and later lines
    "draft_mark": ParagraphStyle(13, bold=True, align="left"),
    "type_name": ParagraphStyle(14, bold=True, align="center", space_before_pt=18),
    "summary": ParagraphStyle(14, bold=True, align="center"),
    "recipients_heading": ParagraphStyle(12, bold=True, italic=True, align="left",
                                         keep_with_next=True),
    "recipients_item": ParagraphStyle(11, align="left"),
    "drafter": ParagraphStyle(11, align="left"),
    # Everything of a signature block above the name keeps with what follows, so a name
    # is never alone at the top of a page.
    "signature_title": ParagraphStyle(14, bold=True, align="center", keep_with_next=True),
    "signature_name": ParagraphStyle(14, bold=True, align="center"),
    "signature_unit": ParagraphStyle(14, bold=True, align="center", keep_with_next=True),
    "grid_heading": ParagraphStyle(14, bold=True, align="center", space_before_pt=12,
                                   space_after_pt=6, keep_with_next=True),
    "appendix_heading": ParagraphStyle(14, bold=True, align="center"),
    "appendix_reference": ParagraphStyle(13, italic=True, align="center", space_after_pt=6),
    "table_section": ParagraphStyle(13, bold=True, align="left", space_before_pt=6,
                                    space_after_pt=3),
    "table_header": ParagraphStyle(13, bold=True, align="center"),
    "table_cell": ParagraphStyle(13, align="left"),
    # A wide table of figures: smaller, so that 15 members fit across a landscape page.
    "wide_header": ParagraphStyle(11, bold=True, align="center"),
    "wide_cell": ParagraphStyle(11, align="left"),
    # Notes keep with the signature after them: a signature never stands alone on a page.
    "wide_note": ParagraphStyle(12, italic=True, align="left", space_before_pt=3,
                                keep_with_next=True),
}

#: Body paragraph roles (see ``docgen.compose.document.Role``).
PARAGRAPH_STYLES: dict[str, ParagraphStyle] = {
    "body": ParagraphStyle(BODY_SIZE_PT, first_line_indent_mm=BODY_INDENT_MM,
                           space_after_pt=6, line_spacing=1.15),
    "list_item": ParagraphStyle(BODY_SIZE_PT, first_line_indent_mm=BODY_INDENT_MM,
                                space_after_pt=6, line_spacing=1.15),
    "basis": ParagraphStyle(BODY_SIZE_PT, italic=True, first_line_indent_mm=BODY_INDENT_MM,
                            space_after_pt=6, line_spacing=1.15),
    "authority": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center", space_before_pt=6,
                                space_after_pt=6, upper=True, keep_with_next=True),
    "formula": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center", space_before_pt=6,
                              space_after_pt=6, upper=True, keep_with_next=True),
    "center": ParagraphStyle(BODY_SIZE_PT, align="center", space_after_pt=6),
    "center_bold": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center", space_after_pt=6),
    "center_italic": ParagraphStyle(BODY_SIZE_PT, italic=True, align="center",
                                    space_after_pt=6),
    # A text laid out in parts or chapters (a quy chế a decision issues; Decree 30,
    # Appendix I, II.6.đ): ``Chương I`` on a line of its own, its title under it, both
    # centred bold, kept with the first article.
    "chapter": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center", space_before_pt=12,
                              keep_with_next=True, outline_level=1),
    "chapter_title": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center",
                                    space_after_pt=6, upper=True, keep_with_next=True),
    # Headings of the body: ``I. …`` (level 1) and ``1. …`` (level 2), bold, flush with
    # the indent, kept with their first paragraph.
    "section": ParagraphStyle(BODY_SIZE_PT, bold=True, first_line_indent_mm=BODY_INDENT_MM,
                              space_before_pt=6, space_after_pt=6, line_spacing=1.15,
                              keep_with_next=True, outline_level=1),
    "subsection": ParagraphStyle(BODY_SIZE_PT, bold=True, first_line_indent_mm=BODY_INDENT_MM,
                                 space_before_pt=6, space_after_pt=6, line_spacing=1.15,
                                 keep_with_next=True, outline_level=2),
    # ``a) …``: the third level, bold italic (*practice*: Decree 30 sets no heading style).
    "point": ParagraphStyle(BODY_SIZE_PT, bold=True, italic=True,
                            first_line_indent_mm=BODY_INDENT_MM, space_after_pt=6,
                            line_spacing=1.15, keep_with_next=True, outline_level=3),
    # ``Kính gửi:`` (Decree 30, Appendix I, II.9a): 14 pt upright; one addressee on the same
    # line; several: a line each, their dashes under the colon.
    "addressee": ParagraphStyle(BODY_SIZE_PT, align="left", left_indent_mm=ADDRESSEE_INDENT_MM,
                                space_before_pt=12, space_after_pt=3, keep_with_next=True),
    "addressee_item": ParagraphStyle(BODY_SIZE_PT, align="left",
                                     left_indent_mm=ADDRESSEE_ITEM_INDENT_MM,
                                     space_after_pt=3, keep_with_next=True),
    # ``./.`` on a line of its own after a table that ends the body.
    "end_mark": ParagraphStyle(BODY_SIZE_PT, first_line_indent_mm=BODY_INDENT_MM,
                               space_before_pt=6, space_after_pt=6),
}
