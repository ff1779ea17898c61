"""Signing from the paper's page, through the forms a leader sends (Flask test client,
signed in through the sign-in form): PKCS#12 with the signature image (kept for later on
request), the desk's two steps, and the refusals said on the page in Vietnamese with what
was typed kept (never the password). Only a leader facing an approved paper gets the form,
and the server refuses the others whatever the page shows."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.signing.verify import verify_pdf
from tests.accounts.conftest import page_token
from tests.conftest import TEST_PASSWORD
from tests.helpers import load_json_sample
from tests.signing.conftest import P12_PASSWORD, pki, signature_png  # noqa: F401 (fixtures)
from tests.signing.helpers import LEADER_NAME, leaders_decision

PEOPLE = {"lan": ["clerk"], "hung": ["leader"], "mai": ["records"]}


@pytest.fixture
def office(tmp_path, pki):  # type: ignore[no-untyped-def]  # noqa: F811
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path / "data", secret_key="k",
                              trust_roots=pki.trust_file(tmp_path)))
    app.config.update(TESTING=True)
    clients: dict[str, Any] = {"app": app}
    for login, roles in PEOPLE.items():
        accounts(app).add_user(login, f"Cán bộ {login}", "VKSHY", roles, TEST_PASSWORD)
        c = app.test_client()
        assert c.post("/login", data={"login": login, "password": TEST_PASSWORD,
                                      "csrf_token": page_token(c)}).status_code == 302
        clients[login] = c
    return clients


def approved(office, data: dict | None = None) -> int:  # type: ignore[no-untyped-def]
    lan, hung = office["lan"], office["hung"]
    resp = lan.post("/api/v1/papers", json={"kind": "award-decision",
                                            "input": data or leaders_decision()},
                    headers={"X-CSRFToken": page_token(lan, "/")})
    paper_id = resp.json["id"]
    assert lan.post(f"/registry/{paper_id}/submit",
                    data={"csrf_token": page_token(lan, f"/registry/{paper_id}")}
                    ).status_code == 302
    assert hung.post(f"/registry/{paper_id}/approve",
                     data={"csrf_token": page_token(hung, f"/registry/{paper_id}")}
                     ).status_code == 302
    return int(paper_id)


def send(client, paper_id: int, path: str, **form):  # type: ignore[no-untyped-def]
    token = page_token(client, f"/registry/{paper_id}")
    return client.post(f"/registry/{paper_id}/{path}", data={"csrf_token": token, **form},
                       content_type="multipart/form-data")


@pytest.mark.slow
def test_only_a_leader_facing_an_approved_paper_gets_the_form(office):
    paper_id = approved(office)
    pages = {who: office[who].get(f"/registry/{paper_id}").get_data(as_text=True)
             for who in PEOPLE}
    assert 'id="sign-form"' in pages["hung"] and LEADER_NAME in pages["hung"]
    assert 'id="sign-form"' not in pages["lan"] and 'id="sign-form"' not in pages["mai"]
    resp = send(office["lan"], paper_id, "sign",
                pkcs12=(io.BytesIO(b"x"), "k.p12"), password="x")
    assert resp.status_code == 403  # refused by the server, not only hidden


@pytest.mark.slow
def test_leader_signs_with_pkcs12_and_sees_the_signed_paper(office, pki, signature_png):  # noqa: F811
    paper_id = approved(office)
    hung = office["hung"]
    resp = send(hung, paper_id, "sign", pkcs12=(io.BytesIO(pki.leader.p12()), "khoa.p12"),
                password=P12_PASSWORD.decode(), keep_image="1",
                image=(io.BytesIO(signature_png), "chu-ky.png"))
    assert resp.status_code == 302 and resp.location.endswith(f"/registry/{paper_id}#signing-h")
    page = hung.get(f"/registry/{paper_id}").get_data(as_text=True)
    assert "Đã ký số văn bản" in page and 'id="signatures"' in page
    assert re.search(r"Ký lúc \d\d:\d\d:\d\d ngày \d\d/\d\d/\d{4} \(giờ Việt Nam\)", page)
    assert "Chứng thư số do Cơ quan chứng thực gốc thử nghiệm cấp" in page
    assert 'id="sign-form"' not in page  # signed once
    signed = hung.get(f"/registry/{paper_id}/signed.pdf")
    assert signed.status_code == 200 and signed.mimetype == "application/pdf"
    (sig,) = verify_pdf(signed.data, [pki.root.cert_der]).signatures
    assert sig.ok and sig.signer == LEADER_NAME
    assert hung.get("/api/v1/me/signature-image").data == signature_png  # kept on request
    mai = office["mai"]
    assert send(mai, paper_id, "issue", date="").status_code == 302  # today
    pdf = mai.get(f"/api/v1/papers/{paper_id}/file.pdf").data
    assert [s.field for s in verify_pdf(pdf, [pki.root.cert_der]).signatures] == ["signer"]


@pytest.mark.slow
def test_a_wrong_password_is_said_on_the_page_and_the_password_is_not_kept(office, pki):  # noqa: F811
    paper_id = approved(office)
    resp = send(office["hung"], paper_id, "sign",
                pkcs12=(io.BytesIO(pki.leader.p12()), "khoa.p12"),
                password="mat-khau-sai-bi-mat", keep_image="1")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Chưa ký được: sai mật khẩu của tệp khóa PKCS#12" in page
    assert "mat-khau-sai-bi-mat" not in page
    assert re.search(r'name="keep_image" value="1" id="sign-keep-image" checked', page)


@pytest.mark.slow
def test_someone_elses_certificate_is_refused_naming_both(office, pki):  # noqa: F811
    data = load_json_sample("award-decision")  # printed for Bùi Thanh Tùng
    paper_id = approved(office, data)
    resp = send(office["hung"], paper_id, "sign",
                pkcs12=(io.BytesIO(pki.leader.p12()), "khoa.p12"),
                password=P12_PASSWORD.decode())
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "chứng thư số là của “Nguyễn Văn Hùng”" in page and "“Bùi Thanh Tùng”" in page


@pytest.mark.slow
def test_desk_signing_in_two_steps_from_the_page(office, pki):  # noqa: F811
    paper_id = approved(office)
    hung = office["hung"]
    resp = send(hung, paper_id, "sign/prepare",
                certificate=(io.BytesIO(pki.leader.cert_pem), "cert.pem"))
    assert resp.status_code == 302 and "desk=" in resp.location
    page = hung.get(resp.location).get_data(as_text=True)
    assert 'id="desk-session"' in page and 'id="complete-form"' in page
    session_id = re.search(r'name="session_id" value="([0-9a-f]+)"', page).group(1)
    session = hung.get(f"/registry/{paper_id}/sign/session/{session_id}.json")
    assert session.status_code == 200 and "attachment" in session.headers["Content-Disposition"]
    to_sign = base64.b64decode(session.json["signed_attributes"])
    raw = pki.leader.key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
    done = send(hung, paper_id, "sign/complete", session_id=session_id,
                signature=(io.BytesIO(base64.b64encode(raw)), "chu-ky.sig"))
    assert done.status_code == 302, done.get_data(as_text=True)
    page = hung.get(f"/registry/{paper_id}").get_data(as_text=True)
    assert 'id="signatures"' in page and LEADER_NAME in page
    # Someone else's session file is not handed out.
    assert office["lan"].get(f"/registry/{paper_id}/sign/session/{session_id}.json"
                             ).status_code == 403
