"""What a paper's page shows of its digital signatures: who signed with which certificate
and when (Vietnam time), the leader-signed PDF while the paper awaits its number, and,
for a leader facing an approved unsigned paper, what the signing forms need (the name
printed under the signature, the leader's stored signature image, a desk signature
prepared and waiting for its value).

Read by the paper page (``office``) and the signing routes (``signing``); decides
nothing: the signing service checks every rule again when a form is sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DocgenError
from docgen.http.context import services
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.models import Paper
from docgen.services.registry.signatures import signatures_of
from docgen.signing.verify import field_text
from docgen.vn.dates import long_datetime


@dataclass
class SigningPanel:
    """The signing part of one paper's page, for one reader."""

    may_sign: bool = False
    printed_signer: str | None = None
    has_image: bool = False
    signatures: list[dict[str, Any]] = field(default_factory=list)
    #: The leader-signed PDF, while the paper is approved and not yet issued.
    signed_pdf: bytes | None = None
    #: For a leader about to sign: the PDF as it will be signed (no number, no date).
    to_sign_pdf: bytes | None = None
    #: A desk signature prepared by this reader and still waiting (``prepared.public()``).
    desk: dict[str, Any] | None = None


def signing_panel(paper: Paper, actor: Actor, desk_session: str | None = None) -> SigningPanel:
    svc = services()
    with svc.registry.sessions() as s:
        rows = [{"role": field_text(r.field), "signer": r.signer,
                 "organisation": r.organisation, "when": long_datetime(r.signed_at),
                 "issuer": r.cert_issuer, "serial": r.cert_serial,
                 "fingerprint": r.cert_sha256, "pdf_sha256": r.pdf_sha256}
                for r in signatures_of(s, paper.id)]
    panel = SigningPanel(signatures=rows)
    if rows and paper.status == "approved":
        panel.signed_pdf = svc.registry.store.get(str(rows[0]["pdf_sha256"]))
    # A copy is signed by hand in its block, or by the agency's key when issued: no leader.
    if paper.status == "approved" and not rows and actor.can(Perm.PAPER_SIGN) \
            and paper.copy_of is None:
        signing = svc.paper_signing
        panel.may_sign = True
        panel.printed_signer = signing.printed_signer(paper)
        panel.to_sign_pdf, _ = signing.unnumbered_pdf(paper)
        panel.has_image = svc.signature_images.get(actor.login) is not None
        if desk_session:
            panel.desk = prepared_session(paper.id, actor, desk_session)
    return panel


def prepared_session(paper_id: int, actor: Actor, session_id: str) -> dict[str, Any] | None:
    """A desk signature this actor prepared for this paper (None: gone, expired, or
    someone else's)."""
    try:
        prepared, _ = services().paper_signing.sessions_store().load(session_id)
    except DocgenError:
        return None
    if prepared.context.get("paper_id") != paper_id or \
            prepared.context.get("actor") != actor.login:
        return None
    return prepared.public()
