"""The commendation round over HTTP.

Stateless, for integrators and for people who keep the round in a file:
``POST /api/v1/rounds/check`` answers each nomination's result (passed or not, votes,
percentage, reasons) in the input's order; ``POST /api/v1/rounds/papers`` answers the whole
dossier as a ZIP (minutes, proposals, decision drafts, reports). Nothing of these is stored:
a signed-in caller who may read the round's agency's papers has the earlier years a rule
needs looked up in that agency's issued decisions (an anonymous caller, where the render
API is open, has them noted as not compared).

Kept in the registry (``docgen.services.rounds``): ``/api/v1/rounds`` (open, list),
``/api/v1/rounds/<id>`` (read, edit the head), its ``nominations`` (each unit its own),
its ``meeting`` (attendance, ballots, votes), its ``check`` and its ``drafts`` (*Tạo hồ
sơ*). Who may do what is the service's decision; these views parse and answer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from docgen.errors import FieldError, InputError
from docgen.http.actor import current_actor, require
from docgen.http.api.openapi import (
    add_paths,
    error,
    input_errors,
    json_response,
    model_ref,
    query_parameters,
)
from docgen.http.api.responses import file_response, json_body, json_payload, query_model
from docgen.http.auth import public
from docgen.http.context import services, settings
from docgen.http.views import nomination_json, paper_json, round_json, round_view_json
from docgen.model.achievement_report import AchievementReportInput
from docgen.model.round import RoundInput
from docgen.model.types import FIRST_DATE, LAST_DATE
from docgen.rounds.check import RoundResult
from docgen.service import MEDIA_TYPES, PriorFor, check_round, round_dossier
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.awarded import round_prior
from docgen.services.rounds.inputs import MeetingRecord, NewRound, RoundEdit
from docgen.services.rounds.service import RoundView
from docgen.vn.files import content_disposition

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


# -- rounds kept in the registry -------------------------------------------------------------


class RoundQuery(BaseModel):
    """Query of ``GET /api/v1/rounds``."""

    model_config = ConfigDict(extra="ignore")
    year: int | None = Field(default=None, ge=FIRST_DATE.year, le=LAST_DATE.year,
                             description="Năm xét khen thưởng")


def check_json(view: RoundView, result: RoundResult) -> dict[str, Any]:
    """The check's answer, each result with the id of its nomination (the round's order)."""
    out = result.as_json()
    for item, row in zip(out["nominations"], view.nominations, strict=True):
        item["nomination_id"] = row.id
        item["unit"] = row.unit
    return out


@bp.post("/rounds")
def create_round() -> tuple[Response, int]:
    rnd = services().rounds.create(json_payload(), require())
    return jsonify(round_json(rnd, 0)), 201


@bp.get("/rounds")
def list_rounds() -> Response:
    query = query_model(RoundQuery)
    items = services().rounds.search(require(), year=query.year)
    return jsonify({"items": [round_json(r, n) for r, n in items]})


@bp.get("/rounds/<int:round_id>")
def get_round(round_id: int) -> Response:
    return jsonify(round_view_json(services().rounds.get(round_id, require())))


@bp.put("/rounds/<int:round_id>")
def update_round(round_id: int) -> Response:
    actor, rounds = require(), services().rounds
    rounds.update(round_id, json_payload(), actor)
    return jsonify(round_view_json(rounds.get(round_id, actor)))


@bp.post("/rounds/<int:round_id>/nominations")
def add_nomination(round_id: int) -> tuple[Response, int]:
    row = services().rounds.add_nomination(round_id, json_payload(), require())
    return jsonify(nomination_json(row)), 201


@bp.get("/rounds/<int:round_id>/nominations/template.xlsx")
def nominations_template(round_id: int) -> Response:
    """The XLSX a unit fills with its nominations (Vietnamese headers, the awards listed)."""
    data = services().rounds.nominations_template(round_id, require())
    resp = Response(data, mimetype=MEDIA_TYPES["xlsx"])
    resp.headers["Content-Disposition"] = content_disposition(
        f"mau-de-nghi-dot-{round_id}.xlsx")
    return resp


@bp.post("/rounds/<int:round_id>/nominations/import")
def import_nominations(round_id: int) -> tuple[Response, int]:
    """A filled template (multipart ``file``): the rows added, the rows refused."""
    actor = require()
    upload = request.files.get("file")
    if upload is None:
        raise InputError([FieldError(("file",), "chưa chọn tệp XLSX (trường file)", "missing")])
    result = services().rounds.import_nominations(
        round_id, upload.read(), upload.filename or "de-nghi.xlsx", actor,
        max_bytes=settings().max_upload_bytes)
    return jsonify({"added": [nomination_json(r) for r in result.added],
                    "problems": [p.as_json() for p in result.problems],
                    "blank": result.blank}), (201 if result.added else 200)


@bp.put("/rounds/<int:round_id>/nominations/<int:nomination_id>")
def update_nomination(round_id: int, nomination_id: int) -> Response:
    row = services().rounds.update_nomination(round_id, nomination_id, json_payload(),
                                              require())
    return jsonify(nomination_json(row))


@bp.put("/rounds/<int:round_id>/nominations/<int:nomination_id>/report")
def set_nomination_report(round_id: int, nomination_id: int) -> Response:
    row = services().rounds.set_report(round_id, nomination_id, json_payload(), require())
    return jsonify(nomination_json(row))


@bp.delete("/rounds/<int:round_id>/nominations/<int:nomination_id>/report")
def remove_nomination_report(round_id: int, nomination_id: int) -> Response:
    row = services().rounds.set_report(round_id, nomination_id, None, require())
    return jsonify(nomination_json(row))


@bp.put("/rounds/<int:round_id>/nominations/<int:nomination_id>/report-file")
def attach_report_file(round_id: int, nomination_id: int) -> Response:
    """The report as a file (multipart ``file``: PDF or DOCX)."""
    actor = require()
    upload = request.files.get("file")
    if upload is None:
        raise InputError([FieldError(("file",), "chưa chọn tệp PDF hoặc DOCX (trường file)",
                                     "missing")])
    row = services().rounds.attach_report_file(
        round_id, nomination_id, upload.read(), upload.filename or "", actor,
        max_bytes=settings().max_upload_bytes)
    return jsonify(nomination_json(row))


@bp.get("/rounds/<int:round_id>/nominations/<int:nomination_id>/report-file")
def get_report_file(round_id: int, nomination_id: int) -> Response:
    return file_response(services().rounds.report_file(round_id, nomination_id, require()))


@bp.delete("/rounds/<int:round_id>/nominations/<int:nomination_id>/report-file")
def remove_report_file(round_id: int, nomination_id: int) -> Response:
    row = services().rounds.remove_report_file(round_id, nomination_id, require())
    return jsonify(nomination_json(row))


@bp.get("/rounds/<int:round_id>/dossier")
def kept_round_dossier(round_id: int) -> Response:
    return file_response(services().rounds.dossier(round_id, require()))


@bp.delete("/rounds/<int:round_id>/nominations/<int:nomination_id>")
def remove_nomination(round_id: int, nomination_id: int) -> tuple[str, int]:
    services().rounds.remove_nomination(round_id, nomination_id, require())
    return "", 204


@bp.put("/rounds/<int:round_id>/meeting")
def record_meeting(round_id: int) -> Response:
    actor, rounds = require(), services().rounds
    rounds.record_meeting(round_id, json_payload(), actor)
    return jsonify(round_view_json(rounds.get(round_id, actor)))


@bp.get("/rounds/<int:round_id>/check")
def check_kept_round(round_id: int) -> Response:
    view, result = services().rounds.check(round_id, require())
    return jsonify(check_json(view, result))


@bp.post("/rounds/<int:round_id>/drafts")
def make_drafts(round_id: int) -> tuple[Response, int]:
    papers = services().rounds.make_drafts(round_id, require())
    return jsonify({"papers": [{**paper_json(p), "slot": p.round_slot} for p in papers]}), 201


_RESULT = {"type": "object", "required": ["name", "award", "passed", "votes", "percent",
                                          "reasons"],
           "properties": {"name": {"type": "string"}, "award": {"type": "string"},
                          "passed": {"type": "boolean"}, "votes": {"type": "integer"},
                          "percent": {"type": "number"},
                          "percent_text": {"type": "string",
                                           "description": "Tỷ lệ như văn bản ghi: 85,71%"},
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


_ROUND = {"type": "object", "required": ["id", "agency", "year", "title", "status", "version"],
          "properties": {"id": {"type": "integer"}, "agency": {"type": "string"},
                         "year": {"type": "integer"}, "title": {"type": "string"},
                         "status": {"type": "string", "enum": ["open", "meeting", "papers"]},
                         "status_label": {"type": "string"}, "version": {"type": "integer"},
                         "nominations": {}}}
_NOMINATION = {"type": "object", "required": ["id", "nomination"], "properties": {
    "report_file": {"type": "object", "description": "Tệp báo cáo thành tích đính kèm",
                    "properties": {"filename": {"type": "string"},
                                   "format": {"type": "string", "enum": ["pdf", "docx"]},
                                   "sha256": {"type": "string"}}},
    "id": {"type": "integer"}, "unit": {"type": ["string", "null"]},
    "nomination": {"type": "object"}}}
_NOMINATION_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "description": "Một đề nghị như trong đợt xét (award, proposed_by, person "
                                     "hoặc collective, achievement, report), không ghi số "
                                     "phiếu; chuyên viên chỉ đề nghị cho đơn vị mình"}}}}
_IMPORTED = {"type": "object", "required": ["added", "problems"], "properties": {
    "added": {"type": "array", "items": _NOMINATION},
    "problems": {"type": "array", "items": {
        "type": "object", "required": ["row", "column", "message"],
        "properties": {"row": {"type": "integer", "description": "Số dòng trong bảng tính"},
                       "column": {"type": "string", "description": "Tiêu đề cột"},
                       "message": {"type": "string"}}}},
    "blank": {"type": "integer", "description": "Số dòng trống đã bỏ qua"}}}
_NO_ROUND = error("Không có đợt xét này (hoặc của cơ quan khác)")
_REFUSED = error("Vai trò hoặc đơn vị không được làm việc này")
_CLASH = error("Đợt xét đã họp, biên bản đã ban hành, hoặc trang đã cũ (phiên bản)")


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": model_ref(model)}}}


add_paths({
    "/api/v1/rounds": {
        "post": {"summary": "Mở đợt xét khen thưởng của cơ quan mình",
                 "operationId": "create_round", "requestBody": _json_body(NewRound),
                 "responses": {"201": json_response("Đợt xét", _ROUND), "403": _REFUSED,
                               "422": input_errors()}},
        "get": {"summary": "Các đợt xét khen thưởng của cơ quan", "operationId": "list_rounds",
                "parameters": query_parameters(RoundQuery),
                "responses": {"200": json_response("Danh sách", {
                    "type": "object", "properties": {"items": {"type": "array",
                                                               "items": _ROUND}}}),
                              "422": input_errors()}}},
    "/api/v1/rounds/{round_id}": {
        "get": {"summary": "Một đợt xét: Hội đồng, cuộc họp, các đề nghị, văn bản, lịch sử",
                "operationId": "get_round",
                "responses": {"200": json_response("Đợt xét", _ROUND), "404": _NO_ROUND}},
        "put": {"summary": "Sửa tên, Hội đồng, tờ trình của đợt xét (kèm phiên bản đã đọc)",
                "operationId": "update_round", "requestBody": _json_body(RoundEdit),
                "responses": {"200": json_response("Đợt xét", _ROUND), "403": _REFUSED,
                              "404": _NO_ROUND, "409": _CLASH, "422": input_errors()}}},
    "/api/v1/rounds/{round_id}/nominations": {"post": {
        "summary": "Thêm một đề nghị (chuyên viên: của đơn vị mình, trước khi họp)",
        "operationId": "add_round_nomination", "requestBody": _NOMINATION_BODY,
        "responses": {"201": json_response("Đề nghị", _NOMINATION), "403": _REFUSED,
                      "404": _NO_ROUND, "409": _CLASH, "422": input_errors()}}},
    "/api/v1/rounds/{round_id}/nominations/template.xlsx": {"get": {
        "summary": "Mẫu XLSX để đơn vị ghi các đề nghị (tiêu đề cột tiếng Việt, danh sách "
                   "hình thức khen thưởng)",
        "operationId": "round_nominations_template",
        "responses": {"200": {"description": "Tệp XLSX", "content": {
            MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}}}},
                      "404": _NO_ROUND}}},
    "/api/v1/rounds/{round_id}/nominations/import": {"post": {
        "summary": "Nhập các đề nghị của đơn vị mình từ mẫu XLSX đã điền: mỗi dòng hợp lệ "
                   "thành một đề nghị, dòng sai được liệt kê (số dòng, cột, lý do)",
        "operationId": "import_round_nominations",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "Tệp .xlsx theo mẫu"}}}}}},
        "responses": {
            "201": json_response("Đã thêm ít nhất một đề nghị", _IMPORTED),
            "200": json_response("Không dòng nào được thêm", _IMPORTED),
            "403": _REFUSED, "404": _NO_ROUND, "409": _CLASH, "413": error("Tệp quá lớn"),
            "422": input_errors("Tệp không phải bảng tính theo mẫu")}}},
    "/api/v1/rounds/{round_id}/nominations/{nomination_id}": {
        "put": {"summary": "Sửa một đề nghị", "operationId": "update_round_nomination",
                "requestBody": _NOMINATION_BODY,
                "responses": {"200": json_response("Đề nghị", _NOMINATION), "403": _REFUSED,
                              "404": _NO_ROUND, "409": _CLASH, "422": input_errors()}},
        "delete": {"summary": "Xóa một đề nghị", "operationId": "remove_round_nomination",
                   "responses": {"204": {"description": "Đã xóa"}, "403": _REFUSED,
                                 "404": _NO_ROUND, "409": _CLASH}}},
    "/api/v1/rounds/{round_id}/nominations/{nomination_id}/report": {
        "put": {"summary": "Ghi báo cáo thành tích của một đề nghị (những gì đề nghị đã ghi: "
                           "cá nhân hay tập thể, hình thức, năm, lý lịch, là mặc định)",
                "operationId": "set_round_nomination_report",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": model_ref(AchievementReportInput)}}},
                "responses": {"200": json_response("Đề nghị", _NOMINATION), "403": _REFUSED,
                              "404": _NO_ROUND, "409": _CLASH, "422": input_errors()}},
        "delete": {"summary": "Bỏ báo cáo thành tích của một đề nghị",
                   "operationId": "remove_round_nomination_report",
                   "responses": {"200": json_response("Đề nghị", _NOMINATION),
                                 "403": _REFUSED, "404": _NO_ROUND, "409": _CLASH}}},
    "/api/v1/rounds/{round_id}/nominations/{nomination_id}/report-file": {
        "put": {"summary": "Đính kèm báo cáo thành tích của một đề nghị (tệp PDF hoặc DOCX, "
                           "nhận biết theo nội dung)",
                "operationId": "attach_round_report_file",
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"}}}}}},
                "responses": {"200": json_response("Đề nghị", _NOMINATION), "403": _REFUSED,
                              "404": _NO_ROUND, "409": _CLASH, "413": error("Tệp quá lớn"),
                              "422": input_errors("Không phải tệp PDF hoặc DOCX")}},
        "get": {"summary": "Tệp báo cáo thành tích đã đính kèm",
                "operationId": "get_round_report_file",
                "responses": {"200": {"description": "Tệp PDF hoặc DOCX", "content": {
                    MEDIA_TYPES["pdf"]: {"schema": {"type": "string", "format": "binary"}},
                    MEDIA_TYPES["docx"]: {"schema": {"type": "string", "format": "binary"}}}},
                    "404": _NO_ROUND}},
        "delete": {"summary": "Bỏ tệp báo cáo thành tích đã đính kèm",
                   "operationId": "remove_round_report_file",
                   "responses": {"200": json_response("Đề nghị", _NOMINATION),
                                 "403": _REFUSED, "404": _NO_ROUND, "409": _CLASH}}},
    "/api/v1/rounds/{round_id}/dossier": {"get": {
        "summary": "Hồ sơ của đợt xét (ZIP): biên bản, tờ trình, dự thảo quyết định, báo cáo "
                   "thành tích của các đề nghị, mỗi văn bản DOCX và PDF",
        "operationId": "kept_round_dossier",
        "responses": {"200": {"description": "Tệp ZIP", "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                      "404": _NO_ROUND,
                      "422": input_errors("Đợt xét còn thiếu: Hội đồng, cuộc họp, số phiếu")}}},
    "/api/v1/rounds/{round_id}/meeting": {"put": {
        "summary": "Ghi cuộc họp Hội đồng: thành phần, vắng mặt, phiếu bầu, số phiếu từng đề "
                   "nghị (thường trực Hội đồng, văn thư)",
        "operationId": "record_round_meeting", "requestBody": _json_body(MeetingRecord),
        "responses": {"200": json_response("Đợt xét", _ROUND), "403": _REFUSED,
                      "404": _NO_ROUND, "409": _CLASH, "422": input_errors()}}},
    "/api/v1/rounds/{round_id}/check": {"get": {
        "summary": "Kiểm tra đợt xét: kết quả từng đề nghị theo quy định",
        "operationId": "check_kept_round",
        "responses": {"200": json_response("Kết quả theo thứ tự đề nghị", {
            "type": "object", "required": ["nominations"],
            "properties": {"nominations": {"type": "array", "items": _RESULT}}}),
                      "404": _NO_ROUND, "422": input_errors("Đợt xét còn thiếu: Hội đồng, "
                                                            "cuộc họp, số phiếu")}}},
    "/api/v1/rounds/{round_id}/drafts": {"post": {
        "summary": "Tạo hồ sơ: dự thảo biên bản, tờ trình, quyết định trong sổ văn bản",
        "operationId": "make_round_drafts",
        "responses": {"201": json_response("Các dự thảo", {
            "type": "object", "required": ["papers"],
            "properties": {"papers": {"type": "array", "items": {"type": "object"}}}}),
                      "403": _REFUSED, "404": _NO_ROUND, "409": _CLASH,
                      "422": input_errors("Đợt xét còn thiếu: Hội đồng, cuộc họp, số phiếu")}}},
})
