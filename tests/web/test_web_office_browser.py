"""A paper's whole life in the pages, in Debian's Chromium: a clerk signs in, fills a decision
from the sample, saves it to the registry and submits it; a leader approves it; the records
office issues it; the number is in the issued PDF; anyone signed out sees it on
/verify/<code>; a user of another agency cannot find it. Screenshots at 1366x768 and
390x844 go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSWORD
from tests.helpers import ROOT, Dialogs, pdf_text
from tests.web.conftest import office_server, windows
from tests.web.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
#: Who works in the office (VKS Hưng Yên, the sample decision's agency) and elsewhere.
PEOPLE = {
    "lan": ("Nguyễn Thị Lan", "VKSHY", ["clerk"]),
    "hung": ("Trần Văn Hùng", "VKSHY", ["leader"]),
    "mai": ("Lê Thị Mai", "VKSHY", ["records"]),
    "binh": ("Phạm Văn Bình", "VKSTC", ["clerk", "leader", "records"]),
}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server of its own, with the office's people in its database."""
    yield from office_server(tmp_path_factory, "office", PEOPLE)


@pytest.fixture
def visit(browser, office):  # type: ignore[no-untyped-def]
    """A fresh browser window (its own cookies) at a viewport: ``visit()`` or
    ``visit(PHONE)``; JavaScript errors fail the test."""
    with windows(browser, office) as open_window:
        yield open_window


def sign_in(page, login: str) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(page, page.base, login, TEST_PASSWORD)


def shoot(page, screenshot, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Screenshots at the desktop size and, in the same session, at a phone's."""
    path = screenshot(page, name)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(size)
    return path


def test_a_decision_from_draft_to_verification(visit, screenshot, clock):
    # The clerk fills the decision from the sample and saves it to the registry.
    clerk = visit()
    sign_in(clerk, "lan")
    clerk.goto(f"{clerk.base}/papers/award-decision")
    clerk.wait_for_selector("#fields fieldset")
    clerk.evaluate("localStorage.clear()")
    clerk.click("#load-sample")
    clerk.wait_for_selector("#form-status:has-text('Đã nạp dữ liệu mẫu')")
    clerk.click("#save-registry")
    clerk.wait_for_selector("#form-status:has-text('Đã lưu vào sổ')")
    paper_id = int(re.search(r"draft=(\d+)", clerk.url).group(1))
    shoot(clerk, screenshot, "office-form-saved")

    # Reopening the draft fills the form again (from the registry, not the browser's copy).
    clerk.evaluate("localStorage.clear()")
    clerk.goto(f"{clerk.base}/papers/award-decision?draft={paper_id}")
    clerk.wait_for_selector("#form-status:has-text('Đã mở lại dự thảo')")
    names = clerk.locator("input[name='name']").evaluate_all("els => els.map(e => e.value)")
    assert {"Nguyễn Thị Hồng Nhung", "Vũ Thị Lan", "Bùi Thanh Tùng"} <= set(names)

    # The clerk submits it from its page.
    clerk.click("#registry-link")
    clerk.wait_for_selector("#step-submit")
    assert clerk.locator("#step-issue").count() == 0  # a clerk does not issue
    clerk.click("#step-submit")
    clerk.wait_for_selector(".flash-ok:has-text('Đã trình lãnh đạo duyệt')")
    assert clerk.locator("#paper-state").inner_text() == "Chờ duyệt"

    # The leader finds it in the list and approves it.
    leader = visit()
    sign_in(leader, "hung")
    leader.goto(f"{leader.base}/registry/?state=submitted")
    leader.locator("table.office-table a", has_text="Quyết định").first.click()
    leader.wait_for_selector("#step-approve")
    assert leader.locator("#step-submit").count() == 0
    shoot(leader, screenshot, "office-paper-submitted")
    leader.click("#step-approve")
    leader.wait_for_selector(".flash-ok:has-text('Đã duyệt')")

    # The records office issues it with today's date: the next number of the year.
    records = visit()
    sign_in(records, "mai")
    records.goto(f"{records.base}/registry/{paper_id}")
    assert records.locator("#issue-date").input_value() == f"{clock.today():%d/%m/%Y}"
    records.once("dialog", lambda dialog: dialog.accept())  # "Ban hành văn bản này?"
    records.click("#step-issue")
    records.wait_for_selector(".flash-ok:has-text('Đã ban hành')")
    assert records.locator("#paper-number").inner_text() == "01/QĐ-VKSHY"
    history = records.locator("#history li").all_inner_texts()
    assert [h.split("·")[0].split(maxsplit=2)[-1].strip() for h in history[:4]] == [
        "Tạo dự thảo", "Trình duyệt", "Duyệt", "Ban hành"]
    shoot(records, screenshot, "office-paper-issued")
    pdf = records.request.get(f"{records.base}/api/v1/papers/{paper_id}/file.pdf")
    assert pdf.ok and "Số: 01/QĐ-VKSHY" in pdf_text(pdf.body())
    code = records.locator("#verify-link").inner_text()

    # The register book lists it.
    records.goto(f"{records.base}/registry/books/di")
    assert "01/QĐ-VKSHY" in records.locator("table.book").inner_text()
    shoot(records, screenshot, "office-book-di")
    records.goto(f"{records.base}/registry/")
    shoot(records, screenshot, "office-list")

    # Anyone, signed out, checks it.
    anyone = visit()
    anyone.goto(f"{anyone.base}/verify/{code}")
    assert "01/QĐ-VKSHY" in anyone.content()
    assert anyone.locator("form.who").count() == 0
    shoot(anyone, screenshot, "office-verify")

    # Another agency's user neither finds it in the list nor opens it.
    other = visit()
    sign_in(other, "binh")
    other.goto(f"{other.base}/registry/?q=Nhung")
    assert other.locator("#result-count").inner_text().startswith("0 ")
    answer = other.goto(f"{other.base}/registry/{paper_id}")
    assert answer.status == 404
    assert other.request.get(f"{other.base}/api/v1/papers/{paper_id}").status == 404


def test_issuing_and_revoking_ask_first(visit):
    """Neither step can be undone: each asks, and saying no leaves the paper as it was."""
    clerk = visit()
    sign_in(clerk, "lan")
    clerk.goto(f"{clerk.base}/")
    token = clerk.locator("meta[name=csrf-token]").get_attribute("content")
    sample = json.loads((ROOT / "samples" / "award-decision.json").read_text("utf-8"))
    made = clerk.request.post(f"{clerk.base}/api/v1/papers", headers={"X-CSRFToken": token},
                              data={"kind": "award-decision", "input": sample})
    assert made.status == 201, made.text()
    paper_id = made.json()["id"]
    clerk.goto(f"{clerk.base}/registry/{paper_id}")
    clerk.click("#step-submit")
    clerk.wait_for_selector(".flash-ok")
    leader = visit()
    sign_in(leader, "hung")
    leader.goto(f"{leader.base}/registry/{paper_id}")
    leader.click("#step-approve")
    leader.wait_for_selector(".flash-ok")

    records = visit()
    sign_in(records, "mai")
    records.goto(f"{records.base}/registry/{paper_id}")
    dialogs = Dialogs()
    questions, answer = dialogs.questions, dialogs.answer

    records.once("dialog", answer(False))
    records.click("#step-issue")
    records.wait_for_timeout(300)
    assert questions[-1].startswith("Ban hành văn bản này?")
    assert records.locator("#paper-state").inner_text() == "Đã duyệt"
    records.once("dialog", answer(True))
    records.click("#step-issue")
    records.wait_for_selector(".flash-ok:has-text('Đã ban hành')")

    records.fill("#revoke-reason", "Sai tên người được khen")
    records.once("dialog", answer(False))
    records.click("#step-revoke")
    records.wait_for_timeout(300)
    assert questions[-1].startswith("Thu hồi văn bản này?")
    assert records.locator("#paper-state").inner_text() == "Đã ban hành"
    assert records.locator("#revoke-reason").input_value() == "Sai tên người được khen"
    records.once("dialog", answer(True))
    records.click("#step-revoke")
    records.wait_for_selector(".flash-ok:has-text('Đã thu hồi')")
    assert records.locator("#paper-state").inner_text() == "Đã thu hồi"
