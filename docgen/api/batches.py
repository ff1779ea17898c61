"""Batch API: ``POST /api/v1/batches`` (JSON body, or a multipart upload of an XLSX/CSV with
its ``meta``) returns 202 and the batch; ``GET /api/v1/batches/<id>`` reports its state;
``GET /api/v1/batches/<id>/result`` downloads the PDF or ZIP. ``POST .../check`` validates
the rows without producing anything."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from docgen.accounts.identity import require
from docgen.api.openapi import add_paths
from docgen.api.responses import json_payload, parse_json
from docgen.jobs.service import BatchService
from docgen.vn.files import content_disposition

bp = Blueprint("api_batches", __name__, url_prefix="/api/v1/batches")


def service() -> BatchService:
    return current_app.extensions["docgen_batches"]  # type: ignore[no-any-return]


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


def _with_links(state: dict[str, Any]) -> dict[str, Any]:
    links = {"self": url_for("api_batches.status", batch_id=state["id"])}
    if state.get("state") == "done" and state.get("result"):
        links["result"] = url_for("api_batches.result", batch_id=state["id"])
    return {**state, "links": links}


@bp.post("")
def create() -> tuple[Response, int]:
    fmt = request.args.get("format", request.form.get("format", "pdf")).lower()
    state = service().create(output_format=fmt, actor=require(), **_inputs())
    resp = jsonify(_with_links(state))
    resp.headers["Location"] = url_for("api_batches.status", batch_id=state["id"])
    return resp, 202


@bp.post("/check")
def check() -> Response:
    return jsonify(service().check(actor=require(), **_inputs()))


@bp.get("/<batch_id>")
def status(batch_id: str) -> Response:
    return jsonify(_with_links(service().status(batch_id, require())))


@bp.get("/<batch_id>/result")
def result(batch_id: str) -> Response:
    content, media_type, name = service().result(batch_id, require())
    resp = Response(content, mimetype=media_type)
    resp.headers["Content-Disposition"] = content_disposition(name)
    return resp


_BATCH = {"type": "object", "properties": {
    "id": {"type": "string"}, "state": {"type": "string",
                                        "enum": ["queued", "running", "done", "failed"]},
    "total": {"type": "integer"}, "done": {"type": "integer"},
    "produced": {"type": "integer"}, "rejected": {"type": "integer"},
    "errors": {"type": "array", "items": {"type": "object"}}}}
add_paths({
    "/api/v1/batches": {"post": {
        "summary": "Tạo lô in bằng (JSON hoặc tải lên XLSX/CSV kèm meta)",
        "operationId": "create_batch",
        "parameters": [{"name": "format", "in": "query",
                        "schema": {"type": "string", "enum": ["pdf", "zip"]}}],
        "requestBody": {"content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CertificateInput"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"},
                "meta": {"type": "string", "description": "JSON: phần chung của các bằng"}}}}}},
        "responses": {"202": {"description": "Lô đã nhận",
                              "content": {"application/json": {"schema": _BATCH}}},
                      "413": {"description": "Tệp quá lớn"},
                      "422": {"description": "Dữ liệu không dùng được"}}}},
    "/api/v1/batches/{batch_id}": {"get": {
        "summary": "Trạng thái lô", "operationId": "batch_status",
        "parameters": [{"name": "batch_id", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Trạng thái",
                              "content": {"application/json": {"schema": _BATCH}}},
                      "404": {"description": "Không có lô"}}}},
    "/api/v1/batches/{batch_id}/result": {"get": {
        "summary": "Tải kết quả (PDF hoặc ZIP)", "operationId": "batch_result",
        "parameters": [{"name": "batch_id", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Tệp"}, "409": {"description": "Chưa xong"}}}},
})
