"""``docgen registers export`` (the register books as XLSX), ``docgen certificates list``
(registered certificates with their register numbers) and ``docgen figures`` (the year's
figures of awards as XLSX or JSON). Run on the server by an operator:
every agency is reachable, named by its symbol (VKSTC) or code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docgen.cli.files import services, write_output
from docgen.errors import FieldError, InputError
from docgen.services.accounts.identity import system_actor
from docgen.services.accounts.service import resolve_agency
from docgen.services.registry.figures import figures_json, year_figures
from docgen.services.registry.figures import to_xlsx as figures_xlsx
from docgen.services.registry.registers import (
    CERTIFICATES,
    OUTGOING,
    find_certificates,
    register_book,
    to_xlsx,
)
from docgen.vn.dates import short_date, today


@click.group()
def registers() -> None:
    """Sổ đăng ký văn bản đi và sổ vàng."""


@registers.command("export")
@click.option("--book", required=True, type=click.Choice([OUTGOING, CERTIFICATES]),
              help="di: sổ đăng ký văn bản đi; so-vang: sổ vàng")
@click.option("--agency", required=True, help="Ký hiệu cơ quan, ví dụ VKSTC")
@click.option("--year", type=int, default=lambda: today().year, show_default="năm nay")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False))
def registers_export(book: str, agency: str, year: int, output: Path) -> None:
    """Xuất một sổ của một cơ quan trong một năm ra tệp XLSX."""
    reg = services().registry
    data = register_book(reg.sessions, book, resolve_agency(agency), year)
    tmp = output.with_name(f".{output.name}.part")
    tmp.write_bytes(to_xlsx(data))
    tmp.replace(output)
    click.echo(f"{output}: {data.layout.title.capitalize()}, {data.subtitle}, "
               f"{len(data.rows)} dòng")


@click.group()
def certificates() -> None:
    """Bằng khen, giấy khen đã đăng ký vào sổ vàng."""


@certificates.command("list")
@click.option("--agency", help="Ký hiệu cơ quan; mặc định mọi cơ quan")
@click.option("--year", type=int)
@click.option("-q", "--query", help="Tên, đơn vị, mã xác minh hoặc số sổ vàng")
def certificates_list(agency: str | None, year: int | None, query: str | None) -> None:
    """Liệt kê bằng đã đăng ký, mới nhất trước, kèm số sổ vàng."""
    reg = services().registry
    items, total = find_certificates(reg.sessions, agency=resolve_agency(agency) if agency else None,
                                     year=year, q=query, per_page=100)
    for c in items:
        click.echo(f"{c.register_number or '—':>8}  {c.verify_code}  {short_date(c.issued_on)}  "
                   f"{c.status:8} {c.recipient}")
    click.echo(f"{total} bằng")


@click.command("figures")
@click.option("--year", type=int, default=lambda: today().year, show_default="năm nay")
@click.option("--agency", help="Ký hiệu hoặc mã cơ quan; mặc định cơ quan cao nhất trong danh "
              "mục (cùng các đơn vị trực thuộc)")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Tệp .xlsx; bỏ trống khi in JSON")
@click.option("--json", "as_json", is_flag=True, help="In số liệu dạng JSON (như API)")
def figures(year: int, agency: str | None, output: Path | None, as_json: bool) -> None:
    """Số liệu thi đua, khen thưởng của năm theo đơn vị và hình thức (XLSX), từ các quyết
    định khen thưởng đã ban hành trong sổ."""
    svc = services()
    catalog = svc.catalog()
    if agency is None:
        roots = [a.code for a in catalog.agencies if not a.above]
        if len(roots) != 1:
            raise InputError([FieldError(("agency",), "chọn cơ quan (--agency)")])
        code = roots[0]
    else:
        code = resolve_agency(agency)
    data = year_figures(svc.registry.sessions, system_actor(), year, code, catalog)
    if as_json:
        click.echo(json.dumps(figures_json(data), ensure_ascii=False, indent=2))
        return
    if output is None:
        raise InputError([FieldError(("output",), "ghi tệp kết quả (-o so-lieu.xlsx) hoặc "
                                     "in JSON (--json)")])
    write_output(output, figures_xlsx(data))
    total = data.total()
    click.echo(f"{output}: {data.title}, {data.agency_name}: {data.decisions} quyết định, "
               f"{total.individuals} lượt cá nhân, {total.collectives} lượt tập thể")
