"""What an operator reads of any docgen process, whatever its face: log lines (one JSON
object per line by default, python-json-logger) and Prometheus metrics.

The web service, the command line's long runs and the Celery worker share these: a render
is timed into ``docgen_render_duration_seconds`` wherever it runs, a job writes one
``docgen.jobs`` line and its metrics wherever it ends. The HTTP face adds its own request
lines and routes on top (``docgen.http.observability``).

Bodies, headers, query strings, passwords and tokens are never logged.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from docgen.config import Settings

log = logging.getLogger("docgen")
job_log = logging.getLogger("docgen.jobs")
render_log = logging.getLogger("docgen.render")

#: The id of the request being served, added to every log line written while serving it
#: (set by the HTTP face; empty in workers and on the command line).
request_id: ContextVar[str | None] = ContextVar("docgen_request_id", default=None)

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

def prepare_metrics_dir() -> Path | None:
    """Set up the folder where a server's processes (gunicorn's workers, a Celery worker's
    pool) write their metrics, emptied for this run: the configured
    ``PROMETHEUS_MULTIPROC_DIR``, else a temporary folder (returned), removed when THIS
    process exits. Its forks leave through the same exit path when they are recycled or
    stopped; they must not remove the folder the others (and the next ones) still write to.

    Must be in the environment before prometheus-client is first imported (it chooses its
    storage then), so ``serve`` calls this first. Stale files of an earlier run would add
    a dead process's counts to the new ones, hence the wipe.
    """
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()
        return None
    path = Path(tempfile.mkdtemp(prefix="docgen-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    owner = os.getpid()

    def _remove() -> None:
        if os.getpid() == owner:
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(_remove)
    return path
