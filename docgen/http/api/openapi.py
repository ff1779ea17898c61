"""The OpenAPI 3.1 description of ``/api/v1``, generated from the app's routes.

Every Flask rule under ``/api/v1`` becomes an operation, so no route can be left out; what
a route does is described next to its view with :func:`add_paths` (summary, parameters,
body, the statuses it answers). Request and response schemas come from the pydantic models
(:func:`model_ref`), so they cannot drift from validation. What every operation shares is
added here, once: path parameters from the route's converters (an ``int`` id is an
integer within the registry's 32-bit columns), and the error answers the app gives any
request of that shape (``404`` for a missing object, ``413``/``422`` for a body, ``422``
for a query). A rule without a description still appears, marked ``x-undocumented``, and
the test suite fails on it (:func:`undocumented`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, Literal

from flask import Flask, current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import Rule

from docgen import __version__
from docgen.catalog import load_catalog
from docgen.http.api.rules import with_rules
from docgen.kinds import KINDS
from docgen.model.types import MAX_ID
from docgen.render.fonts import drawable

PREFIX = "/api/v1"

ERROR_SCHEMA = {
    "type": "object", "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
INPUT_ERRORS_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "array", "items": {
        "type": "object", "required": ["loc", "msg"],
        "properties": {"loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                       "msg": {"type": "string"}, "type": {"type": "string"}}}}},
}
FILE_CONTENT = {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        {"schema": {"type": "string", "format": "binary"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        {"schema": {"type": "string", "format": "binary"}},
}


def error(description: str) -> dict[str, Any]:
    """A response with the ``{"error", "message"}`` body of every non-field error."""
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def input_errors(description: str = "Dữ liệu không hợp lệ: một lỗi cho mỗi trường"
                 ) -> dict[str, Any]:
    """A 422 response: one error per field, or the ``{"error", "message"}`` of a file that
    cannot be read at all (a spreadsheet that is not one)."""
    return {"description": description, "content": {"application/json": {"schema": {
        "oneOf": [{"$ref": "#/components/schemas/InputErrors"},
                  {"$ref": "#/components/schemas/Error"}]}}}}


def json_response(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": schema or {"type": "object"}}}}


#: Described operations: OpenAPI path -> {method: operation}.
EXTRA_PATHS: dict[str, dict[str, Any]] = {}
#: Models whose JSON Schemas are published under ``components/schemas``.
_MODELS: dict[str, type[BaseModel]] = {}


def add_paths(paths: dict[str, dict[str, Any]]) -> None:
    """Describe operations next to their views (path -> {method: operation}).

    A path with ``{kind}`` describes that operation for every kind (``{kind_label}``,
    ``{kind_model}`` and ``{kind_formats}`` placeholders are filled per kind).
    """
    for path, operations in paths.items():
        EXTRA_PATHS.setdefault(path, {}).update(operations)


def model_ref(model: type[BaseModel]) -> dict[str, str]:
    """A ``$ref`` to a model's JSON Schema, published in the document's components."""
    _MODELS[model.__name__] = model
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Query parameters of a model (one per field), with the model's own constraints."""
    schema = model.model_json_schema()
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = {k: v for k, v in prop.items() if k not in ("title", "default")}
        if "anyOf" in prop:  # "X | None": a query parameter is simply left out
            options = [o for o in prop.pop("anyOf") if o.get("type") != "null"]
            prop = {**prop, **options[0]} if len(options) == 1 else {**prop, "anyOf": options}
        params.append({"name": name, "in": "query", "required": False,
                       "description": prop.pop("description", ""), "schema": prop})
    return params


# -- the routes -------------------------------------------------------------------------------

_VARIABLE = re.compile(r"<(?:(?P<conv>[^:<>()]+)(?:\([^)]*\))?:)?(?P<name>[^<>]+)>")


def _openapi_path(rule: Rule) -> str:
    return _VARIABLE.sub(lambda m: "{" + m["name"] + "}", rule.rule)


def _converters(rule: Rule) -> dict[str, str]:
    return {m["name"]: m["conv"] or "default" for m in _VARIABLE.finditer(rule.rule)}


def api_operations(app: Flask) -> Iterator[tuple[str, str, Rule]]:
    """(OpenAPI path, method, rule) of every operation under ``/api/v1``; a ``<kind>``
    rule gives one path per kind (each has its own input schema)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(PREFIX + "/") or rule.endpoint == "static":
            continue
        path = _openapi_path(rule)
        paths = [path.replace("{kind}", k) for k in KINDS] if "{kind}" in path else [path]
        for concrete in paths:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                yield concrete, method.lower(), rule


def _description(path: str, method: str) -> dict[str, Any] | None:
    if method in EXTRA_PATHS.get(path, {}):
        return copy.deepcopy(EXTRA_PATHS[path][method])
    for kind in KINDS.values():  # a per-kind template
        generic = path.replace(f"{PREFIX}/{kind.name}/", f"{PREFIX}/{{kind}}/", 1)
        if generic != path and method in EXTRA_PATHS.get(generic, {}):
            return _fill(copy.deepcopy(EXTRA_PATHS[generic][method]), kind)
    return None


def _fill(value: Any, kind: Any) -> Any:
    """Per-kind placeholders in a ``{kind}`` description."""
    if isinstance(value, dict):
        if value.get("$kind_model"):
            return model_ref(kind.model)
        if value.get("$kind_formats"):
            return list(kind.formats)
        return {k: _fill(v, kind) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, kind) for v in value]
    if isinstance(value, str):
        return value.replace("{kind_label}", kind.label).replace(
            "{kind_id}", kind.name.replace("-", "_"))
    return value


def undocumented(app: Flask) -> list[str]:
    """``METHOD /path`` of every API operation nobody described with :func:`add_paths`."""
    return [f"{m.upper()} {p}" for p, m, _ in api_operations(app) if _description(p, m) is None]


def _path_parameters(rule: Rule) -> list[dict[str, Any]]:
    params = []
    for name, conv in _converters(rule).items():
        if name == "kind":
            continue
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}
        if conv == "int":
            schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _complete(op: dict[str, Any], rule: Rule, public: bool) -> dict[str, Any]:
    """Add what every operation of this shape shares: path parameters and error answers
    (401/403 for every route that needs a signed-in user or a token)."""
    declared = {p["name"] for p in op.get("parameters", []) if p.get("in") == "path"}
    path_params = [p for p in _path_parameters(rule) if p["name"] not in declared]
    if path_params:
        op["parameters"] = [*path_params, *op.get("parameters", [])]
    responses = op.setdefault("responses", {})
    if not public:
        responses.setdefault("401", error("Chưa đăng nhập, hoặc mã truy cập sai/hết hạn"))
        responses.setdefault("403", error("Vai trò không được làm việc này"))
    params = op.get("parameters", [])
    if any(p.get("in") == "path" for p in params):
        responses.setdefault("404", error("Không có đối tượng này"))
    if "requestBody" in op:
        responses.setdefault("413", error("Dữ liệu gửi lên quá lớn"))
        responses.setdefault("422", input_errors())
    if any(p.get("in") == "query" for p in params):
        responses.setdefault("422", input_errors("Tham số không hợp lệ"))
    return op


def openapi_document(app: Flask | None = None) -> dict[str, Any]:
    """The OpenAPI document of ``app``'s API (the current app by default)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    paths: dict[str, Any] = {}
    for path, method, rule in api_operations(app):
        op = _description(path, method)
        if op is None:
            view = app.view_functions.get(rule.endpoint)
            op = {"summary": ((view.__doc__ or rule.endpoint) if view else rule.endpoint
                              ).strip().splitlines()[0],
                  "x-undocumented": True, "responses": {"200": {"description": "OK"}}}
        view = app.view_functions.get(rule.endpoint)
        # Views marked public (docgen.http.auth.public) answer without sign-in; a view
        # public only under a setting may still answer 401, so only True counts.
        public = getattr(view, "docgen_public", False) is True
        paths.setdefault(path, {})[method] = _complete(op, rule, public)
    return {
        "openapi": "3.1.0",
        "info": {"title": "docgen API", "version": __version__,
                 "description": "Văn bản thi đua, khen thưởng ngành Kiểm sát nhân dân"},
        "paths": _precise(paths),
        "components": {"schemas": {**with_rules(_precise(_model_schemas(tuple(sorted(_MODELS))))),
                                   "InputErrors": INPUT_ERRORS_SCHEMA, "Error": ERROR_SCHEMA}},
    }


@cache
def _model_schemas(names: tuple[str, ...]) -> dict[str, Any]:
    models: list[tuple[type[BaseModel], Literal["validation"]]] = [
        (_MODELS[n], "validation") for n in names]
    _, schema = models_json_schema(models, ref_template="#/components/schemas/{model}")
    return schema.get("$defs", {})


def _precise(value: Any) -> Any:
    """Replace the models' markers by what the server exactly accepts: award codes from the
    catalog (data, not code), text made of the characters the fonts draw, dates in range."""
    if isinstance(value, list):
        return [_precise(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _precise(v) for k, v in value.items()}
    if out.pop("x-award-code", None):
        out.pop("maxLength", None)
        out["enum"] = _award_codes()
    text = out.pop("x-text", None)
    if text:
        out["pattern"] = _text_pattern(text == "lines")
    if out.get("format") == "date" and "formatMinimum" in out:
        out["pattern"] = _DATE_PATTERN
    return out


#: ISO dates whose year is within docgen.model.types.FIRST_DATE .. LAST_DATE (1945-2100).
_DATE_PATTERN = r"^(194[5-9]|19[5-9][0-9]|20[0-9][0-9]|2100)-[0-9]{2}-[0-9]{2}$"


@cache
def _award_codes() -> list[str]:

    return sorted(load_catalog().awards)


@cache
def _text_pattern(multiline: bool) -> str:
    """A regular expression of accepted text: characters the fonts draw that are neither
    control nor invisible (line breaks too, in multi-line text), at least one of them not
    white space."""
    import unicodedata


    usable = [c for c in sorted(drawable())
              if unicodedata.category(chr(c)) not in ("Cc", "Cs", "Cf", "Zl", "Zp")]
    visible = [c for c in usable if not chr(c).isspace()]
    extra = "\\n\\t" if multiline else ""
    return f"^[{_char_class(usable)}{extra}]*[{_char_class(visible)}]" \
           f"[{_char_class(usable)}{extra}]*$"


def _char_class(points: list[int]) -> str:
    """The inside of a regex character class matching exactly ``points`` (sorted)."""
    ranges: list[list[int]] = []
    for c in points:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])

    def char(c: int) -> str:
        return chr(c) if chr(c).isascii() and chr(c).isalnum() else f"\\u{c:04x}"

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges)
