"""Safe file names: an ASCII slug for file systems and old clients, the readable UTF-8
name in ``Content-Disposition: filename*=`` (RFC 6266 / RFC 5987)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_fold(s: str) -> str:
    """Strip diacritics (``đ`` -> ``d``): for file names only, never for document text."""
    s = s.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode(
        "ascii", "ignore").decode("ascii")


def slugify(s: str, max_len: int = 80) -> str:
    """``Quyết định 15 QĐ-VKSHY`` -> ``quyet-dinh-15-qd-vkshy`` (never empty)."""
    slug = _NON_ALNUM.sub("-", ascii_fold(s).lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    return slug or "tai-lieu"


def content_disposition(filename: str, *, ascii_name: str | None = None,
                        inline: bool = False) -> str:
    """Header value with an ASCII fallback and the UTF-8 name.

    ``ascii_name`` overrides the fallback (otherwise the slug of the stem + extension).
    """
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    fallback = ascii_name or (slugify(stem) + (f".{slugify(ext)}" if ext else ""))
    fallback = fallback.replace('"', "").replace("\\", "")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
