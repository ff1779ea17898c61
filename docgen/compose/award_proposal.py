"""Proposal for commendation (Tờ trình đề nghị khen thưởng): Decree 30, Appendix III,
Mẫu 1.4 with ``Kính gửi``, symbol ``TTr`` (docs/format-rules.md, "The commendation round").

Two uses of one round: the council proposing to the head of the agency the awards within
the agency's power (``proposal_to: agency``, signed by the standing member for the council),
and the agency proposing the others to the higher level (``higher``, signed by its head,
the dossier attached). Header; ``TỜ TRÌNH``; summary; ``Kính gửi: …``; bases; the round in
numbers (proposed and passed, by award); the request ``(có danh sách kèm theo)``, ``./.``;
recipients | signature; the list attached, one section per award.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.award_decision import award_phrase
from docgen.compose.council_minutes import award_heading, nominee_detail
from docgen.compose.document import Appendix, Block, Column, Document, Paragraph, TableSection
from docgen.errors import FieldError, InputError
from docgen.model.common import Signer
from docgen.model.round import AwardProposalInput, RoundInput
from docgen.rounds.check import NominationResult, RoundResult, check
from docgen.vn.dates import date_words, today
from docgen.vn.numbering import count_phrase, join_symbol, number_ref, pad2, roman
from docgen.vn.text import capitalize_first, upper

LIST_NOTE = "(có danh sách kèm theo)"


def awards_for(result: RoundResult, catalog: Catalog, to: str) -> list[str]:
    """Codes of the awards that passed and are proposed ``to`` the agency or higher."""
    return [code for code in result.awards() if result.passed(code)
            and catalog.round_rules.decided_by.get(code, "higher") == to]


def head_title(data: RoundInput) -> str:
    """The head of the agency, as the council addresses them: ``Viện trưởng Viện kiểm sát
    nhân dân tỉnh Hưng Yên`` (the proposal's signer, else the council's chair)."""
    if data.proposal is not None:
        title = common.decider_title(data.proposal.signer)
    else:
        chair = data.council.with_role("Chủ tịch")
        title = chair.position if chair and chair.position else "Thủ trưởng cơ quan"
    return f"{title} {common.one_line(data.issuer.name)}"


def council_signer(data: RoundInput) -> Signer:
    """Who signs the council's proposal: as given, else the standing member for the
    council (``TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG`` / ``ỦY VIÊN THƯỜNG TRỰC``)."""
    if data.proposal is not None and data.proposal.council_signer is not None:
        return data.proposal.council_signer
    member = data.council.with_role("Ủy viên thường trực", "Thường trực") or \
        data.council.with_role("Chủ tịch")
    assert member is not None  # a council has members; the chair is one of them
    return Signer(authority="TM.", on_behalf="Hội đồng Thi đua - Khen thưởng",
                  title=member.role, name=member.name)


def _whom(results: list[NominationResult]) -> str:
    persons = sum(1 for r in results if r.nomination.is_person)
    groups = len(results) - persons
    return " và ".join(x for x in (count_phrase(groups, "tập thể") if groups else "",
                                    count_phrase(persons, "cá nhân") if persons else "") if x)


def _appendix(codes: list[str], result: RoundResult, catalog: Catalog, reference: str
              ) -> Appendix:
    sections = []
    for i, code in enumerate(codes, start=1):
        passed = result.passed(code)
        columns = (Column("STT", 1, "center"), Column("Họ và tên, tên tập thể", 4),
                   Column("Chức vụ, đơn vị", 5), Column("Số phiếu, tỷ lệ", 2.5, "center"))
        rows = tuple((str(n), r.name, nominee_detail(r) or (r.nomination.proposed_by or ""),
                      f"{r.votes}/{r.denominator} ({r.percent_text})")
                     for n, r in enumerate(passed, start=1))
        sections.append(TableSection(f"{roman(i)}. {upper(award_heading(code, catalog))} "
                                     f"({pad2(len(passed))})", columns, rows))
    return Appendix(heading_lines=("DANH SÁCH", "Cá nhân, tập thể đề nghị khen thưởng"),
                    reference_line=reference, sections=tuple(sections))


def symbol(data: AwardProposalInput, catalog: Catalog) -> common.PaperSymbol:
    """``TTr-VKSHY``: the proposal's type and the agency (the registry numbers by it)."""
    return common.typed_symbol(catalog.paper_types["award-proposal"].abbr, data.issuer)


def numbered(payload: dict[str, Any], number: int | None, on: date) -> dict[str, Any]:
    """The proposal as issued: its number and date go where the round keeps them, the
    council's (``council_number``, ``council_date``) or the agency's to the higher level
    (``number``, ``date``)."""
    proposal = dict(payload.get("proposal") or {})
    keys = ("number", "date") if payload.get("proposal_to") == "higher" \
        else ("council_number", "council_date")
    if number is not None:
        proposal[keys[0]] = number
    proposal[keys[1]] = on.isoformat()
    return {**payload, "proposal": proposal}


def compose(data: AwardProposalInput, catalog: Catalog, result: RoundResult | None = None
            ) -> Document:
    """The proposal of ``data`` to the agency's head or to the higher level."""
    result = result or check(data, catalog)
    to = data.proposal_to
    codes = awards_for(result, catalog, to)
    if not codes:
        where = "Thủ trưởng cơ quan" if to == "agency" else "cấp trên"
        raise InputError([FieldError(("proposal_to",), f"không có đề nghị nào đạt để trình "
                                     f"{where}")])
    proposal = data.proposal
    if to == "higher" and (proposal is None or proposal.to_higher is None):
        raise InputError([FieldError(("proposal", "to_higher"),
                                     "thiếu nơi kính gửi của tờ trình lên cấp trên")])
    ptype = catalog.paper_types["award-proposal"]
    symbol = join_symbol(ptype.abbr, data.issuer.symbol)
    if to == "agency":
        number = proposal.council_number if proposal else None
        on = proposal.council_date if proposal else None
        signer = council_signer(data)
        addressee = head_title(data)
        proposer = data.council.name
    else:
        assert proposal is not None and proposal.to_higher is not None
        number, on, signer = proposal.number, proposal.date, proposal.signer
        addressee = proposal.to_higher
        proposer = common.one_line(data.issuer.name)

    minutes = f"Biên bản họp {data.council.name} {date_words(data.meeting.start.date())}"
    body: list[Block] = [
        Paragraph.plain(f"Kính gửi: {addressee}.", "center"),
        *common.basis_lines([*catalog.bases_on(on or today()), minutes]),
    ]
    counts = [f"{award_heading(c, catalog)}: {pad2(sum(1 for n in data.nominations if n.award == c))}"
              f" đề nghị, {pad2(len(result.passed(c)))} đạt" for c in codes]
    body.append(Paragraph.plain(
        f"{data.title}, {data.council.name} đã họp {date_words(data.meeting.start.date())} "
        f"xét {count_phrase(len(data.nominations), 'đề nghị')} khen thưởng của các đơn vị; "
        f"kết quả bỏ phiếu đối với các hình thức {'thuộc thẩm quyền của Thủ trưởng cơ quan' if to == 'agency' else 'đề nghị cấp trên khen thưởng'} như sau:"))
    body += [Paragraph.plain(f"- {c};", "list_item") for c in counts]
    who = "Hội đồng" if to == "agency" else proposer
    body.append(Paragraph.plain(f"{who} kính đề nghị {addressee}:"))
    for i, code in enumerate(codes):
        end = "." if i == len(codes) - 1 else ";"
        grant = award_phrase(catalog.award(code), f"năm {data.year}", catalog)
        body.append(Paragraph.plain(f"- {capitalize_first(grant)} cho "
                                    f"{_whom(result.passed(code))} {LIST_NOTE}{end}",
                                    "list_item"))
    if to == "higher":
        body.append(Paragraph.plain("Hồ sơ kèm theo: biên bản họp Hội đồng Thi đua - Khen "
                                    "thưởng, danh sách và báo cáo thành tích của các cá nhân, "
                                    "tập thể được đề nghị."))
    body.append(Paragraph.plain(f"Kính trình {addressee} xem xét, quyết định."))
    body = common.with_end_mark(body)

    summary = ("Về việc đề nghị khen thưởng" if to == "higher"
               else f"Về việc đề nghị công nhận danh hiệu thi đua và khen thưởng năm {data.year}")
    reference = (f"(Kèm theo Tờ trình số {number_ref(number, symbol)} "
                 f"{date_words(on, year=(on or today()).year)} của {proposer})")
    recipients = common.recipients(["Như trên"], ["VT", "Hồ sơ"])
    return Document(
        kind="award-proposal",
        title=common.paper_title(ptype.name, number, symbol),
        file_stem=common.file_stem(ptype.name, number, symbol),
        header=common.header(data.issuer, symbol=symbol, number=number, on=on),
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=upper(ptype.name),
        summary=common.summary_lines(summary),
        body=tuple(body),
        recipients=recipients,
        signature=common.signature_block(signer, width=style.CLOSING_RIGHT_MM),
        appendices=(_appendix(codes, result, catalog, reference),),
        agency=common.one_line(data.issuer.name),
        meta={"proposal_to": to},
    )
