"""Who may run, see and download certificate batches: any clerk or records officer prints
certificates for their agency, never in the name of another agency of the catalog; only the
records office registers them in the sổ vàng (takes register numbers) or signs them with
the agency's seal, and only in the name of its own agency. Another agency's batch is "not
found"."""

from __future__ import annotations

from typing import Any

from docgen.catalog import load_catalog
from docgen.errors import FieldError, ForbiddenError, InputError, NotFoundError
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm


def check_run(actor: Actor, meta: Any) -> None:
    """May ``actor`` run a batch with these common fields (a ``CertificateMeta``)?"""
    if not actor.can(Perm.BATCH_RUN):
        raise ForbiddenError("vai trò của bạn không in được bằng khen")
    named = load_catalog().agency_by_symbol(getattr(meta.issuer, "symbol", None))
    if named is not None and not actor.acts_on(named.code):
        # A user acts for their own agency only: certificates in another agency's name
        # are that agency's to print, registered or not.
        raise InputError([FieldError(("issuer", "symbol"), "chỉ in được bằng của cơ quan "
                                     "mình")])
    if not getattr(meta, "registered", False):
        return
    if not actor.can(Perm.CERTIFICATE_REGISTER):
        raise ForbiddenError("chỉ văn thư được đăng ký bằng vào sổ vàng")
    _own_agency(actor, meta, "chỉ đăng ký được bằng của cơ quan mình vào sổ vàng")


def check_seal(actor: Actor, meta: Any) -> str:
    """May ``actor`` sign every certificate of a batch with the seal of the agency that
    issues them? That agency's catalog code."""
    if not actor.can(Perm.PAPER_ISSUE):
        raise ForbiddenError("chỉ văn thư được ký số bằng con dấu của cơ quan")
    refusal = "chỉ ký được bằng con dấu của cơ quan mình (cơ quan có trong danh mục)"
    code = _own_agency(actor, meta, refusal)
    if code is None:  # a system run for an issuer outside the catalog has no seal
        raise InputError([FieldError(("issuer", "symbol"), refusal)])
    return code


def _own_agency(actor: Actor, meta: Any, refusal: str) -> str | None:
    """The issuer's agency (catalog code; None outside the catalog), which must be the
    actor's own unless the actor is the system (the command line)."""
    agency = load_catalog().agency_by_symbol(getattr(meta.issuer, "symbol", None))
    if not actor.system and (agency is None or agency.code != actor.agency):
        raise InputError([FieldError(("issuer", "symbol"), refusal)])
    return agency.code if agency is not None else None


def check_see(actor: Actor, state: dict[str, Any]) -> None:
    """404 unless ``actor`` may see this batch (its agency is recorded when created)."""
    if not actor.sees(state.get("agency")):
        raise NotFoundError("không có lô này")
