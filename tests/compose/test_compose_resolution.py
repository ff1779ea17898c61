"""Nghị quyết (cá biệt), Decree 30 Mẫu 1.1: the type name and the summary, the collective
that resolves, the bases, ``QUYẾT NGHỊ:``, the articles with ``Điều N.`` bold, ``./.``
once, ``TM.`` signature, and its phụ lục (Mẫu 2.1) numbered I, II with their reference."""

from __future__ import annotations

import pytest

from docgen.catalog import load_catalog
from docgen.compose.document import Table
from docgen.errors import InputError
from docgen.kinds import KINDS
from docgen.service import compose_paper, validate


def test_header_title_and_summary(sample):
    doc = compose_paper("resolution", sample("resolution"))
    assert doc.type_name == "NGHỊ QUYẾT"
    assert doc.summary == ("Về nhiệm vụ trọng tâm công tác thi đua, khen thưởng năm 2026",)
    assert doc.header.number_line == "Số: 05/NQ-VKSGL"
    assert doc.header.place_date_line == "Gia Lai, ngày 15 tháng 01 năm 2026"
    assert doc.title == "Nghị quyết số 05/NQ-VKSGL"
    assert doc.file_stem == "nghi-quyet-05-nq-vksgl"


def test_authority_bases_and_formula_open_the_body(sample):
    body = compose_paper("resolution", sample("resolution")).body
    assert (body[0].role, body[0].text) == (
        "authority", "ỦY BAN KIỂM SÁT VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI")
    bases = [b for b in body if b.role == "basis"]
    assert len(bases) == 4
    assert bases[0].text == ("Căn cứ Luật Tổ chức Viện kiểm sát nhân dân ngày 24 tháng 11 "
                             "năm 2014;")
    assert bases[-1].text == "Theo kết quả phiên họp Ủy ban kiểm sát ngày 14 tháng 01 năm 2026."
    formula = body[len(bases) + 1]
    assert (formula.role, formula.text) == ("formula", "QUYẾT NGHỊ:")


def test_articles_are_bold_and_the_text_ends_once(sample):
    body = compose_paper("resolution", sample("resolution")).body
    articles = [b for b in body if b.text.startswith("Điều ")]
    assert [a.runs[0].text for a in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert all(a.runs[0].bold and not a.runs[1].bold for a in articles)
    assert body[-1].text.endswith("chịu trách nhiệm thi hành Nghị quyết này./.")
    assert sum(b.text.count("./.") for b in body) == 1


def test_signed_for_the_collective(sample):
    doc = compose_paper("resolution", sample("resolution"))
    assert doc.signature.title_lines == ("TM. ỦY BAN KIỂM SÁT", "VIỆN TRƯỞNG")
    assert doc.signature.name == "Lê Văn Minh"
    assert doc.signature_fields == ("signer",)
    assert doc.recipients.items[-1] == "- Lưu: VT, VP."


def test_a_head_resolving_alone_is_named_by_title(sample):
    data = sample("resolution")
    data["signer"] = {"title": "Viện trưởng", "name": "Lê Văn Minh"}
    doc = compose_paper("resolution", data)
    assert doc.body[0].text == "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI"
    data["authority"] = "Hội nghị công chức, người lao động Viện kiểm sát nhân dân tỉnh Gia Lai"
    assert compose_paper("resolution", data).body[0].text == (
        "HỘI NGHỊ CÔNG CHỨC, NGƯỜI LAO ĐỘNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI")


def test_appendices_are_numbered_and_refer_to_the_resolution(sample):
    doc = compose_paper("resolution", sample("resolution"))
    first, second = doc.appendices
    assert first.heading_lines == ("Phụ lục I", "CHỈ TIÊU THI ĐUA CỦA CÁC ĐƠN VỊ NĂM 2026")
    assert second.heading_lines == ("Phụ lục II", "TỶ LỆ KHEN THƯỞNG NĂM 2026")
    reference = ("(Kèm theo Nghị quyết số 05/NQ-VKSGL ngày 15 tháng 01 năm 2026 của Ủy ban "
                 "kiểm sát Viện kiểm sát nhân dân tỉnh Gia Lai)")
    assert first.reference_line == second.reference_line == reference
    assert isinstance(first.body[0], Table)
    assert (first.body[-1].role, first.body[-1].text) == ("end_mark", "./.")
    assert second.body[-1].text.endswith("số công chức, người lao động của đơn vị./.")
    assert first.header is None and first.sections == ()


def test_one_appendix_alone_has_no_number_and_may_have_no_title(sample):
    data = sample("resolution")
    data["appendices"] = [{"body": "Nội dung phụ lục."}]
    [only] = compose_paper("resolution", data).appendices
    assert only.heading_lines == ("Phụ lục",)


def test_a_draft_leaves_number_and_date_blank_in_the_reference(sample):
    data = sample("resolution")
    del data["number"], data["date"]
    doc = compose_paper("resolution", data)
    assert doc.header.number_line.startswith("Số:") and "/NQ-VKSGL" in doc.header.number_line
    line = doc.appendices[0].reference_line
    assert line.startswith("(Kèm theo Nghị quyết số") and "/NQ-VKSGL ngày" in line
    assert "05/NQ" not in line


def test_appendices_the_text_does_not_cite_are_refused(sample):
    data = sample("resolution")
    data["body"] = "Điều 1. Thống nhất các nhiệm vụ trọng tâm năm 2026."
    with pytest.raises(InputError) as err:
        compose_paper("resolution", data)
    assert err.value.errors[0].type == "appendix_not_cited"
    assert "chỉ dẫn tới phụ lục" in err.value.errors[0].msg


def test_bases_are_required(sample):
    data = sample("resolution")
    data["bases"] = []
    with pytest.raises(InputError) as err:
        compose_paper("resolution", data)
    assert err.value.errors[0].loc == ("bases",)


def test_numbered_from_the_nq_sequence(sample):
    catalog = load_catalog()
    kind = KINDS["resolution"]
    assert kind.types == ("NQ",) and kind.registered
    assert kind.symbol(validate("resolution", sample("resolution"), catalog=catalog),
                       catalog) == ("NQ-VKSGL", "NQ")
