"""What the registry awarded: the people and collectives named in issued award decisions,
one entry each, read from the decisions' stored input. Two uses read it: the year's
figures (``figures.py``) and the earlier years a round's rules need (``prior_source``,
``round_prior`` for the round check of the API and the command line).

Only ``issued`` decisions count: a revoked decision awarded nobody, a draft not yet.
An entry's ``year`` is the year the award is for: the year the decision's period names
("năm 2025": 2025, the last year of "giai đoạn 2021 - 2025"), else the year it was issued
(a Bằng khen or Giấy khen names no period). A title for 2025 is usually decided in
January 2026; the figures of 2026 count it (issued in 2026), the round of 2027 finds it as
2025's title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.catalog import Catalog
from docgen.model.round import Nomination, RoundInput
from docgen.rounds.check import PriorAward, PriorAwards
from docgen.service import PriorFor
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.models import Paper

#: Opens a session of the registry (a ``sessionmaker``, or a function that builds the
#: registry only when first asked: a round that needs no earlier year opens no database).
Sessions = Callable[[], Session]

#: The kind of paper that awards.
DECISION = "award-decision"
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class Awarded:
    """One person or collective in one issued award decision."""

    agency: str
    paper_id: int
    award: str
    issued_on: date
    year: int
    name: str
    unit: str | None
    collective: bool

    def as_prior(self) -> PriorAward:
        return PriorAward(self.name, self.award, self.year, self.unit, self.collective)


def period_year(period: str | None, issued_on: date) -> int:
    """The year an award is for: the last year its period names, else the issue year."""
    years = [int(m.group(0)) for m in _YEAR.finditer(period or "")]
    return years[-1] if years else issued_on.year


def awarded(sessions: Sessions, agencies: Iterable[str], *,
            issued_from: date | None = None, issued_to: date | None = None
            ) -> list[Awarded]:
    """Everyone the issued award decisions of ``agencies`` name, decisions in the order
    they were issued and numbered, people before collectives as the decision lists them."""
    codes = list(dict.fromkeys(agencies))
    stmt = select(Paper.id, Paper.agency, Paper.issued_on, Paper.input_json).where(
        Paper.kind == DECISION, Paper.status == "issued", Paper.agency.in_(codes),
        Paper.issued_on.is_not(None))
    if issued_from is not None:
        stmt = stmt.where(Paper.issued_on >= issued_from)
    if issued_to is not None:
        stmt = stmt.where(Paper.issued_on <= issued_to)
    with sessions() as s:
        rows = list(s.execute(stmt.order_by(Paper.issued_on, Paper.number, Paper.id)))
    out: list[Awarded] = []
    for paper_id, agency, issued_on, input_json in rows:
        payload = json.loads(input_json)
        award = payload.get("award")
        if not award or issued_on is None:
            continue
        year = period_year(payload.get("period"), issued_on)
        for person in payload.get("individuals") or []:
            out.append(Awarded(agency, paper_id, award, issued_on, year, person["name"],
                               person.get("unit"), False))
        for unit in payload.get("collectives") or []:
            out.append(Awarded(agency, paper_id, award, issued_on, year, unit["name"],
                               unit.get("unit"), True))
    return out


def prior_source(sessions: Sessions, agency: str) -> PriorAwards:
    """Earlier years' awards for a round's rules (``docgen.rounds.check.PriorAwards``) from
    ``agency``'s issued decisions, read once on first use. The registry holds a year of an
    award when it has an issued decision of that award for that year: then a nominee not
    named in one did not receive it (``False``); a year without any (decided before docgen,
    or by paper) is not held (``None``: the check notes it, the dossier attaches the
    decision). Names compare as the registry compares them (NFC, case and spacing aside)."""
    loaded: list[list[PriorAward]] = []

    def records() -> list[PriorAward]:
        if not loaded:
            loaded.append([a.as_prior() for a in awarded(sessions, [agency])])
        return loaded[0]

    def lookup(nomination: Nomination, award: str, year: int) -> bool | None:
        held = [r for r in records() if r.award == award and r.year == year]
        if not held:
            return None
        return any(r.of(nomination) for r in held)

    return lookup


def round_prior(sessions: Sessions, actor: Actor, catalog: Catalog) -> PriorFor:
    """The source of a round's earlier years for ``actor``: the issued decisions of the
    agency the round's issuer names (its symbol in the catalog), when ``actor`` may read
    that agency's papers; else none (the check notes each earlier year as not compared)."""
    def for_round(rnd: RoundInput) -> PriorAwards | None:
        agency = catalog.agency_by_symbol(rnd.issuer.symbol)
        if agency is None or not actor.can(Perm.PAPER_READ) or not actor.sees(agency.code):
            return None
        return prior_source(sessions, agency.code)

    return for_round
