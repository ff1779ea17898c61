"""What a clerk meets at the forms, in Chromium: unreadable dates and numbers refused with a
message, the draft kept through a reload, work never replaced without asking, errors listed
at the top with links, rows keeping their numbers, fields in the paper's order with the
clerk's words, the preview following the typing, the keyboard never lost."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import Workbook

from docgen.model.labels import field_label
from tests.helpers import Dialogs, load_json_sample

pytestmark = pytest.mark.browser


def labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The visible labels and group titles of the form, top to bottom, without the rows
    after the first of each list (they repeat the first row's labels)."""
    return page.evaluate("""() => [...document.querySelectorAll(
        "#fields label, #fields legend")].filter(e =>
            !e.closest("li.item:not(:first-child)") && !e.closest("li.item > .field"))
        .map(e => e.textContent.replace(/ \\*$/, "").trim())""")


def test_unreadable_date_and_numbers_are_refused_with_a_message(open_form):
    page = open_form("directive")
    page.get_by_label("Ngày ban hành").fill("31/02/2026")
    number = page.get_by_label("Số văn bản")
    for typed in ("1e", "2.5"):
        number.fill(typed)
        page.click("#preview-button")
        page.wait_for_selector("#form-errors:not([hidden])")
        summary = page.locator("#form-errors").inner_text()
        assert "Ngày ban hành: ngày 31/02/2026 không có trong lịch" in summary
        assert "Số văn bản: phải là số nguyên" in summary
        assert page.locator("#form-status").inner_text() == ""  # no success message
        assert page.locator("#preview-pages img").count() == 0
    assert number.input_value() == "2.5" and number.get_attribute("aria-invalid") == "true"
    page.get_by_label("Ngày ban hành").fill("05/01/2026")
    number.fill("7")
    page.click("#preview-button")
    page.wait_for_selector("#preview-pages img.page", timeout=30_000)
    assert page.locator("#form-errors").is_hidden()
    assert "Chỉ thị số 07/CT-VKSTC" in page.locator("#preview-note").inner_text()


def test_a_number_too_long_to_read_says_its_bound(open_form):
    """Twenty-three nines become 1e+23 in the browser: the message is the bound, as the
    server says of 100000, not "phải là số nguyên"."""
    page = open_form("directive")
    page.get_by_label("Số văn bản").fill("9" * 23)
    page.click("#preview-button")
    page.wait_for_selector("#form-errors:not([hidden])")
    assert "Số văn bản: phải nhỏ hơn hoặc bằng 99999" in page.locator("#form-errors").inner_text()


def test_deleted_moved_rows_and_the_picked_agency_survive_a_reload(open_form):
    page = open_form("directive")
    recipients = page.locator("fieldset.array:has(> legend:text-is('Nơi nhận'))")
    first = recipients.locator("li.item input").first.input_value()
    recipients.locator("li.item").first.locator("button.remove").click()
    recipients.locator("li.item").last.locator("button.up").click()
    page.select_option("#agency-pick", index=2)
    picked = page.get_by_label("Tên cơ quan ban hành *").input_value()
    before = recipients.locator("li.item input").evaluate_all("els => els.map(e => e.value)")
    page.reload()
    page.wait_for_selector("#fields fieldset")
    after = recipients.locator("li.item input").evaluate_all("els => els.map(e => e.value)")
    assert after == before and first not in after
    assert page.get_by_label("Tên cơ quan ban hành *").input_value() == picked


def test_sample_and_new_paper_ask_before_replacing_the_clerks_work(open_form):
    page = open_form("directive")
    subject = page.get_by_label("Trích yếu *")
    subject.fill("Về thi đua của tôi")
    dialogs = Dialogs()
    questions, answer = dialogs.questions, dialogs.answer

    page.once("dialog", answer(False))
    page.click("#load-sample")
    page.wait_for_timeout(200)
    assert subject.input_value() == "Về thi đua của tôi"
    page.once("dialog", answer(False))
    page.click("#new-paper")
    assert subject.input_value() == "Về thi đua của tôi"
    page.once("dialog", answer(True))
    page.click("#new-paper")
    assert subject.input_value() == ""
    assert page.get_by_label("Tên cơ quan ban hành *").input_value() == ""
    assert questions == ["Thay toàn bộ nội dung đang soạn bằng dữ liệu mẫu?",
                         "Xóa toàn bộ nội dung đang soạn để bắt đầu văn bản mới?",
                         "Xóa toàn bộ nội dung đang soạn để bắt đầu văn bản mới?"]
    page.reload()
    page.wait_for_selector("#fields fieldset")
    assert page.get_by_label("Trích yếu *").input_value() == ""  # the draft went too
    page.click("#load-sample")  # nothing to lose: no question
    page.wait_for_selector("#form-status:has-text('Đã nạp dữ liệu mẫu')")
    assert len(questions) == 3


def test_whole_form_error_is_listed_at_the_top_with_a_link_to_its_part(open_form):
    page = open_form("award-decision")
    for kind in ("individuals", "collectives"):
        rows = page.locator(f"fieldset.array:has(> legend:text-is('"
                            f"{'Cá nhân' if kind == 'individuals' else 'Tập thể'} được khen thưởng'))")
        while rows.locator(":scope > ol > li.item").count():
            rows.locator(":scope > ol > li.item").first.locator(
                ":scope > .item-controls button.remove").click()
    page.click("#preview-button")
    summary = page.locator("#form-errors")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    link = summary.get_by_role("link")
    assert link.inner_text() == ("Cá nhân được khen thưởng: cần ít nhất một cá nhân hoặc tập "
                                 "thể được khen thưởng")
    # The summary is at the top of the form, in view, not 2,000 px lower.
    assert summary.bounding_box()["y"] < 400
    link.click()
    assert page.evaluate("document.activeElement.textContent") == "+ Thêm cá nhân được khen thưởng"


def test_server_errors_land_on_the_clerks_row_after_empty_rows_are_left_out(open_form):
    page = open_form("award-decision")
    people = page.locator("fieldset.array:has(> legend:text-is('Cá nhân được khen thưởng'))")
    rows = people.locator(":scope > ol > li.item")
    people.locator(":scope > button.add").click()  # an empty row, moved to the top
    for _ in range(rows.count() - 1):
        rows.last.locator("button.up").click()
    rows.nth(3).get_by_label("Họ và tên *").fill("")
    page.click("#preview-button")
    message = rows.nth(3).locator(".field-error")
    message.wait_for()
    assert message.inner_text() == "thiếu họ và tên"
    assert rows.locator(".field-error").all_inner_texts() == ["thiếu họ và tên"]
    assert page.locator("#form-errors a").inner_text() == \
        "Cá nhân được khen thưởng 4 › Họ và tên: thiếu họ và tên"


ORDER = {
    "directive": ["Cơ quan ban hành", "Số văn bản", "Ngày ban hành", "Trích yếu", "Nội dung",
                  "Người ký", "Nơi nhận", "Lưu"],
    "award-decision": ["Cơ quan ban hành", "Số quyết định", "Ngày ký quyết định",
                       "Hình thức khen thưởng", "Căn cứ", "Đơn vị đề nghị (Xét đề nghị của …)", "Thành tích",
                       "Cá nhân được khen thưởng", "Tập thể được khen thưởng",
                       "Nguồn tiền thưởng", "Người ký", "Nơi nhận", "Lưu"],
    "pledge": ["Cơ quan ban hành", "Số giao ước", "Ngày ký", "Năm thi đua", "Căn cứ",
               "Nội dung", "Đơn vị ký giao ước", "Lãnh đạo chứng kiến"],
    "certificate": ["Cơ quan ban hành", "Hình thức khen thưởng",
                    "Người, tập thể được khen", "Thành tích chung",
                    "Quyết định khen thưởng", "Người ký"],
}
#: Model field names and English words a clerk must never read.
ENGLISH = re.compile(r"\b(on_behalf|register_start|full|blank|name|gender|position|unit|"
                     r"null|undefined|true|false|Choose|File|No file)\b|_")


@pytest.mark.parametrize("kind", list(ORDER))
def test_form_follows_the_paper_in_the_clerks_words(open_form, kind):
    page = open_form(kind)
    shown = labels(page)
    positions = [shown.index(label) for label in ORDER[kind]]
    assert positions == sorted(positions), shown
    assert len(shown) == len(set(shown)), [x for x in shown if shown.count(x) > 1]
    assert english_words(page) == set()
    assert page.locator("#fields [placeholder^='Ví dụ: ']").count() >= 3


def english_words(page) -> set[str]:  # type: ignore[no-untyped-def]
    """Field names and English words in what the page shows or reads out."""
    words = page.evaluate("""() => [document.querySelector("main").innerText,
        ...[...document.querySelectorAll("option")].map(o => o.textContent),
        ...[...document.querySelectorAll("[placeholder]")].map(e => e.placeholder),
        ...[...document.querySelectorAll("[aria-label]")].map(e => e.getAttribute("aria-label"))]""")
    return {m.group(0) for text in words for m in ENGLISH.finditer(text)}


def test_batch_page_speaks_only_vietnamese(page):
    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#meta-sample")
    page.wait_for_selector("#batch-status:has-text('Đã nạp')")
    assert english_words(page) == set()


def test_preview_follows_the_typing_and_goes_when_it_no_longer_matches(open_form):
    page = open_form("directive")
    # Loading the sample refreshes the preview by itself, without the button.
    page.wait_for_selector("#preview-pages img.page", timeout=30_000)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/preview") else None)
    number = page.get_by_label("Số văn bản")
    number.click()
    number.press("End")
    number.type("41", delay=60)  # two keystrokes, one refresh after the typing stops
    page.wait_for_selector("#preview-note:has-text('Chỉ thị số 241/CT-VKSTC')", timeout=30_000)
    assert len(requests) == 1
    page.get_by_label("Trích yếu *").fill("")
    page.wait_for_selector("#preview-note:has-text('còn 1 chỗ cần sửa')", timeout=30_000)
    assert page.locator("#preview-pages img").count() == 0
    # A quiet refresh marks nothing and takes nobody's focus.
    assert page.locator("#form-errors").is_hidden()
    assert page.evaluate("document.activeElement.name") == "subject"
    preview = page.locator("section.preview")
    assert preview.get_attribute("tabindex") == "0"


def test_focus_stays_with_the_rows_after_moving_and_deleting(open_form):
    page = open_form("directive")
    recipients = page.locator("fieldset.array:has(> legend:text-is('Nơi nhận'))")
    rows = recipients.locator("li.item")
    rows.nth(2).locator("button.up").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Chuyển Nơi nhận 2 lên"
    page.keyboard.press("Enter")  # now the first row: its up arrow is disabled
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Chuyển Nơi nhận 1 xuống"
    third = rows.nth(2).locator("input").input_value()
    rows.nth(1).locator("button.remove").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.value") == third
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Nơi nhận 2"


def test_open_draft_is_a_button_and_the_file_box_takes_no_focus(open_form, tmp_path):
    page = open_form("directive", sample=False)
    page.focus("#save-json")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Mở nháp (JSON)"
    assert page.locator("#load-json").is_hidden()
    draft = load_json_sample("directive")
    draft["subject"] = "Về nháp đã lưu"
    path = tmp_path / "nhap.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), "utf-8")
    page.set_input_files("#load-json", str(path))
    page.wait_for_selector("#form-status:has-text('Đã mở nhap.json')")
    assert page.get_by_label("Trích yếu *").input_value() == "Về nháp đã lưu"


def test_batch_report_names_columns_as_the_spreadsheet_does(page, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị"])
    ws.append([1, "Nguyễn Văn An", "không rõ", "Kiểm sát viên", "Phòng 1"])
    ws.append([2, None, "nam", "Kiểm sát viên", "Phòng 2"])
    ws.append([3, "Lê Văn Cường", "nam", "Kiểm sát viên", "Phòng 3"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "ds.xlsx"
    path.write_bytes(buf.getvalue())
    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#meta-sample")
    page.wait_for_selector("#batch-status:has-text('Đã nạp dữ liệu mẫu')")
    page.set_input_files("#batch-file", str(path))
    assert page.locator(".file-chosen").inner_text() == "ds.xlsx"
    page.click("#batch-check")
    page.wait_for_selector("table.rejected")
    cells = page.locator("table.rejected tbody tr").evaluate_all(
        "rs => rs.map(r => [...r.cells].map(c => c.textContent))")
    assert [c[:2] for c in cells] == [["2", "Giới tính"], ["3", "Họ và tên"]]
    assert "Họ và tên, Giới tính, Chức vụ, Đơn vị" in page.locator("main").inner_text()


def test_batch_report_with_nothing_rejected_says_zero(page):
    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#paste-box summary")
    page.fill("#decision-json", json.dumps(load_json_sample("award-decision"),
                                           ensure_ascii=False))
    page.click("#batch-check")
    page.wait_for_selector("#batch-report .summary")
    text = page.locator("#batch-report").inner_text() + page.locator("#batch-status").inner_text()
    assert "6 dòng: 6 hợp lệ, 0 bị từ chối" in text
    assert "null" not in text and "undefined" not in text
    assert page.locator("table.rejected").count() == 0


def test_pasted_decision_problems_are_named_in_the_clerks_words(page):
    data = load_json_sample("award-decision")
    data["individuals"][3]["name"] = ""
    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#paste-box summary")
    page.fill("#decision-json", json.dumps(data, ensure_ascii=False))
    page.click("#batch-check")
    status = page.locator("#batch-status.bad")
    status.wait_for()
    assert status.inner_text() == ("Dữ liệu quyết định có 1 chỗ cần sửa: Cá nhân được khen "
                                   "thưởng 4 › Họ và tên: không được để trống")


@pytest.mark.parametrize("kind", ["award-decision", "pledge", "certificate", "achievement-report"])
def test_the_page_names_paths_as_the_server_does(open_form, kind):
    """The browser's label rule (schemaform.js pathLabel) and the server's
    (docgen.model.labels.field_label) read one table the same way."""
    paths = [("individuals", 3, "name"), ("witness", "signer", "name"), ("signer", "title"),
             ("members", 1, "signer", "name"), ("recipients", 0), ("date",), ("number",),
             ("titles", 0, "decision"), ("issuer", "place"), ("no_such", 0)]
    page = open_form(kind, sample=False)
    shown = page.evaluate("paths => paths.map(p => SchemaForm.pathLabel(p))",
                          [list(p) for p in paths])
    assert shown == [field_label(p, kind) for p in paths]
