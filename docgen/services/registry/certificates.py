"""The sổ vàng's rules about certificates, in one place: who a certificate is for (a person
or collective is registered at most once per decision and award: ``recipient_key``), which
decision a registered batch carries out (an issued award decision of this registry, or one
the batch marks as external: ``cited_decision``), and what the API shows of an entry.

The allocation itself (numbers taken under the counter lock) is the registry's
(``RegisterBook.allocate`` in ``register_book.py``); the database backs the rule with the unique
constraint ``uq_certificates_once``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.catalog import Catalog
from docgen.errors import FieldError, InputError
from docgen.services.registry.models import Certificate, Paper
from docgen.vn.dates import short_date
from docgen.vn.numbering import number_ref
from docgen.vn.text import nfc

#: Papers a certificate may cite: issued ones, and revoked ones (to say so).
CITABLE = ("issued", "revoked")


#: The title before a person's name on the certificate's line (a collective has none).
HONORIFICS = ("Ông ", "Bà ")


def recipient_key(recipient: str, unit: str | None) -> str:
    """Who a certificate is for, as compared: the name (without "Ông"/"Bà", so a corrected
    gender is the same person) and the line under it (position and unit), NFC, case and
    spacing ignored. Computed from what the register stores, so entries made before this
    rule existed are keyed the same way (migration 0009). A digest, so the unique index
    has a fixed width on every database."""
    for title in HONORIFICS:
        if recipient.startswith(title):
            recipient = recipient[len(title):]
            break
    text = "\x1f".join(" ".join(nfc(p).casefold().split()) for p in (recipient, unit or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Citation:
    """The award decision a batch's certificates carry out, as the batch cites it."""

    award: str
    number: int
    symbol: str
    on: date
    #: The batch says the decision is not in this registry (another body issued it).
    external: bool = False

    @property
    def ref(self) -> str:
        """"125/QĐ-VKSTC", as the register and the certificate print it."""
        return number_ref(self.number, self.symbol)


def cited_decision(s: Session, agency: str, citation: Citation, catalog: Catalog
                   ) -> Paper | None:
    """The registry's issued decision that ``citation`` names, checked: it exists for this
    agency, bears that date, is not revoked and awards the batch's award. None for a
    citation marked external. A refusal names the field to correct."""
    if citation.external:
        return None
    papers = list(s.execute(select(Paper).where(
        Paper.agency == agency, Paper.symbol == citation.symbol,
        Paper.number == citation.number, Paper.status.in_(CITABLE))
        .order_by(Paper.issued_on)).scalars())
    if not papers:
        raise InputError([FieldError(("decision", "number"), (
            f"sổ không có quyết định số {citation.ref} đã ban hành: chọn một quyết định "
            "khen thưởng đã ban hành trong sổ, hoặc đánh dấu “Quyết định ngoài hệ thống” "
            "nếu quyết định do nơi khác ban hành"), "decision_unknown")])
    paper = next((p for p in papers if p.issued_on == citation.on), None)
    if paper is None:
        dates = ", ".join(short_date(p.issued_on) for p in papers if p.issued_on)
        raise InputError([FieldError(("decision", "date"), (
            f"quyết định số {citation.ref} trong sổ ban hành ngày {dates}, không phải ngày "
            f"{short_date(citation.on)}"), "decision_date")])
    if paper.status == "revoked":
        raise InputError([FieldError(("decision", "number"), (
            f"quyết định số {citation.ref} đã bị thu hồi: không in bằng theo quyết định "
            "này"), "decision_revoked")])
    decision = json.loads(paper.input_json)
    awarded = decision.get("award")
    if awarded is None:
        raise InputError([FieldError(("decision", "number"), (
            f"văn bản số {citation.ref} không phải quyết định khen thưởng"),
            "decision_not_award")])
    # A decision may give its collectives an award of their own: either is the decision's.
    if citation.award not in (awarded, decision.get("collective_award") or awarded):
        name = catalog.awards[awarded].name if awarded in catalog.awards else awarded
        raise InputError([FieldError(("award",), (
            f"quyết định số {citation.ref} khen “{name}”: bằng phải cùng hình thức khen "
            "thưởng"), "decision_award")])
    return paper


def decision_text(cert: Certificate) -> str:
    """"125/QĐ-VKSTC ngày 20/01/2026", the decision as the register and the page cite it."""
    text = cert.decision_number or ""
    if cert.decision_date is not None:
        text = f"{text} ngày {short_date(cert.decision_date)}".strip()
    return text


def certificate_json(cert: Certificate, catalog: Catalog) -> dict[str, Any]:
    """An entry of the sổ vàng as the API gives it."""
    award = catalog.awards.get(cert.award)
    return {
        "id": cert.id, "agency": cert.agency, "register_number": cert.register_number,
        "verify_code": cert.verify_code, "recipient": cert.recipient, "unit": cert.unit,
        "award": cert.award, "award_name": award.name if award else cert.award,
        "title": cert.title, "issuer": cert.issuer,
        "decision": {"number": cert.decision_number,
                     "date": cert.decision_date.isoformat() if cert.decision_date else None,
                     "paper_id": cert.decision_paper_id,
                     "external": bool(cert.decision_external)},
        "date": cert.issued_on.isoformat(), "batch_id": cert.batch_id,
        "status": cert.status}
