"""What the proposal for the leading unit's Cờ thi đua needs from a scored year, as a
plain dict (its shape is in docs/scoring.md): the unit the meeting named (its votes met
the threshold), its total and rank, the award and to whom it is proposed, and the scores
table to attach; and the Tờ trình itself as the input of an administrative paper."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from docgen.catalog import Catalog
from docgen.compose.common import one_line
from docgen.scoring.engine import Scores
from docgen.scoring.result import number, result_json, vote_json
from docgen.templates.sandbox import markdown_escape
from docgen.vn.dates import short_date
from docgen.vn.money import format_decimal
from docgen.vn.numbering import pad2


def proposal_data(scores: Scores, catalog: Catalog) -> dict[str, Any]:
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


def proposal_input(scores: Scores, catalog: Catalog, issuer: dict[str, Any]
                   ) -> dict[str, Any]:
    """The Tờ trình proposing the leading unit's award (``proposal_data``'s award), as the
    input of an ``administrative`` paper of type ``TTr`` (Decree 30, Mẫu 1.4) of ``issuer``
    (the agency that organises the cluster): subject, ``Kính gửi``, a body citing the
    scores and the meeting's vote. Who signs is left for the drafting clerk (the draft is
    kept incomplete until it is given). Names are escaped: they never become markup.

    Raises ``ValueError`` when there is nothing to propose (no leading unit or no award):
    the caller says why in its own words."""
    data = proposal_data(scores, catalog)
    leader, award = data["leader"], data["award"]
    if leader is None or award is None:
        raise ValueError(data["reason"] or "chưa có hình thức đề nghị")
    c, vote, meeting = data["cluster"], data["vote"], data["meeting"]
    cluster = one_line(c["name"])
    unit = markdown_escape(leader["name"])
    total = format_decimal(Decimal(str(leader["total"])))
    held = date.fromisoformat(meeting["date"])
    body = [
        f"Căn cứ kết quả chấm điểm thi đua năm {c['year']} và Biên bản họp bình xét, suy tôn "
        f"ngày {short_date(held)} của {markdown_escape(cluster)};",
        f"{markdown_escape(cluster)} đã chấm điểm thi đua {pad2(len(data['members']))} đơn vị "
        f"thành viên; {unit} đạt {total} điểm, xếp thứ {leader['rank']}, được "
        f"{pad2(vote['votes'])}/{pad2(vote['voters'])} thành viên bỏ phiếu suy tôn là đơn vị "
        f"dẫn đầu (theo {markdown_escape(vote['basis'])}, cần từ "
        f"{pad2(vote['required'])}/{pad2(vote['voters'])} phiếu).",
        f"Kính đề nghị {markdown_escape(data['to'] or '')} xem xét, đề nghị tặng "
        f"{markdown_escape(award['name'])} cho {unit}.",
        "(Có bảng tổng hợp kết quả chấm điểm và biên bản họp kèm theo)",
    ]
    out: dict[str, Any] = {
        "type": "TTr",
        "issuer": issuer,
        "subject": f"Đề nghị tặng {award['name']} cho đơn vị dẫn đầu {cluster} năm "
                   f"{c['year']}",
        "body": "\n\n".join(body),
        "recipients": ["Như trên", "Các đơn vị thành viên " + cluster],
    }
    if data["to"]:
        out["to"] = [data["to"]]
    return out
