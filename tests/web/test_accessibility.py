"""Every page, in every state a clerk meets it, passes axe-core (shipped in tests/web/vendor)
with zero violations and never scrolls sideways, on a 1366x768 laptop and a 390x844 phone."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook

from tests.helpers import load_json_sample
from tests.web.conftest import VIEWPORTS, axe_violations, sideways_scroll

pytestmark = pytest.mark.browser

KINDS = ["directive", "pledge", "award-decision", "resolution", "issuing-decision", "certificate",
         "administrative",
         "official-letter", "minutes"]


def assert_clean(page, state: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    """The page as it is now passes at both sizes (one state, one server round trip, both
    sizes: the state is reached once and looked at on the laptop and on the phone)."""
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        screenshot(page, f"a11y-{state}-{size}")
        assert axe_violations(page) == [], f"{state} at {size}"
        assert sideways_scroll(page) == 0, f"{state} scrolls sideways at {size}"
    page.set_viewport_size(VIEWPORTS["wide"])


def test_home_page(page, screenshot):
    page.goto(page.base + "/")
    assert_clean(page, "home", screenshot)


@pytest.mark.parametrize("kind", KINDS)
def test_form_in_every_state(open_form, screenshot, kind):
    page = open_form(kind, sample=False)
    assert_clean(page, f"{kind}-empty", screenshot)
    page.click("#load-sample")
    page.wait_for_selector("#form-status:has-text('Đã nạp dữ liệu mẫu')")
    assert_clean(page, f"{kind}-sample", screenshot)
    # The preview comes by itself a moment after the sample is loaded.
    page.wait_for_selector("#preview-pages img.page", timeout=30_000)
    assert_clean(page, f"{kind}-preview", screenshot)
    # A date the browser cannot read, then a required field the server finds empty.
    dates = page.locator("#fields input.date")
    dates.first.fill("31/02/2026")
    page.click("#preview-button")
    page.wait_for_selector("#form-errors:not([hidden])")
    assert_clean(page, f"{kind}-unreadable", screenshot)
    dates.first.fill("")
    page.locator("#fields [name=place]").first.fill("")
    page.click("#preview-button")
    page.wait_for_selector("#fields .field-error")
    assert_clean(page, f"{kind}-errors", screenshot)


def _list_with_one_bad_row() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị"])
    ws.append([1, "Nguyễn Văn An", "nam", "Kiểm sát viên", "Phòng 1"])
    ws.append([2, "Trần Thị Bình", "không rõ", "Kiểm sát viên", "Phòng 2"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_batch_page_in_every_state(page, screenshot, tmp_path):
    page.goto(f"{page.base}/batch")
    page.wait_for_selector("#fields fieldset")
    assert_clean(page, "batch-empty", screenshot)
    page.click("#meta-sample")
    page.wait_for_selector("#batch-status:has-text('Đã nạp dữ liệu mẫu')")
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(_list_with_one_bad_row())
    page.set_input_files("#batch-file", str(path))
    page.click("#batch-check")
    page.wait_for_selector("table.rejected")
    assert_clean(page, "batch-report", screenshot)
    page.click("#batch-run")
    page.wait_for_selector("#batch-download", timeout=60_000)
    assert_clean(page, "batch-done", screenshot)


def _issued_code(page) -> str:  # type: ignore[no-untyped-def]
    """A decision issued through the API by the signed-in clerk (session and CSRF token)."""
    page.goto(page.base + "/")
    csrf = page.locator("meta[name=csrf-token]").get_attribute("content")

    def post(url: str, body: dict) -> dict:  # type: ignore[type-arg]
        resp = page.request.post(page.base + url, data=json.dumps(body),
                                 headers={"Content-Type": "application/json",
                                          "X-CSRFToken": csrf})
        assert resp.ok, resp.text()
        return resp.json()  # type: ignore[no-any-return]

    paper = post("/api/v1/papers", {"kind": "award-decision",
                                     "input": load_json_sample("award-decision")})
    for step in ("submit", "approve"):  # the workflow: draft -> submitted -> approved
        post(f"/api/v1/papers/{paper['id']}/{step}", {})
    return post(f"/api/v1/papers/{paper['id']}/issue", {})["verify_code"]


def test_verify_and_error_pages(page, screenshot):
    page.goto(f"{page.base}/verify/{_issued_code(page)}")
    assert_clean(page, "verify-found", screenshot)
    page.goto(f"{page.base}/verify/ZZZZZZZZZZ")
    assert_clean(page, "verify-unknown", screenshot)
    page.goto(f"{page.base}/papers/cong-van")
    assert_clean(page, "error-404", screenshot)


def test_sign_in_page(browser, live_server, screenshot):
    """The one page a person sees before signing in, empty and after a wrong password."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    assert_clean(page, "login", screenshot)
    page.fill("#login", "nguoi-la")
    page.fill("#password", "sai-mat-khau-roi")
    page.click("button[type=submit]")
    page.wait_for_selector("#login-error")
    assert_clean(page, "login-refused", screenshot)
    context.close()


def test_the_check_itself_finds_a_violation_and_a_sideways_scroll(page):
    """The harness can fail: an image without a text and a too-wide box are reported."""
    page.goto(page.base + "/")
    page.evaluate("""() => {
        const img = document.createElement("img");
        img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
        document.querySelector("main").append(img);
        const wide = document.createElement("div");
        wide.className = "verify-table";
        wide.textContent = "x".repeat(400);
        document.querySelector("main").append(wide);
    }""")
    assert any(v.startswith("image-alt") for v in axe_violations(page))
    assert sideways_scroll(page) > 0
