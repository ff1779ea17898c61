"""``docgen sign``, ``docgen fill`` and ``docgen verify``: signing without accounts.

    docgen sign giay.pdf --field signer --pkcs12 key.p12 --password-stdin \\
        --image chu-ky.png -o da-ky.pdf
    docgen fill da-ky.pdf --number 7 --date 2026-01-05 -o da-dien.pdf
    docgen sign da-dien.pdf --field agency --agency vks-hung-yen -o ban-hanh.pdf
    docgen verify ban-hanh.pdf          # exit 0 only when every signature is good

A wrong password or an unreadable key is one Vietnamese line on stderr and exit status 2;
the password is read from standard input, never from the command line (where ``ps`` and
the shell history would show it).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from docgen.cli.files import services
from docgen.config import Settings
from docgen.errors import FieldError, InputError
from docgen.signing.appearance import DEFAULT_SEAL_MM, Appearance
from docgen.signing.forms import fill_number_date, number_date_values
from docgen.signing.keys import KeySource, Pkcs12Key
from docgen.signing.sign import SignOptions, sign_pdf
from docgen.signing.verify import load_trust_roots, report_lines, verify_pdf


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError([], message=f"không đọc được {what} {path}: {exc.strerror}") from None


def _write(out: Path, data: bytes) -> None:
    # A temporary name first: an interrupted run never leaves a half-written file.
    tmp = out.with_name(f".{out.name}.part")
    tmp.write_bytes(data)
    tmp.replace(out)


def _settings():

    return Settings.from_env()


@click.command()
@click.argument("paper", metavar="PAPER.pdf")
@click.option("--field", default="signer", show_default=True,
              help="Ô ký (signer, agency, member-01, witness ...)")
@click.option("--pkcs12", "pkcs12_path", type=click.Path(dir_okay=False),
              help="Tệp khóa PKCS#12 (.p12/.pfx) của người ký")
@click.option("--password-stdin", is_flag=True,
              help="Đọc mật khẩu của tệp khóa từ dòng đầu của đầu vào chuẩn")
@click.option("--agency", help="Ký bằng khóa và con dấu của cơ quan (mã trong cấu hình ký số)")
@click.option("--image", type=click.Path(dir_okay=False),
              help="Ảnh chữ ký (PNG nền trong suốt)")
@click.option("--seal", type=click.Path(dir_okay=False), help="Ảnh con dấu (PNG nền trong suốt)")
@click.option("--seal-mm", type=float, help="Đường kính thật của con dấu, mm")
@click.option("--reason", help="Lý do ký")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Tệp PDF đã ký")
def sign(paper: str, field: str, pkcs12_path: str | None, password_stdin: bool,
         agency: str | None, image: str | None, seal: str | None, seal_mm: float | None,
         reason: str | None, output: str) -> None:
    """Ký số văn bản PAPER.pdf vào ô ký FIELD (PAdES)."""

    setup = services(_settings()).signing
    pdf = _read(paper, "tệp")
    key: KeySource
    if agency:
        cfg = setup.for_agency(agency)
        if cfg is None:
            raise InputError([FieldError(("agency",), f"cơ quan {agency!r} chưa được cấu hình "
                                                      "ký số (DOCGEN_SIGNING_CONFIG)")])
        key, look = cfg.key(), cfg.appearance()
    elif pkcs12_path:
        password = sys.stdin.readline().rstrip("\r\n").encode() if password_stdin else None
        key = Pkcs12Key(_read(pkcs12_path, "tệp khóa"), password)
        look = Appearance()
    else:
        raise click.UsageError("cần --pkcs12 (với --password-stdin) hoặc --agency")
    look = Appearance(
        signature_png=_read(image, "ảnh chữ ký") if image else look.signature_png,
        seal_png=_read(seal, "ảnh con dấu") if seal else look.seal_png,
        seal_mm=seal_mm or look.seal_mm or DEFAULT_SEAL_MM, agency_name=look.agency_name)
    signed = sign_pdf(pdf, key, SignOptions(
        field=field, appearance=look, reason=reason, timestamp_url=setup.tsa_url,
        trust_roots=setup.trust_roots))
    out = Path(output)
    _write(out, signed)
    click.echo(f"{out} ({len(signed):,} byte): đã ký ô {field}")


@click.command()
@click.argument("paper", metavar="PAPER.pdf")
@click.option("--number", type=int, help="Số văn bản")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Ngày ban hành (YYYY-MM-DD)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def fill(paper: str, number: int | None, on: datetime | None, output: str) -> None:
    """Điền số và ngày vào các ô của văn bản đã ký (không làm hỏng chữ ký)."""

    day: date | None = on.date() if on is not None else None
    if number is None and day is None:
        raise click.UsageError("cần --number và/hoặc --date")
    filled = fill_number_date(_read(paper, "tệp"), number_date_values(number, day))
    out = Path(output)
    _write(out, filled)
    click.echo(f"{out} ({len(filled):,} byte): đã điền số và ngày")


@click.command()
@click.argument("paper", metavar="FILE.pdf")
@click.option("--trust-roots", type=click.Path(exists=True),
              help="Chứng thư gốc tin cậy (tệp PEM hoặc thư mục); mặc định DOCGEN_TRUST_ROOTS")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON")
def verify(paper: str, trust_roots: str | None, as_json: bool) -> None:
    """Kiểm tra chữ ký số của FILE.pdf; mã thoát 0 chỉ khi mọi chữ ký hợp lệ và tin cậy."""

    roots = load_trust_roots(Path(trust_roots) if trust_roots else _settings().trust_roots)
    report = verify_pdf(_read(paper, "tệp"), roots)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report_lines(report):
            click.echo(line)
        if not roots:
            click.echo("Chưa cấu hình chứng thư gốc tin cậy (DOCGEN_TRUST_ROOTS).", err=True)
    sys.exit(0 if report.ok else 1)


COMMANDS = (sign, fill, verify)
