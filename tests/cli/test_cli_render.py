"""The ``docgen render`` command: files written, clean errors, exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers import SAMPLES, docx_text, pdf_text


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_render_pdf_by_extension(runner, tmp_path):
    out = tmp_path / "chi-thi.pdf"
    result = runner.invoke(main, ["render", "directive", str(SAMPLES / "directive.json"),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Số: 02/CT-VKSTC" in pdf_text(out.read_bytes())


def test_render_docx_with_format_option(runner, tmp_path):
    out = tmp_path / "giao-uoc.bin"
    result = runner.invoke(main, ["render", "pledge", str(SAMPLES / "pledge.json"),
                                  "-o", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert "GIAO ƯỚC THI ĐUA" in docx_text(out.read_bytes())


def test_invalid_input_exits_2_with_one_line_per_problem(runner, tmp_path, sample):
    data = sample("directive")
    del data["signer"]["name"]
    data["date"] = "2025-13-40"
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = runner.invoke(main, ["render", "directive", str(src), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert "signer.name: thiếu họ và tên người ký" in lines
    assert any(line.startswith("date: ") for line in lines)
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_input_file_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["render", "directive", str(tmp_path / "none.json"),
                                  "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "không đọc được tệp" in result.stderr


def test_unknown_kind_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["render", "cong-van", str(SAMPLES / "directive.json"),
                                  "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "cong-van" in result.stderr


def test_output_folder_is_created(runner, tmp_path):
    out = tmp_path / "out" / "nested" / "chi-thi.docx"
    result = runner.invoke(main, ["render", "directive", str(SAMPLES / "directive.json"),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_unexpected_error_is_one_line_and_logged(runner, tmp_path, monkeypatch):
    import docgen.cli.commands

    def broken(*_args, **_kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(docgen.cli.commands, "render_paper", broken)
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(main, ["render", "directive", str(SAMPLES / "directive.json"),
                                  "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Lỗi không mong đợi: RuntimeError: hỏng (chi tiết ghi ở "
        f"{tmp_path / 'data' / 'logs' / 'docgen-cli.log'})"]
    assert "Traceback" in (tmp_path / "data" / "logs" / "docgen-cli.log").read_text("utf-8")
