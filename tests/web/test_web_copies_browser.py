"""Copies in the pages, in Debian's Chromium: the records office opens an issued decision,
chooses "Trích sao" and the article to extract, names the signer, makes the copy, issues
it from the copy's page and finds its number in the copies' sequence; the page with the
copy form passes axe-core and fits a phone's width. Screenshots go to
test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.http.context import services
from docgen.services.accounts.identity import system_actor
from tests.conftest import CHEAP_HASHING, TEST_PASSWORD
from tests.helpers import load_json_sample, pdf_text, serving
from tests.web.conftest import VIEWPORTS, axe_violations, sideways_scroll
from tests.web.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.browser
SYS = system_actor()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A live server whose registry holds an issued decision of VKS Hưng Yên; its records
    officer ``mai``."""
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("copies-data"),
                              secret_key="copies-browser-test", **CHEAP_HASHING))
    accounts(app).add_user("mai", "Lê Thị Mai", "VKSHY", ["records"], TEST_PASSWORD)
    reg = services(app).registry
    draft = reg.create_draft("award-decision", load_json_sample("award-decision"), SYS)
    reg.submit(draft.id, SYS)
    reg.approve(draft.id, SYS)
    reg.issue(draft.id, SYS, on=date(2026, 1, 5))
    with serving(app) as url:
        yield url, draft.id
    app.extensions["docgen"].close()


def test_records_office_makes_a_trich_sao_in_the_page(browser, office, screenshot):  # type: ignore[no-untyped-def]
    url, paper_id = office
    context = browser.new_context(viewport=VIEWPORTS["wide"], locale="vi-VN")
    errors: list[Any] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        sign_in_as(page, url, "mai", TEST_PASSWORD)
        page.goto(f"{url}/registry/{paper_id}")
        page.wait_for_selector("#copy-form")
        assert axe_violations(page) == []
        page.set_viewport_size(VIEWPORTS["phone"])
        assert sideways_scroll(page) == 0
        page.set_viewport_size(VIEWPORTS["wide"])
        page.locator("#copies").scroll_into_view_if_needed()
        page.check("#copy-trich-sao")
        page.locator("#copy-parts label", has_text="Điều 1.").locator("input").check()
        page.fill("#copy-signer-name", "Trần Thị Bình")
        page.fill("#copy-recipients", "Phòng Kế toán")
        screenshot(page, "copies-form")
        page.click("#make-copy")
        page.wait_for_selector(".flash-ok:has-text('Đã tạo bản sao')")
        assert "Bản trích sao" in page.locator("#copy-kind").inner_text() or \
            "Điều 1" in page.locator("#copy-kind").inner_text()
        assert page.locator("#issue-number").count() == 0
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#step-issue")
        page.wait_for_selector(".flash-ok:has-text('Đã ban hành')")
        assert page.locator("#paper-number").inner_text() == "01/TrS-VKSHY"
        screenshot(page, "copies-issued")
        copy_id = page.url.rstrip("/").rsplit("/", 1)[1]
        pdf = page.request.get(f"{url}/api/v1/papers/{copy_id}/file.pdf")
        text = pdf_text(pdf.body())
        assert "TRÍCH SAO" in text and "Điều 1." in text and "Điều 2." not in text
        # Back on the decision, its copy is listed.
        page.goto(f"{url}/registry/{paper_id}")
        assert "01/TrS-VKSHY" in page.locator("#copy-list").inner_text()
    finally:
        context.close()
    assert errors == []
