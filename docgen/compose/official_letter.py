"""Công văn (official letter): Decree 30, Appendix III sample 1.5.

Header with ``V/v …`` under the number (no type name); ``Kính gửi:`` and its addressees;
the body; ``./.``; recipients (``- Như trên;`` first: the addressees get the letter) |
signature; its phụ lục (Mẫu 2.1) after the signature. The symbol is the agency's and the
drafting unit's (``231/VKSHY-VP``).
"""

from __future__ import annotations

from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.appendices import appendices
from docgen.compose.document import Document
from docgen.compose.markup import parse
from docgen.model.official_letter import OfficialLetterInput
from docgen.vn.numbering import join_symbol

#: The first item of ``Nơi nhận``: the addressees above (Decree 30, Appendix I, II.9b).
AS_ABOVE = "Như trên"


def symbol(data: OfficialLetterInput, catalog: Catalog) -> common.PaperSymbol:
    """``VKSHY-VP``: a công văn has no type abbreviation (Appendix I, I.3.b); when its
    agency numbers each type apart, công văn have a sequence of their own."""
    return common.PaperSymbol(join_symbol(data.issuer.symbol, data.unit_symbol),
                              "official-letter")


def _about(text: str) -> str:
    """The summary without a ``V/v`` the clerk typed (compose writes it)."""
    text = text.strip()
    if text.casefold().startswith(common.ABOUT_PREFIX.casefold()):
        text = text[len(common.ABOUT_PREFIX):].lstrip(" :.")
    return text.rstrip(".").rstrip()


def recipient_items(data: OfficialLetterInput) -> list[str]:
    """``Như trên`` first, unless the clerk put it there."""
    items = list(data.recipients)
    if not items or items[0].strip().rstrip(";.").casefold() != AS_ABOVE.casefold():
        items.insert(0, AS_ABOVE)
    return items


def compose(data: OfficialLetterInput, catalog: Catalog) -> Document:
    ptype = catalog.paper_types["official-letter"]
    sym = symbol(data, catalog)
    about = _about(data.about)
    reference = common.attached_reference(ptype.name, data.number, sym.symbol, data.date,
                                          data.issuer.name)
    return Document(
        kind="official-letter",
        **common.paper_frame(data, ptype.name, sym.symbol, about=about, named=False,
                             recipient_items=recipient_items(data)),
        summary=(f"{common.ABOUT_PREFIX} {about}",),
        body=(*common.addressees(common.ADDRESS_HEADING, data.to),
              *common.with_end_mark(parse(data.body))),
        appendices=appendices(data.appendices, reference),
    )
