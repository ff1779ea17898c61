"""The papers of a round (hồ sơ khen thưởng) from the round and its check: the minutes,
the proposal(s), one award-decision draft per award within the agency's power listing
exactly the nominees who passed, and the achievement reports given; and the whole dossier
as a ZIP of DOCX and PDF.

Drawing is the caller's: ``render(kind, document, fmt) -> bytes`` is passed in (the
service that times and limits renders lives above this package), so this module only
decides which papers, with which inputs and names.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pydantic import BaseModel

from docgen.catalog import Catalog
from docgen.compose import achievement_report, award_decision, award_proposal, council_minutes
from docgen.compose.common import one_line
from docgen.compose.document import Document
from docgen.model.award_decision import AwardDecisionInput
from docgen.model.common import Person, Signer, Unit
from docgen.model.round import AwardProposalInput, RoundInput
from docgen.model.validation import validate_input
from docgen.rounds.check import PriorAwards, RoundResult, check
from docgen.vn.dates import date_words
from docgen.vn.files import slugify
from docgen.vn.numbering import join_symbol, number_ref

#: ``(kind, composed document, "docx" | "pdf") -> bytes``.
Render = Callable[[str, Document, str], bytes]
FORMATS = ("docx", "pdf")

#: What the decision says of those a title recognises, when their nominations give no
#: achievement line of their own; and the decision's usual fund and executors.
DEFAULT_ACHIEVEMENT = "đã có thành tích trong phong trào thi đua năm {year}"
FUND = "quỹ thi đua, khen thưởng của {agency}"
EXECUTORS = ("Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các cá nhân, tập thể "
             "có tên tại Điều 1")


@dataclass(frozen=True)
class Paper:
    """One paper of the dossier: its kind, its composed document and its file stem."""

    kind: str
    document: Document
    stem: str


def decision_signer(data: RoundInput) -> Signer:
    """The head who decides: the proposal's signer, else the council's chair by position."""
    if data.proposal is not None:
        return data.proposal.signer
    chair = data.council.member(data.meeting.chair)
    assert chair is not None  # the model requires the chair to be a member
    return Signer(title=chair.position or "Thủ trưởng cơ quan", name=chair.name)


def proposal_citation(data: RoundInput, catalog: Catalog) -> str:
    """``Xét đề nghị của Hội đồng … tại Tờ trình số 12/TTr-VKSHY ngày 20 tháng 12 năm
    2026``, the number and date once the council's proposal is issued."""
    citation = f"Xét đề nghị của {data.council.name}"
    proposal = data.proposal
    if proposal is not None and proposal.council_number is not None \
            and proposal.council_date is not None:
        symbol = join_symbol(catalog.paper_types["award-proposal"].abbr, data.issuer.symbol)
        citation += (f" tại Tờ trình số {number_ref(proposal.council_number, symbol)} "
                     f"{date_words(proposal.council_date)}")
    return citation


def decision_inputs(data: RoundInput, result: RoundResult, catalog: Catalog
                    ) -> list[AwardDecisionInput]:
    """One award-decision draft per award within the agency's power that someone passed,
    listing exactly those who passed, in the round's order."""
    out = []
    agency = one_line(data.issuer.name)
    for code in award_proposal.awards_for(result, catalog, "agency"):
        passed = result.passed(code)
        lines = {r.nomination.achievement for r in passed}
        line = next(iter(lines)) if len(lines) == 1 else None
        # The line continues the article's sentence ("…, đã có thành tích …").
        achievement = (line[0].lower() + line[1:] if line
                       else DEFAULT_ACHIEVEMENT.format(year=data.year))
        individuals = [Person(name=p.name, gender=p.gender, position=p.position, unit=p.unit)
                       for r in passed if (p := r.nomination.person) is not None]
        collectives = [Unit(name=c.name, unit=c.unit)
                       for r in passed if (c := r.nomination.collective) is not None]
        payload: dict[str, Any] = {
            "issuer": data.issuer.model_dump(), "signer": decision_signer(data).model_dump(),
            "award": code, "period": f"năm {data.year}", "achievement": achievement,
            "proposal": proposal_citation(data, catalog),
            "individuals": [p.model_dump() for p in individuals],
            "collectives": [u.model_dump() for u in collectives],
            "fund": FUND.format(agency=agency), "executors": EXECUTORS,
            "recipients": ["Như Điều 3"], "archive": ["VT", "Hồ sơ"], "draft": True,
        }
        out.append(validate_input(AwardDecisionInput, payload, context={"catalog": catalog}))
    return out


@dataclass(frozen=True)
class PaperInput:
    """One paper of the dossier before it is composed: which of the round's papers it is
    (``slot``: ``minutes``, ``proposal:agency``, ``proposal:higher``, ``decision:<award>``,
    ``report:<n>``), its kind, its validated input and its file stem. The registry keeps
    the round's drafts by slot, so making them again finds each one."""

    slot: str
    kind: str
    data: BaseModel
    stem: str


def paper_inputs(data: RoundInput, result: RoundResult, catalog: Catalog) -> list[PaperInput]:
    """The inputs of every paper of the round's dossier, in the dossier's order."""
    out = [PaperInput("minutes", "council-minutes", data, "01-bien-ban-hop-hoi-dong")]
    for to, stem in (("agency", "02-to-trinh-hoi-dong"), ("higher", "03-to-trinh-cap-tren")):
        if not award_proposal.awards_for(result, catalog, to):
            continue
        if to == "higher" and (data.proposal is None or data.proposal.to_higher is None):
            continue
        proposal = AwardProposalInput.model_validate({**dict(data), "proposal_to": to},
                                                     context={"catalog": catalog})
        out.append(PaperInput(f"proposal:{to}", "award-proposal", proposal, stem))
    for i, decision in enumerate(decision_inputs(data, result, catalog), start=1):
        name = slugify(catalog.award(decision.award).name)
        out.append(PaperInput(f"decision:{decision.award}", "award-decision", decision,
                              f"04-quyet-dinh-{i:02d}-{name}"))
    for i, r in enumerate(result.results, start=1):
        report = r.nomination.report
        if report is not None:
            out.append(PaperInput(f"report:{i}", "achievement-report", report,
                                  f"05-bao-cao-thanh-tich-{i:02d}-{slugify(r.name)}"))
    return out


def _compose(paper: PaperInput, catalog: Catalog, result: RoundResult) -> Document:
    """One paper of the dossier composed (the round's papers with the check already made)."""
    data: Any = paper.data
    if paper.kind == "council-minutes":
        return council_minutes.compose(data, catalog, result)
    if paper.kind == "award-proposal":
        return award_proposal.compose(data, catalog, result)
    if paper.kind == "award-decision":
        return award_decision.compose(data, catalog)
    return achievement_report.compose(data, catalog)


def papers(data: RoundInput, catalog: Catalog, *, prior: PriorAwards | None = None
           ) -> tuple[RoundResult, list[Paper]]:
    """The round's result and every paper of its dossier, composed."""
    result = check(data, catalog, prior=prior)
    return result, [Paper(p.kind, _compose(p, catalog, result), p.stem)
                    for p in paper_inputs(data, result, catalog)]


def dossier_zip(data: RoundInput, catalog: Catalog, render: Render, *,
                prior: PriorAwards | None = None) -> bytes:
    """The whole dossier as a ZIP: every paper as DOCX and PDF, and the check's result
    (``ket-qua-binh-xet.json``) with the rules applied and their sources."""
    result, composed = papers(data, catalog, prior=prior)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ket-qua-binh-xet.json",
                    json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        for paper in composed:
            for fmt in FORMATS:
                zf.writestr(f"{paper.stem}.{fmt}", render(paper.kind, paper.document, fmt))
    return buffer.getvalue()
