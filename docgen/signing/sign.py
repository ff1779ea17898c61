"""PAdES signing of a paper's PDF (pyHanko), whatever the key's source.

The first signature of a file certifies it with DocMDP level 2 ("form filling and
signing"): the records office may then fill the number and date fields and add the
agency's signature without breaking the leader's. Every later signature is an approval
signature in a field that already exists (render time placed all of them), because a
new visible field after certification is not an allowed change.

With a timestamp authority configured, each signature carries an RFC 3161 timestamp and
the validation data (certificates, and revocation data where the chain gives any) is
embedded in the file's DSS: PAdES B-LT.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docgen.errors import ConflictError, DocgenError, FieldError, InputError
from docgen.signing import aio
from docgen.signing.appearance import Appearance
from docgen.signing.keys import KeySource, SigningKeyError
from docgen.signing.pdfa import incremental_writer


class SigningError(DocgenError):
    """Signing failed for a reason that is not the caller's input (HTTP 500, exit 1)."""


@dataclass(frozen=True)
class SignOptions:
    """One signature: which field, what it shows, and the optional timestamp set-up."""

    field: str
    appearance: Appearance = dataclasses.field(default_factory=Appearance)
    reason: str | None = None
    location: str | None = None
    #: RFC 3161 timestamp authority; with it, validation data is embedded (PAdES B-LT).
    timestamp_url: str | None = None
    #: Roots trusted for the pre-signing check needed to embed validation data (DER).
    trust_roots: tuple[bytes, ...] = ()


def signature_fields(pdf: bytes | Any) -> dict[str, bool]:
    """Every signature field of ``pdf`` (bytes or an open pyHanko reader) and whether it is
    signed already."""
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = _reader_or_error(pdf) if isinstance(pdf, bytes) else pdf
    return {name: value is not None for name, value, _ in enumerate_sig_fields(reader)}


def _reader_or_error(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return PdfFileReader(BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError):
        raise InputError([FieldError(("file",), "tệp không phải PDF đọc được")]) from None


def _writer_or_error(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.misc import PdfReadError


    try:
        return incremental_writer(pdf)
    except (PdfReadError, ValueError, KeyError, IndexError):
        raise InputError([FieldError(("file",), "tệp không phải PDF đọc được")]) from None


def check_field(pdf: bytes | Any, name: str) -> bool:
    """Raise a clear error unless ``name`` is an empty signature field; return whether the
    file has no signature yet (so this one certifies it)."""
    fields = signature_fields(pdf)
    if name not in fields:
        known = ", ".join(fields) or "không có ô ký nào"
        raise InputError([FieldError(("field",), f"không có ô ký {name!r} (các ô ký: {known})")])
    if fields[name]:
        raise ConflictError(f"ô ký {name!r} đã được ký")
    return not any(fields.values())


def signature_metadata(options: SignOptions, *, certify: bool) -> Any:
    from pyhanko.sign import fields as sig_fields
    from pyhanko.sign.signers import PdfSignatureMetadata

    meta: dict[str, Any] = {
        "field_name": options.field,
        "md_algorithm": "sha256",
        "subfilter": sig_fields.SigSeedSubFilter.PADES,
        "reason": options.reason,
        "location": options.location,
        "certify": certify,
        "docmdp_permissions": sig_fields.MDPPerm.FILL_FORMS,
    }
    if options.timestamp_url:
        meta["embed_validation_info"] = True
        meta["validation_context"] = validation_context(options.trust_roots, fetch=True)
    return PdfSignatureMetadata(**meta)


def validation_context(roots: tuple[bytes, ...] | list[bytes], *, fetch: bool = False) -> Any:
    """A certificate validation context trusting exactly ``roots`` (DER).

    Revocation is checked when the chain says where (soft-fail otherwise), so a test PKI or
    an offline server still validates; ``fetch`` allows fetching CRLs/OCSP named in the
    certificates (used when embedding validation data).
    """
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=[x509.Certificate.load(r) for r in roots],
                             allow_fetching=fetch, revocation_mode="soft-fail")


def timestamper(url: str | None) -> Any:
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=10)


def pdf_signer(options: SignOptions, signer: Any, *, certify: bool) -> Any:
    from pyhanko.sign.signers import PdfSigner

    # Always our style, even with nothing to show: pyHanko's default stamp is Courier text.
    return PdfSigner(signature_metadata(options, certify=certify), signer=signer,
                     stamp_style=options.appearance.stamp_style(), timestamper=timestamper(options.timestamp_url))


def reserved_bytes(options: SignOptions) -> int:
    """Room for the signature container. Without it pyHanko signs twice (a dry run to
    measure); a certificate chain of a few levels fits in 12 KiB, a timestamp token with
    its authority's chain in 12 more."""
    return 24576 if options.timestamp_url else 12288


def sign_pdf(pdf: bytes, key: KeySource, options: SignOptions) -> bytes:
    """``pdf`` with one more signature, in the existing empty field ``options.field``."""
    writer = _writer_or_error(pdf)
    certify = check_field(writer.prev, options.field)
    signer = key.pyhanko_signer()
    out = BytesIO()
    try:
        aio.run(pdf_signer(options, signer, certify=certify).async_sign_pdf(
            writer, existing_fields_only=True, output=out,
            bytes_reserved=reserved_bytes(options)))
    except DocgenError:
        raise
    except Exception as exc:
        raise _explain(exc) from exc
    return out.getvalue()


def _explain(exc: Exception) -> DocgenError:
    """A signing failure in one Vietnamese sentence (and the technical reason after it)."""
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.timestamps import TimestampRequestError

    if isinstance(exc, TimestampRequestError):
        return SigningError(f"không lấy được dấu thời gian từ máy chủ TSA: {exc}")
    text = str(exc)
    if isinstance(exc, HankoSigningError) and "key usage" in text.lower():
        return SigningKeyError("chứng thư số không cho phép ký văn bản (key usage)")
    if "validat" in text.lower() or "trust" in text.lower():
        return SigningKeyError("chứng thư của người ký không xác thực được tới chứng thư gốc "
                               f"tin cậy đã cấu hình ({text})", loc="certificate")
    return SigningError(f"không ký được văn bản: {text}")
