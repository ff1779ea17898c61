"""The scoring engine of a cluster's year: each criterion's points by its kind, sections,
totals, ranks with the table's tie-breaks, the vote on the leading unit, and the lock.

Exact arithmetic (``Fraction``): a tie is a tie, never an artefact of floating point;
scores are rounded (two decimals, half up) only where they are shown
(:func:`shown`). Every rule with a figure (the target rules' shares, the tie-breaks a
table may name, the share of votes the leading unit needs) comes from the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from math import ceil
from typing import Any

from docgen.catalog import Catalog
from docgen.catalog.loader import ScoringRules, TargetRule, VoteThreshold
from docgen.errors import ConfigError, ConflictError
from docgen.model.scoring import (
    Criterion,
    Result,
    Review,
    ScoringYear,
    TargetResult,
    plain,
)
from docgen.model.validation import validate_input

Value = bool | int | TargetResult


class ScoringRulesMissing(ConfigError):
    """The catalog in use has no ``scoring`` section (an administrator's old copy), or no
    vote threshold in force on the meeting's date."""


def rules_of(catalog: Catalog) -> ScoringRules:
    if catalog.scoring is None:
        raise ScoringRulesMissing("danh mục đang dùng không có quy tắc chấm điểm thi đua "
                                  "(mục scoring)")
    return catalog.scoring


# -- values after review -------------------------------------------------------------------

def review_of(year: ScoringYear, member: str, criterion: str) -> Review | None:
    """The last review of one member's criterion (a later one supersedes an earlier)."""
    found = None
    for r in year.reviews:
        if r.member == member and r.criterion == criterion:
            found = r
    return found


def latest_reviews(year: ScoringYear) -> list[Review]:
    """The review in force of each member's criterion (the last one; the earlier ones are
    its history: a review changed, an explanation added), in the order first reviewed."""
    last: dict[tuple[str, str], Review] = {}
    for r in year.reviews:
        last[(r.member, r.criterion)] = r
    return list(last.values())


def _reviewed(review: Review | None, result: Result) -> Value:
    """What counts: the final value of a closed review, else the khối trưởng's value while
    the review is open, else the member's own result."""
    if review is not None:
        for value in (review.final, review.review):
            if value is not None:
                return plain(value)
    return plain(result)


def effective(year: ScoringYear) -> dict[str, dict[str, Value]]:
    """Each member's values with the reviews applied (a year still being scored: only the
    results entered so far)."""
    last: dict[tuple[str, str], Review] = {(r.member, r.criterion): r for r in year.reviews}
    return {m.code: {code: _reviewed(last.get((m.code, code)), result)
                     for code, result in year.results.get(m.code, {}).items()}
            for m in year.members}


# -- the kinds of criterion ----------------------------------------------------------------

def _f(value: Decimal | int) -> Fraction:
    return Fraction(value)


def occurrence_points(criterion: Criterion, count: int) -> Fraction:
    """Count, bonus and penalty: points per occurrence, never more than the maximum; a
    penalty is subtracted (negative)."""
    assert criterion.max is not None and criterion.points is not None
    points = min(_f(criterion.points) * count, _f(criterion.max))
    points = max(points, Fraction(0))
    return -points if criterion.type == "penalty" else points


def pass_points(criterion: Criterion, achieved: bool) -> Fraction:
    assert criterion.max is not None
    return _f(criterion.max) if achieved else Fraction(0)


def target_points(criterion: Criterion, values: dict[str, TargetResult],
                  rule: TargetRule) -> dict[str, Fraction]:
    """Every member's points for one target criterion (they depend on each other: the
    best ratio above the target takes the maximum).

    A member without a target is measured against the best actual figure of the members
    without one (ratio at most 1), and is never the best.
    """
    assert criterion.max is not None
    top = _f(criterion.max)
    untargeted = [_f(v.actual) for v in values.values() if v.target is None]
    reference = max(untargeted, default=Fraction(0))

    def ratio(v: TargetResult) -> Fraction:
        if v.target is not None:
            return _f(v.actual) / _f(v.target)
        return _f(v.actual) / reference if reference else Fraction(0)

    ratios = {m: ratio(v) for m, v in values.items()}
    cap = top * _f(rule.cap)
    if rule.formula == "proportional":
        return {m: min(top * r, cap) for m, r in ratios.items()}
    below, at = _f(rule.share_below) * top, _f(rule.share_at) * top
    above, best_share = _f(rule.share_above) * top, _f(rule.share_best) * top
    over = [r for m, r in ratios.items() if values[m].target is not None and r > 1]
    best = max(over, default=None)
    out: dict[str, Fraction] = {}
    for m, r in ratios.items():
        if r < 1:
            out[m] = below * r
        elif r == 1 or best is None:
            out[m] = at
        elif r == best and values[m].target is not None:
            out[m] = best_share
        else:
            out[m] = min(at + above * (r - 1) / (best - 1), cap)
    return out


# -- the year --------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberScore:
    """One member's scores: criteria (signed, a penalty negative), sections, total, rank."""

    code: str
    criteria: dict[str, Fraction]
    sections: dict[str, Fraction]
    total: Fraction
    rank: int
    at_max: int  # criteria (not penalties) at their maximum
    penalties: Fraction  # the sum of penalty points (negative or 0)


@dataclass(frozen=True)
class Tie:
    """Members with the same total: the tie-breaks that separated them, and the groups
    still equal after every tie-break (left to the meeting)."""

    total: Fraction
    members: tuple[str, ...]  # in their final order
    broken_by: tuple[str, ...]
    unresolved: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Vote:
    """The meeting's vote on the leading unit against the catalog's threshold."""

    candidate: str | None  # the unit with the most votes (None: no vote, or a draw)
    votes: int
    voters: int  # members (or those present) the share is taken of
    required: int
    threshold: VoteThreshold

    @property
    def met(self) -> bool:
        return self.candidate is not None and self.votes >= self.required

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.votes, self.voters) if self.voters else Fraction(0)


@dataclass(frozen=True)
class Scores:
    """A scored year: members in rank order, the leading unit (None on a tie for first),
    the ties, the vote, and the names of the rules applied."""

    year: ScoringYear
    members: tuple[MemberScore, ...]
    leader: str | None
    ties: tuple[Tie, ...]
    vote: Vote | None
    tie_break: tuple[str, ...]
    target_rules: dict[str, str]  # criterion code -> rule name

    def of(self, code: str) -> MemberScore:
        return next(m for m in self.members if m.code == code)


def _sections(nodes: Sequence[Criterion], points: dict[str, Fraction],
              out: dict[str, Fraction]) -> Fraction:
    total = Fraction(0)
    for node in nodes:
        if node.children is None:
            total += points[node.code]
        else:
            out[node.code] = _sections(node.children, points, out)
            total += out[node.code]
    return total


def _first_node_score(year: ScoringYear) -> Callable[[MemberScore], Any]:
    first = year.criteria[0]
    if first.children is None:
        return lambda m: m.criteria[first.code]
    return lambda m: m.sections[first.code]


def _tie_keys(year: ScoringYear) -> dict[str, Callable[[MemberScore], Any]]:
    """Each named tie-break as a key, larger is better."""
    return {
        "first_section": _first_node_score(year),
        "criteria_at_max": lambda m: m.at_max,
        "fewer_penalties": lambda m: m.penalties,
    }


def _split(group: list[MemberScore], rules: Sequence[str],
           keys: dict[str, Callable[[MemberScore], Any]], used: list[str]
           ) -> list[list[MemberScore]]:
    """``group`` (equal so far) in order, as classes still equal after ``rules``."""
    if len(group) == 1 or not rules:
        return [group]
    key = keys[rules[0]]
    values = sorted({key(m) for m in group}, reverse=True)
    if len(values) > 1 and rules[0] not in used:
        used.append(rules[0])
    out: list[list[MemberScore]] = []
    for v in values:
        out += _split([m for m in group if key(m) == v], rules[1:], keys, used)
    return out


def score(year: ScoringYear, catalog: Catalog) -> Scores:
    """Score, rank and vote a year (pure: the same input gives the same result)."""
    rules = rules_of(catalog)
    values = effective(year)
    leaves = year.leaves()
    default_rule = (year.rules.target if year.rules and year.rules.target
                    else rules.default_target_rule)
    tie_break = tuple(year.rules.tie_break if year.rules and year.rules.tie_break is not None
                      else rules.default_tie_break)
    codes = [m.code for m in year.members]
    points: dict[str, dict[str, Fraction]] = {m: {} for m in codes}
    used_rules: dict[str, str] = {}
    for c in leaves:
        # A result not entered yet (a year being scored) counts 0 and is left out of the
        # comparisons of a target criterion; a complete year has every result.
        scored = [m for m in codes if c.code in values[m]]
        for m in codes:
            points[m][c.code] = Fraction(0)
        if c.type == "target":
            name = c.rule or default_rule
            used_rules[c.code] = name
            figures = {m: values[m][c.code] for m in scored}
            for m, p in target_points(c, figures, rules.target_rules[name]).items():  # type: ignore[arg-type]
                points[m][c.code] = p
        elif c.type == "pass":
            for m in scored:
                points[m][c.code] = pass_points(c, bool(values[m][c.code]))
        else:
            for m in scored:
                points[m][c.code] = occurrence_points(c, int(values[m][c.code]))  # type: ignore[arg-type]

    unranked = []
    for m in codes:
        sections: dict[str, Fraction] = {}
        total = _sections(year.criteria, points[m], sections)
        at_max = sum(1 for c in leaves if c.type != "penalty" and c.max is not None
                     and points[m][c.code] == _f(c.max))
        penalties = sum((points[m][c.code] for c in leaves if c.type == "penalty"), Fraction(0))
        unranked.append(MemberScore(m, points[m], sections, total, 0, at_max, penalties))

    keys = _tie_keys(year)
    ranked: list[MemberScore] = []
    ties: list[Tie] = []
    for total in sorted({m.total for m in unranked}, reverse=True):
        group = [m for m in unranked if m.total == total]
        used: list[str] = []
        classes = _split(group, tie_break, keys, used)
        for cls in classes:
            rank = len(ranked) + 1
            ranked += [_with_rank(m, rank) for m in cls]
        if len(group) > 1:
            ties.append(Tie(total, tuple(m.code for cls in classes for m in cls), tuple(used),
                            tuple(tuple(m.code for m in cls) for cls in classes
                                  if len(cls) > 1)))
    leader = ranked[0].code if len(ranked) == 1 or ranked[1].rank > 1 else None
    return Scores(year, tuple(ranked), leader, tuple(ties), _vote(year, rules), tie_break,
                  used_rules)


def _with_rank(m: MemberScore, rank: int) -> MemberScore:
    return MemberScore(m.code, m.criteria, m.sections, m.total, rank, m.at_max, m.penalties)


def _vote(year: ScoringYear, rules: ScoringRules) -> Vote | None:
    meeting = year.meeting
    if meeting is None:
        return None
    threshold = rules.vote_on(meeting.date)
    if threshold is None:
        raise ScoringRulesMissing(f"danh mục không có tỷ lệ phiếu suy tôn áp dụng ngày "
                                  f"{meeting.date:%d/%m/%Y}")
    present = meeting.attended if meeting.attended is not None else \
        [m.code for m in year.members]
    voters = len(year.members) if threshold.of == "members" else len(present)
    required = ceil(Fraction(threshold.share) * voters)
    votes = meeting.votes_for_leader
    most = max(votes.values(), default=0)
    leaders = [code for code, n in votes.items() if n == most]
    candidate = leaders[0] if most > 0 and len(leaders) == 1 else None
    return Vote(candidate, most, voters, required, threshold)


# -- showing -------------------------------------------------------------------------------

def shown(value: Fraction) -> Decimal:
    """A score as shown: two decimals, rounded half up (``Decimal('28.33')``)."""
    with localcontext() as ctx:
        ctx.prec = 40
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- changes and the lock -------------------------------------------------------------------

def change_result(year: ScoringYear, member: str, criterion: str, value: Result, *,
                  by: str, at: datetime, reason: str, partial: bool = False) -> ScoringYear:
    """The year with one member's result changed and the change kept (who, when, why).

    Refused (ConflictError, a Vietnamese message) when the year is locked or that
    criterion's review was finalised; an unknown member or criterion, or a value of the
    wrong kind, is an InputError as for any input. ``partial``: the year is still being
    scored (other results may be missing).
    """
    return change_results(year, member, {criterion: value}, by=by, at=at, reason=reason,
                          partial=partial)


def change_results(year: ScoringYear, member: str, values: dict[str, Result], *,
                   by: str, at: datetime, reason: str, partial: bool = False) -> ScoringYear:
    """:func:`change_result` for several criteria of one member at once (a row of the
    grid saved), each change kept, the year validated once."""
    for criterion in values:
        where = f"tiêu chí {criterion} của đơn vị {member}"
        if year.locked:
            raise ConflictError(f"Kết quả chấm điểm thi đua năm {year.cluster.year} của "
                                f"{year.cluster.name} đã chốt và khóa: không sửa được "
                                f"{where}.")
        review = review_of(year, member, criterion)
        if review is not None and review.final is not None:
            raise ConflictError(f"Kết quả thẩm định {where} đã chốt: không sửa được.")
    data = year.model_dump(by_alias=True, exclude_none=True)
    row = data.setdefault("results", {}).setdefault(member, {})
    changes = data.setdefault("changes", [])
    for criterion, value in values.items():
        row[criterion] = value
        changes.append({"member": member, "criterion": criterion, "value": value, "by": by,
                        "at": at, "reason": reason})
    return validate_input(ScoringYear, data, context={"partial": partial})


def lock(year: ScoringYear) -> ScoringYear:
    """The year finalised: no result changes any more."""
    return year.model_copy(update={"locked": True})
