"""Input of a pledge agreement (Giao ước thi đua) of a cluster or bloc
(docs/format-rules.md, "The kinds of paper")."""

from __future__ import annotations

from pydantic import Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import Issuer, Signer, Strict
from docgen.model.types import Day, Line, Markup, PaperNumber, Sentence, Short, Year


class Member(Strict):
    """One member unit of the bloc or cluster and the person who signs for it."""

    unit: Line = Field(description="Tên đơn vị thành viên")
    role: Line | None = Field(default=None, description="Khối trưởng, Khối phó, Cụm trưởng …",
                              examples=["Khối trưởng"])
    signer: Signer


class Witness(Strict):
    """A leader witnessing the signature (``CHỨNG KIẾN``)."""

    heading: Line = Field(default="Chứng kiến")
    unit: Line | None = None
    signer: Signer


class PledgeInput(Strict):
    """A pledge agreement: bases, body and a signature per member."""

    labels_kind = "pledge"

    issuer: Issuer
    number: PaperNumber | None = None
    symbol: Short | None = Field(default=None, description="Ký hiệu, ví dụ GƯTĐ-K2 (tùy chọn)",
                                 examples=["GƯTĐ-K2"])
    year: Year = Field(description="Năm thi đua", examples=[2026])
    date: Day | None = None
    theme: Sentence | None = Field(default=None, description="Chủ đề thi đua của năm")
    motto: Sentence | None = Field(default=None, description="Phương châm")
    bases: list[Sentence] = Field(default_factory=list, max_length=30, description="Căn cứ")
    body: Markup
    members: list[Member] = Field(min_length=2, max_length=40)
    witness: Witness | None = None
    draft: StrictBool = False
    draft_label: Line | None = None

    @model_validator(mode="after")
    def _date_in_year(self) -> PledgeInput:
        if self.date is not None and abs(self.date.year - self.year) > 1:
            raise PydanticCustomError("date_not_in_year", "ngày ký không khớp với năm thi đua")
        return self
