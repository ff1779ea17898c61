"""Empty, named, invisible signature fields added as an incremental update (pyHanko).

An incremental update keeps the PDF/A-2b file as WeasyPrint wrote it and appends the
AcroForm; no appearance stream is generated, so no un-embedded font sneaks in.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Protocol


class Placement(Protocol):
    name: str
    page: int
    box: tuple[float, float, float, float]


def add_signature_fields(pdf: bytes, placements: Iterable[Placement]) -> bytes:
    """``pdf`` with one empty signature field per placement."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    placements = list(placements)
    if not placements:
        return pdf
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    for p in placements:
        append_signature_field(writer, SigFieldSpec(sig_field_name=p.name, on_page=p.page,
                                                    box=p.box))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
