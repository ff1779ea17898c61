"""A commendation round's page in Debian's Chromium: the council's secretary enters the
votes of 25 nominees with the keyboard alone (a number, Enter, the next nominee), the rate
and the outcome of each show as they type and agree with the server's check; the votes are
saved, "Kiểm tra" lists the results and "Tạo hồ sơ" links the drafts. A unit's clerk pastes
nominations from a spreadsheet. axe finds nothing at 1366x768 and 390x844; screenshots go
to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.http.context import services
from docgen.service import check_round
from docgen.services.accounts.identity import Actor
from tests.conftest import CHEAP_HASHING, TEST_PASSWORD
from tests.helpers import load_json_sample, serving
from tests.web.conftest import looked_at, windows
from tests.web.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.browser

#: The votes the secretary types, one per nominee: some reach the threshold, some do not.
VOTES = [7, 6, 5, 4, 3, 7, 7, 2, 6, 5] * 2 + [7, 4, 6, 3, 7]
NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lâm", "Minh", "Ngọc",
         "Oanh", "Phúc", "Quân", "Sơn", "Thảo", "Uyên", "Vân", "Xuân", "Yến", "Đạt",
         "Hiếu", "Kiên", "Loan", "Nhàn", "Tâm"]


def nominations() -> list[dict[str, Any]]:
    return [{"award": "lao_dong_tien_tien", "proposed_by": "Phòng 1",
             "person": {"name": f"Nguyễn Văn {name}", "gender": "nam",
                        "position": "Kiểm sát viên", "unit": "Phòng 1",
                        "recruited": "2015-09-01"}}
            for name in NAMES]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A live server with VKS Hưng Yên's council secretary and a unit's clerk, and a round
    of 25 nominations whose meeting is recorded without votes: (base URL, round id)."""
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("rounds-data"),
                              secret_key="rounds-browser-test", **CHEAP_HASHING))
    accounts(app).add_user("hoa", "Phạm Thu Hoa", "VKSHY", ["council"], TEST_PASSWORD)
    accounts(app).add_user("binh", "Lê Văn Bình", "VKSHY", ["clerk"], TEST_PASSWORD,
                           unit="Phòng 2")
    rounds = services(app).rounds
    secretary = Actor(login="hoa", name="Phạm Thu Hoa", agency="vks-hung-yen",
                      roles=frozenset({"council"}))
    ex = load_json_sample("council-minutes")
    rid = rounds.create({"year": 2026, "title": "Bình xét thi đua, khen thưởng năm 2026",
                         "council": ex["council"], "proposal": ex["proposal"]}, secretary).id
    for n in nominations():
        rounds.add_nomination(rid, n, secretary)
    version = rounds.get(rid, secretary).round.version
    rounds.record_meeting(rid, {"version": version, "meeting": ex["meeting"]}, secretary)
    with serving(app) as url:
        yield url, rid
    app.extensions["docgen"].close()


@pytest.fixture
def browse(browser, office):  # type: ignore[no-untyped-def]
    """``browse("hoa")``: a signed-in tab at 1366x768; JavaScript or CSP errors fail."""
    with windows(browser, office[0]) as open_window:
        def open_as(login: str):  # type: ignore[no-untyped-def]
            page = open_window()
            sign_in_as(page, office[0], login, TEST_PASSWORD)
            return page

        yield open_as



def expected_outcomes() -> list[bool]:
    ex = load_json_sample("council-minutes")
    doc = {**ex, "nominations": [{**n, "votes": v}
                                 for n, v in zip(nominations(), VOTES, strict=True)]}
    return [r.passed for r in check_round(doc).results]


def test_the_secretary_enters_25_votes_by_keyboard_and_sees_each_outcome(
        browse, office, screenshot) -> None:  # type: ignore[no-untyped-def]
    base, rid = office
    page = browse("hoa")
    page.goto(f"{base}/rounds/{rid}")
    inputs = page.locator("#vote-grid input.votes")
    assert inputs.count() == 25
    first = inputs.nth(0).get_attribute("id")
    for _ in range(200):  # Tab from the top of the page to the first nominee's box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == first:
            break
    else:
        pytest.fail("Tab never reached the vote grid")
    for i, votes in enumerate(VOTES):  # Enter and Tab both go to the next nominee
        page.keyboard.type(str(votes))
        page.keyboard.press("Enter" if i % 2 == 0 else "Tab")
        if i < 24:
            assert page.evaluate("document.activeElement.id") == \
                inputs.nth(i + 1).get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "save-meeting"

    passed = expected_outcomes()
    assert True in passed and False in passed
    last = inputs.nth(24).get_attribute("id").split("-")[1]
    expect(page.locator(f"#outcome-{last}")).not_to_have_text("—")
    outcomes = page.locator("#vote-grid .outcome").all_text_contents()
    assert [o == "Đạt" for o in outcomes] == passed
    assert all(o == "Đạt" or o.startswith("Không đạt: ") for o in outcomes)
    rates = page.locator("#vote-grid .percent").all_text_contents()
    assert rates[:2] == ["100 %", "85,71 %"] and all(r.endswith(" %") for r in rates), rates
    looked_at(page, screenshot, "round-votes")

    page.keyboard.press("Enter")  # the save button has the focus
    page.wait_for_selector(".state-meeting")
    assert [inputs.nth(i).input_value() for i in range(25)] == [str(v) for v in VOTES]

    page.click("#check-round")
    page.wait_for_selector("#check-result table")
    assert page.locator("#check-result").inner_text().startswith(
        f"{sum(passed)}/25 đề nghị đạt.")
    page.click("#make-drafts")
    page.wait_for_selector("#round-papers a")
    links = page.locator("#round-papers a")
    assert links.count() >= 2  # the minutes, the council's proposal, the decision
    assert links.nth(0).get_attribute("href").startswith("/registry/")
    looked_at(page, screenshot, "round-papers")
    with page.expect_download() as zipped:
        page.click("#dossier-zip")
    assert zipped.value.suggested_filename == "Hồ sơ xét khen thưởng năm 2026.zip"


def test_a_units_clerk_pastes_nominations_of_their_unit(
        browse, office, screenshot) -> None:  # type: ignore[no-untyped-def]
    base, _ = office
    page = browse("hoa")
    page.goto(f"{base}/rounds/")
    page.fill("#open-title", "Khen thưởng chuyên đề năm 2026")
    page.click("button:has-text('Mở đợt xét')")
    page.wait_for_selector("#council-form")
    rid = page.url.rstrip("/").rsplit("/", 1)[1]

    clerk = browse("binh")
    clerk.goto(f"{base}/rounds/{rid}")
    assert clerk.locator("#meeting-form").count() == 0  # the council's, not the units'
    assert clerk.locator("#n-proposed").input_value() == "Phòng 2"
    clerk.click(".paste-box summary")
    clerk.fill("#paste-rows", "STT\tHọ và tên\tGiới tính\tChức vụ\tĐơn vị công tác\tNgày tuyển dụng\t"
                              "Danh hiệu\n"
                              "1\tTrần Văn Bảo\tNam\tKiểm tra viên\tPhòng 2\t01/09/2012\t"
                              "Lao động tiên tiến\tHoàn thành tốt nhiệm vụ\n"
                              "2\tĐỗ Thị Cúc\tnữ\tChuyên viên\tPhòng 2\t\t"
                              "không có danh hiệu này\t\n")
    clerk.click("#paste-add")
    clerk.wait_for_selector("#paste-note li")
    said = clerk.locator("#paste-note").inner_text()
    assert "Đã thêm 1 dòng; 1 dòng chưa thêm được" in said
    assert "Dòng 2 (Đỗ Thị Cúc): Hình thức khen thưởng: không có" in said
    assert "Đỗ Thị Cúc" in clerk.locator("#paste-rows").input_value()
    looked_at(clerk, screenshot, "round-clerk-paste")
    clerk.reload()
    rows = clerk.locator("#nominations tbody tr")
    assert rows.count() == 1 and "Trần Văn Bảo" in rows.nth(0).inner_text()
    assert "Phòng 2" in rows.nth(0).inner_text()


def test_a_units_clerk_imports_the_filled_xlsx_template(
        browse, office, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base, _ = office
    page = browse("hoa")
    page.goto(f"{base}/rounds/")
    page.fill("#open-title", "Khen thưởng chuyên đề quý IV năm 2026")
    page.click("button:has-text('Mở đợt xét')")
    page.wait_for_selector("#council-form")
    rid = page.url.rstrip("/").rsplit("/", 1)[1]

    clerk = browse("binh")
    clerk.goto(f"{base}/rounds/{rid}")
    clerk.click("#xlsx-box summary")
    with clerk.expect_download() as got:
        clerk.click("text=Tải mẫu XLSX")
    template = tmp_path / "mau.xlsx"
    got.value.save_as(template)
    wb = load_workbook(template)
    ws = wb["Đề nghị"]
    ws.delete_rows(2)
    ws.append([1, "Trần Văn Bảo", None, "Nam", "Kiểm tra viên", "Phòng 2", "01/09/2012",
               "Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ"])
    ws.append([2, "Đỗ Thị Cúc", None, "nữ", "Chuyên viên", "Phòng 2", None,
               "không có danh hiệu này", None])
    wb.save(template)

    clerk.set_input_files("#xlsx-file", str(template))
    clerk.click("#xlsx-add")
    clerk.wait_for_selector("#xlsx-note li")
    said = clerk.locator("#xlsx-note").inner_text()
    assert "Đã thêm 1 dòng; 1 dòng chưa thêm được" in said
    assert "Dòng 3 (Hình thức khen thưởng): không có hình thức khen thưởng" in said
    assert "“không có danh hiệu này” trong danh mục" in said
    looked_at(clerk, screenshot, "round-clerk-xlsx")
    clerk.click("text=Tải lại trang để xem các đề nghị đã thêm")
    clerk.wait_for_load_state()
    rows = clerk.locator("#nominations tbody tr")
    expect(rows).to_have_count(1)
    assert "Trần Văn Bảo" in rows.nth(0).inner_text() and "Phòng 2" in rows.nth(0).inner_text()

    # The nomination's achievement report, typed on the page: kept, and said in the table.
    clerk.click("#report-box summary")
    clerk.fill("#r-place", "Hưng Yên")
    clerk.fill("#r-achievements", "")
    clerk.click("#report-save")
    expect(clerk.locator("#round-alert")).to_contain_text("Thành tích đạt được")
    clerk.fill("#r-duties", "Kiểm sát điều tra các vụ án hình sự")
    clerk.fill("#r-achievements", "Năm 2026 kiểm sát 42 vụ, **không có án bị hủy**.")
    clerk.fill("#r-cert-title", "Trưởng phòng")
    clerk.fill("#r-cert-name", "Lê Văn Nam")
    looked_at(clerk, screenshot, "round-clerk-report")
    clerk.click("#report-save")
    clerk.wait_for_load_state()
    expect(clerk.locator("#nominations tbody tr").nth(0)).to_contain_text(
        "Có báo cáo thành tích")
    clerk.click("#report-box summary")
    expect(clerk.locator("#r-cert-name")).to_have_value("Lê Văn Nam")  # filled by its script

    # Or the signed report as a file: a file that is not PDF or Word is refused, a PDF kept.
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"not a pdf")
    clerk.set_input_files("#report-file", str(fake))
    clerk.click("#report-file-save")
    expect(clerk.locator("#round-alert")).to_contain_text("phải là tệp PDF hoặc Word")
    scan = tmp_path / "bao-cao-da-ky.pdf"
    scan.write_bytes(b"%PDF-1.4\ntrailer << >>\n%%EOF\n")
    clerk.set_input_files("#report-file", str(scan))
    clerk.click("#report-file-save")
    clerk.wait_for_load_state()
    expect(clerk.locator("#nominations tbody tr").nth(0)).to_contain_text(
        "Tệp báo cáo đính kèm (PDF)")
    clerk.click("#report-box summary")
    expect(clerk.locator("#report-file-now")).to_contain_text("Đã đính kèm: bao-cao-da-ky.pdf")
    looked_at(clerk, screenshot, "round-clerk-report-file")
