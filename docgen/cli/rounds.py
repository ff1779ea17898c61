"""``docgen rounds check ROUND.json [--json]`` and ``docgen rounds papers ROUND.json -o
dossier.zip``: a commendation round kept in a file, checked against the catalog's rules
(a table, or the same JSON as ``POST /api/v1/rounds/check``; exit 0 when the round could be
checked, whatever its outcomes; 2 for an unusable file), and its whole dossier.

The earlier years a rule needs come from the registry of the round's agency (its issued
award decisions), when there is one, opened only if a rule needs a year; ``--no-registry``
leaves them noted as not compared."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docgen.cli.files import read_input, services, write_output
from docgen.rounds.check import RoundResult
from docgen.service import PriorFor, check_round, round_dossier
from docgen.services.accounts.identity import system_actor
from docgen.services.registry.awarded import round_prior
from docgen.services.registry.db import is_there
from docgen.services.root import Services
from docgen.vn.text import shorten

NAME_WIDTH = 32


@click.group("rounds")
def rounds() -> None:
    """Đợt xét khen thưởng: xét kết quả, tạo hồ sơ."""


def table(result: RoundResult) -> str:
    """One line per nomination in the input's order: result, votes, percentage, reasons."""
    lines = []
    for r in result.results:
        outcome = "ĐẠT" if r.passed else "KHÔNG ĐẠT"
        lines.append(f"{r.index + 1:>3}. {shorten(r.name, NAME_WIDTH):<{NAME_WIDTH}}  "
                     f"{shorten(r.award_name, 40):<40}  {r.votes:>3}/{r.denominator:<3} "
                     f"{r.percent_text:>8}  {outcome}")
        lines += [f"       - {reason}" for reason in r.reasons]
        lines += [f"       (lưu ý: {note})" for note in r.notes]
    passed = sum(r.passed for r in result.results)
    lines.append(f"\nĐạt {passed}/{len(result.results)} đề nghị.")
    return "\n".join(lines) + "\n"


def _prior_for(svc: Services, use: bool) -> PriorFor | None:
    """The registry's earlier years, when asked for and a registry is there: checking a
    round kept in a file never makes an empty database."""
    if not use or not is_there(svc.settings.effective_database_url):
        return None
    return round_prior(lambda: svc.registry.sessions(), system_actor(), svc.catalog())


REGISTRY_HELP = ("Đối chiếu các năm trước với quyết định khen thưởng đã ban hành trong sổ "
                 "(mặc định có)")


@rounds.command("check")
@click.argument("input_file", metavar="ROUND.json")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (như API)")
@click.option("--registry/--no-registry", "use_registry", default=True, help=REGISTRY_HELP)
def check(input_file: str, as_json: bool, use_registry: bool) -> None:
    """Xét ROUND.json theo quy định trong danh mục: số phiếu, tỷ lệ, lý do không đạt."""
    svc = services()
    result = check_round(read_input(input_file), catalog=svc.catalog(),
                         prior_for=_prior_for(svc, use_registry))
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(table(result), nl=False)


@rounds.command("papers")
@click.argument("input_file", metavar="ROUND.json")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Tệp hồ sơ .zip")
@click.option("--registry/--no-registry", "use_registry", default=True, help=REGISTRY_HELP)
def papers(input_file: str, output: Path, use_registry: bool) -> None:
    """Tạo hồ sơ của đợt: biên bản, tờ trình, dự thảo quyết định, báo cáo thành tích."""
    svc = services()
    dossier = round_dossier(read_input(input_file), catalog=svc.catalog(),
                            prior_for=_prior_for(svc, use_registry))
    write_output(output, dossier.content)
    click.echo(f"{output} ({len(dossier.content):,} byte)")
