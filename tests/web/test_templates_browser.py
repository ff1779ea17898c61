"""An agency's template in Debian's Chromium: the records office writes it in "Mẫu của
đơn vị" (checked, previewed with its sample values, saved as version 1); a clerk finds it
under "Tạo từ mẫu" on the home page, fills exactly its fields, previews and saves a draft
that names the template and version; "Nhân bản" copies that draft. Every page passes axe
at 1366x768 and 390x844, without sideways scrolling."""

from __future__ import annotations

import json

import pytest

from tests.helpers import load_json_sample
from tests.web.conftest import axe_violations, sideways_scroll

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def check_page(page, screenshot, name: str) -> None:  # type: ignore[no-untyped-def]
    for size, suffix in (({"width": 1366, "height": 768}, ""), (PHONE, "-phone")):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], name + suffix
        assert sideways_scroll(page) <= 0, name + suffix
        screenshot(page, name + suffix)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_a_template_is_written_checked_and_used_from_its_form(page, screenshot) -> None:  # type: ignore[no-untyped-def]
    spec = load_json_sample("template-official-letter")
    page.goto(f"{page.base}/templates/")
    page.click("#new-template")
    page.select_option("#t-kind", spec["kind"])
    page.fill("#t-name", spec["name"])
    page.fill("#t-fields", json.dumps(spec["fields"], ensure_ascii=False))
    page.fill("#t-defaults", json.dumps(spec["defaults"], ensure_ascii=False))
    # A mistake first: it is named with its line and column, nothing is saved.
    page.fill("#t-body", spec["body"] + "\n{{ nam.__class__ }}")
    page.click("#template-save")
    errors = page.locator("#template-errors")
    assert "dòng 18, cột 8" in errors.inner_text() and "__class__" in errors.inner_text()
    check_page(page, screenshot, "template-errors")
    page.fill("#t-body", spec["body"])
    page.click("#template-preview")
    assert page.locator("#preview-pages img").count() >= 1
    check_page(page, screenshot, "template-editor")
    page.click("#template-save")
    assert "phiên bản 1" in page.locator(".flashes").inner_text()
    assert "Đang dùng" in page.locator("#versions").inner_text()

    page.goto(f"{page.base}/")
    page.locator("#from-template a", has_text=spec["name"]).click()
    labels = page.locator("#fill-form label").all_inner_texts()
    assert any("Năm bình xét" in t for t in labels) and any("Hạn nộp hồ sơ" in t for t in labels)
    page.fill("#v-nam", "2027")
    page.fill("#v-han_nop", "01/12/2027")
    page.fill("#v-ho_so-0-ten", "Tờ trình đề nghị khen thưởng")
    page.fill("#v-ho_so-0-so_ban", "2")
    page.click("#add-ho_so")
    assert page.locator("#v-ho_so-3-ten").count() == 1
    assert page.input_value("#v-nam") == "2027"
    page.click("#fill-preview")
    assert page.locator("#preview-pages img").count() >= 1
    check_page(page, screenshot, "template-fill")
    page.fill("#v-han_nop", "")
    page.click("#fill-preview")
    assert "Hạn nộp hồ sơ: chưa điền" in page.locator("#template-errors").inner_text()
    page.fill("#v-han_nop", "01/12/2027")
    page.click("#fill-draft")
    assert "phiên bản 1" in page.locator("#paper-template").inner_text()
    first = page.url
    page.click("#copy-paper")
    assert page.url != first and "Đã nhân bản" in page.locator(".flashes").inner_text()
    assert "phiên bản 1" in page.locator("#paper-template").inner_text()
    check_page(page, screenshot, "paper-copied")
