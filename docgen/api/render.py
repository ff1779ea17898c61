"""Stateless rendering API: render a paper, its JSON Schema, the catalog, the OpenAPI doc."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from docgen.accounts.identity import require
from docgen.accounts.permissions import Perm
from docgen.accounts.web import public
from docgen.api.openapi import openapi_document
from docgen.api.responses import file_response, json_body, settings
from docgen.catalog import load_catalog
from docgen.errors import FieldError, InputError
from docgen.kinds import KINDS, get_kind
from docgen.service import render_paper

bp = Blueprint("api_render", __name__, url_prefix="/api/v1")


@bp.post("/<kind>/render")
@public(when="open_render_api")
def render(kind: str) -> Response:
    if not settings().open_render_api:
        require(Perm.RENDER)
    k = get_kind(kind)
    fmt = request.args.get("format", "pdf").lower()
    if fmt not in k.formats:
        raise InputError([FieldError(("query", "format"),
                                     f"định dạng phải là một trong: {', '.join(k.formats)}",
                                     "literal_error")])
    return file_response(render_paper(kind, json_body(), fmt))


@bp.get("/<kind>/schema")
@public
def schema(kind: str) -> Response:
    return jsonify(get_kind(kind).model.model_json_schema())


@bp.get("/kinds")
@public
def kinds() -> Response:
    return jsonify([{"name": k.name, "label": k.label, "description": k.description,
                     "formats": list(k.formats)} for k in KINDS.values()])


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
