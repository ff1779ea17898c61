"""The commendation round over HTTP, stateless, for integrators and for people who keep the
round in a file: ``POST /api/v1/rounds/check`` answers each nomination's result (passed or
not, votes, percentage, reasons) in the input's order; ``POST /api/v1/rounds/papers``
answers the whole dossier as a ZIP (minutes, proposals, decision drafts, reports).

Nothing is stored. A signed-in caller who may read the round's agency's papers has the
earlier years a rule needs looked up in that agency's issued decisions (an anonymous
caller, where the render API is open, has them noted as not compared)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from docgen.errors import FieldError, InputError
from docgen.http.actor import current_actor, require
from docgen.http.api.openapi import add_paths, input_errors, json_response, model_ref
from docgen.http.api.responses import file_response, json_body
from docgen.http.auth import public
from docgen.http.context import services, settings
from docgen.model.round import RoundInput
from docgen.service import PriorFor, check_round, round_dossier
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.awarded import round_prior

bp = Blueprint("api_rounds", __name__, url_prefix="/api/v1")


def _allowed() -> None:
    # The same door as rendering: a computation on the caller's data, nothing stored.
    if not settings().open_render_api:
        require(Perm.RENDER)


def _prior_for() -> PriorFor | None:
    """The registry's earlier years for a signed-in caller (read only if a rule needs one)."""
    actor = current_actor()
    if actor is None:
        return None
    svc = services()
    return round_prior(lambda: svc.registry.sessions(), actor, svc.catalog())


@bp.post("/rounds/check")
@public(when="open_render_api")
def rounds_check() -> Response:
    _allowed()
    return jsonify(check_round(json_body(), catalog=services().catalog(),
                               prior_for=_prior_for()).as_json())


@bp.post("/rounds/papers")
@public(when="open_render_api")
def rounds_papers() -> Response:
    _allowed()
    if request.args.get("format", "zip").lower() != "zip":
        raise InputError([FieldError(("query", "format"), "định dạng phải là zip",
                                     "literal_error")])
    return file_response(round_dossier(json_body(), catalog=services().catalog(),
                                       prior_for=_prior_for()))


_RESULT = {"type": "object", "required": ["name", "award", "passed", "votes", "percent",
                                          "reasons"],
           "properties": {"name": {"type": "string"}, "award": {"type": "string"},
                          "passed": {"type": "boolean"}, "votes": {"type": "integer"},
                          "percent": {"type": "number"},
                          "reasons": {"type": "array", "items": {"type": "string"}},
                          "notes": {"type": "array", "items": {"type": "string"}}}}
_ROUND_BODY = {"required": True, "content": {"application/json": {
    "schema": model_ref(RoundInput)}}}

add_paths({
    "/api/v1/rounds/check": {"post": {
        "summary": "Xét một đợt khen thưởng: kết quả từng đề nghị (số phiếu, tỷ lệ, lý do)",
        "operationId": "rounds_check", "requestBody": _ROUND_BODY,
        "responses": {"200": json_response("Kết quả theo thứ tự đề nghị", {
            "type": "object", "required": ["nominations"],
            "properties": {"nominations": {"type": "array", "items": _RESULT},
                           "rules": {"type": "array", "items": {"type": "object"}}}}),
                      "422": input_errors()},
    }},
    "/api/v1/rounds/papers": {"post": {
        "summary": "Hồ sơ của đợt khen thưởng (ZIP): biên bản, tờ trình, dự thảo quyết định, "
                   "báo cáo thành tích, mỗi văn bản DOCX và PDF",
        "operationId": "rounds_papers",
        "parameters": [{"name": "format", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["zip"], "default": "zip"}}],
        "requestBody": _ROUND_BODY,
        "responses": {"200": {"description": "Tệp ZIP", "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                      "422": input_errors()},
    }},
})
