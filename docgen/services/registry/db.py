"""Engines, sessions and migrations of the registry database.

SQLite: WAL journal, a busy timeout, and ``BEGIN IMMEDIATE`` for every transaction, so two
writers never both read a counter before one of them writes it. PostgreSQL: counters are
locked with ``SELECT … FOR UPDATE``. The schema is created and upgraded by Alembic, on first
use for SQLite and by ``docgen db upgrade`` everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from docgen.errors import ConfigError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
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
