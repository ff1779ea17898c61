"""A live docgen server on 127.0.0.1 and Debian's Chromium driven by Playwright, for the
browser tests; screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from docgen.config import Settings
from docgen.http.app import create_app
from tests.conftest import CHEAP_HASHING, TEST_PASSWORD
from tests.helpers import ROOT, serving

CHROMIUM = "/usr/bin/chromium"
#: The clerk the browser signs in as (every office role of VKS Hưng Yên).
BROWSER_USER, BROWSER_PASSWORD = "lan", "mat-khau-trinh-duyet"
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from docgen.http.auth import accounts

    settings = Settings(data_dir=tmp_path_factory.mktemp("web-data"), secret_key="browser-test",
                        **CHEAP_HASHING)
    app = create_app(settings)
    accounts(app).add_user(BROWSER_USER, "Trần Thị Lan", "VKSHY", ["clerk", "leader", "records"],
                           BROWSER_PASSWORD)
    with serving(app) as url:
        yield url


@contextmanager
def _real_clock() -> Iterator[None]:
    """Start Playwright's driver (and so Chromium) without libfaketime: under
    ``scripts/test --at`` every process inherits it, and Chromium's many threads and
    timers crawl through it. The server the browser talks to keeps the fake clock, and
    the dates on the pages are the server's."""
    saved = dict(os.environ)
    preload = [p for p in os.environ.get("LD_PRELOAD", "").split(":")
               if p and "faketime" not in p and "monotonic" not in p]
    for name in [n for n in os.environ if n.startswith("FAKETIME")] + ["LD_PRELOAD"]:
        os.environ.pop(name, None)
    if preload:
        os.environ["LD_PRELOAD"] = ":".join(preload)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (scripts/setup --test installs it)")
    with _real_clock():
        playwright = sync_playwright().start()
    try:
        b = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def signed_in(browser, live_server):  # type: ignore[no-untyped-def]
    """The browser state (session cookie) of the clerk, signed in once for the whole run:
    signing in for every test would also trip the sign-in rate limit (10 a minute)."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def page(browser, live_server, signed_in):  # type: ignore[no-untyped-def]
    """A fresh tab (empty drafts) of the signed-in clerk, 1366x768."""
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  accept_downloads=True, locale="vi-VN",
                                  storage_state=signed_in)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Anything the Content-Security-Policy blocks (an inline script, a handler) is an error.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    page.base = live_server
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def sign_in(page, base: str, login: str = BROWSER_USER,  # type: ignore[no-untyped-def]
            password: str = BROWSER_PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto(f"{base}/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take


#: Phone and laptop: every page is checked at both sizes.
VIEWPORTS = {"wide": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def open_form(page):  # type: ignore[no-untyped-def]
    """Open a kind's form on a fresh draft; with ``sample``, filled from the kind's sample."""

    def go(kind: str, sample: bool = True):  # type: ignore[no-untyped-def]
        page.goto(f"{page.base}/papers/{kind}")
        page.wait_for_selector("#fields fieldset")
        if sample:
            page.click("#load-sample")
            page.wait_for_selector("#form-status:has-text('Đã nạp dữ liệu mẫu')")
        return page

    return go


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's violations on the page as it is now, one line each (rule: where)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the pages' Content-Security-Policy (no
        # inline scripts) does not apply to it, as it would to an injected <script>.
        page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} -> ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    return list(result)


def sideways_scroll(page) -> int:  # type: ignore[no-untyped-def]
    """How many pixels the page can scroll sideways (0 when everything fits the width)."""
    return int(page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def office_server(tmp_path_factory: pytest.TempPathFactory, name: str,
                  people: dict[str, tuple[str, str, list[str]]]) -> Iterator[str]:
    """A live docgen of its own (a module's office) with ``people`` (login -> name, agency,
    roles) in its database, all with the suite's test password; yields its address."""
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path_factory.mktemp(f"{name}-data"),
                              secret_key=f"{name}-browser-test", **CHEAP_HASHING))
    for login, (full_name, agency, roles) in people.items():
        accounts(app).add_user(login, full_name, agency, roles, TEST_PASSWORD)
    with serving(app) as url:
        yield url
    app.extensions["docgen"].close()


@contextmanager
def windows(browser, base: str) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """``open_window(viewport=None, storage_state=None)``: a fresh browser window (its own
    cookies) on ``base``, 1366x768 unless told; a JavaScript or CSP error in any window fails
    the test when they are closed. Failed loads are not counted: the 404s some tests expect
    (and /favicon.ico) are among them."""
    contexts: list[Any] = []
    errors: list[str] = []

    def open_window(viewport: dict[str, int] | None = None,
                    storage_state: Any = None) -> Any:
        context = browser.new_context(viewport=viewport or VIEWPORTS["wide"], locale="vi-VN",
                                      accept_downloads=True, storage_state=storage_state)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and
                not m.text.startswith("Failed to load resource") else None)
        page.base = base
        return page

    try:
        yield open_window
    finally:
        for context in contexts:
            context.close()
    assert errors == [], f"JavaScript or CSP errors: {errors}"


def looked_at(page, screenshot, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe and a screenshot at both sizes; nothing scrolls sideways on the phone."""
    assert axe_violations(page) == []
    screenshot(page, name)
    page.set_viewport_size(VIEWPORTS["phone"])
    assert axe_violations(page) == []
    assert sideways_scroll(page) == 0
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(VIEWPORTS["wide"])
