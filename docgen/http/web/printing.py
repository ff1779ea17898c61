"""The certificates of an issued award decision, from its page in the registry: the button
"In bằng cho quyết định này" (one registered batch for exactly the decision's people,
sealed when the agency's seal is configured; pressing it again opens that batch), and the
page that follows the batch and lists the sổ vàng's entries for the decision. Also the
register books as PDF.

Views only parse and answer: the batch service decides who may print and what.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from docgen.catalog import load_catalog
from docgen.http.actor import require
from docgen.http.api.responses import file_response
from docgen.http.context import services
from docgen.http.web.office import book_scope
from docgen.service import MEDIA_TYPES, RenderedFile
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.certificates import certificate_json
from docgen.services.registry.registers import (
    find_certificates,
    paper_number,
    register_book,
    to_pdf,
)
from docgen.vn.dates import short_date

bp = Blueprint("printing", __name__, url_prefix="/registry")

#: Most entries the decision's page lists (a decision awards far fewer people).
LISTED = 2000


@bp.post("/<int:paper_id>/certificates")
def print_decision(paper_id: int) -> ResponseReturnValue:
    state, created = services().batches.for_decision(paper_id, require())
    flash("Đã bắt đầu in bằng cho quyết định." if created else
          "Quyết định này đã có lô in bằng: mở lô đó (không cấp số mới).", "ok")
    return redirect(url_for("printing.decision_certificates", paper_id=paper_id,
                            batch=state["id"]))


@bp.get("/<int:paper_id>/certificates")
def decision_certificates(paper_id: int) -> str:
    actor = require(Perm.PAPER_READ)
    reg, batches = services().registry, services().batches
    paper = reg.get(paper_id, actor)
    if paper.kind != "award-decision":
        abort(404)
    shown = batches.decision_batches(paper_id, actor)
    certs, total = find_certificates(reg.sessions, agency=paper.agency,
                                     decision_paper_id=paper_id, per_page=LISTED)
    catalog = load_catalog()
    entries = sorted((certificate_json(c, catalog) for c in certs),
                     key=lambda c: c["register_number"] or 0)
    return render_template(
        "office/decision_certificates.html", record=paper, number=paper_number(paper),
        date=short_date(paper.issued_on) if paper.issued_on else "", batches=shown,
        entries=entries, total=total,
        can_print=actor.can(Perm.CERTIFICATE_REGISTER) and actor.acts_on(paper.agency)
        and paper.status == "issued")


@bp.get("/books/<book>/export.pdf")
def book_pdf(book: str) -> Response:
    _, agency, year = book_scope(book)
    data = register_book(services().registry.sessions, book, agency, year)
    return file_response(RenderedFile(to_pdf(data), MEDIA_TYPES["pdf"], data.file_name_as("pdf"),
                                      f"{data.layout.title.capitalize()} {data.subtitle}"))
