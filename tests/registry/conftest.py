"""Registry fixtures over both databases: a fresh SQLite file, and a fresh PostgreSQL
database on 127.0.0.1:5432 (created for the test, dropped after)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from docgen.accounts.identity import system_actor
from docgen.registry.db import make_engine, session_factory, upgrade
from docgen.registry.models import Certificate, Paper
from docgen.registry.papers import Registry
from docgen.registry.storage import DiskStore
from tests.helpers import load_json_sample

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
#: The command line's actor: every permission, every agency (service-level tests).
SYS = system_actor()


def approve(registry, paper):  # type: ignore[no-untyped-def]
    """Take a draft through submission and approval, ready to be issued."""
    registry.submit(paper.id, SYS)
    return registry.approve(paper.id, SYS)


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
            try:
                with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
            except psycopg.OperationalError as exc:
                pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({exc})")
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


@pytest.fixture
def issue_paper(registry: Registry) -> Callable[..., Paper]:
    """Draft a sample paper and take it through to issued: ``issue_paper("directive",
    on=date(2026, 1, 6))``; changes to the sample as keyword ``changes``."""

    def issue(kind: str = "award-decision", *, on: date | None = None,
              changes: dict[str, Any] | None = None) -> Paper:
        data = load_json_sample(kind) | (changes or {})
        draft = registry.create_draft(kind, data, SYS)
        return registry.issue(approve(registry, draft).id, SYS, on=on)

    return issue


@pytest.fixture
def register_certificates(registry: Registry) -> Callable[..., list[Certificate]]:
    """Run the sample certificate batch registered in the sổ vàng (register numbers and
    verification codes); returns every certificate of the registry, oldest first."""

    def run(reg: Registry = registry, **changes: Any) -> list[Certificate]:
        from docgen.jobs import certificates as jobs

        data = load_json_sample("certificate") | changes
        del data["register_start"]
        data["registered"] = True
        jobs.run(jobs.from_json(data), registry=reg, batch_id="b" * 32)
        with reg.sessions() as s:
            return list(s.execute(select(Certificate).order_by(Certificate.id)).scalars())

    return run
