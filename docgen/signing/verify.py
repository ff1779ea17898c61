"""Verification of a PDF's signatures (pyHanko), reported per signature in plain facts.

For each signature: the field, who signed (name and organisation from the certificate),
when, whether the signed bytes are intact, whether everything changed after it is an
allowed change (form filling, later signatures, validation data), and whether the
certificate chains to one of the trust roots an administrator installed
(``DOCGEN_TRUST_ROOTS``). The same report serves ``docgen verify``, ``POST /api/v1/verify``
and the ``/verify/<code>`` page.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from docgen.errors import FieldError, InputError
from docgen.signing.appearance import vietnam_time
from docgen.signing.keys import load_certificates
from docgen.signing.sign import validation_context

#: Changes after a signature that leave it valid: none, validation data (DSS, document
#: timestamps), and form filling, which includes signing later fields.
_ALLOWED_LEVELS = ("NONE", "LTA_UPDATES", "FORM_FILLING")


@dataclass(frozen=True)
class SignatureFacts:
    """What a clerk (or a script) needs to know about one signature."""

    field: str
    signer: str  # common name of the certificate's subject
    organisation: str | None  # O of the subject
    cert_sha256: str  # fingerprint of the signer's certificate (hex)
    signing_time: str | None  # ISO 8601, Vietnam time (timestamp's time when there is one)
    timestamped: bool  # an RFC 3161 timestamp vouches for the time
    certifying: bool  # the first signature, which sets the DocMDP permissions
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    allowed_changes_only: bool  # later changes are form filling / signing / validation data
    modification: str  # pyHanko's modification level name, for the curious
    trusted: bool  # the certificate chains to a configured trust root
    covers_whole_file: bool  # the last revision: nothing was added after it

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.allowed_changes_only and self.trusted

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


@dataclass(frozen=True)
class VerifyReport:
    sha256: str
    signatures: tuple[SignatureFacts, ...]

    @property
    def ok(self) -> bool:
        """Every signature intact, valid and trusted (and at least one signature)."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    def as_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "ok": self.ok,
                "signatures": [s.as_dict() for s in self.signatures]}


def load_trust_roots(path: Path | None) -> list[bytes]:
    """DER certificates from a PEM/DER file or every ``.pem``/``.crt``/``.cer`` in a folder."""

    if path is None:
        return []
    if not path.exists():
        raise InputError([FieldError(("trust_roots",),
                                     f"không thấy chứng thư gốc tin cậy {path}")])
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer",
                                                                      ".der")) \
        if path.is_dir() else [path]
    roots: list[bytes] = []
    for file in files:
        roots.extend(load_certificates(file.read_bytes()))
    return roots


def _name_part(name: Any, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def verify_pdf(pdf: bytes, trust_roots: list[bytes]) -> VerifyReport:
    """Facts about every signature of ``pdf`` (an unsigned file has none)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature


    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError):
        raise InputError([FieldError(("file",), "tệp không phải PDF đọc được")]) from None
    facts = []
    for sig in embedded:
        ctx = validation_context(trust_roots)
        status = validate_pdf_signature(sig, signer_validation_context=ctx,
                                        ts_validation_context=validation_context(trust_roots))
        cert = status.signing_cert
        level = status.modification_level
        level_name = level.name if level is not None else "UNKNOWN"
        when: datetime | None = None
        if status.timestamp_validity is not None:
            when = status.timestamp_validity.timestamp
        elif status.signer_reported_dt is not None:
            when = status.signer_reported_dt
        facts.append(SignatureFacts(
            field=sig.field_name,
            signer=_name_part(cert.subject, "common_name") or cert.subject.human_friendly,
            organisation=_name_part(cert.subject, "organization_name"),
            cert_sha256=hashlib.sha256(cert.dump()).hexdigest(),
            signing_time=vietnam_time(when) if when else None,
            timestamped=status.timestamp_validity is not None,
            certifying=sig.sig_object.get("/Reference") is not None
            and any(r.get("/TransformMethod") == "/DocMDP" for r in sig.sig_object["/Reference"]),
            intact=bool(status.intact),
            valid=bool(status.valid),
            allowed_changes_only=level_name in _ALLOWED_LEVELS and status.docmdp_ok is not False,
            modification=level_name,
            trusted=bool(status.trusted),
            covers_whole_file=status.coverage is not None
            and status.coverage.name == "ENTIRE_FILE",
        ))
    return VerifyReport(hashlib.sha256(pdf).hexdigest(), tuple(facts))


def report_lines(report: VerifyReport) -> list[str]:
    """The report as a clerk reads it (command line and logs)."""
    def yn(flag: bool) -> str:
        return "có" if flag else "KHÔNG"

    if not report.signatures:
        return ["Tệp không có chữ ký số nào."]
    lines = []
    for i, s in enumerate(report.signatures, 1):
        who = s.signer + (f" ({s.organisation})" if s.organisation else "")
        lines += [
            f"Chữ ký {i}: ô {s.field}",
            f"  người ký: {who}",
            f"  thời điểm ký: {s.signing_time or 'không rõ'}"
            + (" (dấu thời gian)" if s.timestamped else ""),
            f"  nguyên vẹn: {yn(s.intact and s.valid)}",
            f"  chỉ thay đổi được phép sau khi ký: {yn(s.allowed_changes_only)}",
            f"  chứng thư tin cậy: {yn(s.trusted)}",
            f"  vân tay chứng thư (SHA-256): {s.cert_sha256}",
        ]
    lines.append("Kết luận: mọi chữ ký hợp lệ và tin cậy." if report.ok
                 else "Kết luận: có chữ ký không hợp lệ hoặc không tin cậy.")
    return lines
