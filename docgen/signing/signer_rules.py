"""Who may sign in a field: the rules a signer's certificate must meet before docgen puts
(or keeps) a signature in a paper's signature field.

1. The certificate's subject (its common name) is the person printed under the field,
   compared as names are (NFC, case folded, spaces collapsed): a leader's key must not
   sign the box of another printed signer.
2. When trust roots are configured (``DOCGEN_TRUST_ROOTS``), the certificate chains to one
   of them: a self-made certificate in a leader's name is refused.

Refusals are SigningKeyError (HTTP 422, exit 2) naming what does not match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docgen.signing import aio
from docgen.signing.keys import SigningKeyError
from docgen.signing.sign import validation_context
from docgen.vn.text import same_name


@dataclass(frozen=True)
class CertificateFacts:
    """Which certificate signed: what the registry keeps of it."""

    subject: str  # common name (or the whole subject when it has none)
    issuer: str  # the issuing authority, as a person reads it
    serial: str  # serial number, hex
    der: bytes


def _common_name(name: Any) -> str:
    value = name.native.get("common_name")
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else str(name.human_friendly)


def certificate_facts(cert: Any) -> CertificateFacts:
    """The facts of an asn1crypto certificate."""
    return CertificateFacts(subject=_common_name(cert.subject),
                            issuer=_common_name(cert.issuer),
                            serial=format(cert.serial_number, "X"), der=cert.dump())


def check_signer(cert: Any, *, printed_name: str | None, trust_roots: tuple[bytes, ...],
                 others: tuple[Any, ...] = ()) -> CertificateFacts:
    """Raise SigningKeyError unless ``cert`` (asn1crypto) may sign the box of
    ``printed_name``; ``others`` are the intermediate certificates that came with it."""
    facts = certificate_facts(cert)
    if printed_name is None:
        raise SigningKeyError("văn bản không có ô ký của người ký này", loc="field")
    if not same_name(facts.subject, printed_name):
        raise SigningKeyError(
            f"chứng thư số là của “{facts.subject}”, nhưng người ký in trên văn bản là "
            f"“{printed_name}”: chỉ người có tên in ở ô ký mới được ký ô đó",
            loc="certificate")
    if trust_roots:
        _check_chain(cert, others, trust_roots, facts)
    return facts


def _check_chain(cert: Any, others: tuple[Any, ...], trust_roots: tuple[bytes, ...],
                 facts: CertificateFacts) -> None:
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import (
        InvalidCertificateError,
        PathBuildingError,
        PathValidationError,
    )

    validator = CertificateValidator(cert, intermediate_certs=list(others),
                                     validation_context=validation_context(trust_roots))
    try:
        aio.run(validator.async_validate_path())
    except (PathBuildingError, InvalidCertificateError):
        raise SigningKeyError(
            f"chứng thư số của “{facts.subject}” do “{facts.issuer}” cấp, không thuộc tổ "
            "chức chứng thực nào được tin cậy trên máy chủ này (chứng thư tự tạo hoặc của "
            "nơi khác)", loc="certificate") from None
    except PathValidationError as exc:
        raise SigningKeyError(
            f"chứng thư số của “{facts.subject}” không hợp lệ (hết hạn, bị thu hồi hoặc "
            f"sai chữ ký của nơi cấp): {exc}", loc="certificate") from None
