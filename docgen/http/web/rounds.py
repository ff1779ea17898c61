"""The pages of commendation rounds (Xét khen thưởng): the rounds of a year with the form
that opens one, and a round's page: its nominations (added one by one or pasted from a
spreadsheet), the council's meeting and the secretary's vote grid, the check and
*Tạo hồ sơ*. The page's script (``web/static/rounds.js``) acts through the API
(``/api/v1/rounds…``) with the page's CSRF token, so every rule is the service's; what the
page hides or shows is a convenience, never the check.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from docgen.catalog import load_catalog
from docgen.errors import FieldError, InputError
from docgen.http.actor import needs, require
from docgen.http.context import services
from docgen.http.views import round_view_json
from docgen.http.web.labels import field_label
from docgen.model.round import same_name
from docgen.model.types import FIRST_DATE, LAST_DATE
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.steps import STATUS_LABELS as PAPER_STATUS
from docgen.services.rounds.service import STATUS_LABELS as ROUND_STATUS
from docgen.services.rounds.service import nomination_of, nominee_name
from docgen.vn.dates import short_date, today

bp = Blueprint("rounds_web", __name__, url_prefix="/rounds")


def _year() -> int:
    raw = (request.args.get("year") or "").strip()
    if raw.isdigit() and FIRST_DATE.year <= int(raw) <= LAST_DATE.year:
        return int(raw)
    if raw:
        raise InputError([FieldError(("year",), f"năm phải từ {FIRST_DATE.year} đến "
                                     f"{LAST_DATE.year}")])
    return today().year


@bp.app_template_filter("moment")
def _moment(value: str | None) -> str:
    """A stored moment (``2026-12-18T14:00``) as typed on the page: ``18/12/2026 14:00``."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return f"{short_date(moment.date())} {moment:%H:%M}"


@bp.get("/")
@needs(Perm.ROUND_READ)
def index() -> str:
    actor = require(Perm.ROUND_READ)
    year = _year()
    return render_template("rounds/list.html", year=year,
                           rounds=services().rounds.search(actor, year=year),
                           can_open=actor.can(Perm.ROUND_MANAGE), form={}, errors={},
                           status_labels=ROUND_STATUS)


@bp.post("/")
def open_round() -> ResponseReturnValue:
    actor = require(Perm.ROUND_READ)
    raw_year = (request.form.get("year") or "").strip()
    form = {"year": raw_year, "title": request.form.get("title", "")}
    body: dict[str, Any] = {"year": int(raw_year) if raw_year.isdigit() else raw_year,
                            "title": form["title"]}
    try:
        rnd = services().rounds.create(body, actor)
    except InputError as exc:
        errors = {str(e.loc[0]) if e.loc else "": e.msg for e in exc.errors}
        year = body["year"] if isinstance(body["year"], int) else today().year
        return render_template("rounds/list.html", year=year,
                               rounds=services().rounds.search(actor, year=year),
                               can_open=actor.can(Perm.ROUND_MANAGE), form=form,
                               errors=errors, status_labels=ROUND_STATUS), 422
    flash("Đã mở đợt xét khen thưởng.", "ok")
    return redirect(url_for("rounds_web.show", round_id=rnd.id))


@bp.get("/<int:round_id>")
def show(round_id: int) -> str:
    actor = require(Perm.ROUND_READ)
    rounds = services().rounds
    view = rounds.get(round_id, actor)
    catalog = load_catalog()
    acts = actor.acts_on(view.round.agency)
    manage = acts and actor.can(Perm.ROUND_MANAGE) and not view.minutes_issued
    nominate = manage or (acts and actor.can(Perm.ROUND_NOMINATE) and bool(actor.unit)
                          and view.round.status == "open")
    rows = []
    for row in view.nominations:
        data = rounds_row(row)
        award = catalog.awards.get(data["award"])
        rows.append({**data, "award_name": award.name if award else data["award"],
                     "editable": manage or (nominate and row.unit is not None
                                            and actor.unit is not None
                                            and same_name(row.unit, actor.unit))})
    page = {
        "round": round_view_json(view),
        "awards": [{"code": code, "name": a.name, "person": a.for_persons,
                    "collective": a.for_collectives} for code, a in catalog.awards.items()],
        "unit": actor.unit, "manage": manage,
        "labels": {**{key: field_label((key,), "council-minutes") for key in LABELLED},
                   **ROUND_LABELS},
        "api": url_for("api_rounds.get_round", round_id=round_id),
        "check": url_for("api_rounds.rounds_check"),
        "registry": url_for("office.papers"),
    }
    return render_template(
        "rounds/round.html", view=view, rows=rows, page=page, manage=manage,
        nominate=nominate, unit=actor.unit, agency=rounds.agency_name(view.round),
        make_papers=acts and actor.can(Perm.ROUND_PAPERS) and not view.minutes_issued,
        paper_status=PAPER_STATUS, awards=page["awards"],
        council=view.head.get("council"), meeting=view.head.get("meeting") or {})


#: The round's own fields, which no paper's form names (the model's descriptions).
ROUND_LABELS = {"recruited": "Ngày tuyển dụng", "proposed_by": "Đơn vị đề nghị",
                "votes": "Số phiếu", "written_votes": "Ý kiến bằng văn bản",
                "written_opinion": "Có ý kiến bằng văn bản", "nomination": "Đề nghị",
                "version": "Phiên bản", "report": "Báo cáo thành tích",
                "achievements": "Thành tích đạt được", "certifier": "Người xác nhận",
                "duties": "Chức năng, nhiệm vụ", "features": "Đặc điểm, tình hình",
                "head": "Thủ trưởng tập thể", "file": "Tệp"}
#: Field names whose labels the page's script shows with a refused field.
LABELLED = ("award", "proposed_by", "person", "collective", "name", "gender", "position",
            "unit", "achievement", "meeting", "start", "end", "place", "chair", "secretary",
            "absent", "reason", "ballots", "issued", "returned", "valid", "council",
            "members", "role", "votes", "nominations", "version", "title", "proposal")


def rounds_row(row: Any) -> dict[str, Any]:
    """A nomination as the page's table shows it: its id, unit, who and what."""
    data = nomination_of(row)
    person = data.get("person") or {}
    data.update(id=row.id, unit=row.unit, name=nominee_name(data),
                detail=", ".join(x for x in (person.get("position"), person.get("unit")) if x),
                votes=row.votes, report_file=row.report_format.upper()
                if row.report_format else None)
    return data

