"""Nghị quyết (cá biệt): Decree 30, Appendix III, Mẫu 1.1.

Header (``Số: 05/NQ-…``); ``NGHỊ QUYẾT``; the summary and its rule; the collective that
resolves, in capitals; ``Căn cứ …;`` lines (and a closing ``Xét đề nghị của … .``);
``QUYẾT NGHỊ:``; the articles (``Điều 1.`` bold); ``./.``; recipients | signature
(``TM. <TẬP THỂ>``); the appendices, each from a new page.
"""

from __future__ import annotations

from docgen.catalog import Catalog
from docgen.compose import common, enactment
from docgen.compose.appendices import appendices
from docgen.compose.document import Document
from docgen.compose.markup import parse
from docgen.model.resolution import ResolutionInput

TYPE = "NQ"


def symbol(data: ResolutionInput, catalog: Catalog) -> common.PaperSymbol:
    return common.typed_symbol(TYPE, data.issuer)


def compose(data: ResolutionInput, catalog: Catalog) -> Document:
    label = catalog.document_types[TYPE].name
    sym = symbol(data, catalog).symbol
    authority = data.authority or enactment.issuing_authority(data.signer, data.issuer)
    reference = common.attached_reference(label, data.number, sym, data.date, authority)
    return Document(
        kind="resolution",
        **common.paper_frame(data, label, sym),
        summary=common.summary_lines(data.subject),
        body=(*enactment.preamble(authority, data.bases, data.proposal, enactment.RESOLVE),
              *common.with_end_mark(parse(data.body))),
        appendices=appendices(data.appendices, reference),
    )
