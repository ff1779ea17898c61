"""Công văn (Mẫu 1.5): no type name, V/v under the number, the agency-unit symbol,
Kính gửi, Nơi nhận beginning ``- Như trên;``."""

from __future__ import annotations

from docgen.service import compose_paper


def test_letter_header_symbol_and_about(sample):
    doc = compose_paper("official-letter", sample("official-letter"))
    assert doc.type_name == ""
    assert doc.header.number_line == "Số: 231/VKSHY-VP"
    assert " ".join(doc.header.about_lines) == ("V/v Đề nghị các đơn vị gửi hồ sơ đề nghị "
                                                "khen thưởng năm 2026")
    assert doc.title == "Công văn số 231/VKSHY-VP"
    assert doc.file_stem == "cong-van-231-vkshy-vp"


def test_addressees_and_recipients(sample):
    doc = compose_paper("official-letter", sample("official-letter"))
    assert [b.text for b in doc.body[:3]] == [
        "Kính gửi:", "- Các đơn vị thuộc Viện kiểm sát nhân dân tỉnh;",
        "- Viện kiểm sát nhân dân khu vực 1, 2, 3."]
    assert doc.recipients.items == ("- Như trên;", "- Lãnh đạo Viện (để b/c);", "- Lưu: VT, VP.")
    assert doc.signature.title_lines == ("TL. VIỆN TRƯỞNG", "CHÁNH VĂN PHÒNG")
    assert doc.body[-1].text.endswith("không đề nghị khen thưởng./.")


def test_as_above_is_added_once(sample):
    data = {**sample("official-letter"), "recipients": ["Lãnh đạo Viện"],
            "to": ["Văn phòng Viện kiểm sát nhân dân tối cao"], "about": "V/v: báo cáo."}
    doc = compose_paper("official-letter", data)
    assert doc.recipients.items[0] == "- Như trên;"
    assert doc.body[0].text == "Kính gửi: Văn phòng Viện kiểm sát nhân dân tối cao."
    assert doc.header.about_lines == ("V/v báo cáo",)


def test_without_a_unit_the_symbol_is_the_agencys(sample):
    data = sample("official-letter")
    del data["unit_symbol"]
    assert compose_paper("official-letter", data).header.number_line == "Số: 231/VKSHY"
