"""The register books: the outgoing-paper register and the sổ vàng per agency and year, as
rows and as XLSX; registered certificates found by search and on the command line."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from docgen.cli import main
from docgen.errors import NotFoundError
from docgen.services.registry import registers
from docgen.services.registry.registers import (
    RegisterLayoutError,
    certificate_register,
    find_certificates,
    outgoing_register,
    register_book,
    register_years,
    to_xlsx,
)
from tests.helpers import load_json_sample
from tests.registry.conftest import SYS


@pytest.fixture
def outgoing(registry, issue_paper):  # type: ignore[no-untyped-def]
    """Hưng Yên: decisions 01 (revoked) and 02 in 2026, one in 2025, a draft; VKSTC: a
    directive."""
    first = issue_paper("award-decision", on=date(2026, 1, 5))
    registry.revoke(first.id, "ghi nhầm tên", SYS)
    issue_paper("award-decision", on=date(2026, 3, 2),
                changes={"drafter": "PL.(30)", "recipients": ["Như Điều 3"]})
    issue_paper("award-decision", on=date(2025, 12, 30))
    registry.create_draft("award-decision", load_json_sample("award-decision"), SYS)
    issue_paper("directive", on=date(2026, 1, 6))
    return registry


@pytest.mark.slow
def test_outgoing_register_lists_the_agency_s_papers_of_the_year_in_order(outgoing):
    book = outgoing_register(outgoing.sessions, "vks-hung-yen", 2026)
    assert [r["number_symbol"] for r in book.rows] == ["01/QĐ-VKSHY", "02/QĐ-VKSHY"]
    first, second = book.rows
    assert first["date"] == date(2026, 1, 5)
    assert first["type_summary"] == ('Quyết định về việc công nhận danh hiệu "Chiến sĩ thi '
                                     'đua cơ sở" năm 2025')
    assert first["signer"] == "Bùi Thanh Tùng"
    assert first["recipients"] == ("Như Điều 3; Viện kiểm sát nhân dân tối cao (Văn phòng) "
                                   "(để b/c); Lãnh đạo Viện")
    assert first["archive"] == "VT, VP"
    # Three recipients and two archive copies; or the drafter's mark "PL.(30)".
    assert (first["copies"], second["copies"]) == (5, 30)
    assert first["notes"] == "Đã thu hồi: ghi nhầm tên" and second["notes"] == ""
    assert book.subtitle == "Viện kiểm sát nhân dân tỉnh Hưng Yên - Năm 2026"
    assert [r["number_symbol"] for r in outgoing_register(
        outgoing.sessions, "vkstc", 2026).rows] == ["01/CT-VKSTC"]
    assert register_years(outgoing.sessions, "di", "vks-hung-yen") == [2026, 2025]


def test_certificate_register_has_unit_award_and_decision(registry, register_certificates):
    register_certificates()
    book = certificate_register(registry.sessions, "vkstc", 2026)
    assert [r["register_number"] for r in book.rows] == [1, 2, 3]
    row = book.rows[0]
    assert row["recipient"] == "Ông Nguyễn Văn Bình"
    assert row["unit"] == "Kiểm sát viên cao cấp, Viện kiểm sát nhân dân cấp cao 1"
    assert row["award"].startswith("Bằng khen")
    # The batch cited a decision outside this registry: the book says so.
    assert row["decision"] == "125/QĐ-VKSTC ngày 20/01/2026 (ngoài hệ thống)"
    assert row["date"] == date(2026, 1, 20)
    assert book.rows[2]["recipient"].startswith("Phòng Thực hành quyền công tố")
    assert certificate_register(registry.sessions, "vkstc", 2025).rows == ()
    assert certificate_register(registry.sessions, "vks-hung-yen", 2026).rows == ()


@pytest.mark.slow
def test_xlsx_has_title_vietnamese_headers_widths_and_rows(outgoing):
    book = register_book(outgoing.sessions, "di", "vks-hung-yen", 2026)
    ws = load_workbook(io.BytesIO(to_xlsx(book))).active
    assert ws["A1"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and ws["A1"].font.bold
    assert "A1:H1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "Viện kiểm sát nhân dân tỉnh Hưng Yên - Năm 2026"
    assert [c.value for c in ws[3]] == book.headers
    assert book.headers[:3] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
                                "Tên loại và trích yếu nội dung văn bản"]
    assert [ws.cell(row=4 + i, column=1).value for i in range(2)] == ["01/QĐ-VKSHY",
                                                                      "02/QĐ-VKSHY"]
    # A real date, sorted and filtered as one, shown the Vietnamese way.
    assert ws["B4"].value == datetime(2026, 1, 5) and ws["B4"].number_format == "DD/MM/YYYY"
    assert ws.column_dimensions["C"].width == 48
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"


def test_an_unknown_book_or_column_is_refused(registry, tmp_path, monkeypatch):
    with pytest.raises(NotFoundError, match="không có sổ"):
        register_book(registry.sessions, "den", "vkstc", 2026)
    bad = tmp_path / "registers.yaml"
    bad.write_text(registers.LAYOUTS.read_text(encoding="utf-8").replace(
        "key: signer", "key: signature"), encoding="utf-8")
    monkeypatch.setattr(registers, "LAYOUTS", bad)
    registers.layouts.cache_clear()
    try:
        with pytest.raises(RegisterLayoutError, match="signature"):
            registers.layouts()
    finally:
        monkeypatch.undo()
        registers.layouts.cache_clear()


def test_registered_certificates_are_found_by_name_number_code_and_agency(
        registry, register_certificates):
    certs = register_certificates()
    sessions = registry.sessions
    assert [c.recipient for c in find_certificates(sessions, q="lò thị")[0]] == ["Bà Lò Thị Mai"]
    assert [c.register_number for c in find_certificates(sessions, q="2")[0]] == [2]
    assert [c.id for c in find_certificates(sessions, q=certs[2].verify_code.lower())[0]] == \
        [certs[2].id]
    items, total = find_certificates(sessions, agency="vkstc", year=2026)
    assert total == 3 and [c.register_number for c in items] == [3, 2, 1]  # newest first
    assert find_certificates(sessions, agency="vks-hung-yen")[1] == 0


@pytest.fixture
def cli(tmp_path: Path, monkeypatch) -> CliRunner:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    return CliRunner()


def test_cli_exports_books_and_lists_certificates(cli, tmp_path, register_certificates):
    from docgen.config import Settings
    from docgen.services.root import Services

    reg = Services(Settings.from_env()).registry
    register_certificates(reg)
    out = tmp_path / "so-vang.xlsx"
    result = cli.invoke(main, ["registers", "export", "--book", "so-vang", "--agency", "VKSTC",
                               "--year", "2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 dòng" in result.output
    ws = load_workbook(out).active
    assert ws["A1"].value == "SỔ VÀNG" and ws["B4"].value == "Ông Nguyễn Văn Bình"
    listed = cli.invoke(main, ["certificates", "list", "-q", "Mai"])
    assert listed.exit_code == 0, listed.output
    assert "Bà Lò Thị Mai" in listed.output and "20/01/2026" in listed.output
    assert listed.output.splitlines()[0].split()[0] == "2"  # its register number
    assert "1 bằng" in listed.output
    wrong = cli.invoke(main, ["registers", "export", "--book", "di", "--agency", "XYZ",
                              "-o", str(out)])
    assert wrong.exit_code == 2 and "không có cơ quan 'XYZ'" in wrong.stderr


def test_a_pledge_reads_as_type_and_year_and_lists_every_signer(registry, issue_paper):
    pledge = issue_paper("pledge", on=date(2026, 2, 10))
    row = outgoing_register(registry.sessions, pledge.agency, 2026).rows[0]
    assert row["type_summary"] == "Giao ước thi đua năm 2026"
    assert row["date"] == date(2026, 2, 10)
    assert len(row["signer"].split(", ")) >= 2  # one name per member who signs
