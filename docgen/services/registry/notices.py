"""Who is told of a step of a paper, and what they read: the e-mail notifications, written
to the outbox (``MailOutbox``) in the step's own transaction, so that a step taken is
always followed by its mail (none lost if the process dies a moment later) and a step
refused or rolled back sends none. ``docgen.services.jobs.mail`` sends them.

| step      | to                                                          |
| --------- | ----------------------------------------------------------- |
| returned  | the drafting clerk, with the leader's comment                |
| submitted | the leaders of the paper's agency (who may approve it)        |
| approved  | the records office (văn thư) of the paper's agency (who issue) |
| issued    | the drafting clerk                                           |

"Who may approve" and "who issues" are the permission table's ``PAPER_APPROVE`` and
``PAPER_ISSUE``, for active accounts of the paper's agency that have an address. The person
who took the step is not told of it. This is the office's practice, not a rule of Decree
30/2020/NĐ-CP (which says nothing of notifications).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.compose.common import one_line
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm, permissions_of
from docgen.services.registry.models import MailOutbox, Paper, User
from docgen.vn.dates import short_date
from docgen.vn.numbering import number_ref
from docgen.vn.text import shorten

#: The steps that send mail, by the name ``Registry`` gives them.
EVENTS = ("returned", "submitted", "approved", "issued")
#: Who receives each: the drafter, or holders of a permission in the paper's agency.
TO: dict[str, Perm | None] = {"returned": None, "submitted": Perm.PAPER_APPROVE,
                              "approved": Perm.PAPER_ISSUE, "issued": None}
SIGNATURE = ("—\nThư tự động của hệ thống docgen (Viện kiểm sát nhân dân); xin đừng trả lời "
             "thư này.")


def paper_link(base_url: str, paper_id: int) -> str:
    """The paper's page in the registry (the pages' ``office.paper`` route)."""
    return f"{base_url.rstrip('/')}/registry/{paper_id}"


def recipients(s: Session, paper: Paper, event: str, actor: Actor) -> list[User]:
    """The active accounts with an address who are told of ``event`` on ``paper``."""
    perm = TO[event]
    stmt = select(User).where(User.active.is_(True), User.email.is_not(None),
                              User.email != "")
    if perm is None:
        if not paper.created_by:
            return []
        stmt = stmt.where(User.login == paper.created_by)
    else:
        stmt = stmt.where(User.agency == paper.agency)
    users = s.execute(stmt.order_by(User.login)).scalars()
    return [u for u in users if u.login != actor.login
            and (perm is None or perm in permissions_of(u.role_set))]


def message(paper: Paper, event: str, actor: Actor, link: str, name: str,
            comment: str | None = None) -> tuple[str, str]:
    """(subject, body) of the notification of ``event`` on ``paper`` to ``name``."""
    title = one_line(paper.title)
    short = shorten(title, 120)
    by = one_line(actor.name or actor.login)
    if event == "returned":
        subject = f"Văn bản bị trả lại: {short}"
        lines = [f"Văn bản «{title}» đã được {by} trả lại để sửa.",
                 f"Ý kiến của lãnh đạo: {comment or '(không ghi ý kiến)'}",
                 "", f"Xem và sửa văn bản: {link}"]
    elif event == "submitted":
        subject = f"Văn bản chờ duyệt: {short}"
        lines = [f"{by} đã trình văn bản «{title}» để lãnh đạo duyệt.",
                 "", f"Xem và duyệt văn bản: {link}"]
    elif event == "approved":
        subject = f"Văn bản đã duyệt, chờ ban hành: {short}"
        lines = [f"Văn bản «{title}» đã được {by} duyệt; văn thư cho số, ngày và ban hành.",
                 "", f"Xem văn bản: {link}"]
    elif event == "issued":
        ref = number_ref(paper.number, paper.symbol) if paper.number else "không số"
        on = short_date(paper.issued_on) if isinstance(paper.issued_on, date) else ""
        subject = f"Văn bản đã ban hành: {ref} – {short}"
        lines = [f"Văn bản «{title}» đã được ban hành: số {ref}, ngày {on}.",
                 "", f"Xem và tải văn bản: {link}"]
    else:
        raise ValueError(f"no notification for {event!r}")
    body = "\n".join([f"Kính gửi {one_line(name)},", "", *lines, "", SIGNATURE]) + "\n"
    # A header is one line, whatever a title held (no CR or LF can reach the message).
    return " ".join(subject.split()), body


def queue_notices(s: Session, paper: Paper, event: str, actor: Actor, base_url: str,
                  comment: str | None = None) -> int:
    """Write the notifications of ``event`` on ``paper`` to the outbox, in ``s`` (the
    step's transaction). Returns how many."""
    moment = datetime.now(UTC)
    link = paper_link(base_url, paper.id)
    count = 0
    for user in recipients(s, paper, event, actor):
        subject, body = message(paper, event, actor, link, user.name, comment)
        s.add(MailOutbox(paper_id=paper.id, event=event, to_login=user.login,
                         to_addr=user.email or "", subject=subject, body=body,
                         created_at=moment, next_at=moment, attempts=0))
        count += 1
    return count
