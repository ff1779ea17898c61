"""Signing with a key on the signer's desk: prepare gives the digest and a session, the
desk signs with its own software (here ``cryptography`` or pyHanko as a CMS builder),
complete finishes the PDF; the result validates like any other signature."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from docgen.errors import InputError, NotFoundError
from docgen.signing import aio
from docgen.signing.appearance import Appearance
from docgen.signing.remote import SessionStore, complete, prepare
from docgen.signing.sign import SignOptions
from docgen.signing.verify import verify_pdf
from tests.signing.helpers import unnumbered_pdf


@pytest.fixture(scope="module")
def draft() -> bytes:
    from tests.conftest import load_sample

    return unnumbered_pdf(load_sample, "directive")


def test_raw_signature_from_the_desk_completes_a_valid_signature(draft, pki, signature_png,
                                                                  trust_roots, tmp_path):
    prepared, half = prepare(draft, SignOptions("signer", Appearance(signature_png)),
                             cert_der=pki.leader.cert_der)
    store = SessionStore(tmp_path)
    store.save(prepared, half)
    sent = prepared.public()
    to_sign = base64.b64decode(sent["signed_attributes"])
    assert hashlib.sha256(to_sign).hexdigest() == sent["signed_attributes_digest"]
    # The desk: an RSA PKCS#1 v1.5 signature of the signed attributes, by cryptography.
    raw = pki.leader.key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
    again, pdf = store.load(sent["session_id"])
    signed = complete(again, pdf, signature=raw)
    (sig,) = verify_pdf(signed, trust_roots).signatures
    assert sig.ok and sig.signer == "Nguyễn Văn Hùng" and sig.certifying


def test_cms_from_the_desk_completes_a_valid_signature(draft, pki, trust_roots):
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner

    prepared, half = prepare(draft, SignOptions("signer"))
    assert prepared.signed_attributes is None  # no certificate given: CMS only
    desk = SimpleSigner(
        signing_cert=x509.Certificate.load(pki.leader.cert_der),
        signing_key=keys.PrivateKeyInfo.load(pki.leader.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        cert_registry=None)
    cms = aio.run(desk.async_sign(bytes.fromhex(prepared.document_digest), "sha256",
                                      use_pades=True))
    signed = complete(prepared, half, cms=cms.dump())
    (sig,) = verify_pdf(signed, trust_roots).signatures
    assert sig.ok


def test_a_signature_of_something_else_is_refused(draft, pki):
    prepared, half = prepare(draft, SignOptions("signer"), cert_der=pki.leader.cert_der)
    wrong = pki.leader.key.sign(b"another paper", padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(InputError) as err:
        complete(prepared, half, signature=wrong)
    assert "không khớp" in err.value.errors[0].msg


def test_an_unknown_session_is_not_found(tmp_path):
    with pytest.raises(NotFoundError):
        SessionStore(tmp_path).load("abc123")
