"""Safe file names: an ASCII slug for file systems and old clients, and the readable UTF-8
name in ``Content-Disposition: filename*=`` (RFC 6266, RFC 5987).

Diacritics are stripped for file names here (and for search keys, never shown, by
``docgen.vn.text.search_key``; docs/format-rules.md, "Vietnamese text"): a file name must survive
every archive tool, e-mail client and Windows share, the document text must not lose a
single mark.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from docgen.vn.text import nfc, strip_marks

#: What a slug is made of; anything else becomes a hyphen.
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
#: A file extension kept as it is in the ASCII fallback name.
_SAFE_EXT = re.compile(r"[A-Za-z0-9]{1,16}")
#: Slug of a name that has no ASCII letter or digit at all.
FALLBACK_SLUG = "tai-lieu"

def ascii_fold(s: str, replacement: str = "") -> str:
    """Strip diacritics: ``Đặng Văn Sơn`` -> ``Dang Van Son``. For file names only.

    Compatibility forms fold too (full-width letters, ligatures such as ``ﬁ``). A character
    with no ASCII form is replaced by ``replacement`` (dropped by default).
    """
    return "".join(ch if ch.isascii() else replacement for ch in strip_marks(s))


def slugify(s: str, max_len: int = 80) -> str:
    """``Quyết định 15 QĐ-VKSHY`` -> ``quyet-dinh-15-qd-vkshy``.

    Lower-case ASCII letters and digits joined by single hyphens, none at either end, at
    most ``max_len`` characters, never empty (``tai-lieu`` when nothing is left).
    """
    if max_len < 1:
        raise ValueError(f"max_len must be positive: {max_len}")
    # Characters without an ASCII form (dashes, quotes, other scripts) separate words
    # instead of gluing them together: "Quyết định–15" -> "quyet-dinh-15".
    slug = _NON_ALNUM.sub("-", ascii_fold(s, " ").lower()).strip("-")
    slug = slug[:max_len].rstrip("-")
    return slug or FALLBACK_SLUG[:max_len].rstrip("-")


def _split_ext(filename: str) -> tuple[str, str]:
    """(stem, extension without the dot); a leading dot does not start an extension."""
    stem, dot, ext = filename.rpartition(".")
    if not dot or not stem:
        return filename, ""
    return stem, ext


def _ascii_fallback(filename: str) -> str:
    stem, ext = _split_ext(filename)
    if not ext:
        return slugify(stem)
    ext = ext if _SAFE_EXT.fullmatch(ext) else slugify(ext, 16)
    return f"{slugify(stem)}.{ext}"


def _sanitize_ascii(name: str) -> str:
    """A caller's ASCII name made safe inside a quoted-string: printable ASCII only, without
    ``"`` and ``\\`` (they would end or escape the string) nor ``%`` (some browsers decode
    it) nor ``/`` (a path)."""
    folded = ascii_fold(name)
    return "".join(ch for ch in folded if " " <= ch <= "~" and ch not in '"\\%/').strip()


def content_disposition(
    filename: str, *, ascii_name: str | None = None, inline: bool = False
) -> str:
    """The value of a ``Content-Disposition`` header with both names.

    ``attachment; filename="quyet-dinh-15-qd-vkshy.pdf"; filename*=UTF-8''Quy%E1%BA%BFt...``

    ``filename=`` is the ASCII fallback for old clients: ``ascii_name`` when given (made
    safe), otherwise the slug of the stem plus the original extension. ``filename*=`` is the
    readable NFC name, percent-encoded as RFC 5987 asks. ``inline`` asks the browser to
    show the file instead of saving it. The value never contains a line break or a raw
    non-ASCII character, whatever the input.
    """
    filename = nfc(filename).strip() or FALLBACK_SLUG
    fallback = _sanitize_ascii(ascii_name) if ascii_name else ""
    fallback = fallback or _ascii_fallback(filename)
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='', errors='replace')}"
