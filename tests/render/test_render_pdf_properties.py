"""File properties and outline of the PDF: title, author (the agency), subject (the
summary), language, and the body headings as bookmarks."""

from __future__ import annotations

import io

import pikepdf
import pytest

from tests.helpers import PAPER_KINDS

EXPECTED = {
    "directive": ("Chỉ thị số 02/CT-VKSTC", "Viện kiểm sát nhân dân tối cao",
                  "Về phát động phong trào thi đua yêu nước"),
    "pledge": ("Giao ước thi đua năm 2026 - Khối thi đua số 2", "Khối thi đua số 2", "NĂM 2026"),
    "award-decision": ("Quyết định số 15/QĐ-VKSHY", "Viện kiểm sát nhân dân tỉnh Hưng Yên",
                       'Về việc công nhận danh hiệu "Chiến sĩ thi đua cơ sở"'),
    "resolution": ("Nghị quyết số 05/NQ-VKSGL", "Viện kiểm sát nhân dân tỉnh Gia Lai",
                   "Về nhiệm vụ trọng tâm công tác thi đua, khen thưởng năm 2026"),
    "issuing-decision": ("Quyết định số 15/QĐ-VKSGL", "Viện kiểm sát nhân dân tỉnh Gia Lai",
                         "Ban hành Quy chế thi đua, khen thưởng của Viện kiểm sát nhân dân"),
    "administrative": ("Kế hoạch số 12/KH-VKSGL", "Viện kiểm sát nhân dân tỉnh Gia Lai",
                       "Công tác thi đua, khen thưởng năm 2026"),
    "official-letter": ("Công văn số 231/VKSHY-VP", "Viện kiểm sát nhân dân tỉnh Hưng Yên",
                        "V/v Đề nghị các đơn vị gửi hồ sơ"),
    "minutes": ("Biên bản số 05/BB-VKSHY", "Viện kiểm sát nhân dân tỉnh Hưng Yên",
                "Họp Hội đồng Thi đua - Khen thưởng"),
    "cluster-scores": ("Bảng tổng hợp kết quả chấm điểm thi đua năm 2026 - Khối thi đua số 2",
                       "Khối thi đua số 2", "NĂM 2026"),
    "cluster-minutes": ("Biên bản họp bình xét, suy tôn thi đua năm 2026 - Khối thi đua số 2",
                        "Khối thi đua số 2", "Họp bình xét, suy tôn thi đua năm 2026"),
    "council-minutes": ("Biên bản BB-VKSHY (chưa có số)", "Viện kiểm sát nhân dân tỉnh Hưng Yên",
                        "Họp Hội đồng Thi đua - Khen thưởng"),
    "award-proposal": ("Tờ trình TTr-VKSHY (chưa có số)", "Viện kiểm sát nhân dân tỉnh Hưng Yên",
                       "Về việc đề nghị khen thưởng"),
    "achievement-report": ("Báo cáo thành tích - Nguyễn Thị Hồng Nhung - Chiến sĩ thi đua cơ "
                           "sở năm 2026", "Nguyễn Thị Hồng Nhung",
                           'Đề nghị công nhận danh hiệu "Chiến sĩ thi đua cơ sở" năm 2026'),
}


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_title_author_subject_and_language(pdf_files, kind):
    title, author, subject = EXPECTED[kind]
    with pikepdf.open(io.BytesIO(pdf_files[kind])) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == title
        assert str(info["/Author"]) == author
        assert str(info["/Subject"]).startswith(subject)
        assert str(pdf.Root.Lang) == "vi-VN"
        with pdf.open_metadata() as xmp:  # PDF/A: the XMP says the same
            assert xmp["dc:title"] == title


def test_body_headings_are_bookmarks(pdf_files):
    with pikepdf.open(io.BytesIO(pdf_files["pledge"])) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG GIAO ƯỚC THI ĐUA",
                      "III. TỔ CHỨC THỰC HIỆN"]


def test_chapters_of_an_issued_text_are_bookmarks(pdf_files):
    """The quy chế a decision issues: each ``Chương`` is a bookmark (its articles sit under
    it in the text, not beside it in the outline)."""
    with pikepdf.open(io.BytesIO(pdf_files["issuing-decision"])) as pdf, \
            pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == ["Chương I", "Chương II", "Chương III"]
