"""What a clerk can lose or leak on the pages, and what the pages failed to show (issue #17),
in Debian's Chromium: the decision's default legal bases are rows the clerk edits, not
values dropped when a row is added; browser drafts belong to the person signed in; an
unfinished draft is kept in the registry and refused at submission with its field errors;
a reopened draft shows its reward; the batch progress bar moves; the pages are reached by
keyboard (skip link, focusable scrolling regions) and pass axe at 1366x768 and 390x844."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import Workbook

from tests.conftest import TEST_PASSWORD
from tests.helpers import load_json_sample, pdf_text
from tests.web.conftest import VIEWPORTS, axe_violations, office_server, sideways_scroll, windows
from tests.web.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.browser

#: Who works here: a clerk and a whole office of VKS Hưng Yên, a clerk of VKSTC, an admin.
PEOPLE = {
    "lan": ("Nguyễn Thị Lan", "VKSHY", ["clerk"]),
    "tam": ("Đỗ Văn Tâm", "VKSHY", ["clerk", "leader", "records"]),
    "binh": ("Phạm Văn Bình", "VKSTC", ["clerk", "leader", "records"]),
    "quan": ("Lý Văn Quản", "VKSTC", ["admin"]),
}
FORM = "/papers/award-decision"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from office_server(tmp_path_factory, "kept", PEOPLE)


@pytest.fixture(scope="module")
def sessions() -> dict[str, Any]:
    """Each person's cookies, signed in once for the module (sign-in is rate-limited)."""
    return {}


@pytest.fixture
def visit(browser, office, sessions):  # type: ignore[no-untyped-def]
    """``visit(login)``: a fresh browser window (empty storage) of ``login``, signed in, at
    1366x768; JavaScript and CSP errors fail the test."""
    with windows(browser, office) as open_window:
        def open_as(login: str):  # type: ignore[no-untyped-def]
            # A fresh sign-in each time: signing out in one test ends every session of that
            # person (docgen/http/auth.py), so a session kept from an earlier test is dead.
            context = browser.new_context(locale="vi-VN")
            page = context.new_page()
            page.base = office
            sign_in(page, login)
            sessions[login] = context.storage_state()
            context.close()
            return open_window(storage_state=sessions[login])

        yield open_as


def sign_in(page, login: str) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(page, page.base, login, TEST_PASSWORD)


def open_form(page, sample: bool = False):  # type: ignore[no-untyped-def]
    page.goto(page.base + FORM)
    page.wait_for_selector("#fields fieldset")
    if sample:
        page.click("#load-sample")
        page.wait_for_selector("#form-status:has-text('Đã nạp dữ liệu mẫu')")
    return page


def until(page, expression: str, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    """Wait until ``expression`` is true in the page (page.wait_for_function would evaluate
    a string, which the pages' Content-Security-Policy forbids)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(f"() => Boolean({expression})"):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")


def values(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(selector).evaluate_all("els => els.map(e => e.value)")


def api(page, method: str, url: str, body: Any = None) -> Any:  # type: ignore[no-untyped-def]
    """A call to the JSON API as the signed-in person (session cookie and CSRF token)."""
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    resp = page.request.fetch(page.base + url, method=method, headers={
        "Content-Type": "application/json", "X-CSRFToken": token},
        data=json.dumps(body) if body is not None else None)
    assert resp.ok, resp.text()
    return resp.json()


def assert_clean(page, name: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        screenshot(page, f"kept-{name}-{size}")
        assert axe_violations(page) == [], f"{name} at {size}"
        assert sideways_scroll(page) == 0, f"{name} scrolls sideways at {size}"
    page.set_viewport_size(VIEWPORTS["wide"])


# -- the legal bases -------------------------------------------------------------------------

def test_default_bases_are_rows_and_an_added_basis_keeps_them(visit, screenshot):
    page = visit("lan")
    open_form(page, sample=True)  # dated 05/01/2026
    until(page, "document.querySelectorAll('[name=bases]').length === 4")
    bases = values(page, "[name=bases]")
    assert bases[0].startswith("Luật Tổ chức Viện kiểm sát nhân dân")
    assert any("152/2025/NĐ-CP" in b for b in bases)
    assert any("02/2024/TT-VKSTC" in b for b in bases)
    # Untouched, they follow the decision's date: before 01/07/2025, Decree 98/2023.
    date = page.locator("#fields input[name=date]").first
    date.fill("03/03/2025")
    date.press("Tab")
    until(page, "[...document.querySelectorAll('[name=bases]')]"
                           ".some(e => e.value.includes('98/2023/NĐ-CP'))")
    date.fill("05/01/2026")
    date.press("Tab")
    until(page, "[...document.querySelectorAll('[name=bases]')]"
                           ".some(e => e.value.includes('152/2025/NĐ-CP'))")
    # The clerk adds one basis: the four stay, the fifth follows them.
    page.get_by_role("button", name="+ Thêm căn cứ").click()
    page.locator("[name=bases]").nth(4).fill(
        "Kế hoạch số 10/KH-VKSHY ngày 02 tháng 01 năm 2026 của Viện kiểm sát nhân dân tỉnh "
        "Hưng Yên")
    screenshot(page, "kept-bases-added")
    with page.expect_download() as download:
        page.click("button.download[data-format=pdf]")
    text = " ".join(pdf_text(download.value.path().read_bytes()).split())
    for basis in ("Căn cứ Luật Tổ chức Viện kiểm sát nhân dân", "Luật Thi đua, khen thưởng",
                  "152/2025/NĐ-CP", "02/2024/TT-VKSTC", "Căn cứ Kế hoạch số 10/KH-VKSHY"):
        assert basis in text


def test_bases_left_as_shown_are_kept_as_defaults_and_an_emptied_list_stays_empty(visit):
    page = visit("lan")
    open_form(page, sample=True)
    until(page, "document.querySelectorAll('[name=bases]').length === 4")
    value = page.evaluate("SchemaForm.value(document.getElementById('paper-form').docgenRoot)")
    assert "bases" not in value  # the paper follows its date, as the issue notes expect
    for _ in range(4):
        page.get_by_role("button", name=re.compile(r"^Xóa Căn cứ 1$")).click()
    value = page.evaluate("SchemaForm.value(document.getElementById('paper-form').docgenRoot)")
    assert value["bases"] == []  # removed on purpose: never the defaults back unseen


# -- drafts in the browser belong to their person ------------------------------------------

def test_an_unsaved_draft_is_not_offered_to_the_next_person(visit):
    page = visit("lan")
    open_form(page, sample=True)
    page.goto(page.base + "/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#meta-sample")
    page.wait_for_selector("#batch-status:has-text('Đã nạp dữ liệu mẫu')")
    open_form(page)
    assert page.locator("#form-status").inner_text() == "Đã mở lại bản nháp chưa lưu."
    assert "Nguyễn Thị Hồng Nhung" in values(page, "[name=name]")
    # Signing out takes them away.
    page.click("form.who button[type=submit]")
    page.wait_for_url(re.compile(r"/login"))
    assert page.evaluate("Object.keys(localStorage)") == []
    # The next person (another agency's clerk) starts from nothing.
    sign_in(page, "binh")
    open_form(page)
    assert page.locator("#form-status").inner_text() == ""
    assert not [v for v in values(page, "[name=name]") if v]
    page.goto(page.base + "/batch")
    page.wait_for_selector("#fields fieldset")
    assert not [v for v in values(page, "#fields input[type=text]") if v.strip()]


def test_a_session_ended_without_signing_out_leaves_nothing_to_the_next_person(visit):
    page = visit("lan")
    open_form(page, sample=True)
    assert any(k.startswith("docgen-draft:lan:") for k in
               page.evaluate("Object.keys(localStorage)"))
    page.context.clear_cookies()  # the session ends (expired, browser closed)
    sign_in(page, "binh")
    assert page.evaluate("Object.keys(localStorage)") == []
    open_form(page)
    assert not [v for v in values(page, "[name=name]") if v]


# -- a draft kept before it is complete --------------------------------------------------

def test_an_incomplete_draft_is_kept_and_refused_at_submission_until_complete(visit,
                                                                              screenshot):
    page = visit("lan")
    open_form(page, sample=True)
    page.locator("#fields [name=achievement]").fill("")
    page.click("#save-registry")
    page.wait_for_selector("#form-status:has-text('dự thảo chưa đủ thông tin')")
    assert page.locator("#fields .field-error").first.inner_text() == "thiếu thành tích"
    paper_id = int(re.search(r"draft=(\d+)", page.url).group(1))
    screenshot(page, "kept-incomplete-saved")

    page.goto(f"{page.base}/registry/{paper_id}")
    assert "Thành tích: thiếu thành tích" in page.locator("#draft-problems").inner_text()
    assert_clean(page, "incomplete-paper", screenshot)
    page.click("#step-submit")
    page.wait_for_selector(".flash-bad")
    assert "Thành tích: thiếu thành tích" in page.locator(".flash-bad").inner_text()
    assert page.locator("#paper-state").inner_text() == "Dự thảo"

    # Reopened (from the registry, not the browser's copy), it says what is missing.
    page.evaluate("localStorage.clear()")
    page.click("#step-edit")
    page.wait_for_selector("#form-status:has-text('Đã mở lại dự thảo')")
    page.wait_for_selector("#fields .field-error:has-text('thiếu thành tích')")
    page.locator("#fields [name=achievement]").fill(
        "Đã có thành tích xuất sắc trong công tác kiểm sát năm 2025")
    page.click("#save-registry")
    page.wait_for_selector("#form-status:has-text('Đã lưu vào sổ: dự thảo số hiệu')")
    page.goto(f"{page.base}/registry/{paper_id}")
    assert page.locator("#draft-problems").count() == 0
    page.click("#step-submit")
    page.wait_for_selector(".flash-ok:has-text('Đã trình lãnh đạo duyệt')")


def test_a_reopened_draft_shows_its_reward(visit):
    page = visit("lan")
    open_form(page)
    made = api(page, "POST", "/api/v1/papers",
               {"kind": "award-decision", "input": load_json_sample("award-decision")})
    page.goto(f"{page.base}{FORM}?draft={made['id']}")
    page.wait_for_selector("#form-status:has-text('Đã mở lại dự thảo')")
    page.wait_for_selector("#reward:has-text('Mỗi cá nhân')")
    assert "chưa chọn" not in page.locator("#reward").inner_text()


# -- the keyboard and the phone ------------------------------------------------------------

def test_the_first_tab_skips_to_the_first_field(visit):
    page = visit("lan")
    open_form(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ qua, đến biểu mẫu"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.evaluate("""() => {
        const f = document.querySelector('#fields').querySelector('input, select, textarea');
        return document.activeElement === f;
    }""")
    assert first


def _issued_paper(page) -> int:  # type: ignore[no-untyped-def]
    """A decision of VKS Hưng Yên issued through the API (two pages: it has an annex)."""
    page.goto(page.base + "/")
    made = api(page, "POST", "/api/v1/papers",
               {"kind": "award-decision", "input": load_json_sample("award-decision")})
    for step in ("submit", "approve", "issue"):
        api(page, "POST", f"/api/v1/papers/{made['id']}/{step}", {})
    return int(made["id"])


def test_the_office_pages_scroll_by_keyboard_and_fit_a_phone(visit, screenshot):
    page = visit("tam")
    paper_id = _issued_paper(page)
    page.goto(f"{page.base}/registry/{paper_id}")
    # Both pages in the page's flow, none hidden in a box that scrolls by itself.
    pictures = page.locator("section.preview img.page")
    assert pictures.count() == 2
    assert page.evaluate("""() => { const s = document.querySelector('section.preview');
        return s.scrollHeight <= s.clientHeight; }""")
    pictures.nth(1).scroll_into_view_if_needed()
    assert pictures.nth(1).is_visible()
    assert_clean(page, "paper-issued", screenshot)
    page.goto(f"{page.base}/registry/books/di")
    assert_clean(page, "book", screenshot)
    # Each scrolling region is reached with Tab, and scrolls with the arrow keys.
    page.set_viewport_size(VIEWPORTS["phone"])
    region = page.locator(".table-scroll").first
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
    page.keyboard.press("ArrowRight")
    until(page, "document.querySelector('.table-scroll').scrollLeft > 0")

    admin = visit("quan")
    admin.goto(f"{admin.base}/admin/users")
    assert_clean(admin, "users", screenshot)


# -- the batch progress ----------------------------------------------------------------------

def _list(rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị"])
    for i in range(1, rows + 1):
        ws.append([i, f"Nguyễn Văn An {i}", "nam", "Kiểm sát viên", f"Phòng {i % 7 + 1}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_progress_bar_moves_through_a_300_row_zip(visit, tmp_path):
    page = visit("binh")  # the batch page's sample is VKSTC's certificate
    page.goto(page.base + "/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#meta-sample")
    page.wait_for_selector("#batch-status:has-text('Đã nạp dữ liệu mẫu')")
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(_list(300))
    page.set_input_files("#batch-file", str(path))
    page.select_option("#batch-format", "zip")
    page.click("#batch-check")
    page.wait_for_selector("#batch-status:has-text('Kiểm tra xong')")
    page.evaluate("""() => {
        window.seen = [];
        const bar = document.getElementById('batch-progress');
        new MutationObserver(() => window.seen.push([bar.value, bar.max]))
            .observe(bar, {attributes: true});
    }""")
    page.click("#batch-run")
    page.wait_for_selector("#batch-download", timeout=120_000)
    seen = page.evaluate("window.seen")
    between = {v for v, top in seen if 0 < v < top}
    assert len(between) >= 3, seen


# -- the people list and the errors ------------------------------------------------------------

def test_people_are_pasted_from_a_spreadsheet(visit, screenshot):
    page = visit("lan")
    open_form(page)
    people = page.locator("fieldset.array", has=page.locator(
        "legend", has_text="Cá nhân được khen thưởng")).first
    people.locator("summary", has_text="Dán từ bảng tính").click()
    people.locator("textarea.paste").fill(
        "STT\tHọ và tên\tGiới tính\tChức vụ\tĐơn vị công tác\n"
        "1\tNguyễn Văn Hải\tNam\tKiểm sát viên\tPhòng 1\n"
        "2\tTrần Thị Bích\tNữ\tChuyên viên\tVăn phòng\n")
    people.locator("button.paste-add").click()
    assert people.locator(".paste-note").inner_text() == "Đã thêm 2 dòng."
    rows = people.locator("li.item")
    assert rows.count() == 2
    assert [rows.nth(i).locator("[name=name]").input_value() for i in (0, 1)] == [
        "Nguyễn Văn Hải", "Trần Thị Bích"]
    assert [rows.nth(i).locator("select[name=gender]").input_value() for i in (0, 1)] == [
        "nam", "nữ"]
    screenshot(page, "kept-people-pasted")
    value = page.evaluate("SchemaForm.value(document.getElementById('paper-form').docgenRoot)")
    assert value["individuals"][1] == {"name": "Trần Thị Bích", "gender": "nữ",
                                       "position": "Chuyên viên", "unit": "Văn phòng"}


def test_every_problem_is_listed_at_once_in_the_forms_order(visit, screenshot):
    page = visit("lan")
    open_form(page)
    page.click("#preview-button")
    page.wait_for_selector("#form-errors:not([hidden])")
    summary = page.locator("#form-errors li").all_inner_texts()
    # The rule about the whole decision comes with the field errors, not after them ...
    assert any("cần ít nhất một cá nhân hoặc tập thể" in s for s in summary), summary
    assert any("thiếu thành tích" in s for s in summary), summary
    # ... and the list reads as the form does, top to bottom.
    in_order = page.evaluate("""() => {
        const targets = [...document.querySelectorAll('#form-errors a')]
            .map(a => document.getElementById(a.getAttribute('href').slice(1)));
        return targets.every((t, i) => i === 0 || t === targets[i - 1] ||
            (targets[i - 1].compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
    }""")
    assert in_order, summary
    assert_clean(page, "all-errors", screenshot)
