"""The registry pages, signed in through the form as each person of the office: the list and
its filters, a paper's page with only the steps its reader may take, the steps themselves
(refused by the server when the role or state does not allow them, whatever the page
shows), the register books and their XLSX, and the administrator's user pages."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook

from docgen.http.context import services
from docgen.services.accounts.identity import system_actor
from tests.accounts.conftest import page_token
from tests.conftest import TEST_PASSWORD
from tests.helpers import load_json_sample, pdf_text

SYS = system_actor()


@pytest.fixture
def office(app, make_user):  # type: ignore[no-untyped-def]
    """VKS Hưng Yên's clerk, leader and records officer, an admin, and a VKSTC user with
    every office role; ``office["lan"]`` is a test client signed in as that person."""
    people = {"lan": (["clerk"], "VKSHY"), "hung": (["leader"], "VKSHY"),
              "mai": (["records"], "VKSHY"), "quan": (["admin"], "VKSHY"),
              "binh": (["clerk", "leader", "records"], "VKSTC")}
    clients = {}
    for login, (roles, agency) in people.items():
        make_user(login, roles, agency)
        c = app.test_client()
        resp = c.post("/login", data={"login": login, "password": TEST_PASSWORD,
                                      "csrf_token": page_token(c)})
        assert resp.status_code == 302, resp.get_data(as_text=True)
        clients[login] = c
    return clients


def draft_of(app, office, kind: str = "award-decision", **changes):  # type: ignore[no-untyped-def]
    """A draft saved by the clerk through the API, as "Lưu vào sổ" does; its id."""
    c = office["lan"]
    resp = c.post("/api/v1/papers", json={"kind": kind, "input": load_json_sample(kind) |
                                          changes},
                  headers={"X-CSRFToken": page_token(c, "/")})
    assert resp.status_code == 201, resp.json
    return resp.json["id"]


def step(client, paper_id: int, name: str, **form):  # type: ignore[no-untyped-def]
    token = page_token(client, f"/registry/{paper_id}")
    return client.post(f"/registry/{paper_id}/{name}", data={"csrf_token": token, **form})


def steps_shown(client, paper_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    html = client.get(f"/registry/{paper_id}").get_data(as_text=True)
    return set(re.findall(r'id="step-([a-z]+)"', html))


@pytest.mark.slow
def test_each_person_sees_only_the_steps_they_may_take_now(app, office):
    paper = draft_of(app, office)
    assert steps_shown(office["lan"], paper) == {"edit", "submit"}
    assert steps_shown(office["hung"], paper) == set()
    assert step(office["lan"], paper, "submit").status_code == 302
    assert steps_shown(office["lan"], paper) == set()
    assert steps_shown(office["hung"], paper) == {"approve", "return"}
    assert steps_shown(office["mai"], paper) == set()
    assert step(office["hung"], paper, "approve").status_code == 302
    assert steps_shown(office["mai"], paper) == {"issue"}
    assert steps_shown(office["quan"], paper) == set()  # an admin sees, does not act


@pytest.mark.slow
def test_the_server_refuses_a_step_the_page_does_not_offer(app, office):
    paper = draft_of(app, office)
    # A clerk forging the records office's form: 403, and nothing happened.
    assert step(office["lan"], paper, "issue").status_code == 403
    # Another agency's user: as if the paper did not exist.
    assert step(office["binh"], paper, "submit").status_code == 404
    assert office["binh"].get(f"/registry/{paper}").status_code == 404
    assert services(app).registry.get(paper, SYS).status == "draft"
    # No token: refused before anything else.
    assert office["lan"].post(f"/registry/{paper}/submit").status_code == 400
    assert office["lan"].post(f"/registry/{paper}/publish", data={
        "csrf_token": page_token(office["lan"], "/")}).status_code == 404  # no such step
    assert office["lan"].post(f"/registry/{paper}/sign", data={
        "csrf_token": page_token(office["lan"], "/")}).status_code == 403  # leaders sign


@pytest.mark.slow
def test_return_with_comment_then_edit_and_resubmit(app, office):
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    refused = step(office["hung"], paper, "return", comment="  ")
    assert refused.status_code == 422
    assert "Chưa thực hiện được: cần ghi ý kiến khi trả lại" in refused.get_data(as_text=True)
    step(office["hung"], paper, "return", comment="Sửa lại trích yếu")
    page = office["lan"].get(f"/registry/{paper}").get_data(as_text=True)
    assert "Bị trả lại" in page and "Sửa lại trích yếu" in page
    assert steps_shown(office["lan"], paper) == {"edit", "submit"}
    assert f"/papers/award-decision?draft={paper}" in page


@pytest.mark.slow
def test_issue_with_date_and_manual_number_then_revoke(app, office):
    first, second = draft_of(app, office), draft_of(app, office)
    for paper in (first, second):
        step(office["lan"], paper, "submit")
        step(office["hung"], paper, "approve")
    done = step(office["mai"], first, "issue", date="2026-01-05", number="7")
    page = office["mai"].get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã ban hành" in page and "07/QĐ-VKSHY" in page and "05/01/2026" in page
    # The same number again: refused with a clear message, the paper stays approved.
    again = step(office["mai"], second, "issue", date="2026-01-06", number="7")
    assert again.status_code == 409
    assert "Chưa thực hiện được: số 07/QĐ-VKSHY năm 2026" in again.get_data(as_text=True)
    assert services(app).registry.get(second, SYS).status == "approved"
    bad = step(office["mai"], second, "issue", date="31/02/2026")
    assert bad.status_code == 422
    assert "ngày 31/02/2026 không có trong lịch" in bad.get_data(as_text=True)
    assert services(app).registry.get(second, SYS).status == "approved"
    pdf = office["mai"].get(f"/api/v1/papers/{first}/file.pdf").data
    assert "Số: 07/QĐ-VKSHY" in pdf_text(pdf)
    step(office["mai"], first, "revoke", reason="Ghi nhầm tên người được khen")
    page = office["lan"].get(f"/registry/{first}").get_data(as_text=True)
    assert "Đã thu hồi" in page and "Ghi nhầm tên người được khen" in page


@pytest.mark.slow
def test_issue_date_is_typed_the_vietnamese_way(app, office, clock):
    """The issue date is a ngày/tháng/năm text box like every date of the forms (a browser's
    date box shows mm/dd/yyyy in an English browser), prefilled with today."""
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    step(office["hung"], paper, "approve")
    html = office["mai"].get(f"/registry/{paper}").get_data(as_text=True)
    box = re.search(r'<input [^>]*id="issue-date"[^>]*>', html).group(0)
    assert 'type="text"' in box and f'value="{clock.today():%d/%m/%Y}"' in box
    # The number box looks like the forms' number boxes (a text box with a numeric keypad).
    number = re.search(r'<input [^>]*id="issue-number"[^>]*>', html).group(0)
    assert 'type="text"' in number and 'class="number"' in number
    step(office["mai"], paper, "issue", date="5/1/2026")
    assert services(app).registry.get(paper, SYS).issued_on == date(2026, 1, 5)


@pytest.mark.slow
def test_the_issue_form_says_what_issuing_today_changes(app, office, clock):
    """The sample decision was approved dated 05/01/2026 (base salary 2,340,000): issued
    on 01/08/2026 its reward follows the base salary then, and the records officer is told."""
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    step(office["hung"], paper, "approve")
    clock.at(datetime(2026, 1, 5, 3, 0, tzinfo=UTC))
    html = office["mai"].get(f"/registry/{paper}").get_data(as_text=True)
    assert 'id="issue-notes"' not in html
    clock.at(datetime(2026, 8, 1, 3, 0, tzinfo=UTC))
    html = office["mai"].get(f"/registry/{paper}").get_data(as_text=True)
    notes = re.search(r'<div class="notice" role="note" id="issue-notes">(.*?)</div>', html,
                      re.S).group(1)
    assert "Ban hành hôm nay (01/08/2026)" in notes
    assert "2.340.000 → 2.530.000 đồng" in notes
    # Only the one who issues is told; the clerk's page has no issue form.
    assert 'id="issue-notes"' not in office["lan"].get(f"/registry/{paper}").get_data(
        as_text=True)


@pytest.mark.slow
def test_pages_name_people_not_only_their_logins(app, office):
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    html = office["hung"].get(f"/registry/{paper}").get_data(as_text=True)
    assert "<dd>Cán bộ lan (lan)</dd>" in html
    history = re.search(r'<ol class="history" id="history">(.*?)</ol>', html, re.S).group(1)
    assert "Cán bộ lan (lan)" in history
    assert "Cán bộ lan (lan)" in office["hung"].get("/registry/").get_data(as_text=True)


@pytest.mark.slow
def test_a_refused_step_keeps_what_was_typed(app, office):
    """A refused issue (bad date) or revoke shows the page again with the boxes as typed."""
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    step(office["hung"], paper, "approve")
    refused = step(office["mai"], paper, "issue", date="31/02/2026", number="12")
    html = refused.get_data(as_text=True)
    assert re.search(r'<input [^>]*id="issue-date"[^>]*value="31/02/2026"', html)
    assert re.search(r'<input [^>]*id="issue-number"[^>]*value="12"', html)
    step(office["mai"], paper, "issue", date="05/01/2026")
    reason = "Ghi nhầm <đơn vị> & tên"
    refused = step(office["mai"], paper, "revoke", reason=reason + "x" * 2001)
    assert refused.status_code == 422
    assert "Ghi nhầm &lt;đơn vị&gt; &amp; tên" in refused.get_data(as_text=True)
    assert services(app).registry.get(paper, SYS).status == "issued"


@pytest.mark.slow
def test_paper_page_shows_preview_data_history_and_files(app, office):
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    html = office["hung"].get(f"/registry/{paper}").get_data(as_text=True)
    assert html.count('src="data:image/png;base64,') == 2  # the first two pages
    assert "Nguyễn Thị Hồng Nhung" in html  # the input, shown in full
    history = re.search(r'<ol class="history" id="history">(.*?)</ol>', html, re.S).group(1)
    assert history.index("Tạo dự thảo") < history.index("Trình duyệt")
    assert f"/api/v1/papers/{paper}/file.pdf" in html
    # Viewing is not downloading: the history does not grow by looking at the page.
    assert [e.action for e in services(app).registry.audit_of(paper, SYS)] == ["create", "submit"]


@pytest.mark.slow
def test_history_shows_the_offices_clock_not_utc(app, office):
    """The audit keeps UTC; a clerk in Vietnam reads the history in Vietnam's time."""
    paper = draft_of(app, office)
    entry = services(app).registry.audit_of(paper, SYS)[0]
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    local = at.astimezone(timezone(timedelta(hours=7)))
    html = office["lan"].get(f"/registry/{paper}").get_data(as_text=True)
    history = re.search(r'<ol class="history" id="history">(.*?)</ol>', html, re.S).group(1)
    assert local.strftime("%d/%m/%Y %H:%M") in history
    assert f'datetime="{local.isoformat(timespec="seconds")}"' in history
    assert at.strftime("%d/%m/%Y %H:%M") not in history


@pytest.mark.slow
def test_list_filters_search_and_pages_newest_first(app, office):
    ids = [draft_of(app, office) for _ in range(21)]
    directive = draft_of(app, office, "directive", issuer=load_json_sample(
        "award-decision")["issuer"])
    c = office["hung"]
    html = c.get("/registry/").get_data(as_text=True)
    assert "22 văn bản · trang 1/2" in html
    first_link = re.search(r'href="/registry/(\d+)"', html).group(1)
    assert int(first_link) == directive  # newest first
    html2 = c.get("/registry/?page=2").get_data(as_text=True)
    assert re.findall(r'href="/registry/(\d+)"', html2) == [str(ids[1]), str(ids[0])]
    assert "1 văn bản" in c.get("/registry/?kind=directive").get_data(as_text=True)
    assert "0 văn bản" in c.get("/registry/?state=approved").get_data(as_text=True)
    assert "21 văn bản" in c.get("/registry/?q=Nhung").get_data(as_text=True)
    assert "0 văn bản" in office["binh"].get("/registry/").get_data(as_text=True)
    assert c.get("/registry/?year=abc").status_code == 422


def test_registered_certificates_are_listed_with_their_register_numbers(app, office):
    from docgen.services.jobs import certificates as jobs

    data = load_json_sample("certificate")
    del data["register_start"]
    data["registered"] = True
    data["external_decision"] = True
    jobs.run(jobs.from_json(data), registry=services(app).registry)
    html = office["binh"].get("/registry/?kind=certificate&q=Mai").get_data(as_text=True)
    assert "1 bằng" in html and "Bà Lò Thị Mai" in html
    assert re.search(r'<td class="num">2</td>', html)
    # VKS Hưng Yên does not see VKSTC's register.
    assert "0 bằng" in office["lan"].get("/registry/?kind=certificate").get_data(as_text=True)


@pytest.mark.slow
def test_register_books_per_year_and_their_xlsx(app, office, clock):
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    step(office["hung"], paper, "approve")
    step(office["mai"], paper, "issue", date=f"{clock.today().year}-01-05")
    html = office["mai"].get("/registry/books/di").get_data(as_text=True)
    assert "Sổ đăng ký văn bản đi" in html and "01/QĐ-VKSHY" in html
    assert f"05/01/{clock.today().year}" in html
    assert "chưa có dòng nào" in office["mai"].get(
        f"/registry/books/di?year={clock.today().year - 1}").get_data(as_text=True)
    xlsx = office["mai"].get("/registry/books/di/export.xlsx")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    assert ws["A4"].value == "01/QĐ-VKSHY"
    # VKSTC's records officer reads VKSTC's book; Hưng Yên's is not theirs.
    assert office["binh"].get("/registry/books/di?agency=vks-hung-yen").status_code == 404
    assert office["lan"].get("/registry/books/di").status_code == 403
    # The admin picks any agency.
    assert "01/QĐ-VKSHY" in office["quan"].get(
        "/registry/books/di?agency=vks-hung-yen").get_data(as_text=True)
    assert office["mai"].get("/registry/books/den").status_code == 404


def test_form_page_offers_save_to_registry_only_to_drafters(office):
    assert 'id="save-registry"' in office["lan"].get("/papers/award-decision").get_data(
        as_text=True)
    assert 'id="save-registry"' not in office["lan"].get("/papers/certificate").get_data(
        as_text=True)
    assert 'id="save-registry"' not in office["hung"].get("/papers/award-decision").get_data(
        as_text=True)


def test_admin_adds_disables_and_issues_a_token_shown_once(app, office):
    admin = office["quan"]
    token = page_token(admin, "/admin/users")
    bad = admin.post("/admin/users", data={"csrf_token": token, "login": "tu an",
                                           "name": "", "agency": "vks-hung-yen",
                                           "password": "ngan"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "tên đăng nhập chỉ gồm chữ" in html and 'value="tu an"' in html
    ok = admin.post("/admin/users", data={"csrf_token": token, "login": "tuan",
                                          "name": "Đỗ Văn Tuấn", "agency": "vks-hung-yen",
                                          "roles": ["clerk", "leader"],
                                          "password": "mat-khau-moi-dai"})
    assert ok.status_code == 302
    assert "Đỗ Văn Tuấn" in admin.get("/admin/users").get_data(as_text=True)
    made = admin.post("/admin/users/tuan/tokens", data={"csrf_token": token,
                                                        "expires_days": "30"})
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    secret = re.search(r'<code id="new-token">([^<]+)</code>', made.get_data(as_text=True))
    secret = secret.group(1)
    assert secret not in admin.get("/admin/users").get_data(as_text=True)  # shown once
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert api.get("/api/v1/papers").status_code == 200
    token_id = re.search(r"/admin/users/tuan/tokens/(\d+)/revoke",
                         admin.get("/admin/users").get_data(as_text=True)).group(1)
    admin.post(f"/admin/users/tuan/tokens/{token_id}/revoke", data={"csrf_token": token})
    assert api.get("/api/v1/papers").status_code == 401
    admin.post("/admin/users/tuan/disable", data={"csrf_token": token})
    assert "Đã khóa" in admin.get("/admin/users").get_data(as_text=True)
    assert office["lan"].get("/admin/users").status_code == 403


@pytest.mark.slow
def test_steps_that_cannot_be_undone_ask_first(app, office):
    """Issue, revoke, disabling an account and revoking a token carry a question that
    confirm.js asks before the form is sent (the browser test answers it)."""
    html = office["quan"].get("/admin/users").get_data(as_text=True)
    assert re.search(r'action="/admin/users/lan/disable"[^>]*\s+data-confirm="Khóa tài khoản lan',
                     html)
    assert "/static/confirm.js" in html
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    step(office["hung"], paper, "approve")
    html = office["mai"].get(f"/registry/{paper}").get_data(as_text=True)
    assert re.search(rf'action="/registry/{paper}/issue"[^>]*data-confirm="Ban hành', html)
    step(office["mai"], paper, "issue")
    html = office["mai"].get(f"/registry/{paper}").get_data(as_text=True)
    assert re.search(rf'action="/registry/{paper}/revoke"[^>]*data-confirm="Thu hồi', html)


def test_admin_form_reports_every_problem_and_keeps_input_for_a_taken_login(office):
    admin = office["quan"]
    token = page_token(admin, "/admin/users")
    bad = admin.post("/admin/users", data={"csrf_token": token, "login": "tu an", "name": "",
                                           "agency": "", "password": "ngan"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    for words in ("tên đăng nhập chỉ gồm chữ", "thiếu họ và tên", "chọn cơ quan",
                  "cần ít nhất một vai trò", "mật khẩu cần ít nhất"):
        assert words in html, words
    # A login already taken is said at the login field; what was typed stays.
    taken = admin.post("/admin/users", data={"csrf_token": token, "login": "lan",
                                             "name": "Trần Thị Lan Anh", "agency": "vkstc",
                                             "roles": ["clerk"],
                                             "password": "mat-khau-moi-dai"})
    assert taken.status_code == 409
    html = taken.get_data(as_text=True)
    assert "tên đăng nhập &#39;lan&#39; đã có" in html or "tên đăng nhập 'lan' đã có" in html
    assert 'value="Trần Thị Lan Anh"' in html and 'class="user-form"' in html
    assert re.search(r'<option value="vkstc"[^>]* selected', html)


def test_a_bad_search_names_the_box_in_vietnamese(office):
    page = office["lan"].get("/registry/?page=0")
    assert page.status_code == 422
    assert "<strong>Trang</strong>: phải là số từ 1 đến 100000" in page.get_data(as_text=True)


def test_admin_sets_and_clears_an_address_for_notifications(app, office):
    admin = office["quan"]
    token = page_token(admin, "/admin/users")
    added = admin.post("/admin/users", data={"csrf_token": token, "login": "tuan",
                                             "name": "Đỗ Văn Tuấn", "agency": "vks-hung-yen",
                                             "roles": ["clerk"], "email": "tuan@VKS.example",
                                             "password": "mat-khau-moi-dai"})
    assert added.status_code == 302
    accounts = app.extensions["docgen"].accounts
    assert accounts.get("tuan").email == "tuan@vks.example"
    bad = admin.post("/admin/users/lan/email", data={"csrf_token": token,
                                                     "email": "lan at vks"})
    assert bad.status_code == 422
    assert "địa chỉ thư điện tử không hợp lệ" in bad.get_data(as_text=True)
    assert accounts.get("lan").email is None
    ok = admin.post("/admin/users/lan/email", data={"csrf_token": token,
                                                    "email": "lan@vks.example"})
    assert ok.status_code == 302 and accounts.get("lan").email == "lan@vks.example"
    html = admin.get("/admin/users").get_data(as_text=True)
    assert 'value="lan@vks.example"' in html and "Đổi địa chỉ thư điện tử" in html
    admin.post("/admin/users/lan/email", data={"csrf_token": token, "email": ""})
    assert accounts.get("lan").email is None
    # Only an administrator: a clerk with the page's token of her own is refused.
    clerk = office["lan"]
    own = page_token(clerk, "/registry/")
    assert clerk.post("/admin/users/lan/email", data={"csrf_token": own,
                                                      "email": "x@vks.example"}
                      ).status_code == 403
