"""The wheel carries everything docgen reads at run time (templates, fonts and their
licence, catalog, web pages), so an installed docgen works outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # pip builds the wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True)
    (path,) = Path(out).glob("docgen-*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.parametrize("member", [
    "docgen/_data/templates_docx/paper.docx",
    "docgen/_data/web/templates/base.html",
    "docgen/assets/fonts/LiberationSerif-Regular.ttf",
    "docgen/assets/fonts/LICENSE-LiberationSerif.txt",
    "docgen/catalog/data/catalog.yaml",
    "docgen/render/templates/paper.html",
    "docgen/render/templates/paper.css",
    "docgen/_data/samples/certificate.json",
])
def test_wheel_contains_run_time_files(wheel, member):
    assert member in wheel.namelist()


def test_wheel_declares_the_console_command(wheel):
    entry = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "docgen = docgen.cli:main" in wheel.read(entry).decode()
