"""Who may sign what, through the API (the pages call the same service): the certificate's
subject must be the signer printed on the paper (NFC, case folded), and with trust roots
configured it must chain to one of them; the registry keeps which certificate signed."""

from __future__ import annotations

import base64
import io
import unicodedata

import pytest

from docgen.signing import aio
from tests.signing.conftest import P12_PASSWORD, Identity, make_identity
from tests.signing.helpers import LEADER_NAME, signing_office

ORG = "Viện kiểm sát nhân dân tỉnh Hưng Yên"


@pytest.fixture
def world(tmp_path, pki):  # type: ignore[no-untyped-def]
    return signing_office(tmp_path, pki.trust_file(tmp_path))


def sign(client, paper_id: int, who: Identity):  # type: ignore[no-untyped-def]
    return client("leader").post(f"/api/v1/papers/{paper_id}/sign", data={
        "pkcs12": (io.BytesIO(who.p12()), "khoa.p12"), "password": P12_PASSWORD.decode()})


def test_a_leaders_certificate_cannot_sign_another_printed_signers_box(world, pki):
    client, approved = world
    paper_id = approved("Bùi Thanh Tùng")
    resp = sign(client, paper_id, pki.leader)
    assert resp.status_code == 422
    (error,) = resp.json["errors"]
    assert error["loc"] == ["certificate"]
    assert "Nguyễn Văn Hùng" in error["msg"] and "Bùi Thanh Tùng" in error["msg"]
    assert client("leader").get(f"/api/v1/papers/{paper_id}/signatures").json["items"] == []


@pytest.mark.slow
def test_the_name_is_compared_after_nfc_and_case_folding(world, pki):
    client, approved = world
    typed = unicodedata.normalize("NFD", LEADER_NAME.upper())
    assert typed != LEADER_NAME
    resp = sign(client, approved(typed), pki.leader)
    assert resp.status_code == 201, resp.json


@pytest.mark.slow
def test_a_self_made_certificate_in_the_leaders_name_is_refused_with_trust_roots(world, pki):
    client, approved = world
    forged = make_identity(LEADER_NAME, ORG)  # its own root: chains to nothing trusted
    resp = sign(client, approved(), forged)
    assert resp.status_code == 422
    (error,) = resp.json["errors"]
    assert error["loc"] == ["certificate"] and "không thuộc tổ chức chứng thực" in error["msg"]
    # Another authority's certificate in the leader's name: refused the same way.
    resp = sign(client, approved(), make_identity(LEADER_NAME, ORG, pki.stranger))
    assert resp.status_code == 422 and "Gốc lạ" in resp.json["errors"][0]["msg"]


@pytest.mark.slow
def test_without_trust_roots_only_the_name_is_checked(tmp_path, pki):
    client, approved = signing_office(tmp_path, None)
    assert sign(client, approved(), make_identity(LEADER_NAME, ORG)).status_code == 201
    assert sign(client, approved("Bùi Thanh Tùng"), pki.leader).status_code == 422


@pytest.mark.slow
def test_the_registry_records_which_certificate_signed(world, pki):
    client, approved = world
    paper_id = approved()
    assert sign(client, paper_id, pki.leader).status_code == 201
    (row,) = client("leader").get(f"/api/v1/papers/{paper_id}/signatures").json["items"]
    assert row["cert_issuer"] == "Cơ quan chứng thực gốc thử nghiệm"
    assert row["cert_serial"] == format(pki.leader.cert.serial_number, "X")
    from docgen.services.registry.models import PaperSignature

    app = client("leader").application
    with app.extensions["docgen"].sessions() as s:
        stored = s.query(PaperSignature).filter_by(paper_id=paper_id).one()
    assert stored.certificate == pki.leader.cert_der


@pytest.mark.slow
def test_desk_signing_obeys_the_same_rules(world, pki):
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner

    client, approved = world
    # The certificate given at prepare is checked at once.
    paper_id = approved("Bùi Thanh Tùng")
    resp = client("leader").post(f"/api/v1/papers/{paper_id}/sign/prepare", data={
        "certificate": (io.BytesIO(pki.leader.cert_pem), "cert.pem")})
    assert resp.status_code == 422 and "Bùi Thanh Tùng" in resp.json["errors"][0]["msg"]
    # Without one, the CMS brought back is checked: a self-made certificate is refused.
    paper_id = approved()
    prepared = client("leader").post(f"/api/v1/papers/{paper_id}/sign/prepare").json
    forged = make_identity(LEADER_NAME, ORG)
    desk = SimpleSigner(
        signing_cert=x509.Certificate.load(forged.cert_der),
        signing_key=keys.PrivateKeyInfo.load(forged.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())), cert_registry=None)
    cms = aio.run(desk.async_sign(bytes.fromhex(prepared["document_digest"]), "sha256",
                                      use_pades=True))
    resp = client("leader").post(f"/api/v1/papers/{paper_id}/sign/complete", json={
        "session_id": prepared["session_id"], "cms": base64.b64encode(cms.dump()).decode()})
    assert resp.status_code == 422 and resp.json["errors"][0]["loc"] == ["certificate"]
    assert client("leader").get(f"/api/v1/papers/{paper_id}/signatures").json["items"] == []
