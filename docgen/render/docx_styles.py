"""Names of the Word paragraph styles of the DOCX template, one per entry of the style
table, shared by the template builder and the DOCX renderer (so they cannot drift)."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.render import style


def style_name(key: str) -> str:
    """``recipients_item`` -> ``DgRecipientsItem`` (Word derives the same style id)."""
    return "Dg" + "".join(part.capitalize() for part in key.split("_"))


#: Extra styles that are not text roles: the short rules and the signature room.
RULE_STYLES = ("agency_rule", "summary_rule")
SPACE_STYLE = "signature_space"
PAGE_NUMBER_STYLE = "page_number"


def all_styles() -> dict[str, style.ParagraphStyle]:
    return {**style.HEADER_STYLES, **style.PARAGRAPH_STYLES}


def set_fonts(element: Any, family: str) -> None:
    """Name ``family`` for every script slot of a run or a style element (``w:rFonts``), so
    Word and LibreOffice both honour it (python-docx sets only some of them)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), family)
