"""The steps of a paper's life, in one table: for each, the permission it needs, the states
it starts from, whether only the drafting clerk may take it, what the clerk is told when it
is refused and when it is done.

The registry's methods check a step with this table (``Registry._step``), the pages offer
only the steps ``allowed_steps`` names and say ``done`` afterwards, and the API's routes
call the same methods, so a rule of the life cycle is written once.

draft -> submitted -> (returned -> draft) -> approved -> issued -> revoked
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.models import Paper

#: The states of a paper, in the order of its life, with what a clerk reads.
STATUS_LABELS: dict[str, str] = {
    "draft": "Dự thảo",
    "submitted": "Chờ duyệt",
    "returned": "Bị trả lại",
    "approved": "Đã duyệt",
    "issued": "Đã ban hành",
    "revoked": "Đã thu hồi",
}
#: States in which the drafting clerk may still edit and (re)submit.
EDITABLE = ("draft", "returned")


@dataclass(frozen=True)
class Step:
    """One step of a paper's life."""

    perm: Perm
    states: tuple[str, ...]  # the states it starts from
    own: bool  # only the drafting clerk (or the command line) may take it
    refused: str  # why it cannot be taken from another state
    done: str  # what the page says once it is taken


STEPS: dict[str, Step] = {
    "edit": Step(Perm.PAPER_DRAFT, EDITABLE, True,
                 "chỉ sửa được dự thảo chưa trình hoặc bị trả lại; văn bản đã ban hành thì "
                 "tạo dự thảo mới", "Đã lưu dự thảo."),
    "submit": Step(Perm.PAPER_DRAFT, EDITABLE, True, "chỉ trình được dự thảo",
                   "Đã trình lãnh đạo duyệt."),
    "approve": Step(Perm.PAPER_APPROVE, ("submitted",), False,
                    "chỉ duyệt được văn bản đang chờ duyệt", "Đã duyệt văn bản."),
    "return": Step(Perm.PAPER_APPROVE, ("submitted",), False,
                   "chỉ trả lại được văn bản đang chờ duyệt",
                   "Đã trả lại văn bản cho người soạn."),
    "issue": Step(Perm.PAPER_ISSUE, ("approved",), False,
                  "chỉ ban hành được văn bản đã được lãnh đạo duyệt",
                  "Đã ban hành: văn bản đã có số và ngày."),
    "revoke": Step(Perm.PAPER_REVOKE, ("issued",), False,
                   "chỉ thu hồi được văn bản đã ban hành", "Đã thu hồi văn bản."),
}


#: The leader's signature on an approved paper, before it is numbered: a step of its own,
#: taken through the signing forms (``signatures.PaperSigning``), not ``Registry.take``,
#: and only while the paper carries no signature yet.
SIGN = Step(Perm.PAPER_SIGN, ("approved",), False,
            "chỉ ký được văn bản đã được duyệt, trước khi ban hành", "Đã ký số văn bản.")


def is_own(paper: Paper, actor: Actor) -> bool:
    """Is ``actor`` the paper's drafting clerk (the command line counts as anyone)?"""
    return actor.system or paper.created_by in (None, actor.login)


def allowed_steps(paper: Paper, actor: Actor) -> list[str]:
    """The steps ``actor`` may take on ``paper`` now."""
    return [name for name, step in STEPS.items()
            if paper.status in step.states and actor.can(step.perm)
            and actor.acts_on(paper.agency) and (not step.own or is_own(paper, actor))]
