"""Signatures in the registry: the leader signs the approved paper before it has a number,
issuing fills number and date into the signed PDF and adds the agency's seal signature
from its token, both validate, and each signature's facts are kept per paper. Without
signing set up, issuing works as before. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from pathlib import Path

import pytest

from docgen.errors import ConflictError, ForbiddenError
from docgen.services.accounts.identity import Actor
from docgen.services.registry.backup import export, restore
from docgen.services.registry.db import make_engine, session_factory
from docgen.services.registry.papers import Registry
from docgen.services.registry.signatures import PaperSigning, signatures_of
from docgen.services.registry.storage import DiskStore
from docgen.signing.config import SigningSetup, load_signing_config
from docgen.signing.forms import text_fields
from docgen.signing.keys import Pkcs12Key
from docgen.signing.verify import verify_pdf
from docgen.vn.dates import today as vn_today
from tests.helpers import load_json_sample
from tests.registry.conftest import approve
from tests.signing.conftest import P12_PASSWORD
from tests.signing.helpers import LEADER_NAME, leaders_decision

HY = "vks-hung-yen"
CLERK = Actor(login="clerk", name="Chuyên viên", agency=HY, roles=frozenset({"clerk"}))
LEADER = Actor(login="leader", name="Lãnh đạo", agency=HY, roles=frozenset({"leader"}))
RECORDS = Actor(login="records", name="Văn thư", agency=HY, roles=frozenset({"records"}))


def agency_config(folder: Path, token, seal_png: bytes) -> Path:
    (folder / "dau.png").write_bytes(seal_png)
    path = folder / "ky-so.yaml"
    path.write_text(
        f"agencies:\n  {HY}:\n    seal_image: dau.png\n    pkcs11:\n"
        f"      module: {token.module}\n      token_label: {token.label}\n"
        f"      key_label: {token.key_label}\n      pin_env: {token.pin_env}\n", "utf-8")
    return path


@pytest.fixture
def signing(registry, tmp_path, softhsm_token, seal_png, trust_roots):
    setup = SigningSetup(tuple(trust_roots), None,
                         load_signing_config(agency_config(tmp_path, softhsm_token, seal_png)))
    registry.signing = setup
    return PaperSigning(registry, setup, tmp_path / "sessions")


def approved_paper(registry, signer: str = LEADER_NAME) -> int:
    paper = registry.create_draft("award-decision", leaders_decision(signer), CLERK)
    approve(registry, paper)
    return paper.id


@pytest.mark.slow
def test_leader_signs_then_issuing_fills_and_seals(registry, signing, pki, signature_png,
                                                   trust_roots, clock):
    paper_id = approved_paper(registry)
    row = signing.sign(paper_id, LEADER, Pkcs12Key(pki.leader.p12(), P12_PASSWORD),
                       image_png=signature_png)
    assert row.signer == "Nguyễn Văn Hùng" and row.field == "signer"
    paper = registry.issue(paper_id, RECORDS, on=clock.today())
    pdf = registry.store.get(paper.pdf_sha256)
    report = verify_pdf(pdf, trust_roots)
    assert report.ok and [s.field for s in report.signatures] == ["signer", "agency"]
    assert text_fields(pdf)["number"] == f"{paper.number:02d}"
    assert paper.verify_code == row.verify_code  # the code printed in what the leader signed
    with registry.sessions() as s:
        rows = signatures_of(s, paper_id)
    assert [(r.field, r.signer) for r in rows] == [
        ("signer", "Nguyễn Văn Hùng"), ("agency", "Viện kiểm sát nhân dân tỉnh Hưng Yên")]
    assert rows[1].cert_sha256 == report.signatures[1].cert_sha256
    assert rows[1].pdf_sha256 == paper.pdf_sha256


def test_without_a_leader_signature_issuing_renders_as_before(registry, signing, clock):
    paper = registry.issue(approved_paper(registry), RECORDS, on=clock.today())
    pdf = registry.store.get(paper.pdf_sha256)
    assert verify_pdf(pdf, []).signatures == ()
    assert text_fields(pdf) == {}  # number and date are printed, not fields


@pytest.mark.slow
def test_agency_without_signing_set_up_keeps_the_leaders_signature(registry, signing, pki,
                                                                   trust_roots, clock):
    registry.signing = SigningSetup(tuple(trust_roots), None, {})
    paper_id = approved_paper(registry)
    signing.sign(paper_id, LEADER, Pkcs12Key(pki.leader.p12(), P12_PASSWORD))
    paper = registry.issue(paper_id, RECORDS, on=clock.today())
    report = verify_pdf(registry.store.get(paper.pdf_sha256), trust_roots)
    assert report.ok and [s.field for s in report.signatures] == ["signer"]


def test_only_a_leader_signs_and_only_approved_papers(registry, signing, pki):
    key = Pkcs12Key(pki.leader.p12(), P12_PASSWORD)
    paper_id = approved_paper(registry)
    with pytest.raises(ForbiddenError):
        signing.sign(paper_id, CLERK, key)
    draft = registry.create_draft("award-decision", load_json_sample("award-decision"), CLERK)
    with pytest.raises(ConflictError):
        signing.sign(draft.id, LEADER, key)
    signing.sign(paper_id, LEADER, key)
    with pytest.raises(ConflictError):
        signing.sign(paper_id, LEADER, key)


def test_a_paper_signed_last_year_cannot_be_issued_this_year(registry, signing, pki, clock):
    paper_id = approved_paper(registry)
    signing.sign(paper_id, LEADER, Pkcs12Key(pki.leader.p12(), P12_PASSWORD))
    with pytest.raises(ConflictError):
        registry.issue(paper_id, RECORDS, on=clock.today() + dt.timedelta(days=366))
    assert json.loads(registry.get(paper_id, RECORDS).input_json).get("number") is None


@pytest.mark.slow
def test_backup_carries_each_signature_and_the_pdf_after_it(registry, signing, pki,
                                                            new_db_url, trust_roots, tmp_path,
                                                            clock):
    paper_id = approved_paper(registry)
    signing.sign(paper_id, LEADER, Pkcs12Key(pki.leader.p12(), P12_PASSWORD))
    paper = registry.issue(paper_id, RECORDS, on=clock.today())
    with registry.sessions() as s:
        rows = signatures_of(s, paper_id)
    leader_pdf = registry.store.get(rows[0].pdf_sha256)  # signed, not yet numbered
    archive = tmp_path / "backup.tar.gz"
    counts = export(registry.sessions.kw["bind"], registry.store, archive)
    assert counts["paper_signatures"] == 2
    with tarfile.open(archive) as tar:
        meta = json.loads(tar.extractfile("metadata.json").read())
        assert {r.pdf_sha256 for r in rows} <= set(meta["files"])
        assert tar.extractfile(f"files/{rows[0].pdf_sha256}").read() == leader_pdf

    engine = make_engine(new_db_url(migrated=True))
    try:
        target = Registry(session_factory(engine), DiskStore(tmp_path / "restored"))
        assert restore(engine, target.store, archive) == counts
        with target.sessions() as s:
            again = signatures_of(s, paper_id)
        assert [(r.field, r.signer, r.cert_sha256) for r in again] == [
            (r.field, r.signer, r.cert_sha256) for r in rows]
        assert target.store.get(again[0].pdf_sha256) == leader_pdf
        assert verify_pdf(target.store.get(paper.pdf_sha256), trust_roots).ok
    finally:
        engine.dispose()


@pytest.mark.slow
def test_the_issued_file_and_its_preview_say_the_number(registry, signing, pki, signature_png,
                                                         trust_roots):
    """The PDF a reader opens is titled with its number (not "(chưa có số)" as when the
    leader signed it), and the paper page's picture of it shows what was filled in after
    rendering: number, date, the agency's seal (pdfium draws form fields only on request)."""
    import pikepdf

    from docgen.http.web.preview import png_pages

    paper_id = approved_paper(registry)
    row = signing.sign(paper_id, LEADER, Pkcs12Key(pki.leader.p12(), P12_PASSWORD),
                       image_png=signature_png)
    paper = registry.issue(paper_id, RECORDS, on=vn_today())  # the date in Vietnam
    pdf = registry.store.get(paper.pdf_sha256)
    title = f"Quyết định số {paper.number:02d}/QĐ-VKSHY"
    assert paper.title == title
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo["/Title"]) == title
        assert doc.open_metadata()["dc:title"] == title
    assert verify_pdf(pdf, trust_roots).ok  # a metadata update keeps both signatures good
    signed_by_leader = registry.store.get(row.pdf_sha256)
    assert png_pages(pdf, pages=1) != png_pages(signed_by_leader, pages=1)
