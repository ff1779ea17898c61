"""Where WeasyPrint's copies of the shipped fonts go: one folder per process, gone when the
process is, so web, worker and render processes leave nothing in the temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.render import fonts
from tests.helpers import ROOT

RENDER_ONE = """
import json, pathlib
from docgen.render import pdf
from docgen.service import compose_paper
doc = compose_paper("pledge", json.loads(pathlib.Path("samples/pledge.json").read_text()))
assert pdf.render(doc).startswith(b"%PDF")
"""


def run_python(code: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=120, check=True)


@pytest.mark.slow  # a Python process that renders
def test_a_process_that_rendered_leaves_no_fonts_behind_and_exits_quietly(tmp_path):
    done = run_python(RENDER_ONE, tmp_path)
    assert done.stderr == ""
    assert [p.name for p in tmp_path.iterdir()] == [f"docgen-fonts-{os.getuid()}"]
    assert list((tmp_path / f"docgen-fonts-{os.getuid()}").iterdir()) == []


def test_the_folder_of_a_killed_process_is_swept_by_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    parent = tmp_path / f"docgen-fonts-{os.getuid()}"
    parent.mkdir(mode=0o700)
    (parent / str(gone.pid)).mkdir()
    (parent / str(gone.pid) / "0540160ff48004a7f7bc51c90501ca4e").write_bytes(b"font")
    living = parent / str(os.getppid())
    living.mkdir()

    folder = fonts.process_font_folder()

    assert folder == parent / str(os.getpid())
    assert sorted(p.name for p in parent.iterdir()) == sorted([str(os.getpid()), living.name])


def test_a_parent_folder_others_can_enter_is_not_used(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    shared = tmp_path / f"docgen-fonts-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)

    folder = fonts.process_font_folder()

    assert shared not in folder.parents
    assert "not a private folder" in caplog.text


@pytest.mark.slow  # a docgen command and its render processes
def test_a_certificate_batch_over_render_processes_leaves_no_fonts_behind(tmp_path):
    rows = "Họ và tên,Giới tính,Chức vụ,Đơn vị\n" + "".join(
        f"Nguyễn Văn An {i},Nam,Kiểm sát viên,Phòng {i % 9 + 1}\n" for i in range(400))
    (tmp_path / "rows.csv").write_text(rows, encoding="utf-8")
    code = ("import sys; from docgen.cli import main; sys.exit(main(['batch', 'certificates', "
            f"{str(tmp_path / 'rows.csv')!r}, '--meta', 'samples/certificate-meta.json', "
            f"'-o', {str(tmp_path / 'out.pdf')!r}]))")
    run_python(code, tmp_path)
    assert (tmp_path / "out.pdf").stat().st_size > 0
    assert list((tmp_path / f"docgen-fonts-{os.getuid()}").iterdir()) == []
