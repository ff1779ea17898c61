"""Certificate DOCX assembly: linear in the number of certificates, one section each."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.xmlchemy import BaseOxmlElement

from docgen.render import certificate_docx
from docgen.service import compose_paper


def _batch(sample, n: int):  # type: ignore[no-untyped-def]
    data = sample("certificate")
    people = data["recipients"][:2]
    data["recipients"] = [dict(people[i % 2], name=f"Người Thứ {i + 1:04d}") for i in range(n)]
    return compose_paper("certificate", data)


@pytest.mark.slow
def test_no_block_is_placed_by_scanning_the_whole_document(sample, monkeypatch):
    """The cause of the old O(n²): each paragraph, picture and section of a certificate was
    placed by searching (or XPath-ing) the whole document. While 150 certificates are
    drawn, only a constant number of searches (setting up the one section) may look at
    more than one certificate's worth of elements."""
    widest: list[int] = []
    find, xpath = BaseOxmlElement.first_child_found_in, BaseOxmlElement.xpath

    def counting_find(self, *tagnames):  # type: ignore[no-untyped-def]
        widest.append(len(self))
        return find(self, *tagnames)

    def counting_xpath(self, path):  # type: ignore[no-untyped-def]
        widest.append(len(self) if path.startswith("./") or "/" not in path else 10**6)
        return xpath(self, path)

    batch = _batch(sample, 150)
    monkeypatch.setattr(BaseOxmlElement, "first_child_found_in", counting_find)
    monkeypatch.setattr(BaseOxmlElement, "xpath", counting_xpath)
    certificate_docx.render(batch)
    wide = [w for w in widest if w > 60]  # one certificate has ~15 blocks; 150 have ~2,000
    assert len(widest) > 150 and len(wide) <= 3


@pytest.mark.slow
def test_two_thousand_certificates_each_on_its_own_landscape_section(sample):
    batch = _batch(sample, 2000)
    doc = Document(io.BytesIO(certificate_docx.render(batch)))
    sections = doc.sections
    assert len(sections) == 2000
    assert all(s.page_width > s.page_height for s in (sections[0], sections[999], sections[-1]))
    designs = doc.element.body.xpath('.//wp:anchor[@behindDoc="1"]')
    assert len(designs) == 2000  # the design behind every certificate, not only the first
    ids = doc.element.body.xpath(".//wp:docPr/@id")
    assert len(ids) == len(set(ids)) == 2000  # Word refuses a file with repeated ids
    names = [p.text for p in doc.paragraphs if p.text.endswith(tuple("0123456789"))
             and "Người Thứ" in p.text]
    assert len(names) == 2000
    assert names[0].endswith("Người Thứ 0001") and names[-1].endswith("Người Thứ 2000")
    assert names == sorted(names, key=lambda t: int(t[-4:]))
