"""Number-and-symbol lines (``Số: 02/CT-VKSTC``) and zero-padded counts (``06 cá nhân``)."""

from __future__ import annotations

BLANK_NUMBER = " " * 6


def pad2(n: int) -> str:
    """Numbers below 10 get a leading zero (Decree 30): 5 -> ``05``, 125 -> ``125``."""
    return f"{n:02d}"


def join_symbol(type_abbr: str | None, agency_symbol: str | None) -> str | None:
    """``QĐ`` + ``VKSHY`` -> ``QĐ-VKSHY`` (groups joined by ``-``, no spaces)."""
    parts = [p for p in (type_abbr, agency_symbol) if p]
    return "-".join(parts) if parts else None


def number_symbol(number: int | None, symbol: str | None) -> str:
    """``Số: 02/CT-VKSTC``; a draft without number: ``Số:      /CT-VKSTC``."""
    num = pad2(number) if number is not None else BLANK_NUMBER
    if not symbol:
        return f"Số: {num}" if number is not None else f"Số:{BLANK_NUMBER}"
    return f"Số: {num}/{symbol}" if number is not None else f"Số:{num}/{symbol}"


def count_phrase(n: int, noun: str) -> str:
    """``06 cá nhân``, ``12 tập thể``."""
    return f"{pad2(n)} {noun}".rstrip()
