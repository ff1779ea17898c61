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
from docgen.signing import aio
from docgen.signing.appearance import vietnam_time
from docgen.signing.keys import load_certificates
from docgen.signing.sign import validation_context

#: Changes after a signature that leave it valid: none, validation data (DSS, document
#: timestamps), and form filling, which includes signing later fields.
_ALLOWED_LEVELS = ("NONE", "LTA_UPDATES", "FORM_FILLING")

#: One verdict per signature, worst first: the signed bytes changed (or the signature does
#: not check out), something not allowed was changed after signing, the certificate does
#: not chain to a trusted root, or all is well. A file's verdict is its worst signature's.
STATES = ("broken", "altered", "untrusted", "valid")
STATE_TEXT = {
    "broken": "Chữ ký KHÔNG còn hiệu lực: nội dung đã ký bị thay đổi hoặc chữ ký bị hỏng",
    "altered": "Tệp ĐÃ BỊ SỬA sau khi ký (ngoài việc điền số, ngày và ký tiếp)",
    "untrusted": "Chữ ký còn nguyên vẹn, nhưng chứng thư số KHÔNG thuộc tổ chức chứng thực "
                 "được tin cậy",
    "valid": "Chữ ký hợp lệ: nội dung còn nguyên vẹn, chứng thư số được tin cậy",
}
#: What each signature field of a paper is, for a reader who does not know field names.
FIELD_TEXT = {"signer": "người ký văn bản", "agency": "cơ quan ban hành (con dấu)",
              "witness": "người chứng kiến", "copy": "cơ quan sao văn bản (bản sao điện tử)"}


def field_text(name: str) -> str:
    """``member-03`` -> ``thành viên số 03``; a field docgen does not place keeps its name."""
    if name.startswith("member-"):
        return f"thành viên số {name.removeprefix('member-')}"
    return FIELD_TEXT.get(name, f"ô ký {name}")


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

    @property
    def state(self) -> str:
        """The one verdict on this signature (see :data:`STATES`): later facts mean
        nothing once an earlier one fails (changes after a broken signature are moot)."""
        if not (self.intact and self.valid):
            return "broken"
        if not self.allowed_changes_only:
            return "altered"
        return "valid" if self.trusted else "untrusted"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok, "state": self.state}


@dataclass(frozen=True)
class VerifyReport:
    sha256: str
    signatures: tuple[SignatureFacts, ...]

    @property
    def ok(self) -> bool:
        """Every signature intact, valid and trusted (and at least one signature)."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def state(self) -> str:
        """The worst signature's verdict; ``unsigned`` when the file has none."""
        if not self.signatures:
            return "unsigned"
        return min((s.state for s in self.signatures), key=STATES.index)

    def as_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "ok": self.ok, "state": self.state,
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


def too_many_signatures(count: int, limit: int) -> InputError:
    return InputError([FieldError(("file",), (
        f"tệp có {count} chữ ký số, nhiều hơn {limit} chữ ký mà máy chủ kiểm tra cho một "
        "tệp; văn bản của cơ quan không có nhiều chữ ký như vậy, nên chưa kiểm tra tệp này"))])


def verify_pdf(pdf: bytes, trust_roots: list[bytes], *,
               max_signatures: int | None = None) -> VerifyReport:
    """Facts about every signature of ``pdf`` (an unsigned file has none).

    With ``max_signatures``, a file with more signatures is refused (InputError) before
    any is checked: checking the n-th signature compares every revision after it, so the
    work grows with the square of their number.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature


    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError):
        raise InputError([FieldError(("file",), "tệp không phải PDF đọc được")]) from None
    if max_signatures is not None and len(embedded) > max_signatures:
        raise too_many_signatures(len(embedded), max_signatures)
    facts = []
    for sig in embedded:
        ctx = validation_context(trust_roots)
        status = aio.run(async_validate_pdf_signature(
            sig, signer_validation_context=ctx,
            ts_validation_context=validation_context(trust_roots)))
        cert = status.signing_cert
        level = status.modification_level
        level_name = level.name if level is not None else "UNKNOWN"
        when: datetime | None = None
        if status.timestamp_validity is not None:
            when = status.timestamp_validity.timestamp
        elif status.signer_reported_dt is not None:
            when = status.signer_reported_dt
        facts.append(SignatureFacts(
            # A plain str: pyHanko's string object refers to the whole parsed file, which
            # ``asdict`` and pickling would otherwise copy (seconds per signature).
            field=str(sig.field_name),
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
    lines.append(f"Kết luận: {STATE_TEXT[report.state].lower()}.")
    return lines
