"""The Tờ trình of a Khối or Cụm thi đua proposing its leading unit for the award the
meeting agreed (Decree 30, Mẫu 1.4; Circular 02/2024/TT-VKSTC, Article 17): its wording,
composed from the scored year's proposal data as the input of an ``administrative`` paper
of type ``TTr``. The data (who leads, the votes, the threshold) is the scoring engine's
(``docgen.scoring.proposal``); what the paper says is here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from docgen.compose.common import one_line
from docgen.templates.sandbox import markdown_escape
from docgen.vn.dates import short_date
from docgen.vn.money import format_decimal
from docgen.vn.numbering import pad2


def proposal_input(data: dict[str, Any], issuer: dict[str, Any]) -> dict[str, Any]:
    """The Tờ trình proposing the leading unit's award, from ``data`` (what
    ``docgen.scoring.proposal.proposal_data`` gives of a scored year), as the
    input of an ``administrative`` paper of type ``TTr`` (Decree 30, Mẫu 1.4) of ``issuer``
    (the agency that organises the cluster): subject, ``Kính gửi``, a body citing the
    scores and the meeting's vote. Who signs is left for the drafting clerk (the draft is
    kept incomplete until it is given). Names are escaped: they never become markup.

    Raises ``ValueError`` when there is nothing to propose (no leading unit or no award):
    the caller says why in its own words."""
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
