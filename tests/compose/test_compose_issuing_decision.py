"""Quyết định ban hành, phê duyệt một văn bản, Decree 30 Mẫu 1.3: the decision (summary
and Article 1 made from the text it issues, bases closed by ``Theo đề nghị …``, ``QUYẾT
ĐỊNH:``) and the text after it in the same file (header's first row, type name, summary,
``(Kèm theo Quyết định số … ngày … của …)``, chapters, ``./.``, no signature)."""

from __future__ import annotations

import pytest

from docgen.catalog import load_catalog
from docgen.errors import InputError
from docgen.kinds import KINDS
from docgen.service import compose_paper, validate


def test_summary_and_first_article_name_the_issued_text(sample):
    doc = compose_paper("issuing-decision", sample("issuing-decision"))
    assert doc.type_name == "QUYẾT ĐỊNH"
    assert " ".join(doc.summary) == ("Ban hành Quy chế thi đua, khen thưởng của Viện kiểm sát "
                                     "nhân dân tỉnh Gia Lai")
    assert doc.header.number_line == "Số: 15/QĐ-VKSGL"
    first = next(b for b in doc.body if b.text.startswith("Điều 1."))
    assert first.runs[0].bold and first.text == (
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế thi đua, khen thưởng của Viện kiểm "
        "sát nhân dân tỉnh Gia Lai.")


def test_approving_a_plan(sample):
    data = sample("issuing-decision")
    data["action"] = "phê duyệt"
    data["text"].update(type="KH", subject="tổ chức Hội nghị điển hình tiên tiến năm 2026")
    doc = compose_paper("issuing-decision", data)
    assert " ".join(doc.summary) == "Phê duyệt Kế hoạch tổ chức Hội nghị điển hình tiên tiến năm 2026"
    assert doc.appendices[0].heading_lines == (
        "KẾ HOẠCH", "Tổ chức Hội nghị điển hình tiên tiến năm 2026")


def test_preamble_authority_bases_and_formula(sample):
    body = compose_paper("issuing-decision", sample("issuing-decision")).body
    assert (body[0].role, body[0].text) == ("authority",
                                           "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI")
    bases = [b.text for b in body if b.role == "basis"]
    assert all(t.endswith(";") for t in bases[:-1])
    assert bases[-1] == "Theo đề nghị của Chánh Văn phòng Viện kiểm sát nhân dân tỉnh Gia Lai."
    assert [b.text for b in body if b.role == "formula"] == ["QUYẾT ĐỊNH:"]
    assert body[-1].text.endswith("chịu trách nhiệm thi hành Quyết định này./.")


def test_the_issued_text_follows_with_its_own_heading(sample):
    doc = compose_paper("issuing-decision", sample("issuing-decision"))
    text = doc.appendices[0]
    assert text.header is not None and text.header.number_line is None
    assert text.header.agency_lines == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH GIA LAI")
    assert text.heading_lines == ("QUY CHẾ",
                                  "Thi đua, khen thưởng của Viện kiểm sát nhân dân tỉnh Gia Lai")
    assert text.reference_line == ("(Kèm theo Quyết định số 15/QĐ-VKSGL ngày 02 tháng 02 năm "
                                   "2026 của Viện trưởng Viện kiểm sát nhân dân tỉnh Gia Lai)")
    chapters = [(b.role, b.text) for b in text.body if b.role in ("chapter", "chapter_title")]
    assert chapters[:2] == [("chapter", "Chương I"), ("chapter_title", "QUY ĐỊNH CHUNG")]
    assert [t for r, t in chapters if r == "chapter"] == ["Chương I", "Chương II", "Chương III"]
    assert text.body[-1].text.endswith("sửa đổi, bổ sung cho phù hợp./.")
    # One signature, on the decision: the issued text is not signed apart (Appendix I, II.8.b).
    assert doc.signature_fields == ("signer",)


def test_a_phu_luc_of_the_issued_text_comes_after_it(sample):
    data = sample("issuing-decision")
    data["text"]["body"] += "\n\nMẫu hồ sơ đề nghị khen thưởng theo Phụ lục kèm theo."
    data["appendices"] = [{"title": "Mẫu hồ sơ", "body": "Tờ trình, biên bản, danh sách."}]
    text, annex = compose_paper("issuing-decision", data).appendices
    assert annex.heading_lines == ("Phụ lục", "MẪU HỒ SƠ")
    assert annex.reference_line == text.reference_line


def test_the_clerk_does_not_write_article_1(sample):
    data = sample("issuing-decision")
    data["body"] = "**Điều 1.** Ban hành kèm theo …\n\nĐiều 2. Hiệu lực."
    with pytest.raises(InputError) as err:
        compose_paper("issuing-decision", data)
    assert err.value.errors[0].type == "first_article_written"


def test_only_the_types_a_decision_issues(sample):
    data = sample("issuing-decision")
    data["text"]["type"] = "TTr"
    with pytest.raises(InputError) as err:
        compose_paper("issuing-decision", data)
    assert err.value.errors[0].loc == ("text", "type")


def test_numbered_from_the_decisions_sequence(sample):
    catalog = load_catalog()
    kind = KINDS["issuing-decision"]
    assert kind.types == ("QĐ",) and kind.registered
    got = kind.symbol(validate("issuing-decision", sample("issuing-decision"), catalog=catalog),
                      catalog)
    # The same sequence as the award decisions: every QĐ of the agency.
    assert got == ("QĐ-VKSGL", "QĐ")
