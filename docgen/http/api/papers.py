"""Registry API: drafts, submit, approve or return, issue, revoke, search, stored files.

Who may do what is decided by the registry service from the signed-in actor; these views
only parse and answer."""

from __future__ import annotations

from typing import Any, Literal

from flask import Blueprint, Response, jsonify
from pydantic import BaseModel, ConfigDict, Field

from docgen.errors import FieldError, InputError
from docgen.http.actor import require
from docgen.http.api.openapi import (
    FILE_CONTENT,
    add_paths,
    error,
    json_response,
    model_ref,
    query_parameters,
)
from docgen.http.api.responses import file_response, json_model, json_payload, query_model
from docgen.http.context import services
from docgen.http.views import paper_json
from docgen.model.copy import CopyInput
from docgen.model.types import FIRST_DATE, LAST_DATE, Day, Line, Note, PaperNumber
from docgen.services.accounts.identity import Actor
from docgen.services.registry.papers import REGISTRABLE, SEARCHABLE
from docgen.services.registry.steps import STATUS_LABELS

bp = Blueprint("api_papers", __name__, url_prefix="/api/v1/papers")

#: The kinds the registry numbers, from the kinds table.
RegistrableKind = Literal[REGISTRABLE]  # type: ignore[valid-type]
#: What a search may filter on: those kinds, and ``copy`` (sao y, sao lục, trích sao).
SearchableKind = Literal[SEARCHABLE]  # type: ignore[valid-type]

#: Last page of a search: far beyond any registry, small enough for every database's OFFSET.
MAX_PAGE = 1_000_000


def _actor() -> Actor:
    """Who acts: the signed-in user or the owner of the Bearer token (never a header a
    client writes)."""
    return require()


class CreatePaper(BaseModel):
    """Body of ``POST /api/v1/papers``: the kind and its input (validated by the kind)."""

    model_config = ConfigDict(extra="forbid")
    kind: RegistrableKind = Field(description="Loại văn bản đăng ký số")
    input: dict[str, Any] = Field(description="Dữ liệu văn bản (JSON Schema của loại)")
    incomplete: bool = Field(
        default=False, description="Giữ dự thảo cả khi dữ liệu chưa đủ, chưa hợp lệ (trả về "
                                   "kèm errors); chỉ trình được khi đã hợp lệ")


class IssueRequest(BaseModel):
    """Body of ``POST …/issue`` (both optional): the date, and a number given elsewhere."""

    model_config = ConfigDict(extra="forbid")
    date: Day | None = Field(default=None, description="Ngày ban hành; mặc định hôm nay")
    number: PaperNumber | None = Field(
        default=None, description="Số đã cấp ở nơi khác (chỉ nhận nếu còn trống)")


class RevokeRequest(BaseModel):
    """Body of ``POST …/revoke``."""

    model_config = ConfigDict(extra="forbid")
    reason: Note = Field(description="Lý do thu hồi (bắt buộc)")


class CommentRequest(BaseModel):
    """Body of ``POST …/approve`` (optional comment) and ``…/return`` (comment required)."""

    model_config = ConfigDict(extra="forbid")
    comment: Note | None = Field(default=None, description="Ý kiến")


class ReturnRequest(BaseModel):
    """Body of ``POST …/return``: the leader says what to change (required)."""

    model_config = ConfigDict(extra="forbid")
    comment: Note = Field(description="Ý kiến: cần sửa gì (bắt buộc)")


class PaperQuery(BaseModel):
    """Query of ``GET /api/v1/papers``. Values arrive as text; an empty one is refused
    (``year=`` is a mistake, not "any year"): leave a filter out to not filter."""

    model_config = ConfigDict(extra="ignore")
    kind: SearchableKind | None = None
    year: int | None = Field(default=None, ge=FIRST_DATE.year, le=LAST_DATE.year)
    q: Line | None = Field(default=None, description=(
        "Tìm trong tiêu đề, trích yếu, họ tên, đơn vị và mọi chữ của văn bản, không phân "
        "biệt hoa thường và dấu (ngoc tìm được Ngọc)"))
    status: Literal[tuple(STATUS_LABELS)] | None = None  # type: ignore[valid-type]
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = Field(default=20, ge=1, le=100)


def _create_input_errors(exc: InputError) -> InputError:
    return InputError([FieldError(("input", *e.loc), e.msg, e.type) for e in exc.errors])


@bp.post("")
def create() -> tuple[Response, int]:
    body = json_model(CreatePaper)
    reg = services().registry
    try:
        paper = reg.create_draft(body.kind, body.input, _actor(), incomplete=body.incomplete)
    except InputError as exc:
        raise _create_input_errors(exc) from None
    return jsonify(_with_problems(paper)), 201


def _with_problems(paper: Any, **extra: Any) -> dict[str, Any]:
    """A saved draft, and for one kept incomplete, what must be fixed before submitting it
    (located in its input, as a refused body's errors are)."""
    out = paper_json(paper, with_input=True, **extra)
    if not paper.complete:
        out["errors"] = [{"loc": ["input", *e.loc], "msg": e.msg, "type": e.type}
                         for e in services().registry.problems(paper)]
    return out


@bp.get("")
def search() -> Response:
    query = query_model(PaperQuery)
    items, total = services().registry.search(_actor(), kind=query.kind, year=query.year, q=query.q,
                                     status=query.status, page=query.page,
                                     per_page=query.per_page)
    return jsonify({"items": [paper_json(p) for p in items], "total": total,
                    "page": query.page, "per_page": query.per_page,
                    "pages": -(-total // query.per_page)})


@bp.get("/<int:paper_id>")
def get(paper_id: int) -> Response:
    actor, reg = _actor(), services().registry
    paper = reg.get(paper_id, actor)
    return jsonify(_with_problems(paper, history=reg.audit_of(paper_id, actor),
                                  copy=reg.copy_view(paper)))


@bp.put("/<int:paper_id>")
def update(paper_id: int) -> Response:
    body = json_payload()
    if not isinstance(body, dict):
        raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON", "model_type")])
    wrapped = "input" in body
    # {"input": …, "incomplete": true} keeps a draft that does not validate yet.
    incomplete = wrapped and body.get("incomplete") is True
    try:
        paper = services().registry.update_draft(paper_id, body["input"] if wrapped else body,
                                                 _actor(), incomplete=incomplete)
    except InputError as exc:
        raise (_create_input_errors(exc) if wrapped else exc) from None
    return jsonify(_with_problems(paper))


@bp.post("/<int:paper_id>/submit")
def submit(paper_id: int) -> Response:
    return jsonify(paper_json(services().registry.submit(paper_id, _actor())))


@bp.post("/<int:paper_id>/approve")
def approve(paper_id: int) -> Response:
    body = json_model(CommentRequest, optional=True)
    return jsonify(paper_json(services().registry.approve(paper_id, _actor(), body.comment)))


@bp.post("/<int:paper_id>/return")
def return_paper(paper_id: int) -> Response:
    body = json_model(ReturnRequest)
    return jsonify(paper_json(services().registry.return_paper(paper_id, _actor(), body.comment)))


@bp.post("/<int:paper_id>/issue")
def issue(paper_id: int) -> Response:
    body = json_model(IssueRequest, optional=True)
    return jsonify(paper_json(services().registry.issue(paper_id, _actor(), on=body.date,
                                               number=body.number)))


@bp.post("/<int:paper_id>/revoke")
def revoke(paper_id: int) -> Response:
    body = json_model(RevokeRequest)
    return jsonify(paper_json(services().registry.revoke(paper_id, body.reason, _actor())))


@bp.post("/<int:paper_id>/copy")
def copy(paper_id: int) -> tuple[Response, int]:
    """Nhân bản: a new draft with the paper's input."""
    return jsonify(paper_json(services().registry.copy_as_draft(paper_id, _actor()),
                              with_input=True)), 201


@bp.post("/<int:paper_id>/copies")
def make_copy(paper_id: int) -> tuple[Response, int]:
    """Sao y, sao lục, trích sao of an issued paper (its records office): a copy of the
    registry, approved, to be issued with ``…/issue``."""
    reg = services().registry
    paper = reg.create_copy(paper_id, json_payload(), _actor())
    return jsonify(paper_json(paper, with_input=True, copy=reg.copy_view(paper))), 201


@bp.get("/<int:paper_id>/copies")
def copies(paper_id: int) -> Response:
    """The copies made of a paper, oldest first."""
    reg = services().registry
    return jsonify({"items": [paper_json(p, copy=reg.copy_view(p))
                              for p in reg.copies_of(paper_id, _actor())]})


@bp.get("/<int:paper_id>/parts")
def parts(paper_id: int) -> Response:
    """The parts a trích sao of the paper may take (``parts`` of ``…/copies``)."""
    found = services().registry.copy_parts(paper_id, _actor())
    return jsonify({"items": [{"key": p.key, "heading": p.heading} for p in found]})


@bp.get("/<int:paper_id>/file.<fmt>")
def file(paper_id: int, fmt: str) -> Response:
    return file_response(services().registry.file(paper_id, fmt, _actor()))


_PAPER = {"type": "object", "required": ["id", "kind", "status", "title"], "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "agency": {"type": "string"},
    "status": {"type": "string", "enum": list(STATUS_LABELS)},
    "title": {"type": "string"}, "year": {"type": ["integer", "null"]},
    "number": {"type": ["integer", "null"]}, "symbol": {"type": ["string", "null"]},
    "date": {"type": ["string", "null"]}, "verify_code": {"type": ["string", "null"]},
    "complete": {"type": "boolean", "description": "false: dự thảo giữ khi chưa hợp lệ"},
    "errors": {"type": "array", "description": "Chỗ cần sửa của dự thảo chưa hợp lệ",
               "items": {"type": "object"}},
    "input": {"type": "object"},
    "copy_of": {"type": ["integer", "null"], "description": "Bản sao: văn bản được sao"},
    "copy": {"type": "object", "description": "Bản sao: hình thức, điện tử hay giấy, các "
                                              "phần trích, văn bản được sao"}}}
_PAGE = {"type": "object", "required": ["items", "total", "page", "per_page", "pages"],
         "properties": {"items": {"type": "array", "items": _PAPER},
                        "total": {"type": "integer"}, "page": {"type": "integer"},
                        "per_page": {"type": "integer"}, "pages": {"type": "integer"}}}
_NOT_FOUND = error("Không có văn bản này trong sổ")


def _body(model: type[BaseModel], required: bool = True) -> dict[str, Any]:
    return {"required": required,
            "content": {"application/json": {"schema": model_ref(model)}}}


add_paths({
    "/api/v1/papers": {
        "post": {"summary": "Tạo dự thảo trong sổ", "operationId": "create_paper",
                 "requestBody": _body(CreatePaper),
                 "responses": {"201": json_response("Dự thảo", _PAPER)}},
        "get": {"summary": "Tìm văn bản", "operationId": "search_papers",
                "parameters": query_parameters(PaperQuery),
                "responses": {"200": json_response("Trang kết quả", _PAGE)}}},
    "/api/v1/papers/{paper_id}": {
        "get": {"summary": "Một văn bản", "operationId": "get_paper",
                "responses": {"200": json_response("Văn bản", _PAPER), "404": _NOT_FOUND}},
        "put": {"summary": "Sửa dự thảo (dữ liệu văn bản, hoặc {\"input\": …, "
                           "\"incomplete\": true} để giữ cả khi chưa hợp lệ)",
                "operationId": "update_paper",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"type": "object"}}}},
                "responses": {"200": json_response("Dự thảo", _PAPER), "404": _NOT_FOUND,
                              "409": error("Văn bản đã ban hành, không sửa được")}}},
    "/api/v1/papers/{paper_id}/submit": {"post": {
        "summary": "Trình lãnh đạo duyệt (người soạn)", "operationId": "submit_paper",
        "responses": {"200": json_response("Đã trình", _PAPER), "404": _NOT_FOUND,
                      "409": error("Không phải dự thảo")}}},
    "/api/v1/papers/{paper_id}/approve": {"post": {
        "summary": "Duyệt (lãnh đạo)", "operationId": "approve_paper",
        "requestBody": _body(CommentRequest, required=False),
        "responses": {"200": json_response("Đã duyệt", _PAPER), "404": _NOT_FOUND,
                      "409": error("Không chờ duyệt")}}},
    "/api/v1/papers/{paper_id}/return": {"post": {
        "summary": "Trả lại kèm ý kiến (lãnh đạo)", "operationId": "return_paper",
        "requestBody": _body(ReturnRequest),
        "responses": {"200": json_response("Đã trả lại", _PAPER), "404": _NOT_FOUND,
                      "409": error("Không chờ duyệt")}}},
    "/api/v1/papers/{paper_id}/issue": {"post": {
        "summary": "Ban hành: cấp số, ngày, lưu tệp", "operationId": "issue_paper",
        "requestBody": _body(IssueRequest, required=False),
        "responses": {"200": json_response("Đã ban hành", _PAPER), "404": _NOT_FOUND,
                      "409": error("Số đã dùng hoặc văn bản không còn là dự thảo")}}},
    "/api/v1/papers/{paper_id}/revoke": {"post": {
        "summary": "Thu hồi", "operationId": "revoke_paper", "requestBody": _body(RevokeRequest),
        "responses": {"200": json_response("Đã thu hồi", _PAPER), "404": _NOT_FOUND,
                      "409": error("Chỉ thu hồi được văn bản đã ban hành")}}},
    "/api/v1/papers/{paper_id}/copy": {"post": {
        "summary": "Nhân bản: dự thảo mới với dữ liệu của văn bản", "operationId": "copy_paper",
        "responses": {"201": json_response("Dự thảo mới", _PAPER), "404": _NOT_FOUND}}},
    "/api/v1/papers/{paper_id}/copies": {
        "post": {"summary": "Sao y, sao lục, trích sao văn bản đã ban hành (văn thư); bản sao "
                            "được ban hành bằng …/issue", "operationId": "make_copy",
                 "requestBody": _body(CopyInput),
                 "responses": {"201": json_response("Bản sao (đã duyệt, chờ ban hành)", _PAPER),
                               "404": _NOT_FOUND,
                               "409": error("Văn bản chưa ban hành hoặc đã thu hồi")}},
        "get": {"summary": "Các bản sao của văn bản", "operationId": "paper_copies",
                "responses": {"200": json_response("Bản sao", {
                    "type": "object", "required": ["items"],
                    "properties": {"items": {"type": "array", "items": _PAPER}}}),
                    "404": _NOT_FOUND}}},
    "/api/v1/papers/{paper_id}/parts": {"get": {
        "summary": "Các phần trích sao được (Điều, mục, danh sách kèm theo)",
        "operationId": "paper_parts",
        "responses": {"200": json_response("Các phần", {
            "type": "object", "required": ["items"], "properties": {"items": {
                "type": "array", "items": {"type": "object", "required": ["key", "heading"],
                                           "properties": {"key": {"type": "string"},
                                                          "heading": {"type": "string"}}}}}}),
            "404": _NOT_FOUND}}},
    "/api/v1/papers/{paper_id}/file.{fmt}": {"get": {
        "summary": "Tệp DOCX hoặc PDF", "operationId": "paper_file",
        "parameters": [{"name": "fmt", "in": "path", "required": True,
                        "schema": {"type": "string", "enum": ["docx", "pdf"]}}],
        "responses": {"200": {"description": "Tệp", "content": FILE_CONTENT},
                      "404": _NOT_FOUND}}},
})
