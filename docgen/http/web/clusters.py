"""The cluster's year page (``/clusters/<id>``) for the khối trưởng and the members: the
scoring grid of one member with its live total and rank, the reviews with their comments
and explanations, the lock, the meeting, "Tạo biên bản" and "Tạo tờ trình"; and the list
of the years one's agency takes part in (``/clusters/``).

The pages only show: every change goes through the JSON API (``/api/v1/clusters``) from
``cluster.js`` with the page's CSRF token, and the page is shown again from the server's
answer, so the totals a person sees after saving are the server's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, render_template, request

from docgen.catalog import load_catalog
from docgen.compose.common import one_line
from docgen.http.actor import needs, require
from docgen.http.context import services
from docgen.model.scoring import KIND_LABELS, Criterion, ScoringYear, TargetResult, plain
from docgen.scoring.engine import latest_reviews
from docgen.services.accounts.permissions import Perm
from docgen.services.scoring.service import scored_criteria, year_json, year_summary
from docgen.vn.money import format_decimal

bp = Blueprint("clusters", __name__, url_prefix="/clusters")


@bp.app_template_filter("vn_number")
def vn_number(value: Any) -> str:
    """A score or a figure as people read it: ``70,33``, ``1.234,5`` (``vn.money``)."""
    return format_decimal(Decimal(str(value)))


def _agency_name(code: str) -> str:
    agency = load_catalog().agency(code)
    return one_line(agency.name) if agency else code


@bp.get("/")
@needs(Perm.CLUSTER_READ)
def index() -> str:
    actor = require()
    items = [year_summary(r) | {"organiser_name": _agency_name(r.organiser)}
             for r in services().clusters.list(actor)]
    return render_template("clusters/list.html", items=items)


@bp.get("/new")
def new() -> str:
    """Set a year up from an issued pledge of one's agency: each unit's agency, and the
    table (last year's, or pasted as JSON); ``cluster-new.js`` sends it to the API."""
    actor = require(Perm.CLUSTER_ORGANISE)
    pledges, _ = services().registry.search(actor, kind="pledge", status="issued",
                                            per_page=50)
    chosen = request.args.get("pledge", type=int)
    start, has_table = (services().clusters.pledge_start(chosen, actor) if chosen
                        else (None, False))
    agencies = [(a.code, one_line(a.name)) for a in load_catalog().agencies]
    return render_template("clusters/new.html", pledges=pledges, chosen=chosen, start=start,
                           has_table=has_table, agencies=agencies)


def _rows(year: ScoringYear) -> list[dict[str, Any]]:
    """The table of criteria in order: sections as headings, criteria with their kind."""
    out: list[dict[str, Any]] = []

    def walk(nodes: list[Criterion], depth: int) -> None:
        for c in nodes:
            if c.children is not None:
                out.append({"section": True, "code": c.code, "name": c.name, "depth": depth})
                walk(c.children, depth + 1)
            else:
                out.append({"section": False, "code": c.code, "name": c.name,
                            "type": c.type, "kind": KIND_LABELS[c.type or "pass"],
                            "max": c.max, "points": c.points, "unit": c.unit})
    walk(year.criteria, 0)
    return out


def _cell(result: Any) -> dict[str, Any]:
    """A member's result as the grid's inputs show it."""
    if result is None:
        return {}
    evidence = getattr(result, "evidence", None)
    value = plain(result)
    if isinstance(value, TargetResult):
        return {"actual": value.actual, "target": value.target, "evidence": evidence}
    return {"value": value, "evidence": evidence}


@bp.get("/<int:year_id>")
def year(year_id: int) -> str:
    actor = require()
    svc = services().clusters
    loaded = svc.get(year_id, actor)
    standing = svc.standing(loaded, actor)
    data = year_json(loaded, standing, actor, services().catalog())
    codes = [m.code for m in loaded.year.members]
    shown = request.args.get("member") or standing.member or codes[0]
    if shown not in codes:
        shown = codes[0]
    doc = loaded.year
    reviews = {r.criterion: r for r in latest_reviews(doc) if r.member == shown}
    scores = {m["code"]: m for m in data["scores"]["members"]}
    results = doc.results.get(shown, {})
    return render_template(
        "clusters/year.html", data=data, shown=shown, doc=doc,
        member=doc.member(shown), rows=_rows(doc),
        cells={code: _cell(results.get(code)) for code in
               [c.code for c in doc.leaves()]},
        reviews={k: {"self": _cell(r.self_), "review": _cell(r.review), "comment": r.comment,
                     "explanation": r.explanation, "final": r.final is not None,
                     "reviewer": r.reviewer} for k, r in reviews.items()},
        scores=scores, organiser=_agency_name(loaded.row.organiser),
        editable=data["you"]["may"]["score"] and standing.member == shown,
        head=doc.member(doc.cluster.head).name,
        # The awards a leading unit may be proposed for: the catalog's flags (Cờ thi đua).
        flags=[(a.code, a.name) for a in load_catalog().awards.values()
               if a.category == "flag"],
        vote=data["scores"]["vote"],
        # The table editor ("Bảng tiêu chí", criteria.js): the criteria already scored keep
        # their code and kind.
        scored=sorted(scored_criteria(doc)), kinds=KIND_LABELS,
        # The members' editor (before anyone scores): each unit's agency, the catalog's.
        member_agencies=loaded.members,
        agency_names={code: _agency_name(a) for code, a in loaded.members.items()},
        agencies=[(a.code, one_line(a.name)) for a in load_catalog().agencies]
        if data["you"]["may"]["members"] else [])
