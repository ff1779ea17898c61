"""What an operator sees of the running web service: request logs, metrics, health.

- Logging: one line per request (``docgen.http``: method, path, endpoint, status, ms, user,
  request id) and every unexpected error with its traceback; the lines of jobs and renders
  and the log format itself are ``docgen.telemetry``'s, shared with the other faces. Bodies, headers, query strings, passwords and
  tokens are never logged: a request line names the route, not what was sent.
- Metrics (prometheus-client) at ``GET /metrics``: request latency by endpoint (the route
  rule, so ``/api/v1/<kind>/render`` is one series, not one per kind typed in a URL),
  requests by status, render time by kind and format, jobs by outcome. Under gunicorn each
  process writes its samples to ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` adds them up.
- ``GET /healthz``: the process answers. ``/healthz`` and ``/readyz`` are public (an
  orchestrator probes them without an account; they tell nothing about the papers);
  ``/metrics`` needs a signed-in user or a Bearer token unless ``open_metrics`` is set. ``GET /readyz``: the database answers and can be written, the broker
  answers (when one is configured), the data folder is writable; 503 with the failing check
  otherwise, so a load balancer stops sending traffic to this process.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from docgen.config import Settings
from docgen.http.actor import current_actor
from docgen.http.auth import public
from docgen.http.context import services, settings
from docgen.services.registry.db import check_writable
from docgen.telemetry import metrics, metrics_payload, request_id, safe_message

log = logging.getLogger("docgen")
http_log = logging.getLogger("docgen.http")
error_log = logging.getLogger("docgen.errors")

# Requests an orchestrator or scraper makes every few seconds: logged at DEBUG only, so they
# do not drown the lines an operator reads.
_QUIET_ENDPOINTS = {"ops.healthz", "ops.readyz", "ops.metrics", "static"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# -- request hooks ---------------------------------------------------------------------------


def _endpoint() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "<unmatched>"


def init_app(app: Flask) -> None:
    """Request ids, one log line and metrics per request, the operations routes."""

    @app.before_request
    def _start() -> None:
        g.docgen_started = time.perf_counter()
        incoming = request.headers.get("X-Request-Id", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.docgen_request_id = rid
        g.docgen_request_token = request_id.set(rid)

    @app.after_request
    def _finish(response: Response) -> Response:
        started = g.pop("docgen_started", None)
        if started is None:  # a request that failed before our first hook ran
            return response
        seconds = time.perf_counter() - started
        endpoint = _endpoint()
        m = metrics()
        m.request_time.labels(request.method, endpoint).observe(seconds)
        m.requests.labels(request.method, endpoint, str(response.status_code)).inc()
        rid = g.get("docgen_request_id")
        if rid:
            response.headers["X-Request-Id"] = rid
        level = logging.DEBUG if request.endpoint in _QUIET_ENDPOINTS else logging.INFO
        if http_log.isEnabledFor(level):
            http_log.log(level, "%s %s %s", request.method, request.path, response.status_code,
                         extra={"method": request.method, "path": request.path,
                                "endpoint": endpoint, "status": response.status_code,
                                "ms": round(seconds * 1000, 1), "user": _user(),
                                "request_id": rid, "bytes": response.content_length})
        return response

    @app.teardown_request
    def _forget(_exc: BaseException | None) -> None:
        token = g.pop("docgen_request_token", None)
        if token is not None:
            request_id.reset(token)

    app.register_blueprint(bp)


def _user() -> str | None:
    actor = current_actor()
    return actor.login if actor is not None else None


def log_unexpected(exc: BaseException) -> None:
    """The log line (with traceback) and the metric of a request that failed unexpectedly."""
    endpoint = _endpoint()
    metrics().errors.labels(endpoint).inc()
    error_log.error("unexpected error in %s %s", request.method, request.path,
                    exc_info=(type(exc), exc, exc.__traceback__),
                    extra={"method": request.method, "path": request.path,
                           "endpoint": endpoint, "user": _user(),
                           "request_id": g.get("docgen_request_id")})


# -- health, readiness, metrics routes -------------------------------------------------------

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@public
def healthz() -> Response:
    return jsonify({"status": "ok", "pid": os.getpid()})


@bp.get("/readyz")
@public
def readyz() -> tuple[Response, int]:
    config = settings()
    checks: dict[str, dict[str, Any]] = {}
    probes: list[tuple[str, Callable[[], str | None]]] = [
        ("database", lambda: _check_database(current_app)),
        ("storage", lambda: _check_storage(config)),
    ]
    broker_url = config.broker_url
    if broker_url:
        probes.append(("broker", lambda: _check_broker(broker_url)))
    for name, probe in probes:
        start = time.perf_counter()
        try:
            detail = probe()
            checks[name] = {"ok": True}
            if detail:
                checks[name]["detail"] = detail
        except Exception as exc:  # any failure means "not ready"; the reason is reported
            checks[name] = {"ok": False, "error": safe_message(exc)}
            log.warning("readiness check %s failed: %s", name, safe_message(exc))
        checks[name]["ms"] = round((time.perf_counter() - start) * 1000, 1)
    ready = all(c["ok"] for c in checks.values())
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), (
        200 if ready else 503)


@bp.get("/metrics", endpoint="metrics")
@public(when="open_metrics")
def metrics_view() -> Response:
    payload, content_type = metrics_payload()
    return Response(payload, content_type=content_type)


def _probe_engine(app: Flask) -> Any:
    """A small engine of the app's database for the readiness probe only (no migrations;
    a short connect timeout so a dead server answers 503 quickly rather than hanging)."""
    engine = app.extensions.get("docgen_probe_engine")
    if engine is None:
        url = settings(app).effective_database_url
        args = {"connect_timeout": 3} if url.startswith("postgresql") else {}
        engine = app.extensions["docgen_probe_engine"] = create_engine(
            url, poolclass=NullPool, connect_args=args)
    return engine


def _check_database(app: Flask) -> str | None:
    config = settings(app)
    if not config.database_url:
        # The default SQLite file lives in the data folder, which may not exist yet.
        config.data_dir.mkdir(parents=True, exist_ok=True)
    with _probe_engine(app).connect() as conn:
        conn.execute(text("SELECT 1"))
    # It answers; now through the engine requests use: can it also be written?
    check_writable(services(app).engine)
    return _probe_engine(app).dialect.name


def _check_storage(settings: Settings) -> str | None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=settings.data_dir, prefix=".ready-") as fh:
        fh.write(b"ok")
        fh.flush()
    return None


def _check_broker(url: str) -> str | None:
    """PING the broker. Celery brings kombu (any broker); redis-py suffices for Redis."""
    try:
        from kombu import Connection
    except ImportError:
        pass
    else:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return conn.transport_cls if isinstance(conn.transport_cls, str) else None
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    return "redis"
