"""The clerks' pages. Forms post JSON (built in the browser from the model's JSON Schema)
to the same service as the API; errors come back with their field paths and are shown
next to the fields, so nothing typed is lost."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

from docgen.accounts.identity import require
from docgen.accounts.permissions import Perm
from docgen.api.responses import file_response, json_payload
from docgen.catalog import load_catalog
from docgen.errors import FieldError, InputError
from docgen.kinds import KINDS
from docgen.model.certificate import CertificateMeta
from docgen.resources import data_dir
from docgen.service import compose_paper, render_document
from docgen.vn.dates import short_date
from docgen.vn.money import format_money, money_phrase
from docgen.web.labels import LABELS
from docgen.web.preview import png_pages

bp = Blueprint("web", __name__)


def _kind_or_404(kind: str) -> Any:
    if kind not in KINDS:
        abort(404)
    return KINDS[kind]


@bp.get("/")
def home() -> str:
    return render_template("home.html", kinds=list(KINDS.values()))


@bp.get("/papers/<kind>")
def form(kind: str) -> str:
    require(Perm.RENDER)
    k = _kind_or_404(kind)
    catalog = load_catalog()
    return render_template("form.html", kind=k, labels=LABELS,
                           agencies=[a.model_dump() for a in catalog.agencies],
                           awards=[{"code": a.code, "name": a.name} for a in
                                   catalog.awards.values()])


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


@bp.get("/reward")
def reward() -> Response:
    """The reward of an award on a date, in figures and words (shown as the clerk types)."""
    catalog = load_catalog()
    code = request.args.get("award", "")
    try:
        on = date.fromisoformat(request.args.get("date") or date.today().isoformat())
    except ValueError:
        on = date.today()
    if code not in catalog.awards:
        return jsonify({"ok": False, "message": "chưa chọn hình thức khen thưởng"})
    r = catalog.reward(code, on)
    if r is None:
        return jsonify({"ok": False, "message": "danh mục chưa có mức thưởng cho ngày này"})
    return jsonify({
        "ok": True,
        "individual": money_phrase(r.individual) if r.individual is not None else None,
        "collective": money_phrase(r.collective) if r.collective is not None else None,
        "basis": (f"hệ số {r.coefficient.value} × mức lương cơ sở "
                  f"{format_money(r.base_salary.amount)} (từ {short_date(r.base_salary.start)})"),
        "verified": r.verified,
    })


@bp.get("/batch")
def batch() -> str:
    require(Perm.BATCH_RUN)
    catalog = load_catalog()
    return render_template("batch.html", labels=LABELS,
                           agencies=[a.model_dump() for a in catalog.agencies],
                           awards=[{"code": a.code, "name": a.name}
                                   for a in catalog.awards.values()])


@bp.get("/batch/meta-schema.json")
def meta_schema() -> Response:
    return jsonify(CertificateMeta.model_json_schema())


@bp.get("/batch/meta-sample.json")
def meta_sample() -> Response:
    data = json.loads((data_dir("samples") / "certificate.json").read_text("utf-8"))
    data.pop("recipients", None)
    return jsonify(data)


@bp.get("/batch/mau-danh-sach.xlsx")
def batch_template() -> Response:
    """An XLSX with the headers the import understands, and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    headers = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Tập thể (x)",
               "Thành tích"]
    ws.append(headers)
    ws.append([1, "Nguyễn Văn Bình", "nam", "Kiểm sát viên cao cấp",
               "Viện kiểm sát nhân dân cấp cao 1", "", ""])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFG", (6, 28, 10, 26, 40, 12, 50), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    resp = Response(buf.getvalue(), mimetype="application/vnd.openxmlformats-officedocument"
                                             ".spreadsheetml.sheet")
    resp.headers["Content-Disposition"] = 'attachment; filename="mau-danh-sach.xlsx"'
    return resp

