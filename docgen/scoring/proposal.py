"""What the proposal for the leading unit's Cờ thi đua needs from a scored year, as a
plain dict (its shape is in docs/scoring.md): the unit the meeting named (its votes met
the threshold), its total and rank, the award and to whom it is proposed, and the scores
table to attach. The Tờ trình's wording is composed from it in
``docgen.compose.cluster_proposal``."""

from __future__ import annotations

from typing import Any

from docgen.catalog import Catalog
from docgen.scoring.engine import Scores
from docgen.scoring.result import number, result_json, vote_json


def proposal_data(scores: Scores, catalog: Catalog) -> dict[str, Any]:
    """The proposal's facts of a scored year; ``leader`` is None, with the ``reason`` in
    words, while no unit's votes met the threshold."""
    year = scores.year
    vote = scores.vote
    leader: dict[str, Any] | None = None
    reason: str | None = None
    if vote is None:
        reason = "chưa có kết quả họp suy tôn"
    elif not vote.met:
        reason = (f"đơn vị dẫn đầu chưa đạt số phiếu cần thiết ({vote.votes}/{vote.voters}, "
                  f"cần {vote.required})" if vote.candidate else "chưa có đơn vị được suy tôn")
    else:
        assert vote.candidate is not None
        member, ms = year.member(vote.candidate), scores.of(vote.candidate)
        leader = {"code": member.code, "name": member.name,
                  "leader": {"title": member.leader.title, "name": member.leader.name},
                  "total": number(ms.total), "rank": ms.rank,
                  "first_by_score": scores.leader == member.code}
    award = None
    if year.proposal is not None:
        a = catalog.award(year.proposal.award)
        award = {"code": a.code, "name": a.name, "short_name": a.short_name}
    c = year.cluster
    meeting = year.meeting
    return {
        "cluster": {"name": c.name, "parent": c.parent, "place": c.place, "year": c.year},
        "award": award,
        "to": year.proposal.to if year.proposal else None,
        "leader": leader,
        "reason": reason,
        "vote": vote_json(vote),
        "meeting": ({"date": meeting.date.isoformat(), "place": meeting.place,
                     "chair": meeting.chair.model_dump(),
                     "secretary": meeting.secretary.model_dump()} if meeting else None),
        "members": [{"code": m.code, "name": year.member(m.code).name, "rank": m.rank,
                     "total": number(m.total)} for m in scores.members],
        "scores": result_json(scores),
    }

