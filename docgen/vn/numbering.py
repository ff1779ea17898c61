"""Number-and-symbol lines (``Số: 02/CT-VKSTC``) and zero-padded counts (``06 cá nhân``).

Decree 30, Appendix I: "Số" then a colon; numbers below 10 take a leading zero; a ``/``
between the number and the symbol; ``-`` between the groups of the symbol, with no spaces.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

#: Space left for the number on a draft: numbers are given only after signing, so a draft
#: is printed ``Số:      /QĐ-VKSTC`` and the records office writes the number in.
BLANK_NUMBER = " " * 6


def pad2(n: int) -> str:
    """Numbers below 10 get a leading zero (Decree 30): 5 -> ``05``, 10 -> ``10``, 125 -> ``125``."""
    if n < 0:
        raise ValueError(f"negative number: {n}")
    return f"{n:02d}"


def join_symbol(*groups: str | None) -> str | None:
    """``QĐ`` + ``VKSHY`` -> ``QĐ-VKSHY``: the groups of a symbol joined by ``-``.

    A paper with a type name: the type's abbreviation, then the agency's symbol (Decree 30,
    Appendix I, I.3.b); a công văn: the agency's symbol, then the drafting unit's
    (``VKSHY`` + ``VP`` -> ``VKSHY-VP``). Any group may be missing; with none, there is no
    symbol (``None``). Blank groups count as missing.
    """
    parts = [p.strip() for p in groups if p and p.strip()]
    return "-".join(parts) if parts else None


def number_ref(number: int | None, symbol: str | None) -> str:
    """A paper's number with its symbol, as cited anywhere: ``02/QĐ-VKSTC``.

    A draft (``number=None``) leaves the blank the records office writes the number in
    (``      /QĐ-VKSTC``); no symbol gives the number alone (``02``).
    """
    num = pad2(number) if number is not None else BLANK_NUMBER
    symbol = symbol.strip() if symbol else ""
    return f"{num}/{symbol}" if symbol else num


def number_symbol(number: int | None, symbol: str | None) -> str:
    """The number line of the header.

    ``number_symbol(2, "CT-VKSTC")`` -> ``Số: 02/CT-VKSTC``; a draft (``number=None``) ->
    ``Số:      /CT-VKSTC`` (six spaces in place of the number); no symbol -> ``Số: 02``.
    ``symbol`` is the whole symbol, already joined (see :func:`join_symbol`).
    """
    # The draft's blank replaces the space after the colon as well, exactly as a draft is
    # typed in Word: "Số:" + six spaces + "/".
    return ("Số: " if number is not None else "Số:") + number_ref(number, symbol)


def number_cited(number: int | None, symbol: str | None) -> str:
    """A paper cited in running text: ``số 15/QĐ-VKSHY``.

    On a draft the blank takes the place of the space after ``số`` as well, as in the number
    line (:func:`number_symbol`): ``số      /QĐ-VKSHY``. The number filled in later sits
    against the ``/``; a space kept before the blank would show as a wide gap
    (``số   01/QĐ-VKSHY``).
    """
    return ("số " if number is not None else "số") + number_ref(number, symbol)


def count_phrase(n: int, noun: str) -> str:
    """A count with its noun, zero-padded below 10: ``06 cá nhân``, ``12 tập thể``."""
    noun = noun.strip()
    return f"{pad2(n)} {noun}" if noun else pad2(n)


def percent_text(value: Decimal | Fraction | int, places: int = 2) -> str:
    """A percentage the Vietnamese way, decimal comma, no trailing zeros, a space before
    the sign: ``85,71 %``, ``100 %``, ``12,5 %`` (rounded half up to ``places``)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(
        value, Fraction) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


ROMAN_NUMERALS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                  (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """The Roman numeral that numbers the parts of a paper: 1 -> ``I``, 14 -> ``XIV``."""
    if not 1 <= n <= 3999:
        raise ValueError(f"out of range 1..3999: {n}")
    out = []
    for value, letters in ROMAN_NUMERALS:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)
