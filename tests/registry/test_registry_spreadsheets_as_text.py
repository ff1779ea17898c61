"""Formula injection (issue #17): whatever a clerk typed goes into every XLSX docgen writes
as text. Hostile names, units, signers and notes are read back with openpyxl as string
cells (``data_type == "s"``), marked quote-prefixed, never formulas."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from docgen.imports.spreadsheet import template_xlsx
from docgen.services.registry.registers import Book, layouts, register_book, to_xlsx
from tests.helpers import load_json_sample

HOSTILE = ['=HYPERLINK("http://evil.example","Bấm vào")', "+1+2", "-3+cmd|' /C calc'!A0",
           "@SUM(A1:A2)", "=1+1", "\t=2+2"]


def _cells(data: bytes):  # type: ignore[no-untyped-def]
    return [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row
            if c.value is not None]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_register_book_writes_hostile_text_as_text(text):
    rows = tuple({"register_number": 1, "recipient": text, "unit": text, "award": text,
                  "decision": text, "date": date(2026, 1, 6), "notes": text} for _ in range(2))
    book = Book(layouts()["so-vang"], "vks-hung-yen", text, 2026, rows)
    cells = _cells(to_xlsx(book))
    hostile = [c for c in cells if c.value == text]
    assert len(hostile) >= 10  # the subtitle (agency name) and five columns twice
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    assert not [c for c in cells if c.data_type == "f"]


def test_a_signer_named_like_a_formula_stays_text_in_the_outgoing_register(registry,
                                                                           issue_paper):
    signer = dict(load_json_sample("award-decision")["signer"], name="=HYPERLINK(\"x\",\"y\")")
    issue_paper(on=date(2026, 1, 6), changes={"signer": signer})
    cells = _cells(to_xlsx(register_book(registry.sessions, "di", "vks-hung-yen", 2026)))
    named = [c for c in cells if c.value == signer["name"]]
    assert named and all(c.data_type == "s" for c in named)
    assert not [c for c in cells if c.data_type == "f"]


def test_the_list_template_has_no_formula():
    assert not [c for c in _cells(template_xlsx()) if c.data_type == "f"]
