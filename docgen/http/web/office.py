"""The office's registry pages: the list of papers (and registered certificates) with search
and filters, a paper's page (preview, data, history, stored files, the steps the signed-in
user may take now), the register books per year with their XLSX, and the forms behind
each step.

Views only parse and answer: who may do what is decided by the registry service (the same
calls the API makes), so a hidden button is a convenience, never the check.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from docgen.catalog import load_catalog
from docgen.compose.common import one_line
from docgen.errors import ConflictError, DocgenError, FieldError, InputError
from docgen.http.actor import needs, require
from docgen.http.api.responses import file_response
from docgen.http.auth import accounts
from docgen.http.context import services
from docgen.http.views import ACTION_LABELS, kind_label
from docgen.http.web.labels import field_label
from docgen.http.web.preview import png_pages
from docgen.http.web.signing_view import signing_panel
from docgen.kinds import KINDS
from docgen.service import MEDIA_TYPES, RenderedFile
from docgen.services.accounts.identity import Actor, check_agency
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.copies import COPY_KIND
from docgen.services.registry.papers import REGISTRABLE, SEARCHABLE
from docgen.services.registry.registers import (
    CERTIFICATES,
    OUTGOING,
    find_certificates,
    layouts,
    paper_number,
    register_book,
    register_years,
    to_xlsx,
)
from docgen.services.registry.steps import STATUS_LABELS, STEPS, allowed_steps
from docgen.vn.dates import parse_day, short_date, today

bp = Blueprint("office", __name__, url_prefix="/registry")

PER_PAGE = 20
#: The list's "kind" filter: the registrable papers, and certificates of the sổ vàng.
CERTIFICATE_KIND = "certificate"
XLSX = MEDIA_TYPES["xlsx"]


@bp.app_context_processor
def _registry_facts() -> dict[str, Any]:
    """What every page may need to know of the registry (the form pages' "Lưu vào sổ")."""
    return {"registrable_kinds": REGISTRABLE}


# -- reading the query -----------------------------------------------------------------------

def _int_arg(name: str, *, low: int, high: int) -> int | None:
    raw = (request.values.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InputError([FieldError((name,), f"phải là số từ {low} đến {high}")])
    return int(raw)


def _date_arg(name: str) -> date | None:
    raw = (request.values.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_day(raw)
    except ValueError as exc:
        raise InputError([FieldError((name,), str(exc))]) from None


@dataclass(frozen=True)
class Filters:
    kind: str | None
    year: int | None
    state: str | None
    q: str | None
    page: int

    @classmethod
    def from_request(cls) -> Filters:
        kind = request.args.get("kind") or None
        if kind and kind not in (*SEARCHABLE, CERTIFICATE_KIND):
            raise InputError([FieldError(("kind",), "loại văn bản không có trong sổ")])
        state = request.args.get("state") or None
        if state and state not in STATUS_LABELS:
            raise InputError([FieldError(("state",), "trạng thái không có")])
        return cls(kind, _int_arg("year", low=1900, high=2999), state,
                   (request.args.get("q") or "").strip() or None,
                   _int_arg("page", low=1, high=100_000) or 1)

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string of this search (for pagination links), with ``changes``."""
        out = {"kind": self.kind, "year": self.year, "state": self.state, "q": self.q,
               "page": self.page} | changes
        return {k: v for k, v in out.items() if v and not (k == "page" and v == 1)}


# -- what the templates show -----------------------------------------------------------------

def _agency_name(code: str | None) -> str:
    agency = load_catalog().agency(code or "")
    return one_line(agency.name) if agency else (code or "")


def _row(paper: Any) -> dict[str, Any]:
    return {"id": paper.id, "kind": kind_label(paper), "title": paper.title, "number": paper_number(paper),
            "date": short_date(paper.issued_on) if paper.issued_on else "",
            "status": paper.status, "status_label": STATUS_LABELS.get(paper.status,
                                                                       paper.status),
            "agency": paper.agency, "created_by": paper.created_by,
            "updated": paper.updated_at}


def _certificate_row(cert: Any) -> dict[str, Any]:
    return {"register_number": cert.register_number, "recipient": cert.recipient,
            "unit": cert.unit or "", "title": cert.title, "code": cert.verify_code,
            "date": short_date(cert.issued_on),
            "status_label": STATUS_LABELS.get(cert.status, cert.status)}


def _sees_all(actor: Actor) -> bool:
    return actor.sees_all


# -- the list --------------------------------------------------------------------------------

@bp.get("/")
@needs(Perm.PAPER_READ)
def papers() -> str:
    actor = require()
    f = Filters.from_request()
    reg = services().registry
    if f.kind == CERTIFICATE_KIND:
        certs, total = find_certificates(
            reg.sessions, agency=None if _sees_all(actor) else actor.agency, year=f.year,
            q=f.q, page=f.page, per_page=PER_PAGE)
        rows, cert_rows = [], [_certificate_row(c) for c in certs]
    else:
        items, total = reg.search(actor, kind=f.kind, year=f.year, q=f.q, status=f.state,
                                  page=f.page, per_page=PER_PAGE)
        rows, cert_rows = [_row(p) for p in items], []
    pages = max(-(-total // PER_PAGE), 1)
    return render_template(
        "office/list.html", filters=f, rows=rows, certificates=cert_rows, total=total,
        people=accounts().names(r["created_by"] for r in rows),
        pages=pages, kinds=[*((k, KINDS[k].label) for k in REGISTRABLE),
                            (COPY_KIND, "Bản sao (sao y, sao lục, trích sao)")],
        certificate_kind=CERTIFICATE_KIND, states=STATUS_LABELS,
        years=range(today().year + 1, today().year - 10, -1))


# -- one paper -------------------------------------------------------------------------------

@bp.get("/<int:paper_id>")
def paper(paper_id: int) -> str:
    return _paper_page(paper_id, require(Perm.PAPER_READ))


def _paper_page(paper_id: int, actor: Actor, kept: Mapping[str, Any] | None = None) -> str:
    """A paper's page; ``kept``: what was typed into a step that was refused, shown again."""
    reg = services().registry
    item = reg.get(paper_id, actor)
    history = reg.audit_of(paper_id, actor)
    # A draft kept before it validates has no picture yet: what it lacks is listed instead.
    problems = [{"where": field_label(e.loc, item.kind), "msg": e.msg}
                for e in reg.problems(item)]
    signing = signing_panel(item, actor, request.args.get("desk"))
    # A leader sees what they are about to sign, and once signed the signed file.
    preview = png_pages(signing.signed_pdf or signing.to_sign_pdf
                        or reg.rendered(item, "pdf").content, pages=2, dpi=70) \
        if item.complete else []
    files = [{"fmt": fmt, "sha256": digest} for fmt, digest in
             (("pdf", item.pdf_sha256), ("docx", item.docx_sha256)) if digest]
    return render_template(
        "office/paper.html", paper=_row(item), record=item, preview=preview, files=files,
        people=accounts().names([item.created_by, *(e.actor for e in history),
                                 *(e.minted_by for e in history)]),
        history=[{"at": e.at, "actor": e.actor, "action": ACTION_LABELS.get(e.action, e.action),
                  "detail": e.detail, "ip": getattr(e, "ip", None),
                  "minted_by": e.minted_by} for e in history],
        steps=(steps := allowed_steps(item, actor)), agency_name=_agency_name(item.agency),
        issue_notes=reg.issue_notes(item, today()) if "issue" in steps else [],
        kind_label=kind_label(item), has_form=item.kind in KINDS and KINDS[item.kind].form,
        today=short_date(today()), kept=kept or {},
        input_json=json.dumps(json.loads(item.input_json), ensure_ascii=False, indent=2),
        registrable=item.kind in REGISTRABLE, can_copy=actor.can(Perm.PAPER_DRAFT)
        and actor.acts_on(item.agency) and item.copy_of is None,
        copying=_copying(item, actor), copy=reg.copy_view(item),
        template=_template_of(item, actor), problems=problems,
        certificates=services().batches.decision_printing(item, actor), signing=signing)


def _copying(paper: Any, actor: Actor) -> dict[str, Any] | None:
    """The copies panel of a paper: the copies made of it, and for its records office the
    form to make one (the parts a trích sao may take; electronic only with the agency's
    key set up). None for a paper not issued, or with nothing to show."""
    reg = services().registry
    made = [_row(p) for p in reg.copies_of(paper.id, actor)]
    is_copy = paper.copy_of is not None
    copy = reg.copy_view(paper)
    # Of a copy, only a sao y is copied again (into a sao lục).
    may = paper.status == "issued" and actor.can(Perm.PAPER_COPY) \
        and actor.acts_on(paper.agency) and (copy is None or copy["copy"] == "sao-y")
    if not made and not may:
        return None
    setup = reg.signing
    return {"copies": made, "may": may, "only_sao_luc": is_copy,
            "parts": [] if is_copy or not may else reg.copy_parts(paper.id, actor),
            "electronic": setup is not None and setup.for_agency(paper.agency) is not None}


def _template_of(paper: Any, actor: Actor) -> dict[str, Any] | None:
    """The template (name, version) a paper was made from, when the reader may see it."""
    if not paper.template_id:
        return None
    try:
        t, _ = services().templates.get(paper.template_id, actor)
    except DocgenError:
        return {"id": None, "name": f"mẫu số hiệu {paper.template_id}",
                "version": paper.template_version}
    return {"id": t.id, "name": t.name, "version": paper.template_version}


#: Each step a page can ask for: what to call, and what to tell the clerk when it is done.
def _do(step: str, paper_id: int, actor: Actor) -> Any:
    form, issuing = request.form, step == "issue"
    return services().registry.take(
        step, paper_id, actor, comment=form.get("comment"), reason=form.get("reason"),
        on=_date_arg("date") if issuing else None,
        number=_int_arg("number", low=1, high=99_999) if issuing else None)


@bp.post("/<int:paper_id>/<step>")
def act(paper_id: int, step: str) -> ResponseReturnValue:
    if step not in STEPS or step == "edit":  # a draft is edited in its form
        abort(404)
    actor = require()
    try:
        _do(step, paper_id, actor)
    except (ConflictError, InputError) as exc:
        # Not allowed now (state changed meanwhile, number taken, comment missing): say so
        # on the paper's page, with what was typed still in its boxes. 401/403/404 go to
        # the error pages as everywhere.
        # Submitting a draft kept incomplete is refused with the paper's field errors:
        # each is named by its field (a step's own box is next to its message anyway).
        detail = "; ".join(f"{field_label(e.loc)}: {e.msg}" if e.loc and step == "submit"
                           else e.msg for e in exc.errors) if isinstance(exc, InputError) \
            and exc.errors else exc.message
        flash(f"Chưa thực hiện được: {detail}", "bad")
        kept = {k: v for k, v in request.form.items() if k != "csrf_token"}
        return _paper_page(paper_id, actor, {"step": step, **kept}), \
            422 if isinstance(exc, InputError) else 409
    flash(STEPS[step].done, "ok")
    return redirect(url_for("office.paper", paper_id=paper_id))


@bp.post("/<int:paper_id>/copy")
def copy(paper_id: int) -> ResponseReturnValue:
    """Nhân bản: a new draft of the signed-in clerk with this paper's data."""
    paper = services().registry.copy_as_draft(paper_id, require())
    flash("Đã nhân bản thành dự thảo mới; sửa rồi trình duyệt như mọi dự thảo.", "ok")
    return redirect(url_for("office.paper", paper_id=paper.id))


@bp.post("/<int:paper_id>/copies")
def make_copy(paper_id: int) -> ResponseReturnValue:
    """Sao y, sao lục, trích sao of an issued paper (its records office): the new copy's
    page, where it is issued like any paper."""
    actor, form = require(), request.form
    body: dict[str, Any] = {"copy": form.get("copy", ""),
                            "electronic": form.get("electronic") == "1",
                            "parts": form.getlist("parts"),
                            "recipients": [line.strip() for line in
                                           form.get("recipients", "").splitlines()
                                           if line.strip()]}
    if not body["electronic"]:
        signer = {"title": form.get("signer_title", "").strip(),
                  "name": form.get("signer_name", "").strip(),
                  "authority": form.get("authority") or None,
                  "on_behalf": form.get("on_behalf", "").strip() or None}
        body["signer"] = {k: v for k, v in signer.items() if v}
    try:
        copy = services().registry.create_copy(paper_id, body, actor)
    except (ConflictError, InputError) as exc:
        detail = "; ".join(f"{field_label(e.loc, 'copy')}: {e.msg}" if e.loc else e.msg
                           for e in exc.errors) if isinstance(exc, InputError) \
            and exc.errors else exc.message
        flash(f"Chưa làm được bản sao: {detail}", "bad")
        kept: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token"}
        kept["parts"] = form.getlist("parts")
        return _paper_page(paper_id, actor, {"step": "copies", **kept}), \
            422 if isinstance(exc, InputError) else 409
    flash("Đã tạo bản sao; bấm Ban hành để cấp số trong sổ bản sao và lưu tệp.", "ok")
    return redirect(url_for("office.paper", paper_id=copy.id))


# -- the register books ----------------------------------------------------------------------

def book_scope(book: str) -> tuple[Actor, str, int]:
    """Who reads which agency's book for which year (an admin may pick the agency)."""
    actor = require(Perm.REGISTER_READ)
    if book not in (OUTGOING, CERTIFICATES):
        abort(404)
    agency = request.args.get("agency") or actor.agency
    if not agency:
        raise InputError([FieldError(("agency",), "chọn cơ quan")])
    check_agency(actor, agency)
    year = _int_arg("year", low=1900, high=2999) or today().year
    return actor, agency, year


@bp.get("/books/<book>")
def book(book: str) -> str:
    actor, agency, year = book_scope(book)
    reg = services().registry
    data = register_book(reg.sessions, book, agency, year)
    years = sorted({*register_years(reg.sessions, book, agency), today().year},
                   reverse=True)
    agencies = [a for a in load_catalog().agencies if actor.sees(a.code)] \
        if _sees_all(actor) else []
    return render_template("office/book.html", book=data, key=book, year=year, years=years,
                           agency=agency, agencies=agencies, books=layouts())


@bp.get("/books/<book>/export.xlsx")
def book_xlsx(book: str) -> Response:
    _, agency, year = book_scope(book)
    data = register_book(services().registry.sessions, book, agency, year)
    return file_response(RenderedFile(to_xlsx(data), XLSX, data.file_name,
                                      f"{data.layout.title.capitalize()} {data.subtitle}"))
