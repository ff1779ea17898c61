"""Register API: the register books (``GET /api/v1/registers/<book>``, as JSON, XLSX or
PDF), the entries of the sổ vàng (``GET /api/v1/certificates``), and printing the
certificates of an issued award decision (``POST /api/v1/papers/<id>/certificates``).

Scoped like the papers: the books are the records office's and the administrators', the
certificates every reader's of the agency; another agency's is "not found". The services
decide; these views parse and answer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, url_for
from pydantic import BaseModel, ConfigDict, Field

from docgen.catalog import load_catalog
from docgen.errors import NotFoundError
from docgen.http.actor import require
from docgen.http.api.batches import BATCH_SCHEMA, with_links
from docgen.http.api.openapi import add_paths, error, json_response, query_parameters
from docgen.http.api.responses import file_response, query_model
from docgen.http.context import services
from docgen.model.types import FIRST_DATE, LAST_DATE, MAX_ID, Line
from docgen.service import MEDIA_TYPES, RenderedFile
from docgen.services.registry.certificates import certificate_json
from docgen.services.registry.registers import (
    CERTIFICATES,
    OUTGOING,
    book_json,
    read_book,
    read_certificate,
    search_certificates,
    to_pdf,
    to_xlsx,
)
from docgen.vn.dates import today

bp = Blueprint("api_registers", __name__, url_prefix="/api/v1")

XLSX = MEDIA_TYPES["xlsx"]
#: The files a book is given as, with their media types.
BOOK_FILES = {fmt: MEDIA_TYPES[fmt] for fmt in ("xlsx", "pdf")}
#: Last page of a search (as for papers).
MAX_PAGE = 1_000_000


class BookQuery(BaseModel):
    """Query of the book routes: which agency (an administrator picks; others read their
    own) and which year (this year by default)."""

    model_config = ConfigDict(extra="ignore")
    agency: Line | None = Field(default=None, description="Mã cơ quan (vks-hung-yen); mặc "
                                "định cơ quan của người dùng")
    year: int | None = Field(default=None, ge=FIRST_DATE.year, le=LAST_DATE.year,
                             description="Năm; mặc định năm nay")


class CertificateQuery(BaseModel):
    """Query of ``GET /api/v1/certificates``: leave a filter out not to filter."""

    model_config = ConfigDict(extra="ignore")
    year: int | None = Field(default=None, ge=FIRST_DATE.year, le=LAST_DATE.year)
    q: Line | None = Field(default=None, description="Tìm theo tên, đơn vị, tiêu đề, mã "
                           "xác minh; một số: số sổ vàng")
    decision: int | None = Field(default=None, ge=1, le=MAX_ID,
                                 description="Số hiệu (id) quyết định trong sổ")
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = Field(default=20, ge=1, le=100)


def _book(book: str) -> Any:
    if book not in (OUTGOING, CERTIFICATES):
        raise NotFoundError(f"không có sổ '{book}'")
    query = query_model(BookQuery)
    return read_book(services().registry.sessions, require(), book, query.agency,
                     query.year or today().year)


@bp.get("/registers/<book>")
def book(book: str) -> Response:
    return jsonify(book_json(_book(book)))


@bp.get("/registers/<book>/export.<fmt>")
def book_file(book: str, fmt: str) -> Response:
    data = _book(book)
    if fmt not in BOOK_FILES:
        raise NotFoundError("chỉ có tệp xlsx hoặc pdf")
    content = to_xlsx(data) if fmt == "xlsx" else to_pdf(data)
    return file_response(RenderedFile(content, BOOK_FILES[fmt], data.file_name_as(fmt),
                                      f"{data.layout.title.capitalize()} {data.subtitle}"))


@bp.get("/certificates")
def certificates() -> Response:
    query = query_model(CertificateQuery)
    items, total = search_certificates(
        services().registry.sessions, require(), year=query.year, q=query.q,
        decision_paper_id=query.decision, page=query.page, per_page=query.per_page)
    catalog = load_catalog()
    return jsonify({"items": [certificate_json(c, catalog) for c in items], "total": total,
                    "page": query.page, "per_page": query.per_page,
                    "pages": -(-total // query.per_page)})


@bp.get("/certificates/<int:cert_id>")
def certificate(cert_id: int) -> Response:
    cert = read_certificate(services().registry.sessions, require(), cert_id)
    return jsonify(certificate_json(cert, load_catalog()))


@bp.post("/papers/<int:paper_id>/certificates")
def print_decision(paper_id: int) -> tuple[Response, int]:
    state, created = services().batches.for_decision(paper_id, require())
    resp = jsonify(with_links(state))
    resp.headers["Location"] = url_for("api_batches.status", batch_id=state["id"])
    return resp, 202 if created else 200


_CERTIFICATE = {"type": "object", "required": ["id", "register_number", "verify_code",
                                               "recipient", "award", "status"],
                "properties": {
                    "id": {"type": "integer"}, "agency": {"type": "string"},
                    "register_number": {"type": ["integer", "null"]},
                    "verify_code": {"type": "string"}, "recipient": {"type": "string"},
                    "unit": {"type": ["string", "null"]}, "award": {"type": "string"},
                    "award_name": {"type": "string"}, "title": {"type": "string"},
                    "issuer": {"type": "string"},
                    "decision": {"type": "object", "properties": {
                        "number": {"type": ["string", "null"]},
                        "date": {"type": ["string", "null"]},
                        "paper_id": {"type": ["integer", "null"],
                                     "description": "Quyết định trong sổ (nếu có)"},
                        "external": {"type": "boolean",
                                     "description": "Quyết định ngoài hệ thống"}}},
                    "date": {"type": "string"}, "batch_id": {"type": ["string", "null"]},
                    "status": {"type": "string",
                               "enum": ["pending", "issued", "cancelled", "revoked"]}}}
_CERTIFICATES = {"type": "object", "required": ["items", "total", "page", "per_page", "pages"],
                 "properties": {"items": {"type": "array", "items": _CERTIFICATE},
                                "total": {"type": "integer"}, "page": {"type": "integer"},
                                "per_page": {"type": "integer"}, "pages": {"type": "integer"}}}
_BOOK = {"type": "object", "required": ["book", "agency", "year", "columns", "rows"],
         "properties": {"book": {"type": "string", "enum": [OUTGOING, CERTIFICATES]},
                        "title": {"type": "string"}, "agency": {"type": "string"},
                        "agency_name": {"type": "string"}, "year": {"type": "integer"},
                        "columns": {"type": "array", "items": {"type": "object", "properties": {
                            "key": {"type": "string"}, "header": {"type": "string"}}}},
                        "rows": {"type": "array", "items": {"type": "object"}}}}
_BOOK_PARAM = [{"name": "book", "in": "path", "required": True,
                "description": "di: sổ văn bản đi; so-vang: sổ vàng",
                "schema": {"type": "string", "enum": [OUTGOING, CERTIFICATES]}}]
add_paths({
    "/api/v1/registers/{book}": {"get": {
        "summary": "Sổ đăng ký của một năm (văn bản đi, sổ vàng)", "operationId": "get_register",
        "parameters": [*_BOOK_PARAM, *query_parameters(BookQuery)],
        "responses": {"200": json_response("Các dòng của sổ", _BOOK),
                      "404": error("Không có sổ này, hoặc sổ của cơ quan khác")}}},
    "/api/v1/registers/{book}/export.{fmt}": {"get": {
        "summary": "Sổ đăng ký dạng tệp: XLSX, hoặc PDF khổ A4 ngang để in",
        "operationId": "register_file",
        "parameters": [*_BOOK_PARAM,
                       {"name": "fmt", "in": "path", "required": True,
                        "schema": {"type": "string", "enum": list(BOOK_FILES)}},
                       *query_parameters(BookQuery)],
        "responses": {"200": {"description": "Tệp", "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in BOOK_FILES.values()}},
            "404": error("Không có sổ này, hoặc sổ của cơ quan khác")}}},
    "/api/v1/certificates": {"get": {
        "summary": "Tìm bằng đã đăng ký vào sổ vàng", "operationId": "search_certificates",
        "parameters": query_parameters(CertificateQuery),
        "responses": {"200": json_response("Trang kết quả", _CERTIFICATES)}}},
    "/api/v1/certificates/{cert_id}": {"get": {
        "summary": "Một bằng trong sổ vàng", "operationId": "get_certificate",
        "responses": {"200": json_response("Bằng", _CERTIFICATE),
                      "404": error("Không có bằng này trong sổ vàng")}}},
    "/api/v1/papers/{paper_id}/certificates": {"post": {
        "summary": "In bằng cho một quyết định khen thưởng đã ban hành (một lô đăng ký sổ "
                   "vàng đúng những người trong quyết định; đóng dấu số nếu cơ quan đã cấu "
                   "hình); gọi lại trả về lô đã có",
        "operationId": "print_decision_certificates",
        "responses": {"202": json_response("Lô mới đã nhận", BATCH_SCHEMA),
                      "200": json_response("Lô đã có cho quyết định này", BATCH_SCHEMA),
                      "404": error("Không có văn bản này trong sổ"),
                      "409": error("Không phải quyết định khen thưởng đã ban hành, hoặc "
                                   "một lô khác đang in cho những người này"),
                      "422": error("Quyết định không in được bằng")}}},
})
