"""Council minutes composition (Decree 30, Mẫu 1.9): number without place and date, the
meeting's parts in order, the results by award, THƯ KÝ | CHỦ TỌA and Nơi nhận under them."""

from __future__ import annotations

from docgen.compose.document import Paragraph, Table
from docgen.service import compose_paper


def texts(doc):
    return [b.text for b in doc.body if isinstance(b, Paragraph)]


def test_header_has_the_number_and_no_place_and_date(sample):
    doc = compose_paper("council-minutes", sample("council-minutes"))
    assert doc.header.number_line == "Số:      /BB-VKSHY"
    assert doc.header.place_date_line == ""
    assert doc.type_name == "BIÊN BẢN"
    assert " ".join(doc.summary) == ("Họp Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân "
                                     "tỉnh Hưng Yên")


def test_the_meeting_in_the_order_of_the_form(sample):
    lines = texts(compose_paper("council-minutes", sample("council-minutes")))
    assert lines[0] == "Thời gian bắt đầu: 14 giờ 00, ngày 18 tháng 12 năm 2026."
    assert lines[1].startswith("Địa điểm: Phòng họp tầng 3")
    assert "có mặt 06/07 thành viên" in lines[2]
    assert ("- Lê Văn Nam, Trưởng phòng Phòng 1 - Ủy viên (lý do: đi công tác; có ý kiến bằng "
            "văn bản gửi Hội đồng);") in lines
    assert "Chủ trì (chủ tọa): Bùi Thanh Tùng, Viện trưởng - Chủ tịch Hội đồng." in lines
    assert ("Hội đồng tiến hành bỏ phiếu kín: số phiếu phát ra: 06; số phiếu thu về: 06; số "
            "phiếu hợp lệ: 06; ý kiến bằng văn bản của thành viên vắng mặt: 01.") in lines
    assert lines[-1] == "Cuộc họp kết thúc vào 16 giờ 30, ngày 18 tháng 12 năm 2026./."


def test_each_award_has_a_table_of_votes_and_results(sample):
    doc = compose_paper("council-minutes", sample("council-minutes"))
    tables = [b for b in doc.body if isinstance(b, Table)]
    assert len(tables) == 6
    assert cells(tables[0].rows[3]) == ("4", "Hoàng Thị Thủy", "Kiểm tra viên, Phòng 2", "6/7",
                                 "85,71 %", "Đạt")
    assert "1. Danh hiệu \"Lao động tiên tiến\": 14 đề nghị, 14 đạt" in texts(doc)


def test_a_failed_nomination_is_listed_with_its_result_and_reason(sample):
    data = sample("council-minutes")
    data["nominations"][9]["votes"] = 2
    doc = compose_paper("council-minutes", data)
    table = next(b for b in doc.body if isinstance(b, Table))
    assert cells(table.rows[9])[-1] == "Không đạt"
    assert ("- Lò Thị Mai: chưa đạt tỷ lệ phiếu: 2/7 phiếu (28,57 %), cần quá 50 % tổng số "
            "thành viên Hội đồng.") in texts(doc)
    # 13 Lao động tiên tiến left: one Chiến sĩ thi đua cơ sở at most, the other is over.
    assert "Không đề nghị 02 trường hợp không đạt theo lý do nêu trên." in texts(doc)
    assert any(t.startswith("- Ngô Minh Đức: vượt tỷ lệ") for t in texts(doc))


def test_secretary_left_chair_right_and_recipients_under_them(sample):
    doc = compose_paper("council-minutes", sample("council-minutes"))
    (secretary, chair), = doc.signature_grid.rows
    assert (secretary.title_lines, secretary.name) == (("THƯ KÝ",), "Phạm Thu Hà")
    assert (chair.title_lines, chair.name) == (("CHỦ TỌA",), "Bùi Thanh Tùng")
    assert not doc.signature_grid.heading
    assert doc.recipients.items == ("- Lưu: VT, Hồ sơ.",)


def cells(row):  # type: ignore[no-untyped-def]
    """A body table row as its cells' text."""
    return tuple(c.text for c in row)
