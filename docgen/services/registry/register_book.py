"""The sổ vàng (the certificates' register book) as batches use it: register numbers and
verification codes taken for a batch's rows in one short transaction, found again for each
chunk, confirmed once the batch's file is stored or given back when it fails, and looked up
by code for the public page. Both batch paths (a registered batch run at once, and the
chunked pipeline on threads or Celery workers) call these, and only these.

Who an entry is for and which decision it cites are the rules of
``docgen.services.registry.certificates``; the database backs "once per person, decision and
award" with the unique constraint ``uq_certificates_once``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import load_catalog
from docgen.compose.document import Verification
from docgen.errors import ConflictError
from docgen.services.registry import numbering
from docgen.services.registry.certificates import Citation, cited_decision
from docgen.services.registry.codes import new_code, typed_code, verification
from docgen.services.registry.db import rowcount
from docgen.services.registry.models import Certificate, Paper
from docgen.services.registry.search import certificate_text


def _register_number(number: int | None) -> int:
    """The register number of a batch's certificate: allocation always takes one; were it
    missing, this fails with the ``TypeError`` that ``int(None)`` or ``None - 1`` gave."""
    if number is None:
        raise TypeError("chứng nhận của lô không có số sổ vàng")
    return int(number)


@dataclass
class Allocation:
    """Register numbers and verification codes of a batch's rows, in row order."""

    numbers: list[int]
    codes: list[str]
    base_url: str
    #: How many rows reprint an entry already in the sổ vàng (no number taken for them).
    reused: int = 0

    def verification(self, index: int) -> Verification:
        code = self.codes[index]
        return verification(code, self.base_url)


@dataclass
class RegisterBook:
    """The sổ vàng of the registry's database (``Registry.certificates``)."""

    sessions: sessionmaker[Session]
    public_base_url: str

    def allocate(self, batch_id: str, agency: str, rows: list[dict[str, Any]],
                              citation: Citation | None = None) -> Allocation:
        """Register numbers (sổ vàng) and verification codes for every row of a batch, taken
        and recorded in ONE short transaction, keyed by (batch, row): a retried or
        concurrent call for the same batch finds them and takes nothing more. A row whose
        person is already registered for this decision and award (``recipient_key``, by
        any batch) is given that entry's number and code again: it is a reprint, never a
        second registration. ``citation``: the decision the batch carries out, checked
        against the registry (``cited_decision``) and recorded on each new entry.
        Rendering happens afterwards, outside any write transaction; new rows stay
        ``pending`` until the batch's file is stored (``confirm``)."""
        try:
            with self.sessions.begin() as s:
                # The counter lock comes first: a second allocation of the same batch, or
                # another batch of the same agency, waits here, then sees the rows.
                counter = numbering.locked_register_counter(s, agency)
                paper = cited_decision(s, agency, citation, load_catalog()) \
                    if citation is not None else None
                own = self._allocated_rows(s, batch_id)
                known = self._registered(s, agency, rows)
                given: list[tuple[int, str] | None] = []
                fresh: list[int] = []
                reused = 0
                for i, row in enumerate(rows):
                    key = row.get("recipient_key")
                    if i in own:
                        given.append(own[i])
                    elif key is not None and key in known:
                        entry = known[key]
                        if entry.status == "pending" and entry.batch_id != batch_id:
                            raise ConflictError(
                                "một lô khác đang in bằng cho những người này (số sổ vàng "
                                "đang chờ lô đó xong): đợi lô đó xong rồi in lại")
                        given.append((_register_number(entry.register_number),
                                      entry.verify_code))
                        reused += 1
                    else:
                        given.append(None)
                        fresh.append(i)
                if fresh:
                    numbers = numbering.take_register_numbers(counter, len(fresh))
                    now = datetime.now(UTC)
                    new = [dict(rows[i], agency=agency, batch_id=batch_id, row_index=i,
                                search_text=certificate_text(rows[i]),
                                created_at=now, status="pending", register_number=n,
                                verify_code=new_code(),
                                decision_paper_id=paper.id if paper else None,
                                decision_external=bool(citation and citation.external))
                           for i, n in zip(fresh, numbers, strict=True)]
                    s.execute(insert(Certificate), new)
                    for row in new:
                        given[row["row_index"]] = (row["register_number"], row["verify_code"])
        except IntegrityError:
            # The unique constraints are the last guard: another process registered the
            # same person (or took the same number) between our read and our write.
            raise ConflictError("sổ vàng vừa được ghi bởi một lô khác cho cùng những người "
                                "này: hãy thử lại (các bằng đã đăng ký sẽ được in lại với "
                                "số cũ)") from None
        done = [g for g in given if g is not None]
        return Allocation([n for n, _ in done], [c for _, c in done], self.public_base_url,
                          reused=reused)

    def cited(self, agency: str, citation: Citation) -> Paper | None:
        """The registry's decision a registered batch cites (None: marked external);
        refused with the field to correct when the registry holds no such decision."""
        with self.sessions() as s:
            return cited_decision(s, agency, citation, load_catalog())

    def decision_of(self, cert: Certificate) -> Paper | None:
        """The registry's decision a certificate carries out, if it cites one."""
        if cert.decision_paper_id is None:
            return None
        with self.sessions() as s:
            return s.get(Paper, cert.decision_paper_id)

    def _allocated_rows(self, s: Session, batch_id: str) -> dict[int, tuple[int, str]]:
        return {int(i or 0): (_register_number(n), str(c)) for i, n, c in s.execute(
            select(Certificate.row_index, Certificate.register_number, Certificate.verify_code)
            .where(Certificate.batch_id == batch_id))}

    def _registered(self, s: Session, agency: str, rows: list[dict[str, Any]]
                    ) -> dict[str, Certificate]:
        """The live entries (not cancelled) for the decision and award of ``rows``, by
        recipient key (rows without keys: none)."""
        if not rows or not any(r.get("recipient_key") for r in rows):
            return {}
        first = rows[0]
        found = s.execute(select(Certificate).where(
            Certificate.agency == agency, Certificate.award == first["award"],
            Certificate.decision_number == first.get("decision_number"),
            Certificate.decision_date == first.get("decision_date"),
            Certificate.recipient_key.is_not(None))).scalars()
        return {str(c.recipient_key): c for c in found}

    def registered_entries(self, agency: str, rows: list[dict[str, Any]]
                           ) -> list[tuple[int, Certificate]]:
        """Which of ``rows`` (by position) are already in the sổ vàng for their decision
        and award, with the entry: what a new batch would reprint."""
        with self.sessions() as s:
            known = self._registered(s, agency, rows)
        return [(i, known[k]) for i, r in enumerate(rows)
                if (k := r.get("recipient_key")) is not None and k in known]

    def allocation_of(self, batch_id: str, first: int, count: int, agency: str | None = None,
                      rows: list[dict[str, Any]] | None = None) -> Allocation:
        """The numbers and codes of rows ``first … first+count-1`` of a batch (a chunk):
        its own entries, and for reprinted rows (``rows``: the chunk's register rows) the
        entries they reprint."""
        with self.sessions() as s:
            own = self._allocated_rows(s, batch_id)
            known = self._registered(s, agency, rows) if agency and rows else {}
        given: list[tuple[int, str]] = []
        for i in range(first, first + count):
            key = rows[i - first].get("recipient_key") if rows else None
            if i in own:
                given.append(own[i])
            elif key is not None and key in known:
                given.append((_register_number(known[key].register_number),
                              known[key].verify_code))
            else:
                raise ConflictError("lô chưa được cấp số sổ vàng cho các dòng này")
        return Allocation([n for n, _ in given], [c for _, c in given], self.public_base_url)

    def confirm(self, batch_id: str) -> int:
        """The batch's file is stored: its certificates are issued (verifiable)."""
        with self.sessions.begin() as s:
            return rowcount(s.execute(update(Certificate).where(
                Certificate.batch_id == batch_id, Certificate.status == "pending")
                .values(status="issued")))

    def release(self, batch_id: str) -> int:
        """A batch failed for good: give its numbers back if nothing was taken after them,
        otherwise mark them ``cancelled`` so the register still accounts for each number."""
        with self.sessions.begin() as s:
            pending = s.execute(select(Certificate).where(
                Certificate.batch_id == batch_id, Certificate.status == "pending")
                .order_by(Certificate.register_number)).scalars().all()
            if not pending:
                return 0
            agency = pending[0].agency
            counter = numbering.locked_register_counter(s, agency)
            if counter.last == pending[-1].register_number:
                counter.last = _register_number(pending[0].register_number) - 1
                s.execute(delete(Certificate).where(Certificate.batch_id == batch_id,
                                                    Certificate.status == "pending"))
            else:
                # A cancelled number registers nobody: its key goes, so the person can
                # still be registered by a later batch.
                s.execute(update(Certificate).where(
                    Certificate.batch_id == batch_id, Certificate.status == "pending")
                    .values(status="cancelled", recipient_key=None))
            return len(pending)

    def by_code(self, code: str) -> Certificate | None:
        with self.sessions() as s:
            return s.execute(select(Certificate).where(
                Certificate.verify_code == typed_code(code))).scalar_one_or_none()
