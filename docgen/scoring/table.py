"""The scored year as a text table for ``docgen scoring check FILE.json`` (without
``--json``): one line per member in rank order, its sections and total, then the leading
unit, the ties and the vote. Plain text, columns padded for a terminal."""

from __future__ import annotations

from docgen.scoring.engine import Scores, shown
from docgen.vn.money import format_decimal
from docgen.vn.text import shorten

NAME_WIDTH = 40


def _points(value: object) -> str:
    return format_decimal(shown(value))  # type: ignore[arg-type]


def _pad(cells: list[str], widths: list[int], right: set[int]) -> str:
    return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                     for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()


def table(scores: Scores) -> str:
    """The table and the lines under it, ending with a newline."""
    year = scores.year
    sections = [c.code for c in year.criteria if c.children is not None]
    head = ["Hạng", "Mã", "Đơn vị", *sections, "Tổng"]
    rows = [[str(m.rank), m.code, shorten(year.member(m.code).name, NAME_WIDTH),
             *(_points(m.sections[s]) for s in sections), _points(m.total)]
            for m in scores.members]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = {0, *range(3, len(head))}
    lines = [_pad(head, widths, right), _pad(["-" * w for w in widths], widths, set())]
    lines += [_pad(r, widths, right) for r in rows]
    lines.append("")
    if scores.leader:
        lines.append(f"Đơn vị dẫn đầu: {scores.leader} - {year.member(scores.leader).name}")
    else:
        lines.append("Đơn vị dẫn đầu: chưa xác định (bằng điểm, để cuộc họp quyết định)")
    for t in scores.ties:
        how = f", tách bằng: {', '.join(t.broken_by)}" if t.broken_by else ""
        still = "; còn bằng nhau: " + "; ".join(", ".join(g) for g in t.unresolved) \
            if t.unresolved else ""
        lines.append(f"Bằng điểm ({_points(t.total)}): {', '.join(t.members)}{how}{still}")
    if scores.vote is not None:
        v = scores.vote
        verdict = "đạt" if v.met else "không đạt"
        who = v.candidate or "không có đơn vị nhiều phiếu nhất"
        lines.append(f"Suy tôn: {who} {v.votes}/{v.voters} phiếu, cần {v.required} "
                     f"({format_decimal(v.threshold.share * 100)} %, {v.threshold.basis}"
                     f"{'' if v.threshold.verified else ', chưa kiểm chứng'}): {verdict}")
    return "\n".join(lines) + "\n"
