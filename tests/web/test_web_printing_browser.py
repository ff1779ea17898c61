"""The sổ vàng counts once, in the pages (Debian's Chromium): the records officer presses
"In bằng cho quyết định này" on an issued decision and gets one registered batch for its
people; pressing it again opens that batch; pasting the same decision into the batch page
shows who is already registered and reprints them with their numbers. axe finds nothing at
1366x768 and 390x844; screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.http.context import services
from docgen.services.accounts.identity import system_actor
from tests.conftest import TEST_PASSWORD
from tests.helpers import load_json_sample, serving
from tests.web.conftest import looked_at
from tests.web.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    """A live server with VKS Hưng Yên's records officer and one issued award decision:
    (base URL, the decision's id, its input as issued)."""
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("printing-data"),
                              secret_key="printing-browser-test"))
    accounts(app).add_user("mai", "Lê Thị Mai", "VKSHY", ["records"], TEST_PASSWORD)
    reg, sys = services(app).registry, system_actor()
    paper = reg.create_draft("award-decision", load_json_sample("award-decision"), sys)
    reg.submit(paper.id, sys)
    reg.approve(paper.id, sys)
    paper = reg.issue(paper.id, sys, on=date(2026, 1, 5))
    with serving(app) as url:
        yield url, paper.id, paper.input_json
    app.extensions["docgen"].close()


@pytest.fixture
def records(browser, office):  # type: ignore[no-untyped-def]
    """The records officer, signed in, at 1366x768; JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN",
                                  accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and
            not m.text.startswith("Failed to load resource") else None)
    sign_in_as(page, office[0], "mai", TEST_PASSWORD)
    yield page
    context.close()
    assert errors == [], f"JavaScript or CSP errors: {errors}"



def test_the_decision_button_prints_once_then_opens_the_batch(records, office, screenshot):
    base, paper_id, _ = office
    people = load_json_sample("award-decision")
    awarded = len(people["individuals"]) + len(people.get("collectives") or [])
    records.goto(f"{base}/registry/{paper_id}")
    records.wait_for_selector("#print-certificates")
    looked_at(records, screenshot, "decision-print-button")
    records.click("#print-certificates")
    records.wait_for_url(f"**/registry/{paper_id}/certificates*")
    records.wait_for_selector("#batch-download", timeout=120_000)  # reloaded once done
    rows = records.locator("#decision-entries tbody tr")
    assert rows.count() == awarded
    assert records.locator("#decision-entries tbody tr td").first.inner_text() == "1"
    looked_at(records, screenshot, "decision-certificates")

    # Pressed again: the same batch, no new number.
    records.goto(f"{base}/registry/{paper_id}")
    assert "đã có lô in bằng" in records.inner_text("#certs-h + p").lower()
    records.click("#print-certificates")
    records.wait_for_selector(".flash, [role=status]")
    assert "đã có lô in bằng" in records.content()
    assert records.locator("#decision-entries tbody tr").count() == awarded


def test_a_second_print_of_the_same_decision_shows_the_existing_entries(records, office,
                                                                        screenshot):
    base, paper_id, input_json = office
    records.goto(f"{base}/registry/{paper_id}/certificates")
    if records.locator("#print-certificates").count():  # run alone: print it first
        records.click("#print-certificates")
        records.wait_for_selector("#batch-download", timeout=120_000)
    registered = records.locator("#decision-entries tbody tr").count()

    records.goto(f"{base}/batch")
    records.wait_for_selector("#fields fieldset")
    records.click("#paste-box summary")
    records.fill("#decision-json", json.dumps({**json.loads(input_json), "registered": True},
                                              ensure_ascii=False))
    records.click("#batch-check")
    records.wait_for_selector("#batch-existing")
    assert f"{registered} người đã có trong sổ vàng" in records.inner_text("#batch-existing")
    assert records.locator("#existing-entries tbody tr").count() == registered
    assert records.is_enabled("#batch-run")
    records.locator("#batch-existing").scroll_into_view_if_needed()
    looked_at(records, screenshot, "batch-second-print")

    records.click("#batch-run")
    assert records.is_disabled("#batch-run")  # one batch at a time
    records.wait_for_selector("#batch-download", timeout=120_000)
    assert f"{registered} bằng in lại với số sổ vàng cũ" in records.inner_text("#batch-status")
    # "In" again only after a new check.
    assert records.is_disabled("#batch-run")
    records.goto(f"{base}/registry/{paper_id}/certificates")
    assert records.locator("#decision-entries tbody tr").count() == registered
