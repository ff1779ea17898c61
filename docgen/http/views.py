"""How the HTTP face shows the registry's records: a paper as the API's JSON, its history
with the labels of its actions, a commendation round, and what the public verification
pages may see of a paper or a certificate (nothing private). Pages and API share these;
the registry knows none."""

from __future__ import annotations

import json
from typing import Any

from docgen.catalog import load_catalog
from docgen.kinds import KINDS, get_kind
from docgen.services.registry import copies
from docgen.services.registry.certificates import decision_text
from docgen.services.registry.models import AuditEntry, Certificate, Paper, Round, RoundNomination
from docgen.services.registry.papers import issuer_name
from docgen.services.registry.steps import STATUS_LABELS
from docgen.services.rounds.service import STATUS_LABELS as ROUND_STATUS
from docgen.services.rounds.service import RoundView, nomination_of

#: Audit actions, with what the history shows.
ACTION_LABELS: dict[str, str] = {
    "create": "Tạo dự thảo", "edit": "Sửa", "submit": "Trình duyệt", "approve": "Duyệt",
    "return": "Trả lại", "issue": "Ban hành", "revoke": "Thu hồi", "download": "Tải tệp",
    "sign": "Ký số", "login": "Đăng nhập", "login_failed": "Đăng nhập sai",
    "logout": "Đăng xuất", "copy": "Nhân bản", "make_copy": "Tạo bản sao",
    "round_create": "Mở đợt xét", "round_edit": "Sửa đợt xét",
    "nomination_add": "Thêm đề nghị", "nomination_edit": "Sửa đề nghị",
    "nomination_remove": "Xóa đề nghị", "nomination_import": "Nhập đề nghị từ tệp XLSX",
    "nomination_file": "Tệp báo cáo thành tích",
    "round_meeting": "Ghi kết quả họp",
    "round_papers": "Tạo hồ sơ",
}


def certificate_view(cert: Certificate, decision: Paper | None = None) -> dict[str, Any]:
    """What the public page shows of a certificate, with the decision it carries out:
    the registry's (its own verification code, to look it up too), or one the batch cited
    from outside the registry, said as such."""
    return {"kind": "Bằng khen, Giấy khen", "title": cert.title,
            "date": cert.issued_on.isoformat(), "issuer": cert.issuer,
            "recipient": cert.recipient, "status": cert.status, "revoked_reason": None,
            "register_number": cert.register_number, "decision": decision_text(cert),
            "decision_external": bool(cert.decision_external),
            "decision_code": decision.verify_code if decision is not None else None}


def kind_label(paper: Paper) -> str:
    """What a paper is, for people: its kind's name, or a copy's form (``Bản sao y``)."""
    if paper.kind == copies.COPY_KIND:
        form = load_catalog().copy_forms.get(copies.copy_input(paper).copy_form)
        return form.name if form else "Bản sao"
    return get_kind(paper.kind).label if paper.kind in KINDS else paper.kind


def public_view(paper: Paper, copy: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the verification page may show: nothing private. ``copy``: for a copy, what
    ``Registry.copy_view`` says of it (its form and the paper it copies, which the page
    shows with that paper's own code)."""
    if copy is not None:
        original = copy["of"] or {}
        return {"kind": copy["label"], "title": paper.title, "number": paper.number,
                "symbol": paper.symbol,
                "date": paper.issued_on.isoformat() if paper.issued_on else None,
                "issuer": issuer_name(paper), "recipient": None, "status": paper.status,
                "revoked_reason": paper.revoked_reason,
                "copy_of": {k: original.get(k) for k in ("title", "number", "date",
                                                         "verify_code", "status")},
                "electronic": copy["electronic"], "parts": copy["parts"]}
    payload = json.loads(paper.input_json)
    recipient = None
    people = payload.get("individuals") or []
    units = payload.get("collectives") or []
    if len(people) + len(units) == 1:
        recipient = (people or units)[0].get("name")
    return {"kind": kind_label(paper), "title": paper.title,
            "number": paper.number, "symbol": paper.symbol,
            "date": paper.issued_on.isoformat() if paper.issued_on else None,
            "issuer": issuer_name(paper),
            "recipient": recipient, "status": paper.status,
            "revoked_reason": paper.revoked_reason}


def history_json(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    return [{"actor": e.actor, "action": e.action, "label": ACTION_LABELS.get(e.action, e.action),
             "at": e.at.isoformat(), "detail": e.detail, "minted_by": e.minted_by}
            for e in entries]


def paper_json(paper: Paper, *, with_input: bool = False,
               history: list[AuditEntry] | None = None,
               copy: dict[str, Any] | None = None) -> dict[str, Any]:
    """A paper as the API answers it; ``copy``: for a copy, ``Registry.copy_view``."""
    out: dict[str, Any] = {
           "id": paper.id, "kind": paper.kind, "agency": paper.agency, "status": paper.status,
           "status_label": STATUS_LABELS.get(paper.status, paper.status),
           "created_by": paper.created_by, "complete": paper.complete,
           "title": paper.title, "year": paper.year, "number": paper.number,
           "symbol": paper.symbol, "date": paper.issued_on.isoformat() if paper.issued_on
           else None, "verify_code": paper.verify_code, "docx_sha256": paper.docx_sha256,
           "pdf_sha256": paper.pdf_sha256, "revoked_reason": paper.revoked_reason,
           "created_at": paper.created_at.isoformat(), "updated_at": paper.updated_at.isoformat(),
           "template": {"id": paper.template_id, "version": paper.template_version}
           if paper.template_id else None, "copy_of": paper.copy_of}
    if copy is not None:
        out["copy"] = copy
    if with_input:
        out["input"] = json.loads(paper.input_json)
    if history is not None:
        out["history"] = history_json(history)
    return out


def round_json(rnd: Round, nominations: int | None = None) -> dict[str, Any]:
    """A round's row as the API lists it."""
    out: dict[str, Any] = {
        "id": rnd.id, "agency": rnd.agency, "year": rnd.year, "title": rnd.title,
        "status": rnd.status, "status_label": ROUND_STATUS.get(rnd.status, rnd.status),
        "version": rnd.version, "created_by": rnd.created_by,
        "created_at": rnd.created_at.isoformat(), "updated_at": rnd.updated_at.isoformat()}
    if nominations is not None:
        out["nominations"] = nominations
    return out


def nomination_json(row: RoundNomination) -> dict[str, Any]:
    """One nomination: its id, the unit that proposed it, and what the round model reads."""
    out = {"id": row.id, "unit": row.unit, "created_by": row.created_by,
           "nomination": nomination_of(row)}
    if row.report_sha256 is not None:
        out["report_file"] = {"filename": row.report_filename, "format": row.report_format,
                              "sha256": row.report_sha256}
    return out


def round_view_json(view: RoundView) -> dict[str, Any]:
    """A round with its head, its nominations in order, its papers and its history."""
    head = view.head
    return {**round_json(view.round),
            "issuer": head.get("issuer"), "council": head.get("council"),
            "meeting": head.get("meeting"), "proposal": head.get("proposal"),
            "nominations": [nomination_json(r) for r in view.nominations],
            "papers": [{**paper_json(p), "slot": p.round_slot} for p in view.papers],
            "minutes_issued": view.minutes_issued,
            "history": history_json(view.history)}
