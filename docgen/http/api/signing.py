"""Signing API: the leader's signature on an approved paper (a PKCS#12 key given for one
signing, or a key on the leader's desk in two steps), the signatures kept per paper, and
verification of any PDF (public).

The views parse and answer; who may sign which paper is decided by the registry's
signing service. A key and its password are used for the one request and never stored
or logged.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, Response, jsonify, request

from docgen.errors import FieldError, InputError, NotFoundError
from docgen.http.actor import require
from docgen.http.api.openapi import add_paths
from docgen.http.api.responses import json_payload
from docgen.http.auth import public
from docgen.http.context import services
from docgen.http.views import public_view
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.signatures import (
    PaperSigning,
    SignatureImages,
    facts_json,
    signatures_of,
)
from docgen.signing.keys import Pkcs12Key, load_certificates

bp = Blueprint("api_signing", __name__, url_prefix="/api/v1")


def paper_signing() -> PaperSigning:
    return services().paper_signing


def _images() -> SignatureImages:
    return services().signature_images


def _upload(name: str, *, required: bool = False, label: str = "tệp") -> bytes | None:
    upload = request.files.get(name)
    data = upload.read() if upload else b""
    if not data:
        if required:
            raise InputError([FieldError((name,), f"thiếu {label}")])
        return None
    return data


def _b64(value: Any, name: str) -> bytes | None:
    if value in (None, ""):
        return None
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise InputError([FieldError((name,), "phải là base64")]) from None


@bp.post("/papers/<int:paper_id>/sign")
def sign(paper_id: int) -> tuple[Response, int]:
    """multipart: ``pkcs12`` (file), ``password``, optional ``image`` (PNG)."""

    actor, signing = require(), paper_signing()
    signing.check(paper_id, actor)  # 404/403/409 before looking at the uploads
    key_data = _upload("pkcs12", required=True, label="tệp khóa PKCS#12 (.p12/.pfx)")
    password = request.form.get("password")
    row = signing.sign(paper_id, actor, Pkcs12Key(key_data or b"",
                                                  password.encode() if password else None),
                       image_png=_upload("image"))
    return jsonify(facts_json(row)), 201


@bp.post("/papers/<int:paper_id>/sign/prepare")
def sign_prepare(paper_id: int) -> Response:
    """multipart: optional ``certificate`` (PEM/DER; needed for a raw signature) and
    ``image`` (PNG). Answers the digests to sign and the session id."""

    actor, signing = require(), paper_signing()
    signing.check(paper_id, actor)
    cert = _upload("certificate")
    certs = load_certificates(cert) if cert else []
    return jsonify(signing.prepare(paper_id, actor, cert_der=certs[0] if certs else None,
                                   image_png=_upload("image")))


@bp.post("/papers/<int:paper_id>/sign/complete")
def sign_complete(paper_id: int) -> tuple[Response, int]:
    """JSON: ``session_id`` and either ``cms`` (base64 DER) or ``signature`` (base64 raw
    signature of the signed attributes)."""
    actor, signing = require(), paper_signing()
    signing.check(paper_id, actor)
    body = json_payload()
    if not isinstance(body, dict) or not body.get("session_id"):
        raise InputError([FieldError(("session_id",), "thiếu mã phiên ký")])
    row = signing.complete(paper_id, actor, str(body["session_id"]),
                           cms=_b64(body.get("cms"), "cms"),
                           signature=_b64(body.get("signature"), "signature"))
    return jsonify(facts_json(row)), 201


@bp.get("/papers/<int:paper_id>/signatures")
def signatures(paper_id: int) -> Response:
    reg, actor = services().registry, require()
    with reg.sessions() as s:
        reg._get(s, paper_id, actor)
        return jsonify({"items": [facts_json(r) for r in signatures_of(s, paper_id)]})


@bp.put("/me/signature-image")
def put_signature_image() -> tuple[str, int]:
    """multipart ``image``: the signed-in leader's handwritten signature (PNG)."""
    actor = require(Perm.PAPER_SIGN)
    _images().put(actor.login, _upload("image", required=True, label="ảnh chữ ký (PNG)") or b"")
    return "", 204


@bp.get("/me/signature-image")
def get_signature_image() -> Response:

    actor = require(Perm.PAPER_SIGN)
    image = _images().get(actor.login)
    if image is None:
        raise NotFoundError("chưa có ảnh chữ ký")
    return Response(image, mimetype="image/png")


@bp.post("/verify")
@public
def verify() -> Response:
    """multipart ``file``: each signature's facts, and whether the registry holds the file.
    Bounded (size, signatures, time: ``services().verifier``) and rate-limited, since anyone
    may call it."""

    verifier = services().verifier
    data = _upload("file", required=True, label="tệp PDF")
    report = verifier.verify(data or b"")
    reg = services().registry
    paper = reg.by_pdf(data or b"")
    return jsonify({**report.as_dict(), "registered": paper is not None,
                    "paper": public_view(paper, reg.copy_view(paper)) if paper else None})


_ID = [{"name": "paper_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_AUTH = {"401": {"description": "Chưa đăng nhập / mã truy cập sai"},
         "403": {"description": "Vai trò không được ký / văn bản của cơ quan khác"},
         "404": {"description": "Không có văn bản"}}
_FACTS = {"type": "object", "properties": {k: {"type": "string"} for k in (
    "field", "signer", "organisation", "cert_sha256", "signed_at", "pdf_sha256")}}


def _multipart(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": required, "properties": props}}}}


_FILE = {"type": "string", "format": "binary"}
add_paths({
    "/api/v1/papers/{paper_id}/sign": {"post": {
        "summary": "Lãnh đạo ký số văn bản đã duyệt (khóa PKCS#12)", "operationId": "sign_paper",
        "parameters": _ID,
        "requestBody": _multipart({"pkcs12": _FILE, "password": {"type": "string"},
                                   "image": _FILE}, ["pkcs12"]),
        "responses": {"201": {"description": "Đã ký", "content": {"application/json": {
            "schema": _FACTS}}}, **_AUTH,
            "409": {"description": "Chưa duyệt, đã ban hành hoặc đã ký"},
            "413": {"description": "Tệp quá lớn"},
            "422": {"description": "Thiếu khóa, sai mật khẩu, ảnh không đọc được"}}}},
    "/api/v1/papers/{paper_id}/sign/prepare": {"post": {
        "summary": "Chuẩn bị ký bằng thiết bị của người ký: trả mã băm cần ký và mã phiên",
        "operationId": "sign_paper_prepare", "parameters": _ID,
        "requestBody": _multipart({"certificate": _FILE, "image": _FILE}, []),
        "responses": {"200": {"description": "Mã băm cần ký, mã phiên"}, **_AUTH,
                      "409": {"description": "Chưa duyệt, đã ban hành hoặc đã ký"},
                      "422": {"description": "Chứng thư hoặc ảnh không đọc được"}}}},
    "/api/v1/papers/{paper_id}/sign/complete": {"post": {
        "summary": "Hoàn tất ký bằng chữ ký CMS hoặc chữ ký thô", "operationId":
        "sign_paper_complete", "parameters": _ID,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["session_id"], "properties": {
                "session_id": {"type": "string"}, "cms": {"type": "string"},
                "signature": {"type": "string"}}}}}},
        "responses": {"201": {"description": "Đã ký"}, **_AUTH,
                      "409": {"description": "Đã ký hoặc không còn ở trạng thái ký được"},
                      "422": {"description": "Chữ ký không khớp, phiên không đúng"}}}},
    "/api/v1/papers/{paper_id}/signatures": {"get": {
        "summary": "Các chữ ký số của văn bản", "operationId": "paper_signatures",
        "parameters": _ID, "responses": {"200": {"description": "Danh sách"}, **_AUTH}}},
    "/api/v1/me/signature-image": {
        "put": {"summary": "Lưu ảnh chữ ký của lãnh đạo (PNG nền trong suốt)",
                "operationId": "put_signature_image",
                "requestBody": _multipart({"image": _FILE}, ["image"]),
                "responses": {"204": {"description": "Đã lưu"},
                              "401": _AUTH["401"], "403": _AUTH["403"],
                              "413": {"description": "Tệp quá lớn"},
                              "422": {"description": "Không phải PNG đọc được"}}},
        "get": {"summary": "Ảnh chữ ký đã lưu", "operationId": "get_signature_image",
                "responses": {"200": {"description": "PNG", "content": {"image/png": {}}},
                              "401": _AUTH["401"], "403": _AUTH["403"],
                              "404": {"description": "Chưa có ảnh"}}}},
    "/api/v1/verify": {"post": {
        "summary": "Kiểm tra chữ ký số của một tệp PDF (công khai)", "operationId": "verify_pdf",
        "requestBody": _multipart({"file": _FILE}, ["file"]),
        "responses": {"200": {"description": "Từng chữ ký: người ký, thời điểm, nguyên vẹn, "
                                             "tin cậy; tệp có đúng bản trong sổ không"},
                      "413": {"description": "Tệp quá lớn"},
                      "422": {"description": "Thiếu tệp, không phải PDF, quá nhiều chữ ký "
                                             "hoặc kiểm tra quá thời gian cho phép"},
                      "429": {"description": "Quá nhiều yêu cầu từ một địa chỉ"},
                      "503": {"description": "Máy chủ đang kiểm tra tệp khác"}}}},
})
