"""The Celery app of a docgen worker: ``celery -A docgen.worker worker -Q docgen``
(or ``docgen worker``). Settings come from the environment, as for the web service;
the worker's processes die with it, and so do their children (no orphaned renders); each
pool process also sweeps for the chunks of workers that died (``start_recovery``).

With ``DOCGEN_WORKER_METRICS=host:port`` the worker serves Prometheus metrics there: its
pool processes (where jobs run and papers render) write their samples to a shared folder,
as gunicorn's processes do, and the main process adds them up for each scrape."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery.signals import setup_logging, worker_process_init, worker_process_shutdown, worker_ready

from docgen.config import Settings
from docgen.render.processes import die_with_parent
from docgen.services.jobs.celery_app import make_celery, register_tasks, start_recovery
from docgen.services.root import Services
from docgen.telemetry import configure_logging, prepare_metrics_dir, quiet_libraries

settings = Settings.from_env()
if settings.worker_metrics_address:
    # Before prometheus-client is first imported: it picks its storage then.
    prepare_metrics_dir()
quiet_libraries()  # a worker's log is for jobs
#: The worker's composition root. Its parts are built on first use, which is in each pool
#: process after the fork: every process has its own engine and keys.
services = Services(settings)
app = make_celery(settings)
register_tasks(app, settings, lambda: services.jobs, lambda: services.mailer)


@setup_logging.connect
def _logging(loglevel: Any = None, **_: Any) -> None:
    # The worker logs like the web service (DOCGEN_LOG_FORMAT, JSON lines by default, with
    # the jobs' fields) instead of Celery's own text format, which drops them. Celery's
    # lines (task received, worker ready) keep the level given by ``-l``.
    configure_logging(settings)
    logging.getLogger("celery").setLevel(loglevel or logging.INFO)


@worker_process_init.connect
def _child_started(**_: Any) -> None:
    # A pool process killed with its parent: a kill -9 of the worker leaves no render
    # running on (its task is redelivered to another worker instead).
    die_with_parent(os.getppid())
    # Every pool process sweeps for the chunks of dead workers (docgen.services.jobs
    # .recovery): whichever worker is alive queues them again within a lease or so.
    start_recovery(app, settings, lambda: services.jobs, lambda: services.mailer)


@worker_ready.connect
def _serve_metrics(**_: Any) -> None:
    address = settings.worker_metrics_address
    if address is None:
        return
    from prometheus_client import CollectorRegistry, multiprocess, start_http_server

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(address[1], addr=address[0], registry=registry)
    logging.getLogger("docgen.jobs").info(
        "worker metrics served", extra={"address": f"{address[0]}:{address[1]}"})


@worker_process_shutdown.connect
def _child_ended(**_: Any) -> None:
    # A dead process's live gauges must not be reported any more (prometheus-client docs).
    if settings.worker_metrics_address is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())

