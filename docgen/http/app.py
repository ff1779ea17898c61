"""The Flask application factory: it only wires things (settings, extensions, blueprints,
error mapping). Nothing is built at import time."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from docgen.config import Settings
from docgen.errors import BusyError, DocgenError, InputError
from docgen.http import observability, public_limits, render_slots
from docgen.http.api.batches import bp as batches_bp
from docgen.http.api.clusters import bp as clusters_bp
from docgen.http.api.figures import bp as figures_bp
from docgen.http.api.papers import bp as papers_bp
from docgen.http.api.registers import bp as registers_bp
from docgen.http.api.render import bp as render_bp
from docgen.http.api.rounds import bp as rounds_bp
from docgen.http.api.scoring import bp as scoring_bp
from docgen.http.api.signing import bp as signing_bp
from docgen.http.api.templates import bp as api_templates_bp
from docgen.http.auth import init_auth
from docgen.http.context import EXTENSION, services
from docgen.http.extensions import csrf
from docgen.http.observability import log_unexpected
from docgen.http.web.admin import bp as admin_bp
from docgen.http.web.clusters import bp as clusters_web_bp
from docgen.http.web.office import bp as office_bp
from docgen.http.web.pages import bp as pages_bp
from docgen.http.web.printing import bp as printing_bp
from docgen.http.web.rounds import bp as rounds_web_bp
from docgen.http.web.signing import bp as office_signing_bp
from docgen.http.web.templates import bp as templates_bp
from docgen.http.web.verify import bp as verify_bp
from docgen.resources import data_dir
from docgen.services.registry.db import is_busy, is_unavailable
from docgen.services.root import Services

log = logging.getLogger("docgen.app")


def create_app(settings: Settings | None = None) -> Flask:
    """The web service of ``settings`` (the environment's by default), with its services
    built by the composition root and kept on the app."""
    # Every process of one installation shares the secret key (persisted on first run).
    settings = (settings or Settings.from_env()).with_secret_key()
    web = data_dir("web")
    app = Flask("docgen", template_folder=str(web / "templates"),
                static_folder=str(web / "static"), static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        # Flask refuses larger bodies with 413 before reading them; the JSON API applies
        # the tighter max_body_bytes itself.
        MAX_CONTENT_LENGTH=max(settings.max_body_bytes, settings.max_upload_bytes),
        JSON_AS_ASCII=False,
    )
    # No automatic OPTIONS answers: docgen serves no cross-origin callers, and a method a
    # route does not list is a 405 with its Allow header, as the OpenAPI document says.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # Keep the models' field order: the forms are drawn in the order of their JSON Schema.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION] = Services(settings)
    register_extensions(app)
    register_blueprints(app)
    public_limits.init_app(app)  # wraps views: after the blueprints
    register_error_handlers(app)
    return app


def register_extensions(app: Flask) -> None:
    observability.init_app(app)  # first: the request id and timing cover sign-in checks too
    render_slots.init_app(app, services(app).settings)
    csrf.init_app(app)
    init_auth(app)
    # Heartbeats and adoption of in-process jobs from now on, not from the first job: a
    # restarted server resumes the batches its previous run left unfinished by itself.
    services(app).batches.start()


def register_blueprints(app: Flask) -> None:
    for bp in (render_bp, batches_bp, papers_bp, signing_bp, scoring_bp, rounds_bp,
               api_templates_bp, registers_bp, figures_bp, clusters_bp):
        csrf.exempt(bp)  # token-less API for integrators; the pages' forms carry CSRF tokens
        app.register_blueprint(bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(printing_bp)
    app.register_blueprint(office_signing_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(templates_bp)
    app.register_blueprint(rounds_web_bp)
    app.register_blueprint(clusters_web_bp)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _error_response(status: int, body: dict[str, Any]) -> Response:
    if _wants_json():
        return make_response(jsonify(body), status)
    return make_response(render_template("error.html", status=status, body=body), status)


def _server_error(status: int) -> Response:
    return _error_response(status, {
        "error": "InternalServerError" if status == 500 else "ServerError",
        "message": "Lỗi máy chủ: yêu cầu chưa thực hiện được. Lỗi đã được ghi lại; "
                   "khi báo cho quản trị viên, xin gửi kèm mã tham chiếu.",
        "request_id": g.get("docgen_request_id")})


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DocgenError)
    def _docgen_error(exc: DocgenError):
        if exc.status_code == 500:  # a render or template failure: a bug to look at
            log_unexpected(exc)
        response = _error_response(exc.status_code, exc.as_dict())
        if isinstance(exc, BusyError):
            response.headers["Retry-After"] = str(exc.retry_after_s)
        if exc.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="docgen"'
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        messages = {
            404: "không tìm thấy",
            405: "phương thức không được hỗ trợ",
            413: "dữ liệu gửi lên quá lớn",
            400: "yêu cầu không hợp lệ",
        }
        code = exc.code or 500
        if code >= 500:
            log_unexpected(exc)
            return _server_error(code)
        msg = messages.get(code, exc.description or exc.name)
        if isinstance(exc, CSRFError):
            msg = ("thiếu hoặc sai mã chống giả mạo (CSRF): tải lại trang rồi thử lại; "
                   "chương trình gọi API hãy dùng Authorization: Bearer")
        response = _error_response(code, {"error": exc.name, "message": msg})
        # Keep the headers the exception carries: the Allow list of a 405 (RFC 9110 §15.5.6).
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(DBAPIError)
    def _database_error(exc: DBAPIError):
        if is_unavailable(exc):
            # An outage, not a bug: the engine dropped its connections and the next
            # request opens the database afresh; nothing was written meanwhile.
            log.warning("database cannot be written, request refused with 503: %s", exc.orig)
            return _docgen_error(BusyError(
                "cơ sở dữ liệu tạm thời không ghi được (chỉ đọc, đầy đĩa hoặc mất kết nối); "
                "chưa có gì thay đổi, xin thử lại sau ít phút hoặc báo quản trị", 30))
        if not is_busy(exc):
            log_unexpected(exc)
            return _server_error(500)
        # Other writers held the database past the wait (a burst of issues on SQLite):
        # the transaction was rolled back whole, nothing is lost; the client retries.
        log.warning("database busy, request refused with 503: %s", exc.orig)
        return _docgen_error(BusyError("cơ sở dữ liệu đang bận ghi cho yêu cầu khác; "
                                       "chưa có gì thay đổi, xin thử lại sau ít giây"))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # A bug or a failing dependency: the traceback goes to the log (never to the
        # client), the client gets a short Vietnamese message and the request id to quote.
        log_unexpected(exc)
        return _server_error(500)

    # InputError is a DocgenError; registered explicitly so its 422 body is kept whole.
    app.register_error_handler(InputError, _docgen_error)
