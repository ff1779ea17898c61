"""Empty, named signature fields over the signature spaces of a paper.

Two ways to the same fields: ``finisher`` writes them while WeasyPrint writes the PDF (one
pass: used by the renderer, it saves parsing the file again and an incremental update),
and ``add_signature_fields`` adds them to an existing PDF as an incremental update with
pyHanko. Either way each field is a widget with an empty appearance stream (PDF/A wants
one; an empty one means no un-embedded font sneaks in), printable and locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any, Protocol

#: Annotation flags: Print (4) + Locked (128), as pyHanko writes them.
_WIDGET_FLAGS = 132
#: AcroForm SigFlags: SignaturesExist.
_SIG_FLAGS = 1


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


def finisher(placements: Iterable[Placement]) -> Callable[[Any, Any], None]:
    """A WeasyPrint ``write_pdf(finisher=...)`` hook adding one signature field per
    placement to the PDF being written (pydyf objects), before it is serialised."""
    placements = list(placements)

    def finish(_document: Any, pdf: Any) -> None:
        import pydyf

        if not placements:
            return
        page_numbers = pdf.pages["Kids"][::3]
        fields = pydyf.Array()
        for p in placements:
            page = pdf.objects[page_numbers[p.page]]
            x1, y1, x2, y2 = p.box
            appearance = pydyf.Stream(extra={
                "Type": "/XObject", "Subtype": "/Form", "Resources": pydyf.Dictionary(),
                "BBox": pydyf.Array([0, 0, round(x2 - x1, 2), round(y2 - y1, 2)])})
            pdf.add_object(appearance)
            widget = pydyf.Dictionary({
                "Type": "/Annot", "Subtype": "/Widget", "FT": "/Sig",
                "T": pydyf.String(p.name), "F": _WIDGET_FLAGS,
                "Rect": pydyf.Array([x1, y1, x2, y2]), "P": page.reference,
                "AP": pydyf.Dictionary({"N": appearance.reference})})
            pdf.add_object(widget)
            page.setdefault("Annots", pydyf.Array()).append(widget.reference)
            fields.append(widget.reference)
        pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": fields, "SigFlags": _SIG_FLAGS})

    return finish
