"""Pledge agreement composition: bloc header, bases, signature grid."""

from __future__ import annotations

import pytest

from docgen.errors import InputError
from docgen.service import compose_paper


def test_header_puts_the_bloc_under_its_parent(sample):
    doc = compose_paper("pledge", sample("pledge"))
    # Wider than the header's column at 12 pt: broken before the province, not after it.
    assert doc.header.parent_lines == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH GIA LAI")
    assert doc.header.agency_lines == ("KHỐI THI ĐUA SỐ 2",)
    assert doc.header.number_line is None
    assert doc.header.place_date_line == "Gia Lai, ngày 04 tháng 02 năm 2026"


def test_title_and_year(sample):
    doc = compose_paper("pledge", sample("pledge"))
    assert doc.type_name == "GIAO ƯỚC THI ĐUA"
    assert doc.summary == ("NĂM 2026",)


def test_bases_end_with_semicolons_then_a_full_stop(sample):
    bases = [p.text for p in compose_paper("pledge", sample("pledge")).body if p.role == "basis"]
    assert len(bases) == 4
    assert bases[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert bases[-1].endswith("năm 2026.")


def test_grid_has_two_blocks_a_row_and_a_lone_last(sample):
    grid = compose_paper("pledge", sample("pledge")).signature_grid
    assert grid.heading == "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC"
    assert [len(r) for r in grid.rows] == [2, 2, 1]
    leader = grid.rows[0][0]
    assert leader.unit_lines == ("THANH TRA",)
    assert leader.role_line == "KHỐI TRƯỞNG"
    assert grid.rows[1][1].title_lines == ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")


def test_leader_comes_first_whatever_the_input_order(sample):
    data = sample("pledge")
    data["members"].reverse()
    grid = compose_paper("pledge", data).signature_grid
    assert grid.rows[0][0].role_line == "KHỐI TRƯỞNG"
    assert grid.rows[0][1].role_line == "KHỐI PHÓ"


def test_witness_block(sample):
    grid = compose_paper("pledge", sample("pledge")).signature_grid
    assert grid.witness_heading == "CHỨNG KIẾN"
    assert grid.witness.unit_lines == ("VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI",)
    assert grid.witness.name == "Đặng Văn Sơn"


def test_signature_fields_one_per_member_and_witness(sample):
    doc = compose_paper("pledge", sample("pledge"))
    assert doc.signature_fields == ("member-01", "member-02", "member-03", "member-04",
                                    "member-05", "witness")


@pytest.mark.parametrize("count", [2, 40])
def test_two_to_forty_members(sample, count):
    data = sample("pledge")
    base = data["members"][2]
    data["members"] = [dict(base, unit=f"Phòng {i}") for i in range(1, count + 1)]
    grid = compose_paper("pledge", data).signature_grid
    assert sum(len(r) for r in grid.rows) == count


def test_forty_one_members_are_refused(sample):
    data = sample("pledge")
    data["members"] = [data["members"][2]] * 41
    with pytest.raises(InputError) as exc:
        compose_paper("pledge", data)
    assert exc.value.errors[0].loc == ("members",)


def test_optional_symbol_gives_a_number_line(sample):
    data = sample("pledge")
    data["symbol"] = "GƯTĐ-K2"
    data["number"] = 1
    assert compose_paper("pledge", data).header.number_line == "Số: 01/GƯTĐ-K2"
