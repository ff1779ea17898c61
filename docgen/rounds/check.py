"""Checking a round: the rules of the catalog (``round_rules``) applied to each nomination,
giving passed or not, the votes counted and their percentage, and the reasons in
Vietnamese (docs/format-rules.md, "The commendation round").

Nothing is decided silently: a nomination that fails says why (below the threshold, over
the quota and who else is over, a prerequisite missing, not eligible), and what could not
be checked (an earlier year the registry does not hold) is said as a note.

Order matters for two rules: a prerequisite in the same round is known only once its own
award is checked, and a quota counts those who passed another award; the catalog gives
the order (``RoundRules.order``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from docgen.catalog import Catalog
from docgen.catalog.loader import QuotaRule, Rule, VoteRule
from docgen.model.round import Nomination, RoundInput, same_name
from docgen.vn.dates import short_date
from docgen.vn.numbering import pad2, percent_text

#: ``(nomination, award code, year) -> True`` (received), ``False`` (the registry holds
#: that year and the nominee did not receive it) or ``None`` (the registry does not hold
#: that year: nothing to compare with).
PriorAwards = Callable[[Nomination, str, int], bool | None]


@dataclass(frozen=True)
class PriorAward:
    """An award received in an earlier year, as the registry (or the caller) knows it."""

    name: str
    award: str
    year: int
    unit: str | None = None
    collective: bool = False

    def of(self, nomination: Nomination) -> bool:
        if self.collective != (not nomination.is_person) or not same_name(
                self.name, nomination.name):
            return False
        unit = nomination.person.unit if nomination.person is not None else None
        return self.unit is None or unit is None or same_name(self.unit, unit)


def prior_awards(records: Iterable[PriorAward], years: Iterable[int] | None = None
                 ) -> PriorAwards:
    """A source of earlier years from a collection of awards: a year is held when it is in
    ``years`` (by default, the years the collection has any award of)."""
    kept = tuple(records)
    held = set(years) if years is not None else {r.year for r in kept}

    def lookup(nomination: Nomination, award: str, year: int) -> bool | None:
        if year not in held:
            return None
        return any(r.award == award and r.year == year and r.of(nomination) for r in kept)

    return lookup


@dataclass
class NominationResult:
    """The council's result for one nomination."""

    index: int
    nomination: Nomination
    award_name: str
    votes: int  # the votes counted under the award's rule
    denominator: int
    percent: Fraction
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.reasons

    @property
    def name(self) -> str:
        return self.nomination.name

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)

    def as_json(self) -> dict[str, Any]:
        rounded = (Decimal(self.percent.numerator) / Decimal(self.percent.denominator)
                   ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return {"name": self.name, "award": self.nomination.award, "passed": self.passed,
                "votes": self.votes, "percent": float(rounded),
                "percent_text": self.percent_text, "reasons": list(self.reasons),
                "notes": list(self.notes)}


@dataclass(frozen=True)
class RoundResult:
    """Every nomination's result, in the input's order, and the rules applied."""

    round: RoundInput
    results: tuple[NominationResult, ...]
    rules: tuple[dict[str, Any], ...]

    def passed(self, award: str | None = None) -> list[NominationResult]:
        return [r for r in self.results
                if r.passed and (award is None or r.nomination.award == award)]

    def awards(self) -> list[str]:
        """Award codes in the order they first appear among the nominations."""
        return list(dict.fromkeys(r.nomination.award for r in self.results))

    def as_json(self) -> dict[str, Any]:
        return {"nominations": [r.as_json() for r in self.results], "rules": list(self.rules)}


# -- the rules -------------------------------------------------------------------------

def _threshold_text(rule: VoteRule) -> str:
    """``từ 90 % tổng số thành viên Hội đồng``, ``quá 50 % …``."""
    word = "từ" if rule.inclusive else "quá"
    of = ("tổng số thành viên Hội đồng" if rule.of == "members"
          else "số thành viên tham gia biểu quyết")
    return f"{word} {percent_text(rule.percent)} {of}"


def _votes(rnd: RoundInput, n: Nomination, rule: VoteRule, award_name: str
           ) -> NominationResult:
    notes: list[str] = []
    written_total = rnd.written_opinions
    counted = n.votes
    if not rule.written_opinions and written_total:
        # Approvals in writing do not count for this award: take off those the input gives,
        # or at least those the valid ballots cannot hold.
        written = (n.written_votes if n.written_votes is not None
                   else max(0, n.votes - rnd.ballots_valid))
        counted = n.votes - written
        how = "" if n.written_votes is not None else " (số phiếu vượt số phiếu hợp lệ)"
        notes.append(f"không tính ý kiến bằng văn bản của thành viên vắng mặt: trừ {written} "
                     f"ý kiến{how}")
    if rule.of == "members":
        denominator = rnd.members
    else:
        denominator = rnd.ballots_valid + (written_total if rule.written_opinions else 0)
    percent = Fraction(counted * 100, denominator) if denominator else Fraction(0)
    result = NominationResult(0, n, award_name, counted, denominator, percent, notes=notes)
    reached = percent >= rule.percent if rule.inclusive else percent > rule.percent
    if not reached:
        result.reasons.append(
            f"chưa đạt tỷ lệ phiếu: {counted}/{denominator} phiếu ({percent_text(percent)}), "
            f"cần {_threshold_text(rule)}")
    return result


def _months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (``2026-07-01`` to ``2027-01-01`` is 6)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _eligibility(rnd: RoundInput, result: NominationResult, catalog: Catalog) -> None:
    n = result.nomination
    for rule in catalog.round_rules.eligibility:
        if rule.award != n.award or n.person is None:
            continue
        end = date(rnd.year, 12, 31)
        if n.person.recruited is None:
            result.reasons.append(f"chưa ghi ngày tuyển dụng, cần để xét điều kiện công tác từ "
                                  f"đủ {pad2(rule.min_months_service)} tháng tính đến hết năm "
                                  f"{rnd.year}")
            continue
        months = _months_between(n.person.recruited, date(rnd.year + 1, 1, 1))
        if months < rule.min_months_service:
            served = max(months, 0)
            result.reasons.append(
                f"không đủ điều kiện: tuyển dụng ngày {short_date(n.person.recruited)}, đến "
                f"{short_date(end)} mới công tác {pad2(served)} tháng (cần đủ "
                f"{pad2(rule.min_months_service)} tháng)")


#: The results of a round by award and nominee (``Nomination.key``), made once per check:
#: looking each prerequisite up by scanning every result made a round of 500 spend 0.3 s
#: (docs/benchmarks.md, "The commendation round").
Index = dict[tuple[str, tuple[str, str, str]], list[NominationResult]]


def _index(results: list[NominationResult]) -> Index:
    out: Index = {}
    for r in results:
        out.setdefault((r.nomination.award, r.nomination.key()), []).append(r)
    return out


def _prerequisites(rnd: RoundInput, code: str, results: list[NominationResult],
                   catalog: Catalog, prior: PriorAwards | None, index: Index) -> None:
    for rule in catalog.round_rules.prerequisites:
        if rule.award != code:
            continue
        needed = catalog.award(rule.needs).name
        for result in results:
            n = result.nomination
            if n.award != code or (rule.applies_to == "person" and not n.is_person) or (
                    rule.applies_to == "collective" and n.is_person):
                continue
            if rule.in_round:
                same = index.get((rule.needs, n.key()), [])
                if not same:
                    result.reasons.append(f"thiếu điều kiện: chưa được đề nghị danh hiệu "
                                          f"\"{needed}\" năm {rnd.year} trong đợt này")
                elif not any(r.passed for r in same):
                    result.reasons.append(f"thiếu điều kiện: không đạt \"{needed}\" năm "
                                          f"{rnd.year} trong đợt này")
            for year in range(rnd.year - rule.earlier_years, rnd.year):
                held = prior(n, rule.needs, year) if prior is not None else None
                if held is False:
                    result.reasons.append(f"thiếu điều kiện: năm {year} không đạt \"{needed}\" "
                                          "(theo sổ khen thưởng)")
                elif held is None:
                    result.notes.append(f"chưa đối chiếu được \"{needed}\" năm {year} (sổ khen "
                                        "thưởng chưa có dữ liệu năm này): hồ sơ cần kèm quyết "
                                        "định")


def _quota(rule: QuotaRule, code: str, results: list[NominationResult],
           catalog: Catalog) -> None:
    base = len({r.nomination.key() for r in results
                if r.nomination.award == rule.of and r.passed})
    cap = int(Fraction(base) * Fraction(rule.percent) / 100)  # at most: rounded down
    candidates = sorted((r for r in results if r.nomination.award == code and r.passed),
                        key=lambda r: (-r.votes, r.index))
    if len(candidates) <= cap:
        return
    # Those ranked after the cap are over; a tie across the cap puts every tied nominee
    # over, since the votes cannot tell them apart.
    cut = candidates[cap - 1].votes if cap else None
    tied = cut is not None and candidates[cap].votes == cut
    over = [r for i, r in enumerate(candidates)
            if i >= cap or (tied and r.votes == cut)]
    names = ", ".join(r.name for r in over)
    award, of = catalog.award(code).name, catalog.award(rule.of).name
    tie = " (bằng số phiếu nên không xác định được người trong tỷ lệ)" if tied else ""
    for r in over:
        r.reasons.append(
            f"vượt tỷ lệ: \"{award}\" không quá {percent_text(rule.percent)} số người đạt "
            f"\"{of}\" trong đợt (tối đa {pad2(cap)} trong {pad2(base)} người); vượt: "
            f"{names}{tie}")


def _rule_json(kind: str, award: str, rule: Rule, text: str) -> dict[str, Any]:
    return {"kind": kind, "award": award, "rule": text, "source": rule.source,
            "verified": rule.verified}


def _rules_used(rnd: RoundInput, catalog: Catalog) -> tuple[dict[str, Any], ...]:
    rules = catalog.round_rules
    codes = list(dict.fromkeys(n.award for n in rnd.nominations))
    out = []
    for code in codes:
        vote = rules.vote_rule(code)
        written = ("tính" if vote.written_opinions else "không tính")
        out.append(_rule_json("votes", code, vote, f"{_threshold_text(vote)}; {written} ý kiến "
                                                   "bằng văn bản của thành viên vắng mặt"))
    for q in rules.quotas:
        if q.award in codes:
            out.append(_rule_json("quota", q.award, q, f"không quá {percent_text(q.percent)} "
                                  f"số người đạt \"{catalog.award(q.of).name}\""))
    for p in rules.prerequisites:
        if p.award in codes:
            where = ["trong đợt"] if p.in_round else []
            if p.earlier_years:
                where.append(f"{pad2(p.earlier_years)} năm liền trước")
            out.append(_rule_json("prerequisite", p.award, p,
                                  f"cần \"{catalog.award(p.needs).name}\" {', '.join(where)}"))
    for e in rules.eligibility:
        if e.award in codes:
            out.append(_rule_json("eligibility", e.award, e,
                                  f"tuyển dụng đủ {pad2(e.min_months_service)} tháng tính đến "
                                  "hết năm"))
    return tuple(out)


def check(rnd: RoundInput, catalog: Catalog, *, prior: PriorAwards | None = None
          ) -> RoundResult:
    """The result of every nomination of a validated round, in the input's order.

    ``prior`` gives earlier years' awards (the registry, where it holds them); without it,
    every earlier year a rule needs is noted as not compared.
    """
    rules = catalog.round_rules
    results: list[NominationResult] = []
    for index, n in enumerate(rnd.nominations):
        result = _votes(rnd, n, rules.vote_rule(n.award), catalog.award(n.award).name)
        result.index = index
        _eligibility(rnd, result, catalog)
        results.append(result)
    by_nominee = _index(results)
    for code in rules.order():
        _prerequisites(rnd, code, results, catalog, prior, by_nominee)
        for quota in rules.quotas:
            if quota.award == code:
                _quota(quota, code, results, catalog)
    return RoundResult(rnd, tuple(results), _rules_used(rnd, catalog))
