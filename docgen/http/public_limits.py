"""Rate limits of the endpoints anyone may call without signing in: looking up a
verification code (``/verify/``, ``GET /verify/<code>``) and verifying an uploaded PDF
(``POST /verify/<code>``, ``POST /api/v1/verify``), counted per client address with the
app's Flask-Limiter (the sign-in's, ``docgen.http.auth``).

Without them one address tried 1,300 random codes at 250 a second, and a few uploads
held the server for minutes. Limits are settings (``verify_rate_limit``,
``verify_upload_rate_limit``); an upload made through the page and through the API
draws on one count, and so do the start page and a code's page, so switching between
them gains nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, render_template, request
from flask_limiter import Limiter

from docgen.http.context import settings

#: Shared counts of uploads to verify and of look-ups, whichever endpoint takes them.
UPLOAD_SCOPE = "verify-upload"
LOOKUP_SCOPE = "verify-lookup"
TOO_MANY = ("Quá nhiều yêu cầu tra cứu, kiểm tra từ máy này trong thời gian ngắn; "
            "hãy đợi ít phút rồi thử lại.")


def init_app(app: Flask) -> None:
    """Wrap the public views of ``app`` (after its blueprints are registered) in limits."""
    config = settings(app)
    limiter: Limiter = app.extensions["docgen_limiter"]
    uploads = limiter.shared_limit(config.verify_upload_rate_limit, scope=UPLOAD_SCOPE,
                                   methods=["POST"], error_message=TOO_MANY)
    lookups = limiter.shared_limit(config.verify_rate_limit, scope=LOOKUP_SCOPE,
                                   methods=["GET"], error_message=TOO_MANY)

    def wrap(endpoint: str, *limits: Callable[[Any], Any]) -> None:
        view = app.view_functions[endpoint]
        for limit in limits:
            view = limit(view)
        app.view_functions[endpoint] = view

    wrap("verify.start", lookups)
    wrap("verify.show", lookups, uploads)
    wrap("api_signing.verify", uploads)


def is_public_endpoint() -> bool:
    return (request.endpoint or "").startswith("verify.") or \
        request.endpoint == "api_signing.verify"


def too_many_page() -> str:
    """The verification page saying why it refused (no code, no upload checked)."""
    return render_template("verify.html", code=None, paper=None, check=None,
                           refused=TOO_MANY)
