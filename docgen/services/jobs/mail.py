"""Sending the outbox's e-mail (``MailOutbox``, written by ``docgen.services.registry
.notices`` in the transaction of a paper's step) through the SMTP server of the settings
(``DOCGEN_SMTP_*``), from the job queue, never inside a request.

Who sends: without a broker, a thread of the process that took the step, started after
the commit (``Mailer.soon``), and the heartbeat thread of every web process every half
minute for what is due again; with Celery, the ``docgen.mail.deliver`` task sent after the
commit, and every worker process's recovery sweep for what is due again.

Each row is *claimed* before it is sent (one conditional UPDATE: of two processes, one
sends), marked sent once the server has accepted it, and on a failure (server down,
refused sign-in, refused address) tried again later, after 30 s, 1 min, 2 min … at most an
hour apart, ``MAX_ATTEMPTS`` times in all (about six hours), with the reason kept on the
row. SMTP cannot be made exactly-once: a process killed after the server accepted a mail
and before it was marked sent sends it again after the claim expires; the Message-ID is
the row's, so a mail client shows the two as one.

The password goes to ``smtplib``'s sign-in only: never to a log line, never to the row's
reason (the reason is the exception's class and the server's reply).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from docgen.config import Settings
from docgen.services.registry.db import rowcount
from docgen.services.registry.models import MailOutbox

log = logging.getLogger("docgen.mail")

#: Tries of one mail before it is given up (30 s, 1, 2, 4 … min, at most an hour apart).
MAX_ATTEMPTS = 12
FIRST_RETRY_S = 30
LONGEST_RETRY_S = 3600
#: A sender holds a claimed row this long (longer than an SMTP exchange can take).
CLAIM_S = 120
#: Seconds an SMTP connection may wait for the server.
SMTP_TIMEOUT_S = 20


def _now() -> datetime:
    return datetime.now(UTC)


def retry_after(attempts: int) -> float:
    """Seconds before the next try of a mail that failed ``attempts`` times."""
    return float(min(LONGEST_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1)))


def _reason(exc: BaseException) -> str:
    """What the row keeps of a failure: the class and the server's answer, never the
    settings (so never the password)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{type(exc).__name__}: {exc.smtp_code} {text}"[:500]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"{type(exc).__name__}: địa chỉ bị từ chối"
    return f"{type(exc).__name__}: {exc.strerror if isinstance(exc, OSError) else ''}"[:500]


class Mailer:
    """The outbox's sender, for one process."""

    def __init__(self, settings: Settings,
                 sessions: sessionmaker[Session] | Callable[[], sessionmaker[Session]]) -> None:
        self.settings = settings
        self._sessions = sessions
        self._lock = threading.Lock()

    @property
    def sessions(self) -> sessionmaker[Session]:
        if isinstance(self._sessions, sessionmaker):
            return self._sessions
        return self._sessions()

    @property
    def enabled(self) -> bool:
        return self.settings.mail_enabled

    # -- the outbox ---------------------------------------------------------------------------

    def due(self, limit: int = 50) -> list[int]:
        """Ids of the mail due to be tried now, oldest first."""
        moment = _now()
        with self.sessions() as s:
            return list(s.execute(select(MailOutbox.id).where(
                MailOutbox.sent_at.is_(None), MailOutbox.next_at <= moment,
                (MailOutbox.claimed_until.is_(None)) | (MailOutbox.claimed_until < moment))
                .order_by(MailOutbox.id).limit(limit)).scalars())

    def _claim(self, mail_id: int) -> MailOutbox | None:
        moment = _now()
        with self.sessions.begin() as s:
            won = rowcount(s.execute(update(MailOutbox).where(
                MailOutbox.id == mail_id, MailOutbox.sent_at.is_(None),
                MailOutbox.next_at <= moment,
                (MailOutbox.claimed_until.is_(None)) | (MailOutbox.claimed_until < moment))
                .values(claimed_until=moment + timedelta(seconds=CLAIM_S))))
            return s.get(MailOutbox, mail_id) if won else None

    def _sent(self, mail_id: int) -> None:
        with self.sessions.begin() as s:
            s.execute(update(MailOutbox).where(MailOutbox.id == mail_id).values(
                sent_at=_now(), next_at=None, claimed_until=None, error=None,
                attempts=MailOutbox.attempts + 1))

    def _failed(self, mail: MailOutbox, reason: str) -> None:
        attempts = mail.attempts + 1
        give_up = attempts >= MAX_ATTEMPTS
        with self.sessions.begin() as s:
            s.execute(update(MailOutbox).where(MailOutbox.id == mail.id).values(
                attempts=attempts, claimed_until=None, error=reason,
                next_at=None if give_up else _now() + timedelta(seconds=retry_after(attempts))))
        log.warning("mail given up" if give_up else "mail not sent, tried again later",
                    extra={"mail_id": mail.id, "attempts": attempts, "reason": reason})

    # -- sending ------------------------------------------------------------------------------

    def message(self, mail: MailOutbox) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.mail_from
        msg["To"] = mail.to_addr
        msg["Subject"] = mail.subject
        msg["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC)
                                      if mail.created_at.tzinfo is None else mail.created_at)
        domain = self.settings.mail_from.rpartition("@")[2] or "docgen"
        msg["Message-ID"] = f"<docgen-outbox-{mail.id}@{domain}>"
        msg.set_content(mail.body)
        return msg

    def _connect(self) -> smtplib.SMTP:
        st = self.settings
        smtp = smtplib.SMTP(st.smtp_host, st.smtp_port, timeout=SMTP_TIMEOUT_S)
        try:
            if st.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if st.smtp_user:
                smtp.login(st.smtp_user, st.smtp_password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def deliver_due(self) -> int:
        """Send what is due (one connection for all); returns how many were sent. Never
        raises for a mail that could not be sent: it is tried again later."""
        if not self.enabled:
            return 0
        with self._lock:  # one sender per process at a time
            sent = 0
            smtp: smtplib.SMTP | None = None
            try:
                for mail_id in self.due():
                    mail = self._claim(mail_id)
                    if mail is None:
                        continue  # another process has it
                    try:
                        if smtp is None:
                            smtp = self._connect()
                        smtp.send_message(self.message(mail))
                    except Exception as exc:  # noqa: BLE001 - kept on the row, tried again
                        self._failed(mail, _reason(exc))
                        if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                            if smtp is not None:
                                smtp.close()
                            smtp = None
                            break  # the server is unwell: the rest wait for the next sweep
                        continue
                    self._sent(mail.id)
                    sent += 1
                    log.info("mail sent", extra={"mail_id": mail.id, "event": mail.event,
                                                 "paper_id": mail.paper_id})
            finally:
                if smtp is not None:
                    try:
                        smtp.quit()
                    except (OSError, smtplib.SMTPException):
                        smtp.close()
            return sent

    def soon(self) -> None:
        """Send what is due on a thread of this process (the in-process job queue), so the
        request that took the step does not wait for the SMTP server."""
        if self.enabled:
            threading.Thread(target=self._deliver_quietly, name="docgen-mail",
                             daemon=True).start()

    def _deliver_quietly(self) -> None:
        try:
            self.deliver_due()
        except Exception as exc:  # the database blinked: the next sweep sends it
            log.warning("mail delivery failed: %s", type(exc).__name__)
