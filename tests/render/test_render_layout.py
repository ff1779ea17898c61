"""Layout of the PDF measured on its pages: the pledge's signature grid inside the text
block, rows whole, the grid starting where the body ends; header names on one line."""

from __future__ import annotations

import pytest

from docgen import style
from docgen.render import pdf as pdf_renderer
from docgen.service import compose_paper
from tests.render.layout import (
    centre_of,
    glyphs_outside_margins,
    line_with,
    page_of,
    split_blocks,
)

NAMES = [f"Nguyễn Văn Thành {i:02d}" for i in range(1, 41)]


def pledge_pdf(data) -> bytes:
    return pdf_renderer.render(compose_paper("pledge", data), signature_fields=False)


@pytest.mark.slow
@pytest.mark.parametrize("members", [2, 3, 7, 13, 40])
def test_no_glyph_of_a_pledge_outside_the_margins(pledge_of, members):
    pdf = pledge_pdf(pledge_of(members))
    assert glyphs_outside_margins(pdf) == []
    # Every member's block is whole on one page (titles and name together).
    assert split_blocks(pdf, "VIỆN TRƯỞNG", [*NAMES[:members], "Đặng Văn Sơn"]) == []


@pytest.mark.slow
def test_grid_starts_on_the_page_where_the_body_ends(pledge_of):
    pdf = pledge_pdf(pledge_of(7))
    body_end = page_of(pdf, "bình xét thi đua vào cuối năm./.")
    assert page_of(pdf, "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC") == body_end
    assert page_of(pdf, NAMES[0]) == body_end  # the heading is not alone either


@pytest.mark.slow
def test_each_block_is_centred_in_its_half_and_a_lone_block_on_the_page(pledge_of):
    pdf = pledge_pdf(pledge_of(7))
    left, half = style.A4.margin_left_mm, style.GRID_CELL_MM
    assert centre_of(pdf, NAMES[0]) == pytest.approx(left + half / 2, abs=0.6)
    assert centre_of(pdf, NAMES[1]) == pytest.approx(left + 1.5 * half, abs=0.6)
    assert centre_of(pdf, NAMES[6]) == pytest.approx(left + half, abs=0.6)  # alone, last


def test_long_unit_names_wrap_inside_their_column(pledge_of):
    doc = compose_paper("pledge", pledge_of(6))
    unit = doc.signature_grid.rows[2][0].unit_lines
    assert len(unit) > 1 and all(len(line.split()) > 1 for line in unit)


@pytest.mark.slow
def test_header_names_and_the_place_and_date_stay_on_one_line(hcm_directive):
    pdf = pdf_renderer.render(compose_paper("directive", hcm_directive))
    assert "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO" in line_with(pdf, "VIỆN KIỂM SÁT NHÂN DÂN TỐI")["text"]
    assert "THÀNH PHỐ HỒ CHÍ MINH" in line_with(pdf, "THÀNH PHỐ HỒ")["text"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line_with(pdf, "CỘNG HÒA")["text"]
    place_date = line_with(pdf, "Thành phố Hồ Chí Minh, ngày")
    assert place_date["text"].endswith("ngày 28 tháng 12 năm 2025")
    assert glyphs_outside_margins(pdf) == []


def test_place_and_date_is_centred_under_the_motto(pdf_files):
    pdf = pdf_files["directive"]
    assert centre_of(pdf, "Hà Nội, ngày 26 tháng 12 năm 2025") == pytest.approx(
        centre_of(pdf, "Độc lập - Tự do - Hạnh phúc"), abs=0.6)


def test_stylesheet_keeps_headings_titles_and_rows_with_what_follows():
    import re

    css = pdf_renderer.stylesheet_source()

    def rule(selector: str) -> str:
        match = re.search(re.escape(selector) + r" \{([^}]*)\}", css)
        assert match, selector
        return match.group(1)

    for role in ("section", "subsection", "formula", "authority"):
        assert "break-after: avoid" in rule(f".r-{role}")
    assert "break-after: avoid" in rule(".sig-title, .sig-role")
    assert "break-after: avoid" in rule(".grid-heading")
    assert "break-inside: avoid" in rule(".grid-row")
    assert "break-inside: avoid" in rule(".closing")
    assert "break-inside: avoid" in rule(".witness")
