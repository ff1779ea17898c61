"""The public verification page: ``/verify/<code>`` shows what was issued (kind, number,
date, recipient, issuer, status) and nothing private; a PDF uploaded there is checked
against the SHA-256 stored when the paper was issued, and its digital signatures are
reported: one verdict on the file first, then each signature (whose, when in Vietnam
time, its own verdict) in words a citizen reads.

Anyone may use it, so it is rate-limited (``docgen.http.public_limits``) and the check of
the signatures is bounded (``services().verifier``: size, number of signatures, time, in
a process of its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from docgen.errors import BusyError, InputError, TooLargeError
from docgen.http.auth import public
from docgen.http.context import services
from docgen.http.views import certificate_view, public_view
from docgen.services.registry.codes import typed_code
from docgen.signing.verify import STATE_TEXT, SignatureFacts, VerifyReport, field_text
from docgen.vn.dates import long_datetime

bp = Blueprint("verify", __name__, url_prefix="/verify")


@bp.get("/")
@public
def start() -> ResponseReturnValue:
    """Where someone holding a paper types the code printed on it (``?code=`` from the box
    on every verification page): on to ``/verify/<code>``."""
    code = typed_code(request.args.get("code") or "")
    if code:
        return redirect(url_for("verify.show", code=code))
    return render_template("verify.html", code=None, paper=None, check=None)


@dataclass(frozen=True)
class Verdict:
    """The one sentence the page opens with: ``tone`` is ok, warn or bad."""

    tone: str
    headline: str
    detail: str = ""


def _signature_view(s: SignatureFacts) -> dict[str, Any]:
    when = long_datetime(datetime.fromisoformat(s.signing_time)) if s.signing_time else None
    tone = {"valid": "ok", "untrusted": "warn"}.get(s.state, "bad")
    return {"role": field_text(s.field), "signer": s.signer, "organisation": s.organisation,
            "when": when, "timestamped": s.timestamped, "tone": tone,
            "verdict": STATE_TEXT[s.state], "fingerprint": s.cert_sha256}


def verdict(check: str, status: str, report: VerifyReport | None,
            problem: str | None) -> Verdict:
    """The page's one verdict on an uploaded file, from the registry's SHA-256 match, the
    paper's status and the signatures' worst state."""
    state = report.state if report is not None else None
    if check == "match":
        if status == "revoked":
            return Verdict("bad", "Tệp đúng là bản đã ban hành, nhưng văn bản ĐÃ BỊ THU HỒI",
                           "Văn bản không còn hiệu lực.")
        if problem:
            return Verdict("ok", "Tệp đúng là bản đã ban hành (trùng khớp từng byte)",
                           f"Chưa kiểm tra được chữ ký số: {problem}.")
        if state == "untrusted":
            return Verdict("warn", "Tệp đúng là bản đã ban hành (trùng khớp từng byte)",
                           "Chữ ký số còn nguyên vẹn, nhưng máy chủ này chưa được cài chứng "
                           "thư gốc để xác nhận tổ chức cấp chứng thư số.")
        signed = " và các chữ ký số trong tệp hợp lệ" if state == "valid" else ""
        return Verdict("ok", f"Tệp đúng là bản đã ban hành{signed}",
                       "Tệp trùng khớp từng byte với bản lưu khi ban hành.")
    head = "Tệp KHÔNG phải bản đã ban hành"
    if problem:
        return Verdict("bad", head, f"Tệp khác bản lưu khi ban hành. Chưa kiểm tra được chữ "
                                    f"ký số: {problem}.")
    reasons = {
        "broken": "Tệp khác bản lưu khi ban hành, và chữ ký số trong tệp không còn hiệu "
                  "lực: nội dung đã ký bị thay đổi.",
        "altered": "Tệp khác bản lưu khi ban hành: tệp đã bị sửa sau khi ký.",
        "unsigned": "Tệp khác bản lưu khi ban hành và không có chữ ký số nào.",
    }
    return Verdict("bad", head, reasons.get(state or "", (
        "Tệp khác bản lưu khi ban hành, dù chữ ký số trong tệp còn nguyên vẹn: có thể là "
        "bản trước khi cấp số, ngày, hoặc bản của một văn bản khác. Hãy đối chiếu với bản "
        "do cơ quan ban hành gửi.")))


@bp.route("/<code>", methods=["GET", "POST"])
@public
def show(code: str) -> tuple[str, int]:
    reg = services().registry
    paper = reg.by_code(code)
    if paper is None:
        cert = reg.certificates.by_code(code)
        if cert is None:
            return render_template("verify.html", code=code, paper=None, check=None), 404
        return render_template("verify.html", code=code,
                               paper=certificate_view(cert, reg.certificates.decision_of(cert)),
                               check=None, certificate=True), 200
    check, signatures, result, status = None, None, None, 200
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        # A file that is no PDF at all (a DOCX, a photo) was picked by mistake: it is not
        # checked, not called altered. A damaged PDF is a copy that differs: mismatch.
        check = "empty" if not data else "not_pdf" if not data.lstrip()[:5] == b"%PDF-" \
            else "match" if (match := reg.by_pdf(data)) and match.id == paper.id \
            else "mismatch"
        if check in ("match", "mismatch"):
            report, problem = None, None
            try:
                report = services().verifier.verify(data)
            except (InputError, TooLargeError) as exc:
                problem = "; ".join(e.msg for e in exc.errors) \
                    if isinstance(exc, InputError) and exc.errors else exc.message
                status = 422 if isinstance(exc, InputError) else 413
            except BusyError as exc:
                problem, status = exc.message, 503
            result = verdict(check, paper.status, report, problem)
            signatures = [_signature_view(s) for s in report.signatures] if report else None
    return render_template("verify.html", code=code, paper=public_view(paper, reg.copy_view(paper)),
                           check=check,
                           signatures=signatures, verdict=result), status
