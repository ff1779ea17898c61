"""Body markup: a small Markdown subset (paragraphs, **bold**, *italic*, numbered and dash
lists, headings) parsed with markdown-it-py into Document paragraphs.

Raw HTML is not interpreted (it stays literal text and is escaped by the renderers); links
keep their text; list items keep their marker as text (``- `` or ``1. ``), which is how an
official paper writes them.
"""

from __future__ import annotations

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


def parse(markup: str) -> list[Paragraph]:
    """Paragraphs of a body written in the Markdown subset."""
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
            role = "section"
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
