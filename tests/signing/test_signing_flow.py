"""The paper's life in signatures: the leader signs the unnumbered PDF, the records office
fills number and date and adds the agency's seal, and both signatures stay valid."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import ConflictError, InputError
from docgen.signing.appearance import Appearance
from docgen.signing.forms import fill_number_date, number_date_values, text_fields
from docgen.signing.keys import Pkcs11Config, Pkcs11Key, Pkcs12Key
from docgen.signing.sign import SignOptions, sign_pdf
from docgen.signing.verify import verify_pdf
from tests.signing.helpers import sign_as, unnumbered_pdf


@pytest.fixture(scope="module")
def draft_decision(request) -> bytes:
    from tests.conftest import load_sample

    return unnumbered_pdf(lambda kind: load_sample(kind))


@pytest.fixture(scope="module")
def leader_signed(draft_decision, pki, signature_png) -> bytes:
    return sign_as(draft_decision, pki.leader, "signer", image=signature_png,
                   reason="Phê duyệt", location="Hưng Yên")


def test_unnumbered_paper_has_number_and_date_fields(draft_decision):
    fields = text_fields(draft_decision)
    assert {"number", "day", "month", "appendix-number", "appendix-day",
            "appendix-month"} <= set(fields)
    assert all(v is None for v in fields.values())


def test_numbered_paper_has_no_text_fields(pdf_files):
    assert text_fields(pdf_files["award-decision"]) == {}


@pytest.mark.slow
def test_leader_signature_is_valid_and_certifies(leader_signed, trust_roots):
    (sig,) = verify_pdf(leader_signed, trust_roots).signatures
    assert sig.field == "signer" and sig.signer == "Nguyễn Văn Hùng"
    assert sig.organisation == "Viện kiểm sát nhân dân tỉnh Hưng Yên"
    assert sig.intact and sig.valid and sig.trusted and sig.certifying
    assert sig.signing_time.endswith("+07:00")


def test_issue_fill_and_agency_signature_keep_both_valid(leader_signed, pki, seal_png,
                                                         softhsm_token, trust_roots):
    filled = fill_number_date(leader_signed, number_date_values(7, dt.date(2026, 1, 5)))
    key = Pkcs11Key(Pkcs11Config(module=softhsm_token.module, token_label=softhsm_token.label,
                                 key_label=softhsm_token.key_label,
                                 pin_env=softhsm_token.pin_env))
    try:
        issued = sign_pdf(filled, key, SignOptions(
            field="agency", appearance=Appearance(seal_png=seal_png)))
    finally:
        key.close()
    report = verify_pdf(issued, trust_roots)
    leader, agency = report.signatures
    assert report.ok
    assert leader.allowed_changes_only and leader.modification == "FORM_FILLING"
    assert agency.signer == "Viện kiểm sát nhân dân tỉnh Hưng Yên" and agency.covers_whole_file
    assert text_fields(issued)["number"] == "07" and text_fields(issued)["month"] == "01"


@pytest.mark.slow
def test_a_changed_byte_breaks_every_signature(leader_signed, pki, seal_png, trust_roots):
    issued = sign_as(fill_number_date(leader_signed, number_date_values(8, dt.date(2026, 3, 2))),
                     pki.agency, "agency", seal=seal_png)
    # A byte inside the first revision's page content, covered by both signatures.
    at = issued.index(b"stream\n", 2000) + 40
    tampered = issued[:at] + bytes([issued[at] ^ 0x01]) + issued[at + 1:]
    report = verify_pdf(tampered, trust_roots)
    assert len(report.signatures) == 2
    assert not any(s.intact for s in report.signatures) and not report.ok


def test_signature_by_untrusted_certificate_is_reported_untrusted(draft_decision, pki,
                                                                   trust_roots):
    signed = sign_as(draft_decision, pki.stranger_leaf, "signer")
    (sig,) = verify_pdf(signed, trust_roots).signatures
    assert sig.intact and sig.valid and not sig.trusted


def test_wrong_password_is_one_clear_error(pki, draft_decision):
    with pytest.raises(InputError) as err:
        sign_pdf(draft_decision, Pkcs12Key(pki.leader.p12(), b"sai"), SignOptions(field="signer"))
    assert err.value.errors[0].msg == "sai mật khẩu của tệp khóa PKCS#12"


def test_signing_a_signed_field_again_is_a_conflict(leader_signed, pki):
    with pytest.raises(ConflictError):
        sign_as(leader_signed, pki.leader, "signer")


def test_filling_twice_is_a_conflict(leader_signed):
    once = fill_number_date(leader_signed, number_date_values(9, dt.date(2026, 1, 9)))
    with pytest.raises(ConflictError):
        fill_number_date(once, number_date_values(10, dt.date(2026, 1, 9)))
