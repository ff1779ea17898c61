"""Load and validate the catalog YAML into typed, read-only objects, and answer the
questions composition asks of it: which coefficient and base salary were in force on a
date, what the reward is, which legal bases to cite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from docgen.config import Settings
from docgen.errors import DocgenError
from docgen.vn.money import round_up

PACKAGED_CATALOG = Path(__file__).resolve().parent / "data" / "catalog.yaml"


class CatalogError(DocgenError):
    """The catalog file cannot be read or breaks a rule; says where."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Dated(_Model):
    """Something in force from a date (inclusive), until the next entry or ``until``."""

    start: date = Field(alias="from")
    until: date | None = None
    verified: bool = True
    source: str | None = None

    def in_force(self, on: date) -> bool:
        return self.start <= on and (self.until is None or on <= self.until)


_D = TypeVar("_D", bound=Dated)


class SalaryEntry(Dated):
    amount: int = Field(gt=0)


class Coefficient(Dated):
    value: Decimal = Field(gt=0)


class Basis(_Model):
    text: str
    start: date | None = Field(default=None, alias="from")
    until: date | None = None

    def in_force(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.until is None or on <= self.until)


class PaperType(_Model):
    name: str
    abbr: str | None = None


class CopyFormEntry(_Model):
    """A form of copy (Decree 30, Article 25): ``SAO Y`` in its block, ``SY`` in its symbol."""

    name: str  # "Bản sao y"
    heading: str  # "SAO Y"
    abbr: str  # "SY"
    #: The number sequence the form draws from, per agency and year: one for every form
    #: (``copy``, Decree 30, Appendix I, Part II), or a sequence of its own (``copy-sy``)
    #: where an agency's rules on records keep one book per form.
    sequence: str = "copy"


class DocumentType(_Model):
    """A type of administrative paper of Decree 30, Article 7 (keyed by its abbreviation)."""

    name: str  # "Kế hoạch": upper-cased, it is the paper's type name ("KẾ HOẠCH")
    form: str | None = None  # the sample of Appendix III that lays it out: "1.4"
    #: The line above the paper's addressees: ``Kính gửi:`` (a tờ trình, a báo cáo sent
    #: upward), ``{sender} điện:`` (a công điện: the sender's title and agency); none: the
    #: type names no addressees.
    address: str | None = None
    #: The paper cannot go without addressees (a công điện).
    address_required: bool = False


class Award(_Model):
    """An award form or emulation title."""

    code: str = ""
    name: str
    short_name: str | None = None
    category: Literal["title", "form", "flag"]
    for_: Literal["person", "collective", "both"] = Field(alias="for")
    action: Literal["recognise", "confer", "grant"]
    collective_factor: int = Field(default=1, ge=1)
    coefficients: tuple[Coefficient, ...] = Field(min_length=1)
    #: Who gives it: the State (President, Prime Minister), the ministry level (for the
    #: procuracy, the Prosecutor General of the VKSTC) or the agency itself; the year's
    #: figures group awards by it (Circular 02/2023/TT-BNV forms 0602, 0603).
    level: Literal["state", "ministry", "agency"] | None = None

    @property
    def for_persons(self) -> bool:
        return self.for_ in ("person", "both")

    @property
    def for_collectives(self) -> bool:
        return self.for_ in ("collective", "both")

    @property
    def uses_period(self) -> bool:
        """Whether the wording names the period of the achievement: a title is recognised
        or conferred ``năm 2025`` and a flag is for a year; a form (Bằng khen, Giấy khen)
        may reward a sudden achievement and names none."""
        return self.action in ("recognise", "confer") or self.category == "flag"

    def coefficient_on(self, on: date) -> Coefficient | None:
        return _latest_in_force(self.coefficients, on)


class Agency(_Model):
    code: str
    name: str
    parent: str | None = None
    #: The code of the agency directly above (templates shared by it are offered here).
    above: str | None = None
    symbol: str
    place: str
    numbering: Literal["shared", "per_type"] = "shared"
    #: Symbol of the agency's advisory council (e.g. HĐTĐKT): papers issued under it belong
    #: to this agency and are numbered in a sequence of their own.
    council_symbol: str | None = None
    #: Shift of all text when printing certificates on this agency's pre-printed blanks.
    certificate_offset_mm: tuple[float, float] | None = None


class Wording(_Model):
    """Typographic choices of the office's wording."""

    #: Quotation marks around a title ("Chiến sĩ thi đua cơ sở"); “ ” is common too.
    quote_open: str = '"'
    quote_close: str = '"'


class TargetRule(_Model):
    """A named rule for a criterion measured against a target (định lượng); the shares
    are fractions of the criterion's maximum (see the catalog's comments)."""

    name: str
    formula: Literal["relative_to_best", "proportional"]
    share_below: Decimal = Field(default=Decimal("0.5"), ge=0, le=1)
    share_at: Decimal = Field(default=Decimal("0.5"), ge=0, le=1)
    share_above: Decimal = Field(default=Decimal("0.5"), ge=0, le=1)
    share_best: Decimal = Field(default=Decimal(1), ge=0, le=1)
    cap: Decimal = Field(default=Decimal(1), gt=0, le=1)
    source: str | None = None
    verified: bool = True


class VoteThreshold(Dated):
    """The share of votes the leading unit needs, and of whom (the cluster's members)."""

    share: Decimal = Field(gt=0, le=1)
    of: Literal["members", "present"] = "members"
    basis: str



class ScoringRules(_Model):
    """The rules of cluster scoring a table may name: target rules, tie-breaks, the vote."""

    target_rules: dict[str, TargetRule] = Field(min_length=1)
    default_target_rule: str
    tie_breaks: dict[Literal["first_section", "criteria_at_max", "fewer_penalties"], str]
    default_tie_break: tuple[str, ...] = ()
    leading_unit_vote: tuple[VoteThreshold, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _names_exist(self) -> ScoringRules:
        if self.default_target_rule not in self.target_rules:
            raise ValueError(f"default_target_rule '{self.default_target_rule}' "
                             "không có trong target_rules")
        unknown = [n for n in self.default_tie_break if n not in self.tie_breaks]
        if unknown:
            raise ValueError(f"default_tie_break có quy tắc không có: {', '.join(unknown)}")
        return self

    def vote_on(self, on: date) -> VoteThreshold | None:
        return _latest_in_force(self.leading_unit_vote, on)
class Rule(_Model):
    """A rule of the commendation round: where it comes from and whether the figure was
    confirmed in the text in force (``verified: false`` rules are applied and say so)."""

    source: str = Field(min_length=1)
    verified: bool = False


class VoteRule(Rule):
    """The approval an award needs in the council's vote: ``percent`` of the denominator
    (``members``: every member of the council; ``voting``: the members present and, when
    they count, those who gave a written opinion), at least (``inclusive``) or more than it."""

    percent: Decimal = Field(gt=0, le=100)
    inclusive: bool = True
    of: Literal["members", "voting"] = "members"
    #: Whether the written opinions of absent members count as votes.
    written_opinions: bool = True


class QuotaRule(Rule):
    """At most ``percent`` of those who pass ``of`` in the same round may pass ``award``
    (rounded down: "at most")."""

    award: str
    percent: Decimal = Field(gt=0, le=100)
    of: str


class PrerequisiteRule(Rule):
    """``award`` needs ``needs`` for the same nominee: in this round (passed), and/or in
    each of the ``earlier_years`` years before the round's year (from the registry)."""

    award: str
    needs: str
    in_round: bool = True
    earlier_years: int = Field(default=0, ge=0, le=10)
    #: Only for nominees of this kind (a form may be given to both, its rule to one).
    applies_to: Literal["person", "collective", "both"] = "both"


class EligibilityRule(Rule):
    """Who may receive ``award``: recruited at least ``min_months_service`` months before
    the end of the round's year."""

    award: str
    min_months_service: int = Field(ge=1, le=120)


class RoundRules(_Model):
    """The rules a council applies in a round, each with its legal source."""

    votes: dict[str, VoteRule]
    quotas: tuple[QuotaRule, ...] = ()
    prerequisites: tuple[PrerequisiteRule, ...] = ()
    eligibility: tuple[EligibilityRule, ...] = ()
    #: Who decides each award for a round of a provincial procuracy: ``agency`` (its head,
    #: on the council's proposal) or ``higher`` (proposed to the higher level).
    decided_by: dict[str, Literal["agency", "higher"]]

    def vote_rule(self, award: str) -> VoteRule:
        return self.votes.get(award) or self.votes["default"]

    def order(self) -> list[str]:
        """Award codes in the order their results can be known: an award after those it
        needs in the round, and after the one its quota counts."""
        after: dict[str, set[str]] = {}
        for p in self.prerequisites:
            needs = after.setdefault(p.award, set())
            if p.in_round:
                needs.add(p.needs)
        for q in self.quotas:
            after.setdefault(q.award, set()).add(q.of)
        done: list[str] = []

        def visit(code: str, path: tuple[str, ...]) -> None:
            if code in done:
                return
            if code in path:
                raise ValueError(f"quy tắc bình xét lặp vòng: {' → '.join((*path, code))}")
            for before in sorted(after.get(code, ())):
                visit(before, (*path, code))
            done.append(code)

        for code in sorted(after):
            visit(code, ())
        return done


class Catalog(_Model):
    version: int
    wording: Wording = Wording()
    base_salary: tuple[SalaryEntry, ...] = Field(min_length=1)
    reward_rounding: int = Field(default=10_000, gt=0)
    paper_types: dict[str, PaperType]
    document_types: dict[str, DocumentType] = Field(default_factory=dict)
    #: The forms of copies (sao y, sao lục, trích sao); a catalog without them makes none.
    copy_forms: dict[str, CopyFormEntry] = Field(default_factory=dict)
    awards: dict[str, Award]
    decision_bases: tuple[Basis, ...]
    agencies: tuple[Agency, ...] = ()
    #: Cluster scoring; a catalog without it cannot score (docgen.scoring says so).
    scoring: ScoringRules | None = None
    round_rules: RoundRules

    @model_validator(mode="after")
    def _codes(self) -> Catalog:
        for code, award in self.awards.items():
            object.__setattr__(award, "code", code)
        rules = self.round_rules
        if "default" not in rules.votes:
            raise ValueError("round_rules.votes cần quy tắc 'default'")
        named = [*(c for c in rules.votes if c != "default"), *rules.decided_by,
                 *(r.award for r in rules.quotas), *(r.of for r in rules.quotas),
                 *(r.award for r in rules.prerequisites), *(r.needs for r in rules.prerequisites),
                 *(r.award for r in rules.eligibility)]
        unknown = sorted({c for c in named if c not in self.awards})
        if unknown:
            raise ValueError(f"round_rules nêu mã không có trong awards: {', '.join(unknown)}")
        missing = sorted(c for c in self.awards if c not in rules.decided_by)
        if missing:
            raise ValueError(f"round_rules.decided_by thiếu: {', '.join(missing)}")
        rules.order()  # a cycle of prerequisites is a mistake of the file
        return self

    # -- questions composition asks ------------------------------------------------------

    def award(self, code: str) -> Award:
        return self.awards[code]

    def base_salary_on(self, on: date) -> SalaryEntry | None:
        return _latest_in_force(self.base_salary, on)

    def bases_on(self, on: date) -> list[str]:
        return [b.text for b in self.decision_bases if b.in_force(on)]

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def agencies_above(self, code: str) -> list[str]:
        """The codes of the agencies above ``code``, nearest first."""
        out: list[str] = []
        agency = self.agency(code)
        while agency is not None and agency.above and agency.above not in out \
                and agency.above != code:
            out.append(agency.above)
            agency = self.agency(agency.above)
        return out

    def agency_by_symbol(self, symbol: str | None) -> Agency | None:
        return next((a for a in self.agencies
                     if symbol and symbol in (a.symbol, a.council_symbol)), None)

    def reward(self, code: str, on: date) -> Reward | None:
        """Reward per individual and per collective on a decision date, or None when the
        catalog has no coefficient or base salary in force then."""
        award = self.awards[code]
        coef = award.coefficient_on(on)
        salary = self.base_salary_on(on)
        if coef is None or salary is None:
            return None
        base = Decimal(salary.amount)
        individual = round_up(coef.value * base, self.reward_rounding) if award.for_persons else None
        collective = (round_up(coef.value * award.collective_factor * base, self.reward_rounding)
                      if award.for_collectives else None)
        return Reward(award=award, on=on, coefficient=coef, base_salary=salary,
                      individual=individual, collective=collective)


@dataclass(frozen=True)
class Reward:
    """What one recipient gets, and the figures it was computed from (to show the user)."""

    award: Award
    on: date
    coefficient: Coefficient
    base_salary: SalaryEntry
    individual: int | None
    collective: int | None

    @property
    def verified(self) -> bool:
        return self.coefficient.verified and self.base_salary.verified

    def meta(self) -> dict[str, str]:
        return {
            "base_salary": str(self.base_salary.amount),
            "base_salary_from": self.base_salary.start.isoformat(),
            "coefficient": str(self.coefficient.value),
            "reward_individual": "" if self.individual is None else str(self.individual),
            "reward_collective": "" if self.collective is None else str(self.collective),
            "figures_verified": "true" if self.verified else "false",
        }


def _latest_in_force(entries: tuple[_D, ...], on: date) -> _D | None:
    candidates = [e for e in entries if e.in_force(on)]
    return max(candidates, key=lambda e: e.start) if candidates else None


def _read(path: Path) -> Catalog:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"không đọc được danh mục {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"danh mục {path} không phải YAML hợp lệ: {exc}") from None
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CatalogError(f"danh mục {path} sai: {where}") from None


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int) -> Catalog:
    return _read(path)


#: The catalog this process was configured with (``Settings.catalog_path``, from
#: ``DOCGEN_CATALOG``), set by the composition root when a face builds its services.
_configured: Path | None = None


def use_catalog(path: Path | str | None) -> None:
    """Make ``path`` (None: the packaged catalog) the catalog of this process: every
    ``load_catalog()`` without a path reads it, whichever layer asks."""
    global _configured
    _configured = Path(path) if path else None


def load_catalog(path: Path | str | None = None) -> Catalog:
    """The catalog at ``path``, else the process's configured one (``use_catalog``), else
    the environment's (``DOCGEN_CATALOG``, for a library user that built no services), else
    the packaged one.

    Parsed once per file version (the modification time is part of the cache key, so an
    administrator's edit is picked up without a restart).
    """
    chosen = Path(path or _configured or Settings.from_env().catalog_path or PACKAGED_CATALOG)
    try:
        mtime = chosen.stat().st_mtime_ns
    except OSError as exc:
        raise CatalogError(f"không đọc được danh mục {chosen}: {exc}") from None
    return _load_cached(chosen.resolve(), mtime)
