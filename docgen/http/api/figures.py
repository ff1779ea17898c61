"""The year's figures over HTTP: ``GET /api/v1/figures?year=2026[&agency=]`` answers the
workbook of awards by unit and level, or JSON to a caller that asks for it with
``Accept: application/json``. The service decides who may read whose figures
(``docgen.services.registry.figures``); this view parses and answers."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from docgen.http.actor import require
from docgen.http.api.openapi import add_paths, error, input_errors, query_parameters
from docgen.http.api.responses import file_response, query_model
from docgen.http.context import services
from docgen.model.types import FIRST_DATE, LAST_DATE, Line
from docgen.service import MEDIA_TYPES, RenderedFile
from docgen.services.registry.figures import figures_json, to_xlsx, year_figures
from docgen.vn.dates import today

bp = Blueprint("api_figures", __name__, url_prefix="/api/v1")

XLSX, JSON = MEDIA_TYPES["xlsx"], "application/json"


class FiguresQuery(BaseModel):
    """Which agency (an administrator picks; others read their own) and which year."""

    model_config = ConfigDict(extra="ignore")
    year: int | None = Field(default=None, ge=FIRST_DATE.year, le=LAST_DATE.year,
                             description="Năm; mặc định năm nay")
    agency: Line | None = Field(default=None, description="Mã cơ quan (vks-hung-yen); mặc "
                                "định cơ quan của người dùng")


@bp.get("/figures")
def figures() -> Response:
    actor = require()
    query = query_model(FiguresQuery)
    svc = services()
    data = year_figures(svc.registry.sessions, actor, query.year or today().year,
                        query.agency, svc.catalog())
    if request.accept_mimetypes.best_match([XLSX, JSON], default=XLSX) == JSON:
        return jsonify(figures_json(data))
    return file_response(RenderedFile(to_xlsx(data), XLSX, data.file_name,
                                      f"{data.title} - {data.agency_name}"))


_COUNT = {"type": "object", "required": ["individuals", "collectives"],
          "properties": {"individuals": {"type": "integer"}, "collectives": {"type": "integer"}}}
_FIGURES = {"type": "object",
            "required": ["year", "agency", "agencies", "decisions", "awards", "units", "totals"],
            "properties": {
                "year": {"type": "integer"}, "agency": {"type": "string"},
                "agency_name": {"type": "string"},
                "agencies": {"type": "array", "items": {"type": "object"}},
                "decisions": {"type": "integer",
                              "description": "Số quyết định khen thưởng đã ban hành được tính"},
                "awards": {"type": "array", "items": {"type": "object", "properties": {
                    "code": {"type": "string"}, "name": {"type": "string"},
                    "level": {"type": ["string", "null"],
                              "enum": ["state", "ministry", "agency", None]}}}},
                "units": {"type": "array", "items": {"type": "object", "properties": {
                    "agency": {"type": "string"}, "unit": {"type": "string"},
                    "counts": {"type": "object", "additionalProperties": _COUNT},
                    "total": _COUNT}}},
                "totals": {"type": "object"}}}
add_paths({
    "/api/v1/figures": {"get": {
        "summary": "Số liệu thi đua, khen thưởng của năm theo đơn vị và hình thức (XLSX; JSON "
                   "khi Accept: application/json), từ các quyết định khen thưởng đã ban hành",
        "operationId": "year_figures",
        "parameters": query_parameters(FiguresQuery),
        "responses": {"200": {"description": "Bảng tổng hợp", "content": {
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            JSON: {"schema": _FIGURES}}},
            "403": error("Vai trò không xem được số liệu"),
            "404": error("Số liệu của cơ quan khác, hoặc cơ quan không có trong danh mục"),
            "422": input_errors()}}},
})
