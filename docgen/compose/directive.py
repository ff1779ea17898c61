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


def symbol(data: DirectiveInput, catalog: Catalog) -> common.PaperSymbol:
    return common.typed_symbol(catalog.paper_types["directive"].abbr, data.issuer)


def compose(data: DirectiveInput, catalog: Catalog) -> Document:
    ptype = catalog.paper_types["directive"]
    sym = symbol(data, catalog).symbol
    return Document(
        kind="directive",
        **common.paper_frame(data, ptype.name, sym),
        summary=common.summary_lines(data.subject),
        body=tuple(common.with_end_mark(parse(data.body))),
    )
