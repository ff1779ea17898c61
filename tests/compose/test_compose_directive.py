"""Directive composition: header, summary, body markup, closing."""

from __future__ import annotations

from docgen.service import compose_paper


def test_header_and_number_line(sample):
    doc = compose_paper("directive", sample("directive"))
    assert doc.type_name == "CHỈ THỊ"
    assert doc.header.number_line == "Số: 02/CT-VKSTC"
    assert doc.header.place_date_line == "Hà Nội, ngày 26 tháng 12 năm 2025"
    assert doc.header.agency_lines == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỐI CAO")
    assert doc.header.national_name == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert doc.header.motto == "Độc lập - Tự do - Hạnh phúc"


def test_body_has_headings_and_dash_items(sample):
    doc = compose_paper("directive", sample("directive"))
    heading = next(p for p in doc.body if p.text.startswith("1. Đổi mới"))
    assert heading.role == "section"  # a heading (bold by its style), not bold body text
    items = [p.text for p in doc.body if p.role == "list_item"]
    assert items[0] == "- nâng cao chất lượng thực hành quyền công tố, kiểm sát hoạt động tư pháp;"
    assert len(items) == 3


def test_theme_is_bold_inside_the_opening_paragraph(sample):
    doc = compose_paper("directive", sample("directive"))
    bold = [r.text for r in doc.body[0].runs if r.bold]
    assert bold == ["“Đoàn kết, kỷ cương, đổi mới, hiệu quả, hoàn thành xuất sắc nhiệm vụ năm 2026”"]


def test_content_ends_with_end_mark(sample):
    doc = compose_paper("directive", sample("directive"))
    assert doc.body[-1].text.endswith("báo cáo Viện trưởng./.")


def test_recipients_punctuation(sample):
    doc = compose_paper("directive", sample("directive"))
    assert doc.recipients.heading == "Nơi nhận:"
    assert doc.recipients.items[0] == "- Ban cán sự đảng Viện kiểm sát nhân dân tối cao (để b/c);"
    assert doc.recipients.items[-1] == "- Lưu: VT, VP."


def test_signature_block(sample):
    doc = compose_paper("directive", sample("directive"))
    assert doc.signature.title_lines == ("VIỆN TRƯỞNG",)
    assert doc.signature.name == "Trần Minh Khoa"


def test_file_name_is_an_ascii_slug(sample):
    doc = compose_paper("directive", sample("directive"))
    assert doc.file_stem == "chi-thi-02-ct-vkstc"
    assert doc.title == "Chỉ thị số 02/CT-VKSTC"


def test_markup_html_stays_literal_text(sample):
    data = sample("directive")
    data["body"] = "Phòng 1 & 2 <Tổng hợp> \"trích\""
    doc = compose_paper("directive", data)
    assert doc.body[0].text == "Phòng 1 & 2 <Tổng hợp> \"trích\"./."


def test_decomposed_input_is_normalised_to_nfc(sample):
    import unicodedata

    data = sample("directive")
    data["signer"]["name"] = unicodedata.normalize("NFD", "Trần Minh Khoa")
    doc = compose_paper("directive", data)
    assert doc.signature.name == unicodedata.normalize("NFC", "Trần Minh Khoa")
