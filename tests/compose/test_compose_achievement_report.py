"""Achievement report composition: the decree's form for an individual and a collective,
without number, the two tables of what was received, the two signatures side by side."""

from __future__ import annotations

import pytest

from docgen.compose.document import Paragraph, Table
from docgen.errors import InputError
from docgen.service import compose_paper


def texts(doc):
    return [b.text for b in doc.body if isinstance(b, Paragraph)]


def test_a_persons_report(sample):
    doc = compose_paper("achievement-report", sample("achievement-report"))
    assert doc.header.number_line is None and doc.header.agency_lines == ()
    assert doc.header.place_date_line == "Hưng Yên, ngày 05 tháng 12 năm 2026"
    assert doc.type_name == "BÁO CÁO THÀNH TÍCH"
    assert doc.summary == ('Đề nghị công nhận danh hiệu "Chiến sĩ thi đua cơ sở" năm 2026',)
    sections = [b.text for b in doc.body if isinstance(b, Paragraph) and b.role == "section"]
    assert sections == ["I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"]
    assert "- Ngày, tháng, năm sinh: 12/04/1986" in texts(doc)
    titles, awards = [b for b in doc.body if isinstance(b, Table)]
    assert cells(titles.rows[0])[:2] == ("2024", "Lao động tiên tiến")
    assert cells(awards.rows[0])[0] == "2023"
    (left, right), = doc.signature_grid.rows
    assert left.title_lines == ("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "TRƯỞNG PHÒNG") or \
        left.title_lines[-1] == "TRƯỞNG PHÒNG"
    assert (left.name, right.name) == ("Lê Văn Nam", "Nguyễn Thị Hồng Nhung")
    assert right.title_lines == ("NGƯỜI BÁO CÁO THÀNH TÍCH",)


def test_a_collectives_report(sample):
    data = sample("achievement-report")
    for key in ("person", "duties", "titles", "awards"):
        data.pop(key)
    data.update({"for": "collective", "award": "tap_the_lao_dong_xuat_sac",
                 "issuer": {"parent": "Viện kiểm sát nhân dân tỉnh Hưng Yên",
                            "name": "Phòng 7", "place": "Hưng Yên"},
                 "collective": {"name": "Phòng Kiểm sát thi hành án hình sự (Phòng 7)",
                                "features": "Phòng có 08 biên chế."},
                 "head": {"title": "Trưởng phòng", "name": "Đặng Thu Hương"},
                 "certifier": {"title": "Viện trưởng", "name": "Bùi Thanh Tùng"}})
    doc = compose_paper("achievement-report", data)
    assert doc.header.agency_lines == ("PHÒNG 7",)
    assert texts(doc)[0] == "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    assert texts(doc).count("Không có.") == 2
    (left, right), = doc.signature_grid.rows
    assert right.title_lines[0] == "THỦ TRƯỞNG ĐƠN VỊ" and right.name == "Đặng Thu Hương"


def test_a_persons_report_needs_the_person(sample):
    data = sample("achievement-report")
    data.pop("person")
    with pytest.raises(InputError):
        compose_paper("achievement-report", data)


def cells(row):  # type: ignore[no-untyped-def]
    """A body table row as its cells' text."""
    return tuple(c.text for c in row)
