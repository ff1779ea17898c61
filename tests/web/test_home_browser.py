"""The home page ("Việc của tôi") in a browser: a draft returned with a comment, a paper to
approve and one to number are listed; the page and the form that shows the comment pass
axe-core with no sideways scroll on a laptop (1366x768) and a phone (390x844)."""

from __future__ import annotations

import pytest

from tests.helpers import load_json_sample
from tests.web.test_accessibility import assert_clean

pytestmark = pytest.mark.browser

COMMENT = "Điều 1 ghi thiếu đơn vị của ông Nguyễn Văn An; sửa rồi trình lại."


def _api(page, method: str, path: str, body=None):  # type: ignore[no-untyped-def]
    token = page.get_attribute("meta[name=csrf-token]", "content")
    resp = page.request.fetch(f"{page.base}/api/v1/papers{path}", method=method,
                              data=body, headers={"X-CSRFToken": token})
    assert resp.ok, resp.text()
    return resp.json()


def test_home_page_lists_my_work(page, screenshot):
    page.goto(page.base + "/")
    draft = {"kind": "award-decision", "input": load_json_sample("award-decision")}
    returned = _api(page, "POST", "", draft)["id"]
    _api(page, "POST", f"/{returned}/submit")
    _api(page, "POST", f"/{returned}/return", {"comment": COMMENT})
    waiting = _api(page, "POST", "", draft)["id"]
    _api(page, "POST", f"/{waiting}/submit")
    approved = _api(page, "POST", "", draft)["id"]
    _api(page, "POST", f"/{approved}/submit")
    _api(page, "POST", f"/{approved}/approve")

    page.goto(page.base + "/")
    ret = page.locator("#work-returned")
    assert ret.locator(f"a[href='/registry/{returned}']:not(.button)").count() == 1
    assert COMMENT in ret.inner_text()
    assert page.locator(f"#work-approve a[href='/registry/{waiting}']:not(.button)").count() == 1
    assert page.locator(f"#work-issue a[href='/registry/{approved}']:not(.button)").count() == 1
    assert page.locator(f"#work-sign a[href='/registry/{approved}']:not(.button)").count() == 1
    count = page.locator("#nav-work .count").inner_text()
    assert int(count.split()[0]) >= 4
    assert_clean(page, "home-work", screenshot)

    # "Sửa" opens the form on the draft, with the leader's comment above the fields.
    ret.locator(f"a.button[href*='draft={returned}']").click()
    page.wait_for_selector("#fields fieldset")
    page.wait_for_selector("#form-status:has-text('Đã mở lại dự thảo')")
    assert COMMENT in page.locator("#return-note").inner_text()
    assert_clean(page, "form-returned", screenshot)
