"""Stateless rendering API: render a paper, its JSON Schema, the catalog, the OpenAPI doc."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from docgen.catalog import load_catalog
from docgen.errors import FieldError, InputError
from docgen.http.actor import require
from docgen.http.api.batches import render_as_job
from docgen.http.api.openapi import (
    FILE_CONTENT,
    add_paths,
    input_errors,
    json_response,
    openapi_document,
)
from docgen.http.api.responses import file_response, json_body
from docgen.http.auth import public
from docgen.http.context import settings
from docgen.kinds import KINDS, get_kind
from docgen.service import render_paper
from docgen.services.accounts.permissions import Perm

bp = Blueprint("api_render", __name__, url_prefix="/api/v1")


@bp.post("/<kind>/render")
@public(when="open_render_api")
def render(kind: str) -> Response | tuple[Response, int]:
    if not settings().open_render_api:
        require(Perm.RENDER)
    k = get_kind(kind)
    fmt = request.args.get("format", "pdf").lower()
    if fmt not in k.formats:
        raise InputError([FieldError(("query", "format"),
                                     f"định dạng phải là một trong: {', '.join(k.formats)}",
                                     "literal_error")])
    payload = json_body()
    if (queued := render_as_job(kind, payload, fmt)) is not None:
        return queued
    return file_response(render_paper(kind, payload, fmt))


@bp.get("/<kind>/schema")
@public
def schema(kind: str) -> Response:
    return jsonify(get_kind(kind).model.model_json_schema())


@bp.get("/kinds")
@public
def kinds() -> Response:
    return jsonify([{"name": k.name, "label": k.label, "description": k.description,
                     "formats": list(k.formats), "types": list(k.types)}
                    for k in KINDS.values()])


@bp.get("/catalog")
@public
def catalog() -> Response:
    cat = load_catalog()
    return jsonify({
        "awards": [
            {"code": a.code, "name": a.name, "short_name": a.short_name, "category": a.category,
             "for": a.for_, "action": a.action, "collective_factor": a.collective_factor,
             "coefficients": [{"from": c.start.isoformat(),
                               "until": c.until.isoformat() if c.until else None,
                               "value": float(c.value), "verified": c.verified,
                               "source": c.source} for c in a.coefficients]}
            for a in cat.awards.values()
        ],
        "base_salary": [{"from": s.start.isoformat(), "amount": s.amount,
                         "verified": s.verified, "source": s.source} for s in cat.base_salary],
        "reward_rounding": cat.reward_rounding,
        "agencies": [a.model_dump() for a in cat.agencies],
    })


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(openapi_document())


add_paths({
    "/api/v1/{kind}/render": {"post": {
        "summary": "{kind_label}: tạo tệp DOCX hoặc PDF",
        "operationId": "render_{kind_id}",
        "parameters": [{"name": "format", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": {"$kind_formats": True},
                                   "default": "pdf"}}],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$kind_model": True}}}},
        "responses": {"200": {"description": "Tệp văn bản", "content": FILE_CONTENT},
                      "202": json_response("Văn bản lớn (nhiều bằng, quyết định đông người): "
                                           "đã nhận để in như một việc; theo dõi ở "
                                           "/api/v1/batches/{id} (tiêu đề Location)"),
                      "422": input_errors()},
    }},
    "/api/v1/{kind}/schema": {"get": {
        "summary": "{kind_label}: JSON Schema của dữ liệu vào",
        "operationId": "schema_{kind_id}",
        "responses": {"200": json_response("JSON Schema")},
    }},
    "/api/v1/catalog": {"get": {
        "summary": "Danh mục hình thức khen thưởng, hệ số, mức lương cơ sở",
        "operationId": "catalog", "responses": {"200": json_response("Danh mục")},
    }},
    "/api/v1/kinds": {"get": {
        "summary": "Các loại văn bản", "operationId": "kinds",
        "responses": {"200": json_response("Danh sách", {"type": "array", "items": {
            "type": "object", "required": ["name", "label", "formats"],
            "properties": {"name": {"type": "string"}, "label": {"type": "string"},
                           "description": {"type": "string"},
                           "formats": {"type": "array", "items": {"type": "string"}},
                           "types": {"type": "array", "items": {"type": "string"}}}}})},
    }},
    "/api/v1/openapi.json": {"get": {
        "summary": "Tài liệu OpenAPI 3.1 của API này", "operationId": "openapi",
        "responses": {"200": json_response("OpenAPI")},
    }},
})
