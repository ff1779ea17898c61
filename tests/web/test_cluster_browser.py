"""The cluster's year page in Chromium: a member scores its unit with the live total, the
khối trưởng reviews with a comment, locks and records the meeting, the organiser makes the
minutes; axe-core finds nothing at 1366x768 and 390x844. Screenshots:
test-artifacts/screenshots/cluster-*.png."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.catalog.loader import use_catalog
from docgen.config import Settings
from docgen.http.app import create_app
from docgen.services.accounts.identity import Actor
from tests.clusters.conftest import UNITS, cluster_catalog
from tests.conftest import CHEAP_HASHING
from tests.helpers import SAMPLES, load_json_sample, serving
from tests.web.conftest import VIEWPORTS, axe_violations, sideways_scroll, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-khoi-thi-dua"
EXAMPLE = json.loads((SAMPLES / "cluster-scores.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cluster_catalog(tmp_path_factory.mktemp("cluster-catalog") / "catalog.yaml")


@pytest.fixture(autouse=True)
def _cluster_catalog(catalog_path: Path) -> Iterator[None]:
    """The server runs in this process: its catalog (with the Khối's units) is put back
    before each test (the suite's fixture resets it after every test)."""
    use_catalog(catalog_path)
    yield


@pytest.fixture(scope="module")
def cluster_server(tmp_path_factory: pytest.TempPathFactory, catalog_path: Path
                   ) -> Iterator[tuple[str, Any, int]]:
    from docgen.http.auth import accounts

    settings = Settings(data_dir=tmp_path_factory.mktemp("cluster-web"), secret_key="cluster",
                        catalog_path=catalog_path, **CHEAP_HASHING)
    app = create_app(settings)
    for login, agency, roles in (("p8", "gl-p8", ["clerk"]), ("tt", "gl-tt", ["leader"]),
                                 ("org", "vks-gia-lai", ["clerk"])):
        accounts(app).add_user(login, f"Cán bộ {login}", agency, roles, PASSWORD)
    doc = copy.deepcopy(EXAMPLE)
    for key in ("results", "reviews", "meeting"):
        doc.pop(key)
    svc = app.extensions["docgen"].clusters
    made = svc.create({"members": UNITS, "document": doc},
                      Actor(login="org", name="org", agency="vks-gia-lai",
                            roles=frozenset({"clerk"})))
    with serving(app) as url:
        yield url, svc, made.row.id


def _tab(browser, base: str, login: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS["wide"], locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    page.on("dialog", lambda d: d.accept())
    sign_in(page, base, login, PASSWORD)
    page.errors = errors
    return page


def _clean(page, name: str, screenshot, anchor: str | None = None) -> None:  # type: ignore[no-untyped-def]
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        if anchor:  # the screenshot shows this part of the page
            page.evaluate("a => document.querySelector(a).scrollIntoView()", anchor)
        screenshot(page, f"cluster-{name}-{size}")
        assert axe_violations(page) == [], f"{name} at {size}"
        assert sideways_scroll(page) == 0, f"{name} scrolls sideways at {size}"
    page.set_viewport_size(VIEWPORTS["wide"])


def test_a_cluster_year_from_scoring_to_the_minutes(browser, cluster_server, screenshot):
    base, svc, yid = cluster_server
    member = _tab(browser, base, "p8")
    member.goto(f"{base}/clusters/{yid}")
    _clean(member, "member-empty", screenshot)
    assert member.inner_text("#live-total") == "0"
    # The live total follows the grid: criterion 2 (yes/no, 15) and 3 (2 a time, 3 times).
    member.select_option("#v-2", "true")
    assert member.inner_text("#live-total") == "15"
    member.fill("#v-3", "3")
    member.fill("#e-3", "Kháng nghị số 12, 15, 21")
    assert member.inner_text("#live-total") == "21"
    for code, value in EXAMPLE["results"]["P8"].items():
        if code == "1":
            member.fill("#a-1", str(value["actual"]))
            member.fill("#t-1", str(value["target"]))
        elif code not in ("2", "3"):
            if isinstance(value, bool):
                member.select_option(f"#v-{code}", "true" if value else "false")
            else:
                member.fill(f"#v-{code}", str(value))
    member.click("#save-scores")
    member.wait_for_selector(".flash-success")
    # After saving: the server's numbers.
    server = svc.get(yid, Actor(login="x", name="x", agency="gl-p8",
                                roles=frozenset({"clerk"})))
    assert server.year.results["P8"]["3"].evidence == "Kháng nghị số 12, 15, 21"
    assert member.inner_text("#ranking tr[data-member=P8] td.number") == \
        member.inner_text("#live-total")
    _clean(member, "member-saved", screenshot)
    # Another unit's row is shown, not editable.
    member.goto(f"{base}/clusters/{yid}?member=TT")
    assert member.locator("#save-scores").count() == 0

    head = _tab(browser, base, "tt")
    head.goto(f"{base}/clusters/{yid}?member=P8")
    before = head.inner_text("#ranking tr[data-member=P8] td.number")
    head.select_option("#r-2", "false")
    head.click("text=Thẩm định tiêu chí 2")
    head.wait_for_selector(".flash-error")  # a changed score needs its reason
    assert "phải ghi lý do" in head.inner_text("#cluster-messages")
    head.fill("#rc-2", "Có sai sót bị cấp trên kết luận")
    head.click("text=Thẩm định tiêu chí 2")
    head.wait_for_selector(".flash-success")
    assert "Lý do: Có sai sót bị cấp trên kết luận" in head.inner_text("tr[data-criterion='2']")
    assert head.input_value("#r-2") == "false"  # the review in force, offered again
    after = head.inner_text("#ranking tr[data-member=P8] td.number")
    # Only P8 has scored: it has the best ratio above target (30 of 30) and loses 15.
    assert (before, after) == ("73", "58")
    _clean(head, "head-reviewed", screenshot)

    # The rest score over the API; the khối trưởng locks and records the meeting.
    version = svc.get(yid, Actor(login="x", name="x", agency="gl-tt",
                                 roles=frozenset({"leader"}))).row.version
    for code, row in EXAMPLE["results"].items():
        if code != "P8":
            version = svc.score(yid, {"version": version, "member": code, "results": row},
                                Actor(login=code, name=code, agency=UNITS[code],
                                      roles=frozenset({"clerk"}))).row.version
    head.goto(f"{base}/clusters/{yid}")
    head.click("#lock-year")
    head.wait_for_selector("#meeting")
    assert head.inner_text("#year-status") == "Đã chốt kết quả"
    head.fill("#m-date", "2026-12-15")
    head.fill("#m-place", "Hội trường tầng 5")
    head.fill("#m-chair-title", "Chánh Thanh tra, Khối trưởng")
    head.fill("#m-chair-name", "Thái Văn Mừng")
    head.fill("#m-sec-title", "Chuyên viên Phòng 15")
    head.fill("#m-sec-name", "Phạm Quốc Đạt")
    head.fill("#vote-TT", "4")
    head.select_option("#m-award", "co_thi_dua_nganh")
    head.fill("#m-to", "Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh Gia Lai")
    head.click("#save-meeting")
    head.wait_for_selector("#vote-result")
    assert "4/5 phiếu, cần 4" in head.inner_text("#vote-result")
    assert "đạt" in head.inner_text("#vote-result strong")
    kept = svc.get(yid, Actor(login="x", name="x", agency="gl-tt", roles=frozenset({"leader"})))
    assert (kept.year.proposal.award, kept.year.meeting.votes_for_leader) == (
        "co_thi_dua_nganh", {"TT": 4})
    _clean(head, "head-meeting", screenshot)

    organiser = _tab(browser, base, "org")
    organiser.goto(f"{base}/clusters/{yid}")
    # The server's totals as people read them (decimal comma).
    assert organiser.inner_text("#ranking tr[data-member=P15] td.number") == "70,33"
    _clean(organiser, "organiser", screenshot)
    organiser.click("#make-minutes")
    organiser.wait_for_url(f"{base}/registry/*")
    assert "Biên bản họp bình xét, suy tôn thi đua năm 2026" in organiser.inner_text("main")
    # Made from the year, not from a form: no form to reopen it in.
    assert organiser.locator("#step-edit").count() == 0
    screenshot(organiser, "cluster-minutes-draft")
    for page in (member, head, organiser):
        assert page.errors == []
        page.context.close()


def test_the_organiser_sets_a_year_up_from_a_pledge(browser, cluster_server, screenshot):
    base, svc, _ = cluster_server
    registry = svc.registry
    people = {r: Actor(login=f"gl-{r}", name=r, agency="vks-gia-lai", roles=frozenset({r}))
              for r in ("clerk", "leader", "records")}
    pledge = registry.create_draft("pledge", load_json_sample("pledge") | {"year": 2027},
                                   people["clerk"])
    registry.submit(pledge.id, people["clerk"])
    registry.approve(pledge.id, people["leader"])
    registry.issue(pledge.id, people["records"])
    organiser = _tab(browser, base, "org")
    organiser.goto(f"{base}/clusters/")
    organiser.click("#new-cluster-year")
    organiser.select_option("#pledge", str(pledge.id))
    organiser.click("#pick-pledge")
    organiser.wait_for_selector("#new-year")
    # Khối thi đua số 2 has its 2026 table: it is taken up for 2027.
    assert "dùng lại bảng năm 2026" in organiser.inner_text("#last-table")
    _clean(organiser, "new-year", screenshot)
    for i, agency in enumerate(["gl-tt", "gl-p15", "gl-vp", "gl-p8", "gl-p8"], start=1):
        organiser.select_option(f"#agency-{i}", agency)
    organiser.click("#create-year")
    organiser.wait_for_selector(".flash-error")  # one agency for two units
    assert "đã là một đơn vị khác" in organiser.inner_text("#cluster-messages")
    organiser.select_option("#agency-5", "gl-p11")
    organiser.click("#create-year")
    organiser.wait_for_url(re.compile(r"/clusters/\d+$"))
    assert "Khối thi đua số 2 · năm thi đua 2027" in organiser.inner_text("h1")
    assert organiser.errors == []
    organiser.context.close()


def test_the_khoi_truong_edits_the_table_of_criteria(browser, cluster_server, screenshot):
    """"Bảng tiêu chí": a criterion added to a section with the keyboard, one moved up, a
    scored one refused removal, a bad maximum answered in Vietnamese, then saved."""
    base, svc, _ = cluster_server
    doc = copy.deepcopy(EXAMPLE)
    for key in ("results", "reviews", "meeting"):
        doc.pop(key)
    doc["cluster"]["name"] = "Khối thi đua số 3"
    organiser = Actor(login="org", name="org", agency="vks-gia-lai",
                      roles=frozenset({"clerk"}))
    yid = svc.create({"members": UNITS, "document": doc}, organiser).row.id
    svc.score(yid, {"version": 1, "member": "P8", "results": {"2": True}},
              Actor(login="p8", name="p8", agency="gl-p8", roles=frozenset({"clerk"})))
    head = _tab(browser, base, "tt")
    head.goto(f"{base}/clusters/{yid}")
    head.wait_for_selector("#criteria-tree .crit-node")
    _clean(head, "criteria-editor", screenshot, "#criteria-title")
    # The scored criterion keeps its number and kind.
    row2 = head.locator(".crit-node", has=head.locator("input[name=code][value='2']")).last
    assert row2.locator("[name=kind]").is_disabled()
    assert "đã có đơn vị chấm" in row2.inner_text()
    head.click("[aria-label='Xóa I']")
    assert "tiêu chí 2 đã có đơn vị chấm" in head.inner_text("#cluster-messages")
    # With the keyboard: a bonus criterion under section III.
    head.focus("[aria-label='Thêm tiêu chí vào phần III']")
    head.keyboard.press("Enter")
    head.keyboard.type("9")
    head.keyboard.press("Tab")
    head.keyboard.type("Sáng kiến được công nhận")
    head.keyboard.press("Tab")
    new = head.locator(".crit-node").last
    new.locator("[name=kind]").select_option("bonus")
    assert new.locator("[name=points]").is_visible()
    new.locator("[name=points]").fill("1")
    # Criterion 5 moves above 4, with the focus on its button.
    head.focus("[aria-label='Chuyển lên 5']")
    head.keyboard.press("Enter")
    assert head.evaluate("document.activeElement.getAttribute('aria-label')") == "Chuyển lên 5"
    head.fill("#criteria-reason", "Hội nghị Khối bổ sung tiêu chí sáng kiến")
    head.click("#save-criteria")
    # The refusal of "Xóa I" is still shown: wait for the answer to this save instead.
    head.wait_for_selector("#cluster-messages:has-text('Tiêu chí 9: ')")
    assert "Tiêu chí 9: " in head.inner_text("#cluster-messages")
    assert "thiếu điểm tối đa" in head.inner_text("#cluster-messages")
    new.locator("[name=max]").fill("3")
    head.click("#save-criteria")
    head.wait_for_selector(".flash-success")
    assert "Đã lưu bảng tiêu chí" in head.inner_text("#cluster-messages")
    kept = svc.get(yid, organiser).year
    assert kept.criterion("9").type == "bonus" and kept.criterion("9").max == 3
    assert [c.code for c in kept.criteria[1].children or []] == ["5", "4", "6"]
    assert "Hội nghị Khối bổ sung tiêu chí sáng kiến" in head.inner_text("#setup-changes")
    # The grid shows the new criterion to be scored.
    assert head.locator("tr[data-criterion='9']").count() == 1
    _clean(head, "criteria-saved", screenshot, "#criteria-title")
    # A member sees the trail, not the editor.
    member = _tab(browser, base, "p8")
    member.goto(f"{base}/clusters/{yid}")
    assert member.locator("#criteria-editor").count() == 0
    assert "Thêm 9" in member.inner_text("#setup-changes")
    for page in (head, member):
        assert page.errors == []
        page.context.close()


def test_the_organiser_changes_the_members_before_scoring(browser, cluster_server,
                                                          screenshot):
    """"Đơn vị thành viên": Phòng 11 leaves, a new unit takes its agency; the khối trưởng
    cannot be unticked."""
    base, svc, _ = cluster_server
    doc = copy.deepcopy(EXAMPLE)
    for key in ("results", "reviews", "meeting"):
        doc.pop(key)
    doc["cluster"]["name"] = "Khối thi đua số 4"
    organiser = Actor(login="org", name="org", agency="vks-gia-lai",
                      roles=frozenset({"clerk"}))
    yid = svc.create({"members": UNITS, "document": doc}, organiser).row.id
    page = _tab(browser, base, "org")
    page.goto(f"{base}/clusters/{yid}")
    _clean(page, "members-editor", screenshot, "#members-title")
    assert page.locator("#keep-TT").is_disabled()
    page.uncheck("#keep-P11")
    page.fill("#new-code", "P12")
    page.fill("#new-name", "Phòng 12")
    page.fill("#new-leader-title", "Trưởng phòng")
    page.fill("#new-leader-name", "Trần Thị Mai")
    page.click("#save-members")
    page.wait_for_selector(".flash-error")  # no agency chosen
    assert "không có cơ quan '' trong danh mục" in page.inner_text("#cluster-messages")
    page.select_option("#new-agency", "gl-p11")
    page.fill("#members-reason", "Phòng 11 sáp nhập vào Phòng 12")
    page.click("#save-members")
    page.wait_for_selector(".flash-success")
    kept = svc.get(yid, organiser)
    assert [m.code for m in kept.year.members] == ["VP", "TT", "P8", "P15", "P12"]
    assert kept.members["P12"] == "gl-p11"
    assert "Thêm đơn vị P12; bỏ đơn vị P11 — Phòng 11 sáp nhập vào Phòng 12" in \
        page.inner_text("#setup-changes")
    assert page.locator("#ranking tr[data-member=P12]").count() == 1
    assert page.errors == []
    page.context.close()
