"""The operator's commands for jobs: ``docgen worker`` and ``docgen batches``."""

from __future__ import annotations

from click.testing import CliRunner

from docgen.cli import main


def test_worker_without_a_broker_says_what_to_set(tmp_path):
    result = CliRunner().invoke(main, ["worker"], env={"DOCGEN_BROKER_URL": "",
                                                       "DOCGEN_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2
    assert "DOCGEN_BROKER_URL" in result.output


def test_purge_with_nothing_expired_removes_nothing(tmp_path):
    result = CliRunner().invoke(main, ["batches", "purge", "--days", "30"],
                                env={"DOCGEN_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert "Đã xóa 0 lô, 0 tệp" in result.output
