"""The shipped fonts: where their files are and which characters they can draw.

Every renderer embeds the same four Liberation Serif files (the metric twin of Times New
Roman, :data:`docgen.style.PDF_FONT_FILES`). A character none of them has (an emoji,
a CJK ideograph) would print as an empty box, so input validation refuses it up front with
the field's name (:func:`undrawable`) instead of letting a clerk sign a paper with holes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from docgen.resources import FONTS_DIR
from docgen.style import PDF_FONT_FILES


def font_path(bold: bool = False, italic: bool = False) -> Path:
    """The shipped font file of a style."""
    return FONTS_DIR / PDF_FONT_FILES[(bold, italic)]


@cache
def drawable() -> frozenset[int]:
    """Code points every shipped style can draw (read once from the fonts' cmap tables).

    The intersection over the four styles: any text may end up bold or italic.
    """
    from fontTools.ttLib import TTFont

    sets = []
    for file in PDF_FONT_FILES.values():
        with TTFont(FONTS_DIR / file, lazy=True) as font:
            sets.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*sets)


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` the fonts cannot draw, as ``“😀” U+1F600``, each once.

    Line breaks and tabs are layout, not glyphs, and always pass.
    """
    cover = drawable()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in "\n\t" and ord(ch) not in cover:
            seen.setdefault(f"“{ch}” U+{ord(ch):04X}")
    return list(seen)
