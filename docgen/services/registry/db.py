"""Engines, sessions and migrations of the registry database.

SQLite: WAL journal, a busy timeout, and ``BEGIN IMMEDIATE`` for every transaction, so two
writers never both read a counter before one of them writes it. PostgreSQL: counters are
locked with ``SELECT … FOR UPDATE``. The schema is created and upgraded by Alembic, on first
use for SQLite and by ``docgen db upgrade`` everywhere.

A database that cannot be written (its file made read-only or immutable, the disk full, a
PostgreSQL server gone or turned standby) is not a bug but an outage: the engine throws
away every pooled connection when it meets one (a SQLite connection opened while the file
was read-only stays read-only for its whole life), so the service recovers by itself as
soon as the database can be written again, and the faces answer 503 meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event, insert, make_url
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from docgen.errors import ConfigError
from docgen.services.registry.models import Counter

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def is_there(url: str) -> bool:
    """Whether a registry is there to read without making one: a SQLite file that exists
    (an in-memory database never is); a server's database is taken to be there."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    if parsed.get_backend_name() != "sqlite":
        return True
    database = parsed.database
    return bool(database) and database != ":memory:" and Path(str(database)).is_file()


def make_engine(url: str) -> Engine:
    engine = _make_engine(url)

    @event.listens_for(engine, "handle_error")
    def _reconnect_when_unwritable(context: ExceptionContext) -> None:
        # Treated as a lost connection: SQLAlchemy invalidates the whole pool, and the next
        # checkout opens the database afresh (writable again, or failing the same way).
        if cannot_write(context.original_exception):
            context.is_disconnect = True

    return engine


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the driver, open transactions (see "begin" below).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=60)
    except ModuleNotFoundError as exc:
        raise ConfigError(f"DOCGEN_DATABASE_URL cần trình điều khiển '{exc.name}' chưa được "
                          f"cài: pip install {exc.name}") from None
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"DOCGEN_DATABASE_URL không dùng được ({url.split('://')[0]}): "
                          f"{exc}") from None


#: PostgreSQL's codes for "try again": lock not available, deadlock, serialisation failure.
_RETRYABLE_SQLSTATES = frozenset({"55P03", "40P01", "40001"})


def is_busy(exc: BaseException) -> bool:
    """Did a transaction give up because other writers held the database too long (SQLite's
    "database is locked" after its busy timeout) or clash with one (PostgreSQL's lock
    timeout, deadlock, serialisation failure)? Nothing was written: the caller may simply
    try again, so the service answers 503 with Retry-After rather than 500."""
    if not isinstance(exc, OperationalError):
        return False
    orig = exc.orig
    return ("database is locked" in str(orig).lower()
            or getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES)


#: What SQLite says when its file cannot be written or opened.
_UNWRITABLE = ("readonly database", "unable to open database file", "disk i/o error",
               "database or disk is full")
#: PostgreSQL: read-only transaction (a standby), administrator shutdown, crash, cannot
#: connect now; and the whole class 08 (connection exceptions).
_UNAVAILABLE_SQLSTATES = frozenset({"25006", "57P01", "57P02", "57P03"})


def cannot_write(orig: BaseException | None) -> bool:
    """Is this driver error "the database cannot be written now" (rather than a bug)?"""
    if orig is None:
        return False
    state = str(getattr(orig, "sqlstate", None) or "")
    return (any(marker in str(orig).lower() for marker in _UNWRITABLE)
            or state in _UNAVAILABLE_SQLSTATES or state.startswith("08"))


def is_unavailable(exc: BaseException) -> bool:
    """Did a request fail because the database cannot be written or reached now? Nothing
    was written; the engine has dropped its connections (``make_engine``) and the next
    request tries afresh, so the faces answer 503 with Retry-After, not 500."""
    if not isinstance(exc, DBAPIError):
        return False
    return bool(exc.connection_invalidated) or cannot_write(exc.orig)


def check_writable(engine: Engine) -> None:
    """Write a row and take it back: raises when the database can be read but not written
    (a readiness probe that only reads says "ready" while every change fails)."""
    with engine.connect() as conn:
        tx = conn.begin()
        try:
            conn.execute(insert(Counter).values(agency="-readyz-", year=-1,
                                                sequence="-readyz-", last=0))
        finally:
            tx.rollback()


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE matched. ``Session.execute`` is typed as returning a
    plain ``Result``; for those statements it is a ``CursorResult``, which counts them."""
    return cast("CursorResult[Any]", result).rowcount


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
