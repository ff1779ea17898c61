"""Number and date as PDF text form fields, so a paper can be signed before it has them.

A paper rendered without number and date (Decree 30 Art. 15: numbers are given after
signing) carries a text field over each blank: ``number`` over ``Số:      /QĐ-…``, ``day``
and ``month`` over ``ngày      tháng      ``, ``year`` over ``năm 20    `` when even the
year is open, and the same with an ``appendix-`` prefix in the reference line of the first
part after the signature (``appendix2-``, ``appendix3-`` … in the next ones: a phụ lục
each, ``appendix_prefix``).

Issuing fills them (:func:`fill_number_date`): the value gets a fixed appearance in the
paper's own font and size (Liberation Serif, embedded; italic for the date, like the line
it sits in), centred in the blank, and the field becomes read-only. The leader's
certification signature allows form filling (DocMDP level 2), so it stays valid.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

from docgen import style
from docgen.errors import ConflictError, FieldError, InputError
from docgen.resources import FONTS_DIR
from docgen.signing.appearance import font_factory
from docgen.signing.pdfa import incremental_writer
from docgen.vn.dates import day_str, month_str
from docgen.vn.numbering import pad2

#: Field name -> the header element whose style (size, italic) its value takes.
FIELD_STYLES = {"number": "number", "day": "place_date", "month": "place_date",
                "year": "place_date"}
APPENDIX_PREFIX = "appendix-"
_APPENDIX_NAME = re.compile(r"appendix\d*-")
FORM_FONT = "LiberationSerif"


def appendix_prefix(index: int) -> str:
    """The prefix of the fields in the reference line of the ``index``-th (from 1) part
    after the signature: ``appendix-``, then ``appendix2-``, ``appendix3-`` …"""
    return APPENDIX_PREFIX if index == 1 else f"appendix{index}-"


def base_name(name: str) -> str:
    """A field's name without its part's prefix: ``appendix2-day`` -> ``day``."""
    match = _APPENDIX_NAME.match(name)
    return name[match.end():] if match else name


@dataclass(frozen=True)
class TextFieldPlacement:
    """Where a text field goes: page index and box in PDF points."""

    name: str
    page: int
    box: tuple[float, float, float, float]


def element_style(name: str) -> style.ParagraphStyle:
    base = base_name(name)
    if base != name:
        return style.HEADER_STYLES["appendix_reference"]
    return style.HEADER_STYLES[FIELD_STYLES[base]]


def _font_file(s: style.ParagraphStyle) -> str:
    return str(FONTS_DIR / style.PDF_FONT_FILES[(s.bold, s.italic)])


def whole_points(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box shrunk to whole points, keeping its right edge and its vertical middle.

    pyHanko draws a field's appearance in a box of whole points; a reader then stretches it
    over the field's rectangle, so a fractional rectangle would enlarge the digits a little
    (7 % for a 14.95 pt line). The right edge stays against the "/" after the number, the
    middle keeps the baseline where the line has it.
    """
    x1, y1, x2, y2 = box
    width, height = math.floor(x2 - x1), math.floor(y2 - y1)
    middle = (y1 + y2) / 2
    return (round(x2 - width, 2), round(middle - height / 2, 2), round(x2, 2),
            round(middle + height / 2, 2))


def add_text_fields(writer: Any, placements: Iterable[TextFieldPlacement]) -> None:
    """Empty text fields (with an empty appearance, as PDF/A wants one) in ``writer``."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    root = writer.root
    if "/AcroForm" not in root:
        root["/AcroForm"] = writer.add_object(generic.DictionaryObject(
            {pdf_name("/Fields"): generic.ArrayObject()}))
        writer.update_root()
    form = root["/AcroForm"]
    form_dict = form.get_object() if isinstance(form, generic.IndirectObject) else form
    fields = form_dict.setdefault(pdf_name("/Fields"), generic.ArrayObject())
    # The font a reader would use to draw a number typed by hand: Liberation Serif with its
    # digits embedded (PDF/A allows no font that is not embedded; no Helvetica here).
    number_style = style.HEADER_STYLES["number"]
    engine = font_factory(_font_file(number_style), number_style.size_pt) \
        .create_font_engine(writer)
    engine.shape("0123456789")
    resources = form_dict.setdefault(pdf_name("/DR"), generic.DictionaryObject())
    resources.setdefault(pdf_name("/Font"), generic.DictionaryObject())[
        pdf_name(f"/{FORM_FONT}")] = engine.as_resource()
    for p in placements:
        page_ref = writer.find_page_for_modification(p.page)[0]
        x1, y1, x2, y2 = whole_points(p.box)
        empty = generic.StreamObject({
            pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(0)] * 2 + [
                generic.FloatObject(round(x2 - x1, 2)), generic.FloatObject(round(y2 - y1, 2))]),
        }, stream_data=b"")
        s = element_style(p.name)
        field = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/FT"): pdf_name("/Tx"), pdf_name("/T"): generic.TextStringObject(p.name),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v)
                                                    for v in (x1, y1, x2, y2)]),
            # Print flag (PDF/A wants printable widgets); centred, like a handwritten number.
            pdf_name("/F"): generic.NumberObject(4), pdf_name("/Q"): generic.NumberObject(1),
            pdf_name("/DA"): generic.TextStringObject(f"/{FORM_FONT} {s.size_pt:g} Tf 0 g"),
            pdf_name("/P"): page_ref,
            pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): writer.add_object(empty)}),
        })
        ref = writer.add_object(field)
        fields.append(ref)
        page = page_ref.get_object()
        annots = page.get("/Annots")
        if annots is None:
            page[pdf_name("/Annots")] = generic.ArrayObject([ref])
        else:
            annots.get_object().append(ref)
            if isinstance(annots, generic.IndirectObject):
                writer.mark_update(annots)
        writer.mark_update(page_ref)
    if isinstance(form, generic.IndirectObject):
        writer.mark_update(form)
    else:
        writer.update_root()


@cache
def _vertical_metrics(font_file: str) -> tuple[float, float]:
    """Ascent and descent (with half the line gap each) of a font, in ems."""
    from fontTools.ttLib import TTFont

    with TTFont(font_file, lazy=True) as font:
        hhea, upem = font["hhea"], font["head"].unitsPerEm
        gap = hhea.lineGap / 2
        return (hhea.ascent + gap) / upem, (-hhea.descent + gap) / upem


def baseline_offset(s: style.ParagraphStyle, box_height: float) -> float:
    """Height of the baseline above the bottom of a blank's box.

    The box is the inline box WeasyPrint laid the blank out in: the font's ascent, descent
    and line gap, centred on the line; the text's baseline sits its descent above the box's
    bottom.
    """
    ascent, descent = _vertical_metrics(_font_file(s))
    return (box_height - (ascent + descent) * s.size_pt) / 2 + descent * s.size_pt


def _field_height(writer: Any, name: str) -> float:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.form_tools import (
        annot_width_height,
        find_existing_empty_field,
        get_single_field_annot,
    )

    field = find_existing_empty_field(writer, name, field_type="/Tx").get_object()
    assert isinstance(field, generic.DictionaryObject)  # as pyHanko's own fill does
    return float(annot_width_height(get_single_field_annot(field))[1])


def number_date_values(number: int | None, on: date | None) -> dict[str, str]:
    """The text of each field for a number and a date, as Decree 30 writes them."""
    values: dict[str, str] = {}
    if number is not None:
        values["number"] = pad2(number)
    if on is not None:
        values.update(day=day_str(on.day), month=month_str(on.month), year=f"{on.year % 100:02d}")
    return values


def text_fields(pdf: bytes) -> dict[str, str | None]:
    """Every text field of ``pdf`` and its value (``None`` while empty)."""
    from pyhanko.pdf_utils.form_tools import enumerate_fields_in
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    try:
        fields = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return {}
    return {name: (str(value) if value else None) for name, value, _ in enumerate_fields_in(
        fields, refs_seen=set(), target_field_type="/Tx")}


def fill_number_date(pdf: bytes, values: Mapping[str, str], *, title: str | None = None
                     ) -> bytes:
    """``pdf`` with its number/date fields filled (an incremental update).

    Every empty field whose base name has a value is filled, in the main text and in the
    appendix's reference alike; a field already filled is a conflict (issued twice).
    ``title``: the paper's title now that it has a number (``Quyết định số 01/QĐ-VKSHY``),
    written into the document information and the XMP alike (a reader shows it, and the
    signed file said ``(chưa có số)``); the signatures allow such a metadata update.
    """
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.form_tools import populate_static_text_field
    from pyhanko.pdf_utils.text import TextBoxStyle


    present = text_fields(pdf)
    targets = {name: values[base_name(name)] for name in present if base_name(name) in values}
    if not targets:
        raise InputError([FieldError(("file",), "tệp PDF không có ô số và ngày để điền")])
    filled = [name for name in targets if present[name]]
    if filled:
        raise ConflictError(f"ô {', '.join(filled)} đã được điền")
    writer = incremental_writer(pdf)
    if title is not None:
        writer.document_meta.title = title
    for name, value in targets.items():
        s = element_style(name)
        # pyHanko annotates font sizes and margins as ints; PDF lengths are reals and it
        # takes floats.
        text_style = TextBoxStyle(
            font=font_factory(_font_file(s), s.size_pt),
            font_size=s.size_pt,  # type: ignore[arg-type]
            # The number against the "/" that follows it ("Số:  07/QĐ-…"), day and month
            # centred in their blanks; all on the baseline of the line they sit in
            # (pyHanko puts a one-line text box's baseline at its bottom).
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MAX
                if base_name(name) == "number"
                else layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins(
                    bottom=baseline_offset(s, _field_height(writer, name))),  # type: ignore[arg-type]
                inner_content_scaling=layout.InnerScaling.NO_SCALING))
        populate_static_text_field(writer, name, text_style, value)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
