"""Small helpers shared by the signing tests: render a paper without number and date, sign
it with a test identity, read what a PDF's signature appearances embed."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.signing.appearance import Appearance
from docgen.signing.keys import Pkcs12Key
from docgen.signing.sign import SignOptions, sign_pdf
from tests.conftest import CHEAP_HASHING
from tests.signing.conftest import P12_PASSWORD, Identity


def unnumbered_pdf(sample: Any, kind: str = "award-decision") -> bytes:
    """The PDF of a sample paper rendered without number and date (as a leader signs it)."""
    from docgen.render import pdf as pdf_renderer
    from docgen.service import compose_paper

    data = sample(kind)
    data.pop("number", None)
    data.pop("date", None)
    return pdf_renderer.render(compose_paper(kind, data))


def sign_as(pdf: bytes, who: Identity, field: str, *, image: bytes | None = None,
            seal: bytes | None = None, agency_name: str | None = None,
            **options: Any) -> bytes:
    key = Pkcs12Key(who.p12(), P12_PASSWORD)
    look = Appearance(signature_png=image, seal_png=seal, agency_name=agency_name)
    return sign_pdf(pdf, key, SignOptions(field=field, appearance=look, **options))


def appearance_fonts(pdf: bytes) -> list[dict[str, Any]]:
    """Every font reachable from every annotation appearance stream: name, subtype and
    whether its program is embedded (for the PDF/A checks)."""
    import pikepdf

    found = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        def walk(obj: Any, seen: set[tuple[int, int]]) -> None:
            if isinstance(obj, pikepdf.Object) and obj.is_indirect:
                key = obj.objgen
                if key in seen:
                    return
                seen.add(key)
            if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
                if obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                    descendants = obj.get("/DescendantFonts")
                    desc = (descendants[0] if descendants else obj).get("/FontDescriptor")
                    embedded = desc is not None and any(
                        k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    found.append({"name": str(obj.BaseFont), "subtype": str(obj.Subtype),
                                  "embedded": embedded})
                for k in obj.keys():
                    if k not in ("/Parent", "/P"):
                        walk(obj[k], seen)
            elif isinstance(obj, pikepdf.Array):
                for item in obj:
                    walk(item, seen)

        seen: set[tuple[int, int]] = set()
        for page in doc.pages:
            for annot in page.get("/Annots") or []:
                if "/AP" in annot:
                    walk(annot.AP, seen)
        if "/AcroForm" in doc.Root and "/DR" in doc.Root.AcroForm:
            walk(doc.Root.AcroForm.DR, seen)
    return found


#: The test PKI's leader (tests/signing/conftest.py): papers the leader signs print this name.
LEADER_NAME = "Nguyễn Văn Hùng"


def leaders_decision(name: str = LEADER_NAME) -> dict[str, Any]:
    """The sample award decision, printed for ``name`` to sign (only that person's
    certificate may sign its box)."""
    from tests.helpers import load_json_sample

    data = load_json_sample("award-decision")
    data["signer"] = {**data["signer"], "name": name}
    return data


def many_signatures_pdf(who: Identity, count: int) -> bytes:
    """A one-page PDF signed ``count`` times by ``who``, one field each (what an attacker
    uploads to make verification slow: each signature's check walks every later one)."""
    import pikepdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    doc = pikepdf.new()
    doc.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    doc.save(out)
    writer = IncrementalPdfFileWriter(io.BytesIO(out.getvalue()), strict=False)
    for i in range(count):
        append_signature_field(writer, SigFieldSpec(f"f{i:03d}", on_page=0,
                                                    box=(10, 10 + i * 20, 60, 28 + i * 20)))
    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    key = Pkcs12Key(who.p12(), P12_PASSWORD)
    for i in range(count):
        pdf = sign_pdf(pdf, key, SignOptions(field=f"f{i:03d}"))
    return pdf


def signing_office(tmp_path: Path, trust_file: Path | None
                   ) -> tuple[Callable[..., FlaskClient], Callable[..., int]]:
    """An office of VKS Hưng Yên through the API: ``client(role)`` signs in with a token of
    the clerk, the leader or the records office (``client()`` is anonymous), and
    ``approved(signer)`` drafts, submits and approves a decision printed with that signer."""
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path / "data", secret_key="k",
                              trust_roots=trust_file, **CHEAP_HASHING))
    app.config.update(TESTING=True)
    tokens = {}
    for who in ("clerk", "leader", "records"):
        accounts(app).add_user(who, who, "VKSHY", [who], "mat-khau-thu-nghiem")
        tokens[who] = accounts(app).issue_token(who).secret

    def client(who: str | None = None) -> FlaskClient:
        c = app.test_client()
        if who:
            c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[who]}"
        return c

    def approved(signer: str = LEADER_NAME) -> int:
        paper = client("clerk").post("/api/v1/papers", json={
            "kind": "award-decision", "input": leaders_decision(signer)}).json
        client("clerk").post(f"/api/v1/papers/{paper['id']}/submit")
        assert client("leader").post(f"/api/v1/papers/{paper['id']}/approve").status_code == 200
        return int(paper["id"])

    return client, approved
