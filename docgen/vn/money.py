"""Money in figures (``1.410.000 đồng``) and in words (``Một triệu bốn trăm mười nghìn
đồng``), and the rounding rule of reward money (up to the next 10,000 đồng).

Reading rules (DOMAIN.md §8): ``nghìn`` not ``ngàn``; ``linh`` for a zero tens digit
(``một trăm linh năm``); ``mốt`` for 1 after ``mươi`` (``hai mươi mốt``) but ``một`` after
``mười``; ``lăm`` for 5 after ``mười``/``mươi``; ``bốn`` (not ``tư``) after ``mươi``; a
non-leading group is read in full (``hai nghìn không trăm hai mươi ba``); an all-zero group
is skipped (``một triệu không trăm linh năm``).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
#: Group names for 10^3, 10^6, 10^9.
GROUPS = ("", "nghìn", "triệu", "tỷ")
MAX = 999_999_999_999


def format_number(n: int) -> str:
    """``1410000`` -> ``1.410.000`` (dot as thousands separator)."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def format_money(n: int) -> str:
    return f"{format_number(n)} đồng"


def _group_words(n: int, *, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full`` reads the hundreds even when zero (``không trăm``)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def number_words(n: int) -> str:
    """Lower-case Vietnamese words of ``0 <= n <= 999_999_999_999``."""
    if not 0 <= n <= MAX:
        raise ValueError(f"number out of range 0..{MAX}: {n}")
    if n == 0:
        return DIGITS[0]
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    leading = True
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            continue
        words += _group_words(g, full=not leading)
        if GROUPS[index]:
            words.append(GROUPS[index])
        leading = False
    return " ".join(words)


def money_words(n: int) -> str:
    """``Một triệu bốn trăm mười nghìn đồng`` (capital first letter)."""
    text = number_words(n)
    return f"{text[0].upper()}{text[1:]} đồng"


def money_phrase(n: int) -> str:
    """``1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng)``."""
    return f"{format_money(n)} ({money_words(n)})"


def round_up(amount: Decimal | int | float | str, step: int = 10_000) -> int:
    """Round up to the next multiple of ``step`` (exact, through Decimal)."""
    value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    units = (value / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units * step)
