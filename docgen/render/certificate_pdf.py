"""Certificates as print-ready PDF, fast: the constant design (frame, emblem) is laid out by
WeasyPrint once per paper size and becomes one Form XObject; the text of every certificate
is drawn by ReportLab with the shipped fonts (embedded once, text selectable) and laid over
it with pikepdf. Large batches are split over the CPU cores and the parts joined.

Every text box is fitted (shrunk, then wrapped) inside its box of ``certificate_layout``,
so long names never cross the frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from docgen.compose.certificate import CertificateBatch, CertificateEntry, CertificateFace
from docgen.config import Settings
from docgen.errors import ConfigError
from docgen.render import certificate_layout as L
from docgen.render import pdf as paper_pdf
from docgen.render import processes
from docgen.render.fonts import font_path
from docgen.render.pdf import FieldPlacement
from docgen.render.qr import qr_matrix
from docgen.signing.fields import add_signature_fields, with_agency_field
from docgen.signing.pdfa import make_pdfa2b
from docgen.style import LANGUAGE

MM = 72 / 25.4
#: ReportLab's names of the shipped fonts, by (bold, italic); the files are the PDF papers'
#: own (docgen.render.fonts.font_path), so every renderer embeds the same fonts.
FONT = {(False, False): "DgSerif", (True, False): "DgSerif-Bold",
        (False, True): "DgSerif-Italic", (True, True): "DgSerif-BoldItalic"}
#: Below this many certificates one process is faster than starting workers.
PARALLEL_FROM = 300


@cache
def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for (bold, italic), name in FONT.items():
        pdfmetrics.registerFont(TTFont(name, str(font_path(bold, italic))))


# -- fitting text into boxes -------------------------------------------------------------

def _wrap(words: list[str], font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[str, ...]


def fit(text: str, box: L.Box, k: float = 1.0) -> Fitted:
    """The largest size (step 0.5 pt) at which ``text`` fits the box's width, height and
    line count; at the minimum size, wrapped lines are cut to the box (never outside)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_fonts()  # fit() is also called alone (the DOCX renderer, tests)
    font = FONT[(box.bold, box.italic)]
    width, height = box.width * MM * k, box.height * MM * k
    words = text.split()
    size = box.size * k
    while size >= box.min_size * k:
        lines = _wrap(words, font, size, width)
        if (len(lines) <= box.max_lines and len(lines) * size * 1.18 <= height + 0.5
                and all(stringWidth(line, font, size) <= width for line in lines)):
            return Fitted(size, tuple(lines))
        size -= 0.5
    size = box.min_size * k
    lines = _wrap(words, font, size, width)[: box.max_lines]
    # A single word wider than the box, or more lines than fit: cut with an ellipsis.
    fitted = []
    for line in lines:
        while stringWidth(line, font, size) > width and len(line) > 1:
            line = line[:-2] + "…"
        fitted.append(line)
    return Fitted(size, tuple(fitted))


def _draw(canvas, box: L.Box, text: str, page_h: float, k: float,
          dx: float = 0.0, dy: float = 0.0) -> Fitted:
    fitted = fit(text, box, k)
    font = FONT[(box.bold, box.italic)]
    canvas.setFont(font, fitted.size)
    canvas.setFillColorRGB(*box.color)
    line_h = fitted.size * 1.18
    total = line_h * len(fitted.lines)
    top = page_h - (box.top + dy) * MM * k
    # Centre the block of lines vertically; 0.8 em from a line's top to its baseline.
    y = top - (box.height * MM * k - total) / 2 - fitted.size * 0.86
    cx = (box.cx + dx) * MM * k
    for line in fitted.lines:
        canvas.drawCentredString(cx, y, line)
        y -= line_h
    return fitted


def _draw_qr(canvas, url: str, page_h: float, k: float, dx: float, dy: float) -> None:
    matrix = qr_matrix(url)
    n = len(matrix)
    size = L.QR["size"] * MM * k
    cell = size / n
    left = (L.QR["left"] + dx) * MM * k
    top = page_h - (L.QR["top"] + dy) * MM * k
    # One module = one unit, rows downwards; each run of dark modules in a row is one
    # rectangle written as literal operators: a batch of 20,000 registered certificates
    # spent most of its time formatting ~400 floats per code through ReportLab's path API.
    ops = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {r} {c - start} 1 re")
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColorRGB(*L.BLACK)
    canvas.translate(left, top)
    canvas.scale(cell, -cell)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()


def _draw_page(canvas, face: CertificateFace, entry: CertificateEntry,
               page_h: float, k: float, offset: tuple[float, float]) -> None:
    full = face.design == "full"
    dx, dy = offset if not full else (0.0, 0.0)
    # What goes in which box is shared with the DOCX (certificate_layout.placements).
    for key, box, text in L.placements(face, entry):
        fitted = _draw(canvas, box, text, page_h, k, dx, dy)
        if key == "motto":
            _underline(canvas, box, fitted, page_h, k)
    if entry.verification:
        _draw_qr(canvas, entry.verification.url, page_h, k, dx, dy)


def rule_under(box: L.Box, fitted: Fitted, k: float) -> tuple[float, float, float]:
    """The rule under a fitted line (the motto): ``(x0, x1, y)`` in mm from the top-left
    corner of the page, as long as the line and at the bottom of its box."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_fonts()
    width = stringWidth(fitted.lines[0], FONT[(box.bold, box.italic)], fitted.size) / MM
    return (box.cx * k - width / 2, box.cx * k + width / 2, (box.top + box.height) * k)


def _underline(canvas, box: L.Box, fitted: Fitted, page_h: float, k: float) -> None:
    x0, x1, y = rule_under(box, fitted, k)
    canvas.setLineWidth(L.THIN_LINE_PT * k)
    canvas.setStrokeColorRGB(*L.BLACK)
    canvas.line(x0 * MM, page_h - y * MM, x1 * MM, page_h - y * MM)


# -- layers ---------------------------------------------------------------------------------

def text_layer(face: CertificateFace, entries: Sequence[CertificateEntry],
               offset: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One page of text per entry (ReportLab, fonts embedded once)."""
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    w_mm, h_mm = L.page_size_mm(face.paper)
    k = L.scale(face.paper)
    out = BytesIO()
    # The initial font is the shipped one: ReportLab's default (Helvetica) would otherwise
    # be listed on every page, unembedded.
    canvas = Canvas(out, pagesize=(w_mm * MM, h_mm * MM), pageCompression=1, invariant=1,
                    initialFontName=FONT[(False, False)], initialFontSize=12,
                    lang=LANGUAGE)
    # File properties: what the batch is, who grants it (see also _keep_properties).
    canvas.setTitle(face.record_title)
    canvas.setAuthor(face.agency)
    canvas.setSubject(face.award_name)
    canvas.setCreator("docgen")
    for entry in entries:
        _draw_page(canvas, face, entry, h_mm * MM, k, offset)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def design_html(paper: str, emblem: str | None = None) -> str:
    """The HTML of the frame and emblem page for a paper size (sizes and colours from
    certificate_layout); also what the naive baseline of benchmarks/bench_certificates.py
    lays out, so both draw the same design."""

    w, h = L.page_size_mm(paper)
    k = L.scale(paper)
    inset = L.FRAME_OUTER_MM * k + 1.2 * k
    corner = 14 * k
    corners = [(inset, inset, 0), (w - inset - corner, inset, 90),
               (w - inset - corner, h - inset - corner, 180), (inset, h - inset - corner, 270)]
    return paper_pdf._jinja().get_template("certificate_design.html").render(
        w=w, h=h, k=k, outer=L.FRAME_OUTER_MM * k, inner=L.FRAME_INNER_MM * k,
        corners=corners, emblem_left=(L.EMBLEM["cx"] - L.EMBLEM["size"] / 2) * k,
        emblem_top=L.EMBLEM["top"] * k, emblem_size=L.EMBLEM["size"] * k,
        emblem_uri=Path(emblem).resolve().as_uri() if emblem else None,
        thin_line=L.THIN_LINE_PT * k,
        colours={"red": L.css_colour(L.RED), "gold": L.css_colour(L.GOLD),
                 "dark_gold": L.css_colour(L.DARK_GOLD)})


@cache
def design_pdf(paper: str, emblem: str | None = None) -> bytes:
    """The frame and emblem page for a paper size, laid out once per process."""
    from weasyprint import HTML

    if emblem:
        paper_pdf.allow_file(Path(emblem))
    eng = paper_pdf.engine()
    return HTML(string=design_html(paper, emblem), url_fetcher=eng.fetcher).write_pdf(
        font_config=eng.font_config)


def _overlay(design: bytes, layer: bytes) -> bytes:
    """Every page of ``layer`` over one shared Form XObject of the design page."""
    import pikepdf

    with pikepdf.open(BytesIO(layer)) as out, pikepdf.open(BytesIO(design)) as d:
        xobj = out.copy_foreign(d.pages[0].as_form_xobject())
        for page in out.pages:
            page.add_underlay(xobj, pikepdf.Rectangle(0, 0, float(page.mediabox[2]),
                                                      float(page.mediabox[3])))
        buf = BytesIO()
        out.save(buf, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buf.getvalue()


def _emblem() -> str | None:
    """The emblem image an administrator configured (``Settings.certificate_emblem``, from
    ``DOCGEN_CERTIFICATE_EMBLEM``: PNG or SVG), or None for the neutral ornament."""
    # A process setting read when printing (the one place settings are read, as every
    # face does): the renderer is called with a composed batch only, from any face.
    path = Settings.from_env().certificate_emblem
    if path is None:
        return None
    if not path.is_file():
        # Printing without the configured emblem would waste a run of certificate paper.
        raise ConfigError(f"DOCGEN_CERTIFICATE_EMBLEM: không có tệp hình quốc huy/biểu "
                          f"trưng '{path}'")
    return str(path.resolve())


def render_part(face: CertificateFace, entries: Sequence[CertificateEntry],
                offset: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """A merged PDF of some certificates (one worker's share)."""
    layer = text_layer(face, entries, offset)
    if face.design != "full":
        return layer
    return _overlay(design_pdf(face.paper, _emblem()), layer)


def _keep_properties(src: Any, dst: Any) -> None:
    """Title, author, subject and language of ``src`` on a PDF built from its pages."""
    import pikepdf

    if "/Info" in src.trailer:
        dst.trailer.Info = dst.make_indirect(pikepdf.Dictionary(
            {k: v for k, v in src.trailer.Info.items() if isinstance(v, pikepdf.String)}))
    if "/Lang" in src.Root:
        dst.Root.Lang = src.Root.Lang


def _join(parts: list[bytes]) -> bytes:
    import pikepdf

    if len(parts) == 1:
        return parts[0]
    out = pikepdf.new()
    opened = [pikepdf.open(BytesIO(p)) for p in parts]
    try:
        for pdf in opened:
            out.pages.extend(pdf.pages)
        _keep_properties(opened[0], out)
        buf = BytesIO()
        out.save(buf, compress_streams=True)
        return buf.getvalue()
    finally:
        for pdf in opened:
            pdf.close()


def _chunks(entries: Sequence[CertificateEntry], size: int) -> list[Sequence[CertificateEntry]]:
    return [entries[i:i + size] for i in range(0, len(entries), size)]


def render_entries(face: CertificateFace, entries: Sequence[CertificateEntry], *,
                   offset: tuple[float, float] = (0.0, 0.0), workers: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> bytes:
    """One print-ready PDF with a page per entry.

    Large batches are cut into chunks rendered by a pool of processes (one per core) and
    joined in order; ``progress(done, total)`` is called as chunks finish.
    """
    total = len(entries)
    workers = workers or (os.cpu_count() or 1)
    if total < PARALLEL_FROM or workers < 2:
        pdf = render_part(face, entries, offset)
        if progress:
            progress(total, total)
        return pdf
    # Chunks small enough to report progress, large enough that each embeds its fonts
    # and the design only a few times.
    size = max(100, -(-total // (workers * 4)))
    chunks = _chunks(entries, size)
    parts: list[bytes] = []
    done = 0
    # Workers come from a fork server and die with their parent (see processes.py).
    with processes.pool(workers) as pool:
        for chunk, part in zip(chunks, pool.map(render_part, [face] * len(chunks), chunks,
                                                [offset] * len(chunks)), strict=True):
            parts.append(part)
            done += len(chunk)
            if progress:
                progress(done, total)
    return _join(parts)


def signature_box(face: CertificateFace, offset: tuple[float, float] = (0.0, 0.0)
                  ) -> tuple[float, float, float, float]:
    """The signer's space of a certificate page, in PDF points from the bottom-left."""
    k = L.scale(face.paper)
    dx, dy = offset if face.design != "full" else (0.0, 0.0)
    _, h_mm = L.page_size_mm(face.paper)
    sp = L.SIGNATURE_SPACE
    x1 = (sp["cx"] + dx - sp["width"] / 2) * MM * k
    x2 = (sp["cx"] + dx + sp["width"] / 2) * MM * k
    y1 = (h_mm - (sp["bottom"] + dy) * k) * MM
    y2 = (h_mm - (sp["top"] + dy) * k) * MM
    return (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2))


def finish_one(pdf: bytes, face: CertificateFace,
               offset: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One certificate as a paper of its own: PDF/A-2b, with the signer's field over the
    signer's space and the agency's seal field, ready to be signed like any paper."""

    signer = FieldPlacement("signer", 0, signature_box(face, offset))
    return add_signature_fields(make_pdfa2b(pdf), with_agency_field([signer]))


def certificate_files(pdf: bytes, face: CertificateFace,
                      offset: tuple[float, float] = (0.0, 0.0)) -> Iterator[bytes]:
    """One finished PDF per certificate (the ZIP output); sealing them is the ZIP's
    business (``docgen.services.jobs.certificates.seal_zip``)."""
    for page in split_pages(pdf):
        yield finish_one(page, face, offset)


def split_pages(pdf: bytes) -> Iterator[bytes]:
    """One PDF per page (the ZIP output)."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as src:
        for page in src.pages:
            one = pikepdf.new()
            one.pages.append(page)
            _keep_properties(src, one)
            buf = BytesIO()
            one.save(buf, compress_streams=True)
            yield buf.getvalue()


def render(batch: CertificateBatch) -> bytes:
    """The certificates of a composed batch as one merged PDF."""

    offset = batch.face.offset_mm
    pdf = render_entries(batch.face, batch.entries, offset=offset)
    if len(batch.entries) == 1:
        return finish_one(pdf, batch.face, offset)
    # A print run of many certificates stays one unsigned file (no fields), still PDF/A.
    return make_pdfa2b(pdf)
