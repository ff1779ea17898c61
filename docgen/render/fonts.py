"""The shipped fonts: where their files are and which characters they can draw.

Every renderer embeds the same four Liberation Serif files (the metric twin of Times New
Roman, :data:`docgen.style.PDF_FONT_FILES`). A character none of them has (an emoji,
a CJK ideograph) would print as an empty box, so input validation refuses it up front with
the field's name (:func:`undrawable`) instead of letting a clerk sign a paper with holes.

WeasyPrint copies the fonts of its ``@font-face`` rules into a folder for Fontconfig to
read. Left to itself it makes a new temporary folder in every process and removes it only
when its font configuration is collected, which for docgen's one configuration per process
(``docgen.render.pdf.engine``) is at interpreter shutdown, when it can no longer: each web,
worker and render process left 1.5 MB in the temporary directory. :func:`weasyprint_fonts`
gives it one folder per process under a parent of this user's, removed at exit and swept by
the next process when its process is gone (killed, or a pool process that skips ``atexit``).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing.util
import os
import shutil
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from docgen.render.processes import alive
from docgen.resources import FONTS_DIR
from docgen.style import PDF_FONT_FILES

log = logging.getLogger(__name__)


def font_path(bold: bool = False, italic: bool = False) -> Path:
    """The shipped font file of a style."""
    return FONTS_DIR / PDF_FONT_FILES[(bold, italic)]


@cache
def drawable() -> frozenset[int]:
    """Code points every shipped style can draw (read once from the fonts' cmap tables).

    The intersection over the four styles: any text may end up bold or italic.
    """
    from fontTools.ttLib import TTFont

    sets = []
    for file in PDF_FONT_FILES.values():
        with TTFont(FONTS_DIR / file, lazy=True) as font:
            sets.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*sets)


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` the fonts cannot draw, as ``“😀” U+1F600``, each once.

    Line breaks and tabs are layout, not glyphs, and always pass.
    """
    cover = drawable()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in "\n\t" and ord(ch) not in cover:
            seen.setdefault(f"“{ch}” U+{ord(ch):04X}")
    return list(seen)


def weasyprint_fonts() -> Any:
    """A WeasyPrint ``FontConfiguration`` copying its fonts into this process's folder."""
    from weasyprint.text.fonts import FontConfiguration

    class ProcessFonts(FontConfiguration):
        """Its folder is removed at exit (``atexit``) or by a later sweep, not by
        WeasyPrint's ``__del__``, which at shutdown fails with the modules half gone."""

        def __del__(self) -> None:
            pass

    fonts = ProcessFonts()
    fonts._folder = process_font_folder()  # WeasyPrint makes one only when this is None
    return fonts


def process_font_folder() -> Path:
    """This process's folder for WeasyPrint's font copies (made empty), after sweeping
    the folders of processes that are gone."""
    parent = _private_parent()
    for entry in parent.iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid() and not alive(int(entry.name)):
            shutil.rmtree(entry, ignore_errors=True)
    folder = parent / str(os.getpid())
    shutil.rmtree(folder, ignore_errors=True)  # a reused process id's leftovers
    folder.mkdir(mode=0o700)
    atexit.register(shutil.rmtree, folder, True)
    # A multiprocessing pool's process ends with os._exit, after its own finalizers only.
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=0)
    return folder


def _private_parent() -> Path:
    """``<tmp>/docgen-fonts-<uid>``, this user's alone; a fresh private temporary folder
    when that name is taken by something else (another user, a link)."""
    parent = Path(tempfile.gettempdir()) / f"docgen-fonts-{os.getuid()}"
    try:
        parent.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(parent)
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() \
                and not info.st_mode & 0o077:
            return parent
    except OSError:
        pass
    log.warning("%s is not a private folder of this user: fonts go to a new temporary one",
                parent)
    private = Path(tempfile.mkdtemp(prefix="docgen-fonts-"))
    atexit.register(shutil.rmtree, private, True)
    return private

