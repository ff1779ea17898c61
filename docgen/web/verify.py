"""The public verification page: ``/verify/<code>`` shows what was issued (kind, number,
date, recipient, issuer, status) and nothing private; a PDF uploaded there is checked
against the SHA-256 stored when the paper was issued."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from docgen.accounts.web import public
from docgen.registry.papers import certificate_view, public_view
from docgen.registry.wiring import registry

bp = Blueprint("verify", __name__, url_prefix="/verify")


@bp.route("/<code>", methods=["GET", "POST"])
@public
def show(code: str) -> tuple[str, int]:
    reg = registry()
    paper = reg.by_code(code)
    if paper is None:
        cert = reg.certificate_by_code(code)
        if cert is None:
            return render_template("verify.html", code=code, paper=None, check=None), 404
        return render_template("verify.html", code=code, paper=certificate_view(cert),
                               check=None, certificate=True), 200
    check = None
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        match = reg.by_pdf(data) if data else None
        check = "empty" if not data else ("match" if match and match.id == paper.id else
                                          "mismatch")
    return render_template("verify.html", code=code, paper=public_view(paper), check=check), 200
