"""The look of a signature, as Decree 30/2020 Appendix I (II.7-II.8) prescribes it.

- The signer's signature: the image of the handwritten signature (blue PNG, transparent
  background), centred in the field that sits between the title lines and the name.
- An electronic copy's signature (Mẫu 3.2): no image; its form (``Sao y``), the copying
  agency and the signing time, in 10 pt, upright, black, at the top right of page 1.
- The agency's signature: the seal image (red PNG, transparent) at the seal's real size
  (36 mm by default), placed so that it covers about the left third of the signer's
  image, with the information line (agency name; signing time as ISO 8601 in Vietnam
  time, ``2026-01-05T09:14:03+07:00``) under it in Liberation Serif 10 pt, black.

pyHanko's default stamp draws un-embedded Courier (no Vietnamese letters, not PDF/A); this
stamp draws only images and text in the shipped Liberation Serif, embedded as a subset
(pyHanko's GlyphAccumulator), so the file stays PDF/A-2b after every signature.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from docgen.errors import FieldError, InputError
from docgen.resources import FONTS_DIR

MM = 72 / 25.4
#: Vietnam has one time zone and no daylight saving time: UTC+07:00.
VIETNAM_TZ = timezone(timedelta(hours=7))
INFO_FONT = FONTS_DIR / "LiberationSerif-Regular.ttf"
INFO_SIZE_PT = 10
INFO_LEADING_PT = 12  # pyHanko wants whole points here
#: Largest image accepted (pixels on the long side): a signature scanned at 600 dpi is
#: about 1,500 px wide; anything far larger only bloats every signed PDF.
MAX_IMAGE_PX = 4000
#: Default real diameter of an agency's round seal (the common size for a procuracy).
DEFAULT_SEAL_MM = 36.0
#: pyHanko passes the signing time to a stamp only as text in this format; the stamp parses
#: it back (losslessly, with its UTC offset) and shows it in Vietnam time.
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def vietnam_time(moment: datetime) -> str:
    """``2026-01-05T09:14:03+07:00``: ISO 8601, seconds, Vietnam's offset."""
    return moment.astimezone(VIETNAM_TZ).isoformat(timespec="seconds")


def load_png(data: bytes, *, what: str, loc: str) -> Any:
    """A Pillow image from PNG bytes, in RGBA (so transparency is kept), or InputError."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.format != "PNG":
            raise InputError([FieldError((loc,), f"{what} phải là tệp PNG nền trong suốt")])
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InputError([FieldError((loc,), f"không đọc được {what} (PNG)")]) from None
    if max(image.size) > MAX_IMAGE_PX:
        raise InputError([FieldError((loc,), f"{what} quá lớn (tối đa {MAX_IMAGE_PX} điểm ảnh)")])
    return image.convert("RGBA")


@dataclass(frozen=True)
class Appearance:
    """What a signature shows in its field (all parts optional)."""

    signature_png: bytes | None = None  # the signer's handwritten signature
    seal_png: bytes | None = None  # the agency's seal
    seal_mm: float = DEFAULT_SEAL_MM  # the seal's real diameter
    agency_name: str | None = None  # shown in the information line with the signing time
    #: A line above the agency's name: an electronic copy's form (``Sao y``, Mẫu 3.2).
    heading: str | None = None

    def stamp_style(self) -> Any:
        sig = load_png(self.signature_png, what="ảnh chữ ký", loc="image") \
            if self.signature_png else None
        seal = load_png(self.seal_png, what="ảnh con dấu", loc="seal") if self.seal_png else None
        return _style_class()(signature=sig, seal=seal, seal_mm=self.seal_mm,
                              agency_name=self.agency_name, heading=self.heading)


@cache
def _style_class() -> type:
    """The stamp style class, built on first use (pyHanko is imported lazily)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
    from pyhanko.stamp import TextStampStyle
    from pyhanko.stamp.base import BaseStamp

    @dataclass(frozen=True)
    class DecreeStampStyle(TextStampStyle):
        # A TextStampStyle only so that pyHanko hands over the signing time ("ts").
        signature: Any = None
        seal: Any = None
        seal_mm: float = DEFAULT_SEAL_MM
        agency_name: str | None = None
        heading: str | None = None
        border_width: int = 0
        timestamp_format: str = _TS_FORMAT

        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            return DecreeStamp(writer, self, box, text_params)

    class DecreeStamp(BaseStamp):
        def __init__(self, writer: Any, style: DecreeStampStyle, box: Any,
                     text_params: dict[str, Any]) -> None:
            super().__init__(writer=writer, style=style, box=box)
            self.text_params = text_params

        def _image(self, pil: Any, x: float, y: float, w: float, h: float) -> bytes:
            image = PdfImage(pil, writer=self.writer, box=layout.BoxConstraints(w, h))
            drawn = image.render()
            self.import_resources(image.resources)
            return b"q 1 0 0 1 %g %g cm %s Q" % (x, y, drawn)

        def _info(self, lines: list[str], width: float) -> tuple[bytes, float]:
            """The information lines centred at the bottom; returns commands and height."""
            style = TextBoxStyle(font=_font_factory(), font_size=INFO_SIZE_PT,
                                 leading=INFO_LEADING_PT, text_color=(0, 0, 0))
            def width_of(text: str) -> float:
                tb = TextBox(style, writer=self.writer, resources=self.resources,
                             font_name="LiberationSerif")
                tb.content = text
                tb.render()
                return float(tb.box.width)

            # Wrapped to the field's width: an appearance is clipped to its box.
            wrapped: list[str] = []
            for line in lines:
                current = ""
                for word in line.split():
                    trial = f"{current} {word}".strip()
                    if current and width_of(trial) > width - 2:
                        wrapped.append(current)
                        current = word
                    else:
                        current = trial
                wrapped.append(current)
            out, height = [], 0.0
            for line in reversed(wrapped):  # bottom line first, one leading apart
                tb = TextBox(style, writer=self.writer, resources=self.resources,
                             font_name="LiberationSerif")
                tb.content = line
                drawn = tb.render()
                x = max(0.0, (width - tb.box.width) / 2)
                out.append(b"q 1 0 0 1 %g %g cm %s Q" % (x, height, drawn))
                height += INFO_LEADING_PT
            return b" ".join(out), height

        def _render_inner_content(self) -> list[bytes]:
            st: DecreeStampStyle = self.style
            w, h = self.box.width, self.box.height
            commands: list[bytes] = []
            info_h = 0.0
            if st.agency_name:
                when = datetime.strptime(self.text_params["ts"], _TS_FORMAT)
                lines = [st.agency_name, vietnam_time(when)]
                text, info_h = self._info([st.heading, *lines] if st.heading else lines, w)
                if st.seal is None and st.signature is None:
                    # Alone, the information sits in the middle of the field (over the
                    # signer's room), not at its foot where the name is printed.
                    text = b"q 1 0 0 1 0 %g cm %s Q" % ((h - info_h) / 2, text)
                    info_h = 0.0
                commands.append(text)
            room_h = h - info_h
            sig_box = None
            if st.signature is not None:
                # Fit the handwriting into the room, keeping its proportions, centred.
                iw, ih = st.signature.size
                scale = min((w - 2 * MM) / iw, (room_h - 2 * MM) / ih)
                sw, sh = iw * scale, ih * scale
                sig_box = ((w - sw) / 2, info_h + (room_h - sh) / 2, sw, sh)
                commands.insert(0, self._image(st.signature, *sig_box))
            if st.seal is not None:
                # Real size: the seal's long side is its diameter in millimetres.
                iw, ih = st.seal.size
                scale = st.seal_mm * MM / max(iw, ih)
                dw, dh = iw * scale, ih * scale
                if sig_box is not None:
                    # Over the left third of the signer's image (Decree 30, II.8.a).
                    x = sig_box[0] + sig_box[2] / 3 - dw
                else:
                    # A seal field of its own ends where the signer's left third ends
                    # (see docgen.signing.fields.agency_box): align the seal to its right.
                    x = w - dw
                y = info_h + (room_h - dh) / 2
                commands.append(self._image(st.seal, x, y, dw, dh))
            return commands

    return DecreeStampStyle


@cache
def _font_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


@cache
def font_factory(path: str, size: float) -> Any:
    """A pyHanko font engine factory for a shipped font, embedded as a subset.

    pyHanko's own factory opens the font file and never closes it; this one hands it the
    bytes, read once per process.
    """
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class ScaledWidths(GlyphAccumulator):
        """pyHanko (0.38) writes a TrueType font's widths in font units (2048 per em for
        Liberation Serif) where PDF wants thousandths of an em: readers then space the
        glyphs twice as wide, and PDF/A (6.2.11.5) wants the widths to match the font."""

        def prepare_write(self) -> None:
            # The shaping code wants font units (its TJ adjustments subtract HarfBuzz's
            # advances from them): scale only while the font dictionary's /W is written.
            raw = self._glyphs
            self._glyphs = {gid: (cid, round(width * 1000 / self.units_per_em))
                            for gid, (cid, width) in raw.items()}
            try:
                super().prepare_write()
            finally:
                self._glyphs = raw

    class ShippedFontFactory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            # One subset per font and file update, however many fields or lines use it
            # (parsing and subsetting the font is the slow part).
            engines = writer.__dict__.setdefault("_docgen_font_engines", {})
            key = (self.font_file, self.font_size)
            if key not in engines:
                engines[key] = self._new_engine(writer, obj_stream)
            return engines[key]

        def _new_engine(self, writer: Any, obj_stream: Any) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return ScaledWidths(writer=writer,
                                    font_handle=io.BytesIO(_font_bytes(self.font_file)),
                                    font_size=self.font_size, obj_stream=obj_stream)

    # pyHanko annotates font sizes as ints; PDF sizes are reals and it takes floats.
    return ShippedFontFactory(path, font_size=size)  # type: ignore[arg-type]


def _font_factory() -> Any:
    return font_factory(str(INFO_FONT), INFO_SIZE_PT)
