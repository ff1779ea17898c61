"""Fixtures of the render tests: pledges of any size, papers from a long-named agency,
and LibreOffice's PDF of a DOCX (how a clerk's office suite lays the file out)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import load_json_sample

UNITS = ("Viện kiểm sát nhân dân tỉnh Bà Rịa - Vũng Tàu",
         "Viện kiểm sát nhân dân thành phố Hồ Chí Minh", "Phòng 8", "Văn phòng",
         "Phòng thực hành quyền công tố và kiểm sát xét xử phúc thẩm án hình sự",
         "Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế")


def pledge_input(n: int) -> dict[str, Any]:
    """The sample pledge with ``n`` members of long and short unit names."""
    data = load_json_sample("pledge")
    data["members"] = [
        {"unit": UNITS[i % len(UNITS)], **({"role": "Khối trưởng"} if i == 0 else {}),
         "signer": {"title": "Viện trưởng", "name": f"Nguyễn Văn Thành {i + 1:02d}"}}
        for i in range(n)]
    return data


def hcm_directive_input() -> dict[str, Any]:
    """A directive of the procuracy of Thành phố Hồ Chí Minh: the longest usual header."""
    data = load_json_sample("directive")
    data["issuer"] = {"parent": "Viện kiểm sát nhân dân tối cao",
                      "name": "Viện kiểm sát nhân dân thành phố Hồ Chí Minh",
                      "symbol": "VKSHCM", "place": "Thành phố Hồ Chí Minh"}
    data["date"] = "2025-12-28"
    return data


def cluster_directive_input() -> dict[str, Any]:
    """A directive of an emulation cluster under ``NGÀNH KIỂM SÁT NHÂN DÂN``."""
    data = load_json_sample("directive")
    data["issuer"] = {"parent": "Ngành Kiểm sát nhân dân", "name": "Cụm thi đua số 8",
                      "symbol": "C8", "place": "Bà Rịa - Vũng Tàu"}
    return data


def long_appendices_input() -> dict[str, Any]:
    """The nghị quyết sample with both phụ lục long enough to run over several pages."""
    data = load_json_sample("resolution")
    first, second = data["appendices"]
    first["body"] += "\n" + "\n".join(
        f"| {i} | Chỉ tiêu số {i} của các đơn vị trong năm | Trên {i} % |" for i in range(4, 80))
    second["body"] += "\n" + "\n".join(
        f"- Mục {i}: nội dung khá dài để chiếm chỗ trên trang giấy này;" for i in range(60))
    return data


def numbers_by_part(pages: list[str], numbers: list[str]) -> list[list[str]]:
    """The printed page numbers grouped by part: the paper, then each part after the
    signature (whose first page carries its reference line ``(Kèm theo …)``)."""
    parts: list[list[str]] = []
    for text, number in zip(pages, numbers, strict=True):
        if not parts or "(Kèm theo" in text:
            parts.append([])
        parts[-1].append(number)
    return parts


@pytest.fixture
def pledge_of() -> Callable[[int], dict[str, Any]]:
    return pledge_input


@pytest.fixture
def hcm_directive() -> dict[str, Any]:
    return hcm_directive_input()


@pytest.fixture(scope="session")
def libreoffice_pdf(tmp_path_factory) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    """Convert DOCX files (name -> bytes) with LibreOffice headless, all in one run."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.fail("LibreOffice is missing: run scripts/setup --test")
    root = tmp_path_factory.mktemp("lo")
    profile = (root / "profile").as_uri()  # a private profile: no clash with another run

    def convert(files: dict[str, bytes]) -> dict[str, bytes]:
        work = Path(root / f"run{len(list(root.iterdir()))}")
        work.mkdir()
        paths = []
        for name, data in files.items():
            path = work / f"{name}.docx"
            path.write_bytes(data)
            paths.append(str(path))
        subprocess.run([office, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), *paths],
                       check=True, capture_output=True, timeout=240)
        return {name: (work / f"{name}.pdf").read_bytes() for name in files}

    return convert
