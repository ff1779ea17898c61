"""The pages in a real browser (Debian's Chromium through Playwright): fill each form from
its sample, preview, download both files; field messages on a bad form; rows edited; a
batch of 50 rows with 2 bad ones runs to the end."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from tests.helpers import docx_text, pdf_text

pytestmark = pytest.mark.browser

EXPECTED = {
    "directive": "Số: 02/CT-VKSTC",
    "pledge": "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC",
    "award-decision": "QUYẾT ĐỊNH:",
    "certificate": "Ông Nguyễn Văn Bình",
    "administrative": "KẾ HOẠCH",
    "official-letter": "Kính gửi:",
    "minutes": "BIÊN BẢN",
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_form_from_sample_previews_and_downloads(open_form, screenshot, kind, tmp_path):
    page = open_form(kind)
    page.click("#preview-button")
    page.wait_for_selector("#preview-pages img.page", timeout=30_000)
    assert page.locator("#preview-pages img.page").first.evaluate("i => i.naturalWidth") > 300
    screenshot(page, f"form-{kind}")
    for fmt, reader in (("pdf", pdf_text), ("docx", docx_text)):
        with page.expect_download(timeout=30_000) as info:
            page.click(f"button.download[data-format={fmt}]")
        path = tmp_path / f"out.{fmt}"
        info.value.save_as(path)
        assert EXPECTED[kind] in " ".join(reader(path.read_bytes()).split())
        assert info.value.suggested_filename.endswith(f".{fmt}")


def test_invalid_form_shows_messages_next_to_fields_and_keeps_input(open_form, screenshot):
    page = open_form("directive")
    signer = page.locator("fieldset:has(> legend:text-is('Người ký *'))")
    signer.get_by_label("Họ và tên người ký *").fill("")
    subject = page.get_by_label("Trích yếu *")
    subject.fill("Về phát động thi đua năm 2027")
    page.click("#preview-button")
    message = signer.locator(".field-error")
    message.wait_for()
    assert message.inner_text() == "thiếu họ và tên người ký"
    assert page.locator("#form-errors h2").inner_text() == "Có 1 chỗ cần sửa"
    assert subject.input_value() == "Về phát động thi đua năm 2027"
    screenshot(page, "form-invalid")


def test_rows_are_added_moved_and_removed(open_form):
    page = open_form("directive")
    recipients = page.locator("fieldset.array:has(> legend:text-is('Nơi nhận'))")
    recipients.locator("button.add").click()
    recipients.locator("li.item input").last.fill("Báo Bảo vệ pháp luật")
    recipients.locator("li.item").last.locator("button.up").click()
    values = recipients.locator("li.item input").evaluate_all("els => els.map(e => e.value)")
    assert values[-2:] == ["Báo Bảo vệ pháp luật", "Viện kiểm sát nhân dân các tỉnh, thành phố"]
    recipients.locator("li.item").first.locator("button.remove").click()
    assert recipients.locator("li.item").count() == 5
    assert page.get_by_role("textbox", name="Nơi nhận 5", exact=True).input_value() == \
        "Viện kiểm sát nhân dân các tỉnh, thành phố"


def test_reward_is_shown_as_the_clerk_chooses(open_form):
    page = open_form("award-decision")
    page.get_by_label("Hình thức khen thưởng *").select_option("giay_khen")
    page.wait_for_selector("#reward:has-text('Mỗi tập thể')")
    assert "710.000 đồng" in page.locator("#reward").inner_text()


def test_batch_of_50_rows_with_2_bad_runs_to_the_end(page, screenshot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị"])
    for i in range(1, 51):
        ws.append([i, f"Nguyễn Văn {i}", "nam", "Kiểm sát viên", "Phòng 1"])
    ws["B8"] = None
    ws["C40"] = "không rõ"
    path = tmp_path / "danh-sach.xlsx"
    wb.save(path)

    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#meta-sample")
    page.wait_for_selector("#batch-status:has-text('Đã nạp dữ liệu mẫu')")
    page.set_input_files("#batch-file", str(path))
    page.click("#batch-check")
    page.wait_for_selector("table.rejected")
    assert "50 dòng: 48 hợp lệ, 2 bị từ chối" in page.locator("#batch-report").inner_text()
    screenshot(page, "batch-checked")
    page.click("#batch-run")
    page.wait_for_selector("#batch-download", timeout=60_000)
    assert page.locator("#batch-progress").evaluate("p => p.value === p.max")
    rows = page.locator("table.rejected tbody tr").evaluate_all(
        "rs => rs.map(r => r.cells[0].textContent)")
    assert rows == ["8", "40"]
    screenshot(page, "batch-done")
    with page.expect_download() as info:
        page.click("#batch-download")
    out = tmp_path / "bang.pdf"
    info.value.save_as(out)
    assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) == 48


def test_home_page(page, screenshot):
    page.goto(page.base + "/")
    from docgen.kinds import KINDS

    # A card per kind with a form page (the agency's templates, made by another test on
    # this server, have their own list above), then the pages the clerk (clerk, leader and
    # records) may open: the batch page, the registry, the agency's templates; not the
    # administrator's page of users.
    assert page.locator("#new-papers > .card").count() == sum(k.form for k in KINDS.values())
    assert page.locator("#pages > .card h3").all_inner_texts() == [
        "In bằng khen hàng loạt", "Sổ văn bản", "Mẫu của đơn vị"]
    screenshot(page, "home")


def test_batch_from_a_pasted_decision(page):
    import json

    from tests.helpers import load_json_sample

    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    page.click("#paste-box summary")
    page.fill("#decision-json", json.dumps(load_json_sample("award-decision"), ensure_ascii=False))
    page.click("#batch-check")
    page.wait_for_selector("#batch-report:has-text('6 hợp lệ')")
    page.click("#batch-run")
    page.wait_for_selector("#batch-download", timeout=60_000)
    assert "đã in 6/6 bằng" in page.locator("#batch-status").inner_text()


def test_the_seal_box_follows_the_zip_and_an_unconfigured_seal_is_explained(page, screenshot):
    """A records officer may ask for each certificate to be sealed: only for the ZIP (one
    PDF per person); without a configured seal the page says so before anything runs."""
    import json

    from tests.helpers import load_json_sample

    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    assert page.is_disabled("#batch-seal")
    page.select_option("#batch-format", "zip")
    page.check("#batch-seal")
    page.select_option("#batch-format", "pdf")
    assert page.is_disabled("#batch-seal") and not page.is_checked("#batch-seal")
    page.select_option("#batch-format", "zip")
    page.check("#batch-seal")
    page.click("#paste-box summary")
    page.fill("#decision-json", json.dumps(load_json_sample("award-decision"), ensure_ascii=False))
    page.click("#batch-check")
    page.wait_for_selector("#batch-report:has-text('6 hợp lệ')")
    page.click("#batch-run")
    page.wait_for_selector("#batch-status:has-text('chưa được cấu hình ký số')")
    assert "Ký số con dấu của cơ quan: cơ quan" in page.locator("#batch-status").inner_text()
    screenshot(page, "batch-seal-refused")
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#batch-seal").scroll_into_view_if_needed()
    screenshot(page, "batch-seal-refused-phone")
    page.set_viewport_size(size)


def test_an_empty_required_box_is_told_in_vietnamese_in_any_browser(browser, live_server):
    """An English-language Chromium says "Please fill out this field." of its own."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.click("button[type=submit]")
        assert page.locator("#login").evaluate("e => e.validationMessage") == "Cần điền mục này."
        page.fill("#login", "lan")  # typing clears it: the box is judged afresh
        assert page.locator("#login").evaluate("e => e.validity.valid")
        assert page.url == f"{live_server}/login"  # nothing was sent
    finally:
        context.close()
