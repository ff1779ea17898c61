"""The composition root: everything docgen's use cases need, built once from ``Settings``.

Each face builds one ``Services`` and keeps it: the HTTP app on the app
(``docgen.http.context.services``), the command line for its run, a Celery worker per
process (after the fork). Nothing else builds an engine, a file store, the signing set-up
or a service, so a process has exactly one engine (migrated by Alembic once) and one
signing set-up (its keys loaded once).

Parts are built on first use: rendering from the command line or the stateless API opens
no database and loads no key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import Catalog, load_catalog, use_catalog
from docgen.config import Settings
from docgen.services.accounts.service import AccountService, password_hasher
from docgen.services.jobs.celery_app import MAIL
from docgen.services.jobs.executor import executor_for
from docgen.services.jobs.mail import Mailer
from docgen.services.jobs.pipeline import Jobs, heartbeat_interval
from docgen.services.jobs.service import BatchService
from docgen.services.jobs.store import BatchStore
from docgen.services.registry.db import make_engine, session_factory, upgrade
from docgen.services.registry.papers import Registry
from docgen.services.registry.signatures import PaperSigning, SignatureImages
from docgen.services.registry.storage import DiskStore
from docgen.services.registry.verification import BoundedVerifier
from docgen.services.rounds.service import RoundService
from docgen.services.scoring.service import ClusterService
from docgen.services.templates.service import TemplateService
from docgen.signing.config import SigningSetup


class Services:
    """The services of one process, each built once, on first use (thread-safe)."""

    __slots__ = ("settings", "_lock", "_parts")

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._parts: dict[str, Any] = {}
        # The catalog is a process setting like the log format: every layer that reads
        # it (validation, composers, registry) gets the configured one from here on.
        use_catalog(settings.catalog_path)

    def _once(self, name: str, build: Callable[[], Any]) -> Any:
        # Two request threads asking at once must never build two engines: the first
        # build happens under the lock, later reads find the part in the instance dict.
        with self._lock:
            if name not in self._parts:
                self._parts[name] = build()
            return self._parts[name]

    # -- resources ----------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The one engine of the registry database, upgraded to the newest schema."""

        def build() -> Engine:
            engine = make_engine(self.settings.effective_database_url)
            upgrade(engine)
            return engine

        return self._once("_engine", build)

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._once("_sessions", lambda: session_factory(self.engine))

    def catalog(self) -> Catalog:
        """The catalog in force (re-read when its file changes, see ``load_catalog``)."""
        return load_catalog()

    @property
    def signing(self) -> SigningSetup:
        """The agencies' signing set-up (``DOCGEN_SIGNING_CONFIG``), keys loaded once."""
        return self._once("_signing", lambda: SigningSetup.from_settings(self.settings))

    # -- services -----------------------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        """Papers: their life, numbers, files, signatures and verification."""
        return self._once("_registry", lambda: Registry(
            self.sessions, DiskStore(self.settings.data_dir / "files"),
            self.settings.public_base_url, signing=self.signing,
            notify=self.settings.mail_enabled, on_notice=self._mail_soon))

    @property
    def mailer(self) -> Mailer:
        """The sender of the outbox's e-mail (``DOCGEN_SMTP_*``; off without a host)."""
        return self._once("_mailer", lambda: Mailer(self.settings, lambda: self.sessions))

    def _mail_soon(self) -> None:
        """After a step's commit: the job queue sends its mail (a Celery task, or a thread
        of this process)."""
        if self.settings.broker_url:
            self.batches.executor.app.send_task(MAIL, queue=self.settings.job_queue)
        else:
            self.mailer.soon()

    @property
    def signature_images(self) -> SignatureImages:
        """The signature images leaders keep for their visible signatures."""
        return self._once("_images", lambda: SignatureImages(
            self.settings.data_dir / "signature-images"))

    @property
    def paper_signing(self) -> PaperSigning:
        """Leaders' and agencies' signatures on papers (one request, or two steps)."""
        return self._once("_paper_signing", lambda: PaperSigning(
            self.registry, self.signing, self.settings.data_dir / "signing-sessions",
            self.signature_images))

    @property
    def rounds(self) -> RoundService:
        """Commendation rounds: nominations by unit, the meeting and votes, the drafts."""
        return self._once("_rounds", lambda: RoundService(self.sessions, self.registry))

    @property
    def templates(self) -> TemplateService:
        """The agencies' templates: versions, the version in use, sharing, filling."""
        return self._once("_templates", lambda: TemplateService(self.sessions, self.registry))

    @property
    def clusters(self) -> ClusterService:
        """The clusters' scoring years: scoring, review, lock, meeting, papers."""
        return self._once("_clusters", lambda: ClusterService(self.sessions, self.registry))

    @property
    def verifier(self) -> BoundedVerifier:
        """Verification of uploaded PDFs for anyone, with its work bounded."""
        return self._once("_verifier", lambda: BoundedVerifier.from_settings(
            self.settings, self.signing.trust_roots))

    @property
    def accounts(self) -> AccountService:
        """Users, roles, passwords and API tokens."""
        return self._once("_accounts", lambda: AccountService(
            self.sessions, password_hasher(self.settings)))

    @property
    def batch_store(self) -> BatchStore:
        """Jobs' state in the database, their files under the data folder."""
        return self._once("_batch_store", lambda: BatchStore(
            self.settings, sessions=lambda: self.sessions))

    @property
    def jobs(self) -> Jobs:
        """The steps of a batch, as a worker process runs them."""
        return self._once("_jobs", lambda: Jobs(
            self.settings, self.batch_store, lambda: self.registry, signing=lambda: self.signing))

    @property
    def batches(self) -> BatchService:
        """Batches as a face asks for them: checked, queued, followed; run in this process
        or on Celery workers (``DOCGEN_BROKER_URL``). The face that runs in-process jobs
        starts its heartbeat (``batches.start()``)."""

        def build() -> BatchService:
            service = BatchService(self.batch_store, None, self.settings,
                                   registry=lambda: self.registry,
                                   signing=lambda: self.signing)
            service.executor = executor_for(self.settings, service.execute,
                                            self.batch_store.heartbeat,
                                            heartbeat_interval(self.settings))
            if self.settings.mail_enabled and hasattr(service.executor, "periodic"):
                # In-process: the heartbeat thread of each web process also sends the mail
                # due again (with Celery, the workers' sweeps do).
                service.executor.periodic.append(self.mailer.deliver_due)
            return service

        return self._once("_batches", build)

    def after_fork(self) -> None:
        """In a child process: drop the parent's pooled connections without closing them
        (they are the parent's), so this process opens its own (SQLAlchemy, "Using
        Connection Pools with Multiprocessing or os.fork()")."""
        with self._lock:
            engine = self._parts.get("_engine")
            if engine is not None:
                engine.dispose(close=False)

    def close(self) -> None:
        """Close the database connections (a test dropping its database, a shutdown)."""
        with self._lock:
            engine = self._parts.get("_engine")
            if engine is not None:
                engine.dispose()


def build(settings: Settings | None = None) -> Services:
    """The services of a process from ``settings`` (the environment's by default)."""
    return Services(settings or Settings.from_env())
