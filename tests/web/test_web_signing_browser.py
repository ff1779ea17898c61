"""Signing and verifying in Debian's Chromium: a leader signs an approved paper from its
page with a PKCS#12 file (a wrong password first: said on the page, the password box
empty), sees the signed paper; the records office issues it; someone signed out checks
the issued PDF and a copy drawn on after signing on /verify/<code>: one verdict first.
axe at 1366x768 and 390x844 on every state; screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from docgen.config import Settings
from docgen.http.app import create_app
from tests.conftest import TEST_PASSWORD
from tests.helpers import serving
from tests.signing.conftest import P12_PASSWORD, pki, signature_png  # noqa: F401 (fixtures)
from tests.signing.helpers import leaders_decision
from tests.signing.test_signing_api import _altered
from tests.web.conftest import SHOTS, VIEWPORTS, axe_violations, sideways_scroll
from tests.web.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def office(tmp_path_factory, pki) -> Iterator[tuple[str, object]]:  # noqa: F811
    from docgen.http.auth import accounts

    folder = tmp_path_factory.mktemp("signing-browser")
    app = create_app(Settings(data_dir=folder / "data", secret_key="signing-browser",
                              trust_roots=pki.trust_file(folder)))
    for login, roles in {"lan": ["clerk"], "hung": ["leader"], "mai": ["records"]}.items():
        accounts(app).add_user(login, f"Cán bộ {login}", "VKSHY", roles, TEST_PASSWORD)
    tokens = {who: accounts(app).issue_token(who).secret for who in ("lan", "hung", "mai")}
    with serving(app) as url:
        yield url, (app, tokens)
    app.extensions["docgen"].close()


def api(office, who: str):  # type: ignore[no-untyped-def]
    app, tokens = office[1]
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[who]}"
    return c


def check_both_sizes(page, screenshot, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe finds nothing and nothing scrolls sideways, at the laptop's and the phone's size;
    a screenshot of each."""
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        assert axe_violations(page) == [], f"{name} at {size}"
        assert sideways_scroll(page) == 0, f"{name} at {size}"
        screenshot(page, f"{name}-{size}")
        for part in ("#signing", ".verdict ~ table"):  # the part the test is about, whole
            if page.locator(part).count():
                page.locator(part).first.screenshot(path=str(SHOTS / f"{name}-{size}-part.png"))
    page.set_viewport_size(VIEWPORTS["wide"])


def test_leader_signs_on_the_page_and_the_public_reads_one_verdict(browser, office, pki,  # noqa: F811
                                                                   signature_png, screenshot):  # noqa: F811
    url = office[0]
    clerk, leader = api(office, "lan"), api(office, "hung")
    paper_id = clerk.post("/api/v1/papers", json={"kind": "award-decision",
                                                  "input": leaders_decision()}).json["id"]
    assert clerk.post(f"/api/v1/papers/{paper_id}/submit").status_code == 200
    assert leader.post(f"/api/v1/papers/{paper_id}/approve").status_code == 200

    errors: list[str] = []
    context = browser.new_context(viewport=VIEWPORTS["wide"], locale="vi-VN")
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in_as(page, url, "hung", TEST_PASSWORD)
    page.goto(f"{url}/registry/{paper_id}")
    page.wait_for_selector("#sign-form")
    assert page.locator("#printed-signer").inner_text() == "Nguyễn Văn Hùng"
    check_both_sizes(page, screenshot, "signing-form")

    p12 = {"name": "khoa.p12", "mimeType": "application/x-pkcs12", "buffer": pki.leader.p12()}
    png = {"name": "chu-ky.png", "mimeType": "image/png", "buffer": signature_png}
    page.set_input_files("#sign-pkcs12", files=[p12])
    assert page.locator("#sign-pkcs12-chosen").inner_text() == "khoa.p12"
    page.fill("#sign-password", "mat-khau-sai")
    page.check("#sign-keep-image")
    page.click("#step-sign")
    page.wait_for_selector(".flash-bad:has-text('sai mật khẩu của tệp khóa PKCS#12')")
    assert page.locator("#sign-password").input_value() == ""
    assert page.locator("#sign-keep-image").is_checked()
    check_both_sizes(page, screenshot, "signing-refused")

    page.set_input_files("#sign-pkcs12", files=[p12])
    page.set_input_files("#sign-image", files=[png])
    page.fill("#sign-password", P12_PASSWORD.decode())
    page.click("#step-sign")
    page.wait_for_selector(".flash-ok:has-text('Đã ký số văn bản')")
    assert "Nguyễn Văn Hùng" in page.locator("#signatures").inner_text()
    assert page.locator("#signed-pdf").count() == 1 and page.locator("#sign-form").count() == 0
    check_both_sizes(page, screenshot, "signing-done")

    issued = api(office, "mai").post(f"/api/v1/papers/{paper_id}/issue").json
    pdf = api(office, "mai").get(f"/api/v1/papers/{paper_id}/file.pdf").data

    public = browser.new_context(viewport=VIEWPORTS["wide"], locale="vi-VN").new_page()
    public.on("pageerror", lambda e: errors.append(str(e)))
    for name, upload, tone in (("verify-issued", pdf, "ok"),
                               ("verify-altered", _altered(pdf), "bad")):
        public.goto(f"{url}/verify/{issued['verify_code']}")
        public.set_input_files("#verify-file", files=[{"name": "qd.pdf",
                                                       "mimeType": "application/pdf",
                                                       "buffer": upload}])
        public.click("button:has-text('Kiểm tra tệp')")
        verdict = public.wait_for_selector(".verdict")
        assert f"verdict-{tone}" in verdict.get_attribute("class")
        text = public.locator("main").inner_text()
        assert "signer" not in text and "+07:00" not in text and "(giờ Việt Nam)" in text
        assert re.search(r"Chữ ký 1: người ký văn bản", text)
        check_both_sizes(public, screenshot, name)
    assert "Tệp ĐÃ BỊ SỬA sau khi ký" in public.locator("main").inner_text()
    context.close()
    public.context.close()
    assert errors == []
