"""Money in figures (``1.410.000 đồng``) and in words (``Một triệu bốn trăm mười nghìn
đồng``), and the rounding rule of reward money (up to the next 10,000 đồng).

Reading rules (docs/format-rules.md, "Vietnamese text"), the ones used by banks and the State Treasury:

- ``nghìn``, never ``ngàn``; ``tỷ`` for 10^9; ``không`` for 0.
- ``linh`` for a zero tens digit: 105 ``một trăm linh năm``.
- ``mốt`` for 1 after ``mươi`` (21 ``hai mươi mốt``) but ``một`` after ``mười``
  (11 ``mười một``).
- ``lăm`` for 5 after ``mười``/``mươi`` (15 ``mười lăm``, 25 ``hai mươi lăm``) but ``năm``
  elsewhere (5 ``năm``, 105 ``một trăm linh năm``).
- ``bốn``, not ``tư``, after ``mươi`` (24 ``hai mươi bốn``): both are correct, ``bốn``
  is the one a reader cannot mistake.
- Groups of three digits. An all-zero group is skipped with its unit (1,000,005 has no
  ``không nghìn``); every non-leading group that is not zero is read in full, hundreds
  included: 2,023 ``hai nghìn không trăm hai mươi ba``, 1,000,005 ``một triệu không trăm
  linh năm``, 1,005,000 ``một triệu không trăm linh năm nghìn``.
"""

from __future__ import annotations

import operator
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
#: Names of the groups of three digits: units, 10^3, 10^6, 10^9.
GROUPS = ("", "nghìn", "triệu", "tỷ")
#: Largest number read in words (999 tỷ ...): more than any reward or budget line.
MAX = 999_999_999_999


def _as_int(n: int) -> int:
    """``n`` as an int; a float, a Decimal or a bool is a caller's bug, not a number to guess."""
    if isinstance(n, bool):
        raise TypeError("expected an int, got bool")
    return operator.index(n)


def format_number(n: int) -> str:
    """``1410000`` -> ``1.410.000`` (dot as the thousands separator)."""
    n = _as_int(n)
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def format_decimal(value: Decimal, places: int = 2) -> str:
    """A decimal the Vietnamese way, rounded half up to ``places`` and without trailing
    zeros: ``Decimal("28.50")`` -> ``28,5``, ``1234.567`` -> ``1.234,57``, ``-5`` -> ``-5``
    (comma before the decimals, dot between thousands)."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    frac = frac.rstrip("0")
    return sign + format_number(int(whole)) + (f",{frac}" if frac else "")


def format_money(n: int) -> str:
    """``1410000`` -> ``1.410.000 đồng``."""
    return f"{format_number(n)} đồng"


def _group_words(n: int, *, full: bool) -> list[str]:
    """Words of one group ``0 < n < 1000``; ``full`` reads zero hundreds (``không trăm``)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:  # a zero tens digit after the hundreds is read "linh"
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
    """Lower-case Vietnamese words of ``0 <= n <= 999_999_999_999``.

    Raises ValueError outside that range and TypeError for anything but an int.
    """
    n = _as_int(n)
    if not 0 <= n <= MAX:
        raise ValueError(f"number out of range 0..{MAX}: {n}")
    if n == 0:
        return DIGITS[0]
    groups: list[int] = []  # least significant first
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            continue
        # Only the leading group may drop its zero hundreds ("hai mươi nghìn", but
        # "một nghìn không trăm hai mươi").
        words += _group_words(g, full=bool(words))
        if GROUPS[index]:
            words.append(GROUPS[index])
    return " ".join(words)


def money_words(n: int) -> str:
    """``Một triệu bốn trăm mười nghìn đồng`` (capital first letter, then ``đồng``)."""
    text = number_words(n)
    return f"{text[0].upper()}{text[1:]} đồng"


def money_phrase(n: int) -> str:
    """``1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng)``: figures, then words."""
    return f"{format_money(n)} ({money_words(n)})"


def round_up(amount: Decimal | int | float | str, step: int = 10_000) -> int:
    """Round up (towards +infinity) to a multiple of ``step``: 702,000 -> 710,000.

    Reward money is coefficient × base salary rounded up to the next 10,000 đồng (Decree
    98/2023, Art. 53). The arithmetic is Decimal so that ``Decimal("0.3") * 2_340_000`` is
    exactly 702,000; a float is read through its shortest repr (``0.3 * 2340000`` gives
    702000.0), never through its binary value. An exact multiple stays as it is.
    """
    step = _as_int(step)
    if step <= 0:
        raise ValueError(f"step must be positive: {step}")
    if isinstance(amount, bool):
        raise TypeError("expected an amount, got bool")
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        raise ValueError(f"not a number: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {amount!r}")
    # ceil(x / step) == ceil(ceil(x) / step) for a whole step: after the first ceiling the
    # rest is integer arithmetic, exact for any size (Decimal division would round at the
    # context's 28 digits).
    whole = int(value.to_integral_value(rounding=ROUND_CEILING))
    return -(-whole // step) * step
