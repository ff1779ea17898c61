"""The registry's commands: db upgrade/export/import, papers list/issue/export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.config import Settings
from docgen.services.registry.db import make_engine
from docgen.services.root import Services
from tests.helpers import load_json_sample, pdf_text
from tests.registry.conftest import SYS, approve


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch) -> CliRunner:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    return CliRunner()


def test_cli_db_upgrade_papers_list_issue_export(cli_env, tmp_path):
    from docgen.config import Settings
    from docgen.services.root import Services

    assert cli_env.invoke(main, ["db", "upgrade"]).exit_code == 0
    reg = Services(Settings.from_env()).registry
    paper = reg.create_draft("directive", load_json_sample("directive"), SYS)
    listed = cli_env.invoke(main, ["papers", "list"])
    assert "draft" in listed.output and "1 văn bản" in listed.output
    approve(reg, paper)
    issued = cli_env.invoke(main, ["papers", "issue", str(paper.id), "--date", "2025-12-26"])
    assert issued.exit_code == 0, issued.output
    assert "Đã ban hành: Chỉ thị số 01/CT-VKSTC" in issued.output
    out = tmp_path / "ct.pdf"
    assert cli_env.invoke(main, ["papers", "export", str(paper.id), "-o", str(out)]).exit_code == 0
    assert "Số: 01/CT-VKSTC" in pdf_text(out.read_bytes())
    again = cli_env.invoke(main, ["papers", "issue", str(paper.id)])
    assert again.exit_code == 2 and "Lỗi:" in again.stderr


@pytest.mark.slow
def test_cli_backup_round_trip(cli_env, tmp_path, monkeypatch):
    from docgen.config import Settings
    from docgen.services.root import Services

    reg = Services(Settings.from_env()).registry
    reg.issue(approve(reg, reg.create_draft("directive", load_json_sample("directive"),
                                            SYS)).id, SYS)
    archive = tmp_path / "sao-luu.tar.gz"
    assert cli_env.invoke(main, ["db", "export", str(archive)]).exit_code == 0
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "other"))
    result = cli_env.invoke(main, ["db", "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "papers 1" in result.output
    assert "01/CT-VKSTC" in cli_env.invoke(main, ["papers", "list"]).output


def test_cli_papers_list_prints_the_issue_date(cli_env):
    reg = Services(Settings.from_env()).registry
    paper = approve(reg, reg.create_draft("directive", load_json_sample("directive"), SYS))
    reg.issue(paper.id, SYS, on=date(2026, 1, 5))
    listed = cli_env.invoke(main, ["papers", "list"])
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "CT-VKSTC" in line)
    assert "05/01/2026" in row


def test_cli_papers_draft_then_issue_by_its_id(cli_env, tmp_path):
    src = tmp_path / "qd.json"
    src.write_text(json.dumps(load_json_sample("award-decision"), ensure_ascii=False),
                   encoding="utf-8")
    drafted = cli_env.invoke(main, ["papers", "draft", "award-decision", str(src)])
    assert drafted.exit_code == 0, drafted.output
    paper_id = drafted.output.split()[2].rstrip(":")
    for step in (["submit", paper_id], ["approve", paper_id]):
        assert cli_env.invoke(main, ["papers", *step]).exit_code == 0
    issued = cli_env.invoke(main, ["papers", "issue", paper_id, "--date", "2026-01-05"])
    assert issued.exit_code == 0, issued.output
    out = tmp_path / "new-folder" / "qd.pdf"
    assert cli_env.invoke(main, ["papers", "export", paper_id, "-o", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_database_url_without_its_driver_is_one_line(cli_env, monkeypatch):
    monkeypatch.setenv("DOCGEN_DATABASE_URL", "mysql://u@h/db")
    result = cli_env.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0
    assert "DOCGEN_DATABASE_URL" in result.stderr


def test_postgresql_driver_is_installed_with_docgen():
    # The README's DOCGEN_DATABASE_URL=postgresql+psycopg://… needs no extra install step.
    import tomllib

    from tests.helpers import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(r.startswith("psycopg[binary]") for r in project["dependencies"])
    make_engine("postgresql+psycopg://docgen@127.0.0.1:5432/docgen").dispose()


@pytest.mark.slow
def test_cli_copies_of_an_issued_decision(cli_env, tmp_path):
    """``papers parts`` lists what a trích sao may take; ``papers make-copy`` makes the
    copy and with --issue numbers it in the agency's sequence of copies."""
    from docgen.config import Settings
    from docgen.services.root import Services

    reg = Services(Settings.from_env()).registry
    paper = reg.issue(approve(reg, reg.create_draft(
        "award-decision", load_json_sample("award-decision"), SYS)).id, SYS,
        on=date(2026, 1, 5))
    listed = cli_env.invoke(main, ["papers", "parts", str(paper.id)])
    assert listed.exit_code == 0 and "Điều 2" in listed.output
    made = cli_env.invoke(main, [
        "papers", "make-copy", str(paper.id), "--form", "trich-sao", "--part", "Điều 2",
        "--signer-title", "Chánh Văn phòng", "--signer-name", "Trần Thị Bình",
        "--authority", "TL.", "--on-behalf", "Viện trưởng", "--recipient", "Phòng Kế toán",
        "--issue", "2026-01-06"])
    assert made.exit_code == 0, made.output
    assert "Đã ban hành: Bản trích sao số 01/TrS-VKSHY của Quyết định số 01/QĐ-VKSHY" \
        in made.output
    copy_id = made.output.split()[2].rstrip(":")
    out = tmp_path / "trich-sao.pdf"
    assert cli_env.invoke(main, ["papers", "export", copy_id, "-o", str(out)]).exit_code == 0
    text = pdf_text(out.read_bytes())
    assert "TRÍCH SAO" in text and "Điều 2." in text and "Điều 1." not in text
    refused = cli_env.invoke(main, ["papers", "make-copy", str(paper.id), "--form", "sao-y"])
    assert refused.exit_code == 2 and "signer" in refused.stderr
