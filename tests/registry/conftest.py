"""Registry fixtures: the system actor, a paper taken through to issued, a registered
certificate batch (the databases themselves come from tests/conftest.py)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from docgen.services.accounts.identity import system_actor
from docgen.services.registry.models import Certificate, Paper
from docgen.services.registry.papers import Registry
from tests.helpers import load_json_sample

#: The command line's actor: every permission, every agency (service-level tests).
SYS = system_actor()


def approve(registry, paper):  # type: ignore[no-untyped-def]
    """Take a draft through submission and approval, ready to be issued."""
    registry.submit(paper.id, SYS)
    return registry.approve(paper.id, SYS)


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
        from docgen.services.jobs import certificates as jobs

        data = load_json_sample("certificate") | changes
        del data["register_start"]
        data["registered"] = True
        # Decision 125/QĐ-VKSTC is not in this registry: cited as an external decision.
        data.setdefault("external_decision", True)
        # A new batch each run: a batch id already allocated is reused (idempotent retries).
        jobs.run(jobs.from_json(data), registry=reg, batch_id=secrets.token_hex(16))
        with reg.sessions() as s:
            return list(s.execute(select(Certificate).order_by(Certificate.id)).scalars())

    return run
