"""What the cluster's papers (the scores table, the minutes) share: the header of the
cluster under its parent, the name of its head (Khối trưởng or Cụm trưởng), scores and
results as they read in a paper."""

from __future__ import annotations

from fractions import Fraction

from docgen.compose import common
from docgen.compose.document import Header
from docgen.model.common import Issuer
from docgen.model.scoring import ScoringYear, TargetResult
from docgen.scoring.engine import Scores, Value, shown
from docgen.vn.money import format_decimal
from docgen.vn.text import upper


def header(year: ScoringYear) -> Header:
    """The cluster under its parent | national name; no number; the meeting's date (or
    the year with blank day and month)."""
    c = year.cluster
    issuer = Issuer(name=c.name, parent=c.parent, place=c.place)
    on = year.meeting.date if year.meeting else None
    return common.header(issuer, symbol=None, number=None, on=on, numbered=False, year=c.year)


def name(year: ScoringYear) -> str:
    """The cluster's name on one line: ``Khối thi đua số 2``."""
    return common.one_line(year.cluster.name)


def head_title(year: ScoringYear) -> str:
    """``Khối trưởng`` or ``Cụm trưởng``, after the cluster's own name."""
    first = name(year).split()[0].casefold()
    return "Cụm trưởng" if first == "cụm" else "Khối trưởng"


def points(value: Fraction) -> str:
    """A score as shown in a paper: two decimals at most, decimal comma (``70,33``)."""
    return format_decimal(shown(value))


def signed_max(value: Fraction, penalty: bool) -> str:
    return points(-value if penalty else value)


def value_text(value: Value, unit: str | None = None) -> str:
    """A member's result in words: ``đạt``/``không đạt``, ``3 lần``, ``96/100 %``."""
    if isinstance(value, bool):
        return "đạt" if value else "không đạt"
    if isinstance(value, TargetResult):
        suffix = f" {unit}" if unit else ""
        actual = format_decimal(value.actual)
        if value.target is None:
            return f"{actual}{suffix} (không giao chỉ tiêu)"
        return f"{actual}{suffix}/chỉ tiêu {format_decimal(value.target)}{suffix}"
    return f"{value} lần"


def upper_name(year: ScoringYear) -> str:
    return upper(name(year))


def unresolved_ties(scores: Scores) -> list[str]:
    """One sentence per group of units still level on points after the scoring table's
    tie-breaks: the meeting of the cluster decides between them (the score table and the
    minutes say it the same way)."""
    year = scores.year
    return [f"Các đơn vị {', '.join(year.member(code).name for code in group)} bằng điểm "
            f"nhau ({points(tie.total)} điểm) sau khi xét theo các tiêu chí phụ của bảng "
            "điểm; cuộc họp của Khối xem xét, quyết định."
            for tie in scores.ties for group in tie.unresolved]
