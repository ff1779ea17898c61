"""Papers with a type name (Mẫu 1.4 and alike): the type's name as title, the summary, the
symbol made of the type's abbreviation, ``Kính gửi`` where the type has it, the body with
its table, ``./.`` once."""

from __future__ import annotations

import pytest

from docgen.catalog import load_catalog
from docgen.compose.document import Table
from docgen.errors import InputError
from docgen.kinds import KINDS
from docgen.service import compose_paper


def test_plan_title_summary_and_symbol(sample):
    doc = compose_paper("administrative", sample("administrative"))
    assert doc.type_name == "KẾ HOẠCH"
    assert doc.summary == ("Công tác thi đua, khen thưởng năm 2026",)
    assert doc.header.number_line == "Số: 12/KH-VKSGL"
    assert doc.header.place_date_line == "Gia Lai, ngày 20 tháng 01 năm 2026"
    assert doc.title == "Kế hoạch số 12/KH-VKSGL"
    assert doc.file_stem == "ke-hoach-12-kh-vksgl"
    assert doc.signature.title_lines == ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")
    assert doc.recipients.items[-1] == "- Lưu: VT, VP."


def test_plan_body_has_headings_and_a_table_and_ends_once(sample):
    doc = compose_paper("administrative", sample("administrative"))
    roles = [b.role for b in doc.body]
    assert roles.count("section") == 3 and "table" in roles
    table = next(b for b in doc.body if isinstance(b, Table))
    assert [c.text for c in table.header_rows[0]] == ["STT", "Nội dung", "Thời gian",
                                                     "Đơn vị chủ trì"]
    assert len(table.rows) == 3 and table.rows[2][3].text == "Hội đồng Thi đua - Khen thưởng"
    # The widest column holds the longest texts; STT, a narrow one, is still wider than
    # its word.
    weights = [c.weight for c in table.columns]
    assert weights[1] == max(weights) and weights[0] == min(weights)
    assert doc.body[-1].text.endswith("báo cáo Viện trưởng./.")


@pytest.mark.parametrize(("abbr", "title"), [
    ("BC", "BÁO CÁO"), ("TTr", "TỜ TRÌNH"), ("QyĐ", "QUY ĐỊNH"), ("CTr", "CHƯƠNG TRÌNH"),
    ("GM", "GIẤY MỜI"), ("GGT", "GIẤY GIỚI THIỆU"), ("GNP", "GIẤY NGHỈ PHÉP"),
    ("PB", "PHIẾU BÁO"), ("GUQ", "GIẤY ỦY QUYỀN"), ("ĐA", "ĐỀ ÁN"),
])
def test_every_type_is_titled_and_numbered_by_its_abbreviation(sample, abbr, title):
    data = {**sample("administrative"), "type": abbr}
    doc = compose_paper("administrative", data)
    assert doc.type_name == title
    assert doc.header.number_line == f"Số: 12/{abbr}-VKSGL"


def test_report_sent_upward_names_its_addressee_on_one_line(sample):
    data = {**sample("administrative"), "type": "BC",
            "to": ["Viện kiểm sát nhân dân tối cao (Vụ Thi đua - Khen thưởng)"]}
    doc = compose_paper("administrative", data)
    assert doc.body[0].role == "addressee"
    assert doc.body[0].text == ("Kính gửi: Viện kiểm sát nhân dân tối cao "
                                "(Vụ Thi đua - Khen thưởng).")


def test_proposal_to_several_addressees_lines_them_up(sample):
    data = {**sample("administrative"), "type": "TTr",
            "to": ["Viện trưởng Viện kiểm sát nhân dân tối cao;", "Hội đồng Thi đua - Khen thưởng"]}
    body = compose_paper("administrative", data).body
    assert [b.text for b in body[:3]] == [
        "Kính gửi:", "- Viện trưởng Viện kiểm sát nhân dân tối cao;",
        "- Hội đồng Thi đua - Khen thưởng."]
    assert [b.role for b in body[:3]] == ["addressee", "addressee_item", "addressee_item"]


def test_a_plan_refuses_addressees(sample):
    data = {**sample("administrative"), "to": ["Viện kiểm sát nhân dân tối cao"]}
    with pytest.raises(InputError) as err:
        compose_paper("administrative", data)
    # A rule about the whole paper: the form sends the clerk to "to" (ERROR_TARGETS).
    assert err.value.errors[0].type == "addressees_not_for_type"
    assert "Kế hoạch không ghi phần Kính gửi" in err.value.errors[0].msg


def test_a_telegram_names_its_sender_and_needs_addressees(sample):
    data = {**sample("administrative"), "type": "CĐ", "to": ["Viện kiểm sát nhân dân khu vực"]}
    doc = compose_paper("administrative", data)
    assert doc.body[0].text == ("VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI điện: "
                                "Viện kiểm sát nhân dân khu vực.")
    with pytest.raises(InputError):
        compose_paper("administrative", {**data, "to": []})


def test_unknown_type_is_refused(sample):
    with pytest.raises(InputError) as err:
        compose_paper("administrative", {**sample("administrative"), "type": "XYZ"})
    assert err.value.errors[0].loc == ("type",)


def test_subject_is_optional(sample):
    data = {**sample("administrative"), "type": "GGT"}
    del data["subject"]
    assert compose_paper("administrative", data).summary == ()


@pytest.mark.parametrize(("typed", "printed"), [
    ("Văn phòng tổng hợp, báo cáo./.", "Văn phòng tổng hợp, báo cáo./."),
    ("Văn phòng tổng hợp, báo cáo.", "Văn phòng tổng hợp, báo cáo./."),
    ("Văn phòng tổng hợp, báo cáo", "Văn phòng tổng hợp, báo cáo./."),
    ("**Văn phòng tổng hợp**./.", "Văn phòng tổng hợp./."),
])
def test_end_mark_once_whatever_the_clerk_typed(sample, typed, printed):
    data = {**sample("administrative"), "body": typed}
    assert compose_paper("administrative", data).body[-1].text == printed


def test_a_body_ending_with_a_table_gets_the_end_mark_on_its_own_line(sample):
    data = {**sample("administrative"), "body": "Lịch:\n\n| A | B |\n| --- | --- |\n| 1 | 2 |"}
    body = compose_paper("administrative", data).body
    assert body[-2].role == "table"
    assert (body[-1].role, body[-1].text) == ("end_mark", "./.")


def test_the_kinds_types_the_models_choices_and_the_catalog_agree():
    from typing import get_args

    from docgen.model.administrative import AdministrativeType

    assert KINDS["administrative"].types == get_args(AdministrativeType)
    catalog = load_catalog()
    for kind in KINDS.values():
        assert set(kind.types) <= set(catalog.document_types), kind.name
    made = {t for kind in KINDS.values() for t in kind.types}
    # Every type of Article 7 that has a sample of its own in Appendix III is made.
    assert {a for a, t in catalog.document_types.items() if t.form} - made == set()


@pytest.mark.parametrize(("kind", "symbol", "sequence"), [
    ("administrative", "KH-VKSGL", "KH"), ("official-letter", "VKSHY-VP", "official-letter"),
    ("minutes", "BB-VKSHY", "BB"), ("directive", "CT-VKSTC", "CT"),
    ("award-decision", "QĐ-VKSHY", "QĐ"), ("resolution", "NQ-VKSGL", "NQ"),
    ("issuing-decision", "QĐ-VKSGL", "QĐ"),
    # a round's minutes and proposal: the types biên bản and tờ trình, as any other
    ("council-minutes", "BB-VKSHY", "BB"), ("award-proposal", "TTr-VKSHY", "TTr"),
])
def test_the_registry_numbers_by_the_kinds_symbol_rule(sample, kind, symbol, sequence):
    from docgen.service import validate
    from docgen.services.registry.numbering import sequence_key

    catalog = load_catalog()
    got = KINDS[kind].symbol(validate(kind, sample(kind), catalog=catalog), catalog)
    assert got == (symbol, sequence)
    assert sequence_key("per_type", got[1]) == sequence
    assert sequence_key("shared", got[1]) == "shared"


def test_kinds_list_says_which_types_each_makes(client):
    kinds = {k["name"]: k["types"] for k in client.get("/api/v1/kinds").json}
    assert kinds["directive"] == ["CT"] and kinds["award-decision"] == ["QĐ"]
    assert kinds["resolution"] == ["NQ"] and kinds["issuing-decision"] == ["QĐ"]
    assert kinds["official-letter"] == [] and "KH" in kinds["administrative"]


def test_a_plan_with_a_phu_luc_refers_to_it_and_names_the_agency(sample):
    data = sample("administrative")
    data["body"] += "\n\nChỉ tiêu cụ thể tại Phụ lục kèm theo Kế hoạch này."
    data["appendices"] = [{"title": "Chỉ tiêu thi đua", "body": "| STT | Chỉ tiêu |\n| --- | --- |\n| 1 | Án hình sự |"}]
    [annex] = compose_paper("administrative", data).appendices
    assert annex.heading_lines == ("Phụ lục", "CHỈ TIÊU THI ĐUA")
    assert annex.reference_line == ("(Kèm theo Kế hoạch số 12/KH-VKSGL ngày 20 tháng 01 năm "
                                    "2026 của Viện kiểm sát nhân dân tỉnh Gia Lai)")
    assert annex.body[-1].text == "./."


def test_a_letter_with_phu_luc_numbers_them(sample):
    data = sample("official-letter")
    data["body"] += "\n\nMẫu biểu tại Phụ lục I và Phụ lục II kèm theo."
    data["appendices"] = [{"body": "Mẫu 1."}, {"body": "Mẫu 2."}]
    first, second = compose_paper("official-letter", data).appendices
    assert (first.heading_lines, second.heading_lines) == (("Phụ lục I",), ("Phụ lục II",))
    assert first.reference_line.startswith("(Kèm theo Công văn số 231/VKSHY-VP ngày ")
    assert second.body[-1].text == "Mẫu 2./."


def test_a_phu_luc_the_paper_does_not_cite_is_refused(sample):
    data = sample("administrative")
    data["appendices"] = [{"body": "Nội dung."}]
    with pytest.raises(InputError) as err:
        compose_paper("administrative", data)
    assert err.value.errors[0].type == "appendix_not_cited"
