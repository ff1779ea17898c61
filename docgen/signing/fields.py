"""Empty, named signature fields over the signature spaces of a paper, and the number/date
text fields over the blanks of a paper rendered without them.

Two ways to the same fields: ``finisher`` writes them while WeasyPrint writes the PDF (one
pass: used by the renderer, it saves parsing the file again and an incremental update),
and ``add_signature_fields`` adds them to an existing PDF as an incremental update with
pyHanko (certificates, whose PDF/A parts are added after WeasyPrint). Either way each
signature field is a widget with an empty appearance stream (PDF/A wants one; an empty one
means no un-embedded font, no Courier, sneaks in), printable and locked; each text field
is printable, centred, with an empty appearance and a default appearance in Liberation
Serif whose digits are embedded in the form's resources (PDF/A allows no other font).

A paper with one signer also gets the agency's field (``agency``): the seal of Decree 30
Appendix I II.8.a covers about the left third of the signer's image, so its box ends a
third of the way into the signer's box and is as tall as the largest seal. It is placed at
render time because a new visible field after the leader's certification signature would
not be an allowed change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from typing import Any, Protocol

from docgen import style
from docgen.resources import FONTS_DIR
from docgen.signing.forms import (
    FORM_FONT,
    TextFieldPlacement,
    add_text_fields,
    element_style,
    whole_points,
)
from docgen.signing.pdfa import incremental_writer

#: Annotation flags: Print (4) + Locked (128), as pyHanko writes them.
_WIDGET_FLAGS = 132
#: AcroForm SigFlags: SignaturesExist.
_SIG_FLAGS = 1
#: Annotation flags of a text field: Print (PDF/A wants printable widgets).
_TEXT_WIDGET_FLAGS = 4
#: Character codes the form's font carries: the digits a number or a date is typed with.
_FORM_FONT_CODES = range(0x30, 0x3A)

MM = 72 / 25.4
#: Name of the agency's signature field (the records office's seal).
AGENCY_FIELD = "agency"
#: The agency field is a square this large: room for a seal up to 48 mm across, and for the
#: information line (an ISO 8601 time at 10 pt is about 45 mm long).
AGENCY_FIELD_MM = 48.0


class Placement(Protocol):
    # Read-only: frozen dataclasses (render.pdf.FieldPlacement) are placements too.
    @property
    def name(self) -> str: ...
    @property
    def page(self) -> int: ...
    @property
    def box(self) -> tuple[float, float, float, float]: ...


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
    """``placements`` plus the agency's field over the left third of the paper's signer
    (``signer``: the one signer, or a biên bản's chair beside its secretary); a pledge's
    members sign for their own units and get none."""
    out = list(placements)
    signer = next((p for p in out if p.name == "signer"), None)
    if signer is not None:
        out.append(_Box(AGENCY_FIELD, signer.page, agency_box(signer.box)))
    return out


def add_signature_fields(pdf: bytes, placements: Iterable[Placement],
                         text_fields: Iterable[Placement] = ()) -> bytes:
    """``pdf`` with one empty signature field per placement and the given text fields."""
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field


    placements, text_fields = list(placements), list(text_fields)
    if not placements and not text_fields:
        return pdf
    writer = incremental_writer(pdf)
    for p in placements:
        # pyHanko annotates the box as ints; PDF coordinates are reals and it takes floats.
        append_signature_field(writer, SigFieldSpec(sig_field_name=p.name, on_page=p.page,
                                                    box=p.box))  # type: ignore[arg-type]
    if text_fields:
        add_text_fields(writer, [TextFieldPlacement(t.name, t.page, t.box) for t in text_fields])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class _FormFont:
    """A TrueType subset with the digits, as a simple WinAnsi font (what a reader draws a
    hand-typed number with): the program and the metrics its PDF dictionaries state."""

    base_font: str
    program: bytes
    length1: int
    widths: tuple[int, ...]
    bbox: tuple[int, ...]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    flags: int


@cache
def _form_font(font_file: str) -> _FormFont:
    """The digits of ``font_file`` subset once per process (every render reuses them)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with TTFont(font_file) as font:
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap()

        def thousandths(v: float) -> int:
            return round(v * 1000 / upem)

        # Widths from the same hmtx table the subset keeps (PDF/A 6.2.11.5: they match).
        widths = tuple(thousandths(font["hmtx"][cmap[c]][0]) for c in _FORM_FONT_CODES)
        head, hhea, os2, post = font["head"], font["hhea"], font["OS/2"], font["post"]
        bbox = tuple(thousandths(v) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
        ps_name = font["name"].getDebugName(6) or "LiberationSerif"
        italic = bool(post.italicAngle)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["FFTM"]  # FontForge's timestamp: nothing a reader needs
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=list(_FORM_FONT_CODES))
        subsetter.subset(font)
        out = BytesIO()
        font.save(out)
    program = out.getvalue()
    # A subset's name starts with six capital letters (PDF 9.6.4); derived from the program
    # so the same subset always gets the same tag (reproducible files).
    digest = hashlib.sha256(program).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    return _FormFont(
        base_font=f"{tag}+{ps_name}", program=program, length1=len(program), widths=widths,
        bbox=bbox, ascent=thousandths(hhea.ascent), descent=thousandths(hhea.descent),
        cap_height=thousandths(getattr(os2, "sCapHeight", 0) or hhea.ascent),
        italic_angle=float(post.italicAngle),
        # Serif (2) + Nonsymbolic (32) (+ Italic (64)): WinAnsi codes map through the
        # program's (3,1) cmap, as PDF/A asks of a non-symbolic TrueType font.
        flags=2 + 32 + (64 if italic else 0))


def _add_form_font(pdf: Any, font_file: str) -> Any:
    """The form's default font as pydyf objects in ``pdf``; its reference."""
    import pydyf

    f = _form_font(font_file)
    program = pydyf.Stream([f.program], extra={"Length1": f.length1}, compress=True)
    pdf.add_object(program)
    descriptor = pydyf.Dictionary({
        "Type": "/FontDescriptor", "FontName": "/" + f.base_font, "Flags": f.flags,
        "FontBBox": pydyf.Array(f.bbox), "ItalicAngle": f.italic_angle,
        "Ascent": f.ascent, "Descent": f.descent, "CapHeight": f.cap_height,
        "StemV": 80, "FontFile2": program.reference})
    pdf.add_object(descriptor)
    font = pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/TrueType", "BaseFont": "/" + f.base_font,
        "FirstChar": _FORM_FONT_CODES[0], "LastChar": _FORM_FONT_CODES[-1],
        "Widths": pydyf.Array(f.widths), "Encoding": "/WinAnsiEncoding",
        "FontDescriptor": descriptor.reference})
    pdf.add_object(font)
    return font.reference


def finisher(placements: Iterable[Placement],
             text_fields: Iterable[Placement] = ()) -> Callable[[Any, Any], None]:
    """A WeasyPrint ``write_pdf(finisher=...)`` hook adding one empty signature field per
    placement and one empty text field per blank to the PDF being written (pydyf objects),
    before it is serialised: the same fields ``add_signature_fields`` appends."""
    placements, text_fields = list(placements), list(text_fields)

    def finish(_document: Any, pdf: Any) -> None:
        import pydyf

        if not placements and not text_fields:
            return
        page_numbers = pdf.pages["Kids"][::3]
        fields = pydyf.Array()

        def add_widget(p: Placement, entries: dict[str, Any]) -> None:
            page = pdf.objects[page_numbers[p.page]]
            x1, y1, x2, y2 = p.box
            appearance = pydyf.Stream(extra={
                "Type": "/XObject", "Subtype": "/Form", "Resources": pydyf.Dictionary(),
                "BBox": pydyf.Array([0, 0, round(x2 - x1, 2), round(y2 - y1, 2)])})
            pdf.add_object(appearance)
            widget = pydyf.Dictionary({
                "Type": "/Annot", "Subtype": "/Widget", "T": pydyf.String(p.name),
                "Rect": pydyf.Array([x1, y1, x2, y2]), "P": page.reference,
                "AP": pydyf.Dictionary({"N": appearance.reference}), **entries})
            pdf.add_object(widget)
            page.setdefault("Annots", pydyf.Array()).append(widget.reference)
            fields.append(widget.reference)

        for p in placements:
            add_widget(p, {"FT": "/Sig", "F": _WIDGET_FLAGS})
        form = pydyf.Dictionary({"Fields": fields})
        if placements:
            form["SigFlags"] = _SIG_FLAGS
        if text_fields:

            # The font a reader would draw a number typed by hand with: the number's own
            # (Liberation Serif) with its digits embedded - no Helvetica in a PDF/A form.
            number_style = style.HEADER_STYLES["number"]
            font_file = FONTS_DIR / style.PDF_FONT_FILES[(number_style.bold,
                                                          number_style.italic)]
            form["DR"] = pydyf.Dictionary({"Font": pydyf.Dictionary(
                {FORM_FONT: _add_form_font(pdf, str(font_file))})})
            for t in text_fields:
                size = element_style(t.name).size_pt
                # Whole points, as pyHanko draws the filled appearance (see whole_points).
                # Centred (Q 1), like a number written by hand into the blank.
                add_widget(_Box(t.name, t.page, whole_points(t.box)), {"FT": "/Tx", "F": _TEXT_WIDGET_FLAGS, "Q": 1,
                               "DA": pydyf.String(f"/{FORM_FONT} {size:g} Tf 0 g")})
        pdf.catalog["AcroForm"] = form

    return finish
