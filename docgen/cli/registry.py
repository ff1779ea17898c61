"""``docgen db upgrade|export|import`` and ``docgen papers list|issue|export``; copies of
issued papers: ``docgen papers make-copy`` and ``docgen papers parts``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from docgen.cli.files import read_input, services, write_output
from docgen.config import Settings
from docgen.services.accounts.identity import Actor, system_actor
from docgen.services.registry.backup import export, restore
from docgen.services.registry.db import make_engine, upgrade
from docgen.services.registry.steps import STATUS_LABELS
from docgen.vn.dates import short_date, today
from docgen.vn.numbering import number_ref


def _actor() -> Actor:
    return system_actor()


@click.group()
def db() -> None:
    """Cơ sở dữ liệu sổ đăng ký."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Tạo/nâng cấp lược đồ cơ sở dữ liệu (Alembic)."""
    settings = Settings.from_env()
    upgrade(make_engine(settings.effective_database_url))
    click.echo(f"Đã nâng cấp: {make_engine(settings.effective_database_url).url!r}")


@db.command("export")
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
def db_export(output: Path) -> None:
    """Sao lưu sổ đăng ký (dữ liệu và tệp) vào OUTPUT (.tar.gz)."""

    reg = services().registry
    counts = export(reg.sessions.kw["bind"], reg.store, output)
    click.echo(f"Đã sao lưu vào {output}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@db.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def db_import(source: Path) -> None:
    """Khôi phục sổ đăng ký từ SOURCE vào một cơ sở dữ liệu trống."""

    reg = services().registry
    counts = restore(reg.sessions.kw["bind"], reg.store, source)
    click.echo("Đã khôi phục: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.group()
def papers() -> None:
    """Văn bản trong sổ đăng ký."""


@papers.command("list")
@click.option("--kind")
@click.option("--year", type=int)
@click.option("-q", "--query")
@click.option("--status", type=click.Choice(list(STATUS_LABELS)))
def papers_list(kind: str | None, year: int | None, query: str | None,
                status: str | None) -> None:
    """Liệt kê văn bản."""
    items, total = services().registry.search(
        _actor(), kind=kind, year=year, q=query, status=status, per_page=100)
    for p in items:
        number = number_ref(p.number, p.symbol) if p.number else "—"
        # date has its own __format__ (strftime): format the text, not the date object.
        issued = short_date(p.issued_on) if p.issued_on else "—"
        click.echo(f"{p.id:>6}  {p.status:8} {number:16} {issued:10}  {p.title}")
    click.echo(f"{total} văn bản")


@papers.command("draft")
@click.argument("kind")
@click.argument("input_file", metavar="INPUT.json")
def papers_draft(kind: str, input_file: str) -> None:
    """Ghi INPUT.json vào sổ thành một dự thảo loại KIND (chưa có số); in số hiệu dự thảo."""

    paper = services().registry.create_draft(kind, read_input(input_file),
                                                             _actor())
    click.echo(f"Dự thảo {paper.id}: {paper.title}")


@papers.command("submit")
@click.argument("paper_id", type=int)
def papers_submit(paper_id: int) -> None:
    """Trình lãnh đạo duyệt dự thảo PAPER_ID."""
    paper = services().registry.submit(paper_id, _actor())
    click.echo(f"Đã trình: {paper.title}")


@papers.command("approve")
@click.argument("paper_id", type=int)
@click.option("--comment", help="Ý kiến của lãnh đạo")
def papers_approve(paper_id: int, comment: str | None) -> None:
    """Duyệt văn bản PAPER_ID đang chờ duyệt."""
    paper = services().registry.approve(paper_id, _actor(), comment)
    click.echo(f"Đã duyệt: {paper.title}")


@papers.command("return")
@click.argument("paper_id", type=int)
@click.option("--comment", required=True, help="Lý do trả lại")
def papers_return(paper_id: int, comment: str) -> None:
    """Trả lại văn bản PAPER_ID cho người soạn, kèm ý kiến."""
    paper = services().registry.return_paper(paper_id, _actor(), comment)
    click.echo(f"Đã trả lại: {paper.title}")


@papers.command("issue")
@click.argument("paper_id", type=int)
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Ngày ban hành")
@click.option("--number", type=int, help="Số đã cấp ở nơi khác (chỉ nhận nếu còn trống)")
def papers_issue(paper_id: int, on: datetime | None, number: int | None) -> None:
    """Ban hành văn bản đã duyệt PAPER_ID: cấp số, ngày, lưu tệp."""
    day = on.date() if on is not None else today()
    paper = services().registry.issue(paper_id, _actor(), on=day, number=number)
    click.echo(f"Đã ban hành: {paper.title}, mã xác minh {paper.verify_code}")


@papers.command("parts")
@click.argument("paper_id", type=int)
def papers_parts(paper_id: int) -> None:
    """Các phần của văn bản PAPER_ID trích sao được (tên phần dùng cho --part)."""
    found = services().registry.copy_parts(paper_id, _actor())
    for part in found:
        click.echo(f"{part.key:20}  {part.heading}")
    if not found:
        click.echo("Văn bản không chia thành điều, mục: không trích sao được, hãy sao y.")


@papers.command("make-copy")
@click.argument("paper_id", type=int)
@click.option("--form", "form", required=True,
              type=click.Choice(["sao-y", "sao-luc", "trich-sao"]), help="Hình thức sao")
@click.option("--electronic", is_flag=True,
              help="Bản sao điện tử (ký số của cơ quan khi ban hành) thay cho bản sao giấy")
@click.option("--part", "parts", multiple=True, help="Trích sao: một phần (xem papers parts)")
@click.option("--signer-title", help="Bản sao giấy: chức vụ người ký, ví dụ Chánh Văn phòng")
@click.option("--signer-name", help="Bản sao giấy: họ và tên người ký")
@click.option("--authority", type=click.Choice(["TM.", "KT.", "Q.", "TL.", "TUQ."]),
              help="Thẩm quyền ký (TL., TUQ. …)")
@click.option("--on-behalf", help="Ký thay cho, ví dụ Viện trưởng (với TL., KT. …)")
@click.option("--recipient", "recipients", multiple=True, help="Nơi nhận (lặp lại được)")
@click.option("--issue", "issue_on", type=click.DateTime(["%Y-%m-%d"]),
              help="Ban hành ngay bản sao với ngày này")
def papers_make_copy(paper_id: int, form: str, electronic: bool, parts: tuple[str, ...],
                     signer_title: str | None, signer_name: str | None,
                     authority: str | None, on_behalf: str | None,
                     recipients: tuple[str, ...], issue_on: datetime | None) -> None:
    """Sao y, sao lục hoặc trích sao văn bản đã ban hành PAPER_ID; bản sao được ban hành
    (cấp số trong sổ bản sao) bằng ``papers issue`` hoặc ngay với --issue."""
    body: dict[str, object] = {"copy": form, "electronic": electronic, "parts": list(parts),
                               "recipients": list(recipients)}
    if signer_title or signer_name:
        signer = {"title": signer_title, "name": signer_name, "authority": authority,
                  "on_behalf": on_behalf}
        body["signer"] = {k: v for k, v in signer.items() if v is not None}
    reg = services().registry
    paper = reg.create_copy(paper_id, body, _actor())
    click.echo(f"Bản sao {paper.id}: {paper.title}")
    if issue_on is not None:
        paper = reg.issue(paper.id, _actor(), on=issue_on.date())
        click.echo(f"Đã ban hành: {paper.title}, mã xác minh {paper.verify_code}")


@papers.command("export")
@click.argument("paper_id", type=int)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False))
def papers_export(paper_id: int, output: Path) -> None:
    """Xuất tệp (PDF hoặc DOCX, theo đuôi) của văn bản PAPER_ID."""
    fmt = output.suffix.lstrip(".").lower()

    rendered = services().registry.file(paper_id, fmt, _actor())
    write_output(output, rendered.content)
    click.echo(f"{output} ({len(rendered.content):,} byte)")
