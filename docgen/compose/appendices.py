"""Phụ lục (Decree 30, Appendix I, III.1; Appendix III, Mẫu 2.1): the appendices a paper
carries after its signature, in the same file, each from a new page.

``Phụ lục`` (``Phụ lục I``, ``Phụ lục II`` … when there are two or more) on a line of its
own, its title (if any) in capitals, ``(Kèm theo <type> số … ngày … của …)``, a short rule,
the content, ``./.``. No number and no signature of their own: in the same file the paper's
signature covers them (III.1.d).
"""

from __future__ import annotations

from docgen.compose import common
from docgen.compose.document import Appendix
from docgen.compose.markup import parse
from docgen.model.appendix import AppendixInput
from docgen.vn.numbering import roman
from docgen.vn.text import upper

LABEL = "Phụ lục"


def appendices(items: list[AppendixInput], reference: str) -> tuple[Appendix, ...]:
    """The appendices of a paper, each referring to it by ``reference``
    (``common.attached_reference``)."""
    many = len(items) > 1
    out = []
    for i, item in enumerate(items, start=1):
        label = f"{LABEL} {roman(i)}" if many else LABEL
        title = (upper(common.one_line(item.title)),) if item.title else ()
        out.append(Appendix(heading_lines=(label, *title), reference_line=reference,
                            body=tuple(common.with_end_mark(parse(item.body)))))
    return tuple(out)
