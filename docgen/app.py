"""The Flask application factory: it only wires things (settings, extensions, blueprints,
error mapping). Nothing is built at import time."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from docgen.config import Settings
from docgen.errors import DocgenError, InputError
from docgen.extensions import csrf
from docgen.resources import data_dir


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    web = data_dir("web")
    app = Flask("docgen", template_folder=str(web / "templates"),
                static_folder=str(web / "static"), static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DOCGEN_SETTINGS=settings,
        # Flask refuses larger bodies with 413 before reading them; the JSON API applies
        # the tighter max_body_bytes itself.
        MAX_CONTENT_LENGTH=max(settings.max_body_bytes, settings.max_upload_bytes),
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # Keep the models' field order: the forms are drawn in the order of their JSON Schema.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    return app


def register_extensions(app: Flask) -> None:
    from docgen.accounts.web import init_auth

    csrf.init_app(app)
    init_auth(app)
    register_batches(app)


def register_batches(app: Flask) -> None:
    """The batch service with its store under the data folder and an in-process executor."""
    from docgen.jobs.executor import ThreadExecutor
    from docgen.jobs.service import BatchService
    from docgen.jobs.store import FileBatchStore

    settings: Settings = app.config["DOCGEN_SETTINGS"]
    from docgen.registry.wiring import registry

    service = BatchService(FileBatchStore(settings.data_dir / "batches"), None, settings,
                           registry=lambda: registry(app))
    service.executor = ThreadExecutor(service.execute)
    app.extensions["docgen_batches"] = service


def register_blueprints(app: Flask) -> None:
    from docgen.api.batches import bp as batches_bp
    from docgen.api.papers import bp as papers_bp
    from docgen.api.render import bp as render_bp
    from docgen.api.signing import bp as signing_bp
    from docgen.web.admin import bp as admin_bp
    from docgen.web.office import bp as office_bp
    from docgen.web.pages import bp as pages_bp
    from docgen.web.verify import bp as verify_bp

    for bp in (render_bp, batches_bp, papers_bp, signing_bp):
        csrf.exempt(bp)  # token-less API for integrators; the pages' forms carry CSRF tokens
        app.register_blueprint(bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(admin_bp)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _error_response(status: int, body: dict[str, Any]) -> tuple[Response, int] | tuple[str, int]:
    if _wants_json():
        return jsonify(body), status
    return render_template("error.html", status=status, body=body), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DocgenError)
    def _docgen_error(exc: DocgenError):  # type: ignore[no-untyped-def]
        response = _error_response(exc.status_code, exc.as_dict())
        if exc.status_code == 401:
            return (*response, {"WWW-Authenticate": 'Bearer realm="docgen"'})
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        messages = {
            404: "không tìm thấy",
            405: "phương thức không được hỗ trợ",
            413: "dữ liệu gửi lên quá lớn",
            400: "yêu cầu không hợp lệ",
        }
        msg = messages.get(exc.code or 500, exc.description or exc.name)
        if isinstance(exc, CSRFError):
            msg = ("thiếu hoặc sai mã chống giả mạo (CSRF): tải lại trang rồi thử lại; "
                   "chương trình gọi API hãy dùng Authorization: Bearer")
        return _error_response(exc.code or 500, {"error": exc.name, "message": msg})

    # InputError is a DocgenError; registered explicitly so its 422 body is kept whole.
    app.register_error_handler(InputError, _docgen_error)
