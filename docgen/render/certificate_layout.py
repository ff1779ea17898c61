"""Where each text of a certificate goes: one table in millimetres for A4 landscape,
scaled for A3 (×√2). The design page (border, emblem) and the text layer both read it.

A box is centred on ``cx`` with a ``width``; its lines are centred vertically in
``top..top+height``. Text is shrunk from ``size`` towards ``min_size`` and wrapped to at most
``max_lines`` so it always stays inside its box, and every box lies inside the inner frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

A4_LANDSCAPE_MM = (297.0, 210.0)
A3_SCALE = 420.0 / 297.0
#: Decorative frame: outer double line and inner thin line, inset from the page edge.
FRAME_OUTER_MM = 8.0
FRAME_INNER_MM = 12.0
EMBLEM = {"cx": 148.5, "top": 13.0, "size": 21.0}
#: The certificate's colours, as RGB fractions: the one home for the design page (frame,
#: corners, emblem drawn in HTML/SVG), the text layer (ReportLab) and the DOCX (Word colours).
RED = (200 / 255, 16 / 255, 16 / 255)  # authority, heading, inner frame, emblem disc
GOLD = (240 / 255, 196 / 255, 25 / 255)  # emblem ring and star
DARK_GOLD = (184 / 255, 134 / 255, 11 / 255)  # outer double frame, corner strokes
BLACK = (0.0, 0.0, 0.0)  # text, the rule under the motto, the QR code
#: Width of the thin lines (inner frame, rule under the motto) in points on A4; ×k on A3.
THIN_LINE_PT = 0.6


def css_colour(rgb: tuple[float, float, float]) -> str:
    """``#rrggbb`` of a palette colour, for the HTML design page."""
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def rgb255(rgb: tuple[float, float, float]) -> tuple[int, int, int]:
    """0..255 channels of a palette colour, for Word and Pillow."""
    r, g, b = (round(c * 255) for c in rgb)
    return r, g, b


@dataclass(frozen=True, slots=True)
class Box:
    cx: float
    top: float
    width: float
    height: float
    size: float
    min_size: float
    bold: bool = False
    italic: bool = False
    color: tuple[float, float, float] = BLACK
    max_lines: int = 1


#: Boxes of the full design (A4 landscape). Keys are the parts of the composed certificate.
BOXES: dict[str, Box] = {
    "national_name": Box(148.5, 35.5, 200, 6.5, 13, 11, bold=True),
    "motto": Box(148.5, 42.0, 200, 6.5, 13, 11, bold=True),
    "authority": Box(148.5, 52.0, 235, 13, 16, 12, bold=True, color=RED, max_lines=2),
    "verb": Box(148.5, 66.0, 100, 8, 16, 14, bold=True),
    "heading": Box(148.5, 75.0, 240, 20, 44, 22, bold=True, color=RED, max_lines=2),
    "recipient": Box(148.5, 97.0, 235, 15, 24, 13, bold=True, max_lines=2),
    "details": Box(148.5, 112.5, 235, 13, 15, 11, max_lines=2),
    "achievement": Box(148.5, 126.5, 225, 18, 15, 11, italic=True, max_lines=3),
    "place_date": Box(218.0, 147.0, 120, 6.5, 13, 10, italic=True),
    "signer_titles": Box(218.0, 153.5, 120, 12, 13, 10, bold=True, max_lines=2),
    "signer_name": Box(218.0, 186.0, 120, 7, 14, 11, bold=True),
    "decision": Box(88.0, 170.0, 120, 6.5, 12, 9, italic=True),
    "register": Box(88.0, 176.5, 120, 6.5, 12, 10, bold=True),
    "verify_code": Box(40.0, 163.0, 40, 4, 7, 6),
}
#: The room for the signature and seal between the signer's titles and name: the signature
#: field goes over it (and the agency's seal field over its left third).
SIGNATURE_SPACE = {"cx": 218.0, "top": 165.5, "bottom": 186.0, "width": 60.0}
#: The QR code square (top-left corner and size), inside the frame, above the decision line.
QR = {"left": 29.0, "top": 141.0, "size": 21.0}
#: Parts printed on a pre-printed blank (design "blank"): the rest is already on the paper.
BLANK_PARTS = ("recipient", "details", "achievement", "place_date", "signer_titles",
               "signer_name", "decision", "register", "verify_code")


def page_size_mm(paper: str) -> tuple[float, float]:
    w, h = A4_LANDSCAPE_MM
    s = A3_SCALE if paper == "A3" else 1.0
    return (w * s, h * s)


def scale(paper: str) -> float:
    return A3_SCALE if paper == "A3" else 1.0


def placements(face: Any, entry: Any) -> list[tuple[str, Box, str]]:
    """What one certificate prints, box by box: ``(part, box, text)``, the same for the PDF
    and the DOCX. Parts the design does not print (the pre-printed ones on a blank) and
    empty parts are left out; several signer titles get one line-high box each."""
    full = face.design == "full"
    parts: dict[str, str] = {}
    if full:
        parts.update(national_name=face.national_name, motto=face.motto,
                     authority=face.authority, verb=face.verb,
                     heading=" ".join(face.heading_lines))
    parts.update({
        "recipient": entry.recipient_line,
        "details": ", ".join(entry.detail_lines),
        "achievement": entry.achievement,
        "place_date": face.place_date_line,
        "decision": face.decision_line,
        "register": entry.register_line or "",
        "verify_code": entry.verification.code if entry.verification else "",
    })
    out: list[tuple[str, Box, str]] = []
    for key, text in parts.items():
        if text:
            out.append((key, BOXES[key], text))
    titles = face.signer_title_lines
    box = BOXES["signer_titles"]
    step = box.height / max(len(titles), 1)
    for i, line in enumerate(titles):
        out.append(("signer_titles", replace(box, top=box.top + i * step, height=step,
                                             max_lines=1 if len(titles) > 1 else box.max_lines),
                    line))
    if face.signer_name:
        out.append(("signer_name", BOXES["signer_name"], face.signer_name))
    return out
