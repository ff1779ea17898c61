"""The opening that a nghị quyết (Mẫu 1.1) and a quyết định (Mẫu 1.2, 1.3) share, after
their summary (Decree 30, Appendix III; Appendix I, II.6.a): the authority that issues
them in capitals, the legal bases (``Căn cứ …;``, the last ending ``.``, or a closing line
``Theo đề nghị của … .``), then the formula, ``QUYẾT NGHỊ:`` or ``QUYẾT ĐỊNH:``.
"""

from __future__ import annotations

from docgen.compose import common
from docgen.compose.document import Paragraph
from docgen.model.common import Issuer, Signer
from docgen.vn.text import upper

RESOLVE = "QUYẾT NGHỊ:"
DECIDE = "QUYẾT ĐỊNH:"


def issuing_authority(signer: Signer, issuer: Issuer) -> str:
    """Who issues the paper, as a sentence names it: the collective a ``TM.`` signer signs
    for (``Ủy ban kiểm sát Viện kiểm sát nhân dân tỉnh Gia Lai``), otherwise the head in
    whose name it is decided (``Viện trưởng Viện kiểm sát nhân dân tỉnh Gia Lai``)."""
    who = signer.on_behalf if signer.authority == "TM." and signer.on_behalf \
        else common.decider_title(signer)
    return f"{who} {common.one_line(issuer.name)}"


def preamble(authority: str, bases: list[str], closing: str | None, formula: str
             ) -> list[Paragraph]:
    """Authority line, bases and formula (Appendix III, Mẫu 1.1-1.3)."""
    return [Paragraph.plain(upper(authority), "authority", bold=True),
            *common.basis_lines(bases, closing=closing),
            Paragraph.plain(formula, "formula", bold=True)]
