"""The one style table of the official papers (Decree 30/2020/NĐ-CP, Appendix I).

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


#: A4 portrait, margins inside Decree 30's ranges (top/bottom 20-25, left 30-35, right 15-20).
A4 = Page(210, 297, margin_top_mm=20, margin_bottom_mm=20, margin_left_mm=30, margin_right_mm=15)

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

#: Header table: left (agency) and right (national name) column widths, ≈ 40 % | 60 %.
HEADER_LEFT_MM = 65.0
HEADER_RIGHT_MM = A4.text_width_mm - HEADER_LEFT_MM  # 100 mm
#: Closing table: recipients on the left, signature on the right.
CLOSING_LEFT_MM = 75.0
CLOSING_RIGHT_MM = A4.text_width_mm - CLOSING_LEFT_MM
#: Room left for the signature and the seal between the titles and the name.
SIGNATURE_SPACE_MM = 30.0
#: Space after each row of signature blocks in a pledge grid.
GRID_ROW_GAP_PT = 14.0
#: Size of the empty PDF signature field over that room.
SIGNATURE_FIELD_WIDTH_MM = 60.0
#: Rule lengths as fractions of the text above them (1/3-1/2 for agency and summary).
AGENCY_RULE_FRACTION = 0.4
SUMMARY_RULE_FRACTION = 0.35
PAGE_NUMBER_SIZE_PT = 13.0

#: Header and closing elements (fixed blocks, not body roles).
HEADER_STYLES: dict[str, ParagraphStyle] = {
    "parent": ParagraphStyle(13, align="center"),
    "agency": ParagraphStyle(13, bold=True, align="center"),
    "national_name": ParagraphStyle(12.5, bold=True, align="center"),
    "motto": ParagraphStyle(13.5, bold=True, align="center"),
    "number": ParagraphStyle(13, align="center", space_before_pt=6),
    "place_date": ParagraphStyle(14, italic=True, align="center", space_before_pt=6),
    "draft_mark": ParagraphStyle(13, bold=True, align="left"),
    "type_name": ParagraphStyle(14, bold=True, align="center", space_before_pt=18),
    "summary": ParagraphStyle(14, bold=True, align="center"),
    "recipients_heading": ParagraphStyle(12, bold=True, italic=True, align="left"),
    "recipients_item": ParagraphStyle(11, align="left"),
    "drafter": ParagraphStyle(11, align="left"),
    "signature_title": ParagraphStyle(14, bold=True, align="center"),
    "signature_name": ParagraphStyle(14, bold=True, align="center"),
    "signature_unit": ParagraphStyle(14, bold=True, align="center"),
    "grid_heading": ParagraphStyle(14, bold=True, align="center", space_before_pt=12,
                                   space_after_pt=6),
    "appendix_heading": ParagraphStyle(14, bold=True, align="center"),
    "appendix_reference": ParagraphStyle(13, italic=True, align="center", space_after_pt=6),
    "table_section": ParagraphStyle(13, bold=True, align="left", space_before_pt=6,
                                    space_after_pt=3),
    "table_header": ParagraphStyle(13, bold=True, align="center"),
    "table_cell": ParagraphStyle(13, align="left"),
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
                                space_after_pt=6, upper=True),
    "formula": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center", space_before_pt=6,
                              space_after_pt=6, upper=True),
    "center": ParagraphStyle(BODY_SIZE_PT, align="center", space_after_pt=6),
    "center_bold": ParagraphStyle(BODY_SIZE_PT, bold=True, align="center", space_after_pt=6),
    "center_italic": ParagraphStyle(BODY_SIZE_PT, italic=True, align="center",
                                    space_after_pt=6),
    "section": ParagraphStyle(BODY_SIZE_PT, bold=True, first_line_indent_mm=BODY_INDENT_MM,
                              space_before_pt=6, space_after_pt=6, line_spacing=1.15),
}
