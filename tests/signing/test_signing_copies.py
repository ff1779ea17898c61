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
from docgen.vn.dates import today
from tests.helpers import load_json_sample, pdf_text
from tests.registry.conftest import SYS, approve
from tests.signing.helpers import appearance_fonts
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
@pytest.mark.slow
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
    # Signed now, shown in Vietnam time: today's date in Vietnam, whatever the machine's.
    assert re.search(rf"{today().isoformat()}T\d\d:\d\d:\d\d\+07:00", stamp), stamp
    # No copy block on an electronic copy (Mẫu 3.2): the page shows the original only.
    text = pdf_text(pdf)
    assert "SAO Y" not in text and "TRÍCH SAO" not in text and "Nơi nhận:" in text
    assert "Số: 01/QĐ-VKSHY" in text
    with reg.sessions() as s:
        rows = signatures_of(s, copy.id)
    assert [(r.field, r.pdf_sha256) for r in rows] == [(COPY_FIELD, copy.pdf_sha256)]


@pytest.mark.slow
def test_electronic_copy_draws_no_image(sealed_registry, decision):
    """Mẫu 3.2: text only, in the shipped Times New Roman twin at 10 pt, embedded (PDF/A)."""
    import pikepdf

    made = sealed_registry.create_copy(decision.id, {"copy": "sao-y", "electronic": True},
                                       RECORDS)
    copy = sealed_registry.issue(made.id, RECORDS, on=date(2026, 1, 7))
    pdf = sealed_registry.store.get(copy.pdf_sha256)
    fonts = appearance_fonts(pdf)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    assert {f["name"].split("+")[-1].split("-Identity")[0] for f in fonts} == {"LiberationSerif"}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        with doc.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2"
        annot = next(a for a in doc.pages[0].obj.Annots if str(a.get("/T", "")) == COPY_FIELD)
        stream = annot.AP.N.read_bytes()
        assert b" 10 Tf" in stream and b"0 0 0 rg" in stream  # 10 pt, black
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        annot = next(a for a in doc.pages[0].obj.Annots if str(a.get("/T", "")) == COPY_FIELD)
        resources = annot.AP.N.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(x.get("/Subtype") == "/Image" for x in xobjects.values())


@pytest.mark.slow
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


@pytest.mark.slow
def test_copies_of_a_paper_the_leader_signed_and_the_agency_sealed(
        registry, tmp_path, softhsm_token, seal_png, trust_roots, pki, signature_png, clock):
    """The copied pages show the leader's signature and the seal as drawn, and carry none
    of the original's signatures: a paper copy has none, an electronic copy only the
    copying agency's; the original stays as it was, both its signatures valid."""
    from docgen.services.registry.signatures import PaperSigning
    from docgen.signing.keys import Pkcs12Key
    from tests.signing.conftest import P12_PASSWORD
    from tests.signing.test_signing_registry import LEADER, approved_paper

    setup = SigningSetup(tuple(trust_roots), None, load_signing_config(
        agency_config(tmp_path, softhsm_token, seal_png)))
    registry.signing = setup
    paper_id = approved_paper(registry)
    PaperSigning(registry, setup, tmp_path / "sessions").sign(
        paper_id, LEADER, Pkcs12Key(pki.leader.p12(), P12_PASSWORD), image_png=signature_png)
    original = registry.issue(paper_id, RECORDS, on=clock.today())
    signed = registry.store.get(original.pdf_sha256)
    assert [s.field for s in verify_pdf(signed, trust_roots).signatures] == ["signer", "agency"]
    paper = registry.issue(registry.create_copy(paper_id, {
        "copy": "sao-y", "signer": {"title": "Chánh Văn phòng", "name": "Trần Thị Bình"}},
        RECORDS).id, RECORDS, on=clock.today())
    electronic = registry.issue(registry.create_copy(
        paper_id, {"copy": "sao-y", "electronic": True}, RECORDS).id, RECORDS,
        on=clock.today())
    assert (paper.number, electronic.number) == (1, 2)
    paper_pdf = registry.store.get(paper.pdf_sha256)
    assert verify_pdf(paper_pdf, trust_roots).signatures == ()
    report = verify_pdf(registry.store.get(electronic.pdf_sha256), trust_roots)
    assert report.ok and [s.field for s in report.signatures] == [COPY_FIELD]
    # The number and date, filled into the signed file's fields, are drawn on the copy.
    import pdfplumber

    with pdfplumber.open(io.BytesIO(paper_pdf)) as doc:
        header = [w["text"] for w in doc.pages[0].extract_words() if w["top"] < 40 * MM]
    assert f"{original.number:02d}/QĐ-VKSHY" in header
    assert f"{clock.today().day:02d}" in header
    # The signature image and the seal are drawn into the copy's page; the original's page
    # had none (they were in its signatures' appearances).
    import pikepdf

    def page_images(pdf: bytes) -> int:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return len(doc.pages[0].get_images())

    assert page_images(signed) == 0 and page_images(paper_pdf) >= 2
    assert verify_pdf(registry.store.get(original.pdf_sha256), trust_roots).ok
