"""What a round's requests carry: the round's head (year, title, council, proposal), the
meeting with the votes, each checked by the round model's own parts
(``docgen.model.round``), so a field is refused in the same words as in the stateless
check."""

from __future__ import annotations

from pydantic import Field

from docgen.model.common import Strict
from docgen.model.round import Council, Meeting, Proposal
from docgen.model.types import MAX_ID, Count, Sentence, Year

#: A version as the page read it (``rounds.version``).
Version = Field(ge=1, le=MAX_ID, description="Phiên bản của đợt xét đã đọc (chống ghi đè)")


class NewRound(Strict):
    """Body of ``POST /api/v1/rounds``: the round of the caller's agency."""

    year: Year = Field(description="Năm xét khen thưởng", examples=[2026])
    title: Sentence = Field(description="Tên đợt xét khen thưởng",
                            examples=["Bình xét thi đua, khen thưởng năm 2026"])
    council: Council | None = Field(default=None, description="Hội đồng Thi đua - Khen thưởng")
    proposal: Proposal | None = Field(
        default=None, description="Người ký tờ trình và quyết định; tờ trình lên cấp trên")


class RoundEdit(Strict):
    """Body of ``PUT /api/v1/rounds/<id>``: the parts given are replaced (``null`` clears
    the council or the proposal)."""

    version: int = Version
    title: Sentence | None = Field(default=None, description="Tên đợt xét khen thưởng")
    council: Council | None = Field(default=None, description="Hội đồng Thi đua - Khen thưởng")
    proposal: Proposal | None = Field(default=None, description="Tờ trình, người ký")


class Vote(Strict):
    """The council's votes for one nomination."""

    nomination: int = Field(ge=1, le=MAX_ID, description="Số hiệu của đề nghị")
    votes: Count | None = Field(default=None, description="Số phiếu đồng ý (để trống: chưa ghi)")
    written_votes: Count | None = Field(
        default=None, description="Trong đó: ý kiến đồng ý bằng văn bản của thành viên vắng mặt")


class MeetingRecord(Strict):
    """Body of ``PUT /api/v1/rounds/<id>/meeting``: the meeting (attendance, ballots) and
    the votes of the nominations listed (the others keep theirs)."""

    version: int = Version
    meeting: Meeting
    votes: list[Vote] = Field(default_factory=list, max_length=2000,
                              description="Số phiếu của từng đề nghị")
