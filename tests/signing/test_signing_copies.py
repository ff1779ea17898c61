"""Electronic copies (Decree 30, Mẫu 3.2): no copy block on the page; the copying agency's
signature at the top right of page 1, without an image, showing the copy's form, the agency
and the signing time (10 pt, upright, black). The signature validates with pyHanko, the
copy is numbered in the agency's sequence of copies and its signature's facts are kept.
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from docgen.render.copy_pdf import COPY_FIELD
from docgen.services.accounts.identity import Actor
from docgen.services.registry.signatures import signatures_of
from docgen.signing.config import SigningSetup, load_signing_config
from docgen.signing.verify import verify_pdf
from tests.helpers import load_json_sample, pdf_text
from tests.registry.conftest import SYS, approve
from tests.signing.test_signing_registry import agency_config

HY = "vks-hung-yen"
RECORDS = Actor(login="vt", name="Văn thư", agency=HY, roles=frozenset({"records"}))
MM = 72 / 25.4
ON = date(2026, 1, 5)


@pytest.fixture
def sealed_registry(registry, tmp_path, softhsm_token, seal_png, trust_roots):  # type: ignore[no-untyped-def]
    registry.signing = SigningSetup(tuple(trust_roots), None, load_signing_config(
        agency_config(tmp_path, softhsm_token, seal_png)))
    return registry


@pytest.fixture
def decision(sealed_registry):  # type: ignore[no-untyped-def]
    draft = sealed_registry.create_draft("award-decision", load_json_sample("award-decision"),
                                         SYS)
    return sealed_registry.issue(approve(sealed_registry, draft).id, SYS, on=ON)


def copy_widget(pdf: bytes) -> tuple[int, list[float], tuple[float, float]]:
    """(page index, /Rect, page size) of the copy's signature widget."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            for annot in page.obj.get("/Annots") or []:
                if str(annot.get("/T", "")) == COPY_FIELD:
                    box = page.mediabox
                    return index, [float(v) for v in annot.Rect], (float(box[2]),
                                                                   float(box[3]))
    raise AssertionError("no copy signature widget")


def stamp_text(pdf: bytes) -> str:
    """The text the signature's appearance draws (the annotation flattened into page 1)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.flatten_annotations(mode="all")
        out = io.BytesIO()
        doc.save(out)
    return pdf_text(out.getvalue()).split("\f")[0]


@pytest.mark.parametrize(("form", "parts", "symbol"), [
    ("sao-y", [], "SY-VKSHY"), ("sao-luc", [], "SL-VKSHY"),
    ("trich-sao", ["Điều 1", "Điều 3"], "TrS-VKSHY")])
def test_electronic_copy_signed_at_the_top_right_of_page_one(sealed_registry, decision,
                                                             trust_roots, form, parts, symbol):
    reg = sealed_registry
    made = reg.create_copy(decision.id, {"copy": form, "electronic": True, "parts": parts},
                           RECORDS)
    copy = reg.issue(made.id, RECORDS, on=date(2026, 1, 7))
    assert (copy.number, copy.symbol, copy.copy_of) == (1, symbol, decision.id)
    pdf = reg.store.get(copy.pdf_sha256)
    report = verify_pdf(pdf, trust_roots)
    assert report.ok and [s.field for s in report.signatures] == [COPY_FIELD]
    assert report.signatures[0].state == "valid"
    page, (x1, y1, x2, y2), (width, height) = copy_widget(pdf)
    assert page == 0
    # Top right: its right edge on the text block's (15 mm margin), inside the top margin.
    assert x2 == pytest.approx(width - 15 * MM, abs=1) and x1 > width / 2
    assert y1 >= height - 20 * MM and y2 <= height
    stamp = stamp_text(pdf)
    heading = {"sao-y": "Sao y", "sao-luc": "Sao lục", "trich-sao": "Trích sao"}[form]
    assert heading in stamp and "Viện kiểm sát nhân dân tỉnh Hưng Yên" in stamp
    assert re.search(r"2026-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", stamp)
    # No copy block on an electronic copy (Mẫu 3.2): the page shows the original only.
    text = pdf_text(pdf)
    assert "SAO Y" not in text and "TRÍCH SAO" not in text and "Nơi nhận:" in text
    assert "Số: 01/QĐ-VKSHY" in text
    with reg.sessions() as s:
        rows = signatures_of(s, copy.id)
    assert [(r.field, r.pdf_sha256) for r in rows] == [(COPY_FIELD, copy.pdf_sha256)]


def test_electronic_copy_draws_no_image(sealed_registry, decision):
    import pikepdf

    made = sealed_registry.create_copy(decision.id, {"copy": "sao-y", "electronic": True},
                                       RECORDS)
    copy = sealed_registry.issue(made.id, RECORDS, on=date(2026, 1, 7))
    with pikepdf.open(io.BytesIO(sealed_registry.store.get(copy.pdf_sha256))) as doc:
        annot = next(a for a in doc.pages[0].obj.Annots if str(a.get("/T", "")) == COPY_FIELD)
        resources = annot.AP.N.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(x.get("/Subtype") == "/Image" for x in xobjects.values())


def test_an_electronic_sao_luc_of_an_electronic_sao_y(sealed_registry, decision, trust_roots):
    reg = sealed_registry
    sy = reg.issue(reg.create_copy(decision.id, {"copy": "sao-y", "electronic": True},
                                   RECORDS).id, RECORDS, on=date(2026, 1, 7))
    sl = reg.issue(reg.create_copy(sy.id, {"copy": "sao-luc", "electronic": True},
                                   RECORDS).id, RECORDS, on=date(2026, 1, 8))
    assert (sl.number, sl.symbol, sl.copy_of) == (2, "SL-VKSHY", sy.id)
    report = verify_pdf(reg.store.get(sl.pdf_sha256), trust_roots)
    # The sao y's signature is drawn, not carried: the sao lục holds its own only.
    assert report.ok and [s.field for s in report.signatures] == [COPY_FIELD]
