"""The OpenAPI 3.1 description of ``/api/v1``, built from the pydantic models (so the
schemas cannot drift from validation) plus the list of operations below."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic.json_schema import models_json_schema

from docgen import __version__
from docgen.kinds import KINDS

_ERROR_422 = {
    "description": "Dữ liệu không hợp lệ: một lỗi cho mỗi trường",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InputErrors"}}},
}
_INPUT_ERRORS_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "array", "items": {
        "type": "object", "required": ["loc", "msg"],
        "properties": {"loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                       "msg": {"type": "string"}, "type": {"type": "string"}}}}},
}
_FILE = {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
             {"schema": {"type": "string", "format": "binary"}}}

#: Operations contributed by other blueprints: path -> {method: operation}.
EXTRA_PATHS: dict[str, dict[str, Any]] = {}


def add_paths(paths: dict[str, dict[str, Any]]) -> None:
    """Let a blueprint module describe its operations (papers, batches)."""
    EXTRA_PATHS.update(paths)


@cache
def _kind_schemas() -> tuple[dict[str, Any], dict[str, str]]:
    models = [(k.model, "validation") for k in KINDS.values()]
    refs, schema = models_json_schema(models, ref_template="#/components/schemas/{model}")
    by_kind = {k.name: refs[(k.model, "validation")]["$ref"] for k in KINDS.values()}
    return schema.get("$defs", {}), by_kind


def openapi_document() -> dict[str, Any]:
    defs, refs = _kind_schemas()
    paths: dict[str, Any] = {}
    for name, kind in KINDS.items():
        paths[f"/api/v1/{name}/render"] = {"post": {
            "summary": f"{kind.label}: tạo tệp DOCX hoặc PDF",
            "operationId": f"render_{name.replace('-', '_')}",
            "parameters": [{"name": "format", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": list(kind.formats),
                                       "default": "pdf"}}],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"$ref": refs[name]}}}},
            "responses": {"200": {"description": "Tệp văn bản", "content": _FILE},
                          "202": {"description": "Văn bản lớn (nhiều bằng, quyết định đông "
                                  "người): đã nhận để in như một việc; theo dõi ở "
                                  "/api/v1/batches/{id} (tiêu đề Location)"},
                          "413": {"description": "Dữ liệu quá lớn"},
                          "422": _ERROR_422},
        }}
        paths[f"/api/v1/{name}/schema"] = {"get": {
            "summary": f"{kind.label}: JSON Schema của dữ liệu vào",
            "operationId": f"schema_{name.replace('-', '_')}",
            "responses": {"200": {"description": "JSON Schema",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        }}
    paths["/api/v1/catalog"] = {"get": {
        "summary": "Danh mục hình thức khen thưởng, hệ số, mức lương cơ sở",
        "operationId": "catalog",
        "responses": {"200": {"description": "Danh mục",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }}
    paths["/api/v1/kinds"] = {"get": {
        "summary": "Các loại văn bản", "operationId": "kinds",
        "responses": {"200": {"description": "Danh sách",
                              "content": {"application/json": {"schema": {"type": "array"}}}}},
    }}
    paths.update(EXTRA_PATHS)
    return {
        "openapi": "3.1.0",
        "info": {"title": "docgen API", "version": __version__,
                 "description": "Văn bản thi đua, khen thưởng ngành Kiểm sát nhân dân"},
        "paths": paths,
        "components": {"schemas": {**defs, "InputErrors": _INPUT_ERRORS_SCHEMA}},
    }
