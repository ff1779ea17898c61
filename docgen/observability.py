"""What an operator sees of a running docgen: logs, metrics, health.

- Logging (standard ``logging``, one JSON object per line by default, python-json-logger):
  one line per request (``docgen.http``: method, path, endpoint, status, ms, user, request
  id), per job (``docgen.jobs``, through ``log_job``), per render (``docgen.render``), and
  every unexpected error with its traceback. Bodies, headers, query strings, passwords and
  tokens are never logged: a request line names the route, not what was sent.
- Metrics (prometheus-client) at ``GET /metrics``: request latency by endpoint (the route
  rule, so ``/api/v1/<kind>/render`` is one series, not one per kind typed in a URL),
  requests by status, render time by kind and format, jobs by outcome. Under gunicorn each
  process writes its samples to ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` adds them up.
- ``GET /healthz``: the process answers. ``/healthz`` and ``/readyz`` are public (an
  orchestrator probes them without an account; they tell nothing about the papers);
  ``/metrics`` needs a signed-in user or a Bearer token unless ``open_metrics`` is set. ``GET /readyz``: the database answers, the broker
  answers (when one is configured), the data folder is writable; 503 with the failing check
  otherwise, so a load balancer stops sending traffic to this process.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request

from docgen.accounts.web import public
from docgen.config import Settings

log = logging.getLogger("docgen")
http_log = logging.getLogger("docgen.http")
job_log = logging.getLogger("docgen.jobs")
render_log = logging.getLogger("docgen.render")
error_log = logging.getLogger("docgen.errors")

#: The id of the request being served, added to every log line written while serving it.
request_id: ContextVar[str | None] = ContextVar("docgen_request_id", default=None)

# Requests an orchestrator or scraper makes every few seconds: logged at DEBUG only, so they
# do not drown the lines an operator reads.
_QUIET_ENDPOINTS = {"ops.healthz", "ops.readyz", "ops.metrics", "static"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_URL_CREDENTIALS = re.compile(r"(\w+://)[^/@\s]*@")

# -- logging ---------------------------------------------------------------------------------


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send docgen's (and the libraries') log records to stderr, as JSON lines or text.

    Called once by the commands that run a service (``serve``, workers); a library user or
    a test keeps its own logging configuration.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    if settings.log_format == "text":
        formatter: logging.Formatter = logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    else:
        from pythonjsonlogger.json import JsonFormatter

        # "time": ISO 8601 in UTC with its offset (2026-12-02T03:16:52.141+00:00), which
        # every log store reads; asctime had no zone and a comma before the milliseconds.
        formatter = JsonFormatter("%(levelname)s %(name)s %(message)s",
                                  rename_fields={"levelname": "level", "name": "logger"},
                                  timestamp="time")
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    handler.set_name("docgen")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "docgen"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("docgen").setLevel(settings.log_level.upper())
    quiet_libraries()


def quiet_libraries() -> None:
    """Keep libraries' chatter out of the service's and the workers' logs: fontTools and
    WeasyPrint report every subset font, dropped table and unsupported CSS property at
    INFO/WARNING, several lines per paper; their errors still get through."""
    for noisy in ("fontTools", "weasyprint"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def log_job(job_id: str, *, kind: str, rows: int, ms: float, outcome: str,
            **fields: Any) -> None:
    """One line per finished job (a batch, a chunk of it, a large render) and its metrics.

    ``outcome`` is ``done``, ``failed``, ``retried`` or similar; ``fields`` adds facts worth
    a column (``agency``, ``user``, ``errors``), never input data.
    """
    level = logging.ERROR if outcome == "failed" else logging.INFO
    job_log.log(level, "job %s", outcome, extra={"job_id": job_id, "job_kind": kind,
                                                   "rows": rows, "ms": round(ms, 1),
                                                   "outcome": outcome, **fields})
    metrics().jobs.labels(kind, outcome).inc()
    metrics().job_time.labels(kind).observe(ms / 1000)


def safe_message(exc: BaseException) -> str:
    """An exception's message fit for a log or a readiness report: short, no credentials
    that a connection URL may carry."""
    return _URL_CREDENTIALS.sub(r"\1***@", f"{type(exc).__name__}: {exc}")[:300]


# -- metrics ---------------------------------------------------------------------------------


class _Metrics:
    """The process's metric objects (created on first use, after the multi-process folder
    is known: prometheus-client decides how to store values when the metric is made)."""

    def __init__(self) -> None:
        from prometheus_client import Counter, Histogram

        self.request_time = Histogram(
            "docgen_http_request_duration_seconds", "Time to answer a request",
            ["method", "endpoint"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
        self.requests = Counter("docgen_http_requests_total", "Requests answered",
                                ["method", "endpoint", "status"])
        self.render_time = Histogram(
            "docgen_render_duration_seconds", "Time to render a paper", ["kind", "format"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120))
        self.errors = Counter("docgen_unhandled_errors_total",
                              "Requests that failed with an unexpected error", ["endpoint"])
        self.jobs = Counter("docgen_jobs_total", "Jobs finished", ["kind", "outcome"])
        self.job_time = Histogram(
            "docgen_job_duration_seconds", "Time a job took", ["kind"],
            buckets=(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600))
        self.render_waiting = Counter(
            "docgen_render_refused_total", "Render requests refused: no free render slot")


_metrics: _Metrics | None = None
_metrics_lock = threading.Lock()


def metrics() -> _Metrics:
    global _metrics
    if _metrics is None:
        with _metrics_lock:  # two first requests at once must not register twice
            if _metrics is None:
                _metrics = _made_whole(_Metrics)
    return _metrics


def _made_whole(make: Callable[[], _Metrics]) -> _Metrics:
    """``make()``, or nothing of it: metrics registered before one of them failed (a
    multi-process folder gone, a disk full) are unregistered, so the next request tries
    again instead of failing for ever on the names already taken."""
    from prometheus_client import REGISTRY

    before = set(REGISTRY._collector_to_names)  # noqa: SLF001 - no public listing
    try:
        return make()
    except Exception:
        for collector in set(REGISTRY._collector_to_names) - before:  # noqa: SLF001
            REGISTRY.unregister(collector)
        raise


@contextmanager
def timed_render(kind: str, fmt: str) -> Iterator[None]:
    """Measure one render into ``docgen_render_duration_seconds{kind,format}``."""
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    metrics().render_time.labels(kind, fmt).observe(seconds)
    render_log.debug("rendered", extra={"kind": kind, "format": fmt,
                                        "ms": round(seconds * 1000, 1)})


def metrics_payload() -> tuple[bytes, str]:
    """The exposition text of this process, or of all gunicorn processes together."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    metrics()  # the series exist (at zero) from the first scrape on
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


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
    from docgen.accounts.identity import current_actor

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
    settings: Settings = current_app.config["DOCGEN_SETTINGS"]
    checks: dict[str, dict[str, Any]] = {}
    probes: list[tuple[str, Callable[[], str | None]]] = [
        ("database", lambda: _check_database(current_app)),
        ("storage", lambda: _check_storage(settings)),
    ]
    broker_url = getattr(settings, "broker_url", "")
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
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        url = app.config["DOCGEN_SETTINGS"].effective_database_url
        args = {"connect_timeout": 3} if url.startswith("postgresql") else {}
        engine = app.extensions["docgen_probe_engine"] = create_engine(
            url, poolclass=NullPool, connect_args=args)
    return engine


def _check_database(app: Flask) -> str | None:
    from sqlalchemy import text

    settings: Settings = app.config["DOCGEN_SETTINGS"]
    if not settings.database_url:
        # The default SQLite file lives in the data folder, which may not exist yet.
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    with _probe_engine(app).connect() as conn:
        conn.execute(text("SELECT 1"))
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
        Connection = None  # noqa: N806
    if Connection is not None:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return conn.transport_cls if isinstance(conn.transport_cls, str) else None
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    return "redis"
