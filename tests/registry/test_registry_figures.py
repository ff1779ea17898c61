"""The year's figures: counts of individuals and collectives by award and unit, from the
award decisions the registry issued in the year (a revoked one, another year's and another
agency's not counted), as a workbook and as JSON, read by whom the permission table says."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from docgen.cli.commands import main
from docgen.config import Settings
from docgen.http.context import services
from docgen.services.accounts.identity import Actor, system_actor
from docgen.services.registry.figures import to_xlsx, year_figures
from docgen.services.registry.papers import Registry
from tests.helpers import load_json_sample

SYS = system_actor()
GIA_LAI = {"name": "Viện kiểm sát nhân dân\ntỉnh Gia Lai", "symbol": "VKSGL", "place": "Gia Lai"}
LDTT, TTLDTT, GIAY_KHEN = "lao_dong_tien_tien", "tap_the_lao_dong_tien_tien", "giay_khen"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def person(name: str, unit: str) -> dict[str, str]:
    return {"name": name, "gender": "nam", "position": "Kiểm tra viên", "unit": unit}


def issue(reg: Registry, award: str, on: date, *, individuals: list[dict[str, str]] = (),
          collectives: list[dict[str, str]] = (), issuer: dict[str, str] | None = None,
          period: str | None = "năm 2025") -> int:
    data: dict[str, Any] = load_json_sample("award-decision") | {
        "award": award, "individuals": list(individuals), "collectives": list(collectives)}
    data.pop("number", None)
    if period is None:
        data.pop("period", None)
    else:
        data["period"] = period
    if issuer is not None:
        data["issuer"] = issuer
    draft = reg.create_draft("award-decision", data, SYS)
    reg.submit(draft.id, SYS)
    reg.approve(draft.id, SYS)
    return reg.issue(draft.id, SYS, on=on).id


def issue_the_year(reg: Registry) -> None:
    """Hưng Yên's 2026: Lao động tiên tiến for three people (two in Phòng 1, written in
    two ways), Tập thể lao động tiên tiến for two collectives, a Giấy khen for one person
    and one collective; a revoked decision, a decision of 2025 and one of Gia Lai."""
    issue(reg, LDTT, date(2026, 1, 5), individuals=[
        person("Nguyễn Văn An", "Phòng 1"), person("Trần Thị Bình", "phòng  1"),
        person("Lê Văn Cường", "Phòng 2")])
    issue(reg, TTLDTT, date(2026, 1, 6), collectives=[
        {"name": "Phòng 7"}, {"name": "Văn phòng"}])
    issue(reg, GIAY_KHEN, date(2026, 6, 1), period=None,
          individuals=[person("Phạm Văn Dũng", "Phòng 1")],
          collectives=[{"name": "Đội Kiểm sát", "unit": "Phòng 2"}])
    revoked = issue(reg, LDTT, date(2026, 2, 1), individuals=[person("Hồ Văn Em", "Phòng 1")])
    reg.revoke(revoked, "ban hành nhầm", SYS)
    issue(reg, LDTT, date(2025, 1, 6), individuals=[person("Ngô Văn Giang", "Phòng 1")])
    issue(reg, LDTT, date(2026, 1, 7), issuer=GIA_LAI,
          individuals=[person("Đinh Văn Hải", "Phòng 1")])


def column(ws: Worksheet, award: str, object_: str) -> int:
    """The column of ``award``'s ``object_`` (Cá nhân / Tập thể) in the header rows."""
    for cell in ws[6]:
        if cell.value == award:
            # The award's header spans its object columns: find the object under it.
            for col in range(cell.column, cell.column + 2):
                if ws.cell(7, col).value == object_:
                    return col
    raise AssertionError(f"no column {award} / {object_}")


def row(ws: Worksheet, label: str) -> int:
    for r in range(8, ws.max_row + 1):
        if ws.cell(r, 2).value == label or ws.cell(r, 1).value == label:
            return r
    raise AssertionError(f"no row {label}")


@pytest.fixture
def hy_year(registry: Registry) -> Registry:
    issue_the_year(registry)
    return registry


@pytest.mark.slow
def test_counts_by_unit_and_award_from_issued_decisions(hy_year: Registry, catalog) -> None:
    figures = year_figures(hy_year.sessions, SYS, 2026, "vks-hung-yen", catalog)
    assert figures.decisions == 3  # the revoked one, 2025's and Gia Lai's are not counted
    units = {u.unit: u for u in figures.units}
    assert set(units) == {"Phòng 1", "Phòng 2", "Phòng 7", "Văn phòng"}
    assert units["Phòng 1"].of(LDTT).individuals == 2  # "phòng  1" is Phòng 1
    assert units["Phòng 1"].of(GIAY_KHEN).individuals == 1
    assert units["Phòng 2"].of(GIAY_KHEN).collectives == 1  # the team counts in its unit
    assert units["Phòng 7"].of(TTLDTT).collectives == 1
    assert figures.total(LDTT).individuals == 3
    assert (figures.total().individuals, figures.total().collectives) == (4, 3)


@pytest.mark.slow
def test_the_workbook_cells(hy_year: Registry, catalog) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(
        year_figures(hy_year.sessions, SYS, 2026, "vks-hung-yen", catalog))))
    ws = wb["Theo đơn vị"]
    assert ws["A1"].value == "SỐ LIỆU THI ĐUA, KHEN THƯỞNG NĂM 2026"
    assert ws["A1"].font.name == "Times New Roman"
    ldtt = column(ws, "Lao động tiên tiến", "Cá nhân")
    ttldtt = column(ws, "Tập thể lao động tiên tiến", "Tập thể")
    gk_people, gk_units = column(ws, "Giấy khen", "Cá nhân"), column(ws, "Giấy khen", "Tập thể")
    p1, p2, p7, total = row(ws, "Phòng 1"), row(ws, "Phòng 2"), row(ws, "Phòng 7"), \
        row(ws, "Tổng số")
    assert ws.cell(p1, ldtt).value == 2 and ws.cell(p1, gk_people).value == 1
    assert ws.cell(p2, ldtt).value == 1 and ws.cell(p2, gk_units).value == 1
    assert ws.cell(p7, ttldtt).value == 1
    assert ws.cell(total, ldtt).value == 3 and ws.cell(total, ttldtt).value == 2
    # The "Tổng số" columns: collectives, then individuals.
    assert (ws.cell(total, 3).value, ws.cell(total, 4).value) == (3, 4)
    assert ws.cell(p1, 3).font.b is False and ws.cell(total, 3).font.b is True
    form = wb["Theo biểu 0602, 0603"]
    assert [form.cell(r, 4).value for r in (8, 9, 10)] == [7, 3, 4]
    assert [form.cell(r, 2).value for r in (8, 9, 10)] == ["01", "02", "05"]


def test_a_unit_typed_as_a_formula_stays_text(registry: Registry, catalog) -> None:
    issue(registry, LDTT, date(2026, 1, 5), individuals=[person("Nguyễn Văn An",
                                                                "=HYPERLINK(\"x\")")])
    ws = load_workbook(io.BytesIO(to_xlsx(
        year_figures(registry.sessions, SYS, 2026, "vks-hung-yen", catalog))))["Theo đơn vị"]
    cell = ws.cell(row(ws, '=HYPERLINK("x")'), 2)
    assert cell.data_type == "s"


@pytest.mark.slow
def test_the_top_agency_sees_the_agencies_below(hy_year: Registry, catalog) -> None:
    figures = year_figures(hy_year.sessions, SYS, 2026, "vkstc", catalog)
    assert [c for c, _ in figures.agencies] == ["vkstc", "vks-hung-yen", "vks-gia-lai"]
    assert figures.total(LDTT, "vks-gia-lai").individuals == 1
    assert figures.total(LDTT).individuals == 4
    # A VKSTC leader who does not see every agency reads VKSTC's own only.
    leader = Actor("lanh-dao", "Lãnh đạo", "vkstc", frozenset({"leader"}))
    own = year_figures(hy_year.sessions, leader, 2026, None, catalog)
    assert [c for c, _ in own.agencies] == ["vkstc"] and own.total().individuals == 0


# -- over HTTP and the command line -------------------------------------------------------


@pytest.fixture
def app_year(app):  # type: ignore[no-untyped-def]
    issue_the_year(services(app).registry)
    return app


@pytest.mark.slow
def test_api_answers_the_workbook_and_json(app_year, client_as: Callable[..., Any]) -> None:
    records = client_as(["records"])
    resp = records.get("/api/v1/figures?year=2026")
    assert resp.status_code == 200 and resp.mimetype == XLSX
    ws = load_workbook(io.BytesIO(resp.data))["Theo đơn vị"]
    assert ws.cell(row(ws, "Phòng 1"), column(ws, "Lao động tiên tiến", "Cá nhân")).value == 2
    data = client_as(["leader"]).get("/api/v1/figures?year=2026",
                                     headers={"Accept": "application/json"}).json
    assert data["decisions"] == 3 and data["totals"]["all"] == {"individuals": 4,
                                                                "collectives": 3}
    assert data["totals"]["awards"][LDTT] == {"individuals": 3, "collectives": 0}
    assert data["units"][0]["unit"] == "Phòng 1"


@pytest.mark.slow
def test_api_refuses_whom_the_table_refuses(app_year, client_as: Callable[..., Any],
                                            anon) -> None:  # type: ignore[no-untyped-def]
    assert anon.get("/api/v1/figures?year=2026").status_code == 401
    clerk = client_as(["clerk"]).get("/api/v1/figures?year=2026")
    assert clerk.status_code == 403 and "số liệu" in clerk.json["message"]
    other = client_as(["records"]).get("/api/v1/figures?year=2026&agency=vks-gia-lai")
    assert other.status_code == 404
    bad = client_as(["records"]).get("/api/v1/figures?year=abc")
    assert bad.status_code == 422
    admin = client_as(["admin"])
    assert admin.get("/api/v1/figures?year=2026&agency=vks-khong-co").status_code == 404
    top = admin.get("/api/v1/figures?year=2026&agency=vkstc",
                    headers={"Accept": "application/json"}).json
    assert top["totals"]["awards"][LDTT]["individuals"] == 4


@pytest.mark.slow
def test_the_books_page_links_the_figures(app_year, client_as: Callable[..., Any]) -> None:
    page = client_as(["records"]).get("/registry/books/so-vang?year=2026").get_data(
        as_text=True)
    assert 'id="year-figures"' in page and "/api/v1/figures?year=2026" in page


@pytest.mark.slow
def test_cli_writes_the_workbook(app_year, settings: Settings, tmp_path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(settings.data_dir))
    out = tmp_path / "so-lieu.xlsx"
    result = CliRunner().invoke(main, ["figures", "--year", "2026", "--agency", "VKSHY",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 quyết định, 4 lượt cá nhân, 3 lượt tập thể" in result.output
    ws = load_workbook(out)["Theo đơn vị"]
    assert ws.cell(row(ws, "Tổng số"), column(ws, "Lao động tiên tiến", "Cá nhân")).value == 3
