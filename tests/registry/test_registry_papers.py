"""The paper life cycle on SQLite and PostgreSQL: numbers, uniqueness, concurrency, crash
safety, revocation, files, audit and search."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from docgen.errors import ConflictError, InputError, NotFoundError
from docgen.services.accounts.identity import Actor
from docgen.services.registry.models import Counter, Paper
from tests.helpers import ROOT, load_json_sample, pdf_text
from tests.registry.conftest import SYS, approve


def draft(registry, kind="award-decision", **changes):  # type: ignore[no-untyped-def]
    data = load_json_sample(kind)
    data.update(changes)
    return registry.create_draft(kind, data, SYS)


def approved(registry, kind="award-decision", **changes):  # type: ignore[no-untyped-def]
    return approve(registry, draft(registry, kind, **changes))


def test_draft_has_no_number_and_its_file_carries_the_draft_mark(registry):
    paper = draft(registry)
    assert (paper.status, paper.number) == ("draft", None)
    text = pdf_text(registry.file(paper.id, "pdf", SYS).content)
    assert "DỰ THẢO" in text and "/QĐ-VKSHY" in text


def test_issue_assigns_number_date_files_and_code(registry):
    paper = registry.issue(approved(registry).id, SYS, on=date(2026, 1, 5))
    assert (paper.status, paper.number, paper.symbol, paper.year) == \
        ("issued", 1, "QĐ-VKSHY", 2026)
    pdf = registry.file(paper.id, "pdf", SYS).content
    text = " ".join(pdf_text(pdf).split())
    assert "Số: 01/QĐ-VKSHY" in text and "DỰ THẢO" not in text
    assert f"Mã xác minh: {paper.verify_code}" in text
    assert registry.by_pdf(pdf).id == paper.id
    assert registry.by_code(paper.verify_code.lower()).id == paper.id


def test_stored_files_are_served_byte_identical(registry):
    paper = registry.issue(approved(registry).id, SYS)
    first = registry.file(paper.id, "docx", SYS).content
    assert registry.file(paper.id, "docx", SYS).content == first


@pytest.mark.slow
def test_numbers_run_per_agency_per_year(registry):
    a = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 1))
    b = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 2))
    c = registry.issue(approved(registry).id, SYS, on=date(2027, 1, 2))
    other = registry.issue(approved(registry, "directive").id, SYS, on=date(2026, 3, 3))
    assert (a.number, b.number, c.number, other.number) == (1, 2, 1, 1)


def test_shared_sequence_across_types_of_one_agency(registry):
    decision = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 1))
    data = load_json_sample("directive")
    data["issuer"] = load_json_sample("award-decision")["issuer"]
    directive = registry.issue(approve(registry, registry.create_draft("directive", data, SYS)).id, SYS,
                               on=date(2026, 3, 2))
    assert (decision.number, directive.number) == (1, 2)
    assert directive.symbol == "CT-VKSHY"


@pytest.mark.slow
def test_manual_number_accepted_if_free_and_skipped_later(registry):
    manual = registry.issue(approved(registry).id, SYS, on=date(2026, 4, 1), number=2)
    assert manual.number == 2
    auto = [registry.issue(approved(registry).id, SYS, on=date(2026, 4, 2)).number
            for _ in range(2)]
    assert auto == [1, 3]


def test_duplicate_manual_number_is_refused(registry):
    registry.issue(approved(registry).id, SYS, on=date(2026, 4, 1))
    second = approved(registry)
    with pytest.raises(ConflictError, match="đã được dùng"):
        registry.issue(second.id, SYS, on=date(2026, 4, 2), number=1)
    assert registry.get(second.id, SYS).status == "approved"


def test_issued_paper_is_frozen(registry):
    paper = registry.issue(approved(registry).id, SYS)
    with pytest.raises(ConflictError):
        registry.update_draft(paper.id, load_json_sample("award-decision"), SYS)
    with pytest.raises(ConflictError):
        registry.issue(paper.id, SYS)


def test_revoked_paper_stays_verifiable(registry):
    paper = registry.issue(approved(registry).id, SYS)
    with pytest.raises(InputError):
        registry.revoke(paper.id, "", SYS)
    revoked = registry.revoke(paper.id, "ban hành nhầm", SYS)
    assert revoked.status == "revoked"
    assert registry.by_code(paper.verify_code).revoked_reason == "ban hành nhầm"


def test_audit_trail_names_the_signed_in_actors_with_agency_and_address(registry):
    def person(login, role):  # type: ignore[no-untyped-def]
        return Actor(login=login, name=login, agency="vks-hung-yen", roles=frozenset({role}),
                     ip="10.0.0.7")

    an, binh, chi = person("an", "clerk"), person("binh", "leader"), person("chi", "records")
    paper = registry.create_draft("award-decision", load_json_sample("award-decision"), an)
    registry.update_draft(paper.id, load_json_sample("award-decision"), an)
    registry.submit(paper.id, an)
    registry.return_paper(paper.id, binh, "bổ sung căn cứ")
    registry.submit(paper.id, an)
    registry.approve(paper.id, binh)
    registry.issue(paper.id, chi)
    registry.file(paper.id, "pdf", an)
    registry.revoke(paper.id, "nhầm", chi)
    trail = [(e.action, e.actor) for e in registry.audit_of(paper.id, an)]
    assert trail == [("create", "an"), ("edit", "an"), ("submit", "an"), ("return", "binh"),
                     ("submit", "an"), ("approve", "binh"), ("issue", "chi"),
                     ("download", "an"), ("revoke", "chi")]
    entries = registry.audit_of(paper.id, an)
    assert {(e.agency, e.ip) for e in entries} == {("vks-hung-yen", "10.0.0.7")}
    assert entries[3].detail == "bổ sung căn cứ"


def test_issue_history_reads_the_date_the_vietnamese_way(registry):
    """The history is read by the office: ``ngày 05/01/2026``, not ``2026-01-05``."""
    paper = registry.issue(approved(registry).id, SYS, on=date(2026, 1, 5), number=7)
    issued = [e for e in registry.audit_of(paper.id, SYS) if e.action == "issue"]
    assert issued[0].detail == "số 07/QĐ-VKSHY ngày 05/01/2026"


def test_a_paper_issued_at_dawn_carries_the_offices_date(registry, clock):
    """Issued at 06:30 in Hà Nội by a server on UTC (still 14 June there)."""
    clock.at(datetime(2026, 6, 14, 23, 30, tzinfo=UTC))
    paper = registry.issue(approved(registry).id, SYS)
    assert paper.issued_on == date(2026, 6, 15)
    assert "ngày 15 tháng 6 năm 2026" in pdf_text(registry.file(paper.id, "pdf", SYS).content)


def test_search_by_kind_year_and_text(registry):
    registry.issue(approved(registry).id, SYS, on=date(2026, 1, 5))
    registry.issue(approved(registry, "directive").id, SYS, on=date(2025, 12, 26))
    items, total = registry.search(SYS, kind="directive")
    assert total == 1 and items[0].kind == "directive"
    assert registry.search(SYS, year=2026)[1] == 1
    assert registry.search(SYS, q="Hưng Yên")[1] == 1
    assert registry.search(SYS, page=2, per_page=1)[0][0].kind == "award-decision"


def test_certificates_are_not_papers(registry):
    with pytest.raises(InputError):
        registry.create_draft("certificate", load_json_sample("certificate"), SYS)


@pytest.mark.slow
def test_fifty_parallel_issues_get_01_to_50_exactly_once(registry):
    ids = [approved(registry).id for _ in range(50)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        papers = list(pool.map(lambda i: registry.issue(i, SYS, on=date(2026, 5, 1)), ids))
    assert sorted(p.number for p in papers) == list(range(1, 51))
    with registry.sessions() as s:
        assert s.get(Counter, ("vks-hung-yen", 2026, "shared")).last == 50
        assert all(p.status == "issued" and p.pdf_sha256 for p in s.query(Paper).all())


@pytest.mark.slow  # a Python process per crash point
@pytest.mark.parametrize("point", ["after_number", "after_render", "after_store"])
def test_a_crash_during_issue_leaves_the_draft_and_the_number(registry, db_url, tmp_path,
                                                              point, clock):
    paper = approved(registry)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.services.registry.db import make_engine, session_factory\n"
        "from docgen.services.registry.papers import Registry\n"
        "from docgen.services.registry.storage import DiskStore\n"
        f"r = Registry(session_factory(make_engine({db_url!r})), DiskStore(Path({str(tmp_path / 'files')!r})))\n"
        "from docgen.services.accounts.identity import system_actor\n"
        f"r.issue({paper.id}, system_actor())\n")
    env = dict(os.environ, DOCGEN_TEST_CRASH_AT=point, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert result.returncode == 70, result.stderr.decode()
    after = registry.get(paper.id, SYS)
    assert (after.status, after.number, after.pdf_sha256) == ("approved", None, None)
    with registry.sessions() as s:
        counter = s.get(Counter, ("vks-hung-yen", clock.today().year, "shared"))
        assert counter is None or counter.last == 0
    # The next issue gets number 01: nothing was burnt.
    assert registry.issue(paper.id, SYS).number == 1


def test_issued_pdf_is_a_valid_pdfa_with_the_signature_field(registry):
    paper = registry.issue(approved(registry).id, SYS)
    reader = PdfReader(io.BytesIO(registry.file(paper.id, "pdf", SYS).content))
    assert "signer" in reader.get_fields()
    assert json.loads(registry.get(paper.id, SYS).input_json)["number"] == 1


def test_a_failed_registered_batch_takes_no_register_numbers(registry, monkeypatch):
    from docgen.render import certificate_pdf
    from docgen.services.jobs import certificates as jobs

    data = load_json_sample("certificate")
    del data["register_start"]
    data["registered"] = True
    data["external_decision"] = True

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(certificate_pdf, "render_entries", broken)
    with pytest.raises(RuntimeError):
        jobs.run(jobs.from_json(data), registry=registry)
    monkeypatch.undo()
    outcome = jobs.run(jobs.from_json(data), registry=registry)
    first = PdfReader(io.BytesIO(outcome.content)).pages[0].extract_text()
    assert "Số sổ vàng: 1" in first


def _catalog_with(tmp_path, monkeypatch, **agency_changes):  # type: ignore[no-untyped-def]
    import yaml

    from docgen.catalog.loader import PACKAGED_CATALOG

    data = yaml.safe_load(PACKAGED_CATALOG.read_text(encoding="utf-8"))
    data["agencies"][1].update(agency_changes)  # vks-hung-yen
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DOCGEN_CATALOG", str(path))


@pytest.mark.slow
def test_per_type_numbering_policy(registry, tmp_path, monkeypatch):
    _catalog_with(tmp_path, monkeypatch, numbering="per_type")
    decision = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 1))
    data = load_json_sample("directive")
    data["issuer"] = load_json_sample("award-decision")["issuer"]
    directive = registry.issue(approve(registry, registry.create_draft("directive", data, SYS)).id, SYS,
                               on=date(2026, 3, 2))
    assert (decision.number, directive.number) == (1, 1)
    assert (decision.sequence, directive.sequence) == ("QĐ", "CT")


@pytest.mark.slow
def test_resolutions_and_issuing_decisions_draw_from_their_types_sequences(
        registry, tmp_path, monkeypatch):
    """Per type: a nghị quyết from NQ, a decision issuing a quy chế from QĐ like the award
    decisions; issuing writes the number into the reference line of the issued text."""
    _catalog_with(tmp_path, monkeypatch, numbering="per_type")
    issuer = load_json_sample("award-decision")["issuer"]
    award = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 1))
    rules = registry.issue(approved(registry, "issuing-decision", issuer=issuer).id, SYS,
                           on=date(2026, 3, 2))
    resolution = registry.issue(approved(registry, "resolution", issuer=issuer).id, SYS,
                                on=date(2026, 3, 3))
    assert (award.number, rules.number, resolution.number) == (1, 2, 1)
    assert (rules.symbol, rules.sequence) == ("QĐ-VKSHY", "QĐ")
    assert (resolution.symbol, resolution.sequence) == ("NQ-VKSHY", "NQ")
    text = " ".join(pdf_text(registry.file(rules.id, "pdf", SYS).content).split())
    assert "Số: 02/QĐ-VKSHY" in text
    assert "(Kèm theo Quyết định số 02/QĐ-VKSHY ngày 02 tháng 3 năm 2026 của" in text
    text = " ".join(pdf_text(registry.file(resolution.id, "pdf", SYS).content).split())
    assert text.count("(Kèm theo Nghị quyết số 01/NQ-VKSHY ngày 03 tháng 3 năm 2026") == 2


@pytest.mark.slow
def test_council_papers_have_their_own_sequence_when_configured(registry, tmp_path,
                                                                monkeypatch):
    _catalog_with(tmp_path, monkeypatch, council_symbol="HĐTĐKT")
    head = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 1))
    issuer = dict(load_json_sample("award-decision")["issuer"], symbol="HĐTĐKT")
    council = approved(registry, issuer=issuer, signer={
        "authority": "TM.", "on_behalf": "Hội đồng Thi đua - Khen thưởng",
        "title": "Chủ tịch", "name": "Bùi Thanh Tùng"})
    council = registry.issue(council.id, SYS, on=date(2026, 3, 2))
    second = registry.issue(approved(registry).id, SYS, on=date(2026, 3, 3))
    assert (head.number, second.number) == (1, 2)
    assert (council.agency, council.number, council.symbol, council.sequence) == \
        ("vks-hung-yen", 1, "QĐ-HĐTĐKT", "council")
    assert "Số: 01/QĐ-HĐTĐKT" in pdf_text(registry.file(council.id, "pdf", SYS).content)


@pytest.mark.parametrize("paper_id", [0, -1, 2**31, 2**64])
def test_ids_past_the_integer_column_are_not_found(registry, paper_id):
    with pytest.raises(NotFoundError):
        registry.get(paper_id, SYS)


def test_search_text_is_matched_literally(registry):
    data = load_json_sample("directive")
    data["subject"] = "Về phát động thi đua đạt 100% chỉ tiêu"
    registry.create_draft("directive", data, SYS)
    registry.create_draft("directive", load_json_sample("directive"), SYS)
    assert registry.search(SYS, q="%")[1] == 1
    assert registry.search(SYS, q="_")[1] == 0
    assert registry.search(SYS, q="100% ch")[1] == 1
