"""Registry API: drafts, submit, approve or return, issue, revoke, search, stored files.

Who may do what is decided by the registry service from the signed-in actor; these views
only parse and answer."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, request

from docgen.accounts.identity import Actor, require
from docgen.api.openapi import add_paths
from docgen.api.responses import file_response, json_payload
from docgen.errors import FieldError, InputError
from docgen.registry.papers import STATUS_LABELS, paper_json
from docgen.registry.wiring import registry

bp = Blueprint("api_papers", __name__, url_prefix="/api/v1/papers")


def _actor() -> Actor:
    """Who acts: the signed-in user or the owner of the Bearer token (never a header a
    client writes)."""
    return require()


def _body() -> dict[str, Any]:
    body = json_payload()
    if not isinstance(body, dict):
        raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON")])
    return body


def _optional_body() -> dict[str, Any]:
    return _body() if (request.content_length or 0) > 0 else {}


def _int(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError([FieldError((field,), "phải là số nguyên")]) from None


@bp.post("")
def create() -> tuple[Response, int]:
    body = _body()
    kind = body.get("kind")
    if not isinstance(kind, str):
        raise InputError([FieldError(("kind",), "thiếu loại văn bản")])
    if "input" not in body:
        raise InputError([FieldError(("input",), "thiếu dữ liệu văn bản")])
    try:
        paper = registry().create_draft(kind, body["input"], _actor())
    except InputError as exc:
        raise InputError([FieldError(("input", *e.loc), e.msg, e.type) for e in exc.errors]) \
            from None
    return jsonify(paper_json(paper, with_input=True)), 201


@bp.get("")
def search() -> Response:
    page = max(_int(request.args.get("page"), "page") or 1, 1)
    per_page = min(max(_int(request.args.get("per_page"), "per_page") or 20, 1), 100)
    items, total = registry().search(_actor(), kind=request.args.get("kind") or None,
                                     year=_int(request.args.get("year"), "year"),
                                     q=request.args.get("q") or None,
                                     status=request.args.get("status") or None,
                                     page=page, per_page=per_page)
    return jsonify({"items": [paper_json(p) for p in items], "total": total, "page": page,
                    "per_page": per_page, "pages": -(-total // per_page)})


@bp.get("/<int:paper_id>")
def get(paper_id: int) -> Response:
    actor, reg = _actor(), registry()
    return jsonify(paper_json(reg.get(paper_id, actor), with_input=True,
                              history=reg.audit_of(paper_id, actor)))


@bp.put("/<int:paper_id>")
def update(paper_id: int) -> Response:
    body = _body()
    data = body.get("input", body)
    return jsonify(paper_json(registry().update_draft(paper_id, data, _actor()),
                              with_input=True))


@bp.post("/<int:paper_id>/submit")
def submit(paper_id: int) -> Response:
    return jsonify(paper_json(registry().submit(paper_id, _actor())))


@bp.post("/<int:paper_id>/approve")
def approve(paper_id: int) -> Response:
    comment = _optional_body().get("comment")
    return jsonify(paper_json(registry().approve(paper_id, _actor(),
                                                 str(comment) if comment else None)))


@bp.post("/<int:paper_id>/return")
def return_paper(paper_id: int) -> Response:
    comment = _optional_body().get("comment")
    return jsonify(paper_json(registry().return_paper(paper_id, _actor(),
                                                      str(comment or ""))))


@bp.post("/<int:paper_id>/issue")
def issue(paper_id: int) -> Response:
    body = _optional_body()
    on = None
    if body.get("date"):
        try:
            on = date.fromisoformat(str(body["date"]))
        except ValueError:
            raise InputError([FieldError(("date",), "ngày không hợp lệ (NNNN-TT-NN)")]) from None
    paper = registry().issue(paper_id, _actor(), on=on, number=_int(body.get("number"),
                                                                     "number"))
    return jsonify(paper_json(paper))


@bp.post("/<int:paper_id>/revoke")
def revoke(paper_id: int) -> Response:
    body = _optional_body()
    return jsonify(paper_json(registry().revoke(paper_id, str(body.get("reason") or ""),
                                                _actor())))


@bp.get("/<int:paper_id>/file.<fmt>")
def file(paper_id: int, fmt: str) -> Response:
    return file_response(registry().file(paper_id, fmt, _actor()))


_ID = [{"name": "paper_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
#: Statuses every signed-in call may answer.
_AUTH = {"401": {"description": "Chưa đăng nhập / mã truy cập sai"},
         "403": {"description": "Vai trò không được làm việc này"}}
_ONE = {**_AUTH, "404": {"description": "Không có (hoặc của cơ quan khác)"}}
_COMMENT = {"content": {"application/json": {"schema": {
    "type": "object", "properties": {"comment": {"type": "string"}}}}}}
add_paths({
    "/api/v1/papers": {
        "post": {"summary": "Tạo dự thảo trong sổ", "operationId": "create_paper",
                 "requestBody": {"content": {"application/json": {"schema": {
                     "type": "object", "required": ["kind", "input"],
                     "properties": {"kind": {"type": "string"}, "input": {"type": "object"}}}}}},
                 "responses": {"201": {"description": "Dự thảo"}, **_AUTH,
                               "422": {"description": "Dữ liệu không hợp lệ"}}},
        "get": {"summary": "Tìm văn bản", "operationId": "search_papers",
                "parameters": [{"name": n, "in": "query", "schema": t} for n, t in
                               (("kind", {"type": "string"}), ("year", {"type": "integer"}),
                                ("q", {"type": "string"}),
                                ("status", {"type": "string", "enum": list(STATUS_LABELS)}),
                                ("page", {"type": "integer"}),
                                ("per_page", {"type": "integer"}))],
                "responses": {"200": {"description": "Trang kết quả"}, **_AUTH,
                              "422": {"description": "Tham số không hợp lệ"}}}},
    "/api/v1/papers/{paper_id}": {
        "get": {"summary": "Một văn bản", "operationId": "get_paper", "parameters": _ID,
                "responses": {"200": {"description": "Văn bản và lịch sử xử lý"}, **_ONE}},
        "put": {"summary": "Sửa dự thảo", "operationId": "update_paper", "parameters": _ID,
                "responses": {"200": {"description": "Dự thảo"}, **_ONE,
                              "409": {"description": "Không còn là dự thảo"},
                              "422": {"description": "Dữ liệu không hợp lệ"}}}},
    "/api/v1/papers/{paper_id}/submit": {"post": {
        "summary": "Trình lãnh đạo duyệt (người soạn)", "operationId": "submit_paper",
        "parameters": _ID, "responses": {"200": {"description": "Đã trình"}, **_ONE,
                                         "409": {"description": "Không phải dự thảo"}}}},
    "/api/v1/papers/{paper_id}/approve": {"post": {
        "summary": "Duyệt (lãnh đạo)", "operationId": "approve_paper", "parameters": _ID,
        "requestBody": _COMMENT,
        "responses": {"200": {"description": "Đã duyệt"}, **_ONE,
                      "409": {"description": "Không chờ duyệt"}}}},
    "/api/v1/papers/{paper_id}/return": {"post": {
        "summary": "Trả lại kèm ý kiến (lãnh đạo)", "operationId": "return_paper",
        "parameters": _ID, "requestBody": _COMMENT,
        "responses": {"200": {"description": "Đã trả lại"}, **_ONE,
                      "409": {"description": "Không chờ duyệt"},
                      "422": {"description": "Thiếu ý kiến"}}}},
    "/api/v1/papers/{paper_id}/issue": {"post": {
        "summary": "Ban hành: cấp số, ngày, lưu tệp", "operationId": "issue_paper",
        "parameters": _ID, "responses": {"200": {"description": "Đã ban hành"}, **_ONE,
                                         "409": {"description": "Chưa duyệt / số đã dùng"},
                                         "422": {"description": "Ngày hoặc số không hợp lệ"}}}},
    "/api/v1/papers/{paper_id}/revoke": {"post": {
        "summary": "Thu hồi", "operationId": "revoke_paper", "parameters": _ID,
        "responses": {"200": {"description": "Đã thu hồi"}, **_ONE,
                      "409": {"description": "Chưa ban hành"},
                      "422": {"description": "Thiếu lý do"}}}},
    "/api/v1/papers/{paper_id}/file.{fmt}": {"get": {
        "summary": "Tệp DOCX hoặc PDF", "operationId": "paper_file",
        "parameters": [*_ID, {"name": "fmt", "in": "path", "required": True,
                              "schema": {"type": "string", "enum": ["docx", "pdf"]}}],
        "responses": {"200": {"description": "Tệp"}, **_ONE}}},
})
