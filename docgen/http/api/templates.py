"""Templates API: an agency's templates (saved checked, each save a new version), the
version in use, and papers rendered from them. Who may do what is decided by the templates
service from the signed-in actor; these views only parse and answer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from docgen.errors import FieldError, InputError
from docgen.http.actor import require
from docgen.http.api.openapi import FILE_CONTENT, add_paths, json_response, model_ref
from docgen.http.api.responses import file_response, json_model, json_payload
from docgen.http.context import services
from docgen.services.templates.service import template_json
from docgen.templates import TemplateSpec

bp = Blueprint("api_templates", __name__, url_prefix="/api/v1/templates")


class UseVersion(BaseModel):
    """Body of ``POST …/use``: the version the agency uses from now on."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=2_147_483_647, description="Phiên bản")


class RenderRequest(BaseModel):
    """Body of ``POST …/render``: the values of the template's fields, and input fields
    given on top of what the template makes (``issuer``, ``signer`` …)."""

    model_config = ConfigDict(extra="forbid")
    values: dict[str, Any] = Field(default_factory=dict, description="Giá trị các trường")
    input: dict[str, Any] = Field(default_factory=dict,
                                  description="Dữ liệu văn bản đặt đè lên mẫu")
    version: int | None = Field(default=None, ge=1, le=2_147_483_647,
                                description="Phiên bản; mặc định phiên bản đang dùng")


def _saved(t: Any, v: Any) -> dict[str, Any]:
    return {"id": t.id, "version": v.version, "sha256": v.sha256,
            "version_in_use": t.current_version}


@bp.post("")
def create() -> tuple[Response, int]:
    t, v = services().templates.create(json_payload(), require())
    return jsonify(_saved(t, v)), 201


@bp.get("")
def index() -> Response:
    kind = request.args.get("kind") or None
    return jsonify({"items": [template_json(t) for t in
                              services().templates.list(require(), kind)]})


@bp.get("/<int:template_id>")
def get(template_id: int) -> Response:
    svc, actor = services().templates, require()
    t, versions = svc.get(template_id, actor)
    _, _, spec = svc.spec(template_id, actor)
    return jsonify(template_json(t, versions, spec))


@bp.put("/<int:template_id>")
def update(template_id: int) -> Response:
    t, v = services().templates.update(template_id, json_payload(), require())
    return jsonify(_saved(t, v))


@bp.post("/<int:template_id>/use")
def use(template_id: int) -> Response:
    body = json_model(UseVersion)
    t = services().templates.use_version(template_id, body.version, require())
    return jsonify(template_json(t))


@bp.post("/<int:template_id>/render")
def render(template_id: int) -> Response:
    fmt = request.args.get("format", "pdf")
    if fmt not in ("pdf", "docx"):
        raise InputError([FieldError(("query", "format"), "định dạng phải là pdf hoặc docx")])
    body = json_model(RenderRequest)
    return file_response(services().templates.render(
        template_id, body.values, fmt, require(), overrides=body.input, version=body.version))


_LOCATED = {"description": "Mẫu chưa dùng được: mỗi lỗi một chỗ (trường, dòng, cột)",
            "content": {"application/json": {"schema": {
                "type": "object", "required": ["errors"], "properties": {"errors": {
                    "type": "array", "items": {"type": "object", "required": ["loc", "msg"],
                                               "properties": {
                        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                        "msg": {"type": "string"}, "type": {"type": "string"},
                        "line": {"type": ["integer", "null"]},
                        "column": {"type": ["integer", "null"]}}}}}}}}}
_SAVED = {"type": "object", "required": ["id", "version"], "properties": {
    "id": {"type": "integer"}, "version": {"type": "integer"}, "sha256": {"type": "string"},
    "version_in_use": {"type": "integer"}}}
_TEMPLATE = {"type": "object", "required": ["id", "kind", "name", "version"], "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "name": {"type": "string"},
    "agency": {"type": "string"}, "shared": {"type": "boolean"},
    "version": {"type": "integer"},
    "versions": {"type": "array", "items": {"type": "object"}},
    "content": {"type": "object"}}}
_BODY = {"required": True, "content": {"application/json": {"schema": model_ref(TemplateSpec)}}}

add_paths({
    "/api/v1/templates": {
        "post": {"summary": "Lưu mẫu mới của cơ quan (phiên bản 1)",
                 "operationId": "create_template", "requestBody": _BODY,
                 "responses": {"201": json_response("Đã lưu", _SAVED), "422": _LOCATED}},
        "get": {"summary": "Các mẫu dùng được (của cơ quan và cấp trên chia sẻ)",
                "operationId": "list_templates",
                "parameters": [{"name": "kind", "in": "query", "required": False,
                                "schema": {"type": "string"}}],
                "responses": {"200": json_response("Danh sách", {
                    "type": "object", "properties": {"items": {"type": "array",
                                                               "items": _TEMPLATE}}})}}},
    "/api/v1/templates/{template_id}": {
        "get": {"summary": "Một mẫu, với các phiên bản", "operationId": "get_template",
                "responses": {"200": json_response("Mẫu", _TEMPLATE)}},
        "put": {"summary": "Lưu phiên bản mới của mẫu", "operationId": "update_template",
                "requestBody": _BODY,
                "responses": {"200": json_response("Đã lưu", _SAVED), "422": _LOCATED}}},
    "/api/v1/templates/{template_id}/use": {"post": {
        "summary": "Chọn phiên bản đang dùng", "operationId": "use_template_version",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": model_ref(UseVersion)}}},
        "responses": {"200": json_response("Mẫu", _TEMPLATE)}}},
    "/api/v1/templates/{template_id}/render": {"post": {
        "summary": "In văn bản từ mẫu (PDF hoặc DOCX)", "operationId": "render_template",
        "parameters": [{"name": "format", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["pdf", "docx"]}}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": model_ref(RenderRequest)}}},
        "responses": {"200": {"description": "Tệp", "content": FILE_CONTENT}}}},
})
