"""A cluster's scoring year as a resource (``/api/v1/clusters``): set up by the organising
agency, scored by the member units, reviewed and locked by the khối trưởng's unit, its
meeting recorded, its minutes and Tờ trình drafted in the registry. The cluster service
decides who may do what (the permission table and the asker's agency); a year the asker's
agency is not part of answers 404. Each change sends the ``version`` it was made on and
answers the year as the server scored it (the authority on totals and ranks)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from docgen.http.actor import require
from docgen.http.api.openapi import add_paths, input_errors, json_response, model_ref
from docgen.http.api.responses import json_payload
from docgen.http.context import services
from docgen.model.scoring import KIND_LABELS
from docgen.services.accounts.identity import Actor
from docgen.services.scoring.service import (
    ClusterService,
    CriteriaEdit,
    Explaining,
    Loaded,
    Locking,
    MeetingRecord,
    MembersEdit,
    NewYear,
    Reviewing,
    Scoring,
    scored_criteria,
    year_json,
    year_summary,
)

bp = Blueprint("api_clusters", __name__, url_prefix="/api/v1/clusters")


def _answer(svc: ClusterService, loaded: Loaded, actor: Actor) -> dict[str, Any]:
    return year_json(loaded, svc.standing(loaded, actor), actor, services().catalog())


@bp.get("")
def index() -> Response:
    return jsonify({"items": [year_summary(r) for r in services().clusters.list(require())]})


@bp.post("")
def create() -> tuple[Response, int]:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.create(json_payload(), actor), actor)), 201


@bp.get("/<int:year_id>")
def get(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.get(year_id, actor), actor))


@bp.post("/<int:year_id>/scores")
def score(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.score(year_id, json_payload(), actor), actor))


@bp.post("/<int:year_id>/reviews")
def review(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.review(year_id, json_payload(), actor), actor))


@bp.post("/<int:year_id>/explanations")
def explain(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.explain(year_id, json_payload(), actor), actor))


@bp.post("/<int:year_id>/lock")
def lock(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.lock(year_id, json_payload(), actor), actor))


@bp.put("/<int:year_id>/meeting")
def meeting(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.record_meeting(year_id, json_payload(), actor), actor))


def _table(svc: ClusterService, loaded: Loaded, actor: Actor) -> dict[str, Any]:
    doc = year_json(loaded, svc.standing(loaded, actor), actor, services().catalog())
    return {"id": doc["id"], "version": doc["version"], "status": doc["status"],
            "criteria": doc["document"]["criteria"],
            "scored": sorted(scored_criteria(loaded.year)),
            "changes": doc["document"].get("setup_changes", []),
            "may_edit": doc["you"]["may"]["criteria"], "kinds": KIND_LABELS}


@bp.get("/<int:year_id>/criteria")
def criteria(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_table(svc, svc.get(year_id, actor), actor))


@bp.put("/<int:year_id>/criteria")
def edit_criteria(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_table(svc, svc.edit_criteria(year_id, json_payload(), actor), actor))


@bp.put("/<int:year_id>/members")
def edit_members(year_id: int) -> Response:
    svc, actor = services().clusters, require()
    return jsonify(_answer(svc, svc.edit_members(year_id, json_payload(), actor), actor))


@bp.post("/<int:year_id>/minutes")
def minutes(year_id: int) -> tuple[Response, int]:
    paper = services().clusters.make_minutes(year_id, require())
    return jsonify({"paper": paper.id, "kind": paper.kind, "status": paper.status}), 201


@bp.post("/<int:year_id>/proposal")
def proposal(year_id: int) -> tuple[Response, int]:
    paper = services().clusters.make_proposal(year_id, require())
    return jsonify({"paper": paper.id, "kind": paper.kind, "status": paper.status,
                    "complete": paper.complete}), 201


_SUMMARY = {"type": "object", "required": ["id", "name", "year", "status", "version"],
            "properties": {"id": {"type": "integer"}, "organiser": {"type": "string"},
                           "name": {"type": "string"}, "year": {"type": "integer"},
                           "status": {"type": "string",
                                      "enum": ["scoring", "locked", "met"]},
                           "status_label": {"type": "string"},
                           "version": {"type": "integer"},
                           "minutes_paper": {"type": ["integer", "null"]},
                           "proposal_paper": {"type": ["integer", "null"]},
                           "pledge_paper": {"type": ["integer", "null"]}}}
_YEAR = {"allOf": [_SUMMARY, {"type": "object", "properties": {
    "members": {"type": "array", "items": {"type": "object"}},
    "document": {"type": "object", "description": "Năm thi đua (ScoringYear)"},
    "scores": {"type": "object", "description": "Như trả lời của /api/v1/scoring/check"},
    "missing": {"type": "object", "description": "Các tiêu chí đơn vị chưa tự chấm"},
    "you": {"type": "object", "description": "Người hỏi là đơn vị nào, được làm gì"}}}]}
_PAPER = {"type": "object", "required": ["paper"], "properties": {
    "paper": {"type": "integer"}, "kind": {"type": "string"}, "status": {"type": "string"},
    "complete": {"type": "boolean"}}}
_TABLE = {"type": "object", "required": ["id", "version", "criteria", "scored", "may_edit"],
          "properties": {
              "id": {"type": "integer"}, "version": {"type": "integer"},
              "status": {"type": "string", "enum": ["scoring", "locked", "met"]},
              "criteria": {"type": "array", "items": {"type": "object"},
                           "description": "Cây các phần (children) và tiêu chí (type)"},
              "scored": {"type": "array", "items": {"type": "string"},
                         "description": "Các tiêu chí đã có đơn vị chấm: giữ số thứ tự và "
                                        "loại"},
              "changes": {"type": "array", "items": {"type": "object"},
                          "description": "Các lần sửa bảng: ai, lúc nào, lý do, sửa gì"},
              "may_edit": {"type": "boolean"},
              "kinds": {"type": "object", "additionalProperties": {"type": "string"}}}}
_CONFLICT = json_response("Năm thi đua đã chốt, chưa đến bước này, hoặc vừa được người khác "
                          "cập nhật (phiên bản cũ)")


_REFUSED = {"403": json_response("Không phải việc của cơ quan hoặc vai trò này"),
            "404": json_response("Không có năm thi đua này (hoặc cơ quan của người hỏi không "
                                 "thuộc Khối)"),
            "409": _CONFLICT, "422": input_errors()}


def _change(summary: str, op: str, body: Any) -> dict[str, Any]:
    return {"summary": summary, "operationId": op,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": model_ref(body)}}},
            "responses": {"200": json_response("Năm thi đua sau thay đổi, điểm do máy chủ "
                                               "tính", _YEAR), **_REFUSED}}


add_paths({
    "/api/v1/clusters": {
        "get": {"summary": "Các năm thi đua của Khối, Cụm mà cơ quan mình tham gia hoặc tổ chức",
                "operationId": "list_cluster_years",
                "responses": {"200": json_response("Danh sách", {
                    "type": "object", "properties": {"items": {"type": "array",
                                                               "items": _SUMMARY}}})}},
        "post": {"summary": "Lập năm thi đua của Khối, Cụm (cơ quan tổ chức): từ giao ước đã "
                            "ban hành hoặc từ cả năm thi đua",
                 "operationId": "create_cluster_year",
                 "requestBody": {"required": True, "content": {"application/json": {
                     "schema": model_ref(NewYear)}}},
                 "responses": {"201": json_response("Đã lập", _YEAR), **_REFUSED}}},
    "/api/v1/clusters/{year_id}": {"get": {
        "summary": "Một năm thi đua: bảng điểm, thẩm định, kết quả họp",
        "operationId": "get_cluster_year",
        "responses": {"200": json_response("Năm thi đua", _YEAR),
                      "404": json_response("Không có")}}},
    "/api/v1/clusters/{year_id}/scores": {"post": _change(
        "Đơn vị tự chấm điểm (chỉ đơn vị mình)", "score_cluster_member", Scoring)},
    "/api/v1/clusters/{year_id}/reviews": {"post": _change(
        "Khối trưởng thẩm định một tiêu chí (chấp nhận, hoặc chấm khác kèm lý do)",
        "review_cluster_score", Reviewing)},
    "/api/v1/clusters/{year_id}/explanations": {"post": _change(
        "Đơn vị giải trình kết quả thẩm định", "explain_cluster_review", Explaining)},
    "/api/v1/clusters/{year_id}/lock": {"post": _change(
        "Khối trưởng chốt kết quả, khóa năm thi đua", "lock_cluster_year", Locking)},
    "/api/v1/clusters/{year_id}/meeting": {"put": _change(
        "Ghi kết quả họp: thành phần dự họp, phiếu suy tôn đơn vị dẫn đầu",
        "record_cluster_meeting", MeetingRecord)},
    "/api/v1/clusters/{year_id}/criteria": {
        "get": {"summary": "Bảng tiêu chí của năm thi đua (cây phần, tiêu chí)",
                "operationId": "get_cluster_criteria",
                "responses": {"200": json_response("Bảng tiêu chí", _TABLE),
                              "404": json_response("Không có")}},
        "put": {"summary": "Sửa bảng tiêu chí (cơ quan tổ chức hoặc Khối trưởng, trước khi "
                           "chốt): tiêu chí đã chấm giữ số thứ tự và loại",
                "operationId": "edit_cluster_criteria",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": model_ref(CriteriaEdit)}}},
                "responses": {"200": json_response("Bảng tiêu chí sau khi sửa", _TABLE),
                              **_REFUSED}}},
    "/api/v1/clusters/{year_id}/members": {"put": _change(
        "Sửa danh sách đơn vị thành viên (cơ quan tổ chức hoặc Khối trưởng, trước khi có "
        "đơn vị tự chấm)", "edit_cluster_members", MembersEdit)},
    "/api/v1/clusters/{year_id}/minutes": {"post": {
        "summary": "Tạo biên bản: dự thảo biên bản họp trong sổ của cơ quan tổ chức",
        "operationId": "draft_cluster_minutes",
        "responses": {"201": json_response("Dự thảo đã tạo", _PAPER), **_REFUSED}}},
    "/api/v1/clusters/{year_id}/proposal": {"post": {
        "summary": "Tạo tờ trình đề nghị tặng Cờ thi đua cho đơn vị dẫn đầu",
        "operationId": "draft_cluster_proposal",
        "responses": {"201": json_response("Dự thảo đã tạo (còn thiếu người ký)", _PAPER),
                      **_REFUSED}}},
})
