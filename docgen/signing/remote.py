"""Signing with a key that stays on the signer's desk (USB token), in two calls.

``prepare`` puts the signature's appearance and an empty signature container into the PDF
(pyHanko's interrupted signing) and returns what the desk must sign:

- ``document_digest``: the SHA-256 of the signed byte ranges, for desk software that
  builds a whole CMS (PKCS#7) signature itself;
- ``signed_attributes`` (DER) and their SHA-256 ``signed_attributes_digest``, for a token
  that only signs a hash (raw RSA PKCS#1 v1.5 or ECDSA) - this needs the signer's
  certificate at ``prepare``.

``complete`` takes either the CMS, or the raw signature value (with the certificate
given at ``prepare``), puts it into the prepared PDF and returns the signed file.

Between the two calls the prepared state lives in a :class:`SessionStore` (files in the
data folder, one per session, removed when completed or expired): it holds no secret,
only the half-finished PDF and digests.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import secrets
import time
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from docgen.errors import FieldError, InputError, NotFoundError
from docgen.signing import aio
from docgen.signing.keys import ExternalKey
from docgen.signing.pdfa import incremental_writer
from docgen.signing.sign import SignOptions, check_field, pdf_signer

#: How long a prepared signature waits for its signature value (seconds).
SESSION_TTL_S = 15 * 60


@dataclass
class PreparedSignature:
    """The state between ``prepare`` and ``complete`` (JSON-serialisable)."""

    session_id: str
    field: str
    document_digest: str  # hex
    reserved_start: int
    reserved_end: int
    md_algorithm: str
    signed_attributes: str | None = None  # base64 DER, when the certificate was given
    cert_der: str | None = None  # base64
    # ``dataclasses.field``: the class's own ``field`` attribute hides the bare name.
    chain_der: list[str] = dataclasses.field(default_factory=list)
    created: float = dataclasses.field(default_factory=time.time)
    context: dict[str, Any] = dataclasses.field(default_factory=dict)  # e.g. the paper's id

    @property
    def signed_attributes_digest(self) -> str | None:
        if self.signed_attributes is None:
            return None
        return hashlib.sha256(base64.b64decode(self.signed_attributes)).hexdigest()

    def public(self) -> dict[str, Any]:
        """What the desk needs (never the PDF itself)."""
        return {"session_id": self.session_id, "field": self.field,
                "digest_algorithm": self.md_algorithm,
                "document_digest": self.document_digest,
                "signed_attributes": self.signed_attributes,
                "signed_attributes_digest": self.signed_attributes_digest,
                "expires_in": max(0, int(self.created + SESSION_TTL_S - time.time()))}


class SessionStore:
    """Prepared signatures as files under ``folder`` (safe across worker processes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, session_id: str) -> tuple[Path, Path]:
        if not session_id.isalnum():
            raise NotFoundError("không có phiên ký này (hoặc đã hết hạn)")
        return self.folder / f"{session_id}.json", self.folder / f"{session_id}.pdf"

    def save(self, prepared: PreparedSignature, pdf: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.expire()
        meta, data = self._paths(prepared.session_id)
        data.write_bytes(pdf)
        meta.write_text(json.dumps(asdict(prepared)), encoding="utf-8")

    def load(self, session_id: str) -> tuple[PreparedSignature, bytes]:
        meta, data = self._paths(session_id)
        try:
            prepared = PreparedSignature(**json.loads(meta.read_text(encoding="utf-8")))
            pdf = data.read_bytes()
        except (OSError, ValueError, TypeError):
            raise NotFoundError("không có phiên ký này (hoặc đã hết hạn)") from None
        if time.time() > prepared.created + SESSION_TTL_S:
            self.discard(session_id)
            raise NotFoundError("phiên ký đã hết hạn: hãy chuẩn bị ký lại")
        return prepared, pdf

    def discard(self, session_id: str) -> None:
        for path in self._paths(session_id):
            path.unlink(missing_ok=True)

    def expire(self) -> None:
        if not self.folder.is_dir():
            return
        limit = time.time() - SESSION_TTL_S
        for path in self.folder.glob("*.json"):
            if path.stat().st_mtime < limit:
                self.discard(path.stem)


def prepare(pdf: bytes, options: SignOptions, *, cert_der: bytes | None = None,
            chain_der: tuple[bytes, ...] = (), context: dict[str, Any] | None = None
            ) -> tuple[PreparedSignature, bytes]:
    """The PDF with room for the signature, and what the desk must sign."""

    certify = check_field(pdf, options.field)
    if cert_der is None:
        # Without the certificate only a whole CMS can complete; room for a 4096-bit key
        # and its chain is reserved.
        signer = None
    else:
        signer = ExternalKey(cert_der, chain_der).pyhanko_signer()

    async def run() -> tuple[Any, Any, bytes | None]:
        writer = incremental_writer(pdf)
        # Timestamps and embedded validation data need the final signature: not here.
        plain = SignOptions(field=options.field, appearance=options.appearance,
                            reason=options.reason, location=options.location)
        ps = pdf_signer(plain, signer or _placeholder_signer(), certify=certify)
        digest, _tbs, output = await ps.async_digest_doc_for_signing(
            writer, existing_fields_only=True, bytes_reserved=16384)
        attrs = None
        if signer is not None:
            attrs = (await signer.signed_attrs(digest.document_digest, "sha256",
                                               use_pades=True)).dump()
        return digest, output, attrs

    digest, output, attrs = aio.run(run())
    prepared = PreparedSignature(
        session_id=secrets.token_hex(16), field=options.field,
        document_digest=digest.document_digest.hex(),
        reserved_start=digest.reserved_region_start, reserved_end=digest.reserved_region_end,
        md_algorithm="sha256",
        signed_attributes=base64.b64encode(attrs).decode() if attrs else None,
        cert_der=base64.b64encode(cert_der).decode() if cert_der else None,
        chain_der=[base64.b64encode(c).decode() for c in chain_der],
        context=context or {})
    return prepared, output.getvalue()


def _placeholder_signer() -> Any:
    """A signer that only reserves room; the CMS comes from the desk."""
    from pyhanko.sign.signers import ExternalSigner

    return ExternalSigner(None, None, signature_value=bytes(512))


def complete(prepared: PreparedSignature, pdf: bytes, *, cms: bytes | None = None,
             signature: bytes | None = None) -> bytes:
    """The signed PDF, from the desk's CMS or from its raw signature value."""
    from asn1crypto import cms as asn1_cms
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    digest = PreparedByteRangeDigest(
        document_digest=bytes.fromhex(prepared.document_digest),
        reserved_region_start=prepared.reserved_start,
        reserved_region_end=prepared.reserved_end)
    if cms is not None:
        try:
            content = asn1_cms.ContentInfo.load(cms)
            _ = content["content"].native  # parse now: a broken upload fails here
        except (ValueError, TypeError):
            raise InputError([FieldError(("cms",), "không đọc được chữ ký CMS (PKCS#7, DER)")]) \
                from None
        _check_cms_digest(content, digest.document_digest)
    elif signature is not None:
        if prepared.signed_attributes is None or prepared.cert_der is None:
            raise InputError([FieldError(("signature",), "chữ ký thô cần chứng thư số gửi kèm "
                                                         "khi chuẩn bị ký")])
        content = _cms_from_raw(prepared, signature)
    else:
        raise InputError([FieldError(("cms",), "thiếu chữ ký (CMS hoặc chữ ký thô)")])
    output = BytesIO(pdf)
    try:
        aio.run(PdfTBSDocument.async_finish_signing(output, digest, content))
    except ValueError as exc:
        raise InputError([FieldError(("cms",), f"chữ ký quá lớn hoặc không hợp lệ: {exc}")]) \
            from None
    return output.getvalue()


def _check_cms_digest(content: Any, document_digest: bytes) -> None:
    """Refuse a CMS that signs something else than this document (a wrong upload)."""
    try:
        signer_info = content["content"]["signer_infos"][0]
        attrs = signer_info["signed_attrs"]
        value = next(a["values"][0].native for a in attrs
                     if a["type"].native == "message_digest")
    except (KeyError, IndexError, StopIteration, TypeError, ValueError):
        raise InputError([FieldError(("cms",), "chữ ký CMS thiếu thuộc tính message-digest")]) \
            from None
    if value != document_digest:
        raise InputError([FieldError(("cms",), "chữ ký CMS không phải của văn bản này "
                                               "(mã băm khác)")])


def _cms_from_raw(prepared: PreparedSignature, signature: bytes) -> Any:
    """A CMS around the desk's raw signature of the signed attributes, checked first."""
    from asn1crypto import cms as asn1_cms
    from cryptography.exceptions import InvalidSignature
    from pyhanko.sign.signers import ExternalSigner
    from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator

    cert_der = base64.b64decode(prepared.cert_der or "")
    key = ExternalKey(cert_der, tuple(base64.b64decode(c) for c in prepared.chain_der))
    base = key.pyhanko_signer()
    attrs = asn1_cms.CMSAttributes.load(base64.b64decode(prepared.signed_attributes or ""))
    mechanism = base.get_signature_mechanism_for_digest("sha256")
    try:
        DefaultSignatureValidator().validate_signature(
            signature, attrs.dump(), base.signing_cert.public_key, mechanism)
    except (InvalidSignature, ValueError):
        raise InputError([FieldError(("signature",), "chữ ký không khớp với chứng thư số hoặc "
                                                     "với dữ liệu cần ký")]) from None
    signer = ExternalSigner(base.signing_cert, base.cert_registry, signature_value=signature)
    return aio.run(signer.async_sign_prescribed_attributes("sha256", attrs))
