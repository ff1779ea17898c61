"""Running the web service: one waitress process, or gunicorn with several processes.

Why gunicorn for ``--workers N``: rendering a PDF is pure-Python layout (WeasyPrint) that
holds the interpreter lock, so threads of one process cannot use a second core; processes
can. gunicorn is the standard pre-fork WSGI server and gives what an operator needs and
waitress lacks: a master that restarts dead workers, a worker timeout (a process stuck
longer than ``web_timeout_s`` is killed and replaced), recycling after ``max_requests``
(WeasyPrint, Pango and fontconfig caches only grow, so each process is replaced after a
bounded number of requests, with jitter so they do not all restart at once), graceful
reload on SIGHUP and shutdown on SIGTERM. Workers are ``gthread``: each has several
threads, while renders take one of the process's render slots (``render_slots``), so a
process busy rendering still has threads free to answer pages, ``/healthz`` and the
batch status polls.

One process (the default, ``scripts/run``) stays on waitress: no fork, fine for one office.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.http.context import services
from docgen.kinds import KINDS, get_kind
from docgen.resources import data_dir
from docgen.service import compose_paper
from docgen.telemetry import prepare_metrics_dir

log = logging.getLogger("docgen.serve")

# -- servers ---------------------------------------------------------------------------------




def serve_waitress(settings: Settings, host: str, port: int, threads: int) -> None:
    """One process, several threads (waitress)."""
    from waitress import serve


    serve(create_app(settings), host=host, port=port, threads=threads,
          # waitress's own access-less logger; our request lines come from the app
          ident="docgen")


def gunicorn_options(settings: Settings, host: str, port: int, workers: int,
                     threads: int) -> dict[str, Any]:
    """gunicorn settings for docgen (see the module docstring for the why of each)."""
    max_requests = settings.web_max_requests
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": settings.web_timeout_s,
        "graceful_timeout": 30,
        "keepalive": 5,
        "max_requests": max_requests,
        "max_requests_jitter": max(1, max_requests // 10) if max_requests else 0,
        # The app and its imports (WeasyPrint, pydantic models) are loaded once in the
        # master and shared copy-on-write; a recycled worker starts warm at once.
        "preload_app": True,
        "accesslog": None,  # docgen logs each request itself (with route, user and timing)
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "proc_name": "docgen",
        "child_exit": _child_exit,
        "post_fork": _post_fork,
    }


def _child_exit(_server: Any, worker: Any) -> None:
    # A dead worker's live gauges must not be reported any more (prometheus-client docs).
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def _post_fork(server: Any, _worker: Any) -> None:
    # Each worker gets its own connections: a pool inherited from the master would share
    # sockets between processes. The preloaded app's services forget any connection the
    # master opened (SQLAlchemy's advice for forks), so the worker opens its own.
    services(server.app.wsgi()).after_fork()


def serve_gunicorn(settings: Settings, host: str, port: int, workers: int,
                   threads: int) -> None:
    """Several processes (gunicorn, gthread workers) in front of one app module."""
    prepare_metrics_dir()
    from gunicorn.app.base import BaseApplication


    options = gunicorn_options(settings, host, port, workers, threads)

    class DocgenServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            if "control_socket_disable" in self.cfg.settings:
                # gunicorn >= 24 opens a control socket in the home folder by default;
                # docgen is managed by signals (HUP, TERM) and needs no second way in.
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            app = create_app(settings)
            # The master runs no job: each worker starts its own heartbeat and adoption
            # thread when it is forked (a thread is not inherited by a fork).
            executor = services(app).batches.executor
            if hasattr(executor, "in_children_only"):
                executor.in_children_only()
            _warm_up()
            return app

    DocgenServer().run()


def _warm_up() -> None:
    """Render each sample paper once in the master: the stylesheet is parsed, the fonts are
    configured, the DOCX template compiled and the catalog loaded before the fork, so every
    worker (also a recycled one) renders at full speed from its first request. Certificate
    PDFs are left out: they start a fork server, which must not be inherited."""
    for kind in (k.name for k in KINDS.values() if k.warm_up):
        try:
            payload = json.loads((data_dir("samples") / f"{kind}.json").read_text("utf-8"))
            document = compose_paper(kind, payload)
            for fmt in ("docx", "pdf"):  # the renderers themselves: no metrics for these
                get_kind(kind).renderer(fmt)(document)
        except Exception:  # a warm-up failure slows the first request; it must not stop us
            log.exception("warm-up render of %s failed", kind)
