"""Sign-in for the pages and the API, wired into the app: Flask-Login sessions, Bearer
tokens, who-is-asking on every request (``g.docgen_actor``), deny-by-default access, CSRF
for API calls made with a session cookie, a rate-limited sign-in, and security headers.

A session is worth something only while it is the user's current one and in use: the
cookie carries the user's ``session_version`` (raised on sign-out, a new password and
disabling), when it signed in and when it was last used; past the idle timeout or the
longest session (settings) it signs in again. Sign-in attempts are counted per login and
address and per address in a store every server process shares (the database by
default); failures on one login from anywhere slow its next attempts down rather than
lock its owner out. Whatever a signed-in user is answered is ``Cache-Control: no-store``.

Public without sign-in: views marked ``@public`` (sign-in page, verification page, health
checks), static files, and - only when ``open_render_api`` is set - the stateless render API.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
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
from docgen.services.accounts.ratelimits import DATABASE_URI
from docgen.services.accounts.service import FIRST_ADMIN_HINT, AccountService, actor_of

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])

#: Sign-in attempts allowed for one login from one address (a person mistyping, or one
#: machine guessing): past them, 429 for that login from that address only.
LOGIN_LIMITS = ("10 per minute", "50 per hour")
#: Sign-in attempts allowed from one address whatever the login (one machine trying many
#: logins); above the per-login figure, so an office behind one address is not locked out
#: by one person's typing.
ADDRESS_LIMITS = ("30 per minute", "200 per hour")
#: Failed sign-ins on one login from every address together: past ``SLOW_AFTER`` in
#: ``FAILURE_WINDOW_S``, each attempt on the login waits ``SLOW_STEP_S`` more per failure,
#: up to ``SLOW_MAX_S`` - slower guessing, never a locked-out owner.
FAILURE_WINDOW_S = 15 * 60
SLOW_AFTER = 10
SLOW_STEP_S = 0.5
SLOW_MAX_S = 5.0
#: Session keys: the user's session version, when it signed in, when it was last used.
_VERSION, _SINCE, _SEEN = "docgen_sv", "docgen_since", "docgen_seen"
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
        actor = accounts().actor_by_token(secret.strip(), _client_ip()) \
            if scheme.lower() == "bearer" else None
        if actor is None:
            raise UnauthorizedError("mã truy cập (Bearer token) thiếu, sai, hết hạn hoặc đã "
                                    "bị thu hồi")
        g.docgen_actor, g.docgen_auth = actor, "token"
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
    login_name = _typed_login()
    _slow_down(login_name)
    user = accounts().authenticate(login_name, request.form.get("password") or "")
    if user is None:
        _limiter().storage.incr(_failures_key(login_name), FAILURE_WINDOW_S)
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
    session[_VERSION] = user.session_version
    session[_SINCE] = session[_SEEN] = int(_clock())
    services().registry.record("login", actor)
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    actor = current_actor()
    if actor is not None:
        services().registry.record("logout", actor)
        if actor.user_id is not None and g.get("docgen_auth") == "session":
            # A copy of this cookie (or of any other of the user's) is worth nothing now.
            accounts().end_sessions(actor.user_id)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _clock() -> float:
    """Seconds since the epoch (a function, so tests can move time on)."""
    return time.time()


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def _typed_login() -> str:
    return (request.form.get("login") or "").strip().lower()[:60]


def _login_and_address() -> str:
    return f"login:{_typed_login()}@{get_remote_address()}"


def _failures_key(login: str) -> str:
    return f"docgen/login-failures/{login}"


def _limiter() -> Limiter:
    limiter: Limiter = current_app.extensions["docgen_limiter"]
    return limiter


def _slow_down(login: str) -> None:
    """Wait before checking the password of a login guessed at from anywhere lately."""
    failures = _limiter().storage.get(_failures_key(login))
    if failures > SLOW_AFTER:
        _pause(min(SLOW_MAX_S, SLOW_STEP_S * (failures - SLOW_AFTER)))


def _session_alive(user: Any, config: Any) -> bool:
    """Is this browser's session still the user's current one, used lately, not too old?"""
    now = _clock()
    try:
        version, since, seen = int(session[_VERSION]), float(session[_SINCE]), \
            float(session[_SEEN])
    except (KeyError, TypeError, ValueError):
        return False  # a cookie from before session versions: sign in again
    if version != user.session_version or now - seen > config.session_idle_minutes * 60 \
            or now - since > config.session_max_hours * 3600:
        return False
    if now - seen > 60:  # rewritten at most once a minute: not a new cookie per request
        session[_SEEN] = int(now)
    return True


def _no_store(response: Response) -> Response:
    """What a signed-in user is shown (pages, files, API answers) stays out of every cache:
    a shared computer's browser, a proxy."""
    if g.get("docgen_actor") is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


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
        # Flask's cookie signature: no session cookie is accepted past the longest session.
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config.session_max_hours),
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
        if user is None or not user.active or not _session_alive(user, config):
            return None
        return SessionUser(user.id, actor_of(user, _client_ip()))

    manager.init_app(app)
    # One limiter per app: its counters are the app's own (storage from the settings).
    # The default store is docgen's database: every process of the server counts the
    # same attempts without another service to run.
    storage_uri = config.ratelimit_storage_uri or DATABASE_URI
    options: dict[str, Any] = {"sessions": lambda: services(app).sessions} \
        if storage_uri == DATABASE_URI else {}
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage_uri,
                      storage_options=options, default_limits=[], headers_enabled=True)
    app.extensions["docgen_limiter"] = limiter
    app.register_blueprint(bp)
    view: Callable[..., Any] = app.view_functions["auth.login"]
    for limit in ADDRESS_LIMITS:
        view = limiter.limit(limit, methods=["POST"])(view)
    for limit in LOGIN_LIMITS:
        view = limiter.limit(limit, methods=["POST"], key_func=_login_and_address)(view)
    app.view_functions["auth.login"] = view
    app.register_error_handler(429, _too_many)
    app.before_request(_identify)
    app.after_request(_no_store)
    Talisman(app, force_https=False, content_security_policy=CSP,
             frame_options="DENY", referrer_policy="strict-origin-when-cross-origin",
             session_cookie_secure=https, session_cookie_http_only=True,
             strict_transport_security=https)

    @app.context_processor
    def _who() -> dict[str, Any]:
        actor = current_actor()
        return {"actor": actor, "can": (lambda p: bool(actor and actor.can(Perm(p)))),
                "role_labels": {r.value: ROLE_LABELS[r] for r in Role}}
