"""A new scoring year started from the pledge the cluster signed for that year: the
pledge's members are the cluster's members. A pure function of the pledge's input; the
criteria (last year's table, edited) and the results come afterwards."""

from __future__ import annotations

from typing import Any

from docgen.model.pledge import Member as PledgeMember
from docgen.model.pledge import PledgeInput
from docgen.vn.text import upper

CODE_MAX = 12


def member_code(unit: str) -> str:
    """A short code from a unit's name: the initials of its words, numbers kept whole
    (``Phòng 8`` -> ``P8``, ``Văn phòng`` -> ``VP``); diacritics kept (``Đ``)."""
    parts = []
    for word in unit.replace("(", " ").replace(")", " ").replace("-", " ").split():
        parts.append(word if word.isdigit() else upper(word[0]) if word[0].isalpha() else "")
    return "".join(parts)[:CODE_MAX] or "DV"


def _codes(members: list[PledgeMember]) -> list[str]:
    """One code per member, a number appended to a code already taken."""
    taken: set[str] = set()
    out = []
    for m in members:
        base = member_code(m.unit)
        code, n = base, 2
        while code in taken:
            code, n = f"{base}{n}", n + 1
        taken.add(code)
        out.append(code)
    return out


def _role(member: PledgeMember, word: str) -> bool:
    return word in (member.role or "").casefold()


def year_from_pledge(pledge: PledgeInput, criteria: list[dict[str, Any]] | None = None
                     ) -> dict[str, Any]:
    """The start of the year's scoring input (the shape of ``ScoringYear``): the cluster
    from the pledge's issuer and year, one member per signing unit (the signer as its
    leader), the khối trưởng and khối phó from their roles, and ``criteria`` if given.
    Results are entered later, so this is not yet a complete year."""
    codes = _codes(pledge.members)
    head = next((c for c, m in zip(codes, pledge.members, strict=True)
                 if _role(m, "trưởng")), codes[0])
    deputy = next((c for c, m in zip(codes, pledge.members, strict=True)
                   if _role(m, "phó")), None)
    cluster: dict[str, Any] = {"name": pledge.issuer.name, "place": pledge.issuer.place,
                               "year": pledge.year, "head": head}
    if pledge.issuer.parent:
        cluster["parent"] = pledge.issuer.parent
    if deputy:
        cluster["deputy"] = deputy
    return {
        "cluster": cluster,
        "members": [{"code": code, "name": m.unit,
                     "leader": {"title": m.signer.title, "name": m.signer.name}}
                    for code, m in zip(codes, pledge.members, strict=True)],
        "criteria": list(criteria or []),
        "results": {},
    }
