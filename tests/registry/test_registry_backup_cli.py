"""The registry's commands: db upgrade/export/import, papers list/issue/export."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers import load_json_sample, pdf_text
from tests.registry.conftest import SYS, approve


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch) -> CliRunner:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    return CliRunner()


def test_cli_db_upgrade_papers_list_issue_export(cli_env, tmp_path):
    from docgen.config import Settings
    from docgen.registry.wiring import build_registry

    assert cli_env.invoke(main, ["db", "upgrade"]).exit_code == 0
    reg = build_registry(Settings.from_env())
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


def test_cli_backup_round_trip(cli_env, tmp_path, monkeypatch):
    from docgen.config import Settings
    from docgen.registry.wiring import build_registry

    reg = build_registry(Settings.from_env())
    reg.issue(approve(reg, reg.create_draft("directive", load_json_sample("directive"),
                                            SYS)).id, SYS)
    archive = tmp_path / "sao-luu.tar.gz"
    assert cli_env.invoke(main, ["db", "export", str(archive)]).exit_code == 0
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "other"))
    result = cli_env.invoke(main, ["db", "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "papers 1" in result.output
    assert "01/CT-VKSTC" in cli_env.invoke(main, ["papers", "list"]).output
