"""Where short centred texts break into lines: agency names in the header, unit names and
titles in signature blocks. Compose decides the breaks (they are part of the wording: a
name is cut between words at a sensible point, never leaving one word alone), and the
renderers place each line as given, so Word, LibreOffice and the PDF show the same lines.

Widths are measured with the metrics of the shipped fonts (Liberation Serif, metric
twin of Times New Roman) at the size the style table gives the text. Kerning is
ignored, which only makes a measured line slightly wider than printed: a safe error.
The column widths are those of the style table (``docgen.style``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import combinations
from math import comb

from docgen import style
from docgen.resources import FONTS_DIR

PT_TO_MM = 25.4 / 72
#: Room kept free on each line, so a renderer with slightly different glyph placement
#: (Word's justification, HarfBuzz rounding) never wraps a line compose made.
SAFETY = 0.99
#: Words a name is best broken before (``VIỆN KIỂM SÁT NHÂN DÂN`` / ``TỈNH BÌNH ĐỊNH``):
#: they start the place or the level of the body the name belongs to.
BREAK_BEFORE = frozenset(w.casefold() for w in (
    "tỉnh", "thành", "tối", "cấp", "khu", "huyện", "quận", "thị", "cụm", "khối", "phòng",
    "ngành", "viện", "văn", "vụ", "cục",
))


@cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int]:
    """Advance width of every character of one shipped face, and its units per em."""
    from fontTools.ttLib import TTFont

    with TTFont(str(FONTS_DIR / style.PDF_FONT_FILES[(bold, italic)])) as font:
        metrics = font["hmtx"].metrics
        advances = {cp: metrics[glyph][0] for cp, glyph in font.getBestCmap().items()}
        return advances, font["head"].unitsPerEm


def width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of one line of ``text`` (NFC) at ``size_pt``, in millimetres."""
    advances, upm = _advances(bold, italic)
    fallback = advances.get(ord("n"), upm // 2)
    units = sum(advances.get(ord(ch), fallback) for ch in text)
    return units / upm * size_pt * PT_TO_MM


def _units(text: str) -> list[str]:
    """Words, with a spaced hyphen glued to both neighbours (``BÀ RỊA - VŨNG TÀU`` never
    breaks at the hyphen)."""
    units: list[str] = []
    glue = False
    for word in text.split():
        if word in ("-", "–") and units:
            units[-1] += f" {word}"
            glue = True
        elif glue:
            units[-1] += f" {word}"
            glue = False
        else:
            units.append(word)
    return units


def fits(text: str, width: float, s: style.ParagraphStyle) -> bool:
    """Whether ``text`` fits on one line of ``width`` mm in style ``s``."""
    return width_mm(text, s.size_pt, bold=s.bold, italic=s.italic) <= width * SAFETY


#: Most candidate breaks weighed for one text; beyond (a long summary), lines are filled
#: in order instead, so a 2,000-character input costs no more than a short one.
MAX_CANDIDATES = 20_000


def break_lines(text: str, width: float, s: style.ParagraphStyle, *,
                max_lines: int = 3, prefer: frozenset[str] = BREAK_BEFORE) -> tuple[str, ...]:
    """``text`` as the fewest lines that fit ``width`` mm in style ``s``.

    Among the breaks that fit, one leaving a single word alone on a line is taken only if
    nothing else fits; then a break before a word of ``prefer`` (by default the words
    that start a place or a level: ``TỈNH``, ``TỐI CAO``, ``KHỐI``) is preferred; then the
    most even lines. A text that needs more than ``max_lines`` lines is filled in order.
    """
    text = " ".join(text.split())
    if not text:
        return ()
    room = width * SAFETY
    units = _units(text)
    n = len(units)
    # Widths of units[a:b] from prefix sums: one measurement per unit, not per candidate.
    space = width_mm(" ", s.size_pt, bold=s.bold, italic=s.italic)
    prefix = [0.0]
    for unit in units:
        prefix.append(prefix[-1] + width_mm(unit, s.size_pt, bold=s.bold, italic=s.italic))

    def span(a: int, b: int) -> float:
        return prefix[b] - prefix[a] + (b - a - 1) * space

    greedy = _greedy(n, span, room)
    count = len(greedy)
    if count == 1:
        return (text,)
    if count > max_lines or comb(n - 1, count - 1) > MAX_CANDIDATES:
        return tuple(" ".join(units[a:b]) for a, b in greedy)
    best: tuple[tuple[int, int, float], tuple[int, ...]] | None = None
    for cuts in combinations(range(1, n), count - 1):
        bounds = (0, *cuts, n)
        pairs = list(zip(bounds, bounds[1:], strict=False))
        widths = [span(a, b) for a, b in pairs]
        if max(widths) > room:
            continue
        alone = sum(1 for a, b in pairs if b - a == 1)
        good_breaks = sum(1 for c in cuts if units[c].casefold() in prefer)
        score = (alone, -good_breaks, max(widths))
        if best is None or score < best[0]:
            best = (score, bounds)
    assert best is not None  # the greedy breaks are one of the candidates
    bounds = best[1]
    return tuple(" ".join(units[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))


def _greedy(n: int, span: Callable[[int, int], float], room: float) -> list[tuple[int, int]]:
    """Lines filled in order (the fewest lines possible), as ``(start, end)`` unit
    indexes; the last line then takes a word from the one above rather than stand alone."""
    lines: list[list[int]] = []
    for i in range(n):
        if lines and span(lines[-1][0], i + 1) <= room:
            lines[-1][1] = i + 1
        else:
            lines.append([i, i + 1])
    if (len(lines) > 1 and lines[-1][1] - lines[-1][0] == 1
            and lines[-2][1] - lines[-2][0] > 2 and span(lines[-2][1] - 1, n) <= room):
        lines[-2][1] -= 1
        lines[-1][0] -= 1
    return [(a, b) for a, b in lines]


def break_each(lines: tuple[str, ...], width: float, s: style.ParagraphStyle
               ) -> tuple[str, ...]:
    """Every given line (the input's own line breaks are kept) broken to fit ``width``."""
    return tuple(part for line in lines for part in break_lines(line, width, s))


def column_widths(columns: list[list[tuple[str, bool]]], total: float,
                  cell: style.ParagraphStyle, header: style.ParagraphStyle, pad: float
                  ) -> list[float]:
    """Widths in mm of a table's columns across ``total`` mm, from what they hold (each
    cell's text and whether it is a header cell), as a browser's automatic table layout
    would give them, so Word, LibreOffice and the PDF break the cells alike.

    Each column gets at least its widest word (a word is never cut), then what is left is
    shared out in proportion to how much wider each column's longest text is; a table
    whose texts all fit is as wide as the text block, in proportion to them.
    """
    def measure(text: str, is_header: bool) -> float:
        s = header if is_header else cell
        return width_mm(text, s.size_pt, bold=s.bold, italic=s.italic)

    least, most = [], []
    for texts in columns:
        words = [measure(w, h) for text, h in texts for w in text.split()] or [0.0]
        whole = [measure(" ".join(text.split()), h) for text, h in texts] or [0.0]
        least.append(max(words) + pad)
        most.append(max(max(whole), max(words)) + pad)
    if sum(most) <= total:
        return [total * m / sum(most) for m in most]
    if sum(least) >= total:
        return [total * m / sum(least) for m in least]
    spare = total - sum(least)
    extra = [m - lo for m, lo in zip(most, least, strict=True)]
    return [lo + spare * e / sum(extra) for lo, e in zip(least, extra, strict=True)]
