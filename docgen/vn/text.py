"""Vietnamese text as data: NFC normalisation, cleaning, control-character checks, upper case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: Invisible characters that reorder or hide text: refused in input (they can disguise a
#: name in a signed paper).
_BIDI_AND_INVISIBLE = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
                       0x2069, 0xFEFF, 0x200B, 0x200E, 0x200F}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def control_chars(s: str, *, multiline: bool = False) -> list[str]:
    """``U+XXXX`` codes of forbidden characters in ``s`` (controls, surrogates, bidi)."""
    allowed = {"\n", "\r", "\t"} if multiline else {"\t"}
    found = []
    for ch in s:
        cat = unicodedata.category(ch)
        if ch in allowed:
            continue
        if cat in ("Cc", "Cs") or ord(ch) in _BIDI_AND_INVISIBLE:
            found.append(f"U+{ord(ch):04X}")
    return found


def clean(s: str, *, multiline: bool = False) -> str:
    """NFC, trimmed, runs of spaces collapsed; line breaks kept only when ``multiline``."""
    s = nfc(s).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        return _SPACES.sub(" ", s.replace("\n", " ")).strip()
    lines = [_SPACES.sub(" ", line).strip() for line in s.split("\n")]
    return "\n".join(lines).strip()


def upper(s: str) -> str:
    """Upper case that keeps diacritics: ``tỉnh Bình Định`` -> ``TỈNH BÌNH ĐỊNH``."""
    return nfc(nfc(s).upper())


def capitalize_first(s: str) -> str:
    """Upper-case the first letter only (``đã có`` -> ``Đã có``)."""
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
    return s
