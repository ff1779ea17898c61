"""PDF renderer: the composed Document placed into HTML (Jinja2, autoescaped) and laid out
by WeasyPrint with the shipped fonts, as PDF/A-2b with an empty signature field over each
signature space and a text field over each number/date blank left open.

Speed: the stylesheet is rendered from the style table and parsed by WeasyPrint once per
process, and the font configuration is built once (``_Engine``); each paper then costs one
HTML parse, one layout and one write. WeasyPrint fetches nothing but the package's assets.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from docgen import style
from docgen.compose.document import Document
from docgen.errors import RenderError
from docgen.render.fonts import weasyprint_fonts
from docgen.render.qr import qr_svg
from docgen.resources import FONTS_DIR, PACKAGE_DIR
from docgen.signing.fields import finisher, with_agency_field
from docgen.signing.forms import appendix_prefix
from docgen.vn.dates import BLANK, BLANK_YEAR
from docgen.vn.numbering import BLANK_NUMBER

log = logging.getLogger(__name__)
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
PX_TO_PT = 0.75  # CSS px (1/96 in) -> PDF points (1/72 in)

_HEADER_SELECTORS = {
    "parent": ".parent", "agency": ".agency", "national_name": ".national", "motto": ".motto",
    "number": ".number", "about": ".about", "about_line": ".about-line",
    "place_date": ".place-date", "draft_mark": ".draft-mark",
    "type_name": ".type-name", "summary": ".summary", "recipients_heading": ".rec-heading",
    "recipients_item": ".rec-item", "drafter": ".drafter",
    "signature_title": ".sig-title, .sig-role", "signature_name": ".sig-name",
    "signature_unit": ".sig-unit", "grid_heading": ".grid-heading",
    "appendix_heading": ".appendix-heading", "appendix_reference": ".appendix-reference",
    "table_section": ".table-section", "table_header": ".list th", "table_cell": ".list td",
    "wide_header": ".wide th", "wide_cell": ".wide td", "wide_note": ".wide-note",
}


def css_declarations(s: style.ParagraphStyle) -> str:
    """CSS for one entry of the style table."""
    # Word's "single" spacing of Times New Roman is about 1.15 em; CSS multiplies the em.
    parts = [
        f"font-size: {s.size_pt}pt",
        f"font-weight: {700 if s.bold else 400}",
        f"font-style: {'italic' if s.italic else 'normal'}",
        f"text-align: {s.align}",
        f"text-indent: {s.first_line_indent_mm}mm",
        f"margin: {s.space_before_pt}pt 0 {s.space_after_pt}pt {s.left_indent_mm}mm",
        f"line-height: {round(1.15 * s.line_spacing, 3)}",
    ]
    if s.keep_with_next:
        parts.append("break-after: avoid")
    if s.outline_level:
        # Headings are <h2>/<h3> (a bookmark each in the PDF's outline).
        parts.append(f"bookmark-level: {s.outline_level}")
    return "; ".join(parts)


def font_url(file: str) -> str:
    return (FONTS_DIR / file).as_uri()


#: The blanks a paper without number and date leaves (the constants of docgen.vn), each
#: with the form field that goes over it; the lookbehind keeps the words around them.
_BLANKS = (
    ("number", re.compile(f"(?<=Số:){BLANK_NUMBER}|(?<=số){BLANK_NUMBER}")),
    ("day", re.compile(f"(?<=ngày){BLANK}")),
    ("month", re.compile(f"(?<=tháng){BLANK}")),
    ("year", re.compile(f"(?<=năm {BLANK_YEAR[:2]}){BLANK_YEAR[2:]}")),
)
FIELD_ANCHOR = "field-"


def with_blanks(text: str, prefix: str = "") -> Markup:
    """``text`` escaped, each blank wrapped in a span anchored for its text form field."""
    spans: list[tuple[int, int, str]] = []
    for name, pattern in _BLANKS:
        spans += [(m.start(), m.end(), prefix + name) for m in pattern.finditer(text)]
    out, pos = [], 0
    for start, end, name in sorted(spans):
        out.append(escape(text[pos:start]))
        out.append(Markup('<span class="blank" id="{}">{}</span>').format(
            FIELD_ANCHOR + name, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@cache
def _jinja() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=lambda name: bool(name and name.endswith(".html")),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(css=css_declarations, font_url=font_url)
    env.filters["with_blanks"] = with_blanks
    env.globals["appendix_prefix"] = appendix_prefix
    return env


def stylesheet_source() -> str:
    """The CSS of official papers, generated from ``docgen.style``."""
    page = style.A4
    return _jinja().get_template("paper.css").render(
        fonts=style.PDF_FONT_FILES, family=style.PDF_FONT_FAMILY, page=page,
        page_number_pt=style.PAGE_NUMBER_SIZE_PT, body_pt=style.BODY_SIZE_PT,
        header_left_mm=style.HEADER_LEFT_MM, header_right_mm=style.HEADER_RIGHT_MM,
        header_number_mm=style.HEADER_NUMBER_MM, grid_pad_mm=style.GRID_CELL_PAD_MM,
        witness_mm=style.WITNESS_MM,
        closing_left_mm=style.CLOSING_LEFT_MM, closing_right_mm=style.CLOSING_RIGHT_MM,
        agency_rule_pct=round(style.AGENCY_RULE_FRACTION * 100),
        summary_rule_pct=round(style.SUMMARY_RULE_FRACTION * 100),
        signature_space_mm=style.SIGNATURE_SPACE_MM, grid_row_gap_pt=style.GRID_ROW_GAP_PT,
        signature_field_mm=style.SIGNATURE_FIELD_WIDTH_MM,
        header_styles=style.HEADER_STYLES, header_selectors=_HEADER_SELECTORS,
        roles=style.PARAGRAPH_STYLES, landscape=style.LANDSCAPE,
        wide_pad_mm=style.WIDE_CELL_PAD_MM, wide_pad_y_mm=style.WIDE_CELL_PAD_Y_MM)


def html(document: Document) -> str:
    """The HTML of a paper (every value escaped)."""
    qr = qr_svg(document.verification.url) if document.verification else ""
    return _jinja().get_template("paper.html").render(doc=document, qr_svg=qr,
                                                      language=style.LANGUAGE)


#: Files outside the package an administrator configured on purpose (the certificate
#: emblem); the fetcher serves these and nothing else beyond ``docgen/assets``.
ALLOWED_FILES: set[Path] = set()


def allow_file(path: Path) -> None:
    ALLOWED_FILES.add(path.resolve())


def _make_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetchingError

    class AssetFetcher(URLFetcher):
        """Serves files under ``docgen/assets`` and refuses every other URL."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file:"):
                raise URLFetchingError(f"refused (not a packaged asset): {url}")
            from urllib.parse import unquote, urlparse

            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(ASSETS_DIR) and path not in ALLOWED_FILES:
                raise URLFetchingError(f"refused (outside docgen/assets): {url}")
            return super().fetch(path.as_uri(), headers)

    return AssetFetcher(allowed_protocols={"file"})


#: The rules of WeasyPrint's user-agent stylesheet that style a pseudo-element of *every*
#: element (``::marker``, ``::footnote-call`` …), each with the elements it can apply to in
#: papers. Unscoped, they make the cascade compute six extra styles per element: about 700
#: of the 820 computed styles of a pledge, which has no list, footnote or note at all.
_UA_SCOPES = {
    "marker": "li::marker, summary::marker",
    "footnote-call": ".footnote::footnote-call",
    "footnote-marker": ".footnote::footnote-marker",
    "note-call": ".note::note-call",
    "note-marker": ".note::note-marker",
    "note-callback": ".note::note-callback",
}
_UA_RULE = re.compile(r"^::(" + "|".join(_UA_SCOPES) + r") \{", re.M)


def ua_stylesheet_source() -> str | None:
    """WeasyPrint's own user-agent stylesheet with the rules of ``_UA_SCOPES`` scoped; None
    (keep WeasyPrint's) when this WeasyPrint's stylesheet does not have exactly those rules."""
    from weasyprint.html import UA

    scoped, n = _UA_RULE.subn(lambda m: _UA_SCOPES[m.group(1)] + " {", UA)
    return scoped if n == len(_UA_SCOPES) else None


@dataclass
class _Engine:
    """What is built once per process: fetcher, font configuration, parsed stylesheets."""

    fetcher: Any
    font_config: Any
    stylesheet: Any
    ua_stylesheets: list[Any]


_engine_lock = threading.Lock()
_engine: _Engine | None = None


def engine() -> _Engine:
    global _engine
    with _engine_lock:
        if _engine is None:
            from weasyprint import CSS

            fetcher = _make_fetcher()
            fonts = weasyprint_fonts()
            sheet = CSS(string=stylesheet_source(), font_config=fonts, url_fetcher=fetcher,
                        base_url=ASSETS_DIR.as_uri() + "/")
            _engine = _Engine(fetcher, fonts, sheet, _ua_stylesheets())
        return _engine


def _ua_stylesheets() -> list[Any]:
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA_STYLESHEET

    source = ua_stylesheet_source()
    if source is None:
        log.warning("WeasyPrint's user-agent stylesheet changed: papers use it unscoped")
        return [UA_STYLESHEET]
    # Its @counter-style rules are already in WeasyPrint's own UA_COUNTER_STYLE, which
    # every render uses; defining them a second time there would be refused (and logged).
    return [CSS(string=source, counter_style=CounterStyle())]


@cache
def _paper_html_class() -> type:
    import xml.etree.ElementTree as ET

    import cssselect2
    from weasyprint import HTML

    class PaperHTML(HTML):
        """WeasyPrint's HTML document, for the markup docgen itself writes:

        - parsed as XML by the C parser of the standard library when it is well-formed
          (the templates close their void elements and declare the SVG namespace, so it
          always is): WeasyPrint's own HTML5 parser is pure Python and took 3.5-7 ms of a
          paper; anything else still goes through it;
        - laid out with the scoped user-agent stylesheet (``_UA_SCOPES``).
        """

        def __init__(self, *, string: str, base_url: str | None = None,
                     url_fetcher: Any = None) -> None:
            # Both parsers fetch through the restricted fetcher (packaged assets only).
            url_fetcher = url_fetcher or engine().fetcher
            try:
                root = ET.fromstring(string)
            except ET.ParseError as exc:
                log.warning("paper markup is not well-formed XML (%s): HTML parser used", exc)
                super().__init__(string=string, base_url=base_url, url_fetcher=url_fetcher)
                return
            # What HTML.__init__ sets after parsing (no <base> in papers: base_url as given).
            self.base_url = base_url
            self.url_fetcher = url_fetcher
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return engine().ua_stylesheets if not forms else super()._ua_stylesheets(forms)

    return PaperHTML


@dataclass(frozen=True)
class FieldPlacement:
    """Where an empty signature field goes: page index and box in PDF points."""

    name: str
    page: int
    box: tuple[float, float, float, float]


def layout(document: Document) -> Any:
    """The laid-out WeasyPrint document (pages with their anchors)."""
    eng = engine()
    return _paper_html_class()(string=html(document), url_fetcher=eng.fetcher,
                base_url=ASSETS_DIR.as_uri() + "/").render(
        stylesheets=[eng.stylesheet], font_config=eng.font_config)


def signature_placements(laid_out: Any, names: tuple[str, ...],
                         prefix: str = "sig-") -> list[FieldPlacement]:
    """Boxes over the signature spaces (``#sig-<name>``), in PDF coordinates.

    WeasyPrint reports an anchor as its border box ``(x1, y1, x2, y2)`` in CSS px from the
    top-left corner; PDF counts points from the bottom-left.
    """
    found: dict[str, FieldPlacement] = {}
    for index, page in enumerate(laid_out.pages):
        page_height = page.height * PX_TO_PT
        for anchor, box in page.anchors.items():
            name = anchor.removeprefix(prefix)
            if anchor.startswith(prefix) and name in names and name not in found:
                x1, y1, x2, y2 = (v * PX_TO_PT for v in box)
                found[name] = FieldPlacement(name, index, (round(x1, 2), round(page_height - y2, 2),
                                                           round(x2, 2), round(page_height - y1, 2)))
    return [found[n] for n in names if n in found]


def blank_placements(laid_out: Any) -> list[FieldPlacement]:
    """Boxes over the number and date blanks (``#field-<name>``) of a paper without them."""
    names = tuple(a.removeprefix(FIELD_ANCHOR) for page in laid_out.pages
                  for a in page.anchors if a.startswith(FIELD_ANCHOR))
    return signature_placements(laid_out, names, prefix=FIELD_ANCHOR)


#: The zlib level of every compressed stream. pydyf writes level 9; zlib's own default (6)
#: gives files within 0.4 % of that size on the papers' fonts and pages, compressed in
#: about 60 % of the time (2.2 instead of 3.5 ms for the pledge's 140 kB of streams).
FLATE_LEVEL = 6


def _serialised_once(pdf: Any) -> None:
    """Make each object of ``pdf`` compute its serialised bytes once.

    A PDF/A file needs a file identifier, and pydyf derives it from an MD5 of every
    object's bytes, which it serialises again after writing them: every dictionary was
    formatted twice and every content stream and font program compressed twice, several
    ms of a ~75 ms award decision. Nothing changes an object between the two passes, so
    the first result is kept; the bytes written are the same. Streams are compressed at
    ``FLATE_LEVEL``. Subclasses count too (WeasyPrint's page content streams are its own
    subclass of ``pydyf.Stream``), and so do the objects ``write`` adds.
    """
    def once(obj: Any) -> None:
        cls = _once_class(type(obj))
        if cls is not None:
            obj.__class__ = cls

    for obj in pdf.objects:
        once(obj)
    # ``write`` itself adds the object stream (every dictionary packed and compressed),
    # and hashes it again for the identifier too.
    add_object = pdf.add_object

    def add_once(obj: Any) -> Any:
        once(obj)
        return add_object(obj)

    pdf.add_object = add_once


_ONCE_CLASSES: dict[type, type | None] = {}


def _once_class(cls: type) -> type | None:
    """The subclass of ``cls`` whose ``data`` is computed once; None for objects that are
    not a pydyf stream, dictionary or array (or already are such a subclass)."""
    try:
        return _ONCE_CLASSES[cls]
    except KeyError:
        pass
    from functools import cached_property

    import pydyf

    once: type | None = None
    if getattr(cls, "_docgen_once", False):
        once = None
    elif issubclass(cls, pydyf.Stream):
        once = type(f"Once{cls.__name__}", (cls,), {
            "data": cached_property(_stream_data), "_docgen_once": True,
            "__doc__": f"A {cls.__qualname__} serialised once, at FLATE_LEVEL."})
    elif issubclass(cls, (pydyf.Dictionary, pydyf.Array)):
        base = cls

        def data(self: Any) -> bytes:
            return base.data.fget(self)  # type: ignore[attr-defined]

        data.__name__ = "data"
        once = type(f"Once{cls.__name__}", (cls,), {
            "data": cached_property(data), "_docgen_once": True,
            "__doc__": f"A {cls.__qualname__} whose ``data`` is computed once."})
    _ONCE_CLASSES[cls] = once
    return once


def _stream_data(self: Any) -> bytes:
    """pydyf's ``Stream.data``, compressing at ``FLATE_LEVEL``."""
    import zlib

    import pydyf

    body = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
    extra = pydyf.Dictionary(self.extra.copy())
    if self.compress:
        extra["Filter"] = "/FlateDecode"
        body = zlib.compress(body, FLATE_LEVEL)
    extra["Length"] = len(body)
    return b"\n".join((extra.data, b"stream", body, b"endstream"))


def render(document: Document, *, pdfa: bool = True, signature_fields: bool = True) -> bytes:
    """The PDF of a composed paper.

    The signature fields (with the agency's beside a single signer) and the number/date
    text fields over the blanks are written in the same pass as the pages and the PDF/A
    parts (a WeasyPrint finisher), not by parsing the finished file again for an
    incremental update: one serialisation instead of two.
    """

    try:
        laid_out = layout(document)
        add_fields = None
        if signature_fields:
            signers = with_agency_field(signature_placements(laid_out, document.signature_fields))
            blanks = blank_placements(laid_out)
            if signers or blanks:
                add_fields = finisher(signers, blanks)

        def finish(doc: Any, pdf: Any) -> None:
            if add_fields is not None:
                add_fields(doc, pdf)
            _serialised_once(pdf)

        return laid_out.write_pdf(pdf_variant="pdf/a-2b" if pdfa else None,
                                  finisher=finish)
    except Exception as exc:  # WeasyPrint failing on valid input is a bug: say which paper.
        raise RenderError(f"không tạo được PDF cho {document.title}: {exc}") from exc
