"""Names of the Word paragraph styles of the DOCX template, one per entry of the style
table, shared by the template builder and the DOCX renderer (so they cannot drift)."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen import style


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


def set_language(rpr_owner: Any, language: str = style.LANGUAGE) -> None:
    """Declare ``language`` on a style or the document defaults (``w:lang``), so Word
    checks spelling in Vietnamese."""
    rpr = rpr_owner.get_or_add_rPr() if hasattr(rpr_owner, "get_or_add_rPr") else rpr_owner
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def set_cell_margins(table: Any, side_mm: float, top_bottom_mm: float = 0.0) -> None:
    """Left/right (and top/bottom) margins of every cell of a table. Word's default
    (1.9 mm a side) would eat into the width a line was measured for."""
    tbl_pr = table._tbl.tblPr
    mar = tbl_pr.find(qn("w:tblCellMar"))
    if mar is None:
        mar = OxmlElement("w:tblCellMar")
        look = tbl_pr.find(qn("w:tblLook"))  # the schema puts tblCellMar before tblLook
        if look is not None:
            look.addprevious(mar)
        else:
            tbl_pr.append(mar)
    for side, mm in (("top", top_bottom_mm), ("left", side_mm), ("bottom", top_bottom_mm),
                     ("right", side_mm)):
        el = mar.find(qn(f"w:{side}"))
        if el is None:
            el = OxmlElement(f"w:{side}")
            mar.append(el)
        el.set(qn("w:w"), str(round(mm * 1440 / 25.4)))  # twentieths of a point
        el.set(qn("w:type"), "dxa")


def cant_split(row: Any) -> None:
    """A table row that never breaks across pages (``w:cantSplit``)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))


def clean_package(doc: Any) -> None:
    """Drop what python-docx's default template carries over: its thumbnail (a blank
    page), Word 2010's copy of the styles (still saying en-US), and application
    properties naming "Microsoft Macintosh Word"."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.rels.pop(rel_id)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode()


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>docgen</Application><DocSecurity>0</DocSecurity></Properties>")


def set_document_language(doc: Any, language: str = style.LANGUAGE) -> None:
    """``language`` for the document defaults (every run without a style of its own) and
    for the theme fonts (``w:themeFontLang``)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    set_language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), language)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
