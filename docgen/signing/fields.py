"""Empty, named signature fields (pyHanko) and the number/date text fields, added to a
rendered PDF in one incremental update.

An incremental update keeps the PDF/A-2b file as WeasyPrint wrote it and appends the
AcroForm. Signature fields get an empty appearance (no Courier, no font at all).

A paper with one signer also gets the agency's field (``agency``): the seal of Decree 30
Appendix I II.8.a covers about the left third of the signer's image, so its box ends a
third of the way into the signer's box and is as tall as the largest seal. It is placed at
render time because a new visible field after the leader's certification signature would
not be an allowed change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Protocol

MM = 72 / 25.4
#: Name of the agency's signature field (the records office's seal).
AGENCY_FIELD = "agency"
#: The agency field is a square this large: room for a seal up to 48 mm across, and for the
#: information line (an ISO 8601 time at 10 pt is about 45 mm long).
AGENCY_FIELD_MM = 48.0


class Placement(Protocol):
    name: str
    page: int
    box: tuple[float, float, float, float]


class _Box:
    def __init__(self, name: str, page: int, box: tuple[float, float, float, float]) -> None:
        self.name, self.page, self.box = name, page, box


def agency_box(signer_box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The seal's field: its right edge a third into the signer's box, centred on its height."""
    x1, y1, x2, y2 = signer_box
    side = AGENCY_FIELD_MM * MM
    right = x1 + (x2 - x1) / 3
    middle = (y1 + y2) / 2
    return (round(right - side, 2), round(middle - side / 2, 2), round(right, 2),
            round(middle + side / 2, 2))


def with_agency_field(placements: Sequence[Placement]) -> list[Placement]:
    """``placements`` plus the agency's field when the paper has a single signer."""
    out = list(placements)
    if len(out) == 1 and out[0].name == "signer":
        out.append(_Box(AGENCY_FIELD, out[0].page, agency_box(out[0].box)))
    return out


def add_signature_fields(pdf: bytes, placements: Iterable[Placement],
                         text_fields: Iterable[Placement] = ()) -> bytes:
    """``pdf`` with one empty signature field per placement and the given text fields."""
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    from docgen.signing.forms import TextFieldPlacement, add_text_fields
    from docgen.signing.pdfa import incremental_writer

    placements, text_fields = list(placements), list(text_fields)
    if not placements and not text_fields:
        return pdf
    writer = incremental_writer(pdf)
    for p in placements:
        append_signature_field(writer, SigFieldSpec(sig_field_name=p.name, on_page=p.page,
                                                    box=p.box))
    if text_fields:
        add_text_fields(writer, [TextFieldPlacement(t.name, t.page, t.box) for t in text_fields])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
