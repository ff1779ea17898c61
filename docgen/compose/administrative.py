"""A paper with a type name (văn bản có tên loại): Decree 30, Appendix III sample 1.4, and
the papers laid out the same way (giấy mời 1.7, giấy giới thiệu 1.8, giấy nghỉ phép 1.10,
công điện 1.6); their phụ lục (Mẫu 2.1) after the signature.

Header; the type's name (``KẾ HOẠCH``); the summary under it and its rule; for a tờ
trình or a báo cáo sent upward, ``Kính gửi:`` and its addressees (a công điện: ``<SENDER>
điện:``); the body; ``./.``; recipients | signature. The number's symbol is the type's
abbreviation and the agency's (``12/KH-VKSGL``).
"""

from __future__ import annotations

from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.appendices import appendices
from docgen.compose.document import Document, Paragraph
from docgen.compose.markup import parse
from docgen.model.administrative import AdministrativeInput
from docgen.vn.text import upper


def symbol(data: AdministrativeInput, catalog: Catalog) -> common.PaperSymbol:
    return common.typed_symbol(data.type, data.issuer)


def address_lines(data: AdministrativeInput, catalog: Catalog) -> list[Paragraph]:
    """The addressees under the title, headed as the type's catalog entry says."""
    heading = catalog.document_types[data.type].address
    if not data.to or not heading:
        return []
    sender = upper(f"{common.decider_title(data.signer)} {common.one_line(data.issuer.name)}")
    return common.addressees(heading.format(sender=sender), data.to)


def compose(data: AdministrativeInput, catalog: Catalog) -> Document:
    paper_type = catalog.document_types[data.type]
    sym = symbol(data, catalog)
    reference = common.attached_reference(paper_type.name, data.number, sym.symbol, data.date,
                                          data.issuer.name)
    return Document(
        kind="administrative",
        **common.paper_frame(data, paper_type.name, sym.symbol),
        summary=common.summary_lines(data.subject) if data.subject else (),
        body=(*address_lines(data, catalog), *common.with_end_mark(parse(data.body))),
        appendices=appendices(data.appendices, reference),
    )
