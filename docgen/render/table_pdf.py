"""A long table as a PDF/A on A4 landscape: the register books (sổ đăng ký văn bản đi,
sổ vàng) printed and bound as Decree 30/2020/NĐ-CP keeps them, with the paper fonts, the
header row repeated on every page and "Trang n/m" at the foot.

Plain data in (strings, each marked centred or not), bytes out: the registry decides what a
book's rows say, this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from docgen import style
from docgen.errors import RenderError
from docgen.render.fonts import weasyprint_fonts
from docgen.render.pdf import ASSETS_DIR, TEMPLATES_DIR, engine, font_url

#: One cell: its text and whether it is centred (numbers, dates).
Cell = tuple[str, bool]


@cache
def _template() -> Template:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(font_url=font_url)
    return env.get_template("table.html")


def table_html(title: str, subtitle: str, headers: Sequence[str], widths: Sequence[float],
               rows: Sequence[Sequence[Cell]], empty: str = "Chưa có dòng nào") -> str:
    """The HTML of the table; ``widths`` are relative (the spreadsheet's column widths)."""
    total = sum(widths) or 1.0
    return _template().render(
        title=title, subtitle=subtitle, headers=list(headers),
        widths=[round(100 * w / total, 2) for w in widths], rows=rows, empty=empty,
        fonts=style.PDF_FONT_FILES, family=style.PDF_FONT_FAMILY, language=style.LANGUAGE)


def table_pdf(title: str, subtitle: str, headers: Sequence[str], widths: Sequence[float],
              rows: Sequence[Sequence[Cell]], empty: str = "Chưa có dòng nào") -> bytes:
    """The table as a PDF/A-2b (archived like the papers it lists)."""
    from weasyprint import HTML

    source = table_html(title, subtitle, headers, widths, rows, empty)
    try:
        return HTML(string=source, url_fetcher=engine().fetcher,
                    base_url=ASSETS_DIR.as_uri() + "/").write_pdf(
            pdf_variant="pdf/a-2b", font_config=weasyprint_fonts())
    except Exception as exc:  # a table WeasyPrint cannot lay out is a bug: say which one
        raise RenderError(f"không tạo được PDF cho {title}: {exc}") from exc
