"""The steps a page offers (``allowed_steps``) are exactly the steps the service lets
through: for every state of a paper, every role and the drafter or not, each step is tried
on a paper of its own and must succeed if and only if it was offered."""

from __future__ import annotations

import pytest

from docgen.errors import DocgenError
from docgen.services.accounts.identity import Actor
from docgen.services.registry.db import make_engine, session_factory, upgrade
from docgen.services.registry.papers import Registry
from docgen.services.registry.steps import STEPS, allowed_steps
from docgen.services.registry.storage import DiskStore
from tests.helpers import load_json_sample
from tests.registry.conftest import SYS

HY = "vks-hung-yen"
STATES = ("draft", "submitted", "returned", "approved", "issued", "revoked")
PEOPLE = {
    "drafter": Actor("lan", "Lan", HY, frozenset({"clerk"})),
    "other clerk": Actor("tu", "Tú", HY, frozenset({"clerk"})),
    "leader": Actor("hung", "Hùng", HY, frozenset({"leader"})),
    "records": Actor("mai", "Mai", HY, frozenset({"records"})),
    "admin": Actor("quan", "Quân", HY, frozenset({"admin"})),
    "everything elsewhere": Actor("binh", "Bình", "vkstc",
                                 frozenset({"clerk", "leader", "records"})),
}


def paper_in(registry, state: str):  # type: ignore[no-untyped-def]
    """A Hưng Yên decision drafted by ``lan``, taken to ``state``."""
    paper = registry.create_draft("award-decision", load_json_sample("award-decision"),
                                  PEOPLE["drafter"])
    path = {"draft": [], "submitted": ["submit"], "returned": ["submit", "return"],
            "approved": ["submit", "approve"], "issued": ["submit", "approve", "issue"],
            "revoked": ["submit", "approve", "issue", "revoke"]}[state]
    for name in path:
        take(registry, name, paper.id, SYS)
    return registry.get(paper.id, SYS)


def take(registry, step: str, paper_id: int, actor: Actor) -> None:  # type: ignore[no-untyped-def]
    calls = {
        "edit": lambda: registry.update_draft(paper_id, load_json_sample("award-decision"),
                                              actor),
        "submit": lambda: registry.submit(paper_id, actor),
        "approve": lambda: registry.approve(paper_id, actor),
        "return": lambda: registry.return_paper(paper_id, actor, "sửa lại"),
        "issue": lambda: registry.issue(paper_id, actor),
        "revoke": lambda: registry.revoke(paper_id, "nhầm", actor),
    }
    calls[step]()


@pytest.fixture
def quick_registry(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A SQLite registry whose issuing stores a stand-in file: the rule under test is who
    may take which step, not how a paper is drawn (that is tested elsewhere)."""
    from docgen.service import RenderedFile
    from docgen.services.registry import papers

    monkeypatch.setattr(papers, "render_document", lambda kind, doc, fmt: RenderedFile(
        f"{doc.title} {fmt}".encode(), "application/octet-stream", f"x.{fmt}", doc.title))
    engine = make_engine(f"sqlite:///{tmp_path / 'steps.sqlite3'}")
    upgrade(engine)
    yield Registry(session_factory(engine), DiskStore(tmp_path / "files"))
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
def test_offered_steps_are_the_steps_the_service_allows(quick_registry, state):
    paper = paper_in(quick_registry, state)
    for who, actor in PEOPLE.items():
        offered = set(allowed_steps(paper, actor))
        allowed = set()
        for step in STEPS:
            try:
                take(quick_registry, step, paper.id, actor)
            except DocgenError:
                continue
            allowed.add(step)
            paper = paper_in(quick_registry, state)  # that one moved on: a fresh one
        assert offered == allowed, f"{who} on a {state} paper"
