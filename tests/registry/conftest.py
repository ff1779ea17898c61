"""Registry fixtures over both databases: a fresh SQLite file, and a fresh PostgreSQL
database on 127.0.0.1:5432 (created for the test, dropped after)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from docgen.registry.db import make_engine, session_factory, upgrade
from docgen.registry.papers import Registry
from docgen.registry.storage import DiskStore

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_kind(request) -> str:  # type: ignore[no-untyped-def]
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def new_db_url(db_kind: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Make another empty database of the test's kind (a restore target, an old release's
    database); every one is dropped after the test."""
    made: list[str] = []

    def make() -> str:
        if db_kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'registry-{len(made)}.sqlite3'}"
        else:
            import psycopg

            name = f"docgen_test_{secrets.token_hex(4)}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        made.append(url)
        return url

    yield make
    if db_kind == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            for url in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture
def db_url(new_db_url: Callable[[], str]) -> str:
    return new_db_url()


@pytest.fixture
def registry(db_url: str, tmp_path: Path) -> Iterator[Registry]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield Registry(session_factory(engine), DiskStore(tmp_path / "files"))
    engine.dispose()
