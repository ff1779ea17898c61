"""The clerks' pages. Forms post JSON (built in the browser from the model's JSON Schema)
to the same service as the API; errors come back with their field paths and are shown
next to the fields, so nothing typed is lost."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError

from docgen.catalog import load_catalog
from docgen.errors import DocgenError, FieldError, InputError
from docgen.http.actor import current_actor, may_open, needs, require
from docgen.http.api.responses import file_response, json_payload
from docgen.http.auth import accounts
from docgen.http.context import services
from docgen.http.web.labels import field_label, labels_for
from docgen.http.web.preview import png_pages
from docgen.imports.spreadsheet import COLUMNS, template_xlsx
from docgen.kinds import KINDS
from docgen.model.certificate import CertificateMeta
from docgen.resources import data_dir
from docgen.service import MEDIA_TYPES, compose_paper, render_document
from docgen.services.accounts.permissions import Perm
from docgen.services.jobs.service import STATE_LABELS
from docgen.services.registry.steps import STATUS_LABELS
from docgen.services.registry.worklists import by_state, counts, work_of
from docgen.vn.dates import short_date, short_datetime, today, vietnam_time
from docgen.vn.money import format_money, money_phrase

log = logging.getLogger("docgen.web")
bp = Blueprint("web", __name__)


def _kind_or_404(kind: str) -> Any:
    if kind not in KINDS or not KINDS[kind].form:
        abort(404)
    return KINDS[kind]


@bp.app_template_filter("field_label")
def _field_label(loc: Sequence[str | int]) -> str:
    return field_label(loc)


@bp.app_template_filter("vn_date")
def _vn_date(value: str | date | None) -> str:
    """``2026-01-05`` -> ``05/01/2026``, the way dates are read on the pages."""
    if not value:
        return "—"
    return short_date(date.fromisoformat(value) if isinstance(value, str) else value)


@bp.app_template_filter("person")
def _person(login: str, names: dict[str, str]) -> str:
    """Who did something, as people read it: ``Trần Thị Lan (lan)``; a login without an
    account (the command line's ``cli:…``) as it is."""
    name = names.get(login)
    return f"{name} ({login})" if name else login


@bp.app_template_filter("book_cell")
def _book_cell(value: Any) -> str:
    """One cell of a register book on its page: a date as ``05/01/2026``, nothing as empty."""
    if value is None:
        return ""
    return short_date(value) if isinstance(value, date) else str(value)


@bp.app_template_filter("vn_datetime")
def _vn_datetime(value: datetime) -> str:
    """A stored (UTC) moment as the office's clock shows it: ``02/12/2026 09:08``."""
    return short_datetime(value)


@bp.app_template_filter("iso_vietnam")
def _iso_vietnam(value: datetime) -> str:
    """The same moment for ``<time datetime>``, with Vietnam's offset."""
    return vietnam_time(value).isoformat(timespec="seconds")


#: The home page's cards of pages other than the kinds' forms: (the view it opens, title,
#: what it is for). A card is offered only to whom its view lets in (``may_open``).
PAGE_CARDS: tuple[tuple[str, str, str], ...] = (
    ("web.batch", "In bằng khen hàng loạt", "Tải lên danh sách (Excel hoặc CSV), kiểm tra "
     "từng dòng, in hàng trăm, hàng nghìn bằng."),
    ("office.papers", "Sổ văn bản", "Tìm văn bản theo loại, năm, trạng thái, trích yếu, "
     "tên người và đơn vị; xem từng bước của văn bản."),
    ("templates.index", "Mẫu của đơn vị", "Các mẫu văn bản của cơ quan và mẫu được chia "
     "sẻ; tạo văn bản từ mẫu."),
    ("admin.users", "Người dùng", "Tạo tài khoản, giao vai trò, cấp và thu hồi mã API."),
)


@bp.app_context_processor
def _menu() -> dict[str, Any]:
    """What the menu asks: may the signed-in person open a page, how much waits for them."""
    def my_work() -> int:
        actor = current_actor()
        if actor is None:
            return 0
        try:
            return sum(counts(services().registry.sessions, actor).values())
        except DBAPIError as exc:
            # The page saying the database is unavailable has a menu too: no count there.
            log.warning("the menu's count of waiting papers is left out: %s", exc.orig)
            return 0
    return {"may_open": may_open, "my_work": my_work}


@bp.get("/")
def home() -> str:
    actor = require()
    svc = services()
    templates = [{"id": t.id, "name": t.name, "kind": KINDS[t.kind].label,
                  "version": t.current_version}
                 for t in svc.templates.list(actor) if t.kind in KINDS] \
        if may_open("templates.fill_form") else []
    work = work_of(svc.registry.sessions, actor)
    batches, running = svc.batches.running(actor)
    return render_template(
        "home.html", templates=templates, work=work, batches=batches, running=running,
        kinds=[k for k in KINDS.values() if k.form] if may_open("web.form") else [],
        cards=[c for c in PAGE_CARDS if may_open(c[0])],
        states=by_state(svc.registry.sessions, actor) if may_open("office.papers") else {},
        state_labels=STATUS_LABELS, batch_states=STATE_LABELS,
        people=accounts().names([*(p.created_by for w in work for p in w.papers),
                                 *(n.by for w in work for n in w.notes.values())]))


@bp.get("/papers/<kind>")
@needs(Perm.RENDER)
def form(kind: str) -> str:
    k = _kind_or_404(kind)
    return render_template("form.html", kind=k, returned=_returned(), **_form_data(k.name))


def _returned() -> dict[str, Any] | None:
    """A draft reopened in its form (``?draft=ID``) that a leader returned: the comment to
    fix it by, and who wrote it when."""
    draft = request.args.get("draft", "")
    if not draft.isdigit():
        return None
    try:
        note = services().registry.return_note(int(draft), require())
    except DocgenError:
        return None  # another agency's or no such paper: the form says so when it loads
    if note is None:
        return None
    return {"comment": note.comment, "at": note.at,
            "by": accounts().names([note.by]).get(note.by) or note.by}


def _form_data(kind: str) -> dict[str, Any]:
    """What the form builder reads from the page: labels and order, agencies, awards."""
    catalog = load_catalog()
    return {"form": labels_for(kind), "agencies": [a.model_dump() for a in catalog.agencies],
            "awards": [{"code": a.code, "name": a.name} for a in catalog.awards.values()]}


@bp.get("/papers/<kind>/schema.json")
def schema(kind: str) -> Response:
    return jsonify(_kind_or_404(kind).model.model_json_schema())


@bp.get("/papers/<kind>/sample.json")
def sample(kind: str) -> Response:
    k = _kind_or_404(kind)
    return Response((data_dir("samples") / k.sample).read_bytes(), mimetype="application/json")


@bp.post("/papers/<kind>/preview")
def preview(kind: str) -> Response:
    require(Perm.RENDER)
    k = _kind_or_404(kind)
    document = compose_paper(k.name, json_payload())
    rendered = render_document(k.name, document, "pdf")
    return jsonify({"pages": png_pages(rendered.content), "meta": rendered.meta,
                    "title": rendered.title})


@bp.post("/papers/<kind>/download")
def download(kind: str) -> Response:
    require(Perm.RENDER)
    k = _kind_or_404(kind)
    fmt = request.args.get("format", "pdf")
    if fmt not in k.formats:
        raise InputError([FieldError(("format",), "định dạng phải là pdf hoặc docx")])
    return file_response(render_document(k.name, compose_paper(k.name, json_payload()), fmt))


@bp.get("/papers/<kind>/defaults.json")
def defaults(kind: str) -> Response:
    """What the paper dated ``date`` (default today) says for the fields the clerk leaves
    out, so the form shows them as rows to edit instead of nothing."""
    k = _kind_or_404(kind)
    try:
        on = date.fromisoformat(request.args.get("date") or today().isoformat())
    except ValueError:
        on = today()
    return jsonify(k.defaults(load_catalog(), on))


@bp.get("/reward")
def reward() -> Response:
    """The reward of an award on a date, in figures and words (shown as the clerk types)."""
    catalog = load_catalog()
    code = request.args.get("award", "")
    try:
        on = date.fromisoformat(request.args.get("date") or today().isoformat())
    except ValueError:
        on = today()
    if code not in catalog.awards:
        return jsonify({"ok": False, "message": "chưa chọn hình thức khen thưởng"})
    r = catalog.reward(code, on)
    if r is None:
        return jsonify({"ok": False, "message": "danh mục chưa có mức thưởng cho ngày này"})
    individual = money_phrase(r.individual) if r.individual is not None else None
    collective = money_phrase(r.collective) if r.collective is not None else None
    basis = (f"hệ số {r.coefficient.value} × mức lương cơ sở "
             f"{format_money(r.base_salary.amount)} (từ {short_date(r.base_salary.start)})")
    # The whole line is worded here, once; the page only shows ``text``.
    parts = [f"Mỗi cá nhân: {individual}" if individual else "",
             f"Mỗi tập thể: {collective}" if collective else ""]
    note = "" if r.verified else "; số liệu chưa kiểm chứng"
    text = " · ".join([p for p in parts if p] + [f"({basis}{note})"])
    return jsonify({"ok": True, "individual": individual, "collective": collective,
                    "basis": basis, "verified": r.verified, "text": text})


@bp.get("/batch")
@needs(Perm.BATCH_RUN)
def batch() -> str:
    actor = require()
    columns = [c for c in COLUMNS if c.field]
    return render_template("batch.html", columns=columns,
                           can_seal=actor.can(Perm.PAPER_ISSUE),
                           headers={c.field: c.header for c in columns},
                           **_form_data("certificate-meta"))


@bp.get("/batch/meta-schema.json")
def meta_schema() -> Response:
    return jsonify(CertificateMeta.model_json_schema())


@bp.get("/batch/meta-sample.json")
def meta_sample() -> Response:
    """The batch page's sample: the certificate sample without its people, issued in the
    name of the signed-in clerk's agency (certificates are printed only in one's own)."""
    data = json.loads((data_dir("samples") / "certificate.json").read_text("utf-8"))
    data.pop("recipients", None)
    actor = current_actor()
    agency = services().catalog().agency(actor.agency) if actor and actor.agency else None
    if agency is not None:
        data["issuer"] = {**data["issuer"], "name": agency.name, "symbol": agency.symbol,
                          "place": agency.place}
        data["issuer"].pop("parent", None)
        if agency.parent:
            data["issuer"]["parent"] = agency.parent
    return jsonify(data)


@bp.get("/batch/mau-danh-sach.xlsx")
def batch_template() -> Response:
    """An XLSX with the headers the import understands, and one example row."""
    resp = Response(template_xlsx(), mimetype=MEDIA_TYPES["xlsx"])
    resp.headers["Content-Disposition"] = 'attachment; filename="mau-danh-sach.xlsx"'
    return resp

