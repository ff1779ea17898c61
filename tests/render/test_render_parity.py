"""DOCX and PDF of the same input say the same thing: the same words, as many times each,
for every sample (layout may order table cells differently, so words are compared as a
multiset; the PDF's page numbers are the only words it may add)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from pypdf import PdfReader

from tests.helpers import PAPER_KINDS, docx_text, nfc


def pdf_words(data: bytes) -> Counter[str]:
    reader = PdfReader(io.BytesIO(data))
    words: Counter[str] = Counter()
    for page in reader.pages:
        words.update(nfc(page.extract_text() or "").split())
    # Page numbers 2..N printed in the top margin.
    for n in range(2, len(reader.pages) + 1):
        words[str(n)] -= 1
    return +words


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_docx_and_pdf_have_the_same_words(docx_files, pdf_files, kind):
    docx_words = Counter(docx_text(docx_files[kind]).split())
    pdf = pdf_words(pdf_files[kind])
    assert docx_words - pdf == Counter(), "only in DOCX"
    assert pdf - docx_words == Counter(), "only in PDF"
