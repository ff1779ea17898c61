"""Measuring laid-out pages (WeasyPrint's PDF and LibreOffice's PDF of the DOCX alike):
glyph boxes against the margins of the style table, text lines, signature blocks."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber

from docgen import style
from tests.helpers import nfc

MM = 72 / 25.4
#: Justified lines end on the margin; glyph advances are rounded by the PDF writer.
TOLERANCE_MM = 0.3


def glyphs_outside_margins(pdf: bytes, page_spec: style.Page = style.A4
                           ) -> list[tuple[int, str, float, float]]:
    """(page, character, x0 mm, x1 mm) of every glyph left of the left margin, right of
    the right margin or below the bottom margin (of ``page_spec``: A4 portrait unless
    told)."""
    left = page_spec.margin_left_mm - TOLERANCE_MM
    right = page_spec.width_mm - page_spec.margin_right_mm + TOLERANCE_MM
    bottom = page_spec.height_mm - page_spec.margin_bottom_mm + TOLERANCE_MM
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                x0, x1, low = ch["x0"] / MM, ch["x1"] / MM, ch["bottom"] / MM
                if x0 < left or x1 > right or low > bottom:
                    out.append((index, ch["text"], round(x0, 1), round(x1, 1)))
    return out


def page_lines(pdf: bytes) -> list[list[dict[str, Any]]]:
    """Text lines of every page (pdfplumber), text NFC, positions in millimetres."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            pages.append([{"text": nfc(line["text"]), "x0": line["x0"] / MM,
                           "x1": line["x1"] / MM, "top": line["top"] / MM}
                          for line in page.extract_text_lines()])
    return pages


def page_texts(pdf: bytes) -> list[str]:
    return ["\n".join(line["text"] for line in lines) for lines in page_lines(pdf)]


def page_of(pdf: bytes, text: str) -> int:
    for index, content in enumerate(page_texts(pdf)):
        if text in " ".join(content.split()):
            return index
    raise AssertionError(f"{text!r} not found")


def line_with(pdf: bytes, text: str) -> dict[str, Any]:
    for lines in page_lines(pdf):
        for line in lines:
            if text in line["text"]:
                return line
    raise AssertionError(f"no line with {text!r}")


def split_blocks(pdf: bytes, title: str, names: list[str]) -> list[int]:
    """Pages where a signature block is cut: its titles (``title``) and its name
    (one of ``names``) counted per page differ."""
    cut = []
    for index, content in enumerate(page_texts(pdf)):
        titles = content.count(title)
        signers = sum(content.count(n) for n in names)
        if titles != signers:
            cut.append(index)
    return cut


def span_of(pdf: bytes, text: str) -> dict[str, float]:
    """Page index and horizontal extent (mm) of the first occurrence of ``text``."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            found = page.search(text)
            if found:
                return {"page": index, "x0": found[0]["x0"] / MM, "x1": found[0]["x1"] / MM}
    raise AssertionError(f"{text!r} not found")


def centre_of(pdf: bytes, text: str) -> float:
    span = span_of(pdf, text)
    return (span["x0"] + span["x1"]) / 2
