"""What waits for a person ("Việc của tôi"): the papers on which they may take a step now
(their drafts returned by a leader, their drafts not yet submitted, papers to approve, to
sign, to number and issue), for their home page and the count in the menu; and how many
papers of the registry they see are in each state.

Each list is a step of the one table of steps (``steps.STEPS``, ``steps.SIGN``): a person
is offered the list only if their roles give the step's permission (the one permission
table), and it holds the papers of the agency they act on, in the step's states, only
their own for a step only the drafting clerk takes: the rule ``allowed_steps`` applies to
one paper, applied here by the database to all of them. Nothing here decides who may do
what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from docgen.services.accounts.identity import Actor
from docgen.services.registry.models import AuditEntry, Paper, PaperSignature
from docgen.services.registry.steps import SIGN, STATUS_LABELS, STEPS, Step


@dataclass(frozen=True)
class Worklist:
    """Papers waiting for one step of their life."""

    key: str
    #: The list's heading on the home page.
    title: str
    #: What the person does with each paper (the link's words).
    action: str
    step: Step
    #: Which of the step's states the list holds (edit and submit share theirs).
    states: tuple[str, ...]
    #: The step is taken in the paper's form (editing), not on the paper's page.
    in_form: bool = False

    def __post_init__(self) -> None:
        if not set(self.states) <= set(self.step.states):
            raise ValueError(f"{self.key}: the step is not taken from {self.states}")


#: The lists, in the order a paper meets them.
WORKLISTS: tuple[Worklist, ...] = (
    Worklist("returned", "Dự thảo bị trả lại, cần sửa", "Sửa", STEPS["edit"], ("returned",),
             in_form=True),
    Worklist("drafts", "Dự thảo chưa trình", "Trình", STEPS["submit"], ("draft",)),
    Worklist("approve", "Chờ tôi duyệt", "Duyệt", STEPS["approve"], ("submitted",)),
    Worklist("sign", "Chờ tôi ký số", "Ký", SIGN, ("approved",)),
    Worklist("issue", "Đã duyệt, chờ văn thư cấp số", "Ban hành", STEPS["issue"],
             ("approved",)),
)


@dataclass(frozen=True)
class ReturnNote:
    """The comment of the leader who returned a draft, while it is not submitted again."""

    comment: str | None
    by: str
    at: datetime


@dataclass
class Work:
    """One list as a person sees it: how many papers wait, the newest of them, and for
    returned drafts the leader's comment."""

    worklist: Worklist
    total: int
    papers: list[Paper] = field(default_factory=list)
    notes: dict[int, ReturnNote] = field(default_factory=dict)


def offered(actor: Actor) -> list[Worklist]:
    """The lists whose step ``actor``'s roles allow (in an agency they act on)."""
    if not (actor.system or actor.agency):
        return []
    return [w for w in WORKLISTS if actor.can(w.step.perm)]


def _where(w: Worklist, actor: Actor) -> list[ColumnElement[bool]]:
    """The papers of ``w`` for ``actor``: ``allowed_steps``'s rule as a query."""
    out: list[ColumnElement[bool]] = [Paper.status.in_(w.states)]
    if not actor.system:
        out.append(Paper.agency == actor.agency)
        if w.step.own:  # steps.is_own: the drafter (a paper nobody is recorded for: anyone)
            out.append(or_(Paper.created_by == actor.login, Paper.created_by.is_(None)))
    if w.step is SIGN:  # signed once: the signature is the leader's, not a list's
        out.append(~exists().where(PaperSignature.paper_id == Paper.id))
    return out


def counts(sessions: sessionmaker[Session], actor: Actor) -> dict[str, int]:
    """How many papers wait in each list offered to ``actor`` (the menu's count)."""
    with sessions() as s:
        return {w.key: int(s.execute(select(func.count()).select_from(Paper)
                                     .where(*_where(w, actor))).scalar_one())
                for w in offered(actor)}


def work_of(sessions: sessionmaker[Session], actor: Actor, limit: int = 10) -> list[Work]:
    """Every list offered to ``actor``, with its newest ``limit`` papers (last changed
    first) and, for returned drafts, the comment they were returned with."""
    out: list[Work] = []
    with sessions() as s:
        for w in offered(actor):
            where = _where(w, actor)
            total = int(s.execute(select(func.count()).select_from(Paper).where(*where))
                        .scalar_one())
            papers = list(s.execute(select(Paper).where(*where).order_by(
                Paper.updated_at.desc(), Paper.id.desc()).limit(limit)).scalars())
            notes = return_notes(s, [p.id for p in papers]) if w.key == "returned" else {}
            out.append(Work(w, total, papers, notes))
    return out


def return_notes(s: Session, paper_ids: Iterable[int]) -> dict[int, ReturnNote]:
    """For each paper returned and not submitted since, the return's comment."""
    ids = list(paper_ids)
    if not ids:
        return {}
    last: dict[int, Any] = {}
    for e in s.execute(select(AuditEntry).where(
            AuditEntry.paper_id.in_(ids), AuditEntry.action.in_(("return", "submit")))
            .order_by(AuditEntry.id)).scalars():
        last[int(e.paper_id or 0)] = e
    return {pid: ReturnNote(e.detail, e.actor, e.at) for pid, e in last.items()
            if e.action == "return"}


def by_state(sessions: sessionmaker[Session], actor: Actor) -> dict[str, int]:
    """How many papers ``actor`` sees (their agency's; every agency's for one who sees
    all) are in each state, in the order of a paper's life."""
    stmt = select(Paper.status, func.count()).group_by(Paper.status)
    if not actor.sees_all:
        stmt = stmt.where(Paper.agency == actor.agency)
    with sessions() as s:
        found = {str(k): int(n) for k, n in s.execute(stmt)}
    return {state: found.get(state, 0) for state in STATUS_LABELS}
