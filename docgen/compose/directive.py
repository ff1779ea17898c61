"""Directive (Chỉ thị) launching an emulation movement: Decree 30 sample 1.4.

Header; ``CHỈ THỊ``; summary with its rule; body; ``./.``; recipients | signature.
No legal bases and no decision formula.
"""

from __future__ import annotations

from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.document import Document
from docgen.compose.markup import parse
from docgen.model.directive import DirectiveInput
from docgen.vn.numbering import join_symbol
from docgen.vn.text import upper


def compose(data: DirectiveInput, catalog: Catalog) -> Document:
    ptype = catalog.paper_types["directive"]
    symbol = join_symbol(ptype.abbr, data.issuer.symbol)
    return Document(
        kind="directive",
        title=common.paper_title(ptype.name, data.number, symbol),
        file_stem=common.file_stem(ptype.name, data.number, symbol),
        header=common.header(data.issuer, symbol=symbol, number=data.number, on=data.date),
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=upper(ptype.name),
        summary=(data.subject,),
        body=tuple(common.with_end_mark(parse(data.body))),
        recipients=common.recipients(data.recipients, data.archive, data.drafter),
        signature=common.signature_block(data.signer),
    )
