"""Registry fixtures over both databases: a fresh SQLite file, and a fresh PostgreSQL
database on 127.0.0.1:5432 (created for the test, dropped after)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.accounts.identity import system_actor
from docgen.registry.db import make_engine, session_factory, upgrade
from docgen.registry.papers import Registry
from docgen.registry.storage import DiskStore

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
#: The command line's actor: every permission, every agency (service-level tests).
SYS = system_actor()


def approve(registry, paper):  # type: ignore[no-untyped-def]
    """Take a draft through submission and approval, ready to be issued."""
    registry.submit(paper.id, SYS)
    return registry.approve(paper.id, SYS)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    import psycopg

    name = f"docgen_test_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({exc})")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def registry(db_url: str, tmp_path: Path) -> Iterator[Registry]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield Registry(session_factory(engine), DiskStore(tmp_path / "files"))
    engine.dispose()
