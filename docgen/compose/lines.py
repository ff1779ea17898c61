"""Where short centred texts break into lines: agency names in the header, unit names and
titles in signature blocks. Compose decides the breaks (they are part of the wording: a
name is cut between words at a sensible point, never leaving one word alone), and the
renderers place each line as given, so Word, LibreOffice and the PDF show the same lines.

Widths are measured with the metrics of the shipped fonts (Liberation Serif, metric
twin of Times New Roman) at the size the style table gives the text. Kerning is
ignored, which only makes a measured line slightly wider than printed: a safe error.
The column widths are those of the style table (``docgen.render.style``).
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

from docgen.render import style  # the style table is plain data shared by every layer
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


def break_lines(text: str, width: float, s: style.ParagraphStyle, *,
                max_lines: int = 3, prefer: frozenset[str] = BREAK_BEFORE) -> tuple[str, ...]:
    """``text`` as the fewest lines that fit ``width`` mm in style ``s``.

    Among the breaks that fit, one leaving a single word alone on a line is taken only if
    nothing else fits; then a break before a word of ``prefer`` (by default the words
    that start a place or a level: ``TỈNH``, ``TỐI CAO``, ``KHỐI``) is preferred; then the
    most even lines.
    """
    text = " ".join(text.split())

    def fit(line: str) -> bool:
        return fits(line, width, s)

    if not text or fit(text):
        return (text,) if text else ()
    units = _units(text)
    n = len(units)
    for count in range(2, min(max_lines, n) + 1):
        best: tuple[tuple[int, int, float], tuple[str, ...]] | None = None
        for cuts in combinations(range(1, n), count - 1):
            bounds = (0, *cuts, n)
            lines = tuple(" ".join(units[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
            if not all(fit(line) for line in lines):
                continue
            alone = sum(1 for a, b in zip(bounds, bounds[1:], strict=False) if b - a == 1)
            good_breaks = sum(1 for c in cuts if units[c].casefold() in prefer)
            widest = max(width_mm(line, s.size_pt, bold=s.bold, italic=s.italic)
                         for line in lines)
            score = (alone, -good_breaks, widest)
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    return _greedy(units, fit)


def _greedy(units: list[str], fits: object) -> tuple[str, ...]:
    """Fallback for a text too long for ``max_lines``: fill lines in order, then move a
    word down so that the last line is not one word alone."""
    assert callable(fits)
    lines: list[list[str]] = []
    for unit in units:
        if lines and fits(" ".join([*lines[-1], unit])):
            lines[-1].append(unit)
        else:
            lines.append([unit])
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
        lines[-1].insert(0, lines[-2].pop())
    return tuple(" ".join(line) for line in lines)


def break_each(lines: tuple[str, ...], width: float, s: style.ParagraphStyle
               ) -> tuple[str, ...]:
    """Every given line (the input's own line breaks are kept) broken to fit ``width``."""
    return tuple(part for line in lines for part in break_lines(line, width, s))
