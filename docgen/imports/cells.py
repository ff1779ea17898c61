"""Text written into the spreadsheets docgen produces (register books, the list template),
as text and never as a formula: one rule for every XLSX and CSV writer.

A name, unit or position is whatever a clerk typed or imported. openpyxl stores a string
that begins with ``=`` as a live formula, and Excel or LibreOffice evaluate cells starting
with ``=``, ``+``, ``-`` or ``@`` that a user re-enters or that arrive by CSV (a signer
named ``=HYPERLINK(...)`` became a live link). So user text is stored as a string cell
(``data_type`` ``s``), and one that could be read as a formula is also marked
"quote prefix" (Excel's leading apostrophe), so editing the cell keeps it text.
docgen writes no CSV (it reads them); a CSV writer would quote such text with an apostrophe
using ``looks_like_formula``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

#: What a spreadsheet program may take as the start of a formula (tab and carriage return
#: are read before one by some programs).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def append_text_row(ws: Any, values: Sequence[Any]) -> Any:
    """``ws.append(values)``, with every string kept as text; the row's cells."""
    ws.append(list(values))
    row = ws[ws.max_row]
    as_text(row)
    return row


def as_text(cells: Iterable[Any]) -> None:
    """Make each string cell of ``cells`` (openpyxl cells) a text cell."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if looks_like_formula(cell.value):
                cell.quotePrefix = True

