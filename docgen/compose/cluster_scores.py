"""The summary table of a cluster's scores (bảng tổng hợp kết quả chấm điểm thi đua),
docs/format-rules.md, "Cluster scoring".

A4 landscape: the cluster under its parent | national name, place and the meeting's
date; ``BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA`` / ``NĂM 2026``; one table: a row per
section (bold) and criterion in the order of the table, a column per member (its code),
``TỔNG CỘNG`` and ``XẾP HẠNG``; the header row repeated on every page; under it the
members' names by code and the leading unit (or the tie left to the meeting); signed by
the head of the cluster (TM. the cluster, Khối trưởng).
"""

from __future__ import annotations

from fractions import Fraction

from docgen import style
from docgen.catalog import Catalog
from docgen.compose import cluster as cl
from docgen.compose import common
from docgen.compose.document import Column, Document, Paragraph, Run, TableRow, WideTable
from docgen.model.common import Signer
from docgen.model.scoring import Criterion, ScoringYear
from docgen.scoring.engine import Scores, score, shown
from docgen.vn.dates import date_words
from docgen.vn.files import slugify
from docgen.vn.money import format_decimal
from docgen.vn.text import upper

#: Widths (mm) of the fixed columns; the criterion's name takes what the members leave,
#: at least CRITERION_MIN_MM; a member's column is at most MEMBER_MAX_MM.
NUMBER_MM = 10.0
MAX_MM = 13.0
CRITERION_MIN_MM = 45.0
MEMBER_MAX_MM = 20.0


def _max_of(node: Criterion) -> Fraction:
    """A node's maximum: a criterion's own; a section's, the sum of its children's
    (penalties take nothing off what can be reached)."""
    if node.children is None:
        assert node.max is not None
        return Fraction(node.max) if node.type != "penalty" else Fraction(0)
    return sum((_max_of(c) for c in node.children), Fraction(0))


def _label(c: Criterion) -> str:
    """A criterion's name, with its points per occurrence unless the name says them."""
    if c.type in ("count", "bonus", "penalty") and "mỗi" not in c.name.casefold():
        assert c.points is not None
        return f"{c.name} ({format_decimal(c.points)} điểm/lần)"
    if c.type == "target" and c.unit:
        return f"{c.name} ({c.unit})"
    return c.name


def _rows(nodes: list[Criterion], scores: Scores, codes: list[str], top: bool = True
          ) -> list[TableRow]:
    """A row per node, depth first; the table's own sections (``I``, ``II``) upper case."""
    rows: list[TableRow] = []
    for node in nodes:
        if node.children is not None:
            values = [scores.of(m).sections[node.code] for m in codes]
            shown_max = cl.points(_max_of(node))
            name, bold = (upper(node.name) if top else node.name), True
        else:
            assert node.max is not None
            values = [scores.of(m).criteria[node.code] for m in codes]
            shown_max = cl.signed_max(Fraction(node.max), node.type == "penalty")
            name, bold = _label(node), False
        rows.append(TableRow((node.code, name, shown_max, *(cl.points(v) for v in values)),
                             (None, None, None, *(float(shown(v)) for v in values)), bold))
        if node.children is not None:
            rows += _rows(node.children, scores, codes, top=False)
    return rows


def widths(members: int) -> tuple[float, float]:
    """(member column, criterion column) in mm across the landscape text block."""
    text = style.LANDSCAPE.page.text_width_mm - NUMBER_MM - MAX_MM
    member = min(MEMBER_MAX_MM, max(style.WIDE_FIGURE_MM, (text - CRITERION_MIN_MM * 1.5) / members))
    if text - member * members < CRITERION_MIN_MM:
        member = (text - CRITERION_MIN_MM) / members
    return member, text - member * members


def table(scores: Scores) -> WideTable:
    year = scores.year
    codes = [m.code for m in year.members]  # the input's order, as the members sit
    member_mm, criterion_mm = widths(len(codes))
    columns = (Column("STT", NUMBER_MM, "center"), Column("Tiêu chí", criterion_mm),
               Column("Điểm tối đa", MAX_MM, "center"),
               *(Column(code, member_mm, "right") for code in codes))
    rows = _rows(year.criteria, scores, codes)
    total_max = sum((_max_of(n) for n in year.criteria), Fraction(0))
    totals = [scores.of(m).total for m in codes]
    rows.append(TableRow(("", "TỔNG CỘNG", cl.points(total_max), *(cl.points(t) for t in totals)),
                         (None, None, None, *(float(shown(t)) for t in totals)), True))
    ranks = [scores.of(m).rank for m in codes]
    rows.append(TableRow(("", "XẾP HẠNG", "", *(str(r) for r in ranks)),
                         (None, None, None, *(float(r) for r in ranks)), True))
    return WideTable(columns, tuple(rows), tuple(notes(scores)))


def notes(scores: Scores) -> list[Paragraph]:
    year = scores.year
    legend = "; ".join(f"{m.code}: {m.name}" for m in year.members)
    out = [Paragraph((Run("Ghi chú: ", bold=True), Run(legend + ".")), "body")]
    if scores.leader:
        leader = scores.of(scores.leader)
        out.append(Paragraph.plain(
            f"Đơn vị dẫn đầu: {year.member(scores.leader).name} "
            f"({cl.points(leader.total)} điểm).", "body"))
    out += [Paragraph.plain(text, "body") for text in cl.unresolved_ties(scores)]
    return out


def compose(data: ScoringYear, catalog: Catalog) -> Document:
    scores = score(data, catalog)
    year = data.cluster.year
    name = cl.name(data)
    head = data.member(data.cluster.head)
    signer = Signer(title=cl.head_title(data), name=head.leader.name, authority="TM.",
                    on_behalf=name)
    body = []
    if data.meeting is not None:
        body.append(Paragraph.plain(
            f"(Kèm theo Biên bản họp bình xét, suy tôn thi đua của {name} "
            f"{date_words(data.meeting.date)})", "center_italic", italic=True))
    type_label = catalog.paper_types["cluster-scores"].name
    meta = {"leader": scores.leader or "",
            "target_rules": ",".join(sorted(set(scores.target_rules.values()))),
            "figures_verified": "true" if _verified(scores, catalog) else "false"}
    return Document(
        kind="cluster-scores",
        title=f"{type_label} năm {year} - {name}",
        agency=name,
        file_stem=slugify(f"bang diem thi dua {year} {name}"),
        header=cl.header(data),
        draft_mark=common.draft_mark(data.draft, data.draft_label),
        type_name=upper(type_label),
        summary=(f"NĂM {year}",),
        body=tuple(body),
        table=table(scores),
        signature=common.signature_block(signer, width=style.LANDSCAPE.closing_right_mm),
        orientation="landscape",
        meta=meta,
    )


def _verified(scores: Scores, catalog: Catalog) -> bool:
    rules = catalog.scoring
    assert rules is not None
    targets = all(rules.target_rules[n].verified for n in scores.target_rules.values())
    return targets and (scores.vote is None or scores.vote.threshold.verified)
