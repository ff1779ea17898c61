"""Body markup: a small Markdown subset (paragraphs, **bold**, *italic*, numbered and dash
lists, headings) parsed with markdown-it-py into Document paragraphs.

Raw HTML is not interpreted (it stays literal text and is escaped by the renderers); links
keep their text; list items keep their marker as text (``- `` or ``1. ``), which is how an
official paper writes them.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from docgen.compose.document import Paragraph, Role, Run


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    # Images and reference links make no sense in an official paper; tables are off in
    # commonmark already.
    md.disable(["image", "reference"])
    return md


def _inline_runs(token: Token) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    for child in token.children or []:
        t = child.type
        if t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t in ("text", "code_inline", "html_inline"):
            text = child.content
            if text:
                runs.append(Run(text, bold=bold > 0, italic=italic > 0))
        elif t in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold=bold > 0, italic=italic > 0))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of the same emphasis (fewer runs, same text)."""
    out: list[Run] = []
    for r in runs:
        if out and out[-1].bold == r.bold and out[-1].italic == r.italic:
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    return out


#: A heading written as a bold paragraph: ``**I. MỤC ĐÍCH, YÊU CẦU**`` (level 1) or
#: ``**1. Đổi mới nội dung …**`` (level 2), as official papers number their parts.
_ROMAN_HEADING = re.compile(r"[IVXLC]+\.\s")
_NUMBER_HEADING = re.compile(r"\d+(\.\d+)*\.\s")


def _heading_role(p: Paragraph) -> Role | None:
    """The heading role of a body paragraph that is bold throughout and starts with a part
    number, or None."""
    if p.role != "body" or not all(r.bold for r in p.runs if r.text.strip()):
        return None
    text = p.text.lstrip()
    if _ROMAN_HEADING.match(text):
        return "section"
    if _NUMBER_HEADING.match(text):
        return "subsection"
    return None


def _as_heading(p: Paragraph, role: Role) -> Paragraph:
    """A heading paragraph: its style makes it bold, so the runs carry no direct bold."""
    runs = tuple(Run(r.text, bold=False, italic=r.italic) for r in p.runs)
    return Paragraph(runs, role)


def _headings(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Bold numbered paragraphs and Markdown headings become headings of two levels; a
    body numbered only ``1.``, ``2.`` has those at the first level."""
    out = []
    for p in paragraphs:
        role = p.role if p.role in ("section", "subsection") else _heading_role(p)
        out.append(_as_heading(p, role) if role else p)
    if not any(p.role == "section" for p in out):
        out = [Paragraph(p.runs, "section") if p.role == "subsection" else p for p in out]
    return out


def parse(markup: str) -> list[Paragraph]:
    """Paragraphs of a body written in the Markdown subset."""
    return _headings(_parse(markup))


def _parse(markup: str) -> list[Paragraph]:
    tokens = _parser().parse(markup)
    paragraphs: list[Paragraph] = []
    # Stack of open lists: [ordered?, next number].
    lists: list[list[int | bool]] = []
    marker: str | None = None
    role: Role = "body"
    for tok in tokens:
        t = tok.type
        if t == "bullet_list_open":
            lists.append([False, 0])
        elif t == "ordered_list_open":
            start = int(tok.attrGet("start") or 1)
            lists.append([True, start])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            ordered, number = lists[-1]
            if ordered:
                marker = f"{number}. "
                lists[-1][1] = int(number) + 1
            else:
                marker = "- "
        elif t == "heading_open":
            role = "section" if tok.tag == "h1" else "subsection"
        elif t == "heading_close":
            role = "body"
        elif t == "inline":
            runs = _inline_runs(tok)
            if not runs:
                continue
            this_role: Role = role
            if marker is not None:
                first = runs[0]
                runs[0] = Run(marker + first.text, first.bold, first.italic)
                marker = None
                this_role = "list_item"
            elif lists:
                this_role = "list_item"
            paragraphs.append(Paragraph(tuple(runs), this_role))
        elif t in ("code_block", "fence"):
            for line in tok.content.splitlines():
                if line.strip():
                    paragraphs.append(Paragraph((Run(line.strip()),), role))
    return paragraphs
