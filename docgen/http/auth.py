"""Sign-in for the pages and the API, wired into the app: Flask-Login sessions, Bearer
tokens, who-is-asking on every request (``g.docgen_actor``), deny-by-default access, CSRF
for API calls made with a session cookie, a rate-limited sign-in, and security headers.

Public without sign-in: views marked ``@public`` (sign-in page, verification page, health
checks), static files, and - only when ``open_render_api`` is set - the stateless render API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_talisman import Talisman

from docgen.errors import UnauthorizedError
from docgen.http.actor import current_actor
from docgen.http.context import services, settings
from docgen.http.extensions import csrf
from docgen.http.public_limits import TOO_MANY, is_public_endpoint, too_many_page
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import ROLE_LABELS, Perm, Role
from docgen.services.accounts.service import FIRST_ADMIN_HINT, AccountService, actor_of

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])

#: Sign-in attempts allowed, per client address and per login typed.
LOGIN_LIMITS = ("10 per minute", "50 per hour")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Content-Security-Policy: nothing inline runs, nothing is fetched from elsewhere, no one
#: frames the pages. Inline style attributes are allowed (layout only, no script).
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def public(view: F | None = None, *, when: str | None = None) -> Any:
    """Mark a view as open without sign-in (or only when the setting ``when`` is true)."""
    def mark(fn: F) -> F:
        fn.docgen_public = when or True  # type: ignore[attr-defined]
        return fn
    return mark(view) if view is not None else mark


def accounts(app: Flask | None = None) -> AccountService:
    """The account service of an app."""
    return services(app).accounts


class SessionUser(UserMixin):
    """What Flask-Login keeps for a signed-in browser: the user id and the actor."""

    def __init__(self, user_id: int, actor: Actor) -> None:
        self.id = user_id
        self.actor = actor


#: Endpoints read by programs, not people (a Prometheus scraper): like the API, a missing
#: token is a 401 there, not a redirect to the sign-in page a scraper would parse as data.
MACHINE_ENDPOINTS = frozenset({"ops.metrics"})


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _client_ip() -> str | None:
    return request.remote_addr


def _identify() -> ResponseReturnValue | None:
    """Who is asking, then whether they may reach this endpoint at all (fine-grained
    permissions are checked by the services)."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        user = accounts().user_by_token(secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise UnauthorizedError("mã truy cập (Bearer token) thiếu, sai, hết hạn hoặc đã "
                                    "bị thu hồi")
        g.docgen_actor, g.docgen_auth = actor_of(user, _client_ip()), "token"
    elif current_user.is_authenticated:
        g.docgen_actor, g.docgen_auth = current_user.actor, "session"
        # A browser calling the API with its cookie must prove the page is ours.
        if _is_api() and request.method not in SAFE_METHODS:
            csrf.protect()
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    mark = getattr(view, "docgen_public", False)
    if mark is True or (isinstance(mark, str) and getattr(settings(), mark, False)):
        return None
    if current_actor() is None:
        if (_is_api() or request.endpoint in MACHINE_ENDPOINTS
                or request.accept_mimetypes.best == "application/json"):
            raise UnauthorizedError("cần đăng nhập hoặc mã truy cập (Authorization: Bearer …)")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if target and target.startswith("/") and not target.startswith("//") and \
            not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    next_url = request.values.get("next")
    if request.method == "GET":
        if current_actor() is not None:
            return redirect(_safe_next(next_url))
        return render_template("login.html", next=next_url, error=None, login="",
                               first_run=None if accounts().has_users() else FIRST_ADMIN_HINT)
    login_name = (request.form.get("login") or "").strip().lower()
    user = accounts().authenticate(login_name, request.form.get("password") or "")
    if user is None:
        services().registry.record("login_failed", Actor(login=login_name[:60] or "-", name="",
                                                agency=None, ip=_client_ip()))
        current_app.logger.warning("sign-in failed for %r from %s", login_name[:60],
                                   _client_ip())
        return render_template("login.html", next=next_url, login=login_name,
                               error="Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị "
                                     "khóa."), 401
    session.clear()  # a fresh session on sign-in: no fixation
    actor = actor_of(user, _client_ip())
    login_user(SessionUser(user.id, actor))
    services().registry.record("login", actor)
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    actor = current_actor()
    if actor is not None:
        services().registry.record("logout", actor)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _too_many(_exc: Exception) -> ResponseReturnValue:
    message = ("Đăng nhập sai quá nhiều lần từ máy này; hãy đợi ít phút rồi thử lại.")
    if is_public_endpoint():
        if _is_api():
            return jsonify({"error": "TooManyRequests", "message": TOO_MANY}), 429
        return too_many_page(), 429
    if _is_api():
        return jsonify({"error": "TooManyRequests", "message": message}), 429
    return render_template("login.html", next=request.values.get("next"), login="",
                           error=message), 429


def init_auth(app: Flask) -> None:
    config = settings(app)
    https = config.public_base_url.startswith("https://")
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=https,
    )
    manager = LoginManager()
    manager.session_protection = "basic"

    @manager.user_loader
    def _load(user_id: str) -> SessionUser | None:
        # Read on every request, so a disabled account or a changed role counts at once.
        try:
            user = accounts(app).by_id(int(user_id))
        except ValueError:
            return None
        if user is None or not user.active:
            return None
        return SessionUser(user.id, actor_of(user, _client_ip()))

    manager.init_app(app)
    # One limiter per app: its counters are the app's own (storage from the settings).
    limiter = Limiter(get_remote_address, app=app, storage_uri=config.ratelimit_storage_uri,
                      default_limits=[], headers_enabled=True)
    app.extensions["docgen_limiter"] = limiter
    app.register_blueprint(bp)
    view: Callable[..., Any] = app.view_functions["auth.login"]
    for limit in LOGIN_LIMITS:
        view = limiter.limit(limit, methods=["POST"])(view)
    view = limiter.limit("20 per minute", methods=["POST"],
                         key_func=lambda: "login:" + (request.form.get("login") or "")
                         .strip().lower()[:60])(view)
    app.view_functions["auth.login"] = view
    app.register_error_handler(429, _too_many)
    app.before_request(_identify)
    Talisman(app, force_https=False, content_security_policy=CSP,
             frame_options="DENY", referrer_policy="strict-origin-when-cross-origin",
             session_cookie_secure=https, session_cookie_http_only=True,
             strict_transport_security=https)

    @app.context_processor
    def _who() -> dict[str, Any]:
        actor = current_actor()
        return {"actor": actor, "can": (lambda p: bool(actor and actor.can(Perm(p)))),
                "role_labels": {r.value: ROLE_LABELS[r] for r in Role}}
