"""The minutes of the cluster's meeting (Decree 30 form 1.9): time, place, who attended,
chair and secretary, the scores by rank, the review that changed a result, the vote
against the catalog's threshold, the proposal, ``./.``, THƯ KÝ | CHỦ TỌA."""

from __future__ import annotations

import pytest

from docgen.errors import InputError
from docgen.service import compose_paper


def body(data) -> list[str]:
    return [p.text for p in compose_paper("cluster-minutes", data).body]


def test_frame_and_signatures(sample):
    doc = compose_paper("cluster-minutes", sample("cluster-minutes"))
    assert doc.type_name == "BIÊN BẢN"
    assert " ".join(doc.summary) == "Họp bình xét, suy tôn thi đua năm 2026 của Khối thi đua số 2"
    (row,) = doc.signature_grid.rows
    assert [(b.title_lines, b.name) for b in row] == [(("THƯ KÝ",), "Phạm Quốc Đạt"),
                                                      (("CHỦ TỌA",), "Thái Văn Mừng")]
    assert doc.signature_fields == ("secretary", "chair")
    assert doc.body[-1].text.endswith("nội dung biên bản./.")


def test_time_place_attendance_chair_secretary(sample):
    text = body(sample("cluster-minutes"))
    assert text[0] == "Thời gian: ngày 15 tháng 12 năm 2026."
    assert text[1] == "Địa điểm: Hội trường tầng 5, Viện kiểm sát nhân dân tỉnh Gia Lai."
    assert text[2] == ("Thành phần tham dự: đại diện lãnh đạo 05/05 đơn vị thành viên của "
                       "Khối thi đua số 2:")
    assert text[3] == "- Văn phòng tổng hợp: đồng chí Lê Văn Minh, Chánh Văn phòng;"
    assert "Chủ trì (chủ tọa): đồng chí Thái Văn Mừng, Chánh Thanh tra, Khối trưởng." in text
    assert "Thư ký: đồng chí Phạm Quốc Đạt, Chuyên viên Phòng 15." in text


def test_absent_members_are_named(sample):
    data = sample("cluster-minutes")
    data["meeting"]["attended"] = ["TT", "P8", "P11", "P15"]
    text = body(data)
    assert any("04/05 đơn vị" in t for t in text)
    assert "Vắng mặt: Văn phòng tổng hợp." in text


def test_scores_by_rank_and_the_review(sample):
    text = body(sample("cluster-minutes"))
    assert ("1. Thanh tra - Kiểm sát và giải quyết đơn khiếu nại, tố cáo trong hoạt động tư "
            "pháp: 92 điểm, xếp thứ 1;") in text
    assert "5. Phòng Kiểm sát thi hành án dân sự (Phòng 11): 39 điểm, xếp thứ 5." in text
    assert "Qua thẩm định, Khối trưởng đã chấm khác kết quả tự chấm của 01 tiêu chí:" in text
    assert ("- Phòng Kiểm sát việc tạm giữ, tạm giam và thi hành án hình sự (Phòng 8), tiêu "
            "chí 5 (Báo cáo thi đua đúng hạn, đầy đủ): đơn vị tự chấm đạt, Khối trưởng chấm "
            "không đạt (Báo cáo 6 tháng gửi chậm 5 ngày); đơn vị giải trình: Do thay đổi nhân "
            "sự phụ trách; kết quả cuối cùng: không đạt.") in text


def test_vote_met_names_the_basis_and_the_proposal(sample):
    text = " ".join(body(sample("cluster-minutes")))
    assert "được 05/05 thành viên bỏ phiếu suy tôn (đạt 100%)" in text
    assert ("Theo Điều 20 Thông tư số 01/2019/TT-VKSTC, đơn vị được suy tôn dẫn đầu phải được "
            "từ 80% số thành viên của Khối trở lên đồng ý (04/05).") in text
    assert ("là đơn vị dẫn đầu Khối thi đua số 2 năm 2026 và đề nghị Hội đồng Thi đua - Khen "
            "thưởng Viện kiểm sát nhân dân tỉnh Gia Lai xét, đề nghị tặng \"Cờ thi đua ngành "
            "Kiểm sát nhân dân\".") in text


def test_vote_missed_proposes_nothing(sample):
    data = sample("cluster-minutes")
    data["meeting"]["votes_for_leader"] = {"TT": 3}
    doc = compose_paper("cluster-minutes", data)
    text = " ".join(p.text for p in doc.body)
    assert "được 03/05 thành viên bỏ phiếu suy tôn (đạt 60%)" in text
    assert "chưa đạt tỷ lệ phiếu suy tôn theo quy định; cuộc họp chưa đề nghị tặng" in text
    assert doc.meta["vote_met"] == "false" and doc.meta["leader"] == ""


def test_minutes_need_a_meeting(sample):
    data = sample("cluster-minutes")
    del data["meeting"]
    with pytest.raises(InputError) as err:
        compose_paper("cluster-minutes", data)
    assert [e.path for e in err.value.errors] == ["meeting"]
