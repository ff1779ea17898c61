"""``docgen batch certificates INPUT -o OUT.pdf|OUT.zip``: certificates from a JSON input
(certificate or award decision), an XLSX or a CSV (with ``--meta``), with a progress bar
and a summary. Exit 0 when every row was produced, 3 when some rows were rejected, 2 when
the input cannot be used at all."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from docgen.cli.files import services, write_output
from docgen.config import Settings
from docgen.errors import FieldError, InputError
from docgen.services.jobs import certificates as jobs
from docgen.services.jobs.celery_app import broker_holds


@click.group()
def batch() -> None:
    """Tạo hàng loạt (bằng khen, giấy khen)."""


def _read_json(path: Path, what: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError([], message=f"không đọc được {what} {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([FieldError((), f"{what} {path} không phải JSON hợp lệ: {exc}")]
                         ) from None


@batch.command()
@click.argument("input_file", metavar="INPUT.(json|xlsx|csv)",
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="OUT.pdf (một tệp để in) hoặc OUT.zip (mỗi người một tệp)")
@click.option("--meta", type=click.Path(path_type=Path, dir_okay=False),
              help="Phần chung (cơ quan, hình thức, quyết định, người ký…) cho bảng tính")
@click.option("--register-start", type=int, help="Số sổ vàng đầu tiên (ghi đè)")
@click.option("--workers", type=int, help="Số tiến trình (mặc định: số nhân CPU)")
@click.option("--sign-agency", metavar="CODE",
              help="Ký số từng bằng trong tệp .zip bằng khóa và con dấu của cơ quan CODE "
                   "(cấu hình ký số DOCGEN_SIGNING_CONFIG)")
def certificates(input_file: Path, output: Path, meta: Path | None,
                 register_start: int | None, workers: int | None,
                 sign_agency: str | None) -> None:
    """In bằng khen/giấy khen cho mọi người trong INPUT."""
    from tqdm import tqdm


    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "zip"):
        raise click.UsageError("tệp kết quả phải có đuôi .pdf hoặc .zip")
    settings = Settings.from_env()
    sign = None
    if sign_agency:
        if fmt != "zip":
            raise click.UsageError("--sign-agency chỉ dùng với tệp .zip (tệp in gộp không ký)")

        sign = services(settings).signing.sealer(sign_agency)
    suffix = input_file.suffix.lower()
    if suffix == ".json":
        source = jobs.from_json(_read_json(input_file, "tệp dữ liệu"))
    elif suffix in (".xlsx", ".xlsm", ".csv"):
        if meta is None:
            raise click.UsageError("bảng tính cần --meta META.json (phần chung của các bằng)")
        common = _read_json(meta, "tệp --meta")
        if not isinstance(common, dict):
            raise InputError([FieldError((), "tệp --meta phải là một đối tượng JSON")])
        try:
            data = input_file.read_bytes()
        except OSError as exc:
            raise InputError([], message=f"không đọc được {input_file}: {exc.strerror}") \
                from None
        source = jobs.from_spreadsheet(data, input_file.name, common,
                                       max_rows=settings.max_batch_rows,
                                       max_bytes=settings.max_upload_bytes)
    else:
        raise click.UsageError("INPUT phải là .json, .xlsx hoặc .csv")
    if register_start is not None:
        source = jobs.with_register_start(source, register_start)

    with tqdm(total=len(source.rows), unit="bằng", file=sys.stderr, leave=True,
              disable=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        registry = None
        if source.meta.registered:

            registry = services(settings).registry
        outcome = jobs.run(source, fmt, progress=progress, workers=workers, registry=registry,
                           sign=sign)

    if outcome.content is not None:
        write_output(output, outcome.content)
    for note in outcome.notes:
        click.echo(f"Lưu ý: {note}", err=True)
    for problem in outcome.rejected:
        click.echo(f"Từ chối {problem.line()}", err=True)
    written = f" -> {output}" if outcome.content is not None else " (không tạo tệp)"
    click.echo(f"Đã tạo {outcome.produced}/{outcome.total} bằng, từ chối "
               f"{len(outcome.rejected)} dòng"
               + (f", bỏ qua {outcome.blank} dòng trống" if outcome.blank else "")
               + f", {outcome.seconds:.1f} giây{written}")
    if outcome.rejected:
        sys.exit(3)


@click.group("batches")
def batches() -> None:
    """Lô đã tạo (bằng, việc in lớn): dọn dẹp, kiểm tra."""


@batches.command("purge")
@click.option("--days", type=float,
              help="Xóa lô đã xong/thất bại cũ hơn số ngày này (mặc định "
                   "DOCGEN_BATCH_RETENTION_DAYS, 30)")
def batches_purge(days: float | None) -> None:
    """Xóa các lô đã hết hạn cùng tệp của chúng."""
    removed, files = _jobs().purge(days)
    click.echo(f"Đã xóa {removed} lô, {files} tệp")


@batches.command("sweep")
def batches_sweep() -> None:
    """Đánh dấu thất bại các lô không còn ai xử lý (quá DOCGEN_JOB_STALE_SECONDS)."""
    settings = Settings.from_env()
    holds = None
    if settings.broker_url:

        def holds(batch_id: str) -> bool:
            return broker_holds(settings, batch_id)
    failed = _jobs(settings).sweep(holds)
    click.echo(f"Đã đánh dấu thất bại {len(failed)} lô" +
               (": " + ", ".join(failed) if failed else ""))


def _jobs(settings: Settings | None = None):

    settings = settings or Settings.from_env()
    return services(settings).jobs


@click.command("worker", context_settings={"ignore_unknown_options": True})
@click.option("-c", "--concurrency", type=int,
              help="Số tiến trình in (mặc định: số nhân CPU)")
@click.option("--beat/--no-beat", default=False,
              help="Chạy cả lịch định kỳ (dọn lô hết hạn, phát hiện lô bị mất); chỉ một "
                   "worker trong cả hệ thống nên bật")
@click.option("-l", "--loglevel", default="INFO", show_default=True)
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(concurrency: int | None, beat: bool, loglevel: str,
           celery_args: tuple[str, ...]) -> None:
    """Chạy worker Celery cho docgen (cần DOCGEN_BROKER_URL).

    Tương đương: celery -A docgen.worker worker -Q docgen --pool prefork -c N.
    Tham số khác được chuyển nguyên cho celery worker."""
    settings = Settings.from_env()
    if not settings.broker_url:
        raise click.UsageError("chưa đặt DOCGEN_BROKER_URL (ví dụ redis://127.0.0.1:6379/0)")

    argv = ["worker", "-Q", settings.job_queue, "--pool", "prefork", "-l", loglevel]
    if concurrency:
        argv += ["-c", str(concurrency)]
    if beat:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        argv += ["--beat", "-s", str(settings.data_dir / "celerybeat-schedule")]
    # keep-lazy: importing the worker face builds its Celery app (Celery's ``-A`` contract):
    # only this command, which becomes that worker, may do it.
    from docgen.worker import app

    app.worker_main(argv=[*argv, *celery_args])
