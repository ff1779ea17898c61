"""The cluster's year over HTTP, stateless: ``POST /api/v1/scoring/check`` scores a year
(the shape of ``cluster-scoring.json``) and answers each member's total, rank, section and
criterion scores, the leading unit, the ties and the vote. The papers of the year are
kinds of their own (``/api/v1/cluster-scores/render``, ``/api/v1/cluster-minutes/render``)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from docgen.http.actor import require
from docgen.http.api.openapi import add_paths, input_errors, json_response, model_ref
from docgen.http.api.responses import json_body
from docgen.http.auth import public
from docgen.http.context import services, settings
from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from docgen.scoring.result import check
from docgen.services.accounts.permissions import Perm

bp = Blueprint("api_scoring", __name__, url_prefix="/api/v1")


@bp.post("/scoring/check")
@public(when="open_render_api")
def scoring_check() -> Response:
    # The same door as rendering: a computation on the caller's data, nothing stored.
    if not settings().open_render_api:
        require(Perm.RENDER)
    catalog = services().catalog()
    year = validate_input(ScoringYear, json_body(), context={"catalog": catalog})
    return jsonify(check(year, catalog))


_NUMBER = {"type": "number"}
_SCORES = {"type": "object", "additionalProperties": _NUMBER}

add_paths({
    "/api/v1/scoring/check": {"post": {
        "summary": "Chấm điểm thi đua của Khối, Cụm: tổng điểm, xếp hạng, đơn vị dẫn đầu",
        "operationId": "scoring_check",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": model_ref(ScoringYear)}}},
        "responses": {
            "200": json_response("Điểm của từng đơn vị, đơn vị dẫn đầu, các trường hợp bằng "
                                 "điểm", {
                "type": "object", "required": ["members", "leader", "ties"],
                "properties": {
                    "members": {"type": "array", "items": {
                        "type": "object",
                        "required": ["code", "total", "rank", "sections", "criteria"],
                        "properties": {"code": {"type": "string"}, "total": _NUMBER,
                                       "rank": {"type": "integer"}, "sections": _SCORES,
                                       "criteria": _SCORES}}},
                    "leader": {"type": ["string", "null"]},
                    "ties": {"type": "array", "items": {"type": "object"}},
                    "vote": {"type": ["object", "null"]}}}),
            "422": input_errors()},
    }},
})
