"""The cluster's summary table: landscape, a row per section and criterion, a column per
member, totals and ranks, the legend and the leading unit; the XLSX writes text as text."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from docgen.compose.cluster_scores import widths
from docgen.render import xlsx
from docgen.service import compose_paper


def test_header_title_and_orientation(sample):
    doc = compose_paper("cluster-scores", sample("cluster-scores"))
    assert doc.orientation == "landscape"
    assert doc.header.agency_lines == ("KHỐI THI ĐUA SỐ 2",)
    assert doc.header.number_line is None
    assert doc.header.place_date_line == "Gia Lai, ngày 15 tháng 12 năm 2026"
    assert doc.type_name == "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA"
    assert doc.summary == ("NĂM 2026",)
    assert doc.signature.title_lines == ("TM. KHỐI THI ĐUA SỐ 2", "KHỐI TRƯỞNG")
    assert doc.signature.name == "Thái Văn Mừng"


def test_table_rows_columns_totals_and_ranks(sample):
    table = compose_paper("cluster-scores", sample("cluster-scores")).table
    assert [c.header for c in table.columns] == ["STT", "Tiêu chí", "Điểm tối đa",
                                                "VP", "TT", "P8", "P11", "P15"]
    rows = {r.cells[0] or r.cells[1]: r for r in table.rows}
    assert rows["I"].bold and rows["I"].cells[1] == "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHUYÊN MÔN"
    assert rows["1"].cells[2:] == ("30", "14,4", "30", "18,33", "15", "23,33")
    assert rows["8"].cells[2:] == ("-10", "0", "0", "0", "-5", "0")  # a penalty, signed
    assert rows["3"].cells[1] == "Kiến nghị, kháng nghị được chấp nhận (2 điểm/lần)"
    assert rows["TỔNG CỘNG"].cells[2:] == ("96", "61,4", "92", "61,33", "39", "70,33")
    assert rows["XẾP HẠNG"].cells[3:] == ("3", "1", "4", "5", "2")
    assert rows["1"].numbers[3:] == (14.4, 30.0, 18.33, 15.0, 23.33)
    notes = [p.text for p in table.notes]
    assert notes[0].startswith("Ghi chú: VP: Văn phòng tổng hợp; TT: Thanh tra")
    assert notes[1].startswith("Đơn vị dẫn đầu: Thanh tra") and notes[1].endswith("(92 điểm).")


def test_a_tie_is_written_for_the_meeting(sample):
    data = sample("cluster-scores")
    data["results"]["P15"] = dict(data["results"]["TT"])
    notes = [p.text for p in compose_paper("cluster-scores", data).table.notes]
    assert not any(n.startswith("Đơn vị dẫn đầu") for n in notes)
    assert any("bằng điểm nhau (92 điểm)" in n and "quyết định" in n for n in notes)


@pytest.mark.parametrize("members", [5, 10, 15])
def test_columns_fit_the_landscape_text_block(members):
    from docgen import style
    from docgen.compose.cluster_scores import MAX_MM, NUMBER_MM

    member, criterion = widths(members)
    assert member >= style.WIDE_FIGURE_MM and criterion >= 45
    assert NUMBER_MM + MAX_MM + criterion + member * members == pytest.approx(
        style.LANDSCAPE.page.text_width_mm)


def test_xlsx_has_numbers_and_user_text_never_a_formula(sample):
    data = sample("cluster-scores")
    data["members"][0]["code"] = "=1+1"
    data["results"]["=1+1"] = data["results"].pop("VP")
    data["criteria"][0]["children"][1]["name"] = '=HYPERLINK("http://x","y")'
    out = xlsx.render(compose_paper("cluster-scores", data))
    ws = load_workbook(io.BytesIO(out)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "=1+1" in texts and '=HYPERLINK("http://x","y")' in texts
    assert 23.33 in {c.value for c in cells}  # P15's first criterion, a number
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows is not None
