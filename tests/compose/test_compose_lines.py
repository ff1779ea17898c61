"""Line breaks of header and signature names, decided by compose with the shipped fonts'
metrics: the usual names stay on one line, a long one breaks between words at a
sensible point (before the place), never leaving one word alone."""

from __future__ import annotations

import pytest

from docgen import style
from docgen.compose import lines
from docgen.compose.common import header
from docgen.model.common import Issuer
from tests.compose.names import PROVINCES

AGENCY = style.HEADER_STYLES["agency"]
PARENT = style.HEADER_STYLES["parent"]


def test_width_is_measured_with_the_shipped_fonts():
    # Liberation Serif Bold, 13 pt: the widths Times New Roman has (metric twin).
    assert lines.width_mm("VIỆN KIỂM SÁT NHÂN DÂN", 13, bold=True) == pytest.approx(61.2, abs=0.2)
    assert lines.width_mm("VIỆN", 13) < lines.width_mm("VIỆN", 13, bold=True)


@pytest.mark.parametrize("name", ["VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "NGÀNH KIỂM SÁT NHÂN DÂN",
                                  "CỤM THI ĐUA SỐ 8", "KHỐI THI ĐUA SỐ 2"])
def test_usual_parent_names_stay_on_one_line(name):
    assert lines.break_lines(name, style.HEADER_LEFT_MM, PARENT) == (name,)


@pytest.mark.parametrize("province", PROVINCES)
def test_each_provincial_procuracy_breaks_before_its_province(province):
    name = f"VIỆN KIỂM SÁT NHÂN DÂN {province}"
    expected = ("VIỆN KIỂM SÁT NHÂN DÂN", province)
    assert lines.break_lines(name, style.HEADER_LEFT_MM, AGENCY) == expected
    assert lines.break_lines(name, style.HEADER_LEFT_MM, PARENT) == expected


def test_a_long_name_never_leaves_one_word_alone():
    text = "PHÒNG THỰC HÀNH QUYỀN CÔNG TỐ VÀ KIỂM SÁT XÉT XỬ PHÚC THẨM ÁN HÌNH SỰ"
    broken = lines.break_lines(text, style.GRID_TEXT_MM, style.HEADER_STYLES["signature_unit"])
    assert len(broken) > 1
    assert all(len(line.split()) > 1 for line in broken)
    assert " ".join(broken) == text
    assert all(lines.fits(line, style.GRID_TEXT_MM, style.HEADER_STYLES["signature_unit"])
               for line in broken)


def test_spaced_hyphen_is_never_a_break():
    broken = lines.break_lines("VIỆN KIỂM SÁT NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU",
                               style.HEADER_LEFT_MM, AGENCY)
    assert broken == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH BÀ RỊA - VŨNG TÀU")


def test_the_inputs_own_line_breaks_are_kept():
    h = header(Issuer(name="Viện kiểm sát nhân dân\ntối cao", place="Hà Nội"),
               symbol=None, number=None, on=None)
    assert h.agency_lines == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỐI CAO")


@pytest.mark.parametrize(("place", "wide"), [("Hà Nội", False), ("Gia Lai", False),
                                              ("Thành phố Hồ Chí Minh", True)])
def test_place_and_date_cell_widens_only_when_the_line_needs_it(place, wide):
    from datetime import date

    h = header(Issuer(name="Văn phòng", place=place), symbol=None, number=None,
               on=date(2025, 12, 28))
    assert h.place_date_wide is wide
    width = style.HEADER_PLACE_DATE_WIDE_MM if wide else style.HEADER_RIGHT_MM
    assert lines.fits(h.place_date_line, width, style.HEADER_STYLES["place_date"])


def test_a_long_summary_breaks_into_even_lines(sample):
    from docgen.service import compose_paper

    doc = compose_paper("directive", sample("directive"))
    assert doc.summary == ("Về phát động phong trào thi đua yêu nước",
                           "trong ngành Kiểm sát nhân dân năm 2026")
    assert doc.subject == sample("directive")["subject"]


def test_a_very_long_summary_is_filled_in_order_quickly():
    import time

    from docgen.compose.common import summary_lines

    text = "Về việc " + "tặng Bằng khen cho các tập thể và cá nhân " * 45  # ~1,900 characters
    started = time.perf_counter()
    broken = summary_lines(text)
    assert time.perf_counter() - started < 2
    assert " ".join(broken) == " ".join(text.split())
    assert all(lines.fits(line, style.A4.text_width_mm, style.HEADER_STYLES["summary"])
               for line in broken)
