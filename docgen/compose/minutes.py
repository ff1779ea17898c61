"""Biên bản (minutes): Decree 30, Appendix III sample 1.9.

Header; ``BIÊN BẢN``; the summary and its rule; the body (time, place, who attended, what
was said and decided); ``./.``; two signatures side by side, ``THƯ KÝ`` on the left and
``CHỦ TỌA`` on the right (the sample shows the roles, not the signers' titles); the
recipients under the secretary's block.
"""

from __future__ import annotations

from dataclasses import replace

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.document import Document
from docgen.compose.markup import parse
from docgen.model.minutes import MinutesInput

TYPE = "BB"
SECRETARY = "THƯ KÝ"
CHAIR = "CHỦ TỌA"


def symbol(data: MinutesInput, catalog: Catalog) -> common.PaperSymbol:
    return common.typed_symbol(TYPE, data.issuer)


def compose(data: MinutesInput, catalog: Catalog) -> Document:
    sym = symbol(data, catalog)
    frame = common.paper_frame(data, catalog.document_types[TYPE].name, sym.symbol)
    chair = replace(frame.pop("signature"), title_lines=(CHAIR,))
    secretary = replace(common.signature_block(data.secretary, width=style.CLOSING_LEFT_MM,
                                               field_name="secretary"),
                        title_lines=(SECRETARY,))
    return Document(
        kind="minutes",
        **frame,
        summary=common.summary_lines(data.subject),
        body=tuple(common.with_end_mark(parse(data.body))),
        signature=chair,
        left_signature=secretary,
    )
