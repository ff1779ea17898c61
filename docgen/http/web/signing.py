"""The leader's signature from the paper's page: the same service as the API
(``services().paper_signing``), through CSRF-protected multipart forms.

- ``POST /registry/<id>/sign``: a PKCS#12 file and its password (used for this one
  request; never stored, logged or shown again), the signature image (or the one kept for
  the leader, which a box on the form replaces).
- ``POST /registry/<id>/sign/prepare`` then ``.../sign/complete``: a key on the leader's
  desk. The page shows the digests to sign and offers them as a file for desk software
  (``GET .../sign/session/<id>.json``); the signed result (CMS, or a raw signature of the
  signed attributes) comes back as a file.
- ``GET /registry/<id>/signed.pdf``: the leader-signed PDF, until the paper is issued.

A refusal (wrong password, a certificate of someone else or of no trusted authority, a
state that changed) is said on the paper's page in Vietnamese, with what was typed kept
except the password; the files must be picked again (a browser never refills them).
"""

from __future__ import annotations

import base64
import binascii

from flask import Blueprint, Response, flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue

from docgen.errors import ConflictError, FieldError, InputError, NotFoundError
from docgen.http.actor import require
from docgen.http.api.responses import file_response
from docgen.http.context import services
from docgen.http.web.office import _paper_page
from docgen.http.web.signing_view import prepared_session, signing_panel
from docgen.service import MEDIA_TYPES, RenderedFile
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.signing.keys import Pkcs12Key, load_certificates

bp = Blueprint("office_signing", __name__, url_prefix="/registry")

SIGNED = "Đã ký số văn bản. Bên phải là bản đã ký; văn thư có thể ban hành (cấp số, ngày)."
#: Form fields never kept for the page shown again.
SECRET = frozenset({"password", "csrf_token"})


def _file(name: str) -> bytes | None:
    upload = request.files.get(name)
    data = upload.read() if upload else b""
    return data or None


def _binary(data: bytes | None, name: str) -> bytes | None:
    """A signature file as desk software writes it: DER, PEM, or base64 text."""
    if data is None:
        return None
    if data.lstrip().startswith(b"-----BEGIN"):
        return load_certificates(data)[0]
    text = data.strip()
    if text and all(c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"
                    for c in text):
        try:
            return base64.b64decode(text, validate=False)
        except (binascii.Error, ValueError):
            raise InputError([FieldError((name,), "tệp không phải base64 hay DER")]) from None
    return data


def _refused(paper_id: int, actor: Actor, step: str, exc: InputError | ConflictError |
             NotFoundError) -> tuple[str, int]:
    detail = "; ".join(e.msg for e in exc.errors) if isinstance(exc, InputError) \
        and exc.errors else exc.message
    flash(f"Chưa ký được: {detail}", "bad")
    kept = {k: v for k, v in request.form.items() if k not in SECRET}
    status = 422 if isinstance(exc, InputError) else 409 if isinstance(exc, ConflictError) \
        else 404
    return _paper_page(paper_id, actor, {"step": step, **kept}), status


def _image(actor: Actor) -> bytes | None:
    """The image sent with the form, kept for the leader when asked."""
    image = _file("image")
    if image is not None and request.form.get("keep_image"):
        services().signature_images.put(actor.login, image)
    return image


@bp.post("/<int:paper_id>/sign")
def sign(paper_id: int) -> ResponseReturnValue:
    actor, signing = require(), services().paper_signing
    signing.check(paper_id, actor)  # 404/403/409 before reading any upload
    try:
        key = _file("pkcs12")
        if key is None:
            raise InputError([FieldError(("pkcs12",), "chưa chọn tệp khóa PKCS#12 (.p12/.pfx)")])
        password = request.form.get("password") or ""
        signing.sign(paper_id, actor, Pkcs12Key(key, password.encode() or None),
                     image_png=_image(actor))
    except (InputError, ConflictError) as exc:
        return _refused(paper_id, actor, "sign", exc)
    flash(SIGNED, "ok")
    return redirect(url_for("office.paper", paper_id=paper_id) + "#signing-h")


@bp.post("/<int:paper_id>/sign/prepare")
def prepare(paper_id: int) -> ResponseReturnValue:
    actor, signing = require(), services().paper_signing
    signing.check(paper_id, actor)
    try:
        cert = _file("certificate")
        certs = load_certificates(cert) if cert else []
        prepared = signing.prepare(paper_id, actor, cert_der=certs[0] if certs else None,
                                   image_png=_image(actor))
    except (InputError, ConflictError) as exc:
        return _refused(paper_id, actor, "prepare", exc)
    flash("Đã chuẩn bị ký: hãy ký mã băm dưới đây bằng thiết bị ký số của bạn, rồi gửi "
          "kết quả trong 15 phút.", "ok")
    return redirect(url_for("office.paper", paper_id=paper_id,
                            desk=prepared["session_id"]) + "#desk-h")


@bp.get("/<int:paper_id>/sign/session/<session_id>.json")
def session_file(paper_id: int, session_id: str) -> Response:
    """What desk software needs to sign (no PDF, no secret), as a file."""
    actor = require(Perm.PAPER_SIGN)
    services().paper_signing.check(paper_id, actor)
    public = prepared_session(paper_id, actor, session_id)
    if public is None:
        raise NotFoundError("không có phiên ký này (hoặc đã hết hạn)")
    response = jsonify({**public, "paper_id": paper_id})
    response.headers["Content-Disposition"] = \
        f'attachment; filename="phien-ky-{paper_id}-{session_id[:8]}.json"'
    return response


@bp.post("/<int:paper_id>/sign/complete")
def complete(paper_id: int) -> ResponseReturnValue:
    actor, signing = require(), services().paper_signing
    signing.check(paper_id, actor)
    session_id = request.form.get("session_id") or ""
    try:
        cms, raw = _binary(_file("cms"), "cms"), _binary(_file("signature"), "signature")
        if cms is None and raw is None:
            raise InputError([FieldError(("cms",), "chưa chọn tệp chữ ký (CMS .p7s, hoặc "
                                                   "chữ ký thô)")])
        signing.complete(paper_id, actor, session_id, cms=cms, signature=raw)
    except (InputError, ConflictError, NotFoundError) as exc:
        return _refused(paper_id, actor, "complete", exc)
    flash(SIGNED, "ok")
    return redirect(url_for("office.paper", paper_id=paper_id) + "#signing-h")


@bp.get("/<int:paper_id>/signed.pdf")
def signed_pdf(paper_id: int) -> Response:
    """The leader-signed PDF of an approved paper, before its number and date."""
    actor = require(Perm.PAPER_READ)
    paper = services().registry.get(paper_id, actor)
    pdf = signing_panel(paper, actor).signed_pdf
    if pdf is None:
        raise NotFoundError("văn bản chưa được ký, hoặc đã ban hành (tải bản đã ban hành)")
    return file_response(RenderedFile(pdf, MEDIA_TYPES["pdf"], f"da-ky-{paper_id}.pdf",
                                      f"{paper.title} (đã ký)"))

