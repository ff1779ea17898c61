"""The answer of ``POST /api/v1/scoring/check`` and ``docgen scoring check --json``: a
scored year as plain JSON data (scores rounded to two decimals, signed: a penalty is
negative), see docs/scoring.md for its shape."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from docgen.catalog import Catalog
from docgen.model.scoring import ScoringYear
from docgen.scoring.engine import Scores, Vote, score, shown


def number(value: Fraction) -> float | int:
    """A score as a JSON number: two decimals at most, an integer when whole."""
    d = shown(value)
    return int(d) if d == d.to_integral_value() else float(d)


def vote_json(vote: Vote | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    t = vote.threshold
    return {"candidate": vote.candidate, "votes": vote.votes, "voters": vote.voters,
            "required": vote.required, "share": float(t.share), "of": t.of, "met": vote.met,
            "basis": t.basis, "verified": t.verified}


def result_json(scores: Scores) -> dict[str, Any]:
    """``{"members": [...], "leader": code | null, "ties": [...], "vote": {...} | null}``;
    members in rank order (input order within an unbroken tie)."""
    return {
        "members": [{"code": m.code, "total": number(m.total), "rank": m.rank,
                     "sections": {k: number(v) for k, v in m.sections.items()},
                     "criteria": {k: number(v) for k, v in m.criteria.items()}}
                    for m in scores.members],
        "leader": scores.leader,
        "ties": [{"total": number(t.total), "members": list(t.members),
                  "broken_by": list(t.broken_by),
                  "unresolved": [list(group) for group in t.unresolved]}
                 for t in scores.ties],
        "vote": vote_json(scores.vote),
    }


def check(year: ScoringYear, catalog: Catalog) -> dict[str, Any]:
    """Score a validated year and answer with the check JSON."""
    return result_json(score(year, catalog))
