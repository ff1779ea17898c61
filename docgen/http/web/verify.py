"""The public verification page: ``/verify/<code>`` shows what was issued (kind, number,
date, recipient, issuer, status) and nothing private; a PDF uploaded there is checked
against the SHA-256 stored when the paper was issued, and its digital signatures are
reported one by one (who, when, intact, only allowed changes after, trusted)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from docgen.errors import InputError
from docgen.http.auth import public
from docgen.http.context import services, settings
from docgen.services.registry.codes import typed_code
from docgen.services.registry.papers import certificate_view, public_view
from docgen.signing.verify import load_trust_roots, verify_pdf

bp = Blueprint("verify", __name__, url_prefix="/verify")


@bp.get("/")
@public
def start() -> ResponseReturnValue:
    """Where someone holding a paper types the code printed on it (``?code=`` from the box
    on every verification page): on to ``/verify/<code>``."""
    code = typed_code(request.args.get("code") or "")
    if code:
        return redirect(url_for("verify.show", code=code))
    return render_template("verify.html", code=None, paper=None, check=None)


@bp.route("/<code>", methods=["GET", "POST"])
@public
def show(code: str) -> tuple[str, int]:
    reg = services().registry
    paper = reg.by_code(code)
    if paper is None:
        cert = reg.certificate_by_code(code)
        if cert is None:
            return render_template("verify.html", code=code, paper=None, check=None), 404
        return render_template("verify.html", code=code,
                               paper=certificate_view(cert, reg.decision_of(cert)),
                               check=None, certificate=True), 200
    check, signatures, unreadable = None, None, False
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        match = reg.by_pdf(data) if data else None
        # A file that is no PDF at all (a DOCX, a photo) was picked by mistake: it is not
        # checked, not called altered. A damaged PDF is a copy that differs: mismatch.
        check = "empty" if not data else "not_pdf" if not data.lstrip()[:5] == b"%PDF-" \
            else "match" if match and match.id == paper.id else "mismatch"
        if check in ("match", "mismatch"):
            try:
                signatures = _signatures(data)
            except InputError:
                unreadable = True
    return render_template("verify.html", code=code, paper=public_view(paper), check=check,
                           signatures=signatures, unreadable=unreadable), 200


def _signatures(data: bytes):
    """The same facts as ``POST /api/v1/verify`` and ``docgen verify``."""

    config = settings()
    return verify_pdf(data, load_trust_roots(config.trust_roots)).signatures
