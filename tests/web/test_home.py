"""The home page ("Việc của tôi") of each role: the papers waiting for a step the person
may take (a returned draft with the leader's comment, shown again on the form where it is
fixed; a submitted paper for the leader; an approved paper for the records office), the
batches running, the counts in the menu, all of their own agency only (every agency for
the administrator); and every card or menu entry offered opens (none answers 403)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import pytest

from docgen.catalog import load_catalog
from docgen.http.auth import accounts
from docgen.http.context import services
from docgen.services.accounts.identity import Actor
from tests.helpers import load_json_sample

HY, TC = "vks-hung-yen", "vkstc"
ROLES = ("clerk", "leader", "records", "admin")
COMMENT = "Sửa số lượng: 08 cá nhân, không phải 07 <b>gấp</b>"


def _actor(login: str, role: str, agency: str = HY) -> Actor:
    return Actor(login=login, name=login, agency=agency, roles=frozenset({role}))


def _decision(agency: str = HY) -> dict[str, Any]:
    """The sample award decision, issued by ``agency``."""
    data = load_json_sample("award-decision")
    if agency == TC:
        a = load_catalog().agency(TC)
        assert a is not None
        data["issuer"] = {"name": a.name, "symbol": a.symbol, "place": a.place}
    return data


@pytest.fixture
def office(app):  # type: ignore[no-untyped-def]
    """VKS Hưng Yên's clerk, leader, records officer, an administrator, and VKSTC people;
    papers in every waiting state of both agencies; a batch of Hưng Yên running."""
    svc = accounts(app)
    tokens = {}
    for role in ROLES:
        svc.add_user(role, f"Cán bộ {role}", "VKSHY", [role], "mat-khau-trang-chu")
        tokens[role] = svc.issue_token(role).secret
    for role in ("clerk", "leader"):
        svc.add_user(f"tc-{role}", f"Trung ương {role}", "VKSTC", [role], "mat-khau-trang-chu")
    reg = services(app).registry
    clerk, leader = _actor("clerk", "clerk"), _actor("leader", "leader")
    ids: dict[str, int] = {}
    # Returned with a comment, then saved once more (a draft again, not yet resubmitted).
    ids["returned"] = reg.create_draft("award-decision", _decision(), clerk).id
    reg.submit(ids["returned"], clerk)
    reg.return_paper(ids["returned"], leader, COMMENT)
    ids["submitted"] = reg.create_draft("award-decision", _decision(), clerk).id
    reg.submit(ids["submitted"], clerk)
    ids["approved"] = reg.create_draft("award-decision", _decision(), clerk).id
    reg.submit(ids["approved"], clerk)
    reg.approve(ids["approved"], leader)
    # Another clerk's draft of the same agency: not in this clerk's lists.
    svc.add_user("clerk2", "Cán bộ khác", "VKSHY", ["clerk"], "mat-khau-trang-chu")
    ids["other-draft"] = reg.create_draft("award-decision", _decision(),
                                          _actor("clerk2", "clerk")).id
    # VKSTC's submitted paper: never in Hưng Yên's lists, in the administrator's counts.
    tc_clerk = _actor("tc-clerk", "clerk", TC)
    ids["tc-submitted"] = reg.create_draft("award-decision", _decision(TC), tc_clerk).id
    reg.submit(ids["tc-submitted"], tc_clerk)
    store = services(app).batches.store
    batch = store.create({"kind": "certificates", "output_format": "pdf", "source": "json",
                          "input_name": "danh-sach-thi-dua.xlsx", "agency": HY,
                          "created_by": "clerk"}, {"input": b"{}"})
    store.update(batch.id, state="running", total=40, done=12)

    def client(role: str):  # type: ignore[no-untyped-def]
        c = app.test_client()
        c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[role]}"
        return c

    return client, ids


def _section(page: str, key: str) -> str:
    found = re.search(rf'<section class="work-list" id="work-{key}".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _count(section: str) -> int:
    return int(re.search(r'<span class="count">(\d+)</span>', section).group(1))


def _paper_ids(section: str) -> set[int]:
    return {int(x) for x in re.findall(r'href="/registry/(\d+)"', section)}


def _links(page: str) -> set[str]:
    """Every page the home page links to (not the sign-out form, static files, anchors)."""
    out = set()
    for href in re.findall(r'href="([^"#]+)', page):
        path = unescape(href)
        if not path.startswith("/static/") and urlsplit(path).scheme == "":
            out.add(path)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_card_and_link_offered_opens(office, role):
    client, _ = office
    page = client(role).get("/")
    assert page.status_code == 200
    links = _links(page.get_data(as_text=True))
    assert "/" in links or any(x.startswith("/registry") for x in links)
    for path in sorted(links):
        assert client(role).get(path).status_code == 200, f"{role}: {path}"


def test_cards_follow_the_permission_table(office):
    client, _ = office
    pages = {r: client(r).get("/").get_data(as_text=True) for r in ROLES}
    # The leader prints no certificates; the administrator drafts nothing.
    assert 'href="/batch"' not in pages["leader"]
    assert 'href="/papers/' not in pages["admin"] and 'href="/batch"' not in pages["admin"]
    assert 'href="/admin/users"' in pages["admin"]
    assert 'href="/admin/users"' not in pages["clerk"]
    for r in ("clerk", "records"):
        assert 'href="/batch"' in pages[r]
    assert 'href="/papers/award-decision"' in pages["clerk"]


def test_clerk_sees_the_returned_draft_and_its_comment(office):
    client, ids = office
    page = client("clerk").get("/").get_data(as_text=True)
    returned = _section(page, "returned")
    assert _paper_ids(returned) == {ids["returned"]} and _count(returned) == 1
    # The comment, as text (never markup), and who wrote it.
    assert "Sửa số lượng: 08 cá nhân, không phải 07 &lt;b&gt;gấp&lt;/b&gt;" in returned
    assert "<b>gấp</b>" not in returned
    assert "Cán bộ leader (leader)" in returned
    assert f'href="/papers/award-decision?draft={ids["returned"]}"' in returned
    drafts = _section(page, "drafts")
    assert _paper_ids(drafts) == set() and _count(drafts) == 0  # clerk2's is not theirs
    assert _section(page, "approve") == "" and _section(page, "issue") == ""
    # The menu counts what waits for them.
    assert re.search(r'id="nav-work">Việc của tôi <span class="count">1<', page)
    # The form where the draft is fixed shows the comment above the fields.
    form = client("clerk").get(f"/papers/award-decision?draft={ids['returned']}")
    text = form.get_data(as_text=True)
    assert 'id="return-note"' in text and "không phải 07 &lt;b&gt;gấp&lt;/b&gt;" in text
    assert "Cán bộ leader" in text
    # Another paper, or none, shows no comment.
    assert 'id="return-note"' not in client("clerk").get(
        f"/papers/award-decision?draft={ids['submitted']}").get_data(as_text=True)
    assert 'id="return-note"' not in client("clerk").get(
        "/papers/award-decision").get_data(as_text=True)


def test_the_comment_stays_until_the_draft_is_submitted_again(app, office):
    client, ids = office
    reg, clerk = services(app).registry, _actor("clerk", "clerk")
    reg.update_draft(ids["returned"], _decision(), clerk)  # a draft again
    page = client("clerk").get("/").get_data(as_text=True)
    drafts = _section(page, "drafts")
    assert _paper_ids(drafts) == {ids["returned"]}
    form = client("clerk").get(f"/papers/award-decision?draft={ids['returned']}")
    assert 'id="return-note"' in form.get_data(as_text=True)
    reg.submit(ids["returned"], clerk)
    form = client("clerk").get(f"/papers/award-decision?draft={ids['returned']}")
    assert 'id="return-note"' not in form.get_data(as_text=True)


def test_leader_sees_papers_to_approve_and_to_sign(office):
    client, ids = office
    page = client("leader").get("/").get_data(as_text=True)
    approve = _section(page, "approve")
    assert _paper_ids(approve) == {ids["submitted"]} and _count(approve) == 1  # not VKSTC's
    sign = _section(page, "sign")
    assert _paper_ids(sign) == {ids["approved"]}
    assert _section(page, "returned") == "" and _section(page, "issue") == ""
    assert re.search(r'id="nav-work">Việc của tôi <span class="count">2<', page)


def test_records_sees_approved_papers_and_running_batches(office):
    client, ids = office
    page = client("records").get("/").get_data(as_text=True)
    issue = _section(page, "issue")
    assert _paper_ids(issue) == {ids["approved"]} and _count(issue) == 1
    batches = _section(page, "batches")
    assert "danh-sach-thi-dua.xlsx" in batches and "đang in 12/40" in batches
    assert _section(page, "approve") == ""


def test_admin_sees_every_agency_and_acts_on_none(office):
    client, _ = office
    page = client("admin").get("/").get_data(as_text=True)
    for key in ("returned", "drafts", "approve", "sign", "issue"):
        assert _section(page, key) == ""
    # Both agencies' submitted papers (Hưng Yên's and VKSTC's) are in the counts.
    assert re.search(r"Chờ duyệt: <strong>2</strong>", page)
    assert "danh-sach-thi-dua.xlsx" in _section(page, "batches")
    assert 'id="nav-work">Việc của tôi</a>' in page
    # A Hưng Yên leader counts their own agency's only.
    assert re.search(r"Chờ duyệt: <strong>1</strong>",
                     client("leader").get("/").get_data(as_text=True))


def test_one_clerk_of_another_agency_sees_none_of_this_agencys_work(app, office):
    client, ids = office
    svc = accounts(app)
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {svc.issue_token('tc-leader').secret}"
    page = c.get("/").get_data(as_text=True)
    assert _paper_ids(_section(page, "approve")) == {ids["tc-submitted"]}
    assert _section(page, "batches") == ""


def test_the_menu_leaves_its_count_out_when_the_database_fails(office, monkeypatch):
    """An error page (the database unavailable) has a menu too: it must not fail again."""
    from sqlalchemy.exc import OperationalError

    from docgen.http.web import pages

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(pages, "counts", broken)
    client, _ = office
    page = client("clerk").get("/registry/").get_data(as_text=True)
    assert 'id="nav-work">Việc của tôi</a>' in page
