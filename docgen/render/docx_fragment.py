"""Block content (paragraphs and tables) placed by a ``{{p name }}`` tag of the DOCX
template, built with python-docx directly on the template's own part.

docxtpl's ``Subdoc`` does the same job, but opens python-docx's default document for every
subdocument and python-docx looks each paragraph style up by name in the styles part: in
an award decision those two cost ~40 of its ~50 ms. A fragment is a bare ``w:body`` whose
children are placed as they are, and its paragraphs name their style id directly (the
template's style ids are the style names, see ``docx_styles.style_name``). Pictures go into
the template's part, as a subdocument's do.
"""

from __future__ import annotations

import re
from typing import Any

from docx.document import _Body
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.render.docx_styles import style_name

#: Word's own table style with every border drawn (present in the template).
GRID_TABLE_STYLE = "TableGrid"
_BODY_TAGS = re.compile(r"</?w:body[^>]*>")


class _Owner:
    """What python-docx asks a block container's parent for: the story part."""

    def __init__(self, part: Any) -> None:
        self.part = part


def set_style(paragraph: Paragraph, key: str) -> None:
    """Give ``paragraph`` the template style of the style-table entry ``key``."""
    paragraph._p.style = style_name(key)


class Fragment:
    """Paragraphs and tables for one ``{{p … }}`` tag; ``str()`` is their WordprocessingML."""

    def __init__(self, part: Any) -> None:
        self._body = _Body(parse_xml(f"<w:body {nsdecls('w')}/>"), _Owner(part))

    def add_paragraph(self, text: str = "", key: str | None = None) -> Paragraph:
        paragraph = self._body.add_paragraph(text)
        if key is not None:
            set_style(paragraph, key)
        return paragraph

    def add_table(self, rows: int, cols: int, width: Length, *, grid: bool = False) -> Table:
        table = self._body.add_table(rows, cols, width)
        if grid:
            table._tbl.tblPr.style = GRID_TABLE_STYLE
        return table

    def __str__(self) -> str:
        # The children rely on the document's own namespace declarations once the body's
        # tags are gone, exactly as docxtpl places a subdocument.
        return _BODY_TAGS.sub("", etree.tostring(self._body._element, encoding="unicode"))

    __html__ = __str__
