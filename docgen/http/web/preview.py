"""PNG pictures of the first pages of a PDF, for the live preview (pypdfium2: in-process,
no external program)."""

from __future__ import annotations

import base64
from io import BytesIO


def png_pages(pdf: bytes, *, pages: int = 2, dpi: int = 80) -> list[str]:
    """``data:`` URLs of the first ``pages`` pages rendered at ``dpi``."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    # Form fields drawn too: a signed paper shows its signature image and seal.
    doc.init_forms()
    try:
        out = []
        for index in range(min(pages, len(doc))):
            image = doc[index].render(scale=dpi / 72).to_pil()
            buf = BytesIO()
            image.save(buf, format="PNG", optimize=False)
            out.append("data:image/png;base64," + base64.b64encode(buf.getvalue()).decode())
        return out
    finally:
        doc.close()
