"""DOCX and PDF of the same input say the same thing: the same words, as many times each,
for every sample (layout may order table cells differently, so words are compared as a
multiset; the PDF may add only its page numbers and the header rows of a table repeated at
the top of each page it continues on, which a DOCX holds once and Word repeats)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from pypdf import PdfReader

from docgen.compose.document import Document, Table
from docgen.service import compose_paper
from tests.helpers import PAPER_KINDS, docx_text, load_json_sample, nfc, page_numbers


def pdf_words(data: bytes) -> Counter[str]:
    reader = PdfReader(io.BytesIO(data))
    words: Counter[str] = Counter()
    for page in reader.pages:
        words.update(nfc(page.extract_text() or "").split())
    # The page numbers printed in the top margin (each part after the signature numbers
    # its own pages): numbers only, which the DOCX holds as one PAGE field.
    numbers = " ".join(page_numbers(data)).split()
    assert all(n.isdigit() for n in numbers), numbers
    words.subtract(numbers)
    return +words


def header_words(doc: Document) -> Counter[str]:
    """The words of every table header row of a paper (body tables, the wide table, the
    appendices' lists and tables): what a PDF repeats on each page a table continues on."""
    words: Counter[str] = Counter()
    blocks = [*doc.body, *(b for a in doc.appendices for b in a.body)]
    for block in blocks:
        if isinstance(block, Table):
            for row in block.header_rows:
                words.update(nfc(" ".join(c.text for c in row)).split())
    tables = [doc.table.columns] if doc.table is not None else []
    tables += [s.columns for a in doc.appendices for s in a.sections]
    for columns in tables:
        words.update(nfc(" ".join(c.header for c in columns)).split())
    return words


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_docx_and_pdf_have_the_same_words(docx_files, pdf_files, kind):
    docx_words = Counter(docx_text(docx_files[kind]).split())
    pdf = pdf_words(pdf_files[kind])
    assert docx_words - pdf == Counter(), "only in DOCX"
    pages = len(PdfReader(io.BytesIO(pdf_files[kind])).pages)
    repeated = Counter({w: n * (pages - 1) for w, n in
                        header_words(compose_paper(kind, load_json_sample(kind))).items()})
    assert (pdf - docx_words) - repeated == Counter(), "only in PDF"
