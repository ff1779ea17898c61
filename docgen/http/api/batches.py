"""Batch API: ``POST /api/v1/batches`` (JSON body, or a multipart upload of an XLSX/CSV with
its ``meta``) returns 202 and the batch; ``GET /api/v1/batches/<id>`` reports its state;
``GET /api/v1/batches/<id>/result`` downloads the PDF or ZIP. ``POST .../check`` validates
the rows without producing anything."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

from flask import Blueprint, Response, jsonify, request, url_for
from flask.blueprints import BlueprintSetupState
from pydantic import Field
from werkzeug.routing import BaseConverter

from docgen.errors import FieldError, InputError, UnauthorizedError
from docgen.http.actor import current_actor, require
from docgen.http.api.openapi import add_paths, error, json_response, model_ref
from docgen.http.api.responses import json_payload, parse_json
from docgen.http.context import services, settings
from docgen.kinds import get_kind
from docgen.model.award_decision import AwardDecisionInput
from docgen.model.certificate import MAX_RECIPIENTS, CertificateMeta
from docgen.model.types import RegisterNumber
from docgen.service import validate
from docgen.services.jobs.service import BatchService
from docgen.vn.files import content_disposition

bp = Blueprint("api_batches", __name__, url_prefix="/api/v1/batches")

#: A batch id as the store makes them (``secrets.token_hex(16)``). Matching only these keeps
#: ``/batches/check`` from also being "the batch named check" (GET would be allowed there).
BATCH_ID = "[0-9a-f]{32}"


#: Values of ``seal`` (query or form field) that ask for the agency's seal signature, and
#: those that do not; anything else is refused (422), as the OpenAPI enum says.
SEAL_YES = frozenset({"1", "true", "on", "yes"})
SEAL_NO = frozenset({"0", "false", "off", "no"})


class BatchIdConverter(BaseConverter):
    regex = BATCH_ID


def _add_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters.setdefault("batch_id", BatchIdConverter)


bp.record_once(_add_converter)


def service() -> BatchService:
    return services().batches


def _inputs() -> dict[str, Any]:
    """The batch input of the request: an uploaded file with its meta, or a JSON body."""
    upload = request.files.get("file")
    if upload is None:
        return {"body": json_payload()}
    raw_meta = request.form.get("meta")
    if raw_meta is None and "meta" in request.files:
        raw_meta = request.files["meta"].read().decode("utf-8-sig", "replace")
    meta = parse_json(raw_meta, ("meta",)) if raw_meta else None
    return {"upload": upload.read(), "filename": upload.filename or "upload.xlsx",
            "meta": meta}


def with_links(state: dict[str, Any]) -> dict[str, Any]:
    """The batch's state with its links (status, and the result once done)."""
    links = {"self": url_for("api_batches.status", batch_id=state["id"])}
    if state.get("state") == "done" and state.get("result"):
        links["result"] = url_for("api_batches.result", batch_id=state["id"])
    return {**state, "links": links}


@bp.post("")
def create() -> tuple[Response, int]:
    fmt = request.args.get("format", request.form.get("format", "pdf")).lower()
    raw_seal = request.args.get("seal", request.form.get("seal", "0")).lower()
    if raw_seal not in SEAL_YES | SEAL_NO:
        raise InputError([FieldError(("seal",), "seal phải là 1 (ký số con dấu) hoặc 0")])
    seal = raw_seal in SEAL_YES
    state = service().create(output_format=fmt, actor=require(), seal=seal, **_inputs())
    resp = jsonify(with_links(state))
    resp.headers["Location"] = url_for("api_batches.status", batch_id=state["id"])
    return resp, 202


def job_size(kind: str, payload: Any) -> int | None:
    """How big a render request is, when it is too big to render inside the request:
    more certificates than ``render_async_certificates``, or a decision with more people
    and collectives than ``render_async_people``; None when it is rendered at once."""
    config = settings()
    if not isinstance(payload, dict):
        return None

    def count(name: str) -> int:  # a wrong type is the validation's business, not ours
        value = payload.get(name)
        return len(value) if isinstance(value, list) else 0

    if kind == "certificate":
        size, limit = count("recipients"), config.render_async_certificates
    elif kind == "award-decision":
        size = count("individuals") + count("collectives")
        limit = config.render_async_people
    else:
        return None
    return size if size > limit else None


def render_as_job(kind: str, body: bytes, fmt: str) -> tuple[Response, int] | None:
    """``POST /api/v1/<kind>/render`` above the configured size: the input is checked now
    (422 at once), then rendered as a job; 202 with the job and its status link. A web
    worker is never held for minutes by one request."""
    if not get_kind(kind).large:
        return None
    try:
        # The API's own parser: json.loads raises RecursionError (a 500) on deep nesting.
        payload = parse_json(body)
    except InputError:
        return None  # the render path answers with the field-level 422
    size = job_size(kind, payload)
    if size is None:
        return None

    validate(kind, body)

    actor = current_actor()
    if actor is None:
        # Only under DOCGEN_OPEN_RENDER_API: a job's status and file are kept under an
        # agency's name, so an anonymous caller could never follow it. Say so now.
        raise UnauthorizedError(f"yêu cầu lớn ({size} người/bằng) được in thành việc nền và "
                                "cần đăng nhập để theo dõi, tải kết quả: hãy gửi kèm mã API "
                                "(Authorization: Bearer …) hoặc chia nhỏ yêu cầu")
    state = service().create_render(kind, payload, fmt, size, actor)
    resp = jsonify(with_links(state))
    resp.headers["Location"] = url_for("api_batches.status", batch_id=state["id"])
    return resp, 202


@bp.post("/check")
def check() -> Response:
    return jsonify(service().check(actor=require(), **_inputs()))


@bp.get("/<batch_id:batch_id>")
def status(batch_id: str) -> Response:
    return jsonify(with_links(service().status(batch_id, require())))


def _stream(fh: BinaryIO, block: int = 256 * 1024) -> Iterator[bytes]:
    """The file in blocks, closed once read to the end (or when the server closes the
    response early)."""
    with fh:
        while data := fh.read(block):
            yield data


@bp.get("/<batch_id:batch_id>/result")
def result(batch_id: str) -> Response:
    # Streamed from the storage: a 20,000-page PDF is never read into memory.
    fh, media_type, name, size = service().result(batch_id, require())
    resp = Response(_stream(fh), mimetype=media_type, direct_passthrough=True)
    resp.headers["Content-Disposition"] = content_disposition(name)
    if size:
        resp.content_length = size
    return resp


_ROW_ERROR = {"type": "object", "required": ["row", "msg"], "properties": {
    "row": {"type": "integer"}, "field": {"type": "string"}, "msg": {"type": "string"}}}
_BATCH = {"type": "object", "required": ["id", "state", "total", "done", "links"],
          "properties": {
              "id": {"type": "string"},
              "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
              "total": {"type": "integer"}, "done": {"type": "integer"},
              "kind": {"type": "string",
                       "description": "certificates, hoặc loại văn bản (việc in lớn)"},
              "produced": {"type": ["integer", "null"]},
              "rejected": {"type": ["integer", "null"]},
              "errors": {"type": "array", "items": _ROW_ERROR},
              "error": {"type": ["string", "null"], "description": "Lý do thất bại"},
              "reprinted": {"type": ["integer", "null"],
                            "description": "số bằng in lại (đã có trong sổ vàng, giữ số cũ)"},
              "decision_paper_id": {"type": ["integer", "null"],
                                    "description": "quyết định trong sổ mà lô in bằng cho"},
              "sealed": {"type": "boolean",
                         "description": "mỗi bằng được ký số bằng con dấu của cơ quan"},
              "created_by": {"type": ["string", "null"]},
              "created_at": {"type": "string"}, "finished_at": {"type": ["string", "null"]},
              "heartbeat_at": {"type": ["string", "null"]},
              "links": {"type": "object"}}}
#: The batch as the API answers it, for the routes that start batches elsewhere.
BATCH_SCHEMA = _BATCH
_REGISTRATION = {
    "type": "object", "description": "Lô đăng ký vào sổ: quyết định và những người đã có "
    "trong sổ vàng theo quyết định đó (sẽ được in lại với số cũ, không cấp số mới)",
    "properties": {
        "decision": {"type": "object", "properties": {
            "number": {"type": "string"}, "date": {"type": "string"},
            "paper_id": {"type": ["integer", "null"]}, "external": {"type": "boolean"}}},
        "existing": {"type": "integer"}, "new": {"type": "integer"},
        "entries": {"type": "array", "items": {"type": "object", "properties": {
            "row": {"type": "integer"}, "register_number": {"type": "integer"},
            "recipient": {"type": "string"}, "verify_code": {"type": "string"},
            "status": {"type": "string"}}}}}}
_CHECK = {"type": "object", "required": ["total", "good", "rejected", "errors"], "properties": {
    "registration": _REGISTRATION,
    "total": {"type": "integer"}, "good": {"type": "integer"}, "rejected": {"type": "integer"},
    "blank_rows": {"type": "integer"}, "notes": {"type": "array", "items": {"type": "string"}},
    "errors": {"type": "array", "items": _ROW_ERROR}}}
_UPLOAD = {"type": "object", "required": ["file", "meta"], "properties": {
    "file": {"type": "string", "format": "binary", "description": "Bảng tính XLSX hoặc CSV"},
    "meta": {"type": "string", "description": "JSON: phần chung của các bằng"}}}


class CertificateRows(CertificateMeta):
    """A batch body listing recipients: each row is checked on its own, and a bad row is
    reported with its row number and reason while the others are produced, so a row may
    be anything (a row that is not an object is taken as a name)."""

    recipients: list[Any] = Field(min_length=1, max_length=MAX_RECIPIENTS)


class DecisionRows(AwardDecisionInput):
    """A batch body that is an award decision: everyone it awards gets a certificate,
    numbered in the register from ``register_start`` when given, or registered in the sổ
    vàng (``registered``)."""

    register_start: RegisterNumber | None = None
    registered: bool = Field(default=False, description=CertificateMeta.model_fields[
        "registered"].description)
    external_decision: bool = Field(default=False, description=CertificateMeta.model_fields[
        "external_decision"].description)
    recipients_of: Literal["collectives", "individuals"] | None = Field(
        default=None, description="Quyết định khen tập thể và cá nhân bằng hai hình thức "
        "(collective_award): lô này in bằng cho các tập thể hay các cá nhân (mỗi hình thức "
        "một lô; bắt buộc với quyết định như vậy)")


def _batch_body() -> dict[str, Any]:
    # Described by models of their own: these bodies are read by docgen.services.jobs.certificates
    # (from_json), whose rules differ from the render input's (rows are checked one by one).
    return {"required": True, "content": {
        "application/json": {"schema": {"oneOf": [
            model_ref(CertificateRows), model_ref(DecisionRows)]}},
        "multipart/form-data": {"schema": _UPLOAD}}}


_BATCH_ID = [{"name": "batch_id", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": f"^{BATCH_ID}$"}}]
add_paths({
    "/api/v1/batches": {"post": {
        "summary": "Tạo lô in bằng (JSON, hoặc tải lên XLSX/CSV kèm meta)",
        "operationId": "create_batch",
        "parameters": [{"name": "format", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["pdf", "zip"]}},
                       {"name": "seal", "in": "query", "required": False,
                        "description": "Ký số con dấu của cơ quan ban hành lên từng bằng (tệp "
                                       ".zip); chỉ văn thư, cơ quan đã cấu hình ký số",
                        "schema": {"type": "string", "enum": sorted(SEAL_YES | SEAL_NO)}}],
        "requestBody": _batch_body(),
        "responses": {"202": json_response("Lô đã nhận", _BATCH)}}},
    "/api/v1/batches/check": {"post": {
        "summary": "Kiểm tra các dòng của một lô (không tạo bằng)",
        "operationId": "check_batch", "requestBody": _batch_body(),
        "responses": {"200": json_response("Kết quả kiểm tra", _CHECK)}}},
    "/api/v1/batches/{batch_id}": {"get": {
        "summary": "Trạng thái lô", "operationId": "batch_status", "parameters": _BATCH_ID,
        "responses": {"200": json_response("Trạng thái", _BATCH),
                      "404": error("Không có lô này")}}},
    "/api/v1/batches/{batch_id}/result": {"get": {
        "summary": "Tải kết quả (PDF hoặc ZIP)", "operationId": "batch_result",
        "parameters": _BATCH_ID,
        "responses": {"200": {"description": "Tệp", "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                      "404": error("Không có lô này"),
                      "409": error("Lô chưa xong hoặc không có bằng nào")}}},
})
