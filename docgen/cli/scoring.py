"""``docgen scoring check FILE.json [--json]``: score a cluster's year kept in a file and
print the table (rank, unit, sections, total; the leading unit, the ties, the vote), or the
same JSON as ``POST /api/v1/scoring/check``. Exit 0 when the year could be scored, 2 for an
unusable file."""

from __future__ import annotations

import json

import click

from docgen.cli.files import read_input, services
from docgen.model.scoring import ScoringYear
from docgen.model.validation import validate_input
from docgen.scoring.engine import score
from docgen.scoring.result import result_json
from docgen.scoring.table import table


@click.group("scoring")
def scoring() -> None:
    """Chấm điểm thi đua của Khối, Cụm thi đua."""


@scoring.command("check")
@click.argument("input_file", metavar="FILE.json")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (như API)")
def check(input_file: str, as_json: bool) -> None:
    """Chấm điểm FILE.json: tổng điểm, xếp hạng, đơn vị dẫn đầu."""
    catalog = services().catalog()
    year = validate_input(ScoringYear, read_input(input_file), context={"catalog": catalog})
    scores = score(year, catalog)
    if as_json:
        click.echo(json.dumps(result_json(scores), ensure_ascii=False, indent=2))
    else:
        click.echo(table(scores), nl=False)
