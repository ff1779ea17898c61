"""Assertion helpers for the files docgen writes: text of a PDF or DOCX, NFC-normalised."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PAPER_KINDS = ("directive", "pledge", "award-decision")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pdf_text(data: bytes) -> str:
    """All text of a PDF, NFC-normalised, pages joined by form feeds."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return nfc("\f".join(page.extract_text() or "" for page in reader.pages))


def docx_text(data: bytes) -> str:
    """All paragraph text of a DOCX (body, tables, headers), one paragraph a line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
            else:
                lines.append(block.text)

    walk(doc)
    return nfc("\n".join(lines))
