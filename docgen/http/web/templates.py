"""The pages of an agency's templates: "Mẫu của đơn vị" (the templates an office may use,
and, for whoever manages them, the editor: checked on save with each problem's place, a
preview with the fields' sample values, the versions and the one in use) and "Tạo từ mẫu"
(a form asking exactly the template's fields: preview, PDF, DOCX, a draft in the registry).

Plain HTML forms, no script: views parse and answer, the templates service decides.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from docgen.catalog import load_catalog
from docgen.compose.common import one_line
from docgen.errors import FieldError, InputError
from docgen.http.actor import needs, require
from docgen.http.api.responses import file_response
from docgen.http.context import services
from docgen.http.web.preview import png_pages
from docgen.kinds import KINDS
from docgen.service import compose_paper, render_document, render_paper
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.papers import REGISTRABLE
from docgen.templates import FIELD_TYPES, TemplateSpec
from docgen.templates.sandbox import FILTERS
from docgen.vn.dates import parse_day, short_date
from docgen.vn.text import shorten

bp = Blueprint("templates", __name__, url_prefix="/templates")

#: Empty rows a list field shows at first (more with "Thêm dòng").
FIRST_ROWS = 3


def _agency_name(code: str) -> str:
    agency = load_catalog().agency(code)
    return one_line(agency.name) if agency else code


def _row(t: Any, actor: Actor) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "kind": KINDS[t.kind].label if t.kind in KINDS
            else t.kind, "agency": _agency_name(t.agency), "version": t.current_version,
            "shared": t.shared, "own": actor.acts_on(t.agency)}


def _as_draft(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """A preview carries the draft mark where the kind has one."""
    return data | {"draft": True} if "draft" in KINDS[kind].model.model_fields else data


@bp.get("/")
@needs(Perm.RENDER)
def index() -> str:
    actor = require()
    items = [_row(t, actor) for t in services().templates.list(actor)]
    return render_template("templates/list.html", items=items,
                           manage=actor.can(Perm.TEMPLATE_MANAGE),
                           kinds=[(k.name, k.label) for k in KINDS.values()])


# -- the editor ----------------------------------------------------------------------------

def _editor(form: dict[str, str], *, template: Any = None, versions: Any = None,
            errors: list[dict[str, Any]] | None = None, preview: list[str] | None = None,
            status: int = 200) -> tuple[str, int]:
    return render_template(
        "templates/edit.html", form=form, template=template, versions=versions or [],
        errors=errors or [], preview=preview or [], kinds=list(KINDS.values()),
        field_types=FIELD_TYPES, filters=FILTERS), status


def _form_of(spec: dict[str, Any], shared: bool) -> dict[str, str]:
    return {"kind": spec["kind"], "name": spec["name"], "shared": "1" if shared else "",
            "fields": json.dumps(spec.get("fields", []), ensure_ascii=False, indent=2),
            "defaults": json.dumps(spec.get("defaults", {}), ensure_ascii=False, indent=2),
            "body": spec.get("body", "")}


@bp.get("/new")
def new() -> tuple[str, int]:
    require(Perm.TEMPLATE_MANAGE)
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else "official-letter"
    return _editor({"kind": kind or "", "name": "", "shared": "", "fields": "[]",
                    "defaults": "{}", "body": ""})


@bp.get("/<int:template_id>/edit")
def edit(template_id: int) -> tuple[str, int]:
    actor = require(Perm.TEMPLATE_MANAGE)
    svc = services().templates
    t, versions = svc.get(template_id, actor)
    if not actor.acts_on(t.agency):
        abort(403)
    version = request.args.get("version", type=int)
    _, _, spec = svc.spec(template_id, actor, version)
    return _editor(_form_of(spec.content(), t.shared), template=t, versions=versions)


def _parsed(form: dict[str, str]) -> dict[str, Any]:
    """The template from the editor's boxes; a box that is not JSON is a located error."""
    out: dict[str, Any] = {"kind": form["kind"], "name": form["name"],
                           "shared": bool(form.get("shared")), "body": form["body"]}
    errors = []
    for key, empty in (("fields", "[]"), ("defaults", "{}")):
        try:
            out[key] = json.loads(form.get(key) or empty)
        except json.JSONDecodeError as exc:
            errors.append(FieldError((key,), f"không phải JSON hợp lệ (dòng {exc.lineno}, cột "
                                     f"{exc.colno})", "json_invalid"))
    if errors:
        raise InputError(errors)
    return out


def _error_rows(exc: InputError) -> list[dict[str, Any]]:
    return [{"where": _where(e.loc), **e.as_dict()} for e in exc.errors]


_PARTS = {"body": "Nội dung", "fields": "Trường", "defaults": "Giá trị đặt sẵn",
          "name": "Tên mẫu", "kind": "Loại văn bản", "values": "Giá trị",
          "input": "Văn bản"}


def _where(loc: tuple[str | int, ...]) -> str:
    words = [_PARTS.get(str(loc[0]), str(loc[0]))] if loc else []
    words += [f"số {p + 1}" if isinstance(p, int) else str(p) for p in loc[1:]]
    return " › ".join(words)


@bp.post("/save")
def save() -> ResponseReturnValue:
    actor = require(Perm.TEMPLATE_MANAGE)
    svc = services().templates
    form = {k: request.form.get(k, "") for k in ("kind", "name", "shared", "fields",
                                                   "defaults", "body")}
    template_id = request.form.get("template_id", type=int)
    template, versions = svc.get(template_id, actor) if template_id else (None, None)
    action = request.form.get("action", "save")
    try:
        data = _parsed(form)
        spec = svc.check(data)
        if action == "preview":
            document = compose_paper(spec.kind, _as_draft(spec.kind, svc.preview_input(spec)))
            pdf = render_document(spec.kind, document, "pdf").content
            return _editor(form, template=template, versions=versions,
                           preview=png_pages(pdf, pages=2, dpi=70))
        t, v = svc.update(template_id, data, actor) if template_id else svc.create(data, actor)
    except InputError as exc:
        return _editor(form, template=template, versions=versions, errors=_error_rows(exc),
                       status=422)
    flash(f"Đã lưu mẫu “{t.name}”, phiên bản {v.version} (phiên bản đang dùng: "
          f"{t.current_version}).", "ok")
    return redirect(url_for("templates.edit", template_id=t.id))


@bp.post("/<int:template_id>/use")
def use(template_id: int) -> ResponseReturnValue:
    actor = require(Perm.TEMPLATE_MANAGE)
    version = request.form.get("version", type=int) or 0
    t = services().templates.use_version(template_id, version, actor)
    flash(f"Từ nay dùng phiên bản {t.current_version} của mẫu “{t.name}”.", "ok")
    return redirect(url_for("templates.edit", template_id=t.id))


# -- using a template ----------------------------------------------------------------------

def _values(spec: TemplateSpec) -> tuple[dict[str, Any], dict[str, Any], list[FieldError]]:
    """(the values typed, as the service reads them; what to show again in the boxes;
    the dates that could not be read)."""
    form = request.form
    values: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    errors: list[FieldError] = []

    def read(key: str, typ: str, loc: tuple[str | int, ...], label: str) -> Any:
        raw = (form.get(key) or "").strip()
        shown[key] = raw
        if not raw:
            return None
        if typ == "date":
            try:
                return parse_day(raw).isoformat()
            except ValueError as exc:
                errors.append(FieldError(("values", *loc), f"{label}: {exc}"))
                return None
        return raw

    for f in spec.fields:
        if f.type == "rows":
            count = max(form.get(f"rows-{f.name}", type=int) or FIRST_ROWS, 1)
            if request.form.get("add") == f.name:
                count += 1
            count = min(count, 200)
            shown[f"rows-{f.name}"] = count
            rows = []
            for i in range(count):
                row = {c.name: read(f"v-{f.name}-{i}-{c.name}", c.type, (f.name, i, c.name),
                                    f"{f.label}, dòng {i + 1}, {c.label}") for c in f.columns}
                if any(v is not None for v in row.values()):
                    rows.append({k: v for k, v in row.items() if v is not None})
            if rows or f.required:
                values[f.name] = rows
        else:
            value = read(f"v-{f.name}", f.type, (f.name,), f.label)
            if value is not None:
                values[f.name] = value
    return values, shown, errors


def _fill_page(t: Any, spec: TemplateSpec, version: int, *, shown: dict[str, Any] | None = None,
               errors: list[dict[str, Any]] | None = None, preview: list[str] | None = None,
               status: int = 200) -> tuple[str, int]:
    actor = require()
    return render_template(
        "templates/fill.html", template=t, spec=spec, version=version, shown=shown or {},
        errors=errors or [], preview=preview or [], first_rows=FIRST_ROWS,
        can_draft=actor.can(Perm.PAPER_DRAFT) and t.kind in REGISTRABLE,
        kind_label=KINDS[t.kind].label, today=short_date), status


@bp.get("/<int:template_id>/fill")
@needs(Perm.RENDER)
def fill_form(template_id: int) -> tuple[str, int]:
    actor = require()
    t, v, spec = services().templates.spec(template_id, actor)
    return _fill_page(t, spec, v.version)


@bp.post("/<int:template_id>/fill")
def fill(template_id: int) -> ResponseReturnValue:
    actor = require(Perm.RENDER)
    svc = services().templates
    t, v, spec = svc.spec(template_id, actor)
    values, shown, date_errors = _values(spec)
    action = request.form.get("action", "preview")
    if request.form.get("add"):
        return _fill_page(t, spec, v.version, shown=shown)
    try:
        if date_errors:
            raise InputError(date_errors)
        if action == "draft":
            paper = svc.draft(template_id, values, actor)
            flash(f"Đã lưu vào sổ: dự thảo từ mẫu “{t.name}”, phiên bản {v.version}.", "ok")
            return redirect(url_for("office.paper", paper_id=paper.id))
        filled = svc.fill(template_id, values, actor)
        if action in ("pdf", "docx"):
            return file_response(render_paper(filled.kind, filled.input, action))
        pdf = render_paper(filled.kind, _as_draft(filled.kind, filled.input), "pdf").content
        return _fill_page(t, spec, v.version, shown=shown, preview=png_pages(pdf, dpi=70))
    except InputError as exc:
        return _fill_page(t, spec, v.version, shown=shown, errors=_error_rows(exc), status=422)


@bp.app_template_filter("template_title")
def _template_title(name: str) -> str:
    return shorten(name, 120)
