"""The ``docgen`` console command: render papers, serve the app, show schemas and the catalog.

Errors are reported as one line per problem on stderr (``signer.name: thiếu họ tên người
ký``) with exit status 2 for unusable input; no traceback reaches a clerk: an unexpected
error prints one line and its traceback goes to a log file.
"""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

import click

from docgen.cli.files import fail, read_input, services, write_output
from docgen.cli.jobs import batch, batches, worker
from docgen.cli.registers import certificates, figures, registers
from docgen.cli.registry import db, papers
from docgen.cli.rounds import rounds
from docgen.cli.scoring import scoring
from docgen.cli.signing import COMMANDS as signing_commands
from docgen.cli.users import users
from docgen.config import Settings
from docgen.errors import DocgenError
from docgen.kinds import KINDS, get_kind
from docgen.render.docx import check_template
from docgen.service import render_paper
from docgen.services.accounts.service import FIRST_ADMIN_HINT
from docgen.telemetry import configure_logging

#: Exit status of an unexpected error (a bug): distinct from bad input (2) and rejects (3).
EXIT_BUG = 70


def _log_unexpected(exc: BaseException) -> Path | None:
    """Append the traceback of an unexpected error to ``<data dir>/logs/cli.log``
    (or the temporary folder when the data folder cannot be written)."""

    entry = (f"--- {datetime.now(UTC).isoformat()} docgen {' '.join(sys.argv[1:])}\n"
             + "".join(traceback.format_exception(exc)))
    try:
        folders = [Settings.from_env().data_dir / "logs"]
    except Exception:  # a broken setting must not hide the original error
        folders = []
    for folder in (*folders, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "docgen-cli.log"
            with log.open("a", encoding="utf-8") as fh:
                fh.write(entry)
            return log
        except OSError:
            continue
    return None


class DocgenGroup(click.Group):
    """A click group that turns every error into clean messages for every subcommand:
    DocgenError as the clerk's lines, anything else (a bug) as one line plus a log entry."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            fail(exc)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise  # usage errors and --help are click's to print
        except Exception as exc:
            log = _log_unexpected(exc)
            where = f" (chi tiết ghi ở {log})" if log else ""
            click.echo(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}{where}", err=True)
            sys.exit(EXIT_BUG)


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docgen", prog_name="docgen")
def main() -> None:
    """docgen: văn bản thi đua, khen thưởng (Chỉ thị, Giao ước, Quyết định, Bằng khen)."""


@main.command()
@click.argument("kind")
@click.argument("input_file", metavar="INPUT.json")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Tệp kết quả (.pdf hoặc .docx)")
@click.option("-f", "--format", "fmt", type=click.Choice(["pdf", "docx", "xlsx"]),
              help="Định dạng; mặc định theo đuôi tệp kết quả")
def render(kind: str, input_file: str, output: str, fmt: str | None) -> None:
    """Tạo một văn bản KIND (directive, pledge, award-decision, certificate) từ INPUT.json."""

    out = Path(output)
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("pdf", "docx", "xlsx"):
        raise click.UsageError("không rõ định dạng: dùng đuôi .pdf/.docx/.xlsx hoặc --format")
    catalog = services().catalog()  # the configured catalog (DOCGEN_CATALOG)
    rendered = render_paper(kind, read_input(input_file), fmt, catalog=catalog)
    write_output(out, rendered.content)
    facts = ", ".join(f"{k}={v}" for k, v in rendered.meta.items())
    click.echo(f"{out} ({len(rendered.content):,} byte)" + (f" [{facts}]" if facts else ""))


@main.command()
@click.argument("kind")
def schema(kind: str) -> None:
    """In JSON Schema của dữ liệu vào cho KIND."""

    click.echo(json.dumps(get_kind(kind).model.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
def kinds() -> None:
    """Liệt kê các loại văn bản."""

    for k in KINDS.values():
        types = f" [{', '.join(k.types)}]" if k.types else ""
        click.echo(f"{k.name:16} {k.label} ({', '.join(k.formats)}){types}")


@main.command("check-templates")
def check_templates() -> None:
    """Kiểm tra mẫu DOCX chỉ dùng các biến mà bộ dựng cung cấp."""

    check_template()
    click.echo("Mẫu DOCX hợp lệ.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(min=1),
              help="Số tiến trình (mặc định DOCGEN_WEB_WORKERS hoặc 1); từ 2 trở lên chạy gunicorn")
@click.option("--threads", type=click.IntRange(min=1),
              help="Số luồng mỗi tiến trình (mặc định DOCGEN_WEB_THREADS hoặc 32)")
def serve(host: str, port: int, workers: int | None, threads: int | None) -> None:
    """Chạy dịch vụ web (API và trang cho cán bộ): một tiến trình (waitress) hoặc nhiều
    tiến trình (gunicorn, --workers N)."""

    # keep-lazy: only this command needs the HTTP face (Flask and its sign-in stack); the
    # others start without loading it.
    from docgen.http.serving import serve_gunicorn, serve_waitress

    settings = Settings.from_env().with_secret_key()
    configure_logging(settings)
    workers = workers or settings.web_workers
    threads = threads or settings.web_threads
    click.echo(f"docgen đang chạy tại http://{host}:{port}/ "
               f"({workers} tiến trình × {threads} luồng)")
    _hint_first_admin(settings)
    if workers > 1:
        serve_gunicorn(settings, host, port, workers, threads)
    else:
        serve_waitress(settings, host, port, threads)


def _hint_first_admin(settings: Settings) -> None:
    """A new installation has no account: say how to make the first one."""

    if not services(settings).accounts.has_users():
        click.echo(FIRST_ADMIN_HINT, err=True)


def _register_commands() -> None:
    for group in (batch, batches, worker, db, papers, users, registers, certificates, scoring,
                  rounds, figures,
                  *signing_commands):
        main.add_command(group)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
