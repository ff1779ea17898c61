"""Fixtures shared by the whole suite: the sample inputs, the catalog, the Flask app and
its test client, and helpers that read the text of the files docgen writes."""

from __future__ import annotations

import copy
import json
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import docgen.vn.dates
from docgen.catalog import Catalog, load_catalog, use_catalog
from docgen.compose.document import Document
from docgen.config import Settings
from docgen.http.app import create_app
from docgen.service import compose_paper
from docgen.services.registry.db import make_engine, session_factory, upgrade
from docgen.services.registry.papers import Registry
from docgen.services.registry.storage import DiskStore
from tests.helpers import PAPER_KINDS, SAMPLES

#: Markers of tests that need a server or program CI has; there they must run, not skip.
REQUIRED_ON_CI = ("postgres", "redis", "browser")
_skipped_required: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and any(m in report.keywords for m in REQUIRED_ON_CI):
        _skipped_required.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On CI (``CI=true``), a skipped PostgreSQL, Redis or browser test fails the run: CI's
    machine has all three, so a skip there means a test silently did not run."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") and _skipped_required:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"CI: {len(_skipped_required)} test(s) needing PostgreSQL, "
                                "Redis or Chromium were skipped:", red=True)
            for nodeid in _skipped_required[:20]:
                reporter.write_line(f"  {nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


#: Fixtures that start a program of their own for each use (LibreOffice laying out a DOCX):
#: a test that uses one is ``slow``, so the quick lane (``scripts/test --quick``) leaves it out.
SLOW_FIXTURES = frozenset({"libreoffice_pdf"})


#: Tests that share one server of the suite run in one pytest-xdist process
#: (``--dist loadgroup``): the Redis tests share the broker's databases 14 and 15. The
#: browser tests are grouped by module like the others: each process starts its own
#: Chromium and live docgen (session fixtures), so the pages' modules spread over both.
SHARED_GROUPS = (("redis", "redis"),)


def xdist_group(item: pytest.Item) -> str:
    """The pytest-xdist group a test runs in: its shared server's, else its module's (a
    module's fixtures are then made once, as under ``--dist loadscope``)."""
    for marker, group in SHARED_GROUPS:
        if item.get_closest_marker(marker) is not None:
            return group
    if item.nodeid.startswith("tests/jobs/"):
        return "redis"
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker, and before xdist groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(xdist_group(item)))


def load_sample(kind: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample() -> Callable[[str], dict[str, Any]]:
    """A fresh, mutable copy of a sample input: ``sample("award-decision")``."""
    cache: dict[str, dict[str, Any]] = {}

    def get(kind: str) -> dict[str, Any]:
        if kind not in cache:
            cache[kind] = load_sample(kind)
        return copy.deepcopy(cache[kind])

    return get


class Clock:
    """docgen's clock as the tests see it: the one home of "today" in the suite.

    ``clock.today()`` is the date in Vietnam now, the date every page, service and paper
    uses (``docgen.vn.dates.today``); a test compares with it, never with the machine's
    ``date.today()``, which is yesterday between 17:00 and 24:00 UTC. ``clock.at(instant)``
    stops docgen's clock at an instant for the rest of the test (threads serving the app in
    this process see it too; processes the test starts do not)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def today(self) -> date:
        return docgen.vn.dates.today()

    def at(self, instant: datetime) -> None:
        class Stopped(datetime):
            @classmethod
            def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
                return instant.astimezone(tz)

        self._monkeypatch.setattr(docgen.vn.dates, "datetime", Stopped)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """See ``Clock``: ``clock.today()``, ``clock.at(datetime(2026, 12, 1, 23, 30,
    tzinfo=UTC))``."""
    return Clock(monkeypatch)


@pytest.fixture
def clock_at(clock: Clock) -> Callable[[datetime], None]:
    """``clock.at`` under the name older tests use: ``clock_at(datetime(...))``."""
    return clock.at


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


#: argon2id at its cheapest (1 pass, 8 KiB, 1 lane): the suite hashes a password for every
#: test user and checks one at every sign-in, ~0.25 s each at production's cost (the
#: ``Settings`` defaults, which tests/accounts checks are still what is shipped).
CHEAP_HASHING: dict[str, Any] = {"password_hash_time_cost": 1, "password_hash_memory_cost": 8,
                                 "password_hash_parallelism": 1}


def pytest_configure(config: pytest.Config) -> None:
    # Processes the tests start (docgen users, servers, workers) and Settings.from_env()
    # read the same cheap cost from the environment.
    for name, value in CHEAP_HASHING.items():
        os.environ.setdefault(f"DOCGEN_{name.upper()}", str(value))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite registry database migrated to the newest revision by Alembic, once per
    run: a test that needs a fresh database gets a copy (``db_url``, ``new_settings``), about a
    millisecond, instead of running every migration again (~0.4 s)."""
    path = tmp_path_factory.mktemp("migrated") / "registry.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection closing checkpoints the WAL into the file
    return path


def copy_migrated(migrated: Path, url: str) -> str:
    """Make the SQLite database of ``url`` a copy of ``migrated``; the URL back."""
    path = Path(url.split("///", 1)[1])
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated, path)
    return url


def new_settings(folder: Path, migrated: Path, **more: Any) -> Settings:
    """An app's settings (and ``more`` of them) on a fresh data folder under ``folder``
    whose registry database is a copy of ``migrated`` (the ``migrated_sqlite`` database)."""
    made = Settings(data_dir=folder / "data", secret_key="test-secret",
                    max_body_bytes=512 * 1024, **CHEAP_HASHING, **more)
    copy_migrated(migrated, made.effective_database_url)
    return made


def build_app(settings: Settings):  # type: ignore[no-untyped-def]
    """The HTTP application of ``settings`` in Flask's testing mode."""
    app = create_app(settings)
    app.config.update(TESTING=True)
    return app


def token_client(app, login: str, roles: list[str] | tuple[str, ...],  # type: ignore[no-untyped-def]
                 agency: str):
    """A test client acting with the API token of a new user ``login``."""
    from docgen.http.auth import accounts

    accounts(app).add_user(login, f"Cán bộ {login}", agency, list(roles), TEST_PASSWORD)
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + accounts(app).issue_token(login).secret
    c.login = login
    return c


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    """An app's settings on a fresh data folder whose registry database is already migrated."""
    return new_settings(tmp_path, migrated_sqlite)


@pytest.fixture(autouse=True)
def _packaged_catalog() -> Iterator[None]:
    """An app built with a catalog of its own makes it the process's (as a server does);
    the next test starts from the environment's again."""
    yield
    use_catalog(None)


@pytest.fixture(autouse=True)
def _stop_job_threads() -> Iterator[None]:
    """Each app's heartbeat thread adopts lost jobs: it must not outlive its test and
    take over another test's jobs."""
    yield
    executor = sys.modules.get("docgen.services.jobs.executor")
    for live in list(getattr(executor, "_LIVE", ())):
        live.stop_loop()


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    return build_app(settings)


#: A password long enough for the account rules, used by every test user.
TEST_PASSWORD = "mat-khau-thu-nghiem"

#: The roles of ``client``: one client can take a paper through its whole life.
ALL_OFFICE_ROLES = ("clerk", "leader", "records")


@pytest.fixture
def make_user(app):  # type: ignore[no-untyped-def]
    """Create a user: ``make_user("lan", ["clerk"], "VKSHY")`` -> the login."""
    from docgen.http.auth import accounts

    def make(login: str, roles: list[str] | tuple[str, ...] = ("clerk",),
             agency: str = "VKSHY", password: str = TEST_PASSWORD) -> str:
        accounts(app).add_user(login, f"Cán bộ {login}", agency, list(roles), password)
        return login

    return make


@pytest.fixture
def client_as(app):  # type: ignore[no-untyped-def]
    """A test client acting with a new user's API token:
    ``client_as(["leader"], "VKSTC")``."""
    counter = iter(range(1, 10_000))

    def make(roles: list[str] | tuple[str, ...] = ALL_OFFICE_ROLES,
             agency: str = "VKSHY", login: str | None = None):  # type: ignore[no-untyped-def]
        return token_client(app, login or f"u{next(counter)}-{'-'.join(roles)}", roles, agency)

    return make


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path):  # type: ignore[no-untyped-def]
    """A client like ``client`` on one app for the whole module, for tests that only
    render or read (they store nothing another test could see): building an app, its
    user and token costs ~0.15 s, more than most such tests."""
    app = build_app(new_settings(tmp_path_factory.mktemp("shared"), migrated_sqlite))
    return token_client(app, "shared", ALL_OFFICE_ROLES, "VKSHY")


@pytest.fixture
def client(client_as):  # type: ignore[no-untyped-def]
    """A client of VKS Hưng Yên (the award-decision sample's agency) holding the clerk,
    leader and records roles, so one client can take a paper through its whole life."""
    return client_as()


@pytest.fixture
def anon(app):  # type: ignore[no-untyped-def]
    """A client nobody signed in to."""
    return app.test_client()


def compose_sample(kind: str) -> Document:
    return compose_paper(kind, json.loads((SAMPLES / f"{kind}.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def documents() -> dict[str, Document]:
    return {kind: compose_sample(kind) for kind in PAPER_KINDS}


@pytest.fixture(scope="session")
def docx_files(documents) -> dict[str, bytes]:
    """The DOCX of every sample paper, rendered once per session (read-only)."""
    from docgen.render import docx as docx_renderer

    return {kind: docx_renderer.render(doc) for kind, doc in documents.items()}


@pytest.fixture(scope="session")
def pdf_files(documents) -> dict[str, bytes]:
    """The PDF of every sample paper, rendered once per session (read-only)."""
    from docgen.render import pdf as pdf_renderer

    return {kind: pdf_renderer.render(doc) for kind, doc in documents.items()}


@pytest.fixture
def open_docx():  # type: ignore[no-untyped-def]
    """Open DOCX bytes with python-docx."""
    import io

    from docx import Document as open_document

    return lambda data: open_document(io.BytesIO(data))


# -- the registry's databases: a fresh SQLite file, and a fresh PostgreSQL database on
# -- 127.0.0.1:5432 (created for the test, dropped after); shared by every test package.

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_kind(request) -> str:  # type: ignore[no-untyped-def]
    return request.param  # type: ignore[no-any-return]


def create_postgres(prefix: str, template: str | None = None) -> str:
    """Create a PostgreSQL database (a copy of ``template`` when given); its URL. Skips the
    test when the server is not reachable."""
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'
                         + (f' TEMPLATE "{template}"' if template else ""))
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({exc})")
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_postgres(*urls: str) -> None:
    """Drop the PostgreSQL databases of ``urls``, whoever is still connected."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        for url in urls:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[str]:
    """The name of one PostgreSQL database migrated to the newest revision, once per pytest
    process: a test's database is ``CREATE DATABASE ... TEMPLATE`` of it (~0.07 s) instead
    of every migration again (~0.4 s), as ``migrated_sqlite`` is copied for SQLite."""
    url = create_postgres("docgen_template")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()  # a template database must have no one connected while it is copied
    yield url.rsplit("/", 1)[1]
    drop_postgres(url)


@pytest.fixture
def new_db_url(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest,
               migrated_sqlite: Path) -> Iterator[Callable[..., str]]:
    """Make another database of the test's kind: empty (a restore target, an old release's
    database), or at the newest schema with ``new_db_url(migrated=True)``, a copy of the
    run's migrated one. Every one is dropped after the test."""
    made: list[str] = []

    def make(migrated: bool = False) -> str:
        if db_kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'registry-{len(made)}.sqlite3'}"
            if migrated:
                copy_migrated(migrated_sqlite, url)
        else:
            template = request.getfixturevalue("migrated_postgres") if migrated else None
            url = create_postgres("docgen_test", template)
        made.append(url)
        return url

    yield make
    if db_kind == "postgres":
        drop_postgres(*made)


@pytest.fixture
def db_url(new_db_url: Callable[..., str]) -> str:
    """The test's database, at the newest schema (``new_db_url()`` for an empty one)."""
    return new_db_url(migrated=True)


@pytest.fixture
def registry(db_url: str, tmp_path: Path) -> Iterator[Registry]:
    engine = make_engine(db_url)
    yield Registry(session_factory(engine), DiskStore(tmp_path / "files"))
    engine.dispose()
