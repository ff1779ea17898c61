"""The minutes of the cluster's year-end meeting (biên bản họp Khối/Cụm thi đua: bình xét,
suy tôn), Decree 30 form 1.9; docs/format-rules.md, "Cluster scoring".

The cluster under its parent | national name, place and date; ``BIÊN BẢN`` and what the
meeting was; time, place, who attended (each unit and its representative), the chair and
the secretary; ``I.`` the scores agreed (members by rank, each review that changed a
result, a tie left to the meeting); ``II.`` the vote on the leading unit against the
threshold of the catalog and its legal basis, and the proposal; ``./.``; signatures
THƯ KÝ (left) and CHỦ TỌA (right).
"""

from __future__ import annotations

from docgen.catalog import Catalog
from docgen.compose import cluster as cl
from docgen.compose import common
from docgen.compose.document import Document, Paragraph, SignatureBlock, SignatureGrid
from docgen.model.scoring import ClusterMinutesInput, Person, Review, ScoringYear
from docgen.scoring.engine import Scores, Vote, latest_reviews, plain, score, shown
from docgen.vn.dates import date_words
from docgen.vn.files import slugify
from docgen.vn.money import format_decimal
from docgen.vn.numbering import count_phrase, pad2
from docgen.vn.text import upper

CLOSING = ("Biên bản đã được đọc lại tại cuộc họp, các thành viên dự họp nhất trí với "
           "nội dung biên bản.")


def _comrade(person: Person) -> str:
    return f"đồng chí {person.name}, {person.title}"


def _list(items: list[str]) -> list[Paragraph]:
    """``- …;`` items, the last ending with a full stop."""
    return [Paragraph.plain(f"- {item}{'.' if i == len(items) - 1 else ';'}", "list_item")
            for i, item in enumerate(items)]


def _attendance(year: ScoringYear) -> list[Paragraph]:
    assert year.meeting is not None
    present = year.meeting.attended
    codes = [m.code for m in year.members] if present is None else present
    name = cl.name(year)
    out = [Paragraph.plain(
        f"Thành phần tham dự: đại diện lãnh đạo {pad2(len(codes))}/{pad2(len(year.members))} "
        f"đơn vị thành viên của {name}:", "body")]
    out += _list([f"{year.member(c).name}: đồng chí {year.member(c).leader.name}, "
                  f"{year.member(c).leader.title}" for c in codes])
    absent = [m for m in year.members if m.code not in codes]
    if absent:
        out.append(Paragraph.plain("Vắng mặt: " + "; ".join(m.name for m in absent) + ".",
                                   "body"))
    return out


def _review_line(year: ScoringYear, r: Review) -> str:
    crit = year.criterion(r.criterion)
    member = year.member(r.member)

    def text(value: object) -> str:
        return cl.value_text(plain(value), crit.unit)  # type: ignore[arg-type]

    parts = [f"{member.name}, tiêu chí {crit.code} ({crit.name}): đơn vị tự chấm "
             f"{text(r.self_)}, {cl.head_title(year)} chấm {text(r.review)}"]
    if r.comment:
        parts[0] += f" ({r.comment.rstrip('.')})"
    if r.explanation:
        parts.append(f"đơn vị giải trình: {r.explanation.rstrip('.')}")
    if r.final is not None:
        parts.append(f"kết quả cuối cùng: {text(r.final)}")
    return "; ".join(parts)


def _scores_part(scores: Scores) -> list[Paragraph]:
    year = scores.year
    name = cl.name(year)
    out = [Paragraph.plain("I. KẾT QUẢ CHẤM ĐIỂM THI ĐUA", "section", bold=True),
           Paragraph.plain(
               f"Cuộc họp đã thông qua kết quả chấm điểm thi đua năm {year.cluster.year} của các "
               f"đơn vị thành viên {name} (có bảng tổng hợp kèm theo), như sau:", "body")]
    out += [Paragraph.plain(
        f"{i}. {year.member(m.code).name}: {cl.points(m.total)} điểm, xếp thứ {m.rank}"
        f"{'.' if i == len(scores.members) else ';'}", "list_item")
        for i, m in enumerate(scores.members, start=1)]
    changed = [r for r in latest_reviews(year) if r.changed]
    if changed:
        out.append(Paragraph.plain(
            f"Qua thẩm định, {cl.head_title(year)} đã chấm khác kết quả tự chấm của "
            f"{count_phrase(len(changed), 'tiêu chí')}:", "body"))
        out += _list([_review_line(year, r) for r in changed])
    out += [Paragraph.plain(text, "body") for text in cl.unresolved_ties(scores)]
    return out


def _percent(vote: Vote) -> str:
    return format_decimal(shown(vote.percent))


def _vote_part(scores: Scores, catalog: Catalog) -> list[Paragraph]:
    year = scores.year
    vote = scores.vote
    assert vote is not None and year.meeting is not None
    name, cyear = cl.name(year), year.cluster.year
    out = [Paragraph.plain("II. BÌNH XÉT, SUY TÔN ĐƠN VỊ DẪN ĐẦU", "section", bold=True)]
    share = format_decimal(vote.threshold.share * 100)
    of = "số thành viên của Khối" if vote.threshold.of == "members" else "số thành viên dự họp"
    rule = (f"Theo {vote.threshold.basis}, đơn vị được suy tôn dẫn đầu phải được từ {share}% "
            f"{of} trở lên đồng ý ({pad2(vote.required)}/{pad2(vote.voters)}).")
    if vote.candidate is None:
        out.append(Paragraph.plain(
            f"Cuộc họp bỏ phiếu suy tôn đơn vị dẫn đầu {name} năm {cyear}: không có đơn vị "
            "nào được nhiều phiếu nhất.", "body"))
        out.append(Paragraph.plain(rule, "body"))
        out.append(Paragraph.plain("Cuộc họp chưa suy tôn được đơn vị dẫn đầu.", "body"))
        return out
    unit = year.member(vote.candidate).name
    out.append(Paragraph.plain(
        f"Cuộc họp bỏ phiếu suy tôn đơn vị dẫn đầu {name} năm {cyear}. Kết quả: {unit} được "
        f"{pad2(vote.votes)}/{pad2(vote.voters)} thành viên bỏ phiếu suy tôn "
        f"(đạt {_percent(vote)}%).", "body"))
    out.append(Paragraph.plain(rule, "body"))
    award = catalog.award(year.proposal.award).name if year.proposal else None
    if vote.met:
        text = f"Cuộc họp thống nhất suy tôn {unit} là đơn vị dẫn đầu {name} năm {cyear}"
        if year.proposal and award:
            text += (f" và đề nghị {year.proposal.to} xét, đề nghị tặng "
                     f"{common.quoted(award, catalog)}")
        out.append(Paragraph.plain(text + ".", "body"))
    else:
        text = f"{unit} chưa đạt tỷ lệ phiếu suy tôn theo quy định"
        if award:
            text += f"; cuộc họp chưa đề nghị tặng {common.quoted(award, catalog)}"
        out.append(Paragraph.plain(text + ".", "body"))
    return out


def compose(data: ClusterMinutesInput, catalog: Catalog) -> Document:
    scores = score(data, catalog)
    meeting = data.meeting
    name, cyear = cl.name(data), data.cluster.year
    summary = f"Họp bình xét, suy tôn thi đua năm {cyear} của {name}"
    body = [
        Paragraph.plain(f"Thời gian: {date_words(meeting.date)}.", "body"),
        Paragraph.plain(f"Địa điểm: {meeting.place.rstrip('.')}.", "body"),
        *_attendance(data),
        Paragraph.plain(f"Chủ trì (chủ tọa): {_comrade(meeting.chair)}.", "body"),
        Paragraph.plain(f"Thư ký: {_comrade(meeting.secretary)}.", "body"),
        *_scores_part(scores),
        *_vote_part(scores, catalog),
        Paragraph.plain(CLOSING, "body"),
    ]
    rows = ((SignatureBlock(("THƯ KÝ",), meeting.secretary.name, field_name="secretary"),
             SignatureBlock(("CHỦ TỌA",), meeting.chair.name, field_name="chair")),)
    vote = scores.vote
    assert vote is not None
    return Document(
        kind="cluster-minutes",
        title=f"Biên bản họp bình xét, suy tôn thi đua năm {cyear} - {name}",
        agency=name,
        file_stem=slugify(f"bien ban suy ton thi dua {cyear} {name}"),
        header=cl.header(data),
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=upper(catalog.paper_types["cluster-minutes"].name),
        summary=common.summary_lines(summary),
        body=tuple(common.with_end_mark(body)),
        signature_grid=SignatureGrid(heading="", rows=rows),
        meta={"leader": vote.candidate if vote.met and vote.candidate else "",
              "vote_met": "true" if vote.met else "false",
              "vote_basis": vote.threshold.basis,
              "figures_verified": "true" if vote.threshold.verified else "false"},
    )
