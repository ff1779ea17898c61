"""The registry's database layer: telling "busy, try again" apart from real failures."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from docgen.services.registry.db import is_busy, make_engine


def test_a_write_lock_held_past_the_wait_is_busy(new_db_url, db_kind):
    """Another writer holds the database (SQLite) or the row (PostgreSQL) longer than
    this transaction may wait: the error says busy, so the service answers 503."""
    engine = make_engine(new_db_url())
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE counters (id INTEGER PRIMARY KEY, last INTEGER)"))
        setup.execute(text("INSERT INTO counters VALUES (1, 0)"))
    holder = engine.connect()
    holder_tx = holder.begin()
    holder.execute(text("UPDATE counters SET last = 1 WHERE id = 1"))
    try:
        with pytest.raises(OperationalError) as caught, engine.connect() as waiting:
            if db_kind == "sqlite":  # before BEGIN IMMEDIATE, which is where SQLite waits
                waiting.connection.driver_connection.execute("PRAGMA busy_timeout=50")
            with waiting.begin():
                if db_kind == "postgres":
                    waiting.execute(text("SET LOCAL lock_timeout = '50ms'"))
                waiting.execute(text("UPDATE counters SET last = 2 WHERE id = 1"))
        assert is_busy(caught.value)
    finally:
        holder_tx.rollback()
        holder.close()
        engine.dispose()


def test_other_database_errors_are_not_busy(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        with pytest.raises(OperationalError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))
    finally:
        engine.dispose()
    assert not is_busy(caught.value)
