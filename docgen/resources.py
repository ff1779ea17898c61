"""Where the package's own files live (fonts, DOCX templates, HTML templates, catalog data,
web assets), found the same way from a checkout, an editable install and a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent


@cache
def data_dir(name: str) -> Path:
    """Directory of a top-level data folder (``templates_docx`` or ``web``).

    In a wheel these folders are copied to ``docgen/_data/<name>``; in a checkout or an
    editable install they sit beside the package.
    """
    for candidate in (PACKAGE_DIR / "_data" / name, _REPO_DIR / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"docgen data folder {name!r} not found")


FONTS_DIR = PACKAGE_DIR / "assets" / "fonts"
