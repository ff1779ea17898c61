"""The signing API as a leader, a records office and the public use it: sign with a
PKCS#12 upload, sign from the desk in two calls, issue, list the signatures, and verify
a PDF (per-signature facts and whether the registry holds the file)."""

from __future__ import annotations

import base64
import io

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from tests.signing.conftest import P12_PASSWORD
from tests.signing.helpers import signing_office


@pytest.fixture
def world(tmp_path, pki):  # type: ignore[no-untyped-def]
    return signing_office(tmp_path, pki.trust_file(tmp_path))


@pytest.mark.slow
def test_leader_signs_records_issues_anyone_verifies(world, pki, signature_png):
    client, approved = world
    paper_id = approved()
    resp = client("leader").post(f"/api/v1/papers/{paper_id}/sign", data={
        "pkcs12": (io.BytesIO(pki.leader.p12()), "khoa.p12"), "password": P12_PASSWORD.decode(),
        "image": (io.BytesIO(signature_png), "chu-ky.png")})
    assert resp.status_code == 201, resp.json
    assert resp.json["signer"] == "Nguyễn Văn Hùng" and resp.json["signed_at"].endswith("+07:00")
    assert client("records").post(f"/api/v1/papers/{paper_id}/issue").status_code == 200
    pdf = client("records").get(f"/api/v1/papers/{paper_id}/file.pdf").data
    listed = client("clerk").get(f"/api/v1/papers/{paper_id}/signatures").json["items"]
    assert [s["field"] for s in listed] == ["signer"]  # no agency signing configured here

    report = client().post("/api/v1/verify", data={"file": (io.BytesIO(pdf), "qd.pdf")}).json
    assert report["registered"] and report["paper"]["status"] == "issued"
    (sig,) = report["signatures"]
    assert sig["ok"] and sig["intact"] and sig["trusted"] and sig["allowed_changes_only"]
    assert sig["cert_sha256"] == listed[0]["cert_sha256"]
    changed = pdf.replace(b"/Producer", b"/Producex", 1)
    report = client().post("/api/v1/verify", data={"file": (io.BytesIO(changed), "x.pdf")}).json
    assert not report["registered"]


def test_wrong_password_is_422_naming_the_field(world, pki):
    client, approved = world
    resp = client("leader").post(f"/api/v1/papers/{approved()}/sign", data={
        "pkcs12": (io.BytesIO(pki.leader.p12()), "khoa.p12"), "password": "sai"})
    assert resp.status_code == 422
    assert resp.json["errors"] == [{"loc": ["password"], "msg": "sai mật khẩu của tệp khóa "
                                    "PKCS#12", "type": "value_error"}]


def test_desk_signing_in_two_calls(world, pki, trust_roots):
    client, approved = world
    paper_id = approved()
    prepared = client("leader").post(f"/api/v1/papers/{paper_id}/sign/prepare", data={
        "certificate": (io.BytesIO(pki.leader.cert_pem), "cert.pem")}).json
    to_sign = base64.b64decode(prepared["signed_attributes"])
    raw = pki.leader.key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
    resp = client("leader").post(f"/api/v1/papers/{paper_id}/sign/complete", json={
        "session_id": prepared["session_id"], "signature": base64.b64encode(raw).decode()})
    assert resp.status_code == 201, resp.json
    again = client("leader").post(f"/api/v1/papers/{paper_id}/sign/complete", json={
        "session_id": prepared["session_id"], "signature": base64.b64encode(raw).decode()})
    assert again.status_code in (404, 409)  # the session is used up


@pytest.mark.slow
def test_verify_without_a_pdf_is_422(world):
    client, _ = world
    resp = client().post("/api/v1/verify", data={"file": (io.BytesIO(b"hello"), "x.pdf")})
    assert resp.status_code == 422


def _altered(pdf: bytes) -> bytes:
    """``pdf`` with a line of text drawn on its first page in an incremental update: the
    signed bytes stay intact, the change after them is not an allowed one."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    extra = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 50 50 200 20 re f"))
    contents = page["/Contents"]
    kids = list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    page["/Contents"] = generic.ArrayObject([*kids, extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _verify_page(client, code: str, pdf: bytes):  # type: ignore[no-untyped-def]
    import re

    public = client()
    html = public.get(f"/verify/{code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return public.post(f"/verify/{code}", data={
        "csrf_token": token, "file": (io.BytesIO(pdf), "qd.pdf")},
        content_type="multipart/form-data").get_data(as_text=True)


@pytest.mark.slow
def test_verify_page_gives_one_verdict_then_each_signature_in_vietnam_time(world, pki):
    import re

    client, approved = world
    paper_id = approved()
    client("leader").post(f"/api/v1/papers/{paper_id}/sign", data={
        "pkcs12": (io.BytesIO(pki.leader.p12()), "khoa.p12"), "password": P12_PASSWORD.decode()})
    issued = client("records").post(f"/api/v1/papers/{paper_id}/issue").json
    pdf = client("records").get(f"/api/v1/papers/{paper_id}/file.pdf").data
    page = _verify_page(client, issued["verify_code"], pdf)
    verdict = re.search(r'<section class="verdict verdict-(\w+)".*?<h2[^>]*>([^<]+)', page, re.S)
    assert verdict.groups() == ("ok", "Tệp đúng là bản đã ban hành và các chữ ký số trong tệp "
                                      "hợp lệ")
    assert page.index("verdict-ok") < page.index("Chi tiết chữ ký số")
    assert "Chữ ký 1: người ký văn bản" in page
    assert "Nguyễn Văn Hùng (Viện kiểm sát nhân dân tỉnh Hưng Yên)" in page
    assert re.search(r"\d\d:\d\d:\d\d ngày \d\d/\d\d/20\d\d \(giờ Việt Nam\)", page)
    assert "+07:00" not in page and "signer" not in page.split("<main", 1)[1]

    # Drawn on after signing: one verdict (altered), no "intact / trusted" beside it.
    page = _verify_page(client, issued["verify_code"], _altered(pdf))
    assert "verdict-bad" in page and "Tệp KHÔNG phải bản đã ban hành" in page
    assert "tệp đã bị sửa sau khi ký" in page
    assert 'class="bad">Tệp ĐÃ BỊ SỬA sau khi ký' in page
    assert "Chữ ký hợp lệ" not in page and "Chữ ký còn nguyên vẹn" not in page

    # Bytes changed inside what was signed: broken, and nothing says "only allowed changes".
    start = pdf.index(b"/Producer")
    page = _verify_page(client, issued["verify_code"],
                        pdf[:start] + b"/Producex" + pdf[start + 9:])
    assert "verdict-bad" in page and "Chữ ký KHÔNG còn hiệu lực" in page
    assert "Chỉ thay đổi được phép" not in page
    report = client().post("/api/v1/verify", data={"file": (io.BytesIO(_altered(pdf)), "x.pdf")}).json
    assert report["state"] == "altered" and report["signatures"][0]["state"] == "altered"


@pytest.mark.slow
def test_the_leaders_stored_image_is_used_when_a_signing_sends_none(world, pki, signature_png):
    import pikepdf

    client, approved = world
    assert client("leader").get("/api/v1/me/signature-image").status_code == 404
    bad = client("leader").put("/api/v1/me/signature-image",
                               data={"image": (io.BytesIO(b"GIF89a"), "x.gif")})
    assert bad.status_code == 422
    put = client("leader").put("/api/v1/me/signature-image",
                               data={"image": (io.BytesIO(signature_png), "chu-ky.png")})
    assert put.status_code == 204
    assert client("leader").get("/api/v1/me/signature-image").data == signature_png
    paper_id = approved()
    client("leader").post(f"/api/v1/papers/{paper_id}/sign", data={
        "pkcs12": (io.BytesIO(pki.leader.p12()), "khoa.p12"), "password": P12_PASSWORD.decode()})
    client("records").post(f"/api/v1/papers/{paper_id}/issue")
    pdf = client("records").get(f"/api/v1/papers/{paper_id}/file.pdf").data
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        widget = next(a for p in doc.pages for a in p.get("/Annots") or [] if a.get("/T") == "signer")
        images = [x for x in widget.AP.N.Resources.XObject.values() if x.Subtype == "/Image"]
    assert images and int(images[0].Width) == 600  # the stored 600 px signature
