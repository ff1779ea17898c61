"""Sorting Vietnamese personal names the Vietnamese way (docs/format-rules.md, "Vietnamese text").

A Vietnamese name is written family name, middle names, given name (``Nguyễn Văn Bình``),
and lists are ordered the way people are called: by the given name (the last word), then
the middle names from left to right, then the family name (the first word). People with
the same given name therefore stay together, and a name without a middle name comes before
the same given name with one.

Each word compares like ICU's ``vi`` collation:

1. letters, in the Vietnamese alphabet ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
   ư v x y``, with the foreign letters f, j, w, z at their Latin places (``f`` after ``ê``,
   ``j`` after ``i``, ``w`` after ``v``, ``z`` after ``y``); upper and lower case alike;
2. only when all letters are equal, the tone of the syllable, in the order none < huyền (à)
   < hỏi (ả) < ngã (ã) < sắc (á) < nặng (ạ). Where the mark sits does not matter, so the
   old and the new tone placement (``Hòa``, ``Hoà``) compare equal; here this differs from
   ICU, which compares marks by position;
3. only when the whole name is otherwise equal, case, lower before upper.

So ``Anh < Ánh < Anha``: a tone never outranks a letter. Other characters: space and
punctuation sort before digits, digits before letters, letters of other scripts after the
Vietnamese alphabet. Input may be NFC or NFD.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")

#: Base letters in collation order; f, j, w, z are foreign but occur in names
#: (``Phạm Thị Kim Jun``, ethnic-minority and foreign names).
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_ORDER = {ch: i for i, ch in enumerate(ALPHABET)}

#: Combining marks of the five tones, in collation order (no tone = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

#: Combining marks that make a letter of its own in Vietnamese (ă â ê ô ơ ư), not a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

# Classes of a primary weight: the first element of each letter's weight, so that every
# character has a place and no two classes mix.
_PUNCT, _DIGIT, _LETTER, _OTHER = range(4)

WordKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _clusters(word: str) -> list[str]:
    """The word in NFD, cut into a base character and the combining marks that follow it."""
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _weights(cluster: str) -> tuple[tuple[int, int], int, int]:
    """(primary, tone, case) of one base character with its combining marks."""
    base, marks = cluster[0], cluster[1:]
    lower = base.lower()
    case = 1 if lower != base else 0
    base = lower[0] if lower else base
    tone = 0
    for mark in marks:
        if (base, mark) in _LETTER_MARKS:
            base = _LETTER_MARKS[(base, mark)]
        elif mark in _TONES:
            tone = _TONES[mark]
        # Any other mark (ü, ç in foreign names) is ignored: ü sorts as u.
    if base in _ORDER:
        primary = (_LETTER, _ORDER[base])
    elif base.isdigit():
        primary = (_DIGIT, ord(base))
    elif base.isalpha():
        primary = (_OTHER, ord(base))
    else:
        primary = (_PUNCT, ord(base))
    return primary, tone, case


def word_key(word: str) -> WordKey:
    """Collation key of one word: all its letters first, then its tones, then its case."""
    weights = [_weights(c) for c in _clusters(word)]
    return (
        tuple(w[0] for w in weights),
        # The tone belongs to the syllable, not to a letter: only the tones themselves are
        # compared, not where they sit, so the old and new placements ("Hòa", "Hoà") are
        # equal and "Hòa" (huyền) comes before "Hoá" (sắc).
        tuple(w[1] for w in weights if w[1]),
        tuple(w[2] for w in weights),
    )


#: Sort key of a full name: (given, middles, family, case of every word), where a word
#: counts by its (letters, tone) only.
NameKey = tuple[
    tuple[object, ...], tuple[tuple[object, ...], ...], tuple[object, ...], tuple[object, ...]
]


def sort_key(full_name: str) -> NameKey:
    """Collation key of a full name: given name, then middle names, then family name.

    Each word counts by its letters and then its tone; case is compared last of all, over
    the whole name, so ``lê văn an`` and ``LÊ VĂN AN`` stay next to each other. A one-word
    name is a given name only. An empty name sorts first.
    """
    words = full_name.split()
    if not words:
        return ((), (), (), ())
    keys = [word_key(w) for w in words]
    given, middles, family = keys[-1], keys[1:-1], keys[0] if len(keys) > 1 else None
    ordered = [given, *middles] + ([family] if family is not None else [])
    return (
        given[:2],
        tuple(k[:2] for k in middles),
        family[:2] if family is not None else (),
        tuple(k[2] for k in ordered),
    )


def sort_names(names: Iterable[str]) -> list[str]:
    """Names in Vietnamese order; equal names keep their input order (stable)."""
    return sorted(names, key=sort_key)


def sorted_by_name(items: Iterable[T], key: Callable[[T], str] = attrgetter("name")) -> list[T]:
    """Items in Vietnamese order of ``key(item)`` (by default the item's ``name``); stable."""
    return sorted(items, key=lambda item: sort_key(key(item)))

