"""Signatures in the paper's life (Decree 30 Art. 13 and Appendix I; Appendix VI asks the
system to keep each paper's digital-signature metadata).

1. A leader signs an approved paper before it has a number (:meth:`PaperSigning.sign`, or
   :meth:`prepare` + :meth:`complete` for a key on the leader's desk): the PDF is rendered
   without number and date, with its verification code, and signed in the ``signer``
   field; the signed file is kept by hash and the signature's facts recorded.
2. The records office issues it (:func:`issued_pdf`, called by ``Registry.issue`` in its
   transaction): the number and date go into the signed PDF's fields, then the agency's
   signature with its seal when the agency has signing set up. Both stay valid.
3. Without a leader's signature, issuing renders number and date into the PDF as before.

Who may sign (:mod:`docgen.signing.signer_rules`): the certificate's subject must be the
person printed under the field, and with trust roots configured it must chain to one of
them; the API and the pages both come here, so both obey.

Each signature's facts (field, signer, organisation, which certificate: fingerprint,
issuer, serial number and the certificate itself; the time, stored as aware UTC; the file
after it) are rows of ``paper_signatures``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from hashlib import sha256
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.compose.document import Document
from docgen.errors import ConflictError, InputError
from docgen.service import compose_paper, render_document
from docgen.services.accounts.identity import Actor
from docgen.services.registry.codes import new_code, verification
from docgen.services.registry.models import Paper, PaperSignature
from docgen.services.registry.steps import SIGN
from docgen.signing.appearance import Appearance, load_png
from docgen.signing.forms import fill_number_date, number_date_values
from docgen.signing.keys import ExternalKey, KeySource
from docgen.signing.remote import SessionStore, complete, prepare
from docgen.signing.sign import SignOptions, sign_pdf
from docgen.signing.signer_rules import CertificateFacts, certificate_facts, check_signer
from docgen.signing.verify import SignatureFacts, verify_pdf
from docgen.vn.dates import now, utc, vietnam_time
from docgen.vn.files import slugify

if TYPE_CHECKING:
    from docgen.services.registry.papers import Registry
    from docgen.signing.config import SigningSetup

LEADER_FIELD = "signer"
AGENCY_FIELD = "agency"


def facts_json(row: PaperSignature) -> dict[str, Any]:
    return {"field": row.field, "signer": row.signer, "organisation": row.organisation,
            "cert_sha256": row.cert_sha256, "cert_issuer": row.cert_issuer,
            "cert_serial": row.cert_serial,
            "signed_at": vietnam_time(row.signed_at).isoformat(timespec="seconds"),
            "pdf_sha256": row.pdf_sha256}


def signatures_of(s: Session, paper_id: int) -> list[PaperSignature]:
    return list(s.execute(select(PaperSignature).where(PaperSignature.paper_id == paper_id)
                          .order_by(PaperSignature.id)).scalars())


def _row(paper: Paper, facts: SignatureFacts, cert: CertificateFacts, pdf_sha256: str,
         actor: Actor, code: str | None = None) -> PaperSignature:
    # Aware UTC, whatever zone the signature reports: SQLite keeps no offset, so a stored
    # Vietnam wall time would be read back as UTC, seven hours off (and a paper signed on
    # 31/12 after 17:00 counted in the next year).
    when = utc(datetime.fromisoformat(facts.signing_time)) if facts.signing_time else now()
    return PaperSignature(paper_id=paper.id, field=facts.field, signer=facts.signer,
                          organisation=facts.organisation, cert_sha256=facts.cert_sha256,
                          cert_issuer=cert.issuer[:400], cert_serial=cert.serial[:80],
                          certificate=cert.der, signed_at=when, pdf_sha256=pdf_sha256,
                          verify_code=code, actor=actor.login)


def _facts(pdf: bytes, field: str, roots: tuple[bytes, ...]) -> SignatureFacts:
    return next(f for f in verify_pdf(pdf, list(roots)).signatures if f.field == field)


def _embedded_cert(pdf: bytes, field: str) -> tuple[Any, tuple[Any, ...]]:
    """The certificate that signed ``field`` of ``pdf`` and the others embedded with it."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = next(s for s in PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
               if s.field_name == field)
    return sig.signer_cert, tuple(sig.other_embedded_certs)


@dataclass
class SignatureImages:
    """Each leader's handwritten-signature image (PNG), used when a signing sends none.

    Files under a folder, one per login: an image is not a secret, and keeping it out of
    the accounts table keeps that table small.
    """

    folder: Path

    def _path(self, login: str) -> Path:

        return self.folder / f"{slugify(login) or 'user'}-{sha256(login.encode()).hexdigest()[:12]}.png"

    def put(self, login: str, png: bytes) -> None:

        load_png(png, what="ảnh chữ ký", loc="image")  # refuse anything but a readable PNG
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(login)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(png)
        tmp.replace(path)

    def get(self, login: str) -> bytes | None:
        path = self._path(login)
        return path.read_bytes() if path.is_file() else None


@dataclass
class PaperSigning:
    """The leader's signature on registry papers (the agency's comes with issuing)."""

    registry: Registry
    setup: SigningSetup
    #: Where prepared desk signatures wait for their signature value.
    sessions_folder: Path
    #: The leaders' stored signature images (used when a signing sends none).
    images: SignatureImages | None = None

    def _image(self, actor: Actor, image_png: bytes | None) -> bytes | None:
        if image_png is None and self.images is not None:
            return self.images.get(actor.login)
        return image_png

    def _unsigned(self, s: Session, paper_id: int, actor: Actor) -> Paper:
        paper = self.registry._step(s, SIGN, paper_id, actor)
        if paper.copy_of is not None:
            raise ConflictError("bản sao không do lãnh đạo ký số: bản sao giấy được ký tay ở "
                                "khối sao, bản sao điện tử được ký số của cơ quan khi ban hành")
        if signatures_of(s, paper.id):
            raise ConflictError("văn bản đã được lãnh đạo ký")
        return paper

    def check(self, paper_id: int, actor: Actor) -> None:
        """Raise what signing this paper would raise (404, 403, 409), before any upload is
        read."""
        with self.registry.sessions.begin() as s:
            self._unsigned(s, paper_id, actor)

    def _document(self, paper: Paper) -> Document:
        """The paper as the leader signs it: no number, no date (their blanks become form
        fields)."""
        payload = json.loads(paper.input_json)
        for key in ("number", "date", "draft_label"):
            payload.pop(key, None)
        payload["draft"] = False
        return compose_paper(paper.kind, payload, catalog=self.registry._catalog())

    def unnumbered_pdf(self, paper: Paper, document: Document | None = None
                       ) -> tuple[bytes, str]:
        """The PDF the leader signs, with the verification code it will keep once issued."""
        code = new_code()
        document = replace(document or self._document(paper), verification=verification(code, self.registry.public_base_url))
        return render_document(paper.kind, document, "pdf").content, code

    def printed_signer(self, paper: Paper) -> str | None:
        """The name printed under the leader's field: whose certificate may sign it."""
        return self._document(paper).signer_of(LEADER_FIELD)

    def sign(self, paper_id: int, actor: Actor, key: KeySource,
             image_png: bytes | None = None) -> PaperSignature:
        """The leader signs the approved paper with a key given for this signing."""
        reg = self.registry
        with reg.sessions.begin() as s:
            paper = self._unsigned(s, paper_id, actor)
            document = self._document(paper)
            # The key first (a wrong password), then whose it is, before any rendering.
            signer = key.pyhanko_signer()
            check_signer(signer.signing_cert, printed_name=document.signer_of(LEADER_FIELD),
                         trust_roots=self.setup.trust_roots,
                         others=tuple(signer.cert_registry))
            pdf, code = self.unnumbered_pdf(paper, document)
            signed = sign_pdf(pdf, key, self._options(self._image(actor, image_png)))
            return self._record(s, paper, signed, actor, code)

    def _options(self, image_png: bytes | None) -> SignOptions:
        return SignOptions(field=LEADER_FIELD, appearance=Appearance(signature_png=image_png),
                           reason="Ký duyệt văn bản", timestamp_url=self.setup.tsa_url,
                           trust_roots=self.setup.trust_roots)

    def _record(self, s: Session, paper: Paper, signed: bytes, actor: Actor,
                code: str) -> PaperSignature:
        digest = self.registry.store.put(signed)
        cert, _ = _embedded_cert(signed, LEADER_FIELD)
        row = _row(paper, _facts(signed, LEADER_FIELD, self.setup.trust_roots),
                   certificate_facts(cert), digest, actor, code)
        s.add(row)
        paper.updated_at = now()
        self.registry._audit(s, paper, "sign", actor, f"{row.signer} ({row.cert_sha256[:16]})")
        s.flush()
        s.expunge(row)
        return row

    # -- a key on the leader's desk -------------------------------------------------------

    def prepare(self, paper_id: int, actor: Actor, *, cert_der: bytes | None,
                image_png: bytes | None = None) -> dict[str, Any]:

        with self.registry.sessions() as s:
            paper = self._unsigned(s, paper_id, actor)
            document = self._document(paper)
            printed = document.signer_of(LEADER_FIELD)
            if cert_der is not None:
                # Refused now rather than after the leader has signed at the desk.
                check_signer(ExternalKey(cert_der).pyhanko_signer().signing_cert,
                             printed_name=printed, trust_roots=self.setup.trust_roots)
            pdf, code = self.unnumbered_pdf(paper, document)
        # No timestamp for a desk signature: the signature value arrives later.
        options = replace(self._options(self._image(actor, image_png)), timestamp_url=None)
        prepared, half = prepare(pdf, options, cert_der=cert_der,
                                 context={"paper_id": paper_id, "code": code,
                                          "actor": actor.login, "printed": printed})
        self.sessions_store().save(prepared, half)
        return prepared.public()

    def complete(self, paper_id: int, actor: Actor, session_id: str, *, cms: bytes | None,
                 signature: bytes | None) -> PaperSignature:

        store = self.sessions_store()
        prepared, half = store.load(session_id)
        if prepared.context.get("paper_id") != paper_id or \
                prepared.context.get("actor") != actor.login:
            raise InputError([], message="phiên ký không thuộc văn bản hoặc người ký này")
        signed = complete(prepared, half, cms=cms, signature=signature)
        # The certificate that actually signed (a desk CMS brings its own): same rules.
        cert, others = _embedded_cert(signed, LEADER_FIELD)
        check_signer(cert, printed_name=prepared.context.get("printed"),
                     trust_roots=self.setup.trust_roots, others=others)
        with self.registry.sessions.begin() as s:
            paper = self._unsigned(s, paper_id, actor)
            row = self._record(s, paper, signed, actor, prepared.context["code"])
        store.discard(session_id)
        return row

    def sessions_store(self) -> Any:

        return SessionStore(self.sessions_folder)


def issued_pdf(registry: Registry, s: Session, paper: Paper, actor: Actor, *, number: int | None,
               on: date, agency_code: str, agency_name: str, title: str | None = None
               ) -> tuple[bytes, str] | None:
    """The issued PDF of a paper the leader signed: number and date filled into the signed
    file, then the agency's signature with its seal when the agency has signing set up.
    ``None`` when the leader did not sign (the caller renders as before).

    Returns the PDF and the verification code printed in it.
    """

    rows = signatures_of(s, paper.id)
    if not rows:
        return None
    leader = rows[0]
    signed_year = vietnam_time(leader.signed_at).year
    if on.year != signed_year:
        raise ConflictError(f"văn bản được ký năm {signed_year} (in sẵn năm trong ngày ban hành) "
                            f"nên phải ban hành trong năm {signed_year}; hãy trình ký lại")
    pdf = fill_number_date(registry.store.get(leader.pdf_sha256), number_date_values(number, on),
                           title=title)
    setup = registry.signing
    if setup is not None and setup.for_agency(agency_code) is not None:
        pdf = setup.sealer(agency_code, agency_name)(pdf)
        cert, _ = _embedded_cert(pdf, AGENCY_FIELD)
        s.add(_row(paper, _facts(pdf, AGENCY_FIELD, setup.trust_roots), certificate_facts(cert),
                   registry.store.put(pdf), actor))
    return pdf, leader.verify_code or ""
