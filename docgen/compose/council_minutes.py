"""Minutes of the Emulation and Commendation Council's meeting (Biên bản họp Hội đồng Thi
đua - Khen thưởng): Decree 30, Appendix III, Mẫu 1.9, symbol ``BB``, with the round's
results (docs/format-rules.md, "The commendation round").

Header (number, no place and date: the minutes are dated by the meeting); ``BIÊN BẢN``
and what meeting; time and place, who attended (present and absent members, the absent
ones' reason and written opinion), chair and secretary; the ballots; for each award the
nominees with their votes, the percentage of the council's membership and the result
under the rule, then why those who failed did; the conclusion; the time the meeting
ended ``./.``; ``THƯ KÝ`` (left) and ``CHỦ TỌA`` (right); ``Nơi nhận`` under them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import common
from docgen.compose.document import (
    Block,
    Column,
    Document,
    Header,
    Paragraph,
    Run,
    SignatureGrid,
    Table,
)
from docgen.model.common import Signer
from docgen.model.round import CouncilMember, RoundInput
from docgen.rounds.check import RoundResult, check
from docgen.vn.dates import date_words
from docgen.vn.numbering import count_phrase, join_symbol, pad2
from docgen.vn.text import capitalize_first, upper

ARCHIVE = ["VT", "Hồ sơ"]


def moment_words(moment: datetime) -> str:
    """``14 giờ 00, ngày 18 tháng 12 năm 2026``."""
    return f"{moment.hour:02d} giờ {moment.minute:02d}, {date_words(moment.date())}"


def _member_line(member: CouncilMember) -> str:
    return ", ".join(x for x in (member.name, member.position) if x) + f" - {member.role}"


def _labelled(label: str, text: str, role: str = "body") -> Paragraph:
    return Paragraph((Run(f"{label}: ", bold=True), Run(text)), role)  # type: ignore[arg-type]


def award_heading(code: str, catalog: Catalog) -> str:
    """``Danh hiệu "Lao động tiên tiến"``, ``Bằng khen của …``: an award as a heading."""
    award = catalog.award(code)
    if award.category == "title":
        return f"Danh hiệu {common.quoted(award.name, catalog)}"
    return award.name


def nominee_detail(result_or_nomination: object) -> str:
    """Position and unit of a nominee (a collective: nothing more than its name)."""
    nomination = getattr(result_or_nomination, "nomination", result_or_nomination)
    person = getattr(nomination, "person", None)
    if person is None:
        return ""
    return ", ".join(x for x in (person.position, person.unit) if x)


def _attendance(data: RoundInput) -> list[Paragraph]:
    council, meeting = data.council, data.meeting
    absent = {a.name.casefold(): a for a in meeting.absent}
    present = [m for m in council.members if m.name.casefold() not in absent]
    founded = f" (thành lập theo {council.established_by})" if council.established_by else ""
    out = [_labelled("Thành phần tham dự",
                     f"{council.name}{founded}: có mặt {pad2(len(present))}/"
                     f"{pad2(data.members)} thành viên, gồm:")]
    out += [Paragraph.plain(f"- {_member_line(m)};", "list_item") for m in present]
    if meeting.absent:
        out.append(Paragraph.plain(f"Vắng mặt: {count_phrase(len(meeting.absent), 'thành viên')}:"))
        for a in meeting.absent:
            member = council.member(a.name)
            who = _member_line(member) if member else a.name
            opinion = ("có ý kiến bằng văn bản gửi Hội đồng" if a.written_opinion
                       else "không có ý kiến bằng văn bản")
            out.append(Paragraph.plain(f"- {who} (lý do: {a.reason}; {opinion});", "list_item"))
    chair = council.member(meeting.chair)
    out.append(_labelled("Chủ trì (chủ tọa)", f"{_member_line(chair) if chair else meeting.chair}."))
    sec = meeting.secretary
    out.append(_labelled("Thư ký (người ghi biên bản)",
                         ", ".join(x for x in (sec.name, sec.position) if x) + "."))
    return out


def _ballots(data: RoundInput) -> Paragraph:
    b = data.meeting.ballots
    parts = []
    if b is not None:
        parts.append(f"số phiếu phát ra: {pad2(b.issued)}; số phiếu thu về: {pad2(b.returned)}; "
                     f"số phiếu hợp lệ: {pad2(b.valid)}")
    if data.written_opinions:
        parts.append(f"ý kiến bằng văn bản của thành viên vắng mặt: {pad2(data.written_opinions)}")
    how = "bỏ phiếu kín" if b is not None else "biểu quyết"
    tail = f": {'; '.join(parts)}" if parts else ""
    return Paragraph.plain(f"Hội đồng tiến hành {how}{tail}.")


def _results(result: RoundResult, catalog: Catalog) -> list[Block]:
    blocks: list[Block] = []
    columns = (Column("STT", 1, "center"), Column("Họ và tên, tên tập thể", 4),
               Column("Chức vụ, đơn vị", 4), Column("Số phiếu đồng ý", 2, "center"),
               Column("Tỷ lệ", 1.8, "center"), Column("Kết quả", 1.8, "center"))
    for i, code in enumerate(result.awards(), start=1):
        rows = [r for r in result.results if r.nomination.award == code]
        passed = sum(1 for r in rows if r.passed)
        blocks.append(Paragraph.plain(f"{i}. {award_heading(code, catalog)}: "
                                      f"{pad2(len(rows))} đề nghị, {pad2(passed)} đạt",
                                      "subsection"))
        blocks.append(Table.of_text(columns, tuple(
            (str(n), r.name, nominee_detail(r), f"{r.votes}/{r.denominator}", r.percent_text,
             "Đạt" if r.passed else "Không đạt")
            for n, r in enumerate(rows, start=1))))
        for r in rows:
            for reason in r.reasons:
                blocks.append(Paragraph.plain(f"- {r.name}: {reason}.", "list_item"))
            for note in r.notes:
                blocks.append(Paragraph.plain(f"- {r.name}: {capitalize_first(note)} "
                                              "(lưu ý).", "list_item"))
    return blocks


def _conclusion(result: RoundResult, catalog: Catalog) -> list[Paragraph]:
    rules = catalog.round_rules
    out = [Paragraph.plain("Kết luận:", "subsection")]
    out.append(Paragraph.plain("Hội đồng thống nhất đề nghị khen thưởng những cá nhân, tập thể "
                               "đạt tỷ lệ phiếu và đủ điều kiện nêu trên:"))
    for code in result.awards():
        passed = result.passed(code)
        if not passed:
            continue
        persons = sum(1 for r in passed if r.nomination.is_person)
        groups = len(passed) - persons
        whom = " và ".join(x for x in (count_phrase(groups, "tập thể") if groups else "",
                                        count_phrase(persons, "cá nhân") if persons else "") if x)
        level = ("trình cấp trên xem xét" if rules.decided_by.get(code) == "higher"
                 else "trình Thủ trưởng cơ quan quyết định")
        out.append(Paragraph.plain(f"- {award_heading(code, catalog)}: {whom} ({level});",
                                   "list_item"))
    failed = [r for r in result.results if not r.passed]
    if failed:
        out.append(Paragraph.plain(f"Không đề nghị {count_phrase(len(failed), 'trường hợp')} "
                                   "không đạt theo lý do nêu trên."))
    return out


def symbol(data: RoundInput, catalog: Catalog) -> common.PaperSymbol:
    """``BB-VKSHY``: the minutes' type and the agency (the registry numbers by it)."""
    return common.typed_symbol(catalog.paper_types["council-minutes"].abbr, data.issuer)


def numbered(payload: dict[str, Any], number: int | None, on: date) -> dict[str, Any]:
    """The minutes as issued: the number goes to the meeting (``meeting.number``); they
    are dated by the meeting itself, so the issue date changes nothing in them."""
    meeting = dict(payload.get("meeting") or {})
    if number is not None:
        meeting["number"] = number
    return {**payload, "meeting": meeting}


def compose(data: RoundInput, catalog: Catalog, result: RoundResult | None = None) -> Document:
    """The minutes of ``data``'s meeting; ``result`` when the caller checked the round
    already (with the registry's earlier years), else it is checked here without them."""
    result = result or check(data, catalog)
    ptype = catalog.paper_types["council-minutes"]
    symbol = join_symbol(ptype.abbr, data.issuer.symbol)
    meeting = data.meeting
    frame = common.header(data.issuer, symbol=symbol, number=meeting.number,
                          on=meeting.start.date())
    # Mẫu 1.9 has no place and date line: the minutes are dated by the meeting's time.
    header = Header(frame.parent_lines, frame.agency_lines, frame.national_name, frame.motto,
                    frame.number_line, "")
    body: list[Block] = [
        _labelled("Thời gian bắt đầu", f"{moment_words(meeting.start)}."),
        _labelled("Địa điểm", f"{meeting.place}."),
        *_attendance(data),
        Paragraph.plain("Nội dung:", "section"),
        Paragraph.plain(f"Hội đồng xét các đề nghị khen thưởng của đợt "
                        f"{data.title[0].lower() + data.title[1:]} "
                        f"({count_phrase(len(data.nominations), 'đề nghị')}). Tỷ lệ phiếu tính "
                        f"trên tổng số {count_phrase(data.members, 'thành viên')} Hội đồng."),
        _ballots(data),
        *_results(result, catalog),
        *_conclusion(result, catalog),
    ]
    if meeting.end is not None:
        body.append(Paragraph.plain(f"Cuộc họp kết thúc vào {moment_words(meeting.end)}."))
    else:
        body.append(Paragraph.plain("Cuộc họp kết thúc cùng ngày."))
    body = [*body[:-1], *common.with_end_mark([body[-1]])]

    chair = Signer(title="Chủ tọa", name=meeting.chair)
    secretary = Signer(title="Thư ký", name=meeting.secretary.name)
    grid = SignatureGrid(heading="", rows=((
        common.signature_block(secretary, width=style.GRID_TEXT_MM, field_name="secretary"),
        common.signature_block(chair, width=style.GRID_TEXT_MM, field_name="chair")),))
    summary = f"Họp {data.council.name}"
    return Document(
        kind="council-minutes",
        title=common.paper_title(ptype.name, meeting.number, symbol),
        file_stem=common.file_stem(ptype.name, meeting.number, symbol),
        header=header,
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=upper(ptype.name),
        summary=common.summary_lines(summary),
        body=tuple(body),
        signature_grid=grid,
        recipients=common.recipients([], ARCHIVE),
        agency=common.one_line(data.issuer.name),
        meta={"round_passed": str(len(result.passed())),
              "round_failed": str(len(result.results) - len(result.passed())),
              "rules_verified": "true" if all(r["verified"] for r in result.rules) else "false"},
    )
