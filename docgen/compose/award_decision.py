"""Award decision (Quyết định khen thưởng): Decree 30 sample 1.2 with the wording of
docs/format-rules.md, "Award money" and "The kinds of paper".

Header; ``QUYẾT ĐỊNH``; summary; authority line; legal bases; ``Xét đề nghị của … .``;
``QUYẾT ĐỊNH:``; Article 1 (who, for what), Article 2 (money in figures and words, and its
source), Article 3 (effect and executors, ``./.``); recipients | signature; and, when more
than one recipient, the appendix ``DANH SÁCH`` in the same file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from docgen.catalog import Award, Catalog, Reward
from docgen.compose import common, enactment
from docgen.compose.document import (
    Appendix,
    Column,
    Document,
    Paragraph,
    Run,
    TableSection,
)
from docgen.errors import FieldError, InputError
from docgen.model.award_decision import AwardDecisionInput
from docgen.model.common import Person, Unit
from docgen.vn.dates import short_date, today
from docgen.vn.money import format_number, money_phrase
from docgen.vn.names import sort_key
from docgen.vn.numbering import count_phrase, pad2
from docgen.vn.text import capitalize_first

LIST_NOTE = "(có danh sách kèm theo)"
ROMAN = ("I", "II", "III", "IV")


# -- wording of the award ----------------------------------------------------------------

def _verb(award: Award) -> str:
    return "công nhận" if award.action == "recognise" else "tặng"


def _object(award: Award, period: str | None, catalog: Catalog) -> str:
    """``danh hiệu "Chiến sĩ thi đua cơ sở" năm 2025`` / ``Bằng khen của …``."""
    when = f" {period}" if period and award.uses_period else ""
    if award.action in ("recognise", "confer"):
        return f"danh hiệu {common.quoted(award.name, catalog)}{when}"
    return f"{award.name}{when}"


def award_phrase(award: Award, period: str | None, catalog: Catalog) -> str:
    """``công nhận danh hiệu "Chiến sĩ thi đua cơ sở" năm 2025`` / ``tặng Bằng khen``.

    The period is named only where ``award.uses_period`` (the input model requires it
    there); a form is granted without one."""
    return f"{_verb(award)} {_object(award, period, catalog)}"


def _pair(first: tuple[Award, str], second: tuple[Award, str], period: str | None,
          catalog: Catalog) -> str:
    """Two awards in one phrase, each with whom it goes to (``cho 02 tập thể``; empty:
    nobody named), the verb said once when they share it: ``công nhận danh hiệu "Tập thể
    lao động tiên tiến" cho 02 tập thể và danh hiệu "Lao động tiên tiến" cho 08 cá
    nhân``. The period is said once, after the last award that uses it."""
    (a, to_a), (b, to_b) = first, second
    both = a.uses_period and b.uses_period and not (to_a or to_b)
    one = f"{_object(a, None if both else period, catalog)}{to_a}"
    two = f"{_object(b, period, catalog)}{to_b}"
    if _verb(a) == _verb(b):
        return f"{_verb(a)} {one} và {two}"
    return f"{_verb(a)} {one} và {_verb(b)} {two}"


def _summary(award: Award, period: str | None, catalog: Catalog,
             collective: Award | None = None) -> str:
    if collective is not None and collective.code != award.code:
        # Collectives first, as in the list: "Về việc công nhận danh hiệu "Tập thể lao
        # động tiên tiến" và danh hiệu "Lao động tiên tiến" năm 2025".
        return f"Về việc {_pair((collective, ''), (award, ''), period, catalog)}"
    if award.category == "form":
        # "Về việc tặng Bằng khen": the grantor is named in Article 1, not in the summary.
        return f"Về việc tặng {award.short_name or award.name}"
    return f"Về việc {award_phrase(award, period, catalog)}"


def _person_phrase(p: Person) -> str:
    """``ông Trần Đức Anh, Phó Trưởng phòng, Phòng 2`` (inside a sentence)."""
    prefix = {"nam": "ông ", "nữ": "bà "}.get(p.gender or "", "")
    return ", ".join(x for x in (prefix + p.name, p.position, p.unit) if x)


def _unit_phrase(u: Unit) -> str:
    return ", ".join(x for x in (u.name, u.unit) if x)


def _whom(individuals: list[Person], collectives: list[Unit]) -> str:
    """One recipient is named in the article; several are counted, with the list attached."""
    if len(individuals) + len(collectives) == 1:
        return _person_phrase(individuals[0]) if individuals else _unit_phrase(collectives[0])
    parts = []
    if collectives:
        parts.append(count_phrase(len(collectives), "tập thể"))
    if individuals:
        parts.append(count_phrase(len(individuals), "cá nhân"))
    return f"{' và '.join(parts)} {LIST_NOTE}"


def _money_sentence(individual: int | None, collective: int | None, n_ind: int, n_col: int,
                    fund: str) -> str:
    """Article 2: what each individual and each collective receives (their awards' rewards)."""
    parts = []
    single = n_ind + n_col == 1
    if n_col and collective is not None:
        who = "Tập thể có tên tại Điều 1" if single else "Mỗi tập thể"
        parts.append(f"{who} được thưởng {money_phrase(collective)}")
    if n_ind and individual is not None:
        who = "Cá nhân có tên tại Điều 1" if single else "Mỗi cá nhân"
        parts.append(f"{who} được thưởng {money_phrase(individual)}")
    # "Mỗi tập thể …; mỗi cá nhân …." — the second clause continues the sentence.
    text = "; ".join([parts[0], *(p[0].lower() + p[1:] for p in parts[1:])])
    return f"{text}. Tiền thưởng được trích từ {fund.rstrip('.')}."


# -- blocks ------------------------------------------------------------------------------

def _article(n: int, text: str) -> Paragraph:
    return Paragraph((Run(f"Điều {n}. ", bold=True), Run(text)), "body")


def defaults(catalog: Catalog, on: date) -> dict[str, list[str]]:
    """What a decision dated ``on`` says for what its input leaves out: the legal bases in
    force that day (the form shows them as rows; left as they are, they follow the date)."""
    return {"bases": catalog.bases_on(on)}


def _preamble(data: AwardDecisionInput, catalog: Catalog, on: date, decider: str
              ) -> list[Paragraph]:
    """Authority, bases closed by ``Xét đề nghị của … .``, ``QUYẾT ĐỊNH:``."""
    texts = data.bases if data.bases is not None else defaults(catalog, on)["bases"]
    proposal = data.proposal.strip()
    if not proposal.casefold().startswith(("xét đề nghị", "theo đề nghị")):
        proposal = f"Xét đề nghị của {proposal}"
    return enactment.preamble(data.authority or decider, texts, proposal, enactment.DECIDE)


def _appendix(data: AwardDecisionInput, what: str, rewards: tuple[Reward, Reward],
              symbol: str | None, decider: str, individuals: list[Person]) -> Appendix:
    """The list attached: ``what`` the decision does (as its Article 1 says it), the
    collectives then the individuals, each with their award's reward if asked."""
    reward, collective_reward = rewards
    who = " và ".join(x for x in ("tập thể" if data.collectives else "",
                                   "cá nhân" if data.individuals else "") if x)
    reference = common.attached_reference("Quyết định", data.number, symbol, data.date, decider)
    sections = []
    money = data.amounts_in_list
    if data.collectives:
        cols = [Column("STT", 1, "center"), Column("Tên tập thể", 9)]
        if money:
            cols.append(Column("Số tiền (đồng)", 3, "right"))
        rows = []
        for i, u in enumerate(data.collectives, start=1):
            row = [str(i), _unit_phrase(u)]
            if money:
                row.append(format_number(collective_reward.collective or 0))
            rows.append(tuple(row))
        sections.append(("TẬP THỂ", len(data.collectives), cols, rows))
    if individuals:
        cols = [Column("STT", 1, "center"), Column("Họ và tên", 4),
                Column("Chức vụ, đơn vị công tác", 6)]
        if money:
            cols.append(Column("Số tiền (đồng)", 3, "right"))
        rows = []
        for i, p in enumerate(individuals, start=1):
            row = [str(i), p.name, ", ".join(x for x in (p.position, p.unit) if x)]
            if money:
                row.append(format_number(reward.individual or 0))
            rows.append(tuple(row))
        sections.append(("CÁ NHÂN", len(individuals), cols, rows))
    return Appendix(
        heading_lines=("DANH SÁCH", capitalize_first(f"{who} được {what}")),
        reference_line=reference,
        sections=tuple(
            TableSection(f"{ROMAN[i]}. {label} ({pad2(n)})", tuple(cols),
                         tuple(rows))
            for i, (label, n, cols, rows) in enumerate(sections)),
    )


def symbol(data: AwardDecisionInput, catalog: Catalog) -> common.PaperSymbol:
    return common.typed_symbol(catalog.paper_types["award-decision"].abbr, data.issuer)


def compose(data: AwardDecisionInput, catalog: Catalog) -> Document:
    ptype = catalog.paper_types["award-decision"]
    sym = symbol(data, catalog).symbol
    award = catalog.award(data.award)
    collective_award = catalog.award(data.award_of_collectives)
    on = data.date or today()
    reward = catalog.reward(data.award, on)
    collective_reward = catalog.reward(data.award_of_collectives, on)
    if reward is None or collective_reward is None:
        raise InputError([FieldError(("date",), "danh mục chưa có hệ số khen thưởng hoặc mức "
                                     f"lương cơ sở áp dụng cho ngày {on:%d/%m/%Y}")])

    decider = f"{common.decider_title(data.signer)} {common.one_line(data.issuer.name)}"
    individuals = list(data.individuals)
    if data.sort_names:
        individuals.sort(key=lambda p: sort_key(p.name))

    achievement = data.achievement.rstrip().rstrip(".")
    if data.split:
        # Each list with its own award, collectives first as in the list attached.
        what = _pair((collective_award, ""), (award, ""), data.period, catalog)
        granted = _pair(
            (collective_award, f" cho {count_phrase(len(data.collectives), 'tập thể')}"),
            (award, f" cho {count_phrase(len(individuals), 'cá nhân')}"), data.period,
            catalog)
        article1 = f"{capitalize_first(granted)} {LIST_NOTE}, {achievement}."
    else:
        what = award_phrase(award, data.period, catalog)
        whom = _whom(individuals, list(data.collectives))
        article1 = f"{capitalize_first(what)} cho {whom}, {achievement}."
    article2 = _money_sentence(reward.individual, collective_reward.collective,
                               len(individuals), len(data.collectives), data.fund)
    article3 = (f"Quyết định này có hiệu lực kể từ ngày ký. {data.executors.rstrip('.')} "
                "chịu trách nhiệm thi hành Quyết định này./.")

    body = [
        *_preamble(data, catalog, on, decider),
        _article(1, article1),
        _article(2, article2),
        _article(3, article3),
    ]
    appendix = None
    if len(individuals) + len(data.collectives) > 1:
        appendix = _appendix(data, what, (reward, collective_reward), sym, decider,
                             individuals)

    meta = {"award": award.code, **reward.meta()}
    if data.split:
        meta["collective_award"] = collective_award.code
        meta["reward_collective"] = str(collective_reward.collective)
    return Document(
        kind="award-decision",
        **common.paper_frame(data, ptype.name, sym),
        summary=common.summary_lines(
            _summary(award, data.period, catalog, collective_award if data.split else None),
            prefer=frozenset({"và"}) if data.split else frozenset()),
        body=tuple(body),
        appendices=(appendix,) if appendix is not None else (),
        meta=meta,
    )


def issue_notes(data: AwardDecisionInput, catalog: Catalog, on: date) -> list[str]:
    """What issuing the decision dated ``on`` changes from the draft the leader approved
    (dated ``data.date``): the reward is the coefficient × the base salary in force on the
    decision date, and the default legal bases are those in force then."""
    drafted = data.date
    if drafted is None or drafted == on:
        return []
    notes = []
    before, after = catalog.reward(data.award, drafted), catalog.reward(data.award, on)
    if data.split and after is not None and before is not None:
        # The collectives' reward comes from their own award.
        col_before = catalog.reward(data.award_of_collectives, drafted)
        col_after = catalog.reward(data.award_of_collectives, on)
        if col_before is None or col_after is None:
            after = None
        else:
            before = replace(before, collective=col_before.collective)
            after = replace(after, collective=col_after.collective)
    if after is None:
        notes.append(f"Danh mục chưa có hệ số hoặc mức lương cơ sở cho ngày {short_date(on)}: "
                     "không ban hành được với ngày này")
    elif before is not None and (before.individual, before.collective) != (
            after.individual, after.collective):
        amounts = [f"{label} {format_number(a)} → {format_number(b)} đồng"
                   for label, a, b in (("mỗi cá nhân", before.individual, after.individual),
                                       ("mỗi tập thể", before.collective, after.collective))
                   if a is not None and b is not None and a != b]
        salary = format_number(after.base_salary.amount)
        unverified = "" if after.verified else " (mức này chưa được xác minh)"
        notes.append(f"Tiền thưởng tính lại theo mức lương cơ sở {salary} đồng tại ngày "
                     f"{short_date(on)}{unverified}: {'; '.join(amounts)}")
    if data.bases is None and catalog.bases_on(drafted) != catalog.bases_on(on):
        notes.append(f"Căn cứ pháp lý đổi theo văn bản có hiệu lực tại ngày {short_date(on)}")
    return notes
