"""Vietnamese text as data: NFC normalisation, cleaning, control-character checks, upper case,
and the two places its marks are taken off: ASCII file names (``docgen.vn.files``) and the
search key (``search_key``), both through ``strip_marks``.

Every string that reaches a document passes through here first (docs/format-rules.md, "Text"): input is
normalised to NFC so that ``ệ`` typed on a Mac (decomposed) and on Windows (precomposed) are
the same string, compare equal and are drawn with the same glyph.
"""

from __future__ import annotations

import re
import unicodedata

#: Horizontal white space inside a line: space, tab, and the Unicode space separators that
#: arrive when text is pasted from Word or a web page (no-break space, thin space, ...).
#: They are all read as one ordinary space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

#: Line breaks other than LF that reach us from Windows (CRLF), old Mac files (CR) and
#: Unicode-aware editors (line and paragraph separators). All become LF.
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")

#: The one invisible format character allowed (see :func:`control_chars`).
SOFT_HYPHEN = "\u00ad"


def nfc(s: str) -> str:
    """Unicode NFC (composed) form of ``s``."""
    return unicodedata.normalize("NFC", s)


def control_chars(s: str, *, multiline: bool = False) -> list[str]:
    """``U+XXXX`` codes of the forbidden characters in ``s``, in order of appearance.

    Forbidden: every control character (category Cc, NUL included), lone surrogates (Cs)
    and every invisible format character (category Cf): the bidi embeddings, overrides,
    isolates and marks, the zero-width space, joiners and non-joiners, the word joiner
    U+2060, the byte-order mark and the tag characters U+E0000-U+E007F. The soft hyphen is
    the one exception: Word leaves it in pasted text as a hyphenation hint, and it shows
    only as a hyphen at a line break.
    Vietnamese needs none of them (its letters are precomposed after NFC), and each can
    make a name or an amount in a signed paper read differently from what is stored, or
    smuggle hidden text. Checked on the NFC form, the one that reaches the paper.

    Allowed controls: LF always, and CR when it is part of a CRLF pair, because :func:`clean`
    turns a line break into a space in one-line text (a name pasted from an Excel cell often
    ends with one). With ``multiline`` a lone CR and TAB are allowed too (body text pasted
    from a word processor).
    """
    found: list[str] = []
    s = nfc(s)
    for i, ch in enumerate(s):
        code = ord(ch)
        if ch == "\n":
            pass
        elif multiline and ch in "\t\r":
            pass
        elif ch == "\r" and s[i + 1 : i + 2] == "\n":
            pass
        elif ch == SOFT_HYPHEN:
            pass
        elif unicodedata.category(ch) in ("Cc", "Cs", "Cf"):
            found.append(f"U+{code:04X}")
    return found


def clean(s: str, *, multiline: bool = False) -> str:
    """Tidy user input: NFC, line breaks as LF, runs of spaces and tabs as one space, trimmed.

    One-line text (the default) has its line breaks turned into spaces. Multi-line text
    keeps its lines, each trimmed (indentation means nothing in an official paper), and
    loses blank lines at the start and the end; blank lines between paragraphs are kept.
    Never raises on a ``str``, whatever it contains: refusing bad characters is the job of
    :func:`control_chars`.
    """
    s = _LINE_BREAKS.sub("\n", nfc(s))
    if not multiline:
        return _SPACES.sub(" ", s.replace("\n", " ")).strip()
    lines = [_SPACES.sub(" ", line).strip() for line in s.split("\n")]
    return "\n".join(lines).strip()


def shorten(s: str, limit: int) -> str:
    """``s`` cut to at most ``limit`` characters between words, with ``…`` when cut."""
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def upper(s: str) -> str:
    """Upper case that keeps diacritics: ``tỉnh Bình Định`` -> ``TỈNH BÌNH ĐỊNH`` (NFC)."""
    # NFC before and after: str.upper() maps letter by letter, and some combining sequences
    # only become one precomposed capital again after normalising the result.
    return nfc(nfc(s).upper())


def capitalize_first(s: str) -> str:
    """Upper-case the first letter only; the rest is left as it is (in NFC).

    Leading quotes, brackets, digits and spaces are skipped: ``“đoàn kết”`` -> ``“Đoàn kết”``.
    """
    s = nfc(s)
    for i, ch in enumerate(s):
        if ch.isalpha():
            return nfc(s[:i] + ch.upper() + s[i + 1 :])
    return s


def name_key(s: str) -> str:
    """A person's name as two spellings of it compare: NFC, case folded, spaces collapsed
    (``NGUYỄN  Văn Hùng`` typed decomposed and ``Nguyễn Văn Hùng`` are one name)."""
    return " ".join(nfc(s).casefold().split())


def same_name(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name the same person (see :func:`name_key`)."""
    return name_key(a) == name_key(b)


#: Letters that carry no combining mark in Unicode, so NFKD cannot fold them; they occur
#: in foreign names and words.
_FOLD = str.maketrans({
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o",
    "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th",
})


def strip_marks(s: str) -> str:
    """``s`` without its diacritics (``Đặng Văn Sơn`` -> ``Dang Van Son``), compatibility
    forms folded (full-width letters, ligatures such as ``ﬁ``); characters of other
    scripts are kept. Never for the text of a paper: for file names and search keys."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s.translate(_FOLD))
                   if not unicodedata.combining(ch))


def search_key(s: str) -> str:
    """``s`` as the registry's search compares it: NFC, case folded, without diacritics
    (đ as d), every run of white space one space. ``HƯNG YÊN``, ``hưng yên`` and
    ``hung yen`` have one key, so a clerk finds a paper however they type."""
    return " ".join(strip_marks(nfc(s).casefold()).split())
