"""The DOCX renderer: page, fonts and formats as Word resolves them, tables, escaping."""

from __future__ import annotations

import io

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from docgen import style
from docgen.render import docx as docx_renderer
from docgen.service import compose_paper
from tests.helpers import PAPER_KINDS, docx_paragraph, docx_run_format, docx_text, page_mm


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_page_is_a4_with_decree_30_margins(docx_files, open_docx, kind):
    section = open_docx(docx_files[kind]).sections[0]
    # A wide table is laid out across the sheet, with the same margins (Decree 30).
    assert (round(section.page_width.mm), round(section.page_height.mm)) == page_mm(kind)
    # Word stores margins in twips: allow the rounding (15 mm is 14.99 mm).
    def within(value, low, high):
        return low - 0.05 <= value.mm <= high + 0.05

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)


@pytest.mark.parametrize(("text", "size", "bold", "italic"), [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (12, 13), True, False),
    ("Độc lập - Tự do - Hạnh phúc", (13, 14), True, False),
    ("Số: 15/QĐ-VKSHY", (13, 13), False, False),
    ("Hưng Yên, ngày 05 tháng 01 năm 2026", (13, 14), False, True),
    ("Nơi nhận:", (12, 12), True, True),
    ("- Như Điều 3;", (11, 11), False, False),
    ("QUYẾT ĐỊNH:", (13, 14), True, False),
    ("VIỆN KIỂM SÁT NHÂN DÂN", (12, 13), True, False),
])
def test_header_and_closing_formats(docx_files, open_docx, text, size, bold, italic):
    doc = open_docx(docx_files["award-decision"])
    font, pt, is_bold, is_italic = docx_run_format(doc, text)
    assert font == "Times New Roman"
    assert size[0] <= pt <= size[1]
    assert (is_bold, is_italic) == (bold, italic)


def test_body_is_justified_with_first_line_indent(docx_files, open_docx):
    doc = open_docx(docx_files["directive"])
    p = docx_paragraph(doc, "Thi đua phải gắn với kết quả thực hiện các chỉ tiêu nghiệp vụ theo "
                            "Nghị quyết của Quốc hội và yêu cầu của Ngành, trong đó chú trọng:")
    fmt = p.style.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10 <= fmt.first_line_indent.mm <= 12.7 + 0.1
    assert fmt.space_after.pt >= 6


def test_bold_and_italic_runs_survive(docx_files, open_docx):
    doc = open_docx(docx_files["directive"])
    p = next(p for p in doc.paragraphs if p.text.startswith("Năm 2026 là năm đầu"))
    bold = [r.text for r in p.runs if r.bold]
    assert bold and "Đoàn kết, kỷ cương, đổi mới" in bold[0]
    assert not p.runs[0].bold


def test_tables_are_fixed_layout_with_widths(docx_files, open_docx):
    doc = open_docx(docx_files["award-decision"])
    for table in doc.tables:
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
    header = doc.tables[0]
    assert [round(c.width.mm, 1) for c in header.columns] == [
        style.HEADER_NUMBER_MM, round(style.HEADER_LEFT_MM - style.HEADER_NUMBER_MM, 1),
        style.HEADER_RIGHT_MM]
    assert sum(c.width.mm for c in header.columns) == pytest.approx(style.A4.text_width_mm,
                                                                    abs=0.1)


def starts_a_section(block) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``block`` (an oxml paragraph or table) is the first of a section, which
    starts a new page: the block before it ends the previous one (a ``w:sectPr``)."""
    before = block.getprevious()
    return before is not None and before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def test_appendix_starts_on_a_new_page_with_repeated_header_row(docx_files, open_docx):
    doc = open_docx(docx_files["award-decision"])
    heading = docx_paragraph(doc, "DANH SÁCH")
    assert starts_a_section(heading._p)
    listing = doc.tables[-1]
    assert listing.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in listing.rows[0].cells] == ["STT", "Họ và tên",
                                                      "Chức vụ, đơn vị công tác"]
    assert len(listing.rows) == 7


def test_each_phu_luc_starts_a_page_with_its_label_title_and_reference(docx_files, open_docx):
    """Decree 30, Appendix I, III.1.b-c: ``Phụ lục I`` 14 pt bold, its title bold, the
    reference line italic 13-14 pt."""
    doc = open_docx(docx_files["resolution"])
    for label in ("Phụ lục I", "Phụ lục II"):
        p = docx_paragraph(doc, label)
        assert starts_a_section(p._p)
        assert docx_run_format(doc, label)[1:] == (14, True, False)
    reference = ("(Kèm theo Nghị quyết số 05/NQ-VKSGL ngày 15 tháng 01 năm 2026 của Ủy ban "
                 "kiểm sát Viện kiểm sát nhân dân tỉnh Gia Lai)")
    _, size, bold, italic = docx_run_format(doc, reference)
    assert 13 <= size <= 14 and italic and not bold
    assert docx_run_format(doc, "CHỈ TIÊU THI ĐUA CỦA CÁC ĐƠN VỊ NĂM 2026")[2]


def test_the_issued_text_opens_a_page_with_the_header_and_centred_chapters(docx_files,
                                                                           open_docx):
    doc = open_docx(docx_files["issuing-decision"])
    header = doc.tables[-2]  # the issued text's header, then its table of titles
    assert [c.text.splitlines()[0] for c in header.rows[0].cells] == [
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert starts_a_section(header._tbl)
    for text in ("Chương I", "QUY ĐỊNH CHUNG"):
        p = docx_paragraph(doc, text)
        assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert docx_run_format(doc, text)[2]
    assert "Số:" not in "".join(c.text for c in header.rows[0].cells)


def test_page_number_from_page_two(docx_files, open_docx):
    section = open_docx(docx_files["directive"]).sections[0]
    assert section.different_first_page_header_footer
    fields = section.header._element.findall(".//" + qn("w:fldSimple"))
    assert fields and fields[0].get(qn("w:instr")).strip() == "PAGE"
    assert section.first_page_header._element.findall(".//" + qn("w:fldSimple")) == []


def test_pledge_grid_has_every_member_and_the_witness(docx_files):
    text = docx_text(docx_files["pledge"])
    for name in ("Lê Văn Minh", "Hoàng Thị Thủy", "Nguyễn Hữu Phước", "Phạm Quốc Đạt",
                 "Võ Thị Ngọc Ánh", "Đặng Văn Sơn"):
        assert name in text
    assert "KHỐI TRƯỞNG" in text and "CHỨNG KIẾN" in text


def test_markup_characters_come_out_literally(sample, open_docx):
    data = sample("award-decision")
    data["individuals"][0]["unit"] = 'Phòng 1 & 2 <Tổng hợp> "trích"'
    data["signer"]["name"] = "Bùi <b>Tùng</b> & Co"
    out = docx_renderer.render(compose_paper("award-decision", data))
    text = docx_text(out)
    assert 'Phòng 1 & 2 <Tổng hợp> "trích"' in text
    assert "Bùi <b>Tùng</b> & Co" in text
    open_docx(out)  # re-opens


def test_draft_shows_the_mark_and_blank_number(sample):
    data = sample("directive")
    del data["number"], data["date"]
    data["draft"] = True
    text = docx_text(docx_renderer.render(compose_paper("directive", data)))
    assert "DỰ THẢO" in text
    assert "Số:      /CT-VKSTC" in text


def test_core_properties_carry_the_title(docx_files, open_docx):
    assert open_docx(docx_files["award-decision"]).core_properties.title == \
        "Quyết định số 15/QĐ-VKSHY"


def test_template_asks_only_for_names_the_renderer_gives():
    assert docx_renderer.template_variables() <= docx_renderer.CONTEXT_NAMES
    docx_renderer.check_template()


def test_every_docx_reopens(docx_files):
    from docx import Document

    for data in docx_files.values():
        Document(io.BytesIO(data))


def test_large_appendix_renders(sample):
    data = sample("award-decision")
    person = data["individuals"][0]
    data["individuals"] = [dict(person, name=f"Nguyễn Văn {i}") for i in range(300)]
    text = docx_text(docx_renderer.render(compose_paper("award-decision", data)))
    assert "Nguyễn Văn 299" in text
    assert "I. CÁ NHÂN (300)" in text


def test_two_thousand_recipients_in_the_list(sample):
    data = sample("award-decision")
    person = data["individuals"][0]
    data["award"] = "giay_khen"
    data["amounts_in_list"] = True
    data["individuals"] = [dict(person, name=f"Nguyễn Văn {i}") for i in range(1900)]
    data["collectives"] = [{"name": f"Phòng {i}"} for i in range(100)]
    out = docx_renderer.render(compose_paper("award-decision", data))
    from docx import Document

    doc = Document(io.BytesIO(out))
    individuals = doc.tables[-1]
    assert len(individuals.rows) == 1901
    assert [c.text for c in individuals.rows[-1].cells] == [
        "1900", "Nguyễn Văn 1899", "Kiểm sát viên trung cấp, Phòng 1", "710.000"]
    assert individuals.rows[-1].cells[3].paragraphs[0].alignment == 2  # right
