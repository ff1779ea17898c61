"""Award proposal composition (Tờ trình, Mẫu 1.4 with Kính gửi): to the agency's head or to
the higher level, the round in numbers, the request and the list attached."""

from __future__ import annotations

import pytest

from docgen.compose.document import Paragraph
from docgen.errors import InputError
from docgen.service import compose_paper


def texts(doc):
    return [b.text for b in doc.body if isinstance(b, Paragraph)]


def test_the_councils_proposal_to_the_head(sample):
    data = sample("award-proposal")
    data["proposal_to"] = "agency"
    doc = compose_paper("award-proposal", data)
    assert doc.header.number_line == "Số:      /TTr-VKSHY"
    assert doc.type_name == "TỜ TRÌNH"
    lines = texts(doc)
    assert lines[0] == "Kính gửi: Viện trưởng Viện kiểm sát nhân dân tỉnh Hưng Yên."
    assert lines[1].startswith("Căn cứ Luật Tổ chức Viện kiểm sát nhân dân")
    assert "- Danh hiệu \"Lao động tiên tiến\": 14 đề nghị, 14 đạt;" in lines
    assert ("- Công nhận danh hiệu \"Lao động tiên tiến\" năm 2026 cho 14 cá nhân (có danh sách "
            "kèm theo);") in lines
    assert lines[-1].endswith("xem xét, quyết định./.")
    assert doc.signature.title_lines == ("TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                                         "ỦY VIÊN THƯỜNG TRỰC") or \
        doc.signature.title_lines[-1] == "ỦY VIÊN THƯỜNG TRỰC"
    assert doc.signature.name == "Trần Thị Mai"
    titles = [s.title for s in doc.appendix.sections]
    assert titles[0] == 'I. DANH HIỆU "LAO ĐỘNG TIÊN TIẾN" (14)'
    assert "Bằng khen" not in " ".join(titles)  # proposed upward, not to the head


def test_the_agencys_proposal_to_the_higher_level(sample):
    doc = compose_paper("award-proposal", sample("award-proposal"))
    lines = texts(doc)
    assert lines[0] == "Kính gửi: Viện trưởng Viện kiểm sát nhân dân tối cao."
    assert any(t.startswith("Hồ sơ kèm theo:") for t in lines)
    assert doc.signature.name == "Bùi Thanh Tùng"
    (section,) = doc.appendix.sections
    assert section.rows == (("1", "Phòng Kiểm sát thi hành án hình sự (Phòng 7)", "Phòng 7",
                             "7/7 (100 %)"),)
    assert doc.appendix.reference_line.startswith("(Kèm theo Tờ trình số       /TTr-VKSHY")


def test_a_proposal_with_nothing_passed_is_refused(sample):
    data = sample("award-proposal")
    data["nominations"][-1]["votes"] = 1
    with pytest.raises(InputError) as refused:
        compose_paper("award-proposal", data)
    assert refused.value.errors[0].msg == "không có đề nghị nào đạt để trình cấp trên"
